"""Character classes and text helpers shared by the terminology and typography checks.

Not a check type (it is not registered in ``CHECKS``): just what several check modules
need to agree on — what counts as Chinese text around a character, where the heading
markers are (they belong to the structure checks), where 《…》 titles are, and which
lines another rule already reports.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .. import rx

if TYPE_CHECKING:
    from ..document import Document
    from .base import Context

SPACES = " \t\u3000\xa0"
_TITLE = rx.compile(r"《([^《》\n]*)》")
_SENTENCE_STOP = rx.compile(r"[。！？；!?;]")


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


def neighbour(text: str, pos: int, step: int, lo: int, hi: int) -> str:
    """The nearest non-space character from ``pos`` in direction ``step`` within [lo, hi), or ''."""
    i = pos
    while lo <= i < hi:
        if text[i] not in SPACES:
            return text[i]
        i += step
    return ""


def marker_spans(doc: Document) -> list[tuple[int, int]]:
    """Heading markers such as ``（一）`` ``(二）`` ``1.``: the structure checks own them."""
    return [(h.start, h.text_start) for h in doc.headings if h.text_start > h.start]


class Spans:
    """Sorted, non-overlapping spans (such as :func:`marker_spans`) with bisection, so that
    a check looking at one line at a time does not scan every span of the document."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        # Bisection needs sorted, disjoint spans; anything else is filtered the long way.
        self.sorted = all(a < b for a, b in spans) and all(
            self.ends[i] <= self.starts[i + 1] for i in range(len(spans) - 1))

    def overlapping(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The spans that overlap [lo, hi), in order."""
        if not self.sorted:
            return [(a, b) for a, b in self.spans if a < hi and lo < b]
        return self.spans[bisect.bisect_right(self.ends, lo) : bisect.bisect_left(self.starts, hi)]

    def starting_in(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The spans whose start lies in [lo, hi), in order."""
        if not self.sorted:
            return [(a, b) for a, b in self.spans if lo <= a < hi]
        return self.spans[bisect.bisect_left(self.starts, lo) : bisect.bisect_left(self.starts, hi)]


def inside(spans: Iterable[tuple[int, int]], start: int, end: int | None = None) -> bool:
    """True when [start, end) (or the single offset ``start``) lies inside one of ``spans``."""
    end = start + 1 if end is None else end
    return any(a <= start and end <= b for a, b in spans)


def overlaps(spans: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def title_spans(text: str, base: int = 0) -> list[tuple[int, int]]:
    """Spans of whole ``《…》`` titles (brackets included) in ``text``, offset by ``base``."""
    return [(base + m.start(), base + m.end()) for m in _TITLE.finditer(text)]


def titles(text: str) -> Iterable[re.Match[str]]:
    """``《…》`` titles on one line; group 1 is the title without brackets."""
    return _TITLE.finditer(text)


def sentence_around(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The sentence of ``text[lo:hi]`` (split at 。！？；) that contains [start, end)."""
    a = lo
    for m in _SENTENCE_STOP.finditer(text, lo, start):
        a = m.end()
    m2 = _SENTENCE_STOP.search(text, end, hi)
    return a, (m2.end() if m2 else hi)


def deferred_lines(doc: Document, ctx: Context, codes: Iterable[str]) -> set[int]:
    """Line numbers on which the rules ``codes`` report (e.g. web-boilerplate lines that
    ``--fix`` deletes whole: other rules need not report what is on them).

    A code that is not in the rule set is ignored.  The deferring rule does not ask
    whether the other one is enabled: a line of web boilerplate is not report text
    whether or not the user lets FZ502 say so.  The result is cached per document.
    """
    from . import CHECKS

    out: set[int] = set()
    cache = ctx.options.setdefault("deferred_lines", {})
    for code in codes:
        key = (id(doc), code)
        if key not in cache:
            rule = ctx.ruleset.by_code.get(code)
            lines: set[int] = set()
            if rule is not None:
                module = CHECKS[rule.check]
                for d in module.check(doc, rule, ctx.ruleset.state(rule), ctx):
                    lines.update(range(d.line, d.end_line + 1))
            cache[key] = lines
        out |= cache[key]
    return out


def fix_safety_text(mode: str) -> str:
    """The ``fzlint explain`` line for a check whose ``fix`` field is safe | unsafe | none."""
    return {
        "safe": "安全：--fix 会自动应用。",
        "unsafe": "不安全（可能改变含义）：只有加 --unsafe-fixes 才会应用。",
    }.get(mode, "无自动修复，只给出建议。")
