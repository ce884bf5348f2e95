"""Text → Document: lines, paragraphs, the heading tree, title, year and signature.

The parser knows only the fixed syntax of the genre (heading numerals, dates, the
shape of a title and of a closing block).  Which top-level section is which
required part is decided later by :mod:`fzlint.parts` from pack data.

Heading forms recognised (rank = nesting level of the numbering style):

====  =============================================  ==========
rank  forms                                          style ids
====  =============================================  ==========
0     ``第一部分``                                    part
1     ``一、`` ``一．``                               cn
2     ``（一）`` ``(一)`` ``(二）`` ``（一）、`` ``一）``  cn-paren
3     ``1.`` ``1、`` ``1．``                          arabic
4     ``（1）`` ``(1)``                               arabic-paren
5     ``①``                                          circled
====  =============================================  ==========

A *bare* heading is a short line without terminal punctuation that stands among
numbered siblings (real reports lose ``（一）`` when Word's automatic numbering is
exported to text); it takes the rank of the numbered headings of its section.  Not
bare headings: the first line under a numbered heading of that rank, items listed one
a line after a colon, a line that is only a ``《title》``, a short sentence stating a
figure.
Leading spaces, tabs, U+3000 and NBSP are indentation; a leading Word bookmark
residue such as ``[bookmark: _GoBack]`` is skipped when looking for a heading.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import itertools
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import rx

if TYPE_CHECKING:
    from .spans import PartIndex
    from .textmap import TextMap

INDENT_CHARS = " \t\u3000\xa0\ufeff"
#: The longest stretch sentence-level logic reads around a match.  A real sentence of a
#: report is far shorter (a few hundred characters at most); a "sentence" longer than this
#: is a line without 。！？； (hostile or broken input), and reading all of it around every
#: match would make a 1 MB line take quadratic time.  The number checks cut longer
#: sentences into pieces (at a ，、 when there is one: ``numbers.split_sentences``), and
#: context windows around a match are clipped to it (``checks.textutil.sentence_around``).
LONGEST_SENTENCE = 1000

_LINE_BREAK = rx.compile(r"\r\n|\r|\n")
_NOISE_PREFIX = rx.compile(r"(?:\[bookmark:[^\]\n]*\]\s*)+")

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# What drafters type for 〇 in a year written in Chinese numerals (二0二三, 二O二三, 二○二三):
# still the year (FZ509 reports the character).
_ZERO_LOOKALIKES = {"0": 0, "O": 0, "Ｏ": 0, "○": 0}
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# A year as written: 2023, ２０２３, 二〇二三 (and 二0二三).
_AR_YEAR = r"(?:19|20|１９|２０)\d{2}"
_CN_YEAR = "[一二][〇零一二三四五六七八九0０OＯ○]{3}"

_CN = "一二三四五六七八九十"
_HEADING_PATTERNS: tuple[tuple[int, str, re.Pattern[str]], ...] = (
    # "第一部分" sits above "一、": reports in parts number their sections 一、二、 inside each part.
    (0, "part", rx.compile(rf"^第(?P<num>[{_CN}]{{1,3}})部分\s*[、.．：:]?\s*")),
    (1, "cn", rx.compile(rf"^(?P<num>[{_CN}]{{1,3}})\s*(?P<sep>[、.．])\s*")),
    # (The opening bracket may be missing, "一）依法决策": the heading rule reports it.)
    (2, "cn-paren", rx.compile(rf"^(?P<open>[（(]?)\s*(?P<num>[{_CN}]{{1,3}})\s*(?P<close>[）)])\s*(?P<sep>[、.．，,]?)\s*")),
    (3, "arabic", rx.compile(r"^(?P<num>[0-9０-９]{1,2})\s*(?P<sep>[.．、])(?![0-9０-９])\s*")),
    (4, "arabic-paren", rx.compile(r"^(?P<open>[（(])\s*(?P<num>[0-9０-９]{1,2})\s*(?P<close>[）)])\s*(?P<sep>[、.．]?)\s*")),
    (5, "circled", rx.compile(r"^(?P<num>[①-⑳])\s*")),
)
_RUN_IN_END = rx.compile(r"[。；;：:！？!?]")
_TERMINAL = set("。；;：:！？!?，,、")
_DATE_LINE = rx.compile(
    rf"^(?P<y>\d{{4}}|{_CN_YEAR})\s*年"
    r"\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
    r"\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日$"
)
# A closing block on one line: the issuing body, spaces, the date.
_BODY_AND_DATE = rx.compile(rf"^(?P<body>[^\s。，,；;：:！？!?]{{2,40}}?)[ \t\u3000\xa0]+(?P<date>(?:\d{{4}}|{_CN_YEAR})\s*年.{{1,12}}日)$")
# A date on the line under the title, usually in brackets: "（2025年1月15日）".
_TITLE_DATE = rx.compile(r"^[（(]\s*(?P<date>[^（）()]+?)\s*[）)]$|^(?P<bare>[^（）()]+)$")
_YEAR_IN_TITLE = rx.compile(rf"(?P<y>{_AR_YEAR}|{_CN_YEAR})\s*年")
_YEAR_IN_BODY = rx.compile(rf"(?P<y>{_AR_YEAR})\s*年度?法治政府建设(?:情况|工作)?(?:年度)?报告")
# The opening of a report without a year in its title still says which year it covers:
# "现将我街道2022年度法治政府建设工作情况报告如下" / "2024年，古镛镇法治政府建设工作……" /
# "一、2024年度推进法治政府建设的主要举措和成效".
_YEAR_REPORTED = rx.compile(rf"现[将对就][^。；;]{{0,20}}?(?P<y>{_AR_YEAR})\s*年度?[^。；;]{{0,30}}?(?:报告|汇报|总结)如下")
# ("2021年以来，" is not taken: it often opens a look back over several years.)
_YEAR_OPENING = rx.compile(rf"^(?P<y>{_AR_YEAR})\s*年度?[，,]")
_YEAR_HEADING = rx.compile(rf"^(?P<y>{_AR_YEAR})\s*年度?[^，,。]{{0,16}}(?:举措|成效|情况|做法|工作)")
# Lines that can sit just above the title without being part of it: a web page's header
# (a date with the weekday "天津市××区人民政府 2019年12月3日星期二", a language switch
# "简体| 繁体", breadcrumbs, bulleted links "• 设为首页"), an attachment label ("附件2") and a
# document number ("津滨司〔2024〕3号").
_CHROME = rx.compile(r"星期[一二三四五六日天]|[|｜>＞»→]|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日"
                     r"|^附件\s*[0-9０-９一二三四五六七八九十]*$|[〔［\[]\d{4}[〕］\]]\s*\d+\s*号$|^[•·●▪◆■]")
# What the genre's titles are about: a block naming it is preferred to a lone "工作报告".
_TITLE_TOPIC = rx.compile(r"法治|法制|依法行政|依法治")
_ORG_SUFFIX = rx.compile(r"(办事处|街道|人民政府|政府|委员会|工委|党委|局|委|办公室|办|处|中心|院|所|街|镇|乡|区|县|市|部|厅|公司)$")
_SENTENCE_END = rx.compile(r"[。！？!?；;]")


def cn_to_int(s: str) -> int | None:
    """Chinese numerals up to 999 (一, 十二, 二十一, 一百零五) or digit strings."""
    s = s.translate(_FULLWIDTH_DIGITS)
    if s.isdigit():
        return int(s)
    if len(s) >= 2 and all(ch in CN_DIGITS or ch in _ZERO_LOOKALIKES for ch in s):  # 二〇二三 style
        return int("".join(str(CN_DIGITS.get(ch, 0)) for ch in s))
    total, num = 0, 0
    for ch in s:
        if ch in CN_DIGITS:
            num = CN_DIGITS[ch]
        elif ch == "十":
            total += (num or 1) * 10
            num = 0
        elif ch == "百":
            total += (num or 1) * 100
            num = 0
        else:
            return None
    return total + num if s else None


def circled_to_int(ch: str) -> int:
    return ord(ch) - ord("①") + 1


@dataclass(frozen=True)
class Line:
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


@dataclass
class Heading:
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
    children: list[Heading] = field(default_factory=list, repr=False)
    end: int = 0  # end offset of the section this heading opens
    part: str | None = None  # required-part id mapped by fzlint.parts (top level only)
    part_score: float = 0.0

    @property
    def depth(self) -> int:
        d, h = 0, self.parent
        while h is not None:
            d, h = d + 1, h.parent
        return d


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Signature:
    body: Span | None
    date: _dt.date | None
    date_span: Span | None
    #: The date is written under the title ("（2025年1月15日）"), as published reports often
    #: have it, rather than at the end; the issuer is then usually named in the title.
    date_under_title: bool = False


class Document:
    """A parsed report.  Built by :func:`parse` (or a reader's ``parse``), then finished by
    :func:`fzlint.engine.prepare_document` (year override, part mapping); from then on
    :meth:`finish` makes every attribute assignment an error, so nothing a check (or a
    shared analysis) does can change it.  Its caches are private."""

    def __setattr__(self, name: str, value: object) -> None:
        if self.__dict__.get("_finished"):
            raise AttributeError(f"Document is finished: {name} cannot change after parsing")
        object.__setattr__(self, name, value)

    def finish(self) -> Document:
        """Freeze the Document: no attribute may be set after this (the parse is complete)."""
        self.__dict__["_finished"] = True
        return self

    @property
    def finished(self) -> bool:
        return bool(self.__dict__.get("_finished"))

    def __init__(self, text: str, path: str = "-", unit: str = "line") -> None:
        self.text = text
        self.path = path
        self.unit = unit
        self.lines: list[Line] = []
        self._line_starts: list[int] = []
        self.headings: list[Heading] = []  # document order
        self.top: list[Heading] = []  # children of the root
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
        #: Spans of the parts covered by a sub-heading or a paragraph (set by fzlint.parts).
        self.part_spans: dict[str, list[tuple[int, int]]] = {}
        self._part_index: tuple[object, PartIndex] | None = None  # (key, PartIndex): in_part's index
        #: Lines after the last numbered top-level heading that may be a last top-level
        #: heading that lost its number; fzlint.parts promotes one that names a missing part.
        self.lost_top_candidates: list[int] = []
        #: Set by the readers of .docx and .md (see fzlint.textmap); None for .txt.
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
        if self.textmap is None:
            return self.position(end) if end > start else self.position(start)
        if end <= start:
            return self.textmap.location(start)
        if self.text[end - 1] in "\r\n":  # the span takes the line break: it ends where the next line starts
            return self.textmap.location(end)
        unit, col = self.textmap.location(end - 1)
        return unit, col + 1

    def line_at(self, offset: int) -> Line:
        i = max(bisect.bisect_right(self._line_starts, offset) - 1, 0)
        return self.lines[i]

    def offset(self, line: int, column: int) -> int:
        ln = self.lines[line - 1]
        return min(ln.start + column - 1, ln.end)

    # ---- structure queries ----------------------------------------------------------
    def _starts(self, headings: list[Heading]) -> list[int]:
        """Start offsets of ``headings`` (in document order), cached: the structure queries
        below are asked per paragraph and must not scan every heading each time."""
        key = id(headings)
        cached = self._heading_starts.get(key)
        if cached is None or len(cached) != len(headings):
            cached = self._heading_starts[key] = [h.start for h in headings]
        return cached

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
        from .spans import PartIndex

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
        return sorted([(h.start, h.end) for h in self.top if h.part == scope] + self.part_spans.get(scope, []))

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
        lines.append(_make_line(text, number, pos, m.start()))
        pos = m.end()
        number += 1
    lines.append(_make_line(text, number, pos, len(text)))
    return lines


def _make_line(text: str, number: int, start: int, end: int) -> Line:
    cs = start
    while cs < end and text[cs] in INDENT_CHARS:
        cs += 1
    ce = end
    while ce > cs and (text[ce - 1] in INDENT_CHARS or text[ce - 1] in "\x0b\x0c"):
        ce -= 1
    return Line(number, start, end, text[start:end], cs, ce)


def _title_like(s: str) -> bool:
    return 0 < len(s) <= 60 and not any(ch in s for ch in "。：:；;>，,！？!?") and not _DATE_LINE.match(s)


def _match_heading(line: Line, text: str) -> Heading | None:
    s = line.content
    offset = line.content_start
    noise = _NOISE_PREFIX.match(s)
    if noise:
        s = s[noise.end() :]
        offset += noise.end()
    if not s or _DATE_LINE.match(s):
        return None
    for rank, style, pat in _HEADING_PATTERNS:
        m = pat.match(s)
        if not m:
            continue
        rest = s[m.end() :]
        if not rest.strip():
            return None  # a lone marker is not a heading
        raw_num = m.group("num")
        number = circled_to_int(raw_num) if style == "circled" else cn_to_int(raw_num)
        stop = _RUN_IN_END.search(rest)
        if stop and stop.start() == 0:
            return None
        head = rest[: stop.start()] if stop else rest
        run_in = stop is not None and bool(rest[stop.end() :].strip())
        marker = s[: m.end()].rstrip()
        tstart = offset + m.end()
        return Heading(
            rank=rank,
            style=style,
            number=number,
            marker=marker,
            text=head.strip(),
            line=line.number,
            start=offset,
            text_start=tstart,
            text_end=tstart + len(head.rstrip()),
            run_in=run_in,
        )
    return None


def leading_marker(text: str) -> tuple[str, int, int] | None:
    """(style, number, end) of the heading number ``text`` starts with (``（一）加强`` →
    ("cn-paren", 1, 3)); ``end`` takes the spaces after it.  None when it starts with none."""
    for _rank, style, pat in _HEADING_PATTERNS:
        m = pat.match(text)
        if m:
            raw = m.group("num")
            number = circled_to_int(raw) if style == "circled" else cn_to_int(raw)
            return (style, number, m.end()) if number is not None else None
    return None


def numbered_rank(text: str) -> int | None:
    """The rank of the heading numbering ``text`` starts with (``一、`` → 1, ``（一）`` → 2 …)."""
    h = _match_heading(_make_line(text, 1, 0, len(text)), text)
    return h.rank if h is not None else None


def _parse_date(m: re.Match[str]) -> _dt.date | None:
    y, mo, d = cn_to_int(m.group("y")), cn_to_int(m.group("m")), cn_to_int(m.group("d"))
    if y is None or mo is None or d is None:
        return None
    try:
        return _dt.date(y, mo, d)
    except ValueError:
        return None


def where(unit: str, numbers: Iterable[int]) -> str:
    """Line (or, for a .docx, paragraph) numbers as a message names them: 第 3、5 行 / 第 3、5 段
    (as ``fzlint outline`` names a .docx's paragraphs)."""
    listed = "、".join(str(n) for n in sorted(set(numbers)))
    return f"第 {listed} 段" if unit == "paragraph" else f"第 {listed} 行"


def parse(text: str, path: str = "-", *, heading_hints: dict[int, int] | None = None, unit: str = "line") -> Document:
    """Parse a report.

    ``heading_hints`` maps a line number to a heading rank for lines that markup
    (Markdown ``#``, Word heading styles or list numbering) says are headings; a rank of
    0 says the line is *not* a heading whatever it looks like (a table row).
    """
    doc = Document(text, path, unit)
    doc.lines = split_lines(text)
    doc._line_starts = [ln.start for ln in doc.lines]
    nonblank = [ln for ln in doc.lines if not ln.blank]
    hints = heading_hints or {}

    # Numbered (and markup-hinted) headings.
    candidates: dict[int, Heading] = {}
    for ln in nonblank:
        if hints.get(ln.number) == 0:
            continue
        h = _match_heading(ln, text)
        if ln.number in hints:
            rank = hints[ln.number]
            if h is None:
                head = ln.content.rstrip("。")  # a styled heading's full stop is not part of its text
                h = Heading(rank, "markup", None, "", head, ln.number, ln.content_start,
                            ln.content_start, ln.content_start + len(head))
            else:
                h.rank = rank
        if h is not None:
            candidates[ln.number] = h

    _find_title(doc, nonblank, candidates)
    _find_signature(doc, nonblank, candidates)
    for n in list(candidates):
        ln = doc.lines[n - 1]
        if n in doc.title_lines or ln.start >= doc.body_end:
            del candidates[n]
    headings = sorted(candidates.values(), key=lambda h: h.start)
    headings = _add_bare_headings(doc, nonblank, headings, frozenset(n for n, r in hints.items() if r == 0))
    doc.headings = headings
    _build_tree(doc)
    _find_year(doc, nonblank)
    return doc


def _find_title(doc: Document, nonblank: list[Line], candidates: dict[int, Heading]) -> None:
    blocks: list[list[Line]] = []
    current: list[Line] = []
    prev_number = -10
    for ln in nonblank[:12]:
        if ln.number in candidates:
            break
        s = _NOISE_PREFIX.sub("", ln.content)
        if _title_like(s) and len(s) <= 50:
            if current and ln.number - prev_number <= 2:
                current.append(ln)
            else:
                if current:
                    blocks.append(current)
                current = [ln]
            prev_number = ln.number
        else:
            if current:
                blocks.append(current)
            current = []
            if len(s) > 60:  # the body has started
                break
    if current:
        blocks.append(current)
    def reports(b: list[Line]) -> bool:
        return any("报告" in ln.content for ln in b)

    chosen = next((b for b in blocks if reports(b) and any(_TITLE_TOPIC.search(ln.content) for ln in b)), None)
    if chosen is None:
        chosen = next((b for b in blocks if reports(b)), None)
    if chosen is None and blocks and blocks[0][0] is nonblank[0]:
        chosen = blocks[0]
    if not chosen:
        return
    # A block may run on into a subtitle-less body line; keep the lines up to the one with 报告.
    reporting = [i for i, ln in enumerate(chosen) if "报告" in ln.content]
    last = reporting[-1] if reporting else len(chosen) - 1
    # A web page shows the title twice (page header, then the article): keep the last one.
    chosen = chosen[reporting[-2] + 1 if len(reporting) > 1 else 0 : last + 1]
    last = len(chosen) - 1
    # ...and may start with the page header above the title: keep only the lines that read as
    # part of one title (the issuer line above "关于…的报告"), not a date or a language switch.
    first = last
    while first > 0 and not _CHROME.search(chosen[first - 1].content):
        first -= 1
    chosen = chosen[first:]
    start, end = chosen[0].content_start, chosen[-1].content_end
    doc.title = Span(start, end, "".join(ln.content for ln in chosen))
    doc.title_lines = tuple(ln.number for ln in chosen)
    doc.body_start = doc.lines[chosen[-1].number - 1].end
    after = [ln for ln in nonblank if ln.number > chosen[-1].number][:1]
    if after and after[0].number not in candidates:
        dm = _TITLE_DATE.match(after[0].content)
        inner = (dm.group("date") or dm.group("bare")) if dm else None
        date_m = _DATE_LINE.match(inner) if inner else None
        if date_m is not None:
            ln = after[0]
            doc.title_date = Signature(None, _parse_date(date_m), Span(ln.content_start, ln.content_end, ln.content),
                                       date_under_title=True)
            doc.body_start = ln.end
    m = _YEAR_IN_TITLE.search(doc.title.text)
    if m:
        issuer = doc.title.text[: m.start()].strip()
        issuer = re.sub(r"关于$", "", issuer)
        doc.issuer = issuer or None


def _find_signature(doc: Document, nonblank: list[Line], candidates: dict[int, Heading]) -> None:
    tail = nonblank[-8:]
    date_idx = None
    under_title = doc.title_date
    for i in range(len(tail) - 1, -1, -1):
        ln = tail[i]
        if ln.number in candidates or ln.number in doc.title_lines or ln.start < doc.body_start:
            break
        m = _DATE_LINE.match(ln.content)
        if m:
            date_idx = i
            break
        if not _title_like(ln.content):
            break
    if date_idx is not None:
        dline = tail[date_idx]
        m = _DATE_LINE.match(dline.content)
        assert m is not None
        date_span = Span(dline.content_start, dline.content_end, dline.content)
        body_lines: list[Line] = []
        j = date_idx - 1
        while j >= 0 and len(body_lines) < 2:
            ln = tail[j]
            if ln.number in candidates or not _title_like(ln.content) or len(ln.content) > 40:
                break
            body_lines.insert(0, ln)
            j -= 1
        body = (
            Span(body_lines[0].content_start, body_lines[-1].content_end, "".join(b.content for b in body_lines))
            if body_lines
            else None
        )
        doc.signature = Signature(body, _parse_date(m), date_span)
        first = body_lines[0] if body_lines else dline
        doc.body_end = first.start
        doc.trailer_start = doc.lines[dline.number - 1].end
        if not doc.issuer and body:
            doc.issuer = body.text
        return
    last = nonblank[-1] if nonblank else None
    same_line = _BODY_AND_DATE.match(last.content) if last is not None and last.start >= doc.body_start else None
    if (
        last is not None
        and same_line is not None
        and last.number not in candidates
        and _ORG_SUFFIX.search(same_line.group("body"))
        and (date_m := _DATE_LINE.match(same_line.group("date"))) is not None
    ):  # "青河区人民政府    2023年2月16日": the body and the date on one line
        a = last.content_start
        body_span = Span(a, a + same_line.end("body"), same_line.group("body"))
        date_span = Span(a + same_line.start("date"), last.content_end, same_line.group("date"))
        doc.signature = Signature(body_span, _parse_date(date_m), date_span)
        doc.body_end = last.start
        doc.trailer_start = len(doc.text)
        if not doc.issuer:
            doc.issuer = body_span.text
        return
    if (
        last is not None
        and last.number not in candidates
        and last.number not in doc.title_lines
        and _title_like(last.content)
        and _ORG_SUFFIX.search(last.content)
    ):
        body_span = Span(last.content_start, last.content_end, last.content)
        if under_title is not None:  # the issuer at the end, the date under the title
            doc.signature = Signature(body_span, under_title.date, under_title.date_span, date_under_title=True)
        else:
            doc.signature = Signature(body_span, None, None)
        doc.body_end = last.start
        doc.trailer_start = len(doc.text)
        if not doc.issuer:
            doc.issuer = last.content
        return
    doc.signature = under_title or _cover_letter_signature(doc, nonblank, candidates)


def _cover_letter_signature(doc: Document, nonblank: list[Line], candidates: dict[int, Heading]) -> Signature | None:
    """The closing block of a cover letter above the report (呈送函: ``省委、省政府：…现呈送
    我委2023年度法治政府建设情况报告，请审阅。`` then ``某省卫生健康委`` and ``2024年3月8日``,
    then the report's own title and text, which ends without one): an issuer line and a date
    line after the title and before the first heading.  The report's text is not cut there."""
    first_heading = min(candidates, default=None)
    lead = [ln for ln in nonblank if ln.start >= doc.body_start
            and (first_heading is None or ln.number < first_heading)]
    for ln, nxt in itertools.pairwise(lead):
        date_m = _DATE_LINE.match(nxt.content)
        if (date_m is not None and ln.number not in candidates and _title_like(ln.content)
                and len(ln.content) <= 40 and _ORG_SUFFIX.search(ln.content)):
            if not doc.issuer:
                doc.issuer = ln.content
            return Signature(Span(ln.content_start, ln.content_end, ln.content), _parse_date(date_m),
                             Span(nxt.content_start, nxt.content_end, nxt.content))
    return None


def _add_bare_headings(doc: Document, nonblank: list[Line], headings: list[Heading],
                       exclude: frozenset[int] = frozenset()) -> list[Heading]:
    if not headings:
        return headings
    exclude = exclude | _list_items(nonblank, {h.line for h in headings})
    top_rank = min(h.rank for h in headings)
    lost_tops = _lost_top_headings(doc, nonblank, headings, top_rank, exclude)
    doc.lost_top_candidates = _trailing_top_candidates(doc, nonblank, headings, top_rank, exclude)
    if lost_tops:
        headings = sorted([*headings, *lost_tops], key=lambda h: h.start)
    by_line = {h.line: h for h in headings}
    first_line = headings[0].line
    # The numbered headings of a top-level section decide the rank of a bare heading in it:
    # the highest rank below the top among them (None: the section has no sub-headings).
    tops = [h.line for h in headings if h.rank == top_rank]
    section_rank: list[int | None] = [None] * len(tops)
    for h in headings:
        i = bisect.bisect_right(tops, h.line) - 1
        if h.rank > top_rank and i >= 0:
            section_rank[i] = min(h.rank, section_rank[i] or h.rank)
    result = list(headings)
    for idx, ln in enumerate(nonblank):
        if ln.number <= first_line or ln.number in by_line or ln.number in exclude or ln.start >= doc.body_end:
            continue
        s = ln.content
        nxt = nonblank[idx + 1] if idx + 1 < len(nonblank) else None
        if nxt is None or nxt.start >= doc.body_end:
            continue
        i = bisect.bisect_right(tops, ln.number) - 1
        rank = section_rank[i] if i >= 0 else None
        if rank is None:
            continue
        if _ORDINAL_ITEM.match(s):
            continue
        if not _bare_candidate(s):
            # An item of a run-in list that lost its number ("（二）规范重大行政决策。制定……"
            # between "（一）……。" and "（三）……。" lines): its first clause is the heading.
            head = _RUN_IN_HEAD.match(s)
            # It stands before a numbered run-in sibling, after another one or the section's
            # heading (a paragraph after the last item may be that item's continuation).
            prev_h = by_line.get(nonblank[idx - 1].number) if idx else None
            nxt_h = by_line.get(nxt.number)
            if (head is None or prev_h is None or nxt_h is None or prev_h.rank > rank
                    or (prev_h.rank == rank and not prev_h.run_in)
                    or not (nxt_h.rank == rank and nxt_h.run_in and nxt_h.number is not None)):
                continue
            text = head.group("head")
            # A continuation of the previous item reads as one ("此外，……。" "同时……。"), and
            # its first clause is not shaped like the items' headings (a comma they lack).
            siblings = [x for x in (prev_h, nxt_h) if x.rank == rank]
            if (_CONTINUATION.match(text) or ("，" in text and not any("，" in x.text for x in siblings))
                    or len(text) > max(len(x.text) for x in siblings) + 6):
                continue
            result.append(Heading(rank, "bare", None, "", text, ln.number, ln.content_start, ln.content_start,
                                  ln.content_start + len(text), run_in=True))
            continue
        # Right under a numbered heading of that rank it is the heading's first line, not a
        # sibling ("（一）坚持依法决策" then "严格落实重大行政决策程序。").
        prev = by_line.get(nonblank[idx - 1].number) if idx else None
        if prev is not None and prev.rank == rank:
            continue
        # It must introduce content: a longer paragraph or a deeper heading, not a sibling.
        nxt_heading = by_line.get(nxt.number)
        if nxt_heading is not None and nxt_heading.rank <= rank:
            continue
        if nxt_heading is None and len(nxt.content) <= len(s):
            continue
        result.append(
            Heading(rank, "bare", None, "", s.rstrip("。"), ln.number, ln.content_start, ln.content_start,
                    ln.content_start + len(s.rstrip("。")))
        )
    result.sort(key=lambda h: h.start)
    return result


# Words that continue the previous paragraph rather than open an item of a list.
_CONTINUATION = rx.compile(r"^(?:同时|此外|另外|其中|并且?|还|也|通过|按照|根据|截至|截止|全年|今年|目前|主要|具体|对此|为此|因此|但|而)")
# The first clause of a run-in item: a short phrase without figures, then a stop and more text.
_RUN_IN_HEAD = rx.compile(r"^(?P<head>[^。；;：:！？!?、\d]{4,24})[。；;：:](?=\S)")


def _lost_top_headings(doc: Document, nonblank: list[Line], headings: list[Heading], top_rank: int,
                       exclude: frozenset[int] | set[int]) -> list[Heading]:
    """Top-level headings that lost their number ("一、" then a bare "2022年推进法治政府建设的
    主要举措和成效" then "三、"): where the top-level numbers skip, the short heading-like lines
    in between that open content — a list starting again at 1, or a longer paragraph — are
    the missing headings, if there are exactly as many of them as numbers missing."""
    numbered = {h.line: h for h in headings}
    tops = [h for h in headings if h.rank == top_rank and h.number is not None]
    lost: list[Heading] = []
    prev_num, prev_line = 0, (doc.title_lines[-1] if doc.title_lines else 0)
    for t in tops:
        missing = t.number - prev_num - 1 if t.number is not None else 0
        if 0 < missing <= 3:
            found: list[Line] = []
            region = [i for i, ln in enumerate(nonblank) if prev_line < ln.number < t.line]
            for i in region:
                ln = nonblank[i]
                if ln.number in numbered or ln.number in exclude or ln.start < doc.body_start:
                    continue
                s = ln.content
                if not _bare_candidate(s, longest=40) or s.endswith("。") or not (s[0].isalnum() or s[0] in "“《"):
                    continue
                nxt = nonblank[i + 1]
                nh = numbered.get(nxt.number)
                opens_list = nh is not None and nh.rank > top_rank and nh.number == 1
                # Numbered sub-headings after it that go on counting ("（三）") show a sub-heading
                # that lost its number, not a top-level one (whose sub-headings restart at 1).
                later = next((numbered[x.number] for x in nonblank[i + 1 :] if x.number < t.line
                              and x.number in numbered and numbered[x.number].rank > top_rank), None)
                if later is not None and later.number not in (None, 1):
                    continue
                # Before the first numbered heading (web page chrome, the addressee, a subtitle)
                # only a line opening a list of its own is taken for the lost "一、".
                if opens_list or (prev_num > 0 and nh is None and len(nxt.content) > len(s)):
                    found.append(ln)
            if len(found) == missing:
                lost.extend(Heading(top_rank, "bare", None, "", ln.content, ln.number, ln.content_start,
                                    ln.content_start, ln.content_end) for ln in found)
        if t.number is not None:
            prev_num, prev_line = t.number, t.line
    return lost


def _top_shaped(s: str) -> bool:
    return _bare_candidate(s, longest=40) and not s.endswith("。") and (s[0].isalnum() or s[0] in "“《")


def _trailing_top_candidates(doc: Document, nonblank: list[Line], headings: list[Heading], top_rank: int,
                             exclude: frozenset[int] | set[int]) -> list[int]:
    """Lines of the last numbered top-level section shaped like a top-level heading that lost
    its number ("三、存在的不足和原因" … then a bare "2024年工作安排"): not the section's first
    line, opening content of their own.  Which of them (if any) is one is decided by
    :func:`fzlint.parts.map_parts` — only a line naming a part the report otherwise lacks."""
    numbered = {h.line: h for h in headings}
    tops = [h for h in headings if h.rank == top_rank and h.number is not None]
    if not tops:
        return []
    last = tops[-1]
    out: list[int] = []
    after = [i for i, ln in enumerate(nonblank) if ln.number > last.line and ln.start < doc.body_end]
    for i in after[1:]:
        ln = nonblank[i]
        if ln.number in numbered or ln.number in exclude or not _top_shaped(ln.content):
            continue
        nxt = nonblank[i + 1] if i + 1 < len(nonblank) else None
        if nxt is None or nxt.start >= doc.body_end:
            continue
        nh = numbered.get(nxt.number)
        if (nh is not None and nh.rank > top_rank and nh.number == 1) or (nh is None and len(nxt.content) > len(ln.content)):
            out.append(ln.number)
    return out


def promote_to_top(doc: Document, line: int) -> None:
    """Make the line a top-level heading without a number (see ``lost_top_candidates``) and
    rebuild the heading tree."""
    top_rank = min(h.rank for h in doc.headings)
    existing = next((h for h in doc.headings if h.line == line), None)
    if existing is not None:
        existing.rank, existing.style, existing.number, existing.marker = top_rank, "bare", None, ""
    else:
        ln = doc.lines[line - 1]
        doc.headings.append(Heading(top_rank, "bare", None, "", ln.content, line, ln.content_start,
                                    ln.content_start, ln.content_end))
        doc.headings.sort(key=lambda h: h.start)
    for h in doc.headings:
        h.parent, h.children, h.part, h.part_score = None, [], None, 0.0
    doc.top = []
    doc._heading_starts = {}
    _build_tree(doc)


def _list_items(nonblank: list[Line], numbered: Collection[int]) -> set[int]:
    """Lines of a list written one item a line after a colon (``分别是：`` then ``《…办法》``,
    ``《…规定》``…): as short and unpunctuated as a heading that lost its number, but two or
    more of them in a row right after a line ending in a colon are items, not headings."""
    items: set[int] = set()
    run: list[int] = []
    after_colon = False
    for ln in nonblank:
        if after_colon and ln.number not in numbered and _bare_candidate(ln.content):
            run.append(ln.number)
            continue
        if len(run) >= 2:
            items.update(run)
        run = []
        after_colon = ln.content.endswith(("：", ":"))
    if len(run) >= 2:
        items.update(run)
    return items


# An item of a "一是……；二是……" enumeration (or one whose marker a web page split onto a
# line of its own): body text, never a heading that lost its number.
_ORDINAL_ITEM = rx.compile(r"^[一二三四五六七八九十]{1,3}是|^(?:首先|其次|再次|最后)(?![^\s，,：:；;。])")


def _bare_candidate(s: str, longest: int = 30) -> bool:
    if not 2 <= len(s) <= longest or _DATE_LINE.match(s) or _ORDINAL_ITEM.match(s):
        return False
    if s[0] == "《" and s[-1] == "》":
        return False  # the title of a document, listed on a line of its own
    if s[-1] == "。":
        # "法治意识有待进一步提升。": a one-clause line ending in 。 still reads as a heading —
        # unless it states a figure ("全年共办理行政复议案件12件。" is a short paragraph).
        return len(s) <= 16 and not any(ch in _TERMINAL or ch.isdigit() for ch in s[:-1])
    return not any(ch in _TERMINAL for ch in s[-1]) and not any(ch in "。；;：:！？!?" for ch in s)


def _build_tree(doc: Document) -> None:
    stack: list[Heading] = []
    for h in doc.headings:
        while stack and stack[-1].rank >= h.rank:
            stack.pop()
        if stack:
            h.parent = stack[-1]
            stack[-1].children.append(h)
        else:
            doc.top.append(h)
        stack.append(h)
    # Section ends: the next heading of the same or a higher level, else the body end.
    # (The scan passes only the section's own subheadings: no list copies, it stays linear.)
    headings = doc.headings
    for i, h in enumerate(headings):
        end = doc.body_end
        for j in range(i + 1, len(headings)):
            later = headings[j]
            if later.rank <= h.rank or (h.parent is None and later.parent is None):
                end = doc.lines[later.line - 1].start
                break
        h.end = max(end, h.text_end)


def _find_year(doc: Document, nonblank: list[Line]) -> None:
    if doc.title:
        m = _YEAR_IN_TITLE.search(doc.title.text)
        if m:
            y = cn_to_int(m.group("y"))
            if y and 1990 <= y <= 2100:
                doc.year, doc.year_source = y, "title"
                return
    for ln in nonblank[:6]:
        m = _YEAR_IN_BODY.search(ln.content)
        if m:
            doc.year, doc.year_source = int(m.group("y")), "body"
            return
    # No year in the title: the opening paragraphs and the first heading say which year the
    # report covers (a report pasted without its title, or titled "关于法治政府建设的情况报告").
    first_heading = doc.headings[0].line if doc.headings else None
    opening = [ln for ln in nonblank if ln.start >= doc.body_start][:8]
    for pat in (_YEAR_REPORTED, _YEAR_OPENING):
        for ln in opening:
            if first_heading is not None and ln.number > first_heading:
                break
            m = pat.search(ln.content)
            if m:
                doc.year, doc.year_source = int(m.group("y")), "body"
                return
    if doc.top:
        m = _YEAR_HEADING.match(doc.top[0].text)
        if m:
            doc.year, doc.year_source = int(m.group("y")), "body"
