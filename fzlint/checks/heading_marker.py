"""``heading_marker``: the written form of heading markers.

``kind: brackets`` — bracketed markers (``（一）`` ``（1）``) must use full-width
brackets on both sides: ``(二）`` mixes widths, ``(一)`` is half-width, ``一）`` lacks
its opening bracket.  The fix (safe) replaces the half-width bracket characters and
inserts a missing opening bracket.

``kind: doubled`` — a heading number typed twice (``一、一、``, ``（一）（一）``), as when a
drafter types the number over Word's automatic numbering.  The same number twice has a safe
fix (the second is deleted); two different numbers of one style (``二、三、``) are reported
without a fix, since only the drafter knows which is right.

``kind: separators`` — one numbering level must not mix ``1.`` and ``1、`` (or ``一、``
and ``一.``).  When both forms occur at one rank, the headings not in the pack's
``preferred`` form are reported, with a safe fix to that form.

Only heading markers are looked at here; brackets and commas in body text belong
to the typography pack.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..diagnostic import Diagnostic, Edit, Fix
from ..packs.schema import MapOf, OneOf, param, params
from ..parse.headings import leading_marker
from .base import Context, check_template
from .contract import Check, FixSafety, no_state

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document, Heading

NAME = "heading_marker"


@params
class Params:
    kind: str = param(OneOf(("brackets", "separators", "doubled")), required=True)
    message_halfwidth: str | None = param(str, default=None, doc="brackets: both brackets half-width")
    message_halfwidth_mixed: str | None = param(str, default=None,
                                                doc="brackets: half-width while other headings use full-width")
    message_open_missing: str | None = param(str, default=None, doc="brackets: the opening bracket is missing (一）)")
    message_different: str | None = param(str, default=None, doc="doubled: two different numbers (二、三、)")
    preferred: dict[str, str] = param(MapOf(OneOf(("、", "."))), default={"cn": "、", "arabic": "."},
                                      doc="separators: the form expected per style (cn, arabic) when forms are mixed")
    suggestion: str | None = param(str, default=None)
    fix_description: str | None = param(str, default=None)


PLACEHOLDERS = frozenset({"found", "expected", "other", "count"})

_OPEN_FULL, _CLOSE_FULL = "（", "）"
_BRACKETED = ("cn-paren", "arabic-paren")
_SEP_CLASS = {"、": "、", ".": ".", "．": "."}


def validate(rule: Rule[Params]) -> None:
    o = rule.params
    for key in ("message_halfwidth", "message_halfwidth_mixed", "message_open_missing", "message_different", "suggestion",
                "fix_description"):
        check_template(getattr(o, key), PLACEHOLDERS, key)
    unknown = set(o.preferred) - {"cn", "arabic"}
    if unknown:
        raise ValueError(f"preferred 只能设置 cn、arabic，不认识：{'、'.join(sorted(unknown))}")


def _brackets(h: Heading) -> tuple[int, int, bool] | None:
    """Offsets of the opening bracket (or of the number, when the opening bracket is
    missing) and of the closing bracket of a bracketed marker, and whether it opens."""
    marker = h.marker
    if not marker:
        return None
    close = next((i for i, ch in enumerate(marker) if ch in "）)"), None)
    if close is None:
        return None
    return h.start, h.start + close, marker[0] in "（("


def _check_brackets(doc: Document, rule: Rule[Params], ctx: Context) -> Iterator[Diagnostic]:
    o = rule.params
    bracketed = [(h, b) for h in doc.headings if h.style in _BRACKETED and (b := _brackets(h)) is not None]
    any_full = any(opens and doc.text[a] == _OPEN_FULL and doc.text[c] == _CLOSE_FULL
                   for _, (a, c, opens) in bracketed)
    for _h, (a, c, opens) in bracketed:
        open_ch, close_ch = doc.text[a] if opens else "", doc.text[c]
        if open_ch == _OPEN_FULL and close_ch == _CLOSE_FULL:
            continue
        found = doc.text[a : c + 1]
        inner = doc.text[a + 1 : c] if opens else doc.text[a:c]
        expected = _OPEN_FULL + inner + _CLOSE_FULL
        if not opens:
            template = o.message_open_missing
        elif open_ch != "(" or close_ch != ")":
            template = None  # one side full-width, the other half-width
        elif any_full:
            template = o.message_halfwidth_mixed
        else:
            template = o.message_halfwidth
        values = {"found": found, "expected": expected, "other": "", "count": len(bracketed)}
        edits = tuple(Edit(p, p + 1, ch) for p, ch in ((a, _OPEN_FULL), (c, _CLOSE_FULL))
                      if (p != a or opens) and doc.text[p] != ch)
        if not opens:
            edits = (Edit(a, a, _OPEN_FULL), *edits)
        fix = Fix(edits, True, rule.format(o.fix_description, **values)) if o.fix_description else None
        suggestion = rule.format(o.suggestion, **values) if o.suggestion else None
        yield ctx.report(rule, a, c + 1, rule.format(template, **values), suggestion=suggestion, fix=fix,
                         data=(("expected", expected),))


def _separator(h: Heading) -> tuple[int, str] | None:
    """(offset, class) of the separator after a plain number (``一、`` ``1.``)."""
    if h.style not in ("cn", "arabic") or not h.marker or h.marker.startswith("第"):
        return None
    marker = h.marker.rstrip()
    ch = marker[-1]
    if ch not in _SEP_CLASS:
        return None
    return h.start + len(marker) - 1, _SEP_CLASS[ch]


def _check_separators(doc: Document, rule: Rule[Params], ctx: Context) -> Iterator[Diagnostic]:
    o = rule.params
    by_level: dict[tuple[str, int], list[tuple[Heading, int, str]]] = {}
    for h in doc.headings:
        sep = _separator(h)
        if sep is not None:
            by_level.setdefault((h.style, h.rank), []).append((h, *sep))
    for (style, _rank), items in by_level.items():
        forms = {cls for _, _, cls in items}
        preferred = o.preferred.get(style)
        if len(forms) < 2 or preferred is None:
            continue
        odd = [item for item in items if item[2] != preferred]
        for h, pos, _cls in odd:
            number = h.marker.rstrip()[:-1].strip()
            values: dict[str, Any] = {"found": number + doc.text[pos], "expected": number + preferred,
                      "other": number + preferred, "count": len(odd)}
            fix = (Fix((Edit(pos, pos + 1, preferred),), True, rule.format(o.fix_description, **values))
                   if o.fix_description else None)
            suggestion = rule.format(o.suggestion, **values) if o.suggestion else None
            yield ctx.report(rule, h.start, pos + 1, rule.format(**values), suggestion=suggestion, fix=fix,
                             data=(("expected", values["expected"]),))


def _check_doubled(doc: Document, rule: Rule[Params], ctx: Context) -> Iterator[Diagnostic]:
    o = rule.params
    for h in doc.headings:
        if not h.marker or h.number is None:
            continue
        lead = leading_marker(h.text)
        if lead is None or lead[0] != h.style:
            continue
        _style, number, end = lead
        second = h.text[:end].rstrip()
        found = doc.text[h.start : h.text_start + len(second)]
        same = number == h.number
        values = {"found": found, "expected": h.marker.strip() if same else "", "other": second, "count": 2}
        # From the end of the first number to the text: the spaces between go with the second.
        cut = Edit(h.start + len(h.marker), h.text_start + end, "")
        fix = (Fix((cut,), True, rule.format(o.fix_description, **values))
               if same and o.fix_description else None)
        message = rule.format(None if same else o.message_different, **values)
        suggestion = rule.format(o.suggestion, **values) if o.suggestion and same else None
        yield ctx.report(rule, h.start, h.text_start + len(second), message, suggestion=suggestion, fix=fix)


def check(doc: Document, rule: Rule[Params], state: None, ctx: Context) -> Iterator[Diagnostic]:
    kind = rule.params.kind
    if kind == "brackets":
        yield from _check_brackets(doc, rule, ctx)
    elif kind == "doubled":
        yield from _check_doubled(doc, rule, ctx)
    else:
        yield from _check_separators(doc, rule, ctx)


def fix_safety(rule: Rule[Params]) -> FixSafety:
    return "safe" if rule.params.fix_description else "none"


def fix_note(rule: Rule[Params]) -> str | None:
    if rule.params.fix_description:
        return "安全：--fix 会自动改为规范写法（只改序号中的括号或顿号、点号）。"
    return None


CHECK: Check[None, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=no_state,
    check=check,
    validate=validate,
    fix_safety=fix_safety,
    fix_note=fix_note,
)
