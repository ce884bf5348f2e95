"""The parsed report: :class:`Document` (lines, paragraphs, the heading tree, title, year
and signature, offsets ↔ line/column, structure and scope queries), its :class:`Line`,
:class:`Heading`, :class:`Span` and :class:`Signature`, and :func:`split_lines`.

:func:`fzlint.parse.parse` builds it (headings by :mod:`~fzlint.parse.headings`, title,
year and signature by :mod:`~fzlint.parse.frame`); which top-level section is which
required part is decided later by :mod:`fzlint.parse.parts` from pack data.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..infra import rx

if TYPE_CHECKING:
    from ..infra.spans import PartIndex
    from ..inputs.textmap import TextMap


INDENT_CHARS = " \t\u3000\xa0\ufeff"
#: The longest stretch sentence-level logic reads around a match.  A real sentence of a
#: report is far shorter (a few hundred characters at most); a "sentence" longer than this
#: is a line without 。！？； (hostile or broken input), and reading all of it around every
#: match would make a 1 MB line take quadratic time.  The number checks cut longer
#: sentences into pieces (at a ，、 when there is one: ``analysis.sentences.split_sentences``), and
#: context windows around a match are clipped to it (``checks.textutil.sentence_around``).
LONGEST_SENTENCE = 1000
_LINE_BREAK = rx.compile(r"\r\n|\r|\n")
_SENTENCE_END = rx.compile(r"[。！？!?；;]")


@dataclass(frozen=True)
class Line:
    """One line of the text: its number, offsets and text, and where its content starts and ends."""

    number: int  # 1-based
    start: int  # offset of the first character
    end: int  # offset just before the line terminator
    text: str  # without terminator
    content_start: int  # after indentation
    content_end: int  # before trailing whitespace

    @property
    def content(self) -> str:
        return self.text[self.content_start - self.start : self.content_end - self.start]

    @property
    def blank(self) -> bool:
        return self.content_start >= self.content_end


@dataclass(init=False)
class Heading:
    """A heading and the section it opens.  Built and linked by the parse (the tree by
    :func:`~fzlint.parse.headings.build_tree`, ``part`` by :mod:`fzlint.parse.parts`);
    :meth:`Document.finish` freezes it: its children become a tuple and no attribute can
    be set."""

    rank: int
    style: str  # cn | cn-paren | arabic | arabic-paren | circled | bare | markup
    number: int | None  # numeric value of the marker, None for bare headings
    marker: str  # the marker as written, e.g. "（一）" or "(二）"
    text: str  # heading text without marker (up to the first stop for run-in headings)
    line: int
    start: int  # offset of the marker (or text for bare headings)
    text_start: int
    text_end: int
    run_in: bool = False  # body text follows on the same line
    parent: Heading | None = field(default=None, repr=False)
    children: Sequence[Heading] = field(default_factory=list, repr=False)
    end: int = 0  # end offset of the section this heading opens
    part: str | None = None  # required-part id mapped by fzlint.parse.parts (top level only)
    part_score: float = 0.0

    def __init__(self, rank: int, style: str, number: int | None, marker: str, text: str, line: int, start: int,
                 text_start: int, text_end: int, run_in: bool = False, parent: Heading | None = None,
                 children: Sequence[Heading] | None = None, end: int = 0, part: str | None = None,
                 part_score: float = 0.0) -> None:
        # The fields above, written into the instance at once: through __setattr__ (a Python
        # call per field) a parse spent more on its headings' attributes than on finding them.
        self.__dict__.update(rank=rank, style=style, number=number, marker=marker, text=text, line=line,
                             start=start, text_start=text_start, text_end=text_end, run_in=run_in,
                             parent=parent, children=[] if children is None else children, end=end, part=part,
                             part_score=part_score)

    def __setattr__(self, name: str, value: object) -> None:
        if self.__dict__.get("_frozen"):
            raise AttributeError(f"Heading is finished: {name} cannot change after parsing")
        object.__setattr__(self, name, value)

    def freeze(self) -> None:
        self.__dict__["children"] = tuple(self.children)
        self.__dict__["_frozen"] = True

    @property
    def depth(self) -> int:
        d, h = 0, self.parent
        while h is not None:
            d, h = d + 1, h.parent
        return d


@dataclass(frozen=True)
class Span:
    """A stretch of the text: its offsets and what it says."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Signature:
    """The signature at the end of a report (or the date under its title): the issuing body and the date."""

    body: Span | None
    date: _dt.date | None
    date_span: Span | None
    #: The date is written under the title ("（2025年1月15日）"), as published reports often
    #: have it, rather than at the end; the issuer is then usually named in the title.
    date_under_title: bool = False


class Document:
    """A parsed report.  Built by :func:`parse` (or a reader's ``parse``), then finished by
    :func:`fzlint.engine.prepare_document` (year override, part mapping); from then on
    :meth:`finish` makes every attribute assignment an error and its collections immutable
    (tuples, a read-only mapping, frozen headings), so nothing a check (or a shared
    analysis) does can change it.  Its caches are private."""

    def __setattr__(self, name: str, value: object) -> None:
        if self.__dict__.get("_finished"):
            raise AttributeError(f"Document is finished: {name} cannot change after parsing")
        object.__setattr__(self, name, value)

    def finish(self) -> Document:
        """Freeze the Document (the parse is complete): no attribute may be set after this,
        its collections become tuples and a read-only mapping, its headings frozen."""
        if self.finished:
            return self
        d = self.__dict__
        d["lines"] = tuple(self.lines)
        d["_line_starts"] = tuple(self._line_starts)
        for h in self.headings:
            h.freeze()
        d["headings"] = tuple(self.headings)
        d["top"] = tuple(self.top)
        d["part_spans"] = MappingProxyType({pid: tuple(spans) for pid, spans in self.part_spans.items()})
        d["lost_top_candidates"] = tuple(self.lost_top_candidates)
        d["_heading_starts"] = {}  # keyed by the lists just replaced
        d["_finished"] = True
        return self

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["part_spans"] = dict(self.part_spans)  # (a mappingproxy does not pickle)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        if state.get("_finished"):
            state = {**state, "part_spans": MappingProxyType(state["part_spans"])}
        self.__dict__.update(state)

    @property
    def finished(self) -> bool:
        return bool(self.__dict__.get("_finished"))

    def __init__(self, text: str, path: str = "-", unit: str = "line") -> None:
        self.text = text
        self.path = path
        self.unit = unit
        self.lines: Sequence[Line] = []
        self._line_starts: Sequence[int] = []
        self.headings: Sequence[Heading] = []  # document order
        self.top: Sequence[Heading] = []  # children of the root
        self._heading_starts: dict[int, list[int]] = {}
        self.title: Span | None = None
        self.title_lines: tuple[int, ...] = ()
        self.issuer: str | None = None
        self.year: int | None = None
        self.year_source: str = "none"  # title | body | override | none
        self.signature: Signature | None = None
        self.title_date: Signature | None = None  # a date line right under the title
        self.body_start = 0
        self.body_end = len(text)
        self.trailer_start = len(text)
        self.parts_mapped = False
        #: Spans of the parts covered by a sub-heading or a paragraph (set by fzlint.parse.parts).
        self.part_spans: Mapping[str, Sequence[tuple[int, int]]] = {}
        self._part_index: tuple[object, PartIndex] | None = None  # (key, PartIndex): in_part's index
        #: Lines after the last numbered top-level heading that may be a last top-level
        #: heading that lost its number; fzlint.parse.parts promotes one that names a missing part.
        self.lost_top_candidates: Sequence[int] = []
        #: Set by the readers of .docx and .md (see fzlint.inputs.textmap); None for .txt.
        self.textmap: TextMap | None = None

    # ---- positions -------------------------------------------------------------------
    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset in ``text``; columns count code points."""
        i = bisect.bisect_right(self._line_starts, offset) - 1
        i = max(i, 0)
        line = self.lines[i]
        return line.number, min(offset, line.end) - line.start + 1

    def location(self, offset: int) -> tuple[int, int]:
        """Where the user finds ``offset``: ``position`` for .txt; (paragraph, character) for
        .docx; (line, column) in the file for .md.  Diagnostics are located with this."""
        return self.textmap.location(offset) if self.textmap is not None else self.position(offset)

    def where(self, *offsets: int) -> str:
        """The places of ``offsets`` as a message names them: 第 3、5 行, or 第 3、5 段 for a .docx."""
        return where(self.unit, (self.location(o)[0] for o in offsets))

    def end_location(self, start: int, end: int) -> tuple[int, int]:
        """The exclusive end location of the span [start, end)."""
        from ..inputs.textmap import end_location

        return end_location(self.text, self.textmap, self.position, start, end)

    def line_at(self, offset: int) -> Line:
        i = max(bisect.bisect_right(self._line_starts, offset) - 1, 0)
        return self.lines[i]

    def offset(self, line: int, column: int) -> int:
        ln = self.lines[line - 1]
        return min(ln.start + column - 1, ln.end)

    # ---- structure queries ----------------------------------------------------------
    def _starts(self, headings: Sequence[Heading]) -> list[int]:
        """Start offsets of ``headings`` (in document order), cached: the structure queries
        below are asked per paragraph and must not scan every heading each time."""
        key = id(headings)
        cached = self._heading_starts.get(key)
        if cached is None or len(cached) != len(headings):
            cached = self._heading_starts[key] = [h.start for h in headings]
        return cached

    def headings_between(self, start: int, end: int) -> Sequence[Heading]:
        """The headings starting in ``[start, end)``, in document order (a bisect over the
        cached start offsets: a report can hold tens of thousands)."""
        starts = self._starts(self.headings)
        first = bisect.bisect_left(starts, start)
        return self.headings[first : bisect.bisect_left(starts, end, lo=first)]

    def heading_at(self, offset: int) -> Heading | None:
        """The innermost heading whose section contains ``offset``."""
        i = bisect.bisect_right(self._starts(self.headings), offset) - 1
        h = self.headings[i] if i >= 0 else None
        # Sections nest: whatever holds ``offset`` holds the last heading starting before it.
        while h is not None and not h.start <= offset < h.end:
            h = h.parent
        return h

    def top_heading_at(self, offset: int) -> Heading | None:
        i = bisect.bisect_right(self._starts(self.top), offset) - 1
        if i >= 0 and self.top[i].start <= offset < self.top[i].end:
            return self.top[i]
        return None

    def part_at(self, offset: int) -> str | None:
        h = self.top_heading_at(offset)
        return h.part if h else None

    def in_part(self, offset: int, part: str) -> bool:
        """True when the innermost section holding ``offset`` belongs to ``part``: a
        sub-section or paragraph covering a part inside another section (``（二）2024年
        工作打算`` under ``三、存在的问题和下一步打算``), else the top-level section."""
        if not self.part_spans:
            return self.part_at(offset) == part
        from ..infra.spans import PartIndex

        key = tuple((pid, len(spans)) for pid, spans in self.part_spans.items())
        cached = self._part_index
        if cached is None or cached[0] != key:
            cached = (key, PartIndex(self.part_spans))
            self.__dict__["_part_index"] = cached  # a private cache, so it may be filled after finish()
        inner = cached[1].innermost(offset)
        return inner == part if inner is not None else self.part_at(offset) == part

    def part_headings(self, part: str) -> list[Heading]:
        return [h for h in self.top if h.part == part]

    def scope_ranges(self, scope: str) -> list[tuple[int, int]]:
        """Character ranges a rule with this scope looks at.

        ``all``: the whole text; ``body``: from the end of the title to the signature
        (the part a drafter wrote); ``title``; ``signature``; ``headings``: heading
        texts; ``preamble``: body text before the first heading; any other name is a
        required-part id (``measures``, ``plans``…) and selects those sections (and the
        sub-sections and paragraphs that cover the part inside others: ``part_spans``).
        """
        if scope == "all":
            return [(0, len(self.text))]
        if scope == "body":
            return [(self.body_start, self.body_end)]
        if scope == "title":
            return [(self.title.start, self.title.end)] if self.title else []
        if scope == "signature":
            sig = self.signature
            if not sig:
                return []
            spans = [s for s in (sig.body, sig.date_span) if s]
            return [(min(s.start for s in spans), max(s.end for s in spans))] if spans else []
        if scope == "headings":
            return [(h.text_start, h.text_end) for h in self.headings]
        if scope == "preamble":
            first = self.headings[0].start if self.headings else self.body_end
            return [(self.body_start, min(first, self.body_end))]
        return sorted([*((h.start, h.end) for h in self.top if h.part == scope), *self.part_spans.get(scope, ())])

    def in_scope(self, offset: int, scope: str) -> bool:
        return any(a <= offset < b for a, b in self.scope_ranges(scope))

    # ---- text units ------------------------------------------------------------------
    def paragraphs(self, start: int = 0, end: int | None = None) -> Iterator[Line]:
        """Non-blank lines (each line of a .txt report is one paragraph) within a range."""
        end = len(self.text) if end is None else end
        paras, starts = self._nonblank()
        first = max(bisect.bisect_right(starts, start) - 1, 0)  # earlier lines end before start
        for i in range(first, len(paras)):  # by index: no copy of the list per call
            ln = paras[i]
            if ln.end <= start:
                continue
            if ln.start >= end:
                break
            yield ln

    def _nonblank(self) -> tuple[list[Line], list[int]]:
        """The non-blank lines and their starts (built once per list of lines: every rule
        walks them, many times)."""
        cached = self.__dict__.get("_nonblank_cache")
        if cached is None or cached[0] is not self.lines:
            paras = [ln for ln in self.lines if not ln.blank]
            cached = (self.lines, paras, [ln.start for ln in paras])
            self.__dict__["_nonblank_cache"] = cached
        return cached[1], cached[2]

    def sentences(self, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
        """(start, end) spans of sentences: split at 。！？； and at line ends."""
        for ln in self.paragraphs(start, end):
            a = max(ln.content_start, start)
            b = min(ln.content_end, len(self.text) if end is None else end)
            pos = a
            for m in _SENTENCE_END.finditer(self.text, a, b):
                if m.end() > pos:
                    yield pos, m.end()
                pos = m.end()
            if pos < b:
                yield pos, b

    def is_heading_line(self, number: int) -> bool:
        return any(h.line == number for h in self.headings)


# ---------------------------------------------------------------------------------------
def split_lines(text: str) -> list[Line]:
    """The lines of ``text``.  A leading U+FEFF (a byte-order mark an editor kept in its
    buffer) belongs to no line: the first line starts after it, so columns and findings
    are those of the text without it while offsets stay the buffer's own."""
    lines: list[Line] = []
    pos = 1 if text.startswith("\ufeff") else 0
    number = 1
    for m in _LINE_BREAK.finditer(text):
        lines.append(make_line(text, number, pos, m.start()))
        pos = m.end()
        number += 1
    lines.append(make_line(text, number, pos, len(text)))
    return lines


def make_line(text: str, number: int, start: int, end: int) -> Line:
    cs = start
    while cs < end and text[cs] in INDENT_CHARS:
        cs += 1
    ce = end
    while ce > cs and (text[ce - 1] in INDENT_CHARS or text[ce - 1] in "\x0b\x0c"):
        ce -= 1
    return Line(number, start, end, text[start:end], cs, ce)


def where(unit: str, numbers: Iterable[int]) -> str:
    """Line (or, for a .docx, paragraph) numbers as a message names them: 第 3、5 行 / 第 3、5 段
    (as ``fzlint outline`` names a .docx's paragraphs)."""
    listed = "、".join(str(n) for n in sorted(set(numbers)))
    return f"第 {listed} 段" if unit == "paragraph" else f"第 {listed} 行"
