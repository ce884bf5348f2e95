"""``breakdown``: a total and its parts (``共X件，其中A a件、B b件、C c件``).

The total is the quantity right before a breakdown cue (``其中``, ``包括``, ``分别为``, a
colon…: ``settings.numbers.breakdown.cues``), or the last quantity of the previous
sentence when a sentence opens with the cue (``共91户。其中，…``).  The parts are the
items of the list that follows, split at ``；`` then ``，`` then ``、`` as needed, each
carrying one quantity of the total's kind; ``无``/``零`` items count as 0.  The list
ends at the first item without such a quantity, at the end of the sentence (colon
lists) or of the clause (other cues).

Fields:
  relation  ``sum``: an exhaustive breakdown must add up to the total;
            ``exceed``: a breakdown that is not exhaustive (one item, ``等``, an
            example cue) must not exceed the total.

A breakdown is exhaustive when its cue says so, it has two or more parts, no ``等``
follows a part, and no part is nested in another (``成功``, ``满意``, a second ``其中``:
``settings.numbers.breakdown.nested_words``).  Inexact numbers (``余``, ``约``…) are
never compared; nor are lists with distributive words (``各``, ``均``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..diagnostic import Diagnostic
from ..numbers import SENTENCE_END, SEPARATORS, Quantity, Sentence, analyze, fmt, in_ranges, vocab_for
from ..schema import F, OneOf
from .base import Context

if TYPE_CHECKING:
    from ..document import Document
    from ..numbers import Vocab
    from ..packs import Rule

NAME = "breakdown"
FIELDS = {"relation": F(OneOf(("sum", "exceed")), required=True), "suggestion": F(str, default=None)}
PLACEHOLDERS = frozenset({"total", "sum", "diff", "terms", "lead", "part", "label", "note"})
_LEVELS = (";", ",", "、")
_GAP = " \u3000\t"
_DISTRIBUTIVE = ("各", "均为", "均是", "分别")


@dataclass(frozen=True)
class Part:
    quantity: Quantity | None  # None: a zero item (二类家庭无)
    lo: int  # sentence-local span of the item
    hi: int
    label: str

    @property
    def value(self) -> Decimal:
        return self.quantity.value if self.quantity else Decimal(0)


@dataclass(frozen=True)
class Breakdown:
    total: Quantity
    parts: tuple[Part, ...]
    exhaustive: bool
    nested: bool
    cue: str


def prepare(rule: Rule) -> None:
    return None


def check(doc: Document, rule: Rule, state: None, ctx: Context) -> Iterator[Diagnostic]:
    vocab = vocab_for(ctx.ruleset.settings)
    ranges = doc.scope_ranges(rule.scope)
    suggestion = rule.options["suggestion"]
    for para in analyze(doc, vocab).paragraphs:
        for i, s in enumerate(para):
            for b in find_breakdowns(s, para[i - 1] if i else None, vocab):
                if not in_ranges(b.total.start, ranges):
                    continue
                values = _judge(b, rule.options["relation"])
                if values is not None:
                    yield ctx.report(rule, b.total.start, b.total.end, suggestion=suggestion, **values)


def _judge(b: Breakdown, relation: str) -> dict[str, str] | None:
    t = b.total
    if not t.exact or any(p.quantity is not None and not p.quantity.exact for p in b.parts):
        return None
    total = sum((p.value for p in b.parts), Decimal(0))
    mixed = {p.quantity.unit for p in b.parts if p.quantity} - {t.unit}
    terms = "+".join((p.quantity.text.strip() if mixed else fmt(p.value, t)[: -len(t.unit)]) if p.quantity else "0"
                     for p in b.parts)
    note = f"；{'、'.join(sorted(mixed))}与{t.unit}按同一种计数相加" if mixed else ""
    values = {"total": fmt(t.value, t), "sum": fmt(total, t), "diff": fmt(abs(total - t.value), t), "terms": terms,
              "lead": "其中" if b.cue == "其中" else "所列", "note": note, "part": "", "label": ""}
    if relation == "sum":
        return values if b.exhaustive and total != t.value else None
    if b.exhaustive:
        return None
    big = max(b.parts, key=lambda p: p.value)
    if big.value > t.value:
        return {**values, "part": fmt(big.value, t), "label": big.label, "diff": fmt(big.value - t.value, t)}
    if not b.nested and len(b.parts) >= 2 and total > t.value:
        return {**values, "part": values["sum"], "label": "各项合计"}
    return None


def find_breakdowns(s: Sentence, prev: Sentence | None, vocab: Vocab) -> Iterator[Breakdown]:
    if vocab.cue_pattern is None or not s.quantities and prev is None:
        return
    for m in vocab.cue_pattern.finditer(s.text):
        cue = vocab.cues[m.group(0)]
        totals = _totals(s, prev, m.start(), cue.word in (":", "："))
        if not totals:
            continue
        lo = m.end()
        while lo < len(s.text) and s.text[lo] in _GAP + ",:、":
            lo += 1
        hi = _region_end(s, m.start(), lo, colon=cue.word in (":", "："))
        region = s.text[lo:hi]
        if any(w in region for w in _DISTRIBUTIVE):
            continue
        for t in totals:
            owner = _owner(t, s, prev)
            if cue.needs_total_word and not _has_total_word(t, owner, vocab) or not _unambiguous(t, owner, vocab):
                continue
            parts = _items(s, lo, hi, t.kind, vocab, _LEVELS)
            if not parts:
                continue
            nested = vocab.nested_words is not None and any(vocab.nested_words.search(p.label) for p in parts)
            opened = _open_after(s, parts, hi, vocab)
            exhaustive = cue.exhaustive and len(parts) >= 2 and not nested and not opened
            yield Breakdown(t, tuple(parts), exhaustive, nested, cue.word)


def _totals(s: Sentence, prev: Sentence | None, cue_at: int, colon: bool) -> list[Quantity]:
    """The quantity the cue refers to, with quantities of other kinds written with it (223批次1578人次)."""
    a = cue_at
    skip = _GAP if colon else _GAP + ",(、"
    while a > 0 and s.text[a - 1] in skip:
        a -= 1
    owner, end = s, s.start + a
    if a == 0 and not colon and prev is not None and prev.text.endswith("。"):
        owner, end = prev, prev.end - 1
    pool = owner.quantities
    last = next((q for q in reversed(pool) if q.end <= end), None)
    if last is None or last.end != end and (colon or _has_separator(owner.text, owner.local(last.end), owner.local(end))):
        return []  # the cue must follow the total, or close the clause that ends with it (15家企业落户，其中)
    group = [last]
    for q in reversed(pool[: pool.index(last)]):
        between = owner.text[owner.local(q.end) : owner.local(group[-1].start)]
        if between.strip(_GAP + "、") or q.kind in {g.kind for g in group}:
            break
        group.append(q)
    return group


def _has_separator(text: str, a: int, b: int) -> bool:
    return any(ch in SEPARATORS for ch in text[a:b])


def _owner(t: Quantity, s: Sentence, prev: Sentence | None) -> Sentence:
    return s if t in s.quantities or prev is None else prev


def _has_total_word(t: Quantity, owner: Sentence, vocab: Vocab) -> bool:
    return bool(vocab.total_words and vocab.total_words.search(owner.label(t)))


def _unambiguous(t: Quantity, owner: Sentence, vocab: Vocab) -> bool:
    """No other count of the same kind earlier in the clause, unless a total word marks only ``t``."""
    lo, _ = owner.clause_bounds(t.start)
    same = [q for q in owner.quantities if lo <= q.start < t.start and q.kind == t.kind]
    return not same or _has_total_word(t, owner, vocab) and not any(_has_total_word(q, owner, vocab) for q in same)


def _region_end(s: Sentence, cue_at: int, lo: int, colon: bool) -> int:
    stops = SENTENCE_END if colon else SENTENCE_END + ";"
    if cue_at > 0 and s.text[cue_at - 1] == "(":
        stops += ")"
    hi = lo
    while hi < len(s.text) and s.text[hi] not in stops:
        hi += 1
    return hi


def _items(s: Sentence, lo: int, hi: int, kind: str, vocab: Vocab, levels: tuple[str, ...]) -> list[Part]:
    """Parts of the list in ``s.text[lo:hi]``; [] when its structure is unclear."""
    level = next((sep for sep in levels if sep in s.text[lo:hi]), None)
    pieces = _split(s.text, lo, hi, level) if level else [(lo, hi)]
    rest = levels[levels.index(level) + 1 :] if level else ()
    top = levels == _LEVELS
    parts: list[Part] = []
    for a, b in pieces:
        qs = [q for q in s.quantities if a <= s.local(q.start) < b and q.kind == kind]
        if len(qs) == 1:
            parts.append(Part(qs[0], a, b, _label(s, a, b, qs[0])))
        elif len(qs) > 1 and rest:
            sub = _items(s, a, b, kind, vocab, rest)
            if not sub:
                return []
            parts.extend(sub)
        elif not qs and vocab.zero_words and vocab.zero_words.search(s.text[a:b].rstrip(_GAP)[-2:]):
            parts.append(Part(None, a, b, s.text[a:b]))
        elif top:
            break  # the list ends at the first item that does not count the total's kind
        else:
            return []
    return parts


def _split(text: str, lo: int, hi: int, seps: str) -> list[tuple[int, int]]:
    out, a = [], lo
    for i in range(lo, hi):
        if text[i] in seps:
            out.append((a, i))
            a = i + 1
    out.append((a, hi))
    return [(x, y) for x, y in out if text[x:y].strip(_GAP)]


def _label(s: Sentence, a: int, b: int, q: Quantity) -> str:
    return (s.text[a : s.local(q.start)] + s.text[s.local(q.end) : b]).strip(_GAP)


def _open_after(s: Sentence, parts: list[Part], hi: int, vocab: Vocab) -> bool:
    """``等`` right after a part's number, or in what follows the last part: a partial list."""
    if vocab.open_words is None:
        return False
    for p in parts:
        if p.quantity is not None:
            tail = s.text[s.local(p.quantity.end) : p.hi]
            if vocab.open_words.match(tail.lstrip(_GAP)):
                return True
    last = parts[-1].hi
    nxt = s.text[last:hi].lstrip(_GAP + ",、;")
    return bool(vocab.open_words.match(nxt))
