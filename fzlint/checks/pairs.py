"""``pairs``: brackets and quotation marks that open without closing or close without opening.

Checked paragraph by paragraph (a .txt line is a paragraph), each pair on its own
stack, so “《A》” nests and 《A“》” is one unmatched “.  ``equivalent`` maps other
forms onto a pair (``(`` counts as ``（``): the width of a bracket is FZ503's concern,
its balance is this rule's.  Heading markers are skipped (the structure checks own
``(二）``).

Fields:
  pairs        two-character strings, opening then closing: ``《》``, ``“”``, ``（）``
  equivalent   {character: the pair character it counts as}
  defer_to     rule codes whose lines are skipped
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..diagnostic import Diagnostic
from ..infra import rx
from ..packs.schema import ListOf, MapOf, param, params
from .base import Context
from .contract import Check
from .textutil import Spans, marker_spans

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "pairs"


@params
class Params:
    pairs: list[str] = param(ListOf(str), required=True)
    equivalent: dict[str, str] = param(MapOf(str), default={})
    defer_to: list[str] = param(ListOf(str, allow_single=True), default=[])


PLACEHOLDERS = frozenset({"char", "partner"})


@dataclass(frozen=True)
class State:
    """Each bracket or quotation mark's pair and direction, built by ``prepare``."""

    role: dict[str, tuple[int, bool]]  # character → (pair number, is opening)
    pairs: tuple[str, ...]
    any_mark: re.Pattern[str] | None = None  # any character of ``role`` (positions to look at)


def validate(rule: Rule[Params]) -> None:
    o = rule.params
    for p in o.pairs:
        if len(p) != 2 or p[0] == p[1]:
            raise ValueError(f"pairs 的每项应为两个不同的字符（开、闭）：{p!r}")
    chars = "".join(o.pairs)
    for k, v in o.equivalent.items():
        if len(k) != 1 or v not in chars:
            raise ValueError(f"equivalent 应把单个字符映射到 pairs 中的字符：{k!r}: {v!r}")


def prepare(rule: Rule[Params]) -> State:
    o = rule.params
    role: dict[str, tuple[int, bool]] = {}
    for n, p in enumerate(o.pairs):
        role[p[0]] = (n, True)
        role[p[1]] = (n, False)
    for k, v in o.equivalent.items():
        role[k] = role[v]
    marks = "".join(sorted(ch for ch in role if len(ch) == 1))
    return State(role, tuple(o.pairs), rx.compile(f"[{re.escape(marks)}]") if marks else None)


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    if state.any_mark is None:
        return
    skip_lines = ctx.analyses.lines_reported_by(rule.params.defer_to) if rule.params.defer_to else set()
    spans = marker_spans(doc)
    markers = Spans(spans)
    # the lines a marker is on (a marker never spans lines, but that need not be assumed)
    marked = {n for a, b in spans for n in range(doc.line_at(a).number, doc.line_at(b - 1).number + 1)}
    for ln in ctx.analyses.lines.scope(rule.scope)[0]:  # (most lines have a mark: each is searched)
        if ln.number in skip_lines:
            continue
        stacks: dict[int, list[int]] = {}
        unmatched: list[int] = []
        check_markers = ln.number in marked
        for m in state.any_mark.finditer(doc.text, ln.content_start, ln.content_end):  # the role characters
            pos = m.start()
            ch = doc.text[pos]
            if check_markers and markers.covers(pos):
                continue
            n, opening = state.role[ch]
            stack = stacks.setdefault(n, [])
            if opening:
                stack.append(pos)
            elif stack:
                stack.pop()
            else:
                unmatched.append(pos)
        for stack in stacks.values():
            unmatched.extend(stack)
        for pos in sorted(unmatched):
            n, opening = state.role[doc.text[pos]]
            pair = state.pairs[n]
            yield ctx.report(rule, pos, pos + 1, rule.format(char=doc.text[pos], partner=pair[1] if opening else pair[0]))


CHECK: Check[State, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
