"""``years``: the report year and the years the text names as current.

``test`` selects the logic; patterns and messages are pack data:

* ``unknown`` — the report year could not be determined (no year in the title and no
  ``--year``/``year:``): one finding; every other FZ3 rule is skipped, not guessed.
* ``plans-heading`` — a heading that opens one of ``parts`` (the plans: its top-level
  heading, a combined heading or a sub-heading) names a year other than Y+1
  (``四、2023年工作安排`` in a 2023 report); under a heading without a year, the
  first paragraph opens with the report year or an earlier one (``opening_pattern``:
  ``2023年，我局将……``).
* ``mismatch`` — ``checks`` name where a year stands for the current one: a
  ``heading`` of the sections in ``parts``, the ``opening`` sentence of the body
  (the first prose paragraph of the preamble, else of the first section), or
  ``anywhere`` in the body outside the plans; ``flag: other`` reports a
  year ≠ Y, ``flag: previous`` only Y-1 (``2022年以来`` opening a 2023 report).

Years inside a 《…》 title (legal citations, dated plans) are never read; the
``exceptions`` (sentence around the year, the year replaced by ``@``) excuse
targets (``力争2025年``) and ranges (``2021—2025年``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..diagnostic import Diagnostic
from ..infra.rx import required
from ..packs.schema import F, ListOf, OneOf, Schema, param, params
from . import _time as T
from .base import Context, any_literal, check_template, clip, lines_holding
from .contract import Check
from .textutil import sentence_around

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document, Line

NAME = "years"


@params
class Params:
    test: str = param(OneOf(("unknown", "plans-heading", "mismatch")), required=True)
    year_pattern: str | None = param(str, default=None, doc="plans-heading: a year, group y")
    opening_pattern: str | None = param(str, default=None,
                                        doc="plans-heading: a year opening the part's first paragraph (group y), anchored")
    message_opening: str | None = param(str, default=None, doc="plans-heading: the year opens the part's first paragraph")
    parts: list[str] = param(ListOf(str, allow_single=True), default=[])
    plans_part: str = param(str, default="plans")
    checks: list[dict[str, Any]] = param(
        ListOf(
            Schema(
                {
                    "pattern": F(str, required=True, doc="group y: the year"),
                    "where": F(OneOf(("heading", "opening", "anywhere")), required=True),
                    "flag": F(OneOf(("other", "previous")), default="other"),
                }
            )
        ),
        default=[],
    )
    exceptions: list[str] = param(ListOf(str, allow_single=True), default=[])
    suggestion: str | None = param(str, default=None)


PLACEHOLDERS = frozenset({"match", "year", "expected", "found"})


@dataclass(frozen=True)
class State:
    """The rule's compiled year, check and exception patterns, built by ``prepare``."""

    year: re.Pattern[str] | None
    checks: tuple[tuple[re.Pattern[str], str, str], ...]
    exceptions: tuple[re.Pattern[str], ...]
    opening: re.Pattern[str] | None = None
    #: per check, the lines where its pattern may match (base.lines_holding)
    finders: tuple[re.Pattern[str] | None, ...] = ()


def validate(rule: Rule[Params]) -> None:
    o = rule.params
    check_template(o.suggestion, PLACEHOLDERS, "suggestion")
    check_template(o.message_opening, PLACEHOLDERS, "message_opening")
    if o.test == "plans-heading" and (not o.year_pattern or not o.parts):
        raise ValueError("plans-heading 需要 year_pattern 和 parts")
    if o.test == "mismatch" and not o.checks:
        raise ValueError("mismatch 需要 checks")
    st = prepare(rule)
    for rx in [st.year, st.opening, *(c[0] for c in st.checks)]:
        if rx is not None and "y" not in rx.groupindex:
            raise ValueError(f"正则表达式缺少命名组 (?P<y>…)：{rx.pattern!r}")


def prepare(rule: Rule[Params]) -> State:
    o = rule.params
    checks = tuple((T.compile_expanded(c["pattern"]), c["where"], c["flag"]) for c in o.checks)
    return State(
        T.compile_expanded(o.year_pattern) if o.year_pattern else None,
        checks,
        tuple(T.compile_expanded(p) for p in o.exceptions),
        T.compile_expanded(o.opening_pattern) if o.opening_pattern else None,
        tuple(any_literal([required(p)]) for p, _, _ in checks),
    )


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    test = rule.params.test
    if test == "unknown":
        if ctx.year is None:
            yield _unknown(doc, rule, ctx)
        return
    if ctx.year is None:
        return
    if test == "plans-heading":
        yield from _plans_heading(doc, rule, state, ctx, ctx.year)
    else:
        yield from _mismatch(doc, rule, state, ctx, ctx.year)


def _unknown(doc: Document, rule: Rule[Params], ctx: Context) -> Diagnostic:
    if doc.title is not None:
        a, b = doc.title.start, doc.title.end
    else:
        first = next(doc.paragraphs(), None)
        a, b = (first.content_start, first.content_end) if first else (0, 0)
    return ctx.report(rule, a, b, rule.format(match=clip(doc.text[a:b])),
                      suggestion=rule.format(rule.params.suggestion) if rule.params.suggestion else None)


def _years(doc: Document, rx: re.Pattern[str], state: State, a: int, b: int, lo: int, hi: int,
           anchored: bool = False) -> Iterator[tuple[int, re.Match[str]]]:
    """(year, match) for the years ``rx`` finds in ``text[a:b]`` outside titles and exceptions."""
    text = doc.text
    found = [m] if anchored and (m := rx.match(text, a, b)) else ([] if anchored else list(rx.finditer(text, a, b)))
    for m in found:
        ys, ye = m.span("y")
        if T.inside_title(text, ys, ye, lo, hi):
            continue
        c = T.context(text, ys, ye, lo, hi)
        if any(x.search(c) for x in state.exceptions):
            continue
        yield int(m.group("y")), m


def _report(rule: Rule[Params], ctx: Context, m: re.Match[str], year: int, expected: int, found: int,
            template: str | None = None) -> Diagnostic:
    values: dict[str, Any] = {"match": clip(m.group(0)), "year": year, "expected": expected, "found": found}
    sugg = rule.format(rule.params.suggestion, **values) if rule.params.suggestion else None
    return ctx.report(rule, m.start(), m.end(), rule.format(template, **values), suggestion=sugg)


def _plans_heading(doc: Document, rule: Rule[Params], state: State, ctx: Context, year: int) -> Iterator[Diagnostic]:
    assert state.year is not None
    specs = ctx.ruleset.parts
    covers = ctx.analyses.coverage
    for part in rule.params.parts:
        # Every heading that opens the part: its own top-level heading, a combined one
        # ("三、存在的问题和2024年工作打算"), or a sub-heading ("（二）2024年工作计划").
        headings = doc.part_headings(part) + [c.heading for c in covers.get(part, [])
                                              if c.how in ("also", "sub") and c.heading is not None]
        spec = specs.get(part) if specs is not None else None
        if spec is not None:  # ...or a sub-heading naming it inside its own section
            headings += [h for h in doc.headings if h.parent is not None and spec.sub_cue_match(h.text)
                         and doc.in_part(h.start, part)]
        for h in sorted({id(h): h for h in headings}.values(), key=lambda h: h.start):
            ln = doc.lines[h.line - 1]
            named = False
            for y, m in _years(doc, state.year, state, h.text_start, h.text_end, ln.content_start, ln.content_end):
                named = True
                if y != year + 1:
                    yield _report(rule, ctx, m, year, year + 1, y)
            # A heading without a year ("四、下一步工作打算") whose first paragraph opens with
            # the report year: "2023年，我局将……" in a 2023 report plans the year already over.
            if not named and state.opening is not None and not h.run_in:
                first = next((p for p in doc.paragraphs(h.start, h.end) if p.number != h.line), None)
                if first is not None and not doc.is_heading_line(first.number):
                    for y, m in _years(doc, state.opening, state, first.content_start, first.content_end,
                                       first.content_start, first.content_end, anchored=True):
                        if y <= year:
                            yield _report(rule, ctx, m, year, year + 1, y, rule.params.message_opening)


def _openings(doc: Document, plans_part: str) -> Iterator[tuple[int, int, int, int]]:
    """(sentence start, sentence end, line start, line end) of the sentence that opens the
    body: the first prose paragraph of the preamble (a web page's 发布日期 line is not
    prose), else the first paragraph of the first section that is not the plans."""
    first: Line | None = None
    for a, b in doc.scope_ranges("preamble"):
        prose = [ln for ln in doc.paragraphs(a, b) if _prose(ln.content)]
        first = prose[0] if prose else None
        # A lead-in ("根据……要求，现将我街道2023年度法治政府建设情况报告如下：") is not the
        # opening: the paragraph after it is ("2022年以来，我街道……").
        if first is not None and first.content.endswith(("：", ":")) and len(prose) > 1:
            first = prose[1]
    if first is None:
        for h in doc.top:
            if h.part != plans_part:
                first = next((ln for ln in doc.paragraphs(h.start, h.end) if not doc.is_heading_line(ln.number)),
                             None)
                break
    if first is not None:
        s, e = sentence_around(doc.text, first.content_start, first.content_start, first.content_start,
                               first.content_end)
        yield s, e, first.content_start, first.content_end


def _prose(s: str) -> bool:
    return len(s) >= 10 and any(ch in s for ch in "，,。")


def _mismatch(doc: Document, rule: Rule[Params], state: State, ctx: Context, year: int) -> Iterator[Diagnostic]:
    plans = rule.params.plans_part
    seen: set[int] = set()
    for (pattern, where, flag), finder in zip(state.checks, state.finders, strict=True):
        spans: list[tuple[int, int, int, int, bool]] = []
        if where == "heading":
            for part in rule.params.parts:
                for h in doc.part_headings(part):
                    ln = doc.lines[h.line - 1]
                    spans.append((h.text_start, h.text_end, ln.content_start, ln.content_end, False))
        elif where == "opening":
            spans = [(s, e, lo, hi, True) for s, e, lo, hi in _openings(doc, plans)]
        else:
            in_plans = ctx.analyses.lines_in_part(plans)
            for a, b in doc.scope_ranges(rule.scope):
                spans.extend((ln.content_start, ln.content_end, ln.content_start, ln.content_end, False)
                             for ln in lines_holding(doc, doc.paragraphs(a, b), finder) if ln.number not in in_plans)
        for a, b, lo, hi, anchored in spans:
            for y, m in _years(doc, pattern, state, a, b, lo, hi, anchored):
                wrong = y != year if flag == "other" else y == year - 1
                if wrong and m.start() not in seen:
                    seen.add(m.start())
                    yield _report(rule, ctx, m, year, year, y)


CHECK: Check[State, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
