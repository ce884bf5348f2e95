"""Indexes over sets of character spans, so that per-paragraph questions ("which part holds
this offset?", "is it in these ranges?") cost a bisection, not a scan of every span."""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence


class PartIndex:
    """The innermost span holding an offset among the spans of several parts (the smallest;
    of equal ones, the first part id in sort order), as ``Document.in_part`` defines it.

    Part spans are sections and paragraphs: nested or disjoint.  Then the innermost span
    holding an offset is the last span starting at or before it, or one of that span's
    enclosing spans.  Spans that overlap without nesting fall back to a scan."""

    def __init__(self, part_spans: Mapping[str, Sequence[tuple[int, int]]]) -> None:
        best: dict[tuple[int, int], str] = {}
        for pid, spans in part_spans.items():
            for a, b in spans:
                if a < b and ((a, b) not in best or pid < best[a, b]):
                    best[a, b] = pid
        self.spans = sorted(best, key=lambda ab: (ab[0], -ab[1]))
        self.pids = [best[ab] for ab in self.spans]
        self.starts = [a for a, _ in self.spans]
        self.parent: list[int] = []
        self.laminar = True
        stack: list[int] = []
        for i, (a, b) in enumerate(self.spans):
            while stack and self.spans[stack[-1]][1] <= a:
                stack.pop()
            if stack and self.spans[stack[-1]][1] < b:
                self.laminar = False  # overlapping without nesting
            self.parent.append(stack[-1] if stack else -1)
            stack.append(i)

    def innermost(self, offset: int) -> str | None:
        if not self.laminar:
            inner = [(b - a, pid) for (a, b), pid in zip(self.spans, self.pids, strict=True) if a <= offset < b]
            return min(inner)[1] if inner else None
        i = bisect.bisect_right(self.starts, offset) - 1
        while i >= 0 and not offset < self.spans[i][1]:
            i = self.parent[i]
        return self.pids[i] if i >= 0 else None


class RangeIndex:
    """``any(a <= offset < b for a, b in ranges)`` by bisection over the merged ranges."""

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        self.size = len(ranges)
        merged: list[list[int]] = []
        for a, b in sorted(r for r in ranges if r[0] < r[1]):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def __contains__(self, offset: int) -> bool:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]
