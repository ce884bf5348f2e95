"""Per-document analyses several rules share, as named values a check asks for.

``ctx.analyses`` (:class:`Analyses`) computes each value on first use, once per document,
and never changes the Document:

* ``coverage``: which sections (or paragraphs) cover each required part
  (:func:`fzlint.parse.parts.coverage` under the rule set's ``parts:``);
* ``vocab`` / ``numbers``: the number vocabulary of the packs and the document's number
  sentences and quantities (:func:`fzlint.analysis.sentences.analyze`);
* ``breakdowns``: every body sentence that splits a total into parts, with the sentence
  before it (the ``breakdown`` and ``restated`` checks read them);
* ``lines_reported_by(codes)``: the lines the rules ``codes`` report on (web boilerplate
  that ``--fix`` deletes whole, so other rules need not report what is on it).

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

BreakdownRow = tuple["Sentence", "Sentence | None", tuple["Breakdown", ...]]


class Analyses:
    def __init__(self, doc: Document, ruleset: RuleSet) -> None:
        self.doc = doc
        self.ruleset = ruleset
        #: the engine's run of one rule (its findings, computed once per document)
        self.run: Callable[[Rule], list[Diagnostic]] = lambda rule: []
        self._reported: dict[str, frozenset[int]] = {}

    @cached_property
    def coverage(self) -> dict[str, list[Cover]]:
        from ..parse.parts import coverage

        return coverage(self.doc, self.ruleset.parts)

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
        for para in self.numbers.paragraphs:
            for i, s in enumerate(para):
                prev = para[i - 1] if i else None
                found = tuple(find_breakdowns(s, prev, vocab))
                if found:
                    out.append((s, prev, found))
        return out

    def lines_reported_by(self, codes: Iterable[str]) -> set[int]:
        """The Document's line numbers on which the rules ``codes`` report.  A code not in
        the rule set is ignored; whether the rule is enabled is not asked (a line of web
        boilerplate is not report text whether or not the user lets FZ502 say so)."""
        out: set[int] = set()
        doc = self.doc
        for code in codes:
            if code not in self._reported:
                rule = self.ruleset.by_code.get(code)
                lines: set[int] = set()
                if rule is not None:
                    for d in self.run(rule):
                        # the Document's own lines (d.line is where the user finds it: another
                        # number when the reader joined lines, as for a hard-wrapped text)
                        first, last = doc.line_at(d.start).number, doc.line_at(max(d.end - 1, d.start)).number
                        lines.update(range(first, last + 1))
                self._reported[code] = frozenset(lines)
            out |= self._reported[code]
        return out
