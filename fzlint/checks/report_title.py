"""``report_title``: the report has a title, and the title carries what it must.

``require`` lists named regexes the title must match (the year, 法治政府建设 …);
one finding on the title names every element that is absent.  With no title at all,
``message_missing`` is reported on the first line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostic import Diagnostic
from ..schema import F, ListOf, Schema
from .base import Context, check_template, compile_pattern
from .contract import Check

if TYPE_CHECKING:
    from ..document import Document
    from ..packs import Rule

NAME = "report_title"
FIELDS = {
    "require": F(ListOf(Schema({"name": F(str, required=True), "pattern": F(str, required=True)})), default=[]),
    "message_missing": F(str, required=True),
    "suggestion": F(str, default=None),
}
PLACEHOLDERS = frozenset({"missing", "title"})


def validate(rule: Rule) -> None:
    check_template(rule.options["message_missing"], PLACEHOLDERS, "message_missing")
    check_template(rule.options["suggestion"], PLACEHOLDERS, "suggestion")
    prepare(rule)


def prepare(rule: Rule) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((r["name"], compile_pattern(r["pattern"])) for r in rule.options["require"])


def check(doc: Document, rule: Rule, state: tuple[tuple[str, re.Pattern[str]], ...],
          ctx: Context) -> Iterator[Diagnostic]:
    o = rule.options
    if doc.title is None:
        first = next(doc.paragraphs(), None)
        if first is None:
            return
        values = {"missing": "标题", "title": ""}
        suggestion = rule.format(o["suggestion"], **values) if o["suggestion"] else None
        yield ctx.report(rule, first.content_start, first.content_end, rule.format(o["message_missing"], **values),
                         suggestion=suggestion)
        return
    missing = [name for name, pat in state if not pat.search(doc.title.text)]
    if not missing:
        return
    values = {"missing": "、".join(missing), "title": doc.title.text}
    suggestion = rule.format(o["suggestion"], **values) if o["suggestion"] else None
    yield ctx.report(rule, doc.title.start, doc.title.end, rule.format(**values), suggestion=suggestion,
                     data=(("missing", ",".join(missing)),))


CHECK: Check[tuple[tuple[str, re.Pattern[str]], ...]] = Check(
    name=NAME,
    fields=FIELDS,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
