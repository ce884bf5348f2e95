"""``ordinals``: the items of an enumeration written in running text (一是……二是……三是……,
首先……其次……再次……) skip or repeat an ordinal.

``series`` (pack data) lists the marker regexes, each with a named group ``n`` (a Chinese
numeral: 一是) or ``w`` (a word whose rank is its index in ``words``: 首先, 其次, 再次).
A marker counts only at the start of a clause (after a line start, a stop or a comma).
One enumeration runs within a paragraph and on across consecutive lines whose first marker
continues it (and across a line that is only a marker: a web page split ``一是`` from its
text); it ends at a heading, at a line without a marker, or when a marker restarts at one.
Linear: one pass over the lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..diagnostic import Diagnostic
from ..infra import rx
from ..packs.schema import F, ListOf, Schema, param, params
from ..parse.lexicon import numeral_to_int
from .base import Context, check_template, compile_pattern, may_match, scoped_lines
from .contract import Check

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "ordinals"


@params
class Params:
    series: list[dict[str, Any]] = param(ListOf(Schema({"pattern": F(str, required=True), "words": F(ListOf(str), default=[])})),
                                         required=True)
    lone_marker: str | None = param(str, default=None, doc="a line that is only a marker (its text follows on the next line)")
    message_repeated: str = param(str, required=True)
    suggestion: str | None = param(str, default=None)


PLACEHOLDERS = frozenset({"found", "expected", "previous"})


@dataclass(frozen=True)
class Series:
    """One kind of ordinal marker: its compiled pattern and, for word ranks, the words in order."""

    pattern: re.Pattern[str]
    words: tuple[str, ...]


@dataclass(frozen=True)
class State:
    """The rule's marker series and lone-marker pattern, built by ``prepare``."""

    series: tuple[Series, ...]
    lone: re.Pattern[str] | None


def validate(rule: Rule[Params]) -> None:
    for key in ("message_repeated", "suggestion"):
        check_template(getattr(rule.params, key), PLACEHOLDERS, key)
    check_template(rule.message, PLACEHOLDERS, "message")
    for s in prepare(rule).series:
        if not ({"n", "w"} & set(s.pattern.groupindex)):
            raise ValueError(f"ordinals 的正则需要命名组 n 或 w：{s.pattern.pattern!r}")
        if "w" in s.pattern.groupindex and not s.words:
            raise ValueError(f"命名组 w 需要 words：{s.pattern.pattern!r}")


def prepare(rule: Rule[Params]) -> State:
    o = rule.params
    return State(tuple(Series(compile_pattern(s["pattern"]), tuple(s["words"])) for s in o.series),
                 compile_pattern(o.lone_marker) if o.lone_marker else None)


def _rank(s: Series, m: re.Match[str]) -> int | None:
    if "n" in s.pattern.groupindex and m.group("n"):
        return numeral_to_int(m.group("n"))
    w = m.group("w") if "w" in s.pattern.groupindex else None
    return s.words.index(w) + 1 if w in s.words else None


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    heading_lines = {h.line for h in doc.headings}
    text = doc.text
    for s in state.series:
        req = rx.required(s.pattern)
        if not may_match(req, text):
            continue
        prev: tuple[int, str] | None = None  # rank and text of the last marker of the running enumeration
        last_line = -2
        lone_before = False
        for ln in scoped_lines(doc, rule.scope):
            if ln.number in heading_lines:
                prev, lone_before = None, False  # a new section: a new enumeration
            found = (list(s.pattern.finditer(text, ln.content_start, ln.content_end))
                     if may_match(req, text[ln.content_start:ln.content_end]) else [])
            if not found:
                if not lone_before:
                    prev = None
                lone_before = False
                last_line = ln.number
                continue
            if ln.number != last_line + 1 and not lone_before:
                prev = None  # another scope in between
            for m in found:
                rank = _rank(s, m)
                if rank is None:
                    continue
                if prev is not None and rank != 1 and rank != prev[0] + 1:
                    yield _report(ctx, rule, m, rank, prev, s)
                if rank == 1 or prev is None or rank > prev[0]:
                    prev = (rank, m.group(0))
            lone_before = state.lone is not None and state.lone.fullmatch(ln.content) is not None
            last_line = ln.number


def _name(s: Series, rank: int) -> str:
    if s.words:
        return s.words[rank - 1] if rank <= len(s.words) else ""
    digits = "一二三四五六七八九十"
    numeral = digits[rank - 1] if rank <= 10 else ("十" + digits[rank - 11] if rank < 20 else str(rank))
    return numeral + "是"


def _report(ctx: Context, rule: Rule[Params], m: re.Match[str], rank: int, prev: tuple[int, str], s: Series) -> Diagnostic:
    expected = _name(s, prev[0] + 1)
    values = {"found": m.group(0).strip("，,：: "), "expected": expected, "previous": prev[1].strip("，,：: ")}
    template = rule.params.message_repeated if rank <= prev[0] else None
    sugg = rule.format(rule.params.suggestion, **values) if rule.params.suggestion and expected else None
    return ctx.report(rule, m.start(), m.end(), rule.format(template, **values), suggestion=sugg)


CHECK: Check[State, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
