"""``numbering``: heading numbers in sequence, and headings that lost their number.

Siblings are the headings of one rank under one parent; each part restarts its own
numbering (normal in the genre).  ``kind`` selects what a rule reports:

* ``sequence`` — a gap (``（一）`` then ``（三）``), a duplicate (``（二）`` twice) or a
  number going backwards.  A list that starts again at 1 is a new list, not an error.
* ``unnumbered`` — a *bare* heading (the parser's ``style == "bare"``: a short
  heading line without a marker standing among numbered siblings), typically a
  number lost when Word's automatic numbering was exported to text.

A number missing from the headings but written inline at a sentence start just
before (``（一）依法决策。1.完善制度……`` then a line ``2.规范程序……``) is no gap.
A run of bare headings between two numbered siblings takes the numbers between
them when they fit (``（一）`` lost before ``（二）`` → expected ``（一）``); the next
numbered heading is then not a gap.  Messages say which number was expected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..diagnostic import Diagnostic, Edit, Fix
from ..packs.schema import OneOf, param, params
from ..parse.lexicon import int_to_cn
from .base import Context, check_template, clip
from .contract import Check, FixSafety, no_state

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document, Heading

NAME = "numbering"


@params
class Params:
    kind: str = param(OneOf(("sequence", "unnumbered")), required=True)
    message_duplicate: str | None = param(str, default=None, doc="sequence: the number repeats the previous sibling's")
    message_order: str | None = param(str, default=None, doc="sequence: the number is lower than the previous sibling's")
    message_unknown: str | None = param(str, default=None, doc="unnumbered: no number fits between the numbered siblings")
    suggestion: str | None = param(str, default=None)
    fix_description: str | None = param(str, default=None, doc="unnumbered: offer an unsafe fix that inserts the expected marker")


PLACEHOLDERS = frozenset({"expected", "found", "previous", "previous_line", "previous_where", "text", "count"})

_NUMBERED = ("part", "cn", "cn-paren", "arabic", "arabic-paren", "circled")


def expected_marker(style: str, n: int, like: Heading | None = None) -> str:
    """The canonical marker of number ``n`` in a numbering style (full-width brackets)."""
    if style == "part":
        return f"第{int_to_cn(n)}部分"
    if style == "cn":
        return f"{int_to_cn(n)}、"
    if style == "cn-paren":
        return f"（{int_to_cn(n)}）"
    if style == "arabic":
        sep = like.marker.strip()[-1] if like is not None and like.marker.strip()[-1:] in ("、", ".", "．") else "."
        return f"{n}{sep}"
    if style == "arabic-paren":
        return f"（{n}）"
    if style == "circled" and 1 <= n <= 20:
        return chr(ord("①") + n - 1)
    return str(n)


@dataclass(frozen=True)
class Finding:
    """One numbering problem of a heading found by ``analyse``; ``check`` reports those of its ``kind``."""

    kind: str  # gap | duplicate | order | unnumbered | unnumbered-unknown
    heading: Heading
    expected: str
    found: str
    previous: Heading | None
    count: int = 0


def unnumbered(h: Heading) -> bool:
    """A heading line with no number: bare text (lost on export) or a styled heading
    (Word heading style, Markdown ``#``) whose text carries no number."""
    return h.number is None and h.style in ("bare", "markup")


def sibling_groups(doc: Document) -> list[list[Heading]]:
    """Headings grouped by (parent, rank), in document order."""
    groups: dict[tuple[int, int], list[Heading]] = {}
    for h in doc.headings:
        if h.style not in _NUMBERED and not unnumbered(h):
            continue
        key = (id(h.parent) if h.parent is not None else 0, h.rank)
        groups.setdefault(key, []).append(h)
    return list(groups.values())


def _inline(doc: Document, style: str, first: int, stop: int, before: Heading | None, h: Heading) -> bool:
    """True when the numbers ``first..stop-1`` are all written inline, at a sentence start,
    between ``before`` (the previous sibling or the parent) and ``h`` — e.g. a run-in
    ``（一）依法决策。1.完善制度……`` followed by a line starting ``2.`` is no gap."""
    start = before.start if before is not None else doc.body_start
    text = doc.text[start : h.start]
    for n in range(first, stop):
        if style == "cn":
            marker = re.escape(int_to_cn(n)) + r"\s*[、.．]"
        elif style == "cn-paren":
            marker = r"[（(]\s*" + re.escape(int_to_cn(n)) + r"\s*[）)]"
        elif style == "arabic":
            marker = rf"{n}\s*[.．、](?![0-9])"
        elif style == "arabic-paren":
            marker = rf"[（(]\s*{n}\s*[）)]"
        else:
            marker = re.escape(expected_marker(style, n))
        if not re.search(r"(?:^|[。；;：:\n])\s*" + marker, text):
            return False
    return True


def _continued(h: Heading, last: dict[tuple[int, int, str], int]) -> bool:
    """True when ``h`` opens its list by continuing the numbering of the previous list of
    the same style and rank under a sibling parent (``（一）1. 2. （二）3.``): many reports
    number the items of a whole part, or the sub-sections of the whole report, straight
    through."""
    parent = h.parent
    key = (id(parent.parent) if parent is not None and parent.parent is not None else 0, h.rank, h.style)
    return parent is not None and h.number is not None and last.get(key) == h.number - 1


def _remember(group: list[Heading], last: dict[tuple[int, int, str], int]) -> None:
    nums = [h for h in group if h.number is not None]
    if nums and nums[-1].parent is not None:
        parent = nums[-1].parent
        key = (id(parent.parent) if parent.parent is not None else 0, nums[-1].rank, nums[-1].style)
        last[key] = nums[-1].number  # type: ignore[assignment]


def analyse(doc: Document) -> list[Finding]:
    out: list[Finding] = []
    last: dict[tuple[int, int, str], int] = {}
    for group in sibling_groups(doc):
        numbered = [h for h in group if not unnumbered(h)]
        if not numbered:
            continue
        style = numbered[0].style
        like = numbered[0]
        prev_num = 0
        prev: Heading | None = None
        if group[0] is numbered[0] and _continued(numbered[0], last):
            prev_num = (numbered[0].number or 1) - 1
        _remember(group, last)
        i = 0
        while i < len(group):
            if unnumbered(group[i]):
                run: list[Heading] = []
                while i < len(group) and unnumbered(group[i]):
                    run.append(group[i])
                    i += 1
                nxt = group[i] if i < len(group) else None
                q = nxt.number if nxt is not None else None
                if q is None or q > prev_num + len(run):
                    for j, h in enumerate(run):
                        out.append(Finding("unnumbered", h, expected_marker(style, prev_num + 1 + j, like), "", prev))
                    prev_num += len(run)
                elif prev is not None:  # between numbered siblings with no number free
                    out.extend(Finding("unnumbered-unknown", h, "", "", prev) for h in run)
                # else: a lead-in line before a list that starts at 1 — not a lost number
                continue
            h = group[i]
            i += 1
            n = h.number
            if n is None:
                continue
            found = h.marker.strip()
            if n == 1 and prev_num == 1 and prev is not None:
                out.append(Finding("duplicate", h, expected_marker(style, 2, like), found, prev))
            elif n == 1 and prev_num >= 1:
                pass  # a new list
            elif n > prev_num + 1 and not _inline(doc, style, prev_num + 1, n, prev or h.parent, h):
                out.append(Finding("gap", h, expected_marker(style, prev_num + 1, like), found, prev,
                                   n - prev_num - 1))
            elif n == prev_num and prev is not None:
                out.append(Finding("duplicate", h, expected_marker(style, n + 1, like), found, prev))
            elif n < prev_num:
                out.append(Finding("order", h, expected_marker(style, prev_num + 1, like), found, prev))
            prev_num, prev = n, h
    out.sort(key=lambda f: f.heading.start)
    return out


def validate(rule: Rule[Params]) -> None:
    for key in ("message_duplicate", "message_order", "message_unknown", "suggestion", "fix_description"):
        check_template(getattr(rule.params, key), PLACEHOLDERS, key)


def check(doc: Document, rule: Rule[Params], state: None, ctx: Context) -> Iterator[Diagnostic]:
    o = rule.params
    want = ("gap", "duplicate", "order") if o.kind == "sequence" else ("unnumbered", "unnumbered-unknown")
    templates = {"duplicate": o.message_duplicate, "order": o.message_order,
                 "unnumbered-unknown": o.message_unknown}
    for f in analyse(doc):
        if f.kind not in want:
            continue
        h = f.heading
        values = {
            "expected": f.expected,
            "found": f.found,
            "previous": f.previous.marker.strip() if f.previous is not None and f.previous.marker else "",
            # Where the user finds it (a .docx paragraph number), not the Document's line.
            "previous_line": doc.location(f.previous.start)[0] if f.previous is not None else "",
            "previous_where": doc.where(f.previous.start) if f.previous is not None else "",
            "text": clip(h.text, 24),
            "count": f.count,
        }
        message = rule.format(templates.get(f.kind), **values)
        suggestion = rule.format(o.suggestion, **values) if o.suggestion else None
        end = h.text_end if f.kind.startswith("unnumbered") else h.start + len(h.marker.rstrip())
        data = (("kind", f.kind), ("expected", f.expected))
        fix = None
        if f.kind == "unnumbered" and o.fix_description:
            fix = Fix((Edit(h.start, h.start, f.expected),), False, rule.format(o.fix_description, **values))
        yield ctx.report(rule, h.start, end, message, suggestion=suggestion, fix=fix, data=data)


def fix_safety(rule: Rule[Params]) -> FixSafety:
    return "unsafe" if rule.params.kind == "unnumbered" and rule.params.fix_description else "none"


def fix_note(rule: Rule[Params]) -> str | None:
    if fix_safety(rule) == "unsafe":
        return "不安全（按前后序号推算，请核对）：只有加 --unsafe-fixes 才会补上序号。"
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
