"""``restated``: the same count stated twice in one document with different values.

Conservative on purpose: two quantities are "the same metric" only when their labels
(the words before the number up to the previous separator, see
:meth:`fzlint.analysis.sentences.Sentence.label`) are identical and at least ``min_label``
characters long, their units are of one kind and both numbers are exact.  A
different year, office or scope in the label makes a different metric, and so does one
in the words that open the clause before it (``2022年，受理…500件；2023年，受理…584件``,
``上半年，`` ``区级层面，``).  A part of a
breakdown (``其中行政案件60件``) counts within its total: its label is qualified by the
total's (``2022年共受理…`` and ``2023年共受理…`` have different parts).  Percentages
and the sections listed in ``skip_parts`` (targets in the plans section) are left out.

Fields:
  min_label   shortest label compared (default 4 characters)
  skip_parts  required-part ids whose sections are not compared (the built-in rule: the
              plans, whose figures are targets)
  dependent_words  a label with one of these words counts a result of the nearest earlier
              count of its kind in the sentence (``共调解矛盾纠纷58起，调解成功56起``): it is
              qualified by that count's label, as a part is by its total's
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..analysis.numbers import Quantity, fmt
from ..analysis.sentences import SEPARATORS, Sentence, in_ranges
from ..diagnostic import Diagnostic
from ..packs.schema import ListOf, param, params
from .base import Context, check_template, literal_alternation
from .contract import Check

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document
    from .analyses import BreakdownRow

NAME = "restated"


@params
class Params:
    min_label: int = param(int, default=4)
    skip_parts: list[str] = param(ListOf(str), default=[])
    dependent_words: list[str] = param(ListOf(str), default=[],
                                       doc="labels that count a result of an earlier count in the sentence (调解成功、办结)")
    suggestion: str | None = param(str, default=None)


PLACEHOLDERS = frozenset({"label", "first", "second", "line", "where"})


def validate(rule: Rule[Params]) -> None:
    check_template(rule.params.suggestion, PLACEHOLDERS, "suggestion")


def prepare(rule: Rule[Params]) -> re.Pattern[str] | None:
    words = rule.params.dependent_words
    return literal_alternation(words) if words else None


def check(doc: Document, rule: Rule[Params], state: re.Pattern[str] | None, ctx: Context) -> Iterator[Diagnostic]:
    ranges = doc.scope_ranges(rule.scope)
    skip = [r for part in rule.params.skip_parts for r in doc.scope_ranges(part)]
    analysis = ctx.analyses.numbers
    totals = _totals_of_parts(ctx.analyses.breakdowns)
    seen: dict[tuple[str, str, str, str], Quantity] = {}  # (total, lead, label, kind)
    for s in analysis.sentences:
        if not s.quantities or not in_ranges(s.start, ranges) or in_ranges(s.start, skip):
            continue
        for q in s.quantities:
            if not q.exact or q.percent:
                continue
            label = s.label(q)
            if len(label) < rule.params.min_label:
                continue
            within = totals.get(id(q), "") or (_anchor(s, q) if state is not None and state.search(label) else "")
            first = seen.setdefault((within, _lead(s, q, label), label, q.kind), q)
            if first is q or first.value == q.value:
                continue
            values = {"label": label, "first": fmt(first.value, first), "second": fmt(q.value, q),
                      "line": str(doc.location(first.start)[0]), "where": doc.where(first.start)}
            suggestion = rule.format(rule.params.suggestion, **values) if rule.params.suggestion else None
            yield ctx.report(rule, q.start, q.end, rule.format(**values), suggestion=suggestion)


def _anchor(s: Sentence, q: Quantity) -> str:
    """The label of the count a result count depends on: the nearest earlier count of its kind
    in the sentence (``镇调解委员会共调解矛盾纠纷58起，调解成功56起`` → the 58起's label)."""
    i = s.index(q)
    return next((s.label(c) for c in reversed(s.quantities[:i]) if c.kind == q.kind and not c.percent), "")


def _lead(s: Sentence, q: Quantity, label: str) -> str:
    """The words that open ``q``'s clause before its label, when no other count comes
    between: a scope such as ``2022年，`` ``上半年，`` ``区级层面，``."""
    lo = s.local(s.clause_bounds(q.start)[0])
    i = s.index(q)
    if i and s.local(s.quantities[i - 1].end) > lo:
        lo = s.local(s.quantities[i - 1].end)
    before = s.text[lo : s.local(q.start)].rstrip(" \u3000")
    if label and before.endswith(label):
        before = before[: -len(label)]
    return before.strip(" \u3000" + SEPARATORS)


def _totals_of_parts(breakdowns: list[BreakdownRow]) -> dict[int, str]:
    """id(quantity) → the label of its total, for the parts of every breakdown."""
    out: dict[int, str] = {}
    for s, prev, found in breakdowns:
        for b in found:
            owner = s if prev is None or any(q is b.total for q in s.quantities) else prev
            for p in b.parts:
                if p.quantity is not None:
                    out.setdefault(id(p.quantity), owner.label(b.total))
    return out


CHECK: Check[re.Pattern[str] | None, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
