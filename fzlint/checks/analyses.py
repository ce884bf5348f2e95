"""Per-document analyses several rules share, as named values a check asks for.

``ctx.analyses`` (:class:`Analyses`) computes each value on first use, once per document,
and never changes the Document:

* ``coverage``: which sections (or paragraphs) cover each required part
  (:func:`fzlint.parse.parts.coverage` under the rule set's ``parts:``);
* ``vocab`` / ``numbers``: the number vocabulary of the packs and the document's number
  sentences and quantities (:func:`fzlint.analysis.sentences.analyze`);
* ``breakdowns``: every body sentence that splits a total into parts, with the sentence
  before it (the ``breakdown`` and ``restated`` checks read them);
* ``lines_in_part(part)``: the non-blank lines whose start lies in a part
  (:meth:`~fzlint.parse.document.Document.in_part`), asked once per part instead of once
  per line and rule (the date and year checks skip the plans);
* ``spans_of(codes)``: the spans the rules ``codes`` report (a rule's ``defer_to``: what
  another rule owns, e.g. FZ404's near misses for FZ409 and FZ413);
* ``lines_reported_by(codes)``: the lines those spans are on (web boilerplate that ``--fix``
  deletes whole, so other rules need not report what is on it);
* ``lines``: the non-blank lines, each scope's lines, and the lines a regex of literals
  starts a match in (:class:`fzlint.checks.prefilter.Lines`, what the literal-driven checks
  ask instead of testing every line).

Deferring is one mechanism: a rule names the rules it defers to in its pack (``defer_to``),
and asks for their spans or lines here.  The engine gives :attr:`Analyses.run` (its own run of
a rule, once per document: the engine and every deferring rule share it), so a rule deferred
to runs once whether the engine or a deferring rule asks first, and no check runs another.

A check that needs another per-document value adds it here as a named property rather
than reading another rule's findings or importing another check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..analysis.numbers import Vocab
    from ..analysis.sentences import Analysis, Sentence
    from ..diagnostic import Diagnostic
    from ..packs.loader import Rule, RuleSet
    from ..parse.document import Document
    from ..parse.parts import Cover
    from .breakdown import Breakdown
    from .prefilter import Lines

BreakdownRow = tuple["Sentence", "Sentence | None", tuple["Breakdown", ...]]


class Analyses:
    def __init__(self, doc: Document, ruleset: RuleSet) -> None:
        self.doc = doc
        self.ruleset = ruleset
        #: the engine's run of one rule (its findings, computed once per document)
        self.run: Callable[[Rule], list[Diagnostic]] = lambda rule: []
        self._spans: dict[str, tuple[tuple[int, int], ...]] = {}
        self._reported: dict[str, frozenset[int]] = {}
        self._in_part: dict[str, frozenset[int]] = {}

    @cached_property
    def coverage(self) -> dict[str, list[Cover]]:
        from ..parse.parts import coverage

        return coverage(self.doc, self.ruleset.parts)

    @cached_property
    def lines(self) -> Lines:
        from .prefilter import Lines

        return Lines(self.doc)

    @cached_property
    def vocab(self) -> Vocab:
        from ..analysis.numbers import vocab_for

        return vocab_for(self.ruleset.settings)

    @cached_property
    def numbers(self) -> Analysis:
        from ..analysis.sentences import analyze

        return analyze(self.doc, self.vocab)

    @cached_property
    def breakdowns(self) -> list[BreakdownRow]:
        from .breakdown import find_breakdowns

        vocab = self.vocab
        out: list[BreakdownRow] = []
        cues = vocab.cue_pattern
        if cues is None:
            return out
        for para in self.numbers.paragraphs:
            for i, s in enumerate(para):
                if not cues.search(s.text):
                    continue  # find_breakdowns reads a sentence from its cues (其中, 包括…) only
                prev = para[i - 1] if i else None
                found = tuple(find_breakdowns(s, prev, vocab))
                if found:
                    out.append((s, prev, found))
        return out

    def lines_in_part(self, part: str) -> frozenset[int]:
        """Numbers of the non-blank lines whose start is in ``part`` (``doc.in_part(line.start, part)``)."""
        hit = self._in_part.get(part)
        if hit is None:
            doc = self.doc
            hit = self._in_part[part] = frozenset(ln.number for ln in doc.paragraphs() if doc.in_part(ln.start, part))
        return hit

    def _spans_of(self, code: str) -> tuple[tuple[int, int], ...]:
        if code not in self._spans:
            rule = self.ruleset.by_code.get(code)
            self._spans[code] = tuple((d.start, d.end) for d in self.run(rule)) if rule is not None else ()
        return self._spans[code]

    def spans_of(self, codes: Iterable[str]) -> list[tuple[int, int]]:
        """(start, end) of every finding of the rules ``codes``, rule by rule in the order
        given, each rule's in the order it reports them.  A code not in the rule set is
        ignored; whether the rule is enabled is not asked (a line of web boilerplate is not
        report text whether or not the user lets FZ502 say so)."""
        return [span for code in codes for span in self._spans_of(code)]

    def lines_reported_by(self, codes: Iterable[str]) -> set[int]:
        """The Document's line numbers on which the rules ``codes`` report (:meth:`spans_of`)."""
        out: set[int] = set()
        doc = self.doc
        for code in codes:
            if code not in self._reported:
                lines: set[int] = set()
                for start, end in self._spans_of(code):
                    # the Document's own lines (a Diagnostic's line is where the user finds it:
                    # another number when the reader joined lines, as for a hard-wrapped text)
                    first, last = doc.line_at(start).number, doc.line_at(max(end - 1, start)).number
                    lines.update(range(first, last + 1))
                self._reported[code] = frozenset(lines)
            out |= self._reported[code]
        return out
