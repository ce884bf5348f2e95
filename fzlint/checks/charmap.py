"""``charmap``: characters that should be written as other characters, one finding per line.

Used for half-width punctuation in Chinese text (``,`` → ``，``), full-width digits and
letters (``２０２３`` → ``2023``) and the like.  A line with several such characters
gets one finding (its span runs from the first to the last) whose fix carries one
edit per character, so a report copied with half-width punctuation throughout draws
one finding per paragraph, not one per comma.

Fields:
  map            {from: to}: each key is one character
  context        ``any``, or ``cjk``: only where the nearest non-space character before
                 or after is Chinese (Han or CJK punctuation) — ``17:24`` and ``1,355``
                 stay as they are, ``4件,回复率`` does not.  A character that will be
                 converted counts as Chinese for its neighbours (``件次),``).
  pairs          bracket pairs as two characters, e.g. ``"()"``; a half-width pair (or a
                 half of a mixed pair like ``（康复)``) is converted together when the
                 brackets enclose Han characters or have Chinese on both outer sides
                 (``(FTA)模式`` yes, ``公式(A+B)/2`` no)
  within         regex: only characters inside its matches are considered
  absorb_spaces  characters whose following spaces go with them (``机制, 着眼`` →
                 ``机制，着眼``): full-width punctuation carries its own spacing
  defer_to       rule codes whose lines are skipped (web-boilerplate lines are deleted
                 whole by FZ502; reporting their punctuation would be noise)
  fix            safe | unsafe | none

Heading markers (``(一)``, ``1.``) are never looked at: they belong to the structure checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..diagnostic import Diagnostic, Edit, Fix
from ..infra import rx
from ..packs.schema import ListOf, MapOf, OneOf, param, params
from .base import Context, check_template, clip, compile_pattern
from .contract import Check
from .textutil import SPACES, Spans, is_cjk, is_han, marker_spans

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "charmap"


@params
class Params:
    map: dict[str, str] = param(MapOf(str), required=True)
    context: str = param(OneOf(("any", "cjk")), default="any")
    pairs: list[str] = param(ListOf(str), default=[])
    within: str | None = param(str, default=None)
    absorb_spaces: str = param(str, default="")
    defer_to: list[str] = param(ListOf(str, allow_single=True), default=[])
    fix: str = param(OneOf(("safe", "unsafe", "none")), default="safe")
    suggestion: str | None = param(str, default=None)


PLACEHOLDERS = frozenset({"count", "chars", "match"})


@dataclass(frozen=True)
class State:
    """The rule's replacement table, bracket roles and compiled patterns, built by ``prepare``."""

    table: dict[str, str]
    brackets: dict[str, tuple[int, bool]]  # bracket (either width) → (pair number, is opening)
    within: re.Pattern[str] | None
    chars: re.Pattern[str] | None = None  # any of the table's keys: a line without one is skipped


def validate(rule: Rule[Params]) -> None:
    o = rule.params
    for k in o.map:
        if len(k) != 1:
            raise ValueError(f"map 的键应为单个字符：{k!r}")
    for p in o.pairs:
        if len(p) != 2 or p[0] not in o.map or p[1] not in o.map:
            raise ValueError(f"pairs 的每项应为 map 中的两个字符（开、闭括号）：{p!r}")
    check_template(o.suggestion, PLACEHOLDERS, "suggestion")
    prepare(rule)


def prepare(rule: Rule[Params]) -> State:
    o = rule.params
    table = dict(o.map)
    brackets: dict[str, tuple[int, bool]] = {}
    for n, pair in enumerate(o.pairs):  # two characters each (validate)
        op, cl = pair[0], pair[1]
        for ch in (op, table[op]):
            brackets[ch] = (n, True)
        for ch in (cl, table[cl]):
            brackets[ch] = (n, False)
    keys = "".join(sorted(k for k in table if len(k) == 1))
    return State(table, brackets, compile_pattern(o.within) if o.within else None,
                 rx.compile(f"[{re.escape(keys)}]") if keys else None)


def _pairs(content: str, state: State, skip: list[tuple[int, int]]) -> dict[int, int]:
    """Matched bracket positions (both directions), widths mixed freely."""
    matched: dict[int, int] = {}
    stacks: dict[int, list[int]] = {}
    for i, ch in enumerate(content):
        if ch not in state.brackets or any(a <= i < b for a, b in skip):
            continue
        n, opening = state.brackets[ch]
        stack = stacks.setdefault(n, [])
        if opening:
            stack.append(i)
        elif stack:
            j = stack.pop()
            matched[i], matched[j] = j, i
    return matched


def _side(content: str, i: int, step: int, chosen: set[int]) -> str:
    """'cjk' when the nearest non-space character in direction ``step`` is Chinese (or will
    be converted), 'edge' at the end of the line, else 'other'."""
    j = i + step
    while 0 <= j < len(content) and content[j] in SPACES:
        j += step
    if not 0 <= j < len(content):
        return "edge"
    return "cjk" if is_cjk(content[j]) or j in chosen else "other"


def _select(content: str, positions: list[int], state: State, context: str,
            skip: list[tuple[int, int]]) -> list[int]:
    """Positions to convert.  A lone mark needs Chinese on one side; a bracket pair needs
    Han inside it or Chinese on both outer sides (``(FTA)模式`` yes, ``(A+B)/2`` no)."""
    if context == "any":
        return positions
    matched = _pairs(content, state, skip) if state.brackets else {}
    chosen: set[int] = set()
    changed = True
    while changed:
        changed = False
        for i in positions:
            if i in chosen:
                continue
            j = matched.get(i)
            if j is None:
                ok = "cjk" in (_side(content, i, -1, chosen), _side(content, i, 1, chosen))
            else:
                lo, hi = min(i, j), max(i, j)
                outer = (_side(content, lo, -1, chosen), _side(content, hi, 1, chosen))
                ok = j in chosen or any(is_han(c) for c in content[lo:hi]) or (
                    "other" not in outer and "cjk" in outer
                )
            if ok:
                chosen.add(i)
                changed = True
    return sorted(chosen)


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    o = rule.params
    skip_lines = ctx.analyses.lines_reported_by(o.defer_to) if o.defer_to else set()
    markers = Spans(marker_spans(doc))
    if state.chars is None:
        return
    lines = ctx.analyses.lines
    for _, ln in lines.select(rule.scope, lines.holding(state.chars)):  # lines with a mapped character
        if ln.number in skip_lines:
            continue
        base = ln.content_start
        content = doc.text[base : ln.content_end]
        if state.within is not None and not state.within.search(content):
            continue  # no zone in the line: no character of it is considered
        skip = [(a - base, b - base) for a, b in markers.starting_in(base, ln.content_end)]
        zones = Spans(m.span() for m in state.within.finditer(content)) if state.within else None
        positions = [
            i for i in (m.start() for m in state.chars.finditer(content))  # the mapped characters
            if not any(a <= i < b for a, b in skip) and (zones is None or zones.covers(i))
        ]
        chosen = _select(content, positions, state, o.context, skip)
        if not chosen:
            continue
        edits = []
        for i in chosen:
            end = i + 1
            if content[i] in o.absorb_spaces:
                while end < len(content) and content[end] in SPACES:
                    end += 1
            edits.append(Edit(base + i, base + end, state.table[content[i]]))
        seen = dict.fromkeys(content[i] for i in chosen)
        values: dict[str, Any] = {"count": len(chosen), "chars": " ".join(seen), "match": clip(content[chosen[0] : chosen[-1] + 1])}
        suggestion = rule.format(o.suggestion, **values) if o.suggestion else None
        fix = Fix(tuple(edits), o.fix == "safe", suggestion or "") if o.fix != "none" else None
        yield ctx.report(rule, base + chosen[0], base + chosen[-1] + 1, rule.format(**values),
                         suggestion=suggestion, fix=fix)


CHECK: Check[State, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
