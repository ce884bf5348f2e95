"""``required_parts``: every required part of the report is present.

The parts and how their headings are recognised are the pack's ``parts:`` data
(see :mod:`fzlint.parse.parts`).  A part counts as present when a top-level heading maps
to it, a combined top-level heading also names it, a lower-level heading inside
another part matches its strict ``sub_cues``, (for the pack's ``implicit_part``) the
report has top-level sections that map to no part, or, when no heading covers it, a
body paragraph opens with one of its ``body_cues``.  One finding per missing part, on
the title (or the first line when there is no title); a report without any section
heading gets one finding listing them all (``message_no_headings``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..diagnostic import Diagnostic
from ..packs.schema import param, params
from .base import Context, check_template, part_coverage
from .contract import Check, no_state

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "required_parts"


@params
class Params:
    message_no_headings: str | None = param(str, default=None, doc="when the report has no section headings at all")
    suggestion: str | None = param(str, default=None)


PLACEHOLDERS = frozenset({"part", "id", "parts", "count"})


def validate(rule: Rule[Params]) -> None:
    for key in ("message_no_headings", "suggestion"):
        check_template(getattr(rule.params, key), PLACEHOLDERS, key)


def anchor(doc: Document) -> tuple[int, int] | None:
    """Where a whole-document finding points: the title, else the first non-blank line."""
    if doc.title is not None:
        return doc.title.start, doc.title.end
    first = next(doc.paragraphs(), None)
    return (first.content_start, first.content_end) if first is not None else None


def check(doc: Document, rule: Rule[Params], state: None, ctx: Context) -> Iterator[Diagnostic]:
    specs = ctx.ruleset.parts
    where = anchor(doc)
    if specs is None or where is None:
        return
    cov = part_coverage(ctx)
    missing = [p for p in specs.parts if p.required and not cov.get(p.id)]
    if not missing:
        return
    o = rule.params
    names = "、".join(f"“{p.name}”" for p in missing)
    if not doc.top and o.message_no_headings:
        values: dict[str, Any] = {"part": names, "id": ",".join(p.id for p in missing), "parts": names, "count": len(missing)}
        suggestion = rule.format(o.suggestion, **values) if o.suggestion else None
        yield ctx.report(rule, *where, rule.format(o.message_no_headings, **values), suggestion=suggestion,
                         data=(("parts", ",".join(p.id for p in missing)),))
        return
    for p in missing:
        values = {"part": p.name, "id": p.id, "parts": names, "count": str(len(missing))}
        suggestion = rule.format(o.suggestion, **values) if o.suggestion else None
        yield ctx.report(rule, *where, rule.format(**values), suggestion=suggestion, data=(("part", p.id),))


CHECK: Check[None, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=no_state,
    check=check,
    validate=validate,
)
