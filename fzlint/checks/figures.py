"""``figures``: a part that reports work without figures (内容空泛, 运用事例少).

Reviewers send back reports whose 举措和成效 is all intentions and slogans: no count, no
amount, no rate.  For each part in ``parts`` (its sections, sub-sections and covering
paragraphs, as ``Document.scope_ranges`` gives them) the figures the numbers reader finds
(counts with a unit, amounts, percentages; dates, ordinals and ranges are not figures) are
counted against the Chinese characters of the part.  A part of at least ``min_chars``
characters with fewer than ``min_per_thousand`` figures per thousand characters is
reported once, on its first line.  Short parts are left alone: a few lines say too
little to judge.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..diagnostic import Diagnostic
from ..infra import rx
from ..packs.schema import ListOf, param, params
from .base import Context, check_template
from .contract import Check, no_state

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "figures"


@params
class Params:
    parts: list[str] = param(ListOf(str, allow_single=True), required=True)
    min_chars: int = param(int, default=800, doc="parts shorter than this (Chinese characters) are not judged")
    min_per_thousand: float = param(float, default=5.0, doc="fewer figures per 1,000 characters than this are reported")
    suggestion: str | None = param(str, default=None)


PLACEHOLDERS = frozenset({"part", "count", "chars", "per_thousand"})
_HAN_RUN = rx.compile(r"[\u4e00-\u9fff]+")  # counted by runs: one string per run, not per character


def validate(rule: Rule[Params]) -> None:
    check_template(rule.params.suggestion, PLACEHOLDERS, "suggestion")
    if rule.params.min_chars < 1 or rule.params.min_per_thousand <= 0:
        raise ValueError("min_chars 至少为 1，min_per_thousand 应大于 0")


def check(doc: Document, rule: Rule[Params], state: None, ctx: Context) -> Iterator[Diagnostic]:
    specs = ctx.ruleset.parts
    if specs is None:
        return
    o = rule.params
    quantities = sorted(q.start for s in ctx.analyses.numbers.sentences for q in s.quantities)
    for part in o.parts:
        ranges = _merged(doc.scope_ranges(part))
        if not ranges:
            continue
        chars = sum(len(run) for a, b in ranges for run in _HAN_RUN.findall(doc.text, a, b))
        if chars < o.min_chars:
            continue
        count = sum(bisect.bisect_left(quantities, b) - bisect.bisect_left(quantities, a) for a, b in ranges)
        per_thousand = 1000 * count / chars
        if per_thousand >= o.min_per_thousand:
            continue
        spec = specs.get(part)
        values: dict[str, Any] = {"part": spec.name if spec else part, "count": count, "chars": chars,
                                  "per_thousand": f"{per_thousand:.1f}"}
        start = ranges[0][0]
        line = doc.line_at(start)
        suggestion = rule.format(o.suggestion, **values) if o.suggestion else None
        yield ctx.report(rule, start, max(line.content_end, start), rule.format(**values), suggestion=suggestion,
                         data=(("part", part), ("figures", str(count)), ("chars", str(chars))))


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted ranges with overlaps joined (a covering paragraph may lie inside a section)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


CHECK: Check[None, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=no_state,
    check=check,
    validate=validate,
)
