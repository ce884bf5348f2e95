"""``topics``: a part of the report should touch on each of a list of topics.

Each topic has a name and regexes; a topic is present when any of its regexes
matches in the sections covering ``part`` (see :func:`fzlint.parse.parts.coverage`), or —
with ``search_in: body`` — anywhere in the report (a duty described under another
heading still counts).  One finding on the part's heading lists the absent topics
(``message``; with ``search_in: part``, ``message_part`` when set: a topic may then be
mentioned elsewhere).  When the part itself is missing nothing is reported here
(``required_parts`` says so).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..diagnostic import Diagnostic
from ..packs.schema import F, ListOf, OneOf, Schema, param, params
from .base import Context, check_template, compile_pattern, part_coverage
from .contract import Check

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "topics"


@params
class Params:
    part: str = param(str, required=True, doc="required-part id whose sections are searched")
    topics: list[dict[str, Any]] = param(
        ListOf(Schema({"name": F(str, required=True), "hint": F(str, default=""),
                       "patterns": F(ListOf(str, allow_single=True), required=True)})),
        required=True,
    )
    search_in: str = param(OneOf(("part", "body")), default="part",
                           doc="part: only the part's sections; body: anywhere in the report (fewer, surer findings)")
    message_part: str | None = param(str, default=None, doc="the message when search_in is part")
    suggestion: str | None = param(str, default=None)


PLACEHOLDERS = frozenset({"missing", "hints", "count", "part"})


@dataclass(frozen=True)
class Topic:
    """One topic the part should touch on: its name, hint and compiled patterns."""

    name: str
    hint: str
    patterns: tuple[re.Pattern[str], ...]


def validate(rule: Rule[Params]) -> None:
    for key in ("message_part", "suggestion"):
        check_template(getattr(rule.params, key), PLACEHOLDERS, key)
    if not rule.params.topics:
        raise ValueError("topics 不能为空")
    prepare(rule)


def prepare(rule: Rule[Params]) -> tuple[Topic, ...]:
    return tuple(Topic(t["name"], t["hint"], tuple(compile_pattern(p) for p in t["patterns"]))
                 for t in rule.params.topics)


def check(doc: Document, rule: Rule[Params], state: tuple[Topic, ...], ctx: Context) -> Iterator[Diagnostic]:
    specs = ctx.ruleset.parts
    covers = part_coverage(ctx).get(rule.params.part, []) if specs is not None else []
    if not covers:
        return
    template = None
    if rule.params.search_in == "body":
        texts = [doc.text[doc.body_start : doc.body_end]]
    else:
        texts = [doc.text[c.start : c.end] for c in covers]
        template = rule.params.message_part
    missing = [t for t in state if not any(p.search(text) for p in t.patterns for text in texts)]
    if not missing:
        return
    first = covers[0]
    start, end = (first.heading.start, first.heading.text_end) if first.heading else (first.start, first.end)
    values: dict[str, Any] = {
        "missing": "、".join(t.name for t in missing),
        "hints": "；".join(f"{t.name}：{t.hint}" if t.hint else t.name for t in missing),
        "count": len(missing),
        "part": first.label,
    }
    suggestion = rule.format(rule.params.suggestion, **values) if rule.params.suggestion else None
    yield ctx.report(rule, start, end, rule.format(template, **values), suggestion=suggestion,
                     data=(("missing", ",".join(t.name for t in missing)),))


CHECK: Check[tuple[Topic, ...], Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
