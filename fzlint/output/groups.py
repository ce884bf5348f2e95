"""The same habit repeated: one rule, one cause, many places.

A report that writes half-width commas in every paragraph gets one FZ503 per paragraph;
a report whose headings all use half-width brackets gets one FZ113 per heading.  Each
place is a real finding (``--fix`` fixes them all; JSON, SARIF, concise, github and the
language server keep one finding per place, because tools need each), but a person
reading ``full`` or the HTML page needs the habit once, with the count and the places.

"One cause" is decided conservatively, so that two different mistakes are never shown as
one:

* the same rule code and severity;
* the same message once the parts quoted from the text are blanked (what is inside
  “…”, （…）, 《…》 and the numbers): ``标题序号“(二)”用了半角括号…`` and
  ``标题序号“(一)”用了半角括号…`` are one habit;
* the same suggestion, word for word: FZ402 ``改为“截至”`` and ``改为“做好”`` are two
  different typos, never one group;
* the same kind of fix (none, safe, needing confirmation);
* never a finding that points at another report (a copy finding): each copied paragraph
  is its own cause, with its own partner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..diagnostic import Diagnostic

#: A quoted fragment, a bracketed fragment, a book title, a number: the parts of a message
#: that name the place rather than the cause.
_VARYING = re.compile(r"“[^”]*”|（[^）]*）|《[^》]*》|\"[^\"]*\"|\([^)]*\)|\d+")

#: The least number of places shown as one habit.
MIN_PLACES = 2


def template(message: str) -> str:
    return _VARYING.sub("_", message)


def cause(d: Diagnostic) -> tuple[object, ...] | None:
    """The key of the habit ``d`` is one place of, or None when it is always shown alone."""
    if any(k == "other_path" for k, _ in d.data):
        return None
    fix = None if d.fix is None else d.fix.safe
    return (d.code, d.severity, template(d.message), d.suggestion, fix)


@dataclass(frozen=True)
class Group:
    """A finding as shown to a person: the first place in full, and every place (the first
    included) in document order.  ``index``: where ``first`` is in the report's findings
    (the key of what the outputs quote for it, ``FileReport.shown_for``)."""

    first: Diagnostic
    places: tuple[Diagnostic, ...]
    index: int = 0

    @property
    def count(self) -> int:
        return len(self.places)


def group(diagnostics: Sequence[Diagnostic]) -> list[Group]:
    """The findings of one report as groups, in the order of each group's first place.
    Linear in the number of findings."""
    members: dict[tuple[object, ...], list[int]] = {}
    order: list[tuple[object, ...] | int] = []
    for n, d in enumerate(diagnostics):
        key = cause(d)
        if key is None:
            order.append(n)
            continue
        if key not in members:
            members[key] = []
            order.append(key)
        members[key].append(n)
    out: list[Group] = []
    for item in order:
        if isinstance(item, tuple):
            places = members[item]
            if len(places) >= MIN_PLACES:
                out.append(Group(diagnostics[places[0]], tuple(diagnostics[i] for i in places), places[0]))
            else:
                out.extend(Group(diagnostics[i], (diagnostics[i],), i) for i in places)
        else:
            out.append(Group(diagnostics[item], (diagnostics[item],), item))
    return out


def places_text(g: Group, limit: int = 12) -> str:
    """``本文共 29 处：第 5、9、12… 行`` (``段`` for the paragraphs of a .docx), at most
    ``limit`` numbers."""
    unit = "段" if g.first.unit == "paragraph" else "行"
    lines: list[int] = []
    for d in g.places:
        if not lines or lines[-1] != d.line:
            lines.append(d.line)
    shown = "、".join(str(n) for n in lines[:limit])
    more = "…" if len(lines) > limit else ""
    return f"本文共 {g.count} 处：第 {shown}{more} {unit}"
