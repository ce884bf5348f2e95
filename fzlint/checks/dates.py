"""``dates``: the signature date against the report year and the dates in the text.

``test`` selects the logic; patterns and messages are pack data:

* ``signature`` — the 落款 date falls on or before 31 December of the report year
  (an annual report is written after the year ends), or after the end of Y+1
  (``message_late``: probably the wrong year), or — with ``deadline: "04-01"`` — on or
  after that day of Y+1 (``message_deadline``, ``severity_deadline``: the report is late).
* ``after-signature`` — the text refers to a time after the signature date: an
  explicit date, ``截至2023年底``, a whole-year figure (``全年…``) in a report signed
  before the year ended.  Needs a signature date.
* ``partial-window`` — a data window shorter than the year (``1-10月``, ``今年以来``,
  ``截至目前``, ``2023年至今``); ``severity_after_signature`` and
  ``message_after_signature`` apply when the window ends after the signature date
  (``1-11月`` in a report signed on 20 November), also for a later year's window
  (``2024年1-6月`` in a 2023 report signed in January 2024; ``message_unended`` when
  there is no signature date and the window ends after 31 March of Y+1).  A match with
  a ``since`` group (``2023年以来``) is reported (``message_since``) only when the report
  is signed inside its own year.

Dates come from the named groups of the patterns (see :func:`_time.match_dates`);
a ``y`` group naming another year than the report's makes a window irrelevant.
Matches inside 《…》 titles are skipped (legal citations), as are the sections in
``skip_parts`` and matches whose sentence (the match replaced by ``@``) fits an
``exceptions`` regex (targets, entry-into-force dates).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..diagnostic import SEVERITY_NAMES, Diagnostic, Severity
from ..infra import rx
from ..packs.schema import ListOf, OneOf, param, params
from . import _time as T
from .base import Context, any_literal, check_template, clip, lines_holding, may_match, scoped_lines
from .contract import Check

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "dates"


@params
class Params:
    test: str = param(OneOf(("signature", "after-signature", "partial-window")), required=True)
    patterns: list[str] = param(ListOf(str, allow_single=True), default=[])
    exceptions: list[str] = param(ListOf(str, allow_single=True), default=[])
    skip_parts: list[str] = param(ListOf(str, allow_single=True), default=[])
    message_late: str | None = param(str, default=None)
    deadline: str | None = param(str, default=None, doc="signature: MM-DD of the next year from which the date is late")
    message_deadline: str | None = param(str, default=None)
    severity_deadline: str | None = param(OneOf(SEVERITY_NAMES), default=None)
    message_after_signature: str | None = param(str, default=None)
    severity_after_signature: str | None = param(OneOf(SEVERITY_NAMES), default=None)
    suggestion: str | None = param(str, default=None)
    suggestion_after_signature: str | None = param(str, default=None)
    message_since: str | None = param(str, default=None, doc="partial-window: a `since` group (2023年以来) in a report signed in that year")
    message_unended: str | None = param(str, default=None, doc="partial-window: a later year's window not ended by the writing date")


PLACEHOLDERS = frozenset({"match", "date", "year", "next_year", "end", "deadline"})


@dataclass(frozen=True)
class State:
    """The rule's compiled date and exception patterns, built by ``prepare``."""

    patterns: tuple[re.Pattern[str], ...]
    exceptions: tuple[re.Pattern[str], ...]
    required: tuple[frozenset[str] | None, ...]  # per pattern, its required literals (rx.required)
    finder: re.Pattern[str] | None  # the lines where one of the patterns may match (base.lines_holding)


def validate(rule: Rule[Params]) -> None:
    o = rule.params
    for key in ("message_late", "message_deadline", "message_after_signature", "suggestion", "suggestion_after_signature",
                "message_since", "message_unended"):
        check_template(getattr(o, key), PLACEHOLDERS, key)
    if o.test != "signature" and not o.patterns:
        raise ValueError(f"{o.test} 需要 patterns")
    if o.test == "signature" and not o.message_late:
        raise ValueError("signature 需要 message_late")
    if o.deadline is not None:
        _deadline(o.deadline, 2024)
        if not o.message_deadline:
            raise ValueError("设置了 deadline 时需要 message_deadline")
    if o.test == "after-signature":
        for p in prepare(rule).patterns:
            if not {"m", "eoy", "q"} & set(p.groupindex):
                raise ValueError(f"after-signature 的正则需要命名组 m、eoy 或 q：{p.pattern!r}")
    prepare(rule)


def prepare(rule: Rule[Params]) -> State:
    o = rule.params
    patterns = tuple(T.compile_expanded(p) for p in o.patterns)
    required = tuple(rx.required(p) for p in patterns)
    return State(patterns, tuple(T.compile_expanded(p) for p in o.exceptions), required, any_literal(required))


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    year = ctx.year
    if year is None:
        return
    sig = doc.signature.date if doc.signature else None
    test = rule.params.test
    if test == "signature":
        if sig is not None:
            yield from _signature(doc, rule, ctx, year, sig)
        return
    if test == "after-signature" and sig is None:
        return
    for m, a, b, dates in _matches(doc, rule, state, year, ctx):
        values: dict[str, Any] = {"match": clip(m.group(0)), "year": year, "next_year": year + 1,
                                  "date": T.fmt_date(sig) if sig else ""}
        if test == "after-signature":
            assert sig is not None
            if dates is not None and dates[0] > sig:
                values["end"] = T.fmt_date(dates[0])
                yield _report(doc, rule, ctx, a, b, None, rule.params.suggestion, values)
            continue
        y = m.groupdict().get("y")
        if y and int(y) > year and dates is not None:
            # A later year's window (2024年1-6月 in a 2023 report) that had not ended when the
            # report was written: figures that cannot exist yet, not a comparison.
            written = sig or T.writing_date(doc, year)
            if dates[1] > written:
                values["end"], values["date"] = T.fmt_date(dates[1]), T.fmt_date(written)
                o = rule.params
                message = o.message_after_signature if sig is not None else o.message_unended
                if message:
                    severity = o.severity_after_signature
                    yield _report(doc, rule, ctx, a, b, message, o.suggestion_after_signature, values,
                                  Severity.parse(severity) if severity else None)
            continue
        if (y and int(y) != year) or (dates is not None and dates[1] >= _dt.date(year, 12, 31)):
            continue  # another year's window (a comparison), or the whole year (1-12月)
        if m.groupdict().get("since") is not None:
            # "2023年以来" in the 2023 report: year to date only when written inside 2023;
            # written after the year, it covers the whole year.
            if sig is not None and sig <= _dt.date(year, 12, 31) and rule.params.message_since:
                yield _report(doc, rule, ctx, a, b, rule.params.message_since, rule.params.suggestion, values)
            continue
        if dates is not None:
            values["end"] = T.fmt_date(dates[1])
        late = sig is not None and dates is not None and dates[1] > sig
        if late and rule.params.severity_after_signature:
            yield _report(doc, rule, ctx, a, b, rule.params.message_after_signature,
                          rule.params.suggestion_after_signature, values,
                          Severity.parse(rule.params.severity_after_signature))
        else:
            yield _report(doc, rule, ctx, a, b, None, rule.params.suggestion, values)


def _report(doc: Document, rule: Rule[Params], ctx: Context, a: int, b: int, message: str | None,
            suggestion: str | None, values: dict[str, Any], severity: Severity | None = None) -> Diagnostic:
    """A finding with the template ``message`` (None or empty: the rule's message) and
    ``suggestion`` (None or empty: none)."""
    sugg = rule.format(suggestion, **values) if suggestion else None
    d = ctx.report(rule, a, b, rule.format(message or None, **values), suggestion=sugg)
    return replace(d, severity=severity) if severity is not None else d


def _signature(doc: Document, rule: Rule[Params], ctx: Context, year: int, sig: _dt.date) -> Iterator[Diagnostic]:
    span = doc.signature.date_span if doc.signature else None
    if span is None:
        return
    o = rule.params
    deadline = _deadline(o.deadline, year + 1) if o.deadline else None
    values = {"match": span.text, "date": T.fmt_date(sig), "year": year, "next_year": year + 1, "end": "",
              "deadline": T.fmt_date(deadline) if deadline else ""}
    if sig <= _dt.date(year, 12, 31):
        yield _report(doc, rule, ctx, span.start, span.end, None, o.suggestion, values)
    elif sig.year > year + 1:
        yield _report(doc, rule, ctx, span.start, span.end, o.message_late, o.suggestion, values)
    elif deadline is not None and sig >= deadline:
        severity = Severity.parse(o.severity_deadline) if o.severity_deadline else None
        yield _report(doc, rule, ctx, span.start, span.end, o.message_deadline, o.suggestion, values, severity)


def _deadline(month_day: str, year: int) -> _dt.date:
    """``deadline: "04-01"`` in ``year``; a ValueError names the field when it is not a date."""
    try:
        month, day = (int(x) for x in month_day.split("-"))
        return _dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"deadline 应写成“月-日”，如 \"04-01\"，不认识：{month_day!r}") from None


def _matches(doc: Document, rule: Rule[Params], state: State,
             year: int, ctx: Context) -> Iterator[tuple[re.Match[str], int, int, tuple[_dt.date, _dt.date] | None]]:
    """Non-overlapping pattern matches in scope (longest first at a position)."""
    text = doc.text
    # base.can_match, with the literals found once per rule
    active = [(p, req) for p, req in zip(state.patterns, state.required, strict=True) if may_match(req, text)]
    if not active:
        return
    skip = [ctx.analyses.lines_in_part(part) for part in dict.fromkeys(rule.params.skip_parts)]
    for ln in lines_holding(doc, scoped_lines(doc, rule.scope), state.finder):
        if skip and any(ln.number in lines for lines in skip):
            continue
        lo, hi = ln.content_start, ln.content_end
        content = text[lo:hi]
        found = sorted((m for p, req in active if may_match(req, content)
                        for m in p.finditer(text, lo, hi) if m.end() > m.start()),
                       key=lambda m: (m.start(), -m.end()))
        last = -1
        for m in found:
            if m.start() < last:
                continue
            last = m.end()
            a, b = m.span()
            if T.inside_title(text, a, b, lo, hi):
                continue
            c = T.context(text, a, b, lo, hi)
            if any(x.search(c) for x in state.exceptions):
                continue
            yield m, a, b, T.match_dates(m, year)


CHECK: Check[State, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
