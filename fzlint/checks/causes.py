"""``causes``: the shortcomings part must say why, not only what.

The part (``part``, by default ``shortcomings``) is split into problem items: its
sub-headings, else inline enumerations (``一是…二是…``, pack ``item_markers``), else
the whole body as one item.  An item gives a cause when

* a ``cause_cues`` regex (由于, 因为, 受…影响 …) matches anywhere in the item, or
* an ``explanation_cues`` regex (缺乏, 没有, 导致 …) matches in the item's
  *elaboration* — the text after its first sentence or sub-heading; a one-line
  problem statement (``二是行政执法监督有待进一步加强。``) has none.

A ``block_cues`` match anywhere in the part (``原因``, ``究其…``; a sub-heading such as
``（二）原因分析``) means the causes are given together: nothing is reported.
One finding on the part's heading: every item lacks a cause (``message``; with a
single item, e.g. a section written as one paragraph, ``message_single``) or some do
(``message_partial``, naming them).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..diagnostic import Diagnostic
from ..infra import rx
from ..packs.schema import ListOf, param, params
from .base import Context, check_template, clip, compile_pattern, part_coverage
from .contract import Check

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document, Heading

NAME = "causes"


@params
class Params:
    part: str = param(str, default="shortcomings")
    block_cues: list[str] = param(ListOf(str), default=[])
    cause_cues: list[str] = param(ListOf(str), default=[])
    explanation_cues: list[str] = param(ListOf(str), default=[])
    item_markers: list[str] = param(ListOf(str), default=[])
    message_partial: str | None = param(str, default=None)
    message_single: str | None = param(str, default=None, doc="the section is one item (not a list of problems) without a cause")
    suggestion: str | None = param(str, default=None)


PLACEHOLDERS = frozenset({"part", "total", "count", "items"})
_FIRST_SENTENCE = rx.compile(r"[。！？!?]|\n")


@dataclass(frozen=True)
class State:
    """The rule's compiled cue lists and item-marker pattern, built by ``prepare``."""

    block: tuple[re.Pattern[str], ...]
    cause: tuple[re.Pattern[str], ...]
    explanation: tuple[re.Pattern[str], ...]
    markers: re.Pattern[str] | None


@dataclass(frozen=True)
class Item:
    """One problem item of the part: its label and where its statement and elaboration lie."""

    label: str  # how the item is named in messages
    start: int
    split: int  # end of the problem statement; the elaboration follows
    end: int


def validate(rule: Rule[Params]) -> None:
    for key in ("message_partial", "message_single", "suggestion"):
        check_template(getattr(rule.params, key), PLACEHOLDERS, key)
    prepare(rule)


def prepare(rule: Rule[Params]) -> State:
    o = rule.params

    def comp(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
        return tuple(compile_pattern(p) for p in patterns)

    markers = compile_pattern("|".join(f"(?:{m})" for m in o.item_markers)) if o.item_markers else None
    return State(comp(o.block_cues), comp(o.cause_cues), comp(o.explanation_cues), markers)


def _first_sentence_end(text: str, start: int, end: int) -> int:
    m = _FIRST_SENTENCE.search(text, start, end)
    return m.end() if m else end


def items_of(doc: Document, head: Heading, state: State) -> list[Item]:
    """The problem items of one section (see the module docstring)."""
    text = doc.text
    body_start, body_end = head.text_end, head.end
    if head.children:
        return [Item(f"{c.marker}{clip(c.text, 16)}" if c.marker else clip(c.text, 16), c.start,
                     max(c.text_end, c.start), c.end) for c in head.children]
    starts = [m.start() for m in state.markers.finditer(text, body_start, body_end)] if state.markers else []
    if len(starts) >= 2:
        bounds = [*starts, body_end]
        out = []
        for a, b in itertools.pairwise(bounds):
            split = _first_sentence_end(text, a, b)
            out.append(Item(clip(text[a:split].strip(), 16), a, split, b))
        return out
    first = next(doc.paragraphs(body_start, body_end), None)
    if first is None:
        return []
    a = max(first.content_start, body_start)
    return [Item("", a, _first_sentence_end(text, a, body_end), body_end)]


def _has_cause(text: str, item: Item, state: State) -> bool:
    if any(p.search(text, item.start, item.end) for p in state.cause):
        return True
    return any(p.search(text, item.split, item.end) for p in state.explanation)


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    specs = ctx.ruleset.parts
    o = rule.params
    covers = part_coverage(ctx).get(o.part, []) if specs is not None else []
    spec = specs.get(o.part) if specs is not None else None
    heads = []
    for cover in covers:
        top = cover.heading
        if top is None:
            continue  # a paragraph cover: where its problem list ends is unknown
        if any(p.search(doc.text, top.text_end, top.end) for p in state.block):
            continue  # causes analysed together (``究其原因……``, ``（二）原因分析``)
        # A combined section (``三、存在的问题和下一步打算``) is judged on its shortcomings sub-section.
        subs = [c for c in top.children if spec is not None and spec.sub_cue_match(c.text)]
        heads.extend(subs or [top])
    for head in heads:
        items = items_of(doc, head, state)
        if not items:
            continue
        lacking = [it for it in items if not _has_cause(doc.text, it, state)]
        if not lacking:
            continue
        values = {
            "part": head.text,
            "total": len(items),
            "count": len(lacking),
            "items": "、".join(f"“{it.label}”" for it in lacking if it.label),
        }
        if len(lacking) < len(items):
            template = o.message_partial
        else:
            template = o.message_single if len(items) == 1 else None
        suggestion = rule.format(o.suggestion, **values) if o.suggestion else None
        yield ctx.report(rule, head.start, head.text_end, rule.format(template, **values), suggestion=suggestion,
                         data=(("items", str(len(items))), ("without_cause", str(len(lacking)))))


CHECK: Check[State, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
