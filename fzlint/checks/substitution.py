"""``substitution``: wrong form → right form, with context conditions (Vale's substitution).

Each entry of ``swap`` names a wrong form (a literal ``wrong`` or a regex ``pattern``)
and the ``right`` form (``\\1``/``\\g<name>`` allowed with ``pattern``).  Matching is
line by line.  A candidate is dropped, cheapest test first, when

* it lies inside a match of one of the rule's ``exceptions`` (the whitelist) on its line;
* ``skip_titles`` is set and it lies inside a 《…》 title (titles are checked by FZ405);
* the entry has ``since``/``until`` and the report year is known and outside them;
* the entry's ``context`` regex does not match (or ``not_context`` does) elsewhere in
  the ``context_scope`` (sentence | line | section | document) — the candidate's own
  span is masked, so ``context: 亲自督办`` means *another* clause.

Of the overlapping candidates left, the earliest, then the longest, is kept; a kept one is
still dropped when

* ``segment`` is ``unit`` and the segmenter says the match (or its first
  ``segment_head`` characters) is split by a word boundary or buried inside a word:
  ``依法制定`` is 依法/制定 and ``司法制度`` one word, so neither holds the unit
  ``法制``; 推进/法制建设 and 民主法制/示范村 do.  Only a small window around a
  surviving candidate is segmented, so the segmenter is loaded only when a rule with
  ``segment`` has a candidate at all.

``fix`` is ``safe`` (``--fix`` applies it), ``unsafe`` (only with ``--unsafe-fixes``) or
``none`` (a suggestion only).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..diagnostic import Diagnostic, Edit, Fix
from ..infra import rx
from ..packs.schema import F, ListOf, OneOf, Schema, param, params
from .base import (
    Context,
    check_template,
    clip,
    compile_pattern,
)
from .contract import Check
from .prefilter import Prefilter
from .textutil import Spans, sentence_around, title_spans

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "substitution"
SCOPES = ("sentence", "line", "section", "document")
ENTRY = Schema(
    {
        "wrong": F(str, default=None, doc="the wrong form, literally"),
        "pattern": F(str, default=None, doc="or a regex for the wrong form"),
        "right": F(str, required=True, doc="the right form (\\1 allowed with pattern)"),
        "context": F(str, default=None, doc="regex that must match elsewhere in context_scope"),
        "not_context": F(str, default=None, doc="regex that must not match elsewhere in context_scope"),
        "context_scope": F(OneOf(SCOPES), default="sentence"),
        "since": F(int, default=None, doc="report only for report years >= since (unknown year: report)"),
        "until": F(int, default=None, doc="report only for report years <= until"),
        "note": F(str, default="", doc="why; available as {note}"),
    }
)


@params
class Params:
    swap: list[dict[str, Any]] = param(ListOf(ENTRY), required=True)
    exceptions: list[str] = param(ListOf(str, allow_single=True), default=[])
    segment: str = param(OneOf(("none", "unit")), default="none")
    segment_head: int = param(int, default=0, doc="with segment: unit, only the first N characters must be a unit")
    skip_titles: bool = param(bool, default=False)
    fix: str = param(OneOf(("safe", "unsafe", "none")), default="unsafe")
    suggestion: str = param(str, default="改为“{right}”")


PLACEHOLDERS = frozenset({"match", "right", "note"})


@dataclass(frozen=True)
class Entry:
    """One wrong form and what to write instead, with the context it needs and the report years it applies to."""

    regex: re.Pattern[str]
    wrong: str | None  # the literal wrong form, None for a pattern entry
    right: str
    context: re.Pattern[str] | None
    not_context: re.Pattern[str] | None
    context_scope: str
    since: int | None
    until: int | None
    note: str


@dataclass(frozen=True)
class State:
    """The prepared rule: one alternation of the literal wrong forms, the pattern entries and the prefilter
    that picks the lines worth trying."""

    literals: re.Pattern[str] | None
    by_literal: dict[str, Entry]
    patterns: tuple[Entry, ...]
    exceptions: tuple[re.Pattern[str], ...]
    required: tuple[frozenset[str] | None, ...] = ()  # per pattern entry: rx.required
    #: the lines worth looking at and the entries that can match there: "pattern" 0 is the
    #: alternation of the literal wrong forms, k + 1 the pattern entry k
    prefilter: Prefilter | None = None
    runners: tuple[re.Pattern[str], ...] = ()  # what is run for each pattern entry: the same matches (rx.guarded)


def validate(rule: Rule[Params]) -> None:
    o = rule.params
    for i, e in enumerate(o.swap, 1):
        if (e["wrong"] is None) == (e["pattern"] is None):
            raise ValueError(f"swap 第 {i} 项需要 wrong 或 pattern 之一（不能都写）")
        if e["wrong"] is not None and e["wrong"] == e["right"]:
            raise ValueError(f"swap 第 {i} 项的 wrong 与 right 相同：{e['wrong']}")
    check_template(o.suggestion, PLACEHOLDERS, "suggestion")
    for entry in prepare(rule).patterns:  # a bad group reference in `right` fails at load time
        for m in re.finditer(r"\\(\d+)|\\g<(\w+)>", entry.right):
            num, name = m.group(1) or "", m.group(2) or ""
            bad = (num and int(num) > entry.regex.groups) or (name.isdigit() and int(name) > entry.regex.groups) or (
                name and not name.isdigit() and name not in entry.regex.groupindex
            )
            if bad:
                raise ValueError(f"right 中的分组引用 {m.group(0)} 在 pattern 中不存在：{entry.regex.pattern!r}")


def _entry(e: dict[str, Any]) -> Entry:
    wrong = e["wrong"]
    regex = rx.compile(re.escape(wrong)) if wrong is not None else compile_pattern(e["pattern"])
    return Entry(
        regex,
        wrong,
        e["right"],
        compile_pattern(e["context"]) if e["context"] else None,
        compile_pattern(e["not_context"]) if e["not_context"] else None,
        e["context_scope"],
        e["since"],
        e["until"],
        e["note"],
    )


def prepare(rule: Rule[Params]) -> State:
    o = rule.params
    entries = [_entry(e) for e in o.swap]
    by_literal: dict[str, Entry] = {}
    for e in entries:
        if e.wrong is not None:
            by_literal.setdefault(e.wrong, e)
    literals = (
        rx.compile("|".join(re.escape(w) for w in sorted(by_literal, key=len, reverse=True))) if by_literal else None
    )
    patterns = tuple(e for e in entries if e.wrong is None)
    required = tuple(rx.required(e.regex) for e in patterns)
    return State(
        literals,
        by_literal,
        patterns,
        tuple(compile_pattern(p) for p in o.exceptions),
        required,
        # no wrong form: "pattern" 0 never matches (an empty set of literals admits no line)
        Prefilter.of([frozenset(by_literal), *required]),
        tuple(rx.guarded(e.regex) for e in patterns),
    )


def _candidates(content: str, state: State, ks: tuple[int, ...]) -> list[tuple[re.Match[str], Entry]]:
    """The matches of the literal wrong forms (k = 0), then of each pattern entry k - 1 in ``ks``."""
    found: list[tuple[re.Match[str], Entry]] = []
    for k in ks:
        if k == 0:
            if state.literals is not None:
                found += [(m, state.by_literal[m.group(0)]) for m in state.literals.finditer(content)]
        else:
            entry = state.patterns[k - 1]
            found += [(m, entry) for m in state.runners[k - 1].finditer(content) if m.end() > m.start()]
    return found


def _non_overlapping(found: list[tuple[re.Match[str], Entry]]) -> list[tuple[re.Match[str], Entry]]:
    """Earliest first, then longest; a candidate overlapping a kept one is dropped."""
    out: list[tuple[re.Match[str], Entry]] = []
    last_end = -1
    for m, entry in sorted(found, key=lambda c: (c[0].start(), -c[0].end())):
        if m.start() >= last_end:
            out.append((m, entry))
            last_end = m.end()
    return out


def _context_range(doc: Document, entry: Entry, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    if entry.context_scope == "sentence":
        return sentence_around(doc.text, start, end, lo, hi)
    if entry.context_scope == "line":
        return lo, hi
    if entry.context_scope == "section":
        h = doc.top_heading_at(start)
        return (h.start, h.end) if h else (doc.body_start, doc.body_end)
    return 0, len(doc.text)


def _found_elsewhere(pat: re.Pattern[str], text: str, a: int, b: int, start: int, end: int) -> bool:
    return any(not (m.start() < end and start < m.end()) for m in pat.finditer(text, a, b))


def _year_ok(entry: Entry, year: int | None) -> bool:
    if year is None:
        return True
    return (entry.since is None or year >= entry.since) and (entry.until is None or year <= entry.until)


def _keep(doc: Document, entry: Entry, m: re.Match[str], base: int, line_end: int, year: int | None) -> bool:
    if not _year_ok(entry, year):
        return False
    if entry.context or entry.not_context:
        s, e = base + m.start(), base + m.end()
        a, b = _context_range(doc, entry, s, e, base, line_end)
        if entry.context and not _found_elsewhere(entry.context, doc.text, a, b, s, e):
            return False
        if entry.not_context and _found_elsewhere(entry.not_context, doc.text, a, b, s, e):
            return False
    return True


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    o = rule.params
    # A pattern entry is searched only in lines holding one of its required literals
    # (rx.required), the wrong forms only in lines holding one: the rule's prefilter finds
    # those lines without a test per line and entry.
    assert state.prefilter is not None  # set by prepare
    for ln, ks in state.prefilter.lines(ctx.analyses.lines, rule.scope):
        base = ln.content_start
        content = doc.text[base : ln.content_end]
        found = _candidates(content, state, ks)
        if not found:
            continue
        spans = [m.span() for ex in state.exceptions for m in ex.finditer(content)]
        if o.skip_titles:
            spans += title_spans(content)
        blocked = Spans(spans)
        found = [
            (m, entry)
            for m, entry in found
            if not blocked.covers(m.start(), m.end())
            and _keep(doc, entry, m, base, ln.content_end, ctx.year)
        ]
        for m, entry in _non_overlapping(found):
            s, e = m.span()
            if o.segment == "unit" and not _word_unit(content, s, e, o.segment_head):
                continue
            right = entry.right if entry.wrong is not None else rx.expand(m, entry.right)
            values = {"match": clip(m.group(0)), "right": right, "note": entry.note}
            suggestion = rule.format(o.suggestion, **values)
            fix = Fix((Edit(base + s, base + e, right),), o.fix == "safe", suggestion) if o.fix != "none" else None
            yield ctx.report(rule, base + s, base + e, rule.format(**values), suggestion=suggestion, fix=fix)


def _word_unit(content: str, s: int, e: int, head: int) -> bool:
    from ..analysis import segment

    return segment.is_word_unit(content, s, s + head if 0 < head < e - s else e)


CHECK: Check[State, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
