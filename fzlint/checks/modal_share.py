"""``modal_share``: a part written as rules (应/应当/要) instead of as a report.

The sentences of each part in ``parts`` are counted (heading lines left out); a
sentence is *modal* when one of ``words`` occurs in it outside every match of the
``exceptions`` regexes and outside quotation marks (a quoted regulation is not the
report's own voice).  The exceptions carry the compounds (``应急`` ``重要`` ``要求``…)
and reported speech (``会议强调要……``); a regex list is used rather than the
segmenter because jieba's new-word guessing glues a unit's name to the modal
(``大港街应按照`` → ``街应``/``按照``).

A part is reported when, in the part as a whole or in one of its sub-sections,
there are at least ``min_count`` modal sentences making up at least ``min_share`` of
the sentences — one finding per part, on the first modal sentence of that section.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..diagnostic import Diagnostic
from ..infra import rx
from ..packs.schema import ListOf, param, params
from .base import Context, check_template, clip, compile_pattern, literal_alternation, part_coverage
from .contract import Check
from .textutil import Spans

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document, Heading

NAME = "modal_share"


@params
class Params:
    parts: list[str] = param(ListOf(str, allow_single=True), required=True)
    words: list[str] = param(ListOf(str, allow_single=True), required=True)
    exceptions: list[str] = param(ListOf(str, allow_single=True), default=[])
    min_share: float = param(float, default=0.2)
    min_count: int = param(int, default=3)
    suggestion: str | None = param(str, default=None)


PLACEHOLDERS = frozenset({"part", "section", "count", "total", "share", "lines", "where", "example"})
_QUOTED = rx.compile(r"“[^“”]*”|「[^「」]*」")
# A sentence as Document.sentences cuts one: up to and including a 。！？!?；; or to the end.
_SENTENCE = rx.compile(r"[^。！？!?；;]*[。！？!?；;]|[^。！？!?；;]+")


@dataclass(frozen=True)
class State:
    """The rule's modal words and exception patterns, compiled by ``prepare``."""

    words: re.Pattern[str]
    exceptions: tuple[re.Pattern[str], ...]


def validate(rule: Rule[Params]) -> None:
    check_template(rule.params.suggestion, PLACEHOLDERS, "suggestion")
    if not 0 < rule.params.min_share <= 1:
        raise ValueError("min_share 应在 0 到 1 之间")
    if rule.params.min_count < 1:
        raise ValueError("min_count 至少为 1")
    prepare(rule)


def prepare(rule: Rule[Params]) -> State:
    return State(literal_alternation(rule.params.words),
                 tuple(compile_pattern(p) for p in rule.params.exceptions))


def modal_sentences(doc: Document, start: int, end: int, state: State,
                    memo: dict[int, tuple[int, list[tuple[int, int]]]] | None = None,
                    ) -> tuple[int, list[tuple[int, int]]]:
    """(number of sentences, spans of the modal ones) in ``[start, end)``.

    ``memo``: the counts of lines lying wholly inside the range, by line number, shared by
    the calls for a section and for its subsections (such a line counts the same in both).
    """
    text = doc.text
    # Only the headings starting inside the range (a bisect over their cached starts: one
    # with a key called a Python function log(n) times per section, n log n in all).
    heading_spans = Spans((h.start, h.text_end) for h in doc.headings_between(start, end))
    total = 0
    modal: list[tuple[int, int]] = []
    for ln in doc.paragraphs(start, end):
        whole = start <= ln.content_start and ln.content_end <= end
        if memo is not None and whole and ln.number in memo:
            n, found = memo[ln.number]
            total += n
            modal.extend(found)
            continue
        line_total = 0
        line_modal: list[tuple[int, int]] = []
        blocked: Spans | None = None  # built when a sentence has a modal word
        # Only a heading on this line can hold one of its sentences (hs <= a < b <= he + 1).
        heads = heading_spans.overlapping(ln.content_start - 1, ln.content_end)
        lo, hi = max(start, ln.content_start), min(end, ln.content_end)
        # doc.sentences(lo, hi) of this one line, without its per-call walk of the paragraphs
        sentences = [m.span() for m in _SENTENCE.finditer(text, lo, hi)] if lo < hi else []
        if not state.words.search(text, lo, hi):  # no modal word on the line: only count
            sentences = [(a, b) for a, b in sentences if not any(hs <= a and b <= he + 1 for hs, he in heads)]
            line_total, sentences = len(sentences), []
        for a, b in sentences:
            if any(hs <= a and b <= he + 1 for hs, he in heads):
                continue  # the heading itself (or the first clause of a run-in heading)
            line_total += 1
            words = list(state.words.finditer(text, a, b))
            if not words:
                continue
            if blocked is None:
                blocked = Spans([*(m.span() for m in _QUOTED.finditer(text, ln.content_start, ln.content_end)),
                                 *(m.span() for p in state.exceptions
                                   for m in p.finditer(text, ln.content_start, ln.content_end))])
            if not blocked or any(not blocked.covers(m.start(), m.end()) for m in words):
                line_modal.append((a, b))
        if memo is not None and whole:
            memo[ln.number] = (line_total, line_modal)
        total += line_total
        modal.extend(line_modal)
    return total, modal


def _sections(covers: list[Heading]) -> Iterator[Heading]:
    for h in covers:
        yield h
        yield from h.children


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    specs = ctx.ruleset.parts
    if specs is None:
        return
    o = rule.params
    cov = part_coverage(ctx)
    memo: dict[int, tuple[int, list[tuple[int, int]]]] = {}
    for part in o.parts:
        heads = [c.heading for c in cov.get(part, []) if c.heading is not None]
        for h in _sections(heads):
            total, modal = modal_sentences(doc, h.start, h.end, state, memo)
            if not total or len(modal) < o.min_count or len(modal) / total < o.min_share:
                continue
            a, b = modal[0]
            values: dict[str, Any] = {
                "part": heads[0].text,
                "section": h.text,
                "count": len(modal),
                "total": total,
                "share": f"{len(modal) / total:.0%}",
                "lines": "、".join(str(n) for n in sorted({doc.location(s)[0] for s, _ in modal})),
                "where": doc.where(*(s for s, _ in modal)),
                "example": clip(doc.text[a:b], 20),
            }
            suggestion = rule.format(o.suggestion, **values) if o.suggestion else None
            yield ctx.report(rule, a, b, rule.format(**values), suggestion=suggestion,
                             data=(("part", part), ("modal", str(len(modal))), ("sentences", str(total))))
            break  # one finding per part


CHECK: Check[State, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
