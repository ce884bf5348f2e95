"""``approximation``: ``余``/``多`` after a number that is not round (``996余人次``).

``余`` and ``多`` turn a round number into an approximate one (``100余次``, ``1100余家``,
``26万余元``).  After an exact-looking number such as 996 the reader cannot tell
whether the figure is exact or not.  A finding needs an integer (in Arabic or Chinese
numerals: ``二十三余人``) of at least ``min_value`` whose last digit is not 0, written
without a ``万``/``亿`` scale.  ``{exact}`` is the quantity as written without the mark.

Fields:
  min_value   smallest number checked (default 10: ``3余人`` is left alone)
  suggestion  placeholders {number}, {exact}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..analysis.numbers import ROUND_MARKS, vocab_for
from ..analysis.sentences import analyze, in_ranges
from ..diagnostic import Diagnostic
from ..packs.schema import param, params
from .base import Context, check_template
from .contract import Check, no_state

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "approximation"


@params
class Params:
    min_value: int = param(int, default=10)
    suggestion: str | None = param(str, default=None)


PLACEHOLDERS = frozenset({"number", "exact"})


def validate(rule: Rule[Params]) -> None:
    check_template(rule.params.suggestion, PLACEHOLDERS, "suggestion")


def check(doc: Document, rule: Rule[Params], state: None, ctx: Context) -> Iterator[Diagnostic]:
    ranges = doc.scope_ranges(rule.scope)
    for s in analyze(doc, vocab_for(ctx.ruleset.settings)).sentences:
        for q in s.quantities:
            if not q.round_mark or not q.digits.isdigit() or q.unit != q.base_unit or not in_ranges(q.start, ranges):
                continue
            if int(q.digits) < rule.params.min_value or q.digits.endswith("0"):
                continue
            written = q.text[q.num_start - q.start :]
            mark = next(i for i, ch in enumerate(written) if ch in ROUND_MARKS)
            values = {"number": q.text.strip(), "exact": (written[:mark] + written[mark + 1 :]).strip()}
            suggestion = rule.format(rule.params.suggestion, **values) if rule.params.suggestion else None
            yield ctx.report(rule, q.start, q.end, rule.format(**values), suggestion=suggestion)


CHECK: Check[None, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=no_state,
    check=check,
    validate=validate,
)
