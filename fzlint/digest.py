"""What the outputs need of a Document, without the Document.

A :class:`Digest` keeps a document's text, its line table (four integer arrays), for a
.docx or .md the :class:`~fzlint.inputs.textmap.TextMap` that places an offset for the
user, for a Markdown file also the file's own text, and the summary facts (unit, issuer,
year, missing parts).  From these it builds the :class:`~fzlint.result.Shown` of any
diagnostic: the window of the line it is on, the file's line, and the old text and place
of each fix edit — the values the Document gives (:meth:`~fzlint.parse.document.Document.line_at`,
``location``, ``end_location``).

:func:`fzlint.engine.file_report` quotes every finding through one.  A batch keeps a digest
per report instead of the Document (:func:`fzlint.engine.slim`, in the worker process): the
text and a few integers per line rather than the parse (lines, headings, spans, caches), so
less to pickle in the worker, to unpickle and to hold in the parent; the copy findings the
corpus pass adds later are quoted from it like the others.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .diagnostic import Diagnostic
from .result import WINDOW, EditShown, Shown, TextLine

if TYPE_CHECKING:
    from .inputs.source import Source
    from .inputs.textmap import TextMap
    from .parse.document import Document, Line
    from .parse.parts import PartSpecs


@dataclass(frozen=True, slots=True)
class Digest:
    """A document's text, line table and summary facts: what the outputs read instead of the Document."""

    unit: str  # "line" or "paragraph" (a .docx), as Diagnostic.unit
    issuer: str | None
    year: int | None
    missing_parts: tuple[str, ...] | None  # names of the required parts not covered; None: not known
    text: str
    starts: array  # line i (0-based; line number i + 1) starts here
    ends: array  # … ends here (before its terminator)
    content_starts: array  # after indentation
    content_ends: array  # before trailing whitespace
    textmap: TextMap | None = None  # a .docx's or .md's: where an offset is for the user
    file_text: str | None = None  # a Markdown file's own text: its lines are quoted too

    @classmethod
    def of(cls, doc: Document, source: Source | None, parts: PartSpecs | None = None) -> Digest:
        """The digest of ``doc`` (``source``: what it was read from); ``parts``: the part specs
        whose missing required parts to find (None: not looked for)."""
        missing = None
        if parts is not None:
            from .parse.parts import missing_parts

            found = missing_parts(doc, parts)
            missing = None if found is None else tuple(p.name for p in found)
        lines = doc.lines
        tm = doc.textmap
        code = "i" if len(doc.text) < 2**31 else "q"  # 4 bytes an offset
        return cls(
            doc.unit,
            doc.issuer,
            doc.year,
            missing,
            doc.text,
            array(code, [ln.start for ln in lines]),
            array(code, [ln.end for ln in lines]),
            array(code, [ln.content_start for ln in lines]),
            array(code, [ln.content_end for ln in lines]),
            tm,
            source.text if tm is not None and tm.editable and source is not None else None,
        )

    # ---- the Document's answers, from the line table ---------------------------------
    def _index(self, offset: int) -> int:
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def position(self, offset: int) -> tuple[int, int]:
        i = self._index(offset)
        return i + 1, min(offset, self.ends[i]) - self.starts[i] + 1

    def location(self, offset: int) -> tuple[int, int]:
        return self.textmap.location(offset) if self.textmap is not None else self.position(offset)

    def end_location(self, start: int, end: int) -> tuple[int, int]:
        from .inputs.textmap import end_location

        return end_location(self.text, self.textmap, self.position, start, end)

    # ---- what the outputs quote ------------------------------------------------------
    def shown(self, diags: Sequence[Diagnostic]) -> tuple[Shown, ...]:
        """The :class:`Shown` of each of ``diags``."""
        from .parse.document import split_lines

        file_lines = split_lines(self.file_text) if self.file_text is not None else None
        return tuple(self._shown(d, file_lines) for d in diags)

    def _shown(self, d: Diagnostic, file_lines: list[Line] | None) -> Shown:
        text = self.text
        line = None
        if self.starts and d.start <= len(text):
            i = self._index(d.start)
            nxt = self.starts[i + 1] if i + 1 < len(self.starts) else len(text)
            line = _window(text, i + 1, self.starts[i], self.ends[i], self.content_starts[i], self.content_ends[i],
                           nxt, d.start, d.end)
        file_line = None
        if file_lines is not None and self.file_text is not None and d.line <= len(file_lines):
            fl = file_lines[d.line - 1]
            a = min(fl.start + d.column - 1, fl.end)
            b = min(fl.start + d.end_column - 1, fl.end) if d.end_line == d.line else fl.content_end
            nxt = file_lines[d.line].start if d.line < len(file_lines) else len(self.file_text)
            file_line = _window(self.file_text, fl.number, fl.start, fl.end, fl.content_start, fl.content_end,
                                nxt, a, b)
        edits: tuple[EditShown, ...] = ()
        if d.fix is not None:
            edits = tuple(EditShown(text[e.start : min(e.end, e.start + 200)], *self.location(e.start),
                                    *self.end_location(e.start, e.end)) for e in d.fix.edits)
        return Shown(line, file_line, file_lines is not None, edits)


def _window(text: str, number: int, start: int, end: int, content_start: int, content_end: int, nxt: int,
            a: int, b: int) -> TextLine:
    """Line ``number`` of ``text`` (the next line starts at ``nxt``), keeping the span [a, b)
    and :data:`~fzlint.result.WINDOW` characters each side."""
    nxt = max(nxt, end)
    lo, hi = max(start, a - WINDOW), min(nxt, max(a, b, content_start) + WINDOW)
    return TextLine(number, start, end, content_start, content_end, lo, text[lo:hi])
