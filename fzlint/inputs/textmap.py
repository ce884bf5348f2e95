"""Where a character of a Document's text is for the user, when that text is not the file.

For a ``.txt`` report the Document's text *is* the file and no map is needed.  Other
formats are first turned into report text, and a :class:`TextMap` remembers where each
character came from:

* ``.docx``: the text holds one line per paragraph (a table row is one line, its cells
  joined); a location is (paragraph number, character inside that paragraph).
* ``.md``: the text is the file with Markdown syntax removed, line for line; a location is
  (line, column) in the file, and an edit maps back to file offsets so ``--fix`` works.
* hard-wrapped ``.txt``: the lines of a paragraph are joined into one line of the text
  (:mod:`fzlint.inputs.wrapped`); a location is (line, column) in the file, so one line of
  the text spans several file lines, and a standalone page number inside the paragraph is a
  line of the text placed after it.

The map is a sorted list of *segments*: runs of consecutive characters that come from
consecutive characters of one unit (paragraph or line).  Characters fzlint adds itself
(a reconstructed list number, the separator between two table cells) are *synthetic*:
every one of them is located at one fixed place, and no edit may touch them.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from ..diagnostic import Diagnostic, Edit, Fix

#: A piece of text needs no separator before the next one when it ends with one of these.
_ENDS_CLAUSE = set("。，、；：！？…,;:!?")


@dataclass(frozen=True)
class TextMap:
    """Where each segment of a Document's text came from in the file, when that text is not the
    file, and whether edits can be carried back to the file."""

    starts: tuple[int, ...]  # offset of each segment in the Document's text
    units: tuple[int, ...]  # paragraph or line number (1-based)
    columns: tuple[int, ...]  # column of the segment's first character (1-based)
    sources: tuple[int, ...]  # offset in the file, -1 when there is none
    synthetic: tuple[bool, ...]
    editable: bool  # can an edit be carried back to the file?
    line_starts: tuple[int, ...] = ()  # Document line starts (editable maps only)
    source_line_starts: tuple[int, ...] = ()  # the matching line starts in the file
    source_length: int = 0
    text_length: int = 0
    #: Where each Document line ends in the file (after its line break), -1 when its file
    #: lines are not one run of the file (a page number was moved out of the paragraph).
    #: Empty when each line ends where the next one starts (every reader but the wrapped one).
    source_line_ends: tuple[int, ...] = ()

    def _segment(self, offset: int) -> int:
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def location(self, offset: int) -> tuple[int, int]:
        """(unit, column), both 1-based, of the character at ``offset``."""
        i = self._segment(offset)
        if self.synthetic[i]:
            return self.units[i], self.columns[i]
        return self.units[i], self.columns[i] + offset - self.starts[i]

    # ---- edits back to the file ---------------------------------------------------------
    def _source(self, offset: int) -> int:
        i = self._segment(offset)
        if self.synthetic[i] or self.sources[i] < 0:
            return -1
        return self.sources[i] + offset - self.starts[i]

    def _whole_lines(self, start: int, end: int) -> tuple[int, int] | None:
        """File range of whole lines when [start, end) covers whole Document lines."""
        ls = self.line_starts
        i = bisect.bisect_left(ls, start)
        if i >= len(ls) or ls[i] != start:
            return None
        j = bisect.bisect_left(ls, end)
        if j < len(ls) and ls[j] == end:  # up to the start of a later line
            last = j - 1
        elif end == self.text_length and j == len(ls):  # the last line, which has no line break
            last = len(ls) - 1
        else:
            return None
        if not self.source_line_ends:
            return self.source_line_starts[i], (self.source_line_starts[j] if j < len(ls) else self.source_length)
        ends, starts = self.source_line_ends, self.source_line_starts
        # The lines must be one run of the file: deleting a paragraph must not take the page
        # number that was moved out of it, nor a moved page number the lines around it.
        if any(ends[k] < 0 or (k < last and ends[k] != starts[k + 1]) for k in range(i, last + 1)):
            return None
        return starts[i], ends[last]

    def source_range(self, start: int, end: int) -> tuple[int, int] | None:
        """File offsets of the Document range [start, end), or None when the range cannot be
        edited in the file (it crosses removed markup, or holds characters fzlint added)."""
        if not self.editable:
            return None
        if end > start:
            lines = self._whole_lines(start, end)
            if lines is not None:
                return lines
            i, j = self._segment(start), self._segment(end - 1)
            if i != j or self.synthetic[i] or self.sources[i] < 0:
                return None
            s = self.sources[i] + start - self.starts[i]
            return s, s + end - start
        s = self._source(start)
        if s < 0 and start >= (self.starts[-1] if self.starts else 0):
            s = self.source_length  # an insertion at the very end
        return (s, s) if s >= 0 else None

    def fix_to_source(self, fix: Fix) -> Fix | None:
        edits = []
        for e in fix.edits:
            r = self.source_range(e.start, e.end)
            if r is None:
                return None
            edits.append(Edit(r[0], r[1], e.content))
        return Fix(tuple(edits), fix.safe, fix.description)

    def keep_applicable_fixes(self, diags: list[Diagnostic]) -> list[Diagnostic]:
        """Drop the fixes that cannot be written back to the file (all of them for .docx)."""
        from dataclasses import replace

        out = []
        for d in diags:
            if d.fix is not None and self.fix_to_source(d.fix) is None:
                d = replace(d, fix=None)
            out.append(d)
        return out


class TextBuilder:
    """Build a Document text and its :class:`TextMap` piece by piece."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.length = 0
        self._starts: list[int] = []
        self._units: list[int] = []
        self._columns: list[int] = []
        self._sources: list[int] = []
        self._synthetic: list[bool] = []
        self._line_starts: list[int] = [0]
        self._source_line_starts: list[int] = [0]
        self._source_line_ends: list[int] = []

    def add(self, text: str, unit: int, column: int, source: int = -1, *, synthetic: bool = False) -> None:
        """Append ``text``, whose first character is at (unit, column) and file offset ``source``."""
        if not text:
            return
        if self._starts and not synthetic and not self._synthetic[-1] and self._units[-1] == unit:
            n = self.length - self._starts[-1]
            same_col = self._columns[-1] + n == column
            same_src = (self._sources[-1] < 0 and source < 0) or (
                self._sources[-1] >= 0 and self._sources[-1] + n == source
            )
            if same_col and same_src:
                self._parts.append(text)
                self.length += len(text)
                return
        self._starts.append(self.length)
        self._units.append(unit)
        self._columns.append(column)
        self._sources.append(source)
        self._synthetic.append(synthetic)
        self._parts.append(text)
        self.length += len(text)

    def mark_line(self, source_line_start: int) -> None:
        """Record that a Document line starts here and where that line starts in the file."""
        self._line_starts.append(self.length)
        self._source_line_starts.append(source_line_start)

    def end_line(self, source_end: int) -> None:
        """Record where the Document line just built ends in the file (after its line break;
        -1 when it is not one run of the file).  For readers whose Document lines are not the
        file's lines in order; either every line is ended this way or none is."""
        self._source_line_ends.append(source_end)

    def last_char(self) -> str:
        return self._parts[-1][-1] if self._parts else ""

    def build(self, *, editable: bool, source_length: int = 0) -> tuple[str, TextMap]:
        if not self._starts:  # empty document
            self._starts, self._units, self._columns = [0], [1], [1]
            self._sources, self._synthetic = [-1 if not editable else 0], [False]
        tm = TextMap(
            tuple(self._starts),
            tuple(self._units),
            tuple(self._columns),
            tuple(self._sources),
            tuple(self._synthetic),
            editable,
            tuple(self._line_starts) if editable else (),
            tuple(self._source_line_starts) if editable else (),
            source_length,
            self.length,
            tuple(self._source_line_ends) if editable else (),
        )
        return "".join(self._parts), tm


def needs_separator(before: str, after: str) -> bool:
    """Between two table cells: a full-width comma, unless the text already has a break."""
    return bool(before) and bool(after) and before[-1] not in _ENDS_CLAUSE and after[0] not in _ENDS_CLAUSE


#: The separator put between the cells of a table row (one row is one line of text).
CELL_SEPARATOR = "，"


def end_location(text: str, textmap: TextMap | None, position: Callable[[int], tuple[int, int]],
                 start: int, end: int) -> tuple[int, int]:
    """The exclusive end location of the span [start, end) of ``text`` (a parsed Document's or
    a worker's digest of it): ``position`` for .txt, else through ``textmap``; a span that takes
    a line break ends where the next line starts."""
    if textmap is None:
        return position(end) if end > start else position(start)
    if end <= start:
        return textmap.location(start)
    if text[end - 1] in "\r\n":
        return textmap.location(end)
    unit, col = textmap.location(end - 1)
    return unit, col + 1
