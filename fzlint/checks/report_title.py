"""``report_title``: the report has a title, and the title carries what it must.

``require`` lists named regexes the title must match (the year, 法治政府建设 …);
one finding on the title names every element that is absent.  With no title at all,
``message_missing`` is reported on the first line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..diagnostic import Diagnostic
from ..packs.schema import F, ListOf, Schema, param, params
from .base import Context, check_template, compile_pattern
from .contract import Check

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "report_title"


@params
class Params:
    require: list[dict[str, Any]] = param(ListOf(Schema({"name": F(str, required=True), "pattern": F(str, required=True)})), default=[])
    message_missing: str = param(str, required=True)
    suggestion: str | None = param(str, default=None)


PLACEHOLDERS = frozenset({"missing", "title"})


def validate(rule: Rule[Params]) -> None:
    check_template(rule.params.message_missing, PLACEHOLDERS, "message_missing")
    check_template(rule.params.suggestion, PLACEHOLDERS, "suggestion")
    prepare(rule)


def prepare(rule: Rule[Params]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((r["name"], compile_pattern(r["pattern"])) for r in rule.params.require)


def check(doc: Document, rule: Rule[Params], state: tuple[tuple[str, re.Pattern[str]], ...],
          ctx: Context) -> Iterator[Diagnostic]:
    o = rule.params
    if doc.title is None:
        first = next(doc.paragraphs(), None)
        if first is None:
            return
        values = {"missing": "标题", "title": ""}
        suggestion = rule.format(o.suggestion, **values) if o.suggestion else None
        yield ctx.report(rule, first.content_start, first.content_end, rule.format(o.message_missing, **values),
                         suggestion=suggestion)
        return
    missing = [name for name, pat in state if not pat.search(doc.title.text)]
    if not missing:
        return
    values = {"missing": "、".join(missing), "title": doc.title.text}
    suggestion = rule.format(o.suggestion, **values) if o.suggestion else None
    yield ctx.report(rule, doc.title.start, doc.title.end, rule.format(**values), suggestion=suggestion,
                     data=(("missing", ",".join(missing)),))


CHECK: Check[tuple[tuple[str, re.Pattern[str]], ...], Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
