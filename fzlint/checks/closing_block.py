"""``closing_block``: the report ends with a closing block (落款): the issuing body
and the date.

The parser finds the block (``Document.signature``).  When it finds none, the last
``tail_lines`` non-blank lines are searched for ``date_pattern`` before reporting, so
a date written on the same line as the body (``某某街道办事处 2024年1月15日``) still
counts.  A date on the line under the title (``（2025年1月15日）``, as published reports
have it) is the report's date; with the issuer named in the title nothing is missing.  A block with a body and no date, or a date and no body, gets its own message.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostic import Diagnostic
from ..packs.schema import param, params
from .base import Context, check_template, compile_pattern
from .contract import Check

if TYPE_CHECKING:
    import re

    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "closing_block"


@params
class Params:
    date_pattern: str = param(str, required=True, doc="a closing date written on a line of its own or after the body")
    tail_lines: int = param(int, default=3)
    message_no_date: str = param(str, required=True)
    message_no_body: str = param(str, required=True)
    suggestion: str | None = param(str, default=None)


PLACEHOLDERS = frozenset({"body", "date"})


def validate(rule: Rule[Params]) -> None:
    for key in ("message_no_date", "message_no_body", "suggestion"):
        check_template(getattr(rule.params, key), PLACEHOLDERS, key)
    prepare(rule)


def prepare(rule: Rule[Params]) -> re.Pattern[str]:
    return compile_pattern(rule.params.date_pattern)


def check(doc: Document, rule: Rule[Params], state: re.Pattern[str], ctx: Context) -> Iterator[Diagnostic]:
    o = rule.params
    sig = doc.signature
    suggestion = rule.format(o.suggestion) if o.suggestion else None
    if sig is None:
        lines = list(doc.paragraphs(doc.body_start))
        if not lines:
            return
        if any(state.search(ln.content) for ln in lines[-o.tail_lines :]):
            return
        last = lines[-1]
        yield ctx.report(rule, last.content_end, last.content_end, rule.format(), suggestion=suggestion)
        return
    if sig.body is not None and sig.date_span is None:
        yield ctx.report(rule, sig.body.start, sig.body.end, rule.format(o.message_no_date, body=sig.body.text),
                         suggestion=suggestion)
    elif sig.body is None and sig.date_span is not None and not (sig.date_under_title and doc.issuer):
        # (A date under a title that names the issuer — "红岩乡人民政府2024年…报告" — is complete.)
        yield ctx.report(rule, sig.date_span.start, sig.date_span.end,
                         rule.format(o.message_no_body, date=sig.date_span.text), suggestion=suggestion)


CHECK: Check[re.Pattern[str], Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
