"""``subset``: a count that is part of another count in the same clause (成功 ≤ 调解).

Each pair names the words of the part (``sub``) and of the whole (``sup``).  A
quantity counts the part when its label (the words before the number, see
:meth:`fzlint.analysis.sentences.Sentence.label`) contains a ``sub`` word, and the whole when it
contains a ``sup`` word and no ``sub`` word; both must be exact and of one kind.  The
whole is the nearest such quantity before the part in the clause (between ``；``).

Fields:
  relation   ``exceeds``: the part is larger than the whole;
             ``gap``: the part is smaller by at least ``min_gap`` (a share of the whole)
             and nothing in the sentence or the next one says what became of the rest.
  pairs      [{sub: [...], sup: [...], hint: "…"}]; ``hint`` fills ``{hint}``
  explained  words that explain the difference (结转, 正在办理…); none → a finding
  min_gap    for ``gap``: 0.05 means a gap of 5 % of the whole or more
  same_object  the two labels must share two characters besides the part's word
             (``办理举报投诉`` / ``现场处理投诉`` share 投诉): both counts are about one thing
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..analysis.numbers import Quantity, fmt
from ..analysis.sentences import Sentence, in_ranges
from ..diagnostic import Diagnostic
from ..packs.schema import F, ListOf, OneOf, Schema, param, params
from .base import Context, check_template, literal_alternation
from .contract import Check

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "subset"


@params
class Params:
    relation: str = param(OneOf(("exceeds", "gap")), required=True)
    pairs: list[dict[str, Any]] = param(ListOf(Schema({"sub": F(ListOf(str, allow_single=True), required=True),
                                                       "sup": F(ListOf(str, allow_single=True), required=True),
                                                       "hint": F(str, default="")})), required=True)
    explained: list[str] = param(ListOf(str), default=[])
    min_gap: float = param(float, default=0.0)
    same_object: bool = param(bool, default=False)
    suggestion: str | None = param(str, default=None)


PLACEHOLDERS = frozenset({"sub", "sup", "sub_label", "sup_label", "diff", "share", "hint"})


@dataclass(frozen=True)
class Pair:
    """Compiled words of a part count and of the whole count it belongs to, and the hint shown."""

    sub: re.Pattern[str]
    sup: re.Pattern[str]
    hint: str


@dataclass(frozen=True)
class State:
    """The rule's pairs and the words that explain a difference, built by ``prepare``."""

    pairs: tuple[Pair, ...]
    explained: re.Pattern[str] | None
    any_sub: re.Pattern[str] | None = None  # every pair's sub words: a label none of them is in is no part


def validate(rule: Rule[Params]) -> None:
    check_template(rule.params.suggestion, PLACEHOLDERS, "suggestion")
    if not 0 <= rule.params.min_gap < 1:
        raise ValueError("min_gap 应在 0 和 1 之间（如 0.05 表示 5%）")
    prepare(rule)


def prepare(rule: Rule[Params]) -> State:
    o = rule.params
    pairs = tuple(Pair(literal_alternation(p["sub"]), literal_alternation(p["sup"]), p["hint"]) for p in o.pairs)
    return State(pairs, literal_alternation(o.explained) if o.explained else None,
                 # (a pair without sub words matches every label: no prefilter then)
                 literal_alternation([w for p in o.pairs for w in p["sub"]])
                 if o.pairs and all(p["sub"] for p in o.pairs) else None)


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    ranges = doc.scope_ranges(rule.scope)
    gap = rule.params.relation == "gap"
    vocab = ctx.analyses.vocab
    for para in ctx.analyses.numbers.paragraphs:
        for i, s in enumerate(para):
            if len(s.quantities) < 2 or not in_ranges(s.start, ranges):
                continue
            found = list(_pairs(s, state.pairs, state.any_sub))
            if not found:
                continue
            context = s.text + (para[i + 1].text if gap and i + 1 < len(para) else "")
            if state.explained and state.explained.search(context):
                continue
            for pair, whole, part in found:
                if rule.params.same_object and not _same_object(s.label(whole), s.label(part), pair):
                    continue
                diff = part.value - whole.value
                if gap:
                    between = s.text[s.local(whole.end) : s.local(part.start)]
                    if diff >= 0 or -diff < whole.value * Decimal(str(rule.params.min_gap)) or (
                            vocab.break_words is not None and vocab.break_words.search(between)):
                        continue
                elif diff <= 0:
                    continue
                share = f"{abs(diff) / whole.value * 100:.1f}%"
                values = {"sub": fmt(part.value, part), "sup": fmt(whole.value, whole), "diff": fmt(abs(diff), whole),
                          "sub_label": s.label(part), "sup_label": s.label(whole), "share": share, "hint": pair.hint}
                suggestion = (rule.format(rule.params.suggestion, **values) if rule.params.suggestion else "") or None
                yield ctx.report(rule, part.start, part.end, rule.format(**values), suggestion=suggestion)


def _pairs(s: Sentence, pairs: tuple[Pair, ...],
           any_sub: re.Pattern[str] | None = None) -> Iterator[tuple[Pair, Quantity, Quantity]]:
    for clause in s.clauses():
        counts = [q for q in clause if q.exact and not q.percent]
        labels = [s.label(q) for q in counts]
        if any_sub is not None and not any(any_sub.search(label) for label in labels):
            continue  # no count of the clause is a part of any pair
        for pair in pairs:
            # each label searched once per pair (not once per pair of counts)
            subs = [pair.sub.search(label) is not None for label in labels]
            if not any(subs):
                continue
            sups = [pair.sup.search(label) is not None for label in labels]
            for j, part in enumerate(counts):
                if not subs[j]:
                    continue
                whole = next((counts[k] for k in range(j - 1, -1, -1) if counts[k].kind == part.kind
                              and sups[k] and not subs[k]), None)
                if whole is not None and whole.value > 0:
                    yield pair, whole, part


def _same_object(whole: str, part: str, pair: Pair) -> bool:
    rest = pair.sub.sub("\0", part)
    return any(whole.find(rest[i : i + 2]) >= 0 for i in range(len(rest) - 1) if "\0" not in rest[i : i + 2])


CHECK: Check[State, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
