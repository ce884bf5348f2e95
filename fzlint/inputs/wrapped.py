"""Hard-wrapped plain text → report text with the wrapping undone.

Reports often reach the drafter or the reviewer as text copied out of a PDF or a web page
with fixed-width lines: every paragraph broken every 30–40 characters in mid-sentence, the
line ends meaning nothing.  Read line by line, such a text is a flood of false findings
(a quotation mark opened on one line and closed on the next is "unbalanced"; a term split
over two lines is a near miss) and of missed ones (a total and its breakdown on two lines
are never compared; a short wrapped tail reads like a heading without a number).

Detection (:func:`detect`) is conservative.  A text is hard-wrapped when most of its
non-blank lines have (nearly) the same length — in characters, or in display columns
(a Chinese character is two: PDFs wrap by width) — no line is much longer than that, and
those full-width lines mostly end in mid-sentence.  A report written one paragraph a line
never passes: its lines are of all lengths and end with 。.

Joining (:func:`render`): a full-width line is joined to the next one by removing the line
break, and the indentation and trailing blanks the wrapping left around it.  Never joined:

* a line that is not full width (the last line of a paragraph, a heading, a signature);
* a line ending a sentence (。！？；：…, closing quotes or brackets after them), unless the
  next one starts with closing punctuation (``”`` ``，`` cannot start a paragraph) or a
  quotation opened in the paragraph is still open;
* to a blank line, to a line starting with heading numbering (一、（一）1. 第一部分), to a
  line indented more than the text's margin (the first line of a paragraph);
* a numbered heading line without sentence punctuation, unless it fills the width to the
  last character: then a section heading (一、 第一部分) is joined to a short unpunctuated
  tail (a long heading wrapped), a numbered item (（一） 1.) to its run-in text;
* the title block and the signature/date block (as :func:`fzlint.parse.parse` finds
  them in the unjoined text).

A standalone page number (``- 3 -``, ``第 3 页 共 10 页``, ``3/10``; FZ502 reports it) that
interrupts a paragraph, with the blank lines around it, does not end the paragraph: the
paragraph is joined across it and the page number becomes a line of the text right after
the paragraph.  Locations are the file's lines and columns (a finding spanning a removed
break starts on one file line and ends on the next), through a
:class:`~fzlint.inputs.textmap.TextMap`, as for Markdown; ``--fix`` edits the file, and an edit
that would cross a removed break is not applied (the finding stays, without its fix).
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..infra import rx
from ..parse.document import INDENT_CHARS
from ..parse.headings import numbered_rank
from ..parse.vocabulary import Vocabulary

if TYPE_CHECKING:
    from .markup import Rendered

# (Every plain-text report is tested for wrapping: this module loads little, and its
# regexes come from the program cache; the joining machinery is imported when needed.)
_BREAK = rx.compile(r"\r\n|\r|\n")
#: A page number a PDF's page footer leaves on a line of its own.
PAGE_NUMBER = rx.compile(
    r"[-－—–]{1,2}\s*\d{1,4}\s*[-－—–]{1,2}"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，/／]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
)
#: A line that ends a sentence: a stop, then closing quotes or brackets.
_ENDS_SENTENCE = rx.compile(r"[。！？；：!?;:…][”’」』）)》〉\]】]*$")
#: Closing or continuing punctuation: never the start of a paragraph.
_CONTINUES = frozenset("，。、；：！？）》」』”’〉】,.;:!?)")
_CLAUSE_PUNCTUATION = frozenset("。；;！？!?，,：:")
#: Conversion residue before a heading number ("[bookmark: _GoBack]三、").
_RESIDUE = rx.compile(r"^(?:\[[^\]\n]*\]\s*)+")

#: Lines needed to call a text wrapped, and the share of its non-blank lines at full width.
MIN_FULL_LINES = 6
MIN_FULL_SHARE = 0.5
#: Among the full-width lines followed by text, the share that end in mid-sentence.
MIN_CONTINUED_SHARE = 0.7
#: Longer lines than the width allowed (a URL or a pasted table row), as a share.
MAX_LONGER_SHARE = 0.05
MIN_WIDTH = 12  # characters (24 columns): a narrower "width" is a column of short items


@dataclass(frozen=True)
class Wrap:
    """The width a text is wrapped at."""

    width: int
    columns: bool  # measured in display columns (CJK = 2) rather than characters

    @property
    def shortfall(self) -> int:
        """How much shorter than the width a full line may be: a character that did not fit
        (two columns), justification, an ASCII word carried to the next line."""
        return 4 if self.columns else 2

    @property
    def overhang(self) -> int:
        """How much longer: a closing punctuation mark hung past the margin."""
        return 2 if self.columns else 1

    def measure(self, line: str) -> int:
        return display_width(line) if self.columns else len(line)

    def full(self, line: str) -> bool:
        return self.width - self.shortfall <= self.measure(line) <= self.width + self.overhang

    def exact(self, line: str) -> bool:
        """Filled to the last character (in columns: no room left for a Chinese character)."""
        return self.measure(line) >= self.width - (1 if self.columns else 0)


def display_width(s: str) -> int:
    """Columns ``s`` takes: 2 for a Chinese character or full-width punctuation (the
    GB18030 byte count, which is that for the characters of the genre), 1 for ASCII."""
    return len(s.encode("gb18030", "replace"))


def detect(lines: list[str]) -> Wrap | None:
    """The width ``lines`` (without trailing blanks) are hard-wrapped at, or None.
    (Run on every plain-text report: counts of line lengths, no per-line Python work
    beyond measuring.)"""
    texts = [s for s in lines if s and not PAGE_NUMBER.fullmatch(s.strip(INDENT_CHARS))]
    if len(texts) < MIN_FULL_LINES:
        return None
    best: tuple[int, Wrap] | None = None
    for columns in (False, True):
        counts = Counter(map(display_width, texts) if columns else map(len, texts))
        floor = MIN_WIDTH * (2 if columns else 1)
        common = max(((c, m) for m, c in counts.items() if m >= floor), default=None)
        if common is None:
            continue
        wrap = Wrap(common[1], columns)
        top = wrap.width + wrap.overhang
        full = sum(counts[m] for m in range(wrap.width - wrap.shortfall, top + 1))
        longer = sum(c for m, c in counts.items() if m > top)
        if full < MIN_FULL_LINES or full < MIN_FULL_SHARE * len(texts) or longer > MAX_LONGER_SHARE * len(texts):
            continue
        if best is None or full > best[0]:
            best = (full, wrap)
    if best is None:
        return None
    wrap = best[1]
    followed = continued = 0
    for s, nxt in itertools.pairwise(lines):
        if nxt and wrap.full(s):
            followed += 1
            continued += not _ENDS_SENTENCE.search(s)
    return wrap if followed and continued >= MIN_CONTINUED_SHARE * followed else None


def _indent(s: str) -> int:
    """Display columns of the indentation of ``s``."""
    return display_width(s[: len(s) - len(s.lstrip(INDENT_CHARS))])


class _Joiner:
    """Which line breaks of a wrapped text are removed.

    ``lines`` are the file's lines as they are; a line is full width either without its
    trailing blanks or with them, when the wrapping laid them out within the width (a
    space of the sentence the break fell after): those are kept in the joined text, blanks
    padding the line past the width are not."""

    def __init__(self, lines: list[str], wrap: Wrap, protected: frozenset[int]) -> None:
        self.lines = lines
        self.bare = [s.rstrip(INDENT_CHARS) for s in lines]
        self.wrap = wrap
        self.protected = protected  # 0-based indices of title and signature lines
        margins = Counter(_indent(s) for s in self.bare if wrap.full(s))
        self.margin = margins.most_common(1)[0][0] if margins else 0

    def page(self, k: int) -> bool:
        return PAGE_NUMBER.fullmatch(self.bare[k].lstrip(INDENT_CHARS)) is not None

    def blank(self, k: int) -> bool:
        return not self.bare[k]

    def full(self, k: int) -> bool:
        return self.wrap.full(self.bare[k]) or self.wrap.full(self.lines[k])

    def margin_chars(self, k: int) -> int:
        """How many leading blanks of continuation line ``k`` are the text's margin (dropped
        when it is joined); a blank past the margin is a space of the sentence."""
        s = self.lines[k]
        n = 0
        while n < len(s) and s[n] in INDENT_CHARS and display_width(s[: n + 1]) <= self.margin:
            n += 1
        return n

    def keeps_blanks(self, k: int) -> bool:
        """Are the trailing blanks of line ``k`` text (the wrapping laid them out within the
        width), not padding after it?"""
        return self.wrap.measure(self.lines[k]) <= self.wrap.width + self.wrap.overhang

    def joins(self, a: int, b: int, first: bool, quoting: bool) -> bool:
        """Is line ``b`` the continuation of line ``a`` (``first``: ``a`` opens its paragraph;
        ``quoting``: a quotation opened in the paragraph is still open)?"""
        if a in self.protected or b in self.protected or self.blank(b) or self.page(b):
            return False
        if _indent(self.bare[b]) > self.margin + 1 or not self.full(a):
            return False  # the first line of a paragraph; the last line of one
        prev, nxt = self.bare[a].lstrip(INDENT_CHARS), self.bare[b].lstrip(INDENT_CHARS)
        if nxt[0] in _CONTINUES:
            return True
        if (_ENDS_SENTENCE.search(prev) and not quoting) or numbered_rank(nxt) is not None:
            return False  # (a paragraph does not end inside a quotation: “…作用。⏎合法性…”)
        rank = numbered_rank(prev) if first else None
        if rank is not None and not _CLAUSE_PUNCTUATION.intersection(_RESIDUE.sub("", prev)):
            # A heading, unless it fills the width to the last character.  A section heading
            # (一、 第一部分) then goes on into a short tail ("…第一责任人⏎职责"); a numbered
            # item is run in ("6.全面推行审批服务“马上办、网上办、一⏎次办”:在梳理…").
            if not self.wrap.exact(self.bare[a]):
                return False
            return rank > 1 or (not self.full(b) and not _CLAUSE_PUNCTUATION.intersection(nxt))
        return True

    def paragraphs(self) -> list[tuple[list[int], list[int]]]:
        """(the lines joined into one, the page-number lines moved after them) in order."""
        out: list[tuple[list[int], list[int]]] = []
        n = len(self.lines)
        i = 0
        while i < n:
            group, moved = [i], []
            quotes = 0  # “ opened and not closed in the paragraph so far
            while True:
                quotes += self.bare[group[-1]].count("“") - self.bare[group[-1]].count("”")
                a = group[-1]
                b = a + 1
                while b < n and (self.blank(b) or self.page(b)):
                    b += 1
                skipped = list(range(a + 1, b))
                if skipped and not any(self.page(k) for k in skipped):  # a blank line ends the paragraph
                    break
                if b >= n or not self.joins(a, b, len(group) == 1, quotes > 0):
                    break
                if skipped and b == n - 1:
                    # the last line has no line break: the page number would follow it
                    break
                group.append(b)
                moved += skipped
            out.append((group, moved))
            i = group[-1] + 1
        return out


def _split(source: str) -> list[tuple[int, int, int]]:
    """(start, end, end including the line break) of each line."""
    spans = []
    pos = 0
    for m in _BREAK.finditer(source):
        spans.append((pos, m.start(), m.end()))
        pos = m.end()
    spans.append((pos, len(source), len(source)))
    return spans


def render(source: str, vocab: Vocabulary | None = None) -> Rendered | None:
    """The text with its wrapping undone and its map to the file; None when ``source`` is
    not hard-wrapped (it is then read as it is)."""
    wrap = detect([s.rstrip(INDENT_CHARS) for s in _BREAK.split(source)])
    if wrap is None:
        return None
    from ..parse import parse
    from .markup import Rendered
    from .textmap import TextBuilder

    spans = _split(source)
    lines = [source[a:b] for a, b, _ in spans]
    plain = parse(source, vocab=vocab)
    protected = {n - 1 for n in plain.title_lines}
    if plain.title_date is not None and plain.title_date.date_span is not None:
        protected.add(plain.line_at(plain.title_date.date_span.start).number - 1)
    protected.update(ln.number - 1 for ln in plain.lines if ln.start >= plain.body_end)
    joiner = _Joiner(lines, wrap, frozenset(protected))

    builder = TextBuilder()

    def line_break(k: int) -> None:
        a, b, c = spans[k]
        builder.add(source[b:c], k + 1, b - a + 1, b)

    def start_line(k: int) -> None:
        if k:
            builder.mark_line(spans[k][0])
        a, b, _ = spans[k]
        if a == b and source.startswith("\n", b) and builder.last_char() == "\r":
            # an empty line between a lone CR and an LF would fuse them into one CRLF break
            builder.add(" ", k + 1, 1, synthetic=True)

    for group, moved in joiner.paragraphs():
        start_line(group[0])
        for n, k in enumerate(group):
            a, b, _ = spans[k]
            s = source[a:b]
            lo = 0 if n == 0 else joiner.margin_chars(k)
            hi = len(s)
            if n < len(group) - 1 and not joiner.keeps_blanks(k):  # padding the wrapping added
                hi = len(s.rstrip(INDENT_CHARS))
            builder.add(s[lo:hi], k + 1, lo + 1, a + lo)
        last = group[-1]
        line_break(last)
        builder.end_line(-1 if moved else spans[last][2])
        for k in moved:
            start_line(k)
            a, b, _ = spans[k]
            builder.add(source[a:b], k + 1, 1, a)
            line_break(k)
            builder.end_line(spans[k][2])
    text, tm = builder.build(editable=True, source_length=len(source))
    return Rendered(text, tm)
