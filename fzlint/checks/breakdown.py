"""``breakdown``: a total and its parts (``共X件，其中A a件、B b件、C c件``).

The total is the last quantity of the clause right before a breakdown cue (``其中``,
``包括``, ``分别为``, a colon…: ``settings.numbers.breakdown.cues``), or of the previous
sentence when a sentence opens with the cue (``共91户。其中，…``).  The parts are the
items of the list after the cue, each with one quantity of the total's kind (units of
one kind, ``settings.numbers.units``); items that read ``无``/``为零`` count as 0.

The list separator is the first ``；``/``，``/``、`` after the first part.  The list ends
at a stronger separator (a ``，`` ends a ``、`` list; ``；`` ends any list), at the
first item without a count of the total's kind, and at the end of the sentence —
unless the ``，`` items after a ``、`` list make the parts add up to the total exactly
(``其中企业1200户、个体工商户4500户，农民专业合作社100户``: separators mixed up).
Likewise an item opened by one of ``extra_words`` (``另有``) is left out when the items
before it add up to the total exactly (``其中：老旧小区8个，新建小区4个，另有村改居社区2个``).
Colon lists are lists of clauses: their items may be separated by ``，`` and ``；``
alike and they run to the end of the sentence.  An item with two counts of the kind
makes the structure unclear: no finding.

How sure the parts are the whole breakdown depends on the cue (``always`` for a colon
or ``分别为``, ``likely`` for ``其中``/``包括``, ``never`` for ``主要有``/``其中包括``); a
list with one part, ``等`` after a part, or a part nested in another (``成功``,
``满意``: ``nested_words``) is never a whole breakdown.  Inexact numbers (``余``,
``约``…) are not compared, nor are lists with distributive words (``各``, ``均为``).

Fields:
  relation  ``sum``: a breakdown that is certainly whole, or likely whole and off by at
            most ``near_miss`` of the total (or more than the total), must add up;
            ``partial``: a likely breakdown that falls short by more than ``near_miss``
            (probably a partial list written without ``等``);
            ``exceed``: a list that is not a whole breakdown must not exceed the total.
  leads     ``{lead}`` by the cue word that opened the list (``其中: 其中``); ``"*"`` for
            any other cue.
  note      ``{note}`` when parts in other units of the total's kind were added
            (``212件次`` to 批次): a template with ``{units}`` and ``{unit}``.
  message_sum  ``exceed``: the message when the parts together (not one part) exceed
            the total; ``message`` is for one part larger than the total.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..analysis.numbers import Quantity, fmt
from ..analysis.sentences import SENTENCE_END, SEPARATORS, Sentence, in_ranges
from ..diagnostic import Diagnostic
from ..infra import rx
from ..packs.schema import MapOf, OneOf, param, params
from .base import Context, check_template
from .contract import Check, no_state

if TYPE_CHECKING:
    from ..analysis.numbers import Cue, Vocab
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "breakdown"


@params
class Params:
    relation: str = param(OneOf(("sum", "partial", "exceed")), required=True)
    leads: dict[str, str] = param(MapOf(str), default={}, doc="{lead} by the cue word that opened the list; '*' for any other cue")
    note: str | None = param(str, default=None, doc="{note} when parts in other units of the kind were added: {units}, {unit}")
    message_sum: str | None = param(str, default=None, doc="exceed: the parts together exceed the total")
    suggestion: str | None = param(str, default=None)


PLACEHOLDERS = frozenset({"total", "sum", "diff", "share", "terms", "lead", "part", "label", "note"})
_NOTE_PLACEHOLDERS = frozenset({"units", "unit"})
_LEVELS = ";,、"  # width-normalised: ；，、 from the strongest
_GAP = " \u3000\t"
_CJK = rx.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Part:
    quantity: Quantity | None  # None: a zero item (二类家庭无)
    label: str
    count_first: bool = False  # the item opens with its count (344件已转办)

    @property
    def value(self) -> Decimal:
        return self.quantity.value if self.quantity else Decimal(0)


@dataclass(frozen=True)
class Breakdown:
    total: Quantity
    parts: tuple[Part, ...]
    whole: str  # always | likely | never: are the parts the whole breakdown?
    nested: bool  # some part overlaps another: the parts cannot be added up
    cue: str


def validate(rule: Rule[Params]) -> None:
    for key in ("suggestion", "message_sum"):
        check_template(getattr(rule.params, key), PLACEHOLDERS, key)
    check_template(rule.params.note, _NOTE_PLACEHOLDERS, "note")


def check(doc: Document, rule: Rule[Params], state: None, ctx: Context) -> Iterator[Diagnostic]:
    vocab = ctx.analyses.vocab
    ranges = doc.scope_ranges(rule.scope)
    for _, _, found_here in ctx.analyses.breakdowns:
        for b in found_here:
            if not in_ranges(b.total.start, ranges):
                continue
            found = judge(b, rule, vocab.near_miss)
            if found is not None:
                template, values = found
                tip = rule.format(rule.params.suggestion, **values) if rule.params.suggestion else None
                yield ctx.report(rule, b.total.start, b.total.end, rule.format(template, **values), suggestion=tip)


def judge(b: Breakdown, rule: Rule[Params], near_miss: Decimal) -> tuple[str | None, dict[str, str]] | None:
    """(message template, values) when ``b`` breaks the rule's relation, else None."""
    t = b.total
    if not t.exact or any(p.quantity is not None and not p.quantity.exact for p in b.parts):
        return None
    o = rule.params
    total = sum((p.value for p in b.parts), Decimal(0))
    mixed = {p.quantity.base_unit for p in b.parts if p.quantity} - {t.base_unit}
    terms = "+".join((p.quantity.text.strip() if mixed else fmt(p.value, t)[: -len(t.unit)]) if p.quantity else "0"
                     for p in b.parts)
    short = t.value - total
    note = rule.format(o.note, units="、".join(sorted(mixed)), unit=t.base_unit) if mixed and o.note else ""
    values = {"total": fmt(t.value, t), "sum": fmt(total, t), "diff": fmt(abs(short), t), "terms": terms,
              "share": f"{abs(short) / t.value * 100:.1f}%" if t.value else "", "part": "", "label": "",
              "lead": o.leads.get(b.cue, o.leads.get("*", "")), "note": note}
    close = short < 0 or short <= near_miss * t.value
    if o.relation == "sum":
        return (None, values) if short != 0 and (b.whole == "always" or (b.whole == "likely" and close)) else None
    if o.relation == "partial":
        return (None, values) if b.whole == "likely" and not close else None
    if b.whole != "never":
        return None
    big = max(b.parts, key=lambda p: p.value)
    if big.value > t.value:
        return None, {**values, "part": fmt(big.value, t), "label": big.label, "diff": fmt(big.value - t.value, t)}
    if not b.nested and len(b.parts) >= 2 and short < 0:
        return o.message_sum, {**values, "part": values["sum"]}
    return None


def find_breakdowns(s: Sentence, prev: Sentence | None, vocab: Vocab) -> Iterator[Breakdown]:
    if vocab.cue_pattern is None:
        return
    ix = pix = None
    for m in vocab.cue_pattern.finditer(s.text):
        if ix is not None and ix.budget <= 0:
            return  # a sentence of hundreds of lists (a line without 。): the rest is not read
        cue = vocab.cues[m.group(0)]
        colon = cue.word in (":", "：")
        paren = m.group(0) == "("
        if paren and vocab.cue_pattern.match(s.text, m.end()):
            continue  # （其中……）, （含……）: that cue reads the list
        totals = _totals(s, prev, m.start(), colon, vocab.change_words)
        if not totals:
            continue
        lo = m.end()
        while lo < len(s.text) and s.text[lo] in _GAP + ",:、":
            lo += 1
        hi = _region_end(s, m.start(), lo, colon)
        if vocab.distributive_words is not None and vocab.distributive_words.search(s.text, lo, hi):
            continue
        found = False
        ix = ix or _Index(s)
        pix = pix or (_Index(prev) if prev is not None else None)
        for t in totals:
            b = _breakdown(t, s, prev, cue, lo, hi, colon, paren, vocab, ix, pix)
            if b is not None:
                found = True
                yield b
        if not found:
            # 1536件，同比增长8.3%，罚没款3215.6万元。其中，……632件: the parts' kind picks the total
            # when the count nearest the cue is of another kind (元, not 件).
            earlier = _earlier_total(s, prev, totals, ix, pix)
            b = _breakdown(earlier, s, prev, cue, lo, hi, colon, paren, vocab, ix, pix) if earlier is not None else None
            if b is not None:
                yield b


def _breakdown(t: Quantity, s: Sentence, prev: Sentence | None, cue: Cue, lo: int, hi: int, colon: bool,
               paren: bool, vocab: Vocab, ix: _Index | None = None, pix: _Index | None = None) -> Breakdown | None:
    """The breakdown of total ``t`` by the items of kind ``t.kind`` in ``s.text[lo:hi]``, or None."""
    if t.percent or t.kind == "个百分点":
        return None  # a rate is not a count: 下降18.2%，其中维持率为61.5%
    owner = s if _holds(s, t) or prev is None else prev
    if cue.needs_total_word and not _has_total_word(t, owner, vocab):
        return None
    ix = ix or _Index(s)
    alts = _rivals(t, owner, vocab, ix if owner is s else pix)
    parts = _items(s, lo, hi, t.kind, vocab, colon, ix=ix)
    if not parts:
        return None
    if not colon and sum(p.value for p in parts) != t.value:
        longer = _items(s, lo, hi, t.kind, vocab, colon, continued=True, ix=ix)
        if len(longer) > len(parts) and sum(p.value for p in longer) == t.value:
            parts = longer  # a 、 list that goes on after a ，
    if vocab.extra_words is not None and sum(p.value for p in parts) != t.value:
        k = next((j for j, p in enumerate(parts) if j and vocab.extra_words.match(p.label)), None)
        if k is not None and sum(p.value for p in parts[:k]) == t.value:
            parts = parts[:k]  # “另有……”: beyond the total
    if not colon and sum(p.value for p in parts) > t.value and not parts[0].count_first:
        # 共收到来信1129件，其中有效信件698件，344件已转有关部门办理，354件已指引……: clauses
        # that open with their count right after a single part say what became of that part;
        # they are not more parts (其中胜诉6件、败诉2件，2件尚在审理中 still is one list).
        if len(parts) > 1 and parts[1].count_first:
            parts = parts[:1]
    nested = bool(vocab.nested_words) and any(vocab.nested_words.search(p.label) for p in parts)  # type: ignore[union-attr]
    if paren and (len(parts) < 2 or any(_aside(p.label, vocab) for p in parts)):
        return None  # （上年为60件）, （2022年为48件、2021年为40件）: not parts of the total
    whole = cue.whole if len(parts) >= 2 and not nested and not _open(s, parts, lo, hi, vocab) else "never"
    if alts is not None and not _nearest_meant(parts, whole, alts):
        return None
    return Breakdown(t, tuple(parts), whole, nested, cue.word)


def _holds(s: Sentence, q: Quantity) -> bool:
    """``q`` is one of ``s``'s quantities (they are the ones starting in it)."""
    return s.start <= q.start < s.end


def _earlier_total(s: Sentence, prev: Sentence | None, totals: list[Quantity],
                   ix: _Index | None = None, pix: _Index | None = None) -> Quantity | None:
    """An exact count before ``totals`` in the same sentence, of a kind none of them has and the
    only count of its kind there: the total of a list of that kind, when the counts nearest the
    cue are of other kinds (an amount of money, a rate)."""
    owner = s if _holds(s, totals[0]) or prev is None else prev
    oix = ix if owner is s and ix is not None else pix if owner is prev and pix is not None else _Index(owner)
    limit = owner.local(min(totals, key=lambda q: q.start).start)
    tried = {t.kind for t in totals}
    best: tuple[Quantity, int] | None = None  # the latest candidate of each kind, by bisection
    for kind, (starts, qs) in oix.kinds.items():
        if kind in tried or kind == "个百分点":
            continue
        n = bisect.bisect_left(starts, limit)
        j = n - 1
        while j >= 0 and qs[j].percent:
            j -= 1
        if j >= 0 and (best is None or qs[j].start > best[0].start):
            best = qs[j], n
    if best is None:
        return None
    q, n = best
    if not q.exact or n > 1:  # another count of its kind before the totals
        return None
    return q


def _totals(s: Sentence, prev: Sentence | None, cue_at: int, colon: bool,
            change_words: re.Pattern[str] | None = None) -> list[Quantity]:
    """The quantity the cue refers to, with quantities of other kinds written with it (223批次1578人次)."""
    a = cue_at
    skip = _GAP if colon else _GAP + ",(、"
    while a > 0 and s.text[a - 1] in skip:
        a -= 1
    owner, end = s, s.start + a
    if a == 0 and not colon and prev is not None and prev.text.endswith("。"):
        owner, end = prev, prev.end - 1
    pool = owner.quantities
    j = bisect.bisect_right(pool, end, key=_end) - 1  # the last quantity ending by ``end``
    while j >= 0 and pool[j].end > end:
        j -= 1
    last = pool[j] if j >= 0 else None
    if last is not None and not colon and last.end == end:
        # 1260件，同比增长18.5%，其中… / 46件，较上年增加8件，其中…: the count, not its change
        before = _before_change(owner, last)
        if last.percent or last.kind == "个百分点":
            if before is None:
                return []  # a rate is never a total
            last, end = before, before.end
        elif before is not None and before.kind == last.kind and change_words and change_words.search(owner.label(last)):
            last, end = before, before.end
    if last is None or (last.end != end and (colon or _has_separator(owner.text, owner.local(last.end), owner.local(end)))):
        return []  # the cue must follow the total, or close the clause that ends with it (15家企业落户，其中)
    group = [last]
    for k in range(owner.index(last) - 1, -1, -1):
        q = pool[k]
        between = owner.text[owner.local(q.end) : owner.local(group[-1].start)]
        if between.strip(_GAP + "、") or q.kind in {g.kind for g in group}:
            break
        group.append(q)
    return group


def _end(q: Quantity) -> int:
    return q.end


def _before_change(owner: Sentence, change: Quantity) -> Quantity | None:
    """The count whose clause the clause of ``change`` follows directly (``1260件，同比增长18.5%``),
    or None."""
    i = owner.index(change)
    if i == 0:
        return None
    q = owner.quantities[i - 1]
    between = owner.text[owner.local(q.end) : owner.local(change.start)]
    if q.percent or sum(ch in SEPARATORS for ch in between) != 1 or between[:1] != ",":
        return None
    return q


def _has_separator(text: str, a: int, b: int) -> bool:
    return any(ch in SEPARATORS for ch in text[a:b])


def _has_total_word(t: Quantity, owner: Sentence, vocab: Vocab) -> bool:
    return bool(vocab.total_words and vocab.total_words.search(owner.label(t)))


def _rivals(t: Quantity, owner: Sentence, vocab: Vocab, ix: _Index | None = None) -> list[Quantity] | None:
    """Other counts of the same kind earlier in the clause the cue might refer to instead of
    ``t`` (``受理42件，审结38件，其中……``); None when there are none, or a total word marks
    only ``t``; [] when ``t`` ends a ``、`` list of counts (any or all of them may be meant)."""
    lo, _ = owner.clause_bounds(t.start)
    ix = ix if ix is not None and ix.of is owner else _Index(owner)
    a, b = ix.span_of_kind(t.kind, owner.local(lo), owner.local(t.start))
    if b - a > MAX_PARTS:
        return []  # a clause of more counts than a list has: no reading
    same = ix.kinds[t.kind][1][a:b] if b > a else []
    if not same or (_has_total_word(t, owner, vocab) and not any(_has_total_word(q, owner, vocab) for q in same)):
        return None
    if "、" in owner.text[owner.local(same[-1].end) : owner.local(t.start)]:
        return []  # 来信20件、来访30件，其中……: a list of totals; the cue may mean any or all: no reading
    return same


def _nearest_meant(parts: list[Part], whole: str, rivals: list[Quantity]) -> bool:
    """With rivals, the cue is read as referring to the nearest count (``t``) unless the parts
    fit an earlier one: they add up to it, or (a partial list) stay within it.  An inexact
    rival could be meant by anything, and so could a list of totals (no rivals given): no reading."""
    if not rivals or any(not q.exact for q in rivals):
        return False
    total = sum((p.value for p in parts), Decimal(0))
    if any(q.value == total for q in rivals):
        return False
    return whole != "never" or all(total > q.value for q in rivals)


def _aside(label: str, vocab: Vocab) -> bool:
    """A bracketed count of another year or period, not a part: ``2022年为48件``, ``上年同期``."""
    label = label.strip(_GAP)
    return label.endswith("年") or bool(vocab.aside_words and vocab.aside_words.search(label))


_STOPS = {(colon, paren): rx.compile("[" + re.escape(SENTENCE_END + ("" if colon else ";") + (")" if paren else "")) + "]")
          for colon in (False, True) for paren in (False, True)}


def _region_end(s: Sentence, cue_at: int, lo: int, colon: bool) -> int:
    paren = s.text[cue_at] == "(" or (cue_at > 0 and s.text[cue_at - 1] == "(")
    m = _STOPS[colon, paren].search(s.text, lo)
    return m.start() if m else max(lo, len(s.text))


#: A list of more parts than this is not a breakdown a reader adds up (and a line of thousands
#: of ``共1件，其中`` clauses must not be read as thousands of lists of thousands of parts):
#: its structure is unclear, no finding.
MAX_PARTS = 60
#: List items read in one sentence, all its lists together: far more than prose has (a few
#: lists of a few items), and bounds the work on a line of thousands of clauses.
PIECE_BUDGET = 600
_MARK = rx.compile("[;,、]")


class _Index:
    """Where one sentence's quantities are (local offsets), to find them by bisection."""

    __slots__ = ("budget", "kinds", "of", "reach", "starts")

    def __init__(self, s: Sentence) -> None:
        self.of = s
        self.budget = PIECE_BUDGET
        self.starts = [s.local(q.start) for q in s.quantities]
        reach, far = [], -1
        for q in s.quantities:  # the furthest end of any quantity starting here or before
            far = max(far, s.local(q.end))
            reach.append(far)
        self.reach = reach
        self.kinds: dict[str, tuple[list[int], list[Quantity]]] = {}
        for q in s.quantities:
            starts, qs = self.kinds.setdefault(q.kind, ([], []))
            starts.append(s.local(q.start))
            qs.append(q)

    def inside_number(self, i: int) -> bool:
        j = bisect.bisect_right(self.starts, i) - 1
        return j >= 0 and self.reach[j] > i

    def span_of_kind(self, kind: str, a: int, b: int) -> tuple[int, int]:
        """Indexes into ``kinds[kind][1]`` of the quantities of ``kind`` starting in [a, b)."""
        starts = self.kinds.get(kind, ((), ()))[0]
        return bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)

    def of_kind(self, kind: str, a: int, b: int) -> list[Quantity]:
        """Quantities of ``kind`` starting in [a, b) (local offsets)."""
        i, j = self.span_of_kind(kind, a, b)
        return self.kinds[kind][1][i:j] if j > i else []


def _items(s: Sentence, lo: int, hi: int, kind: str, vocab: Vocab, colon: bool, continued: bool = False,
           ix: _Index | None = None) -> list[Part]:
    """Parts of the list in ``s.text[lo:hi]``; [] when its structure is unclear.  ``continued``:
    a ``、`` list goes on past a ``，`` (the items after it are read as more parts).

    Linear in the list, not in the sentence: the marks are read up to the list's end only and
    the counts found by bisection, so a sentence of thousands of clauses stays linear."""
    ix = ix or _Index(s)
    first = ix.of_kind(kind, lo, hi)[:1]
    if not first:
        return []
    first_end = s.local(first[0].end)
    marks = (m.start() for m in _MARK.finditer(s.text, lo, hi) if not ix.inside_number(m.start()))  # not 1,000
    pending: list[int] = []
    sep = None
    for i in marks:  # the separator: the first mark after the first part
        pending.append(i)
        if i >= first_end:
            sep = s.text[i]
            break
    seps = ""
    stronger = ""
    if sep is not None:
        level = _LEVELS.index(sep)
        seps = _LEVELS[: level + 1] if colon else _LEVELS[1 : level + 1] if continued else sep
        if not colon and not continued:  # a stronger separator after the first part ends the list
            stronger = _LEVELS[:level]

    def cuts() -> Iterator[int]:
        if sep is None:
            return
        for i in itertools.chain(pending, marks):
            ch = s.text[i]
            if stronger and i >= first_end and ch in stronger:
                yield -i - 1  # the end of the list
                return
            if ch in seps:
                yield i

    parts: list[Part] = []
    a = lo
    for b in itertools.chain(cuts(), (hi,)):
        end = b < 0
        if end:
            b = -b - 1
        ix.budget -= 1
        if ix.budget < 0:
            return []
        piece = s.text[a:b].strip(_GAP)
        inside = ix.of_kind(kind, a, b)
        a_, a = a, b + 1
        if piece:
            if len(inside) > 1 or (len(parts) == MAX_PARTS and (inside or (vocab.zero_words
                                                               and vocab.zero_words.search(piece[-2:])))):
                return []
            if inside:
                q = inside[0]
                after = s.text[s.local(q.end) : b]
                if vocab.open_words is not None and (m := vocab.open_words.match(after)):
                    after = after[m.end() :]  # 等 says the list is open (_open); it does not name the item
                before = s.text[a_ : s.local(q.start)].strip(_GAP)
                label = (before + after).strip(_GAP)
                parts.append(Part(q, label, count_first=not _CJK.search(before)))
            elif vocab.zero_words and vocab.zero_words.search(piece[-2:]):
                parts.append(Part(None, piece))
            else:
                break  # the list ends at the first item that does not count the total's kind
        if end or b >= hi:
            break
    return parts


def _open(s: Sentence, parts: list[Part], lo: int, hi: int, vocab: Vocab) -> bool:
    """``等`` right after a part's count (``30件等``), or right after the list: a partial list."""
    if vocab.open_words is None:
        return False
    for p in parts:
        if p.quantity is not None:
            after = s.text[s.local(p.quantity.end) : hi].lstrip(_GAP + _LEVELS)
            if vocab.open_words.match(after):
                return True
    return False


CHECK: Check[None, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=no_state,
    check=check,
    validate=validate,
)
