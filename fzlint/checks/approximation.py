"""``approximation``: ``余``/``多`` after a number that is not round (``996余人次``).

``余`` and ``多`` turn a round number into an approximate one (``100余次``, ``1100余家``,
``26万余元``).  After an exact-looking number such as 996 the reader cannot tell
whether the figure is exact or not.  A finding needs an Arabic integer of at least
``min_value`` whose last digit is not 0, written without a ``万``/``亿`` scale.

Fields:
  min_value   smallest number checked (default 10: ``3余人`` is left alone)
  suggestion  placeholders {number}, {exact}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostic import Diagnostic
from ..numbers import analyze, in_ranges, vocab_for
from ..schema import F
from .base import Context, check_template

if TYPE_CHECKING:
    from ..document import Document
    from ..packs import Rule

NAME = "approximation"
FIELDS = {"min_value": F(int, default=10), "suggestion": F(str, default=None)}
PLACEHOLDERS = frozenset({"number", "exact"})


def validate(rule: Rule) -> None:
    check_template(rule.options["suggestion"], PLACEHOLDERS, "suggestion")


def prepare(rule: Rule) -> None:
    return None


def check(doc: Document, rule: Rule, state: None, ctx: Context) -> Iterator[Diagnostic]:
    ranges = doc.scope_ranges(rule.scope)
    for s in analyze(doc, vocab_for(ctx.ruleset.settings)).sentences:
        for q in s.quantities:
            if not q.round_mark or not q.digits.isdigit() or q.unit != q.base_unit or not in_ranges(q.start, ranges):
                continue
            if int(q.digits) < rule.options["min_value"] or q.digits.endswith("0"):
                continue
            values = {"number": q.text.strip(), "exact": q.digits + q.unit}
            suggestion = rule.format(rule.options["suggestion"], **values) if rule.options["suggestion"] else None
            yield ctx.report(rule, q.start, q.end, rule.format(**values), suggestion=suggestion)
