"""Apply fixes: non-overlapping edits, repeated to a fixpoint.

Overlaps are resolved deterministically: fixes are taken in order of their first
edit's position (then rule code); a fix whose edits overlap an already accepted
edit waits for the next pass, where the text is linted again.  The loop stops when
no fix applies or after ``MAX_PASSES`` (a guard against two rules undoing each other).
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Callable, Iterable

from .diagnostic import Diagnostic, Edit

MAX_PASSES = 10


def applicable(diags: Iterable[Diagnostic], unsafe: bool) -> list[Diagnostic]:
    return [d for d in diags if d.fix is not None and d.fix.edits and (d.fix.safe or unsafe)]


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    return a.start < b.end and b.start < a.end


def _clashes(e: Edit, accepted: list[Edit], keys: list[tuple[int, int]]) -> bool:
    """Does ``e`` overlap one of ``accepted`` (non-overlapping, sorted by ``keys``)?  Only
    the neighbours of its place in the order can: O(log n), not a scan."""
    i = bisect.bisect_left(keys, (e.start, e.end))
    return any(_overlaps(e, accepted[j]) for j in range(max(i - 1, 0), min(i + 2, len(accepted))))


def apply_edits(text: str, diags: list[Diagnostic]) -> tuple[str, int]:
    """Apply the non-overlapping fixes of ``diags`` once; return (text, fixes applied)."""
    accepted: list[Edit] = []  # sorted by (start, end)
    keys: list[tuple[int, int]] = []
    count = 0
    for d in sorted(diags, key=lambda d: (d.fix.start, d.code, d.start) if d.fix else (0, d.code, 0)):
        assert d.fix is not None
        edits = d.fix.edits
        if any(_clashes(e, accepted, keys) for e in edits):
            continue
        if any(_overlaps(e, f) for i, e in enumerate(edits) for f in edits[i + 1 :]):
            continue
        for e in edits:
            k = bisect.bisect_left(keys, (e.start, e.end))
            keys.insert(k, (e.start, e.end))
            accepted.insert(k, e)
        count += 1
    if not accepted:
        return text, 0
    parts: list[str] = []
    pos = 0
    for e in accepted:
        parts.append(text[pos : e.start])
        parts.append(e.content)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts), count


def fix_to_fixpoint(
    text: str, lint: Callable[[str], list[Diagnostic]], unsafe: bool = False
) -> tuple[str, int, list[Diagnostic]]:
    """(fixed text, number of fixes applied, diagnostics of the fixed text)."""
    total = 0
    diags = lint(text)
    for _ in range(MAX_PASSES):
        todo = applicable(diags, unsafe)
        if not todo:
            break
        new_text, n = apply_edits(text, todo)
        if n == 0 or new_text == text:
            break
        text, total = new_text, total + n
        diags = lint(text)
    return text, total, diags


def unified_diff(old: str, new: str, path: str) -> str:
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    lines = difflib.unified_diff(a, b, fromfile=f"a/{path}", tofile=f"b/{path}")
    out = []
    for ln in lines:
        out.append(ln if ln.endswith(("\n", "\r")) else ln + "\n\\ No newline at end of file\n")
    return "".join(out)
