"""``rate``: stated percentages against the counts they are computed from, and above 100 %.

Fields:
  relation   ``counts``: a rate (``办结率95%``) whose numerator and denominator counts
             are given in the same sentence must agree with them at the precision the
             rate is written with (``96.2%`` → one decimal; rounding or truncation
             accepted; ``100%`` only when the counts are equal);
             ``bound``: a rate where a share is meant (the label ends in a word of
             ``rate_pattern``) must not exceed 100 %.
  rates      for ``counts``: [{name: [办结率, 结案率], numerator: [办结], denominator: [受理]}]
  rate_pattern   for ``bound`` (required): regex the words before the percentage must match
  unbounded  for ``bound``: words that make a rate legitimately exceed 100 % (增长, 完成…)
  list_words   words that make the label introduce a list of rates (``回复率、满意率分别为
             100%、98%``): which value is which rate is not known, so nothing is checked
  growth_words, decline_words, previous_words   for ``counts``: a rise or fall (``同比增长21.1%``)
             after exactly two counts of one kind in the sentence, one of the earlier period
             (``上年``, or the earlier year), must be their relative change
  share_pattern, part_words   for ``counts``: a share (label matching ``share_pattern``:
             ``占比34.3%``) right after a part (``其中联合检查1.2万次``) must be the part over
             the total before the part word (``执法检查3.5万次``)

An upper bound (``不超过100%``, ``100%以下``: :attr:`fzlint.analysis.numbers.Quantity.at_most`)
is not a rate above 100 %.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from typing import TYPE_CHECKING, Any

from ..analysis.numbers import Quantity, fmt
from ..analysis.sentences import Sentence, in_ranges
from ..diagnostic import Diagnostic
from ..infra import rx
from ..packs.schema import F, ListOf, OneOf, Schema, param, params
from .base import Context, check_template, compile_pattern, literal_alternation
from .contract import Check

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "rate"


@params
class Params:
    relation: str = param(OneOf(("counts", "bound")), required=True)
    rates: list[dict[str, Any]] = param(ListOf(Schema({"name": F(ListOf(str, allow_single=True), required=True),
                                                       "numerator": F(ListOf(str, allow_single=True), required=True),
                                                       "denominator": F(ListOf(str, allow_single=True), required=True)})), default=[])
    rate_pattern: str | None = param(str, default=None, doc="bound: regex the words before the percentage must match")
    unbounded: list[str] = param(ListOf(str), default=[])
    list_words: list[str] = param(ListOf(str), default=[], doc="words that make the label introduce a list of rates")
    share_pattern: str | None = param(str, default=None, doc="counts: regex of a share's label (占比、占): part ÷ total")
    part_words: list[str] = param(ListOf(str), default=[], doc="counts: words that open a part of the total before it (其中)")
    growth_words: list[str] = param(ListOf(str), default=[], doc="counts: a change rate's words for a rise (增长)")
    decline_words: list[str] = param(ListOf(str), default=[], doc="counts: a change rate's words for a fall (下降)")
    previous_words: list[str] = param(ListOf(str), default=[], doc="counts: words of the earlier period's count (上年、同期)")
    carried_words: list[str] = param(ListOf(str), default=[], doc="counts: words of a count carried over, not the earlier period's (结转)")
    approx_words: list[str] = param(ListOf(str), default=[], doc="counts: marks of a rate given as approximate (约、左右), checked with approx_tolerance")
    approx_tolerance: float = param(float, default=1.0, doc="counts: how far (percentage points) an approximate rate may be from its counts")
    suggestion: str | None = param(str, default=None)


PLACEHOLDERS = frozenset({"rate", "label", "numerator", "denominator", "computed", "num_label", "den_label"})


@dataclass(frozen=True)
class RateDef:
    """One named rate and the words of its numerator and denominator counts, compiled."""

    name: re.Pattern[str]
    numerator: re.Pattern[str]
    denominator: re.Pattern[str]


@dataclass(frozen=True)
class State:
    """The rule's rate definitions and word patterns, built by ``prepare``."""

    rates: tuple[RateDef, ...]
    bounded: re.Pattern[str] | None
    unbounded: re.Pattern[str] | None
    listing: re.Pattern[str] | None
    share: re.Pattern[str] | None = None
    part_words: re.Pattern[str] | None = None
    growth: re.Pattern[str] | None = None
    decline: re.Pattern[str] | None = None
    previous: re.Pattern[str] | None = None
    carried: re.Pattern[str] | None = None
    approx: frozenset[str] = frozenset()
    tolerance: Decimal = Decimal(1)


def validate(rule: Rule[Params]) -> None:
    check_template(rule.params.suggestion, PLACEHOLDERS, "suggestion")
    if rule.params.relation == "counts" and not rule.params.rates:
        raise ValueError("relation: counts 需要 rates（比率的名称、分子和分母）")
    if rule.params.relation == "bound" and not rule.params.rate_pattern:
        raise ValueError("relation: bound 需要 rate_pattern（比率说明文字应匹配的正则，如 '(?:率|度)$'）")
    prepare(rule)


def prepare(rule: Rule[Params]) -> State:
    o = rule.params
    rates = tuple(RateDef(literal_alternation(r["name"]), literal_alternation(r["numerator"]),
                          literal_alternation(r["denominator"])) for r in o.rates)

    def words(ws: list[str]) -> re.Pattern[str] | None:
        return literal_alternation(ws) if ws else None

    return State(rates, compile_pattern(o.rate_pattern) if o.rate_pattern else None,
                 words(o.unbounded), words(o.list_words),
                 compile_pattern(o.share_pattern) if o.share_pattern else None,
                 words(o.part_words), growth=words(o.growth_words), decline=words(o.decline_words),
                 previous=words(o.previous_words), carried=words(o.carried_words),
                 approx=frozenset(o.approx_words), tolerance=Decimal(str(o.approx_tolerance)))


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    ranges = doc.scope_ranges(rule.scope)
    counts = rule.params.relation == "counts"
    prev: Sentence | None = None
    for s in ctx.analyses.numbers.sentences:
        before, prev = prev, s
        if not s.quantities or not in_ranges(s.start, ranges):
            continue
        for q in s.quantities:
            if not q.percent:
                continue
            label = s.label(q)
            if state.listing is not None and state.listing.search(label):
                continue  # one of a list of rates: which value is which is not known
            values = _counts(s, q, label, state, before) if counts else _bound(q, label, state)
            if values is not None:
                suggestion = rule.format(rule.params.suggestion, **values) if rule.params.suggestion else None
                yield ctx.report(rule, q.start, q.end, rule.format(**values), suggestion=suggestion)


def _bound(q: Quantity, label: str, state: State) -> dict[str, str] | None:
    if q.value <= 100 or q.at_most or state.bounded is None:
        return None
    if not state.bounded.search(label) or (state.unbounded and state.unbounded.search(label)):
        return None
    return {"rate": q.text.strip(), "label": label}


def _counts(s: Sentence, q: Quantity, label: str, state: State, prev: Sentence | None = None) -> dict[str, str] | None:
    # ``纠错率约19.2%``: an approximate rate is still checked, within ``approx_tolerance`` points.
    approx = not q.exact
    if approx and (q.round_mark or not ({q.pre, q.post} - {""}) <= state.approx):
        return None
    rate = next((r for r in state.rates if r.name.search(label)), None)
    if rate is None:
        return None if approx else _share(s, q, label, state, prev) or _change(s, q, label, state)
    others = [(c, s.label(c)) for c in s.quantities if c.exact and not c.percent and not _later_part(s, q, c, state)]
    nums = [(c, lab) for c, lab in others if rate.numerator.search(lab)]
    dens = [(c, lab) for c, lab in others if rate.denominator.search(lab) and not rate.numerator.search(lab)]
    pairs = [(n, d) for n in nums for d in dens if n[0].kind == d[0].kind and d[0].value > 0]
    if not pairs or any(_near(q, n[0].value / d[0].value * 100, state.tolerance) if approx
                        else _agrees(q, n[0].value / d[0].value * 100, n[0].value == d[0].value) for n, d in pairs):
        return None  # the rate agrees with some reading of the counts: no finding
    (num, num_label), (den, den_label) = pairs[0]
    computed = num.value / den.value * 100
    return {"rate": q.text.strip(), "label": label, "numerator": fmt(num.value, num), "denominator": fmt(den.value, den),
            "num_label": num_label, "den_label": den_label,
            "computed": f"{_places(computed, max(q.decimals, 1), ROUND_HALF_UP)}%"}


def _later_part(s: Sentence, q: Quantity, c: Quantity, state: State) -> bool:
    """A count after the rate that is not one of its terms: opened by a part word (``出庭率为
    100%，其中，我局代理…出庭应诉共计31件``: a part of something the sentence goes on to break
    down), or in a later clause (``直接办结率85.86%；受理省派工单2917件，…正在办理568件``)."""
    if c.start < q.end:
        return False
    if c.start >= s.clause_bounds(q.start)[1]:
        return True
    return state.part_words is not None and bool(state.part_words.search(s.text[s.local(q.end) : s.local(c.start)]))


def _share(s: Sentence, q: Quantity, label: str, state: State, prev: Sentence | None = None) -> dict[str, str] | None:
    """``其中联合检查1.2万次，占比34.3%``: the share is the count right before it over the total
    that count is a part of: the last count of its kind before the part word (其中) that opens
    the parts — in the sentence before when the sentence opens with it (``共受理诉求284406件。
    其中，咨询类124599件，占43.81%；求助类56672件，占19.93%``).  A share that agrees with any
    count of the kind between that total and the part (a part of a part) is no finding."""
    if state.share is None or state.part_words is None or not state.share.search(label):
        return None
    i = s.index(q)
    part = next((c for c in reversed(s.quantities[:i]) if not c.percent), None)
    if part is None or not part.exact:
        return None
    j = s.index(part)
    cue = None
    for m in state.part_words.finditer(s.text, 0, s.local(part.start)):
        cue = m
    if cue is None:
        return None
    kin = [c for c in s.quantities[:j] if c.kind == part.kind and not c.percent]
    head = [c for c in kin if s.local(c.end) <= cue.start()]
    whole: Quantity | None
    if head:
        whole = head[-1]
    elif prev is not None and not s.text[: cue.start()].strip(" \u3000,，"):
        whole = next((c for c in reversed(prev.quantities) if c.kind == part.kind and not c.percent), None)
    else:
        return None
    if whole is None or not whole.exact or whole.value <= 0 or part.value > whole.value:
        return None
    between = [c for c in kin if c.start >= whole.end and c.exact and c.value >= part.value]
    if any(_agrees(q, part.value / c.value * 100, part.value == c.value) for c in [whole, *between] if c.value > 0):
        return None
    computed = part.value / whole.value * 100
    owner = s if any(c is whole for c in s.quantities) or prev is None else prev
    return {"rate": q.text.strip(), "label": label, "numerator": fmt(part.value, part),
            "denominator": fmt(whole.value, whole), "num_label": s.label(part), "den_label": owner.label(whole),
            "computed": f"{_places(computed, max(q.decimals, 1), ROUND_HALF_UP)}%"}


_YEAR = rx.compile(r"(\d{4})年")


def _change(s: Sentence, q: Quantity, label: str, state: State) -> dict[str, str] | None:
    """``较上年的1270件增长12.3%``, ``2022年…38件，2023年…46件，同比增长21.1%``: a stated rise or
    fall against the two counts before it in the sentence — this period's and the earlier
    one's (its label has a ``previous_words`` word, or the earlier year)."""
    if state.previous is None or (state.growth is None and state.decline is None):
        return None
    rise = bool(state.growth and state.growth.search(label))
    if rise == bool(state.decline and state.decline.search(label)):
        return None  # neither or both: not a plain change rate
    i = s.index(q)
    counts = [c for c in s.quantities[:i] if not c.percent]
    if len(counts) != 2 or counts[0].kind != counts[1].kind or not all(c.exact and c.value > 0 for c in counts):
        return None
    labels = [s.label(c) for c in counts]
    if state.carried is not None and any(state.carried.search(lab) for lab in labels):
        return None  # 上年结转36件 is part of this year's work, not last year's count
    earlier = [k for k in (0, 1) if state.previous.search(labels[k])]
    if len(earlier) != 1:
        years = [_YEAR.search(lab) for lab in labels]
        if not all(years) or years[0].group(1) == years[1].group(1):  # type: ignore[union-attr]
            return None
        earlier = [0 if years[0].group(1) < years[1].group(1) else 1]  # type: ignore[union-attr]
    old, new = counts[earlier[0]], counts[1 - earlier[0]]
    computed = (new.value - old.value) / old.value * 100 * (1 if rise else -1)
    if _rounds_to(q, computed):  # a change of 100 % is a doubling, nothing special (unlike a share)
        return None
    return {"rate": q.text.strip(), "label": label, "numerator": fmt(new.value, new), "denominator": fmt(old.value, old),
            "num_label": s.label(new), "den_label": s.label(old),
            "computed": f"{_places(computed, max(q.decimals, 1), ROUND_HALF_UP)}%"}


def _places(value: Decimal, places: int, rounding: str) -> Decimal:
    """``value`` with ``places`` decimals.  In a context wide enough for any ratio of two counts
    the reader reads (:data:`fzlint.analysis.numbers.MAX_DIGITS`): the default 28 digits are not, and
    ``quantize`` raises rather than round to fewer."""
    with localcontext() as ctx:
        ctx.prec = 100
        return value.quantize(Decimal(1).scaleb(-places), rounding)


def _near(q: Quantity, computed: Decimal, tolerance: Decimal) -> bool:
    """An approximate rate (``约19.2%``) and the computed one differ by at most ``tolerance`` points."""
    return abs(q.value - computed) <= tolerance


def _agrees(q: Quantity, computed: Decimal, equal: bool) -> bool:
    """A stated share and the computed one agree at the stated precision (100 % only when the
    counts are equal)."""
    if q.value == 100 or equal:
        return equal and q.value == 100
    return _rounds_to(q, computed)


def _rounds_to(q: Quantity, computed: Decimal) -> bool:
    """``computed`` written at the stated precision, rounded or cut, is the stated rate."""
    return q.value in (_places(computed, q.decimals, ROUND_HALF_UP), _places(computed, q.decimals, ROUND_DOWN))


CHECK: Check[State, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
