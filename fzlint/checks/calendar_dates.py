"""``calendar``: dates that cannot exist, and weekdays that do not match their date.

``kind: impossible`` — a month outside 1–12 (``2023年13月``), a day beyond the month
(``2月30日``, ``4月31日``, ``32日``; 29 February only in a leap year when the year is
written).  ``kind: weekday`` — ``2023年3月5日（星期一）``: the weekday written after a
date is not that date's.  Without a year in the date, the years around the report's
(Y−1, Y, Y+1) are tried and only a weekday that fits none of them is reported.

Patterns are pack data with the named groups ``y`` (optional), ``m``, ``d`` and, for
weekdays, ``w``; the ``{year}`` macro of :mod:`fzlint.checks._time` is available.
Matches inside 《…》 are skipped.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..diagnostic import Diagnostic
from ..infra import rx
from ..packs.schema import ListOf, OneOf, param, params
from ..parse.lexicon import numeral_to_int
from . import _time as T
from .base import Context, any_literal, check_template, lines_holding, may_match, scoped_lines
from .contract import Check

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "calendar"


@params
class Params:
    kind: str = param(OneOf(("impossible", "weekday")), required=True)
    patterns: list[str] = param(ListOf(str, allow_single=True), required=True)
    weekdays: str = param(str, default="一二三四五六日", doc="the weekday characters, Monday first (天 = 日)")
    suggestion: str | None = param(str, default=None)
    message_no_year: str | None = param(str, default=None, doc="weekday: the date has no year (none of Y-1, Y, Y+1 fits)")


PLACEHOLDERS = frozenset({"match", "expected", "written", "days"})


@dataclass(frozen=True)
class State:
    """The rule's compiled date patterns and the literals each requires, built by ``prepare``."""

    patterns: tuple[re.Pattern[str], ...]
    required: tuple[frozenset[str] | None, ...]  # per pattern, its required literals (rx.required)
    finder: re.Pattern[str] | None  # the lines where one of the patterns may match (base.lines_holding)


def validate(rule: Rule[Params]) -> None:
    check_template(rule.params.suggestion, PLACEHOLDERS, "suggestion")
    check_template(rule.params.message_no_year, PLACEHOLDERS, "message_no_year")
    for p in prepare(rule).patterns:
        need = {"m", "d", "w"} if rule.params.kind == "weekday" else {"m"}
        if not need <= set(p.groupindex):
            raise ValueError(f"calendar 的正则需要命名组 {'、'.join(sorted(need))}：{p.pattern!r}")


def prepare(rule: Rule[Params]) -> State:
    patterns = tuple(T.compile_expanded(p) for p in rule.params.patterns)
    required = tuple(rx.required(p) for p in patterns)
    return State(patterns, required, any_literal(required))


def _num(s: str | None) -> int | None:
    return numeral_to_int(s) if s else None


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    text = doc.text
    # base.can_match, with the literals found once per rule
    active = [(p, req) for p, req in zip(state.patterns, state.required, strict=True) if may_match(req, text)]
    if not active:
        return
    kind = rule.params.kind
    for ln in lines_holding(doc, scoped_lines(doc, rule.scope), state.finder):
        lo, hi = ln.content_start, ln.content_end
        content = text[lo:hi]
        last = -1
        for m in sorted((m for p, req in active if may_match(req, content) for m in p.finditer(text, lo, hi)),
                        key=lambda m: (m.start(), -m.end())):
            if m.start() < last or T.inside_title(text, m.start(), m.end(), lo, hi):
                continue
            last = m.end()
            y, mo, d = _num(m.group("y") if "y" in m.re.groupindex else None), _num(m.group("m")), \
                _num(m.group("d") if "d" in m.re.groupindex else None)
            if mo is None:
                continue
            if kind == "impossible":
                why = _impossible(y, mo, d)
                if why is not None:
                    yield _report(ctx, rule, m, days=why)
            else:
                yield from _weekday(ctx, rule, m, y, mo, d, ctx.year)


def _impossible(y: int | None, mo: int, d: int | None) -> str | None:
    if not 1 <= mo <= 12:
        return "一年只有12个月"
    if d is None:
        return None
    most = T.days_in_month(y, mo) if y else (29 if mo == 2 else T.days_in_month(2001, mo))
    if not 1 <= d <= most:
        return f"{y}年{mo}月只有{most}天" if y else f"{mo}月最多{most}天"
    return None


def _weekday(ctx: Context, rule: Rule[Params], m: re.Match[str], y: int | None, mo: int, d: int | None,
             year: int | None) -> Iterator[Diagnostic]:
    names = rule.params.weekdays
    w = m.group("w").replace("天", "日")
    if d is None or w not in names or _impossible(y, mo, d) is not None:
        return
    years = [y] if y else ([year - 1, year, year + 1] if year else [])
    fits = []
    for cand in years:
        try:
            fits.append(names[_dt.date(cand, mo, d).weekday()] == w)
        except ValueError:
            fits.append(False)
    if years and not any(fits):
        expected = names[_dt.date(y, mo, d).weekday()] if y else ""
        yield _report(ctx, rule, m, expected=f"星期{expected}" if expected else "", written=f"星期{w}")


def _report(ctx: Context, rule: Rule[Params], m: re.Match[str], **values: str) -> Diagnostic:
    values = {"match": m.group(0), "expected": "", "written": "", "days": "", **values}
    sugg = rule.format(rule.params.suggestion, **values) if rule.params.suggestion else None
    template = rule.params.message_no_year if rule.params.kind == "weekday" and not values["expected"] else None
    return ctx.report(rule, m.start(), m.end(), rule.format(template, **values), suggestion=sugg)


CHECK: Check[State, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
