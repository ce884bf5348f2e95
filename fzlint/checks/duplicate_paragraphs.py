"""``duplicate_paragraphs``: a paragraph that appears twice in one report.

Each body paragraph (a line; headings excluded) is normalised — NFKC, whitespace and
punctuation removed — and hashed; a paragraph whose normalised text was seen before is
reported at its second (third …) occurrence, naming the first.  Paragraphs shorter than
``min_chars`` after normalisation are skipped (a repeated short line is usually a
deliberate refrain or a table cell).  Linear: one dictionary of hashes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostic import Diagnostic, Fix
from ..infra import rx
from ..packs.schema import param, params
from .base import Context, check_template, clip, delete_line_edit, scoped_lines
from .contract import Check

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "duplicate_paragraphs"


@params
class Params:
    min_chars: int = param(int, default=20, doc="skip paragraphs shorter than this after normalisation")
    fix_description: str | None = param(str, default=None)
    suggestion: str | None = param(str, default=None)


PLACEHOLDERS = frozenset({"first_where", "text"})


def validate(rule: Rule[Params]) -> None:
    check_template(rule.params.fix_description, PLACEHOLDERS, "fix_description")
    check_template(rule.params.suggestion, PLACEHOLDERS, "suggestion")
    if rule.params.min_chars < 1:
        raise ValueError("min_chars 应为正整数")


def prepare(rule: Rule[Params]) -> int:
    return int(rule.params.min_chars)


_NON_WORD = rx.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """NFKC without whitespace, punctuation and symbols (every non-word character): what two
    copies of a paragraph share whatever their spacing and punctuation."""
    bare = _NON_WORD.sub("", text)
    folded = unicodedata.normalize("NFKC", bare)
    # already NFKC (most Chinese text): nothing new to remove
    return bare if folded == bare else _NON_WORD.sub("", folded)


def check(doc: Document, rule: Rule[Params], state: int, ctx: Context) -> Iterator[Diagnostic]:
    headings = {h.line for h in doc.headings if not h.run_in}
    seen: dict[int, tuple[str, int]] = {}  # hash → (normalised text, first line's offset)
    for ln in scoped_lines(doc, rule.scope):
        if ln.number in headings:
            continue
        key = normalise(ln.content)
        if len(key) < state:
            continue
        h = hash(key)
        first = seen.get(h)
        if first is None or first[0] != key:
            seen.setdefault(h, (key, ln.content_start))
            continue
        where, text = doc.where(first[1]), clip(ln.content, 24)
        o = rule.params
        desc = rule.format(o.fix_description, first_where=where, text=text) if o.fix_description else ""
        sugg = rule.format(o.suggestion, first_where=where, text=text) if o.suggestion else None
        message = rule.format(first_where=where, text=text)
        yield ctx.report(rule, ln.content_start, ln.content_end, message, suggestion=sugg,
                         fix=Fix((delete_line_edit(doc, ln),), safe=False, description=desc))


CHECK: Check[int, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
