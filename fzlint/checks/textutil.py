"""Character classes and text helpers shared by the terminology and typography checks.

Not a check type (it is not registered in ``CHECKS``): just what several check modules
need to agree on — what counts as Chinese text around a character, where the heading
markers are (they belong to the structure checks) and where 《…》 titles are.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..infra import rx

if TYPE_CHECKING:
    from ..parse.document import Document

SPACES = " \t\u3000\xa0"
_TITLE = rx.compile(r"《([^《》\n]*)》")
_STOPS = "。！？；!?;"
_SENTENCE_STOP = rx.compile(f"[{_STOPS}]")


def is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF


def is_cjk_punct(ch: str) -> bool:
    """Full-width/CJK punctuation: 、。《》「」【】，：；（）！？ curly quotes, …, —, ·."""
    o = ord(ch)
    return (
        0x3000 < o <= 0x303F  # CJK symbols and punctuation (U+3000, the ideographic space, excluded)
        or 0xFF01 <= o <= 0xFF0F  # ！＂＃…／
        or 0xFF1A <= o <= 0xFF20  # ：；＜＝＞？＠
        or 0xFF3B <= o <= 0xFF40
        or 0xFF5B <= o <= 0xFF65
        or ch in "“”‘’…—·"
    )


def is_cjk(ch: str) -> bool:
    """A character that makes its neighbourhood Chinese text (Han or CJK punctuation)."""
    return is_han(ch) or is_cjk_punct(ch)


def marker_spans(doc: Document) -> list[tuple[int, int]]:
    """Heading markers such as ``（一）`` ``(二）`` ``1.``: the structure checks own them."""
    return [(h.start, h.text_start) for h in doc.headings if h.text_start > h.start]


class Spans:
    """A fixed set of (start, end) spans with O(log n) queries: checks ask "is this inside
    a heading marker / a title?" for every match of a line, and a line can be 1 MB long.

    Spans may overlap; they are kept sorted by start, with the running maximum of the ends.
    """

    __slots__ = ("_max_ends", "disjoint", "ends", "spans", "starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.spans = ordered
        self.starts = [a for a, _ in ordered]
        self.ends = [b for _, b in ordered]
        self._max_ends: list[int] = []  # the largest end among the spans up to here
        best = -1
        for b in self.ends:
            best = max(best, b)
            self._max_ends.append(best)
        self.disjoint = all(self.ends[i] <= self.starts[i + 1] for i in range(len(ordered) - 1))

    def __bool__(self) -> bool:
        return bool(self.starts)

    def covers(self, start: int, end: int | None = None) -> bool:
        """True when [start, end) (or the single offset ``start``) lies inside one span."""
        end = start + 1 if end is None else end
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and self._max_ends[i] >= end

    def overlaps(self, start: int, end: int) -> bool:
        """True when [start, end) shares a character with one span."""
        i = bisect.bisect_left(self.starts, end) - 1
        return i >= 0 and self._max_ends[i] > start

    def contains(self, pos: int) -> bool:
        """True when offset ``pos`` is strictly inside one span (a < pos < b)."""
        i = bisect.bisect_left(self.starts, pos) - 1
        return i >= 0 and self._max_ends[i] > pos

    def overlapping(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The spans that overlap [lo, hi), in order of their starts."""
        upto = bisect.bisect_left(self.starts, hi)
        if self.disjoint:
            return self.spans[bisect.bisect_right(self.ends, lo) : upto]
        return [(a, b) for a, b in self.spans[:upto] if lo < b]

    def starting_in(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The spans whose start lies in [lo, hi), in order."""
        return self.spans[bisect.bisect_left(self.starts, lo) : bisect.bisect_left(self.starts, hi)]


def title_spans(text: str, base: int = 0) -> list[tuple[int, int]]:
    """Spans of whole ``《…》`` titles (brackets included) in ``text``, offset by ``base``."""
    return [(base + m.start(), base + m.end()) for m in _TITLE.finditer(text)]


def titles(text: str) -> Iterable[re.Match[str]]:
    """``《…》`` titles on one line; group 1 is the title without brackets."""
    return _TITLE.finditer(text)


def sentence_around(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The sentence of ``text[lo:hi]`` (split at 。！？；) that contains [start, end)
    (at most :data:`~fzlint.parse.document.LONGEST_SENTENCE` characters either side)."""
    from ..parse.document import LONGEST_SENTENCE

    lo, hi = max(lo, start - LONGEST_SENTENCE), min(hi, end + LONGEST_SENTENCE)
    m2 = _SENTENCE_STOP.search(text, end, hi)
    return _sentence_start(text, lo, start), (m2.end() if m2 else hi)


def _sentence_start(text: str, lo: int, start: int) -> int:
    """Just after the last sentence stop in ``text[lo:start]``, else ``lo``.  Looks back
    from ``start`` in growing windows, so the cost is the sentence's length, not the
    line's (a line can be 1 MB)."""
    width = 64
    while True:
        a = max(lo, start - width)
        found = max(text.rfind(ch, a, start) for ch in _STOPS)
        if found >= 0:
            return found + 1
        if a == lo:
            return lo
        width *= 4
