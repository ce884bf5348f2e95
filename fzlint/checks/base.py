"""Helpers shared by check modules: the context a check runs in and how it reports.

A check module defines (and gathers in its ``CHECK``, :mod:`fzlint.checks.contract`)::

    NAME = "pattern"                 # the `check:` value in a pack
    @params class Params: ...        # its own rule fields (fzlint.packs.schema.params), each
                                     # declared with param(spec, …)
    PLACEHOLDERS = {"match", ...}    # names its message templates may use
    def validate(rule: Rule[Params]) -> None       # cheap load-time checks; raise ValueError
    def prepare(rule: Rule[Params]) -> State       # compile what the rule needs (run once, lazily)
    def check(doc, rule: Rule[Params], state, ctx) -> Iterable[Diagnostic]
                                     # reads rule.params.<field>, typed for mypy

A *corpus* check (one that compares documents, e.g. ``copy``) also defines::

    def fingerprint(doc, rule, state, ctx) -> data    # where the document is (maybe a
                                                      # worker process): small, picklable
    def check_corpus(docs: Sequence[CorpusDoc], rule, state) -> Iterable[tuple[int, Diagnostic]]

The runner calls ``check_corpus`` once per rule after every document of the run has
been linted, with the fingerprints of all of them (and of ``--previous`` reports);
it yields (index into ``docs``, diagnostic) and the runner merges the findings into
each file's results in position order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from ..diagnostic import Diagnostic, Edit, Fix
from ..infra import rx
from ..infra.patterns import compile_pattern as compile_pattern  # re-exported: checks compile pack regexes

if TYPE_CHECKING:
    from ..packs.loader import Rule, RuleSet
    from ..parse.document import Document, Line
    from ..parse.parts import Cover
    from .analyses import Analyses
    from .contract import Check

T = TypeVar("T")

@dataclass(frozen=True)
class CorpusDoc:
    """One document as a corpus check sees it: identity plus the check's fingerprint."""

    path: str
    issuer: str | None
    year: int | None
    unit: str  # "line" or "paragraph" (as Diagnostic.unit)
    previous: bool  # a report of an earlier year given with --previous: compared, never reported
    data: Any  # what the check's fingerprint() returned for this document


@dataclass
class Context:
    """What a check may know besides the document: the rule set and run settings."""

    doc: Document
    ruleset: RuleSet
    year: int | None = None  # report year after --year/config override
    options: dict[Hashable, Any] = field(default_factory=dict)  # per-document values shared by rules
    analyses: Analyses = field(kw_only=True)  # the shared per-document analyses (checks/analyses.py)
    #: the check registry (:data:`fzlint.checks.CHECKS`), given by the engine: a check
    #: module does not import the registry, which imports every check
    checks: Mapping[str, Check[Any, Any]] = field(kw_only=True)

    def shared(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, computed once per document and shared by every rule that asks with
        the same ``key`` (what several rules derive alike from the document)."""
        if key in self.options:
            return self.options[key]  # type: ignore[no-any-return]
        value = self.options[key] = make()
        return value

    def findings(self, rule: Rule) -> list[Diagnostic]:
        """``rule``'s findings on the document, run once: the engine's run of a rule, which
        it gives to :attr:`Analyses.run <fzlint.checks.analyses.Analyses.run>`.  A check does
        not call it: a rule that defers to others asks ``ctx.analyses.spans_of(codes)`` or
        ``lines_reported_by(codes)``."""
        return self.shared(("findings", rule.code),
                           lambda: list(self.checks[rule.check].check(self.doc, rule, self.ruleset.state(rule), self)))

    def report(
        self,
        rule: Rule,
        start: int,
        end: int,
        message: str | None = None,
        *,
        suggestion: str | None = None,
        fix: Fix | None = None,
        data: tuple[tuple[str, str], ...] = (),
        **values: Any,
    ) -> Diagnostic:
        doc = self.doc
        end = max(end, start)
        line, col = doc.location(start)
        end_line, end_col = doc.end_location(start, end)
        text = message if message is not None else rule.format(**values)
        return Diagnostic(
            code=rule.code,
            severity=rule.severity,
            message=text,
            start=start,
            end=end,
            line=line,
            column=col,
            end_line=end_line,
            end_column=end_col,
            path=doc.path,
            suggestion=suggestion,
            fix=fix,
            rule=rule.name,
            unit=doc.unit,
            data=data,
        )


def part_coverage(ctx: Context) -> dict[str, list[Cover]]:
    """``ctx.analyses.coverage`` (kept for checks written before :mod:`fzlint.checks.analyses`)."""
    return ctx.analyses.coverage


def can_match(patterns: Iterable[re.Pattern[str]], text: str) -> list[tuple[re.Pattern[str], frozenset[str] | None]]:
    """The patterns that can match somewhere in ``text``, each with its required literals
    (:func:`fzlint.infra.rx.required`): one of them must occur in any part of ``text`` (a line)
    the pattern matches in; see :func:`may_match`.  An exact prefilter, never a heuristic."""
    out = []
    for p in patterns:
        req = rx.required(p)
        if may_match(req, text):
            out.append((p, req))
    return out


def may_match(req: frozenset[str] | None, text: str) -> bool:
    """Whether one of the required literals ``req`` occurs in ``text`` (None: no prefilter).
    Called for every line and pattern: ``map`` over ``str.__contains__`` runs in C."""
    return req is None or any(map(text.__contains__, req))


def literal_alternation(words: list[str]) -> re.Pattern[str]:
    """One regex matching any of ``words``, longest first."""
    # Longest first; ties in a fixed order (a set's order varies between runs, and the
    # pattern is a cache key).  Equal-length words cannot both match at one position.
    return rx.compile("|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))))


def scoped_lines(doc: Document, scope: str) -> Iterator[Line]:
    """Non-blank lines that start inside the rule's scope."""
    for a, b in doc.scope_ranges(scope):
        yield from doc.paragraphs(a, b)


def any_literal(literals: Iterable[frozenset[str] | None]) -> re.Pattern[str] | None:
    """A regex matching any of the literals of all ``literals`` sets (for
    :func:`lines_holding`); None when one set is None (no prefilter: every line)."""
    words: set[str] = set()
    for req in literals:
        if req is None:
            return None
        words |= req
    return literal_alternation(sorted(words)) if words else rx.compile("(?!)")


def lines_holding(doc: Document, lines: Iterable[Line], finder: re.Pattern[str] | None) -> Iterator[Line]:
    """The lines of ``lines`` in whose content a match of ``finder`` starts; None: every line.

    ``finder`` matches literals (:func:`any_literal`, or a character class), so a line
    holding one is never left out: the leftmost match at or after the line's start is then
    inside it.  One search finds the next such line however many lines lie between,
    instead of one test per line and literal."""
    if finder is None:
        yield from lines
        return
    text = doc.text
    pos, nxt = 0, -1  # the leftmost match at or after pos starts at nxt
    for ln in lines:
        a = ln.content_start
        if not pos <= a <= nxt:
            m = finder.search(text, a)
            pos, nxt = a, m.start() if m else len(text)
        if nxt < ln.content_end:
            yield ln


def delete_line_edit(doc: Document, ln: Line) -> Edit:
    """Remove a whole line with its line terminator."""
    nxt = ln.number  # index of the next line in doc.lines
    if nxt < len(doc.lines):
        return Edit(ln.start, doc.lines[nxt].start, "")
    return Edit(ln.start, ln.end, "")  # last line: the previous line keeps its terminator


def check_template(template: str | None, allowed: frozenset[str] | set[str], what: str) -> None:
    """Raise ValueError when ``template`` uses a placeholder the check does not fill."""
    if not template:
        return
    import string

    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError as e:
        raise ValueError(f"{what} 模板格式错误：{e}（字面花括号请写成 {{{{ }}}}）") from None
    unknown = names - set(allowed)
    if unknown:
        opts = "、".join("{" + a + "}" for a in sorted(allowed)) or "（无）"
        raise ValueError(f"{what} 中的占位符 {{{sorted(unknown)[0]}}} 不可用，可用：{opts}")


def clip(text: str, n: int = 30) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
