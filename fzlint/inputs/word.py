"""Word (.docx) → report text: one line per paragraph, located by paragraph number.

Read with python-docx (imported here, lazily: only a .docx pays for it), walking the body
XML so nothing visible is lost and nothing invisible is added:

* **Paragraph numbers.** Paragraph N is the N-th ``w:p`` of the main document body in
  document order, counting empty paragraphs, paragraphs inside table cells and those of a
  table of contents (which are counted but not linted), and not counting headers, footers,
  footnotes, comments, text boxes or the empty paragraph of a cell that continues a
  vertical merge (it is not shown).  A location is (paragraph, character), both 1-based;
  a manual line break (Shift+Enter) counts as one character, as in Word.
* **Text.** Runs, hyperlinks, fields' results, content controls and tracked *insertions*;
  not tracked deletions, hidden text (``w:vanish``), field codes, drawings or text boxes.
  A tab is ``\\t``; a manual line break starts a new line of the text (so a date written
  under the signature on the same paragraph is still a line of its own) while keeping the
  paragraph's numbering — unless it falls inside a sentence (:func:`keeps_break`).  A table
  of contents (TOC style, content control or bare TOC field) is counted, not read.
* **Tables.** A header row announcing 合计 | 其中… columns (the first row, or the second
  under a merged first one; by grid column) makes each row read as total and parts (see
  :mod:`fzlint.inputs.tables`).  A table of one column (every row one cell: a web page's layout table, a box)
  is read as body paragraphs.  Otherwise each row is one line: the text of its cells (and of their paragraphs) joined
  with ``，`` unless a cell already ends with punctuation; merged cells are read once.  A
  sentence such as ``共335件，其中来信269件…`` in a cell therefore reaches the number
  checks whole, next to its row label.  A cell holding only a date starts a line (a
  signature laid out as a table: unit | date).  Table rows and bulleted items are never
  headings.
* **Automatic numbering.** Word keeps list numbers out of the paragraph text.  The visible
  number is rebuilt from ``numbering.xml`` (the level's ``numFmt``, ``lvlText`` and start
  value, counted per list as Word does, ``startOverride`` honoured) and put in front of
  the text, so ``（一）`` produced by a numbered list style is read as if typed (a list
  defined through a numbering style, ``numStyleLink``, uses that style's list).  It is
  located at character 1 of its paragraph.  Bullets add nothing.
* **Headings.** Word heading styles (``Heading 1``…, ``标题 1``…, or any style or paragraph
  with an outline level) are heading hints at that level (see :mod:`fzlint.inputs.markup`).
* Problems reading the file raise :class:`~fzlint.errors.InputError` with one line in Chinese.

This module reads the body; opening and refusing the file and a paragraph's visible text
are :mod:`~fzlint.inputs.word_package`, styles and list numbering :mod:`~fzlint.inputs.word_numbering`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..parse.headings import numbered_rank
from ..parse.vocabulary import Vocabulary
from .markup import Rendered
from .tables import Breakdown
from .textmap import CELL_SEPARATOR, TextBuilder, needs_separator
from .word_numbering import Numbering, Styles, to_int
from .word_package import open_docx, paragraph_text, val, w

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TOC_STYLE = re.compile(r"^(?:toc|目录)", re.IGNORECASE)
# ---- the body ------------------------------------------------------------------------------
_SKIP_INLINE = {w("del"), w("moveFrom"), w("pPr"), w("rPr"), w("proofErr"), w("bookmarkStart"), w("bookmarkEnd")}
#: A manual line break (Shift+Enter) after one of these ends a line of the text ...
_LINE_END = frozenset("。！？；：!?;:…")
#: ... and one before these, or before a word that carries on a sentence, does not.
_NO_LINE_START = frozenset("，。、；：！？）》」』”’,.;:!?)")
#: (The words that carry on a sentence are pack data: ``vocabulary.carries_on``.)
_DATE_ALONE = re.compile(r"^[0-9０-９〇零○ＯO一二三四五六七八九]{4}\s*年.{1,3}月.{1,3}日$")


def _carries_on(vocab: Vocabulary | None) -> re.Pattern[str]:
    if vocab is None:
        from ..packs.config import builtin_vocabulary

        vocab = builtin_vocabulary()
    return vocab.carries_on


def keeps_break(before: str, after: str, vocab: Vocabulary | None = None) -> bool:
    """Does a manual line break between ``before`` and ``after`` start a new line of the text?

    Drafters press Shift+Enter to put the date under the signature, or a heading above its
    text inside one paragraph — those are lines of their own.  Text pasted from a PDF or a
    web page, or wrapped by hand, breaks in the middle of sentences: kept as lines, each
    half would be read alone (a total and its parts on two lines are never compared, a
    short half reads like a heading).  So a break is a line break after a sentence stop,
    before a number or a date, and after a short unpunctuated line (a heading, a signature);
    elsewhere the two halves are one line of text (the break still counts as a character
    for locations).
    """
    b, a = before.strip(), after.strip()
    if not b or not a:
        return True
    if a[0] in _NO_LINE_START or _carries_on(vocab).match(a):
        return False
    if b[-1] in _LINE_END or numbered_rank(a) is not None or _DATE_ALONE.match(a):
        return True
    if numbered_rank(b) is not None and len(a) <= 30 and not any(ch in "。！？；，,;!?" for ch in a):
        return False  # a long numbered heading wrapped by hand: "一、2023年推进法治政府建设的⏎主要举措和成效"
    return len(b) <= 30 and not any(ch in "，,；;" for ch in b)


def visual_lines(text: str, label: str = "", heading: bool = False,
                 vocab: Vocabulary | None = None) -> list[list[tuple[int, str]]]:
    """The lines of a paragraph's text (see :func:`keeps_break`), each a list of
    (column, text) pieces: a break that does not start a line leaves a one-column gap.
    A paragraph in a heading style is one heading: its breaks only wrap it."""
    lines: list[list[tuple[int, str]]] = []
    current = label
    col = 1
    for k, part in enumerate(text.split("\n")):
        if k == 0 or (not heading and keeps_break(current, part, vocab)):
            lines.append([])
            current = ""
        lines[-1].append((col, part))
        current += part
        col += len(part) + 1
    return lines


@dataclass
class _Reader:
    """The state of one walk through a .docx body: the text built so far and what is known
    of its paragraphs (headings, list items, open fields)."""

    styles: Styles
    numbering: Numbering
    builder: TextBuilder = field(default_factory=TextBuilder)
    count: int = 0  # paragraphs seen
    line: int = 0  # lines of text written
    levels: dict[int, int] = field(default_factory=dict)  # line → heading level
    not_headings: set[int] = field(default_factory=set)  # lines of table rows and bulleted items
    bullet: bool = False  # is the paragraph just read an item of a bulleted list?
    fields: list[list[Any]] = field(default_factory=list)  # open complex fields: [is TOC, instruction or None]
    found: dict[int, tuple[Any, str]] | None = None  # paragraph number → (w:p, text), when asked for
    vocab: Vocabulary | None = None  # the rule set's parser vocabulary (None: the built-in one)

    # properties looked up through the paragraph, then its style chain
    def _num(self, p: Any, ppr: Any) -> tuple[str, int] | None:
        numpr = ppr.find(w("numPr")) if ppr is not None else None
        nid = val(numpr, "numId")
        ilvl = val(numpr, "ilvl")
        if nid is None:
            for st in self.styles.chain(val(ppr, "pStyle")):
                snum = st.find(w("pPr"))
                snum = snum.find(w("numPr")) if snum is not None else None
                if snum is not None and val(snum, "numId") is not None:
                    nid = val(snum, "numId")
                    ilvl = ilvl or val(snum, "ilvl")
                    break
        if nid is None or nid == "0":
            return None
        if ilvl is None:  # the level whose w:pStyle is the paragraph's style (multi-level heading lists)
            for st in self.styles.chain(val(ppr, "pStyle")):
                level = self.numbering.style_level(nid, st.get(w("styleId")) or "")
                if level is not None:
                    return nid, level
        return nid, to_int(ilvl, 0)

    def _heading_level(self, ppr: Any) -> int | None:
        outline = val(ppr, "outlineLvl")
        sid = val(ppr, "pStyle")
        if outline is None:
            for st in self.styles.chain(sid):
                m = _HEADING_STYLE.match((val(st, "name") or "").strip())
                if m:
                    return int(m.group(1))
                spr = st.find(w("pPr"))
                outline = val(spr, "outlineLvl")
                if outline is not None:
                    break
        if outline is not None and outline.isdigit() and int(outline) < 9:
            return int(outline) + 1
        return None

    def paragraph(self, p: Any) -> tuple[int, str, str]:
        """(paragraph number, number label, text) of a ``w:p``; counts it."""
        self.count += 1
        ppr = p.find(w("pPr"))
        label = ""
        self.bullet = False
        num = self._num(p, ppr)
        if num is not None:
            label = self.numbering.label(*num) or ""
            self.bullet = self.numbering.is_bullet(*num)
        text = paragraph_text(p)
        if self.found is not None:
            self.found[self.count] = (p, text)
        return self.count, label, text

    def is_toc(self, p: Any) -> bool:
        """Is ``p`` an entry of a table of contents: in a TOC style, or inside a TOC field
        (Word without the content control, WPS: the entries' styles may be plain)?  Called
        once per paragraph, in document order: it follows the fields across paragraphs."""
        if self._fields_in(p) and _toc_entry(p):
            return True
        return bool(_TOC_STYLE.match(self.styles.name(val(p.find(w("pPr")), "pStyle")).strip()))

    def _fields_in(self, p: Any) -> bool:
        """Follow the complex fields through ``p``; True if a TOC field is open in it."""
        fields = self.fields
        toc = any(f[0] for f in fields)
        for el in p.iter(w("fldChar"), w("instrText")):
            if el.tag == w("instrText"):
                if fields and fields[-1][1] is not None:
                    fields[-1][1] += el.text or ""  # an instruction may span several runs
                    if fields[-1][1].split()[:1] == ["TOC"]:
                        fields[-1][0] = toc = True
                continue
            kind = el.get(w("fldCharType"))
            if kind == "begin":
                fields.append([False, ""])
            elif kind == "separate" and fields:
                fields[-1][1] = None
            elif kind == "end" and fields:
                fields.pop()
        return toc

    # writing lines
    def body_paragraph(self, p: Any) -> None:
        if self.is_toc(p):
            self.count += 1
            return
        number, label, text = self.paragraph(p)
        level = self._heading_level(p.find(w("pPr")))
        self.line += 1
        if level is not None:
            self.levels[self.line] = level
        elif self.bullet:
            self.not_headings.add(self.line)
        if label:
            self.builder.add(label, number, 1, synthetic=True)
        col = 1
        for k, pieces in enumerate(visual_lines(text, label, heading=level is not None, vocab=self.vocab)):
            if k > 0:  # a manual line break: a new line, same paragraph
                self.builder.add("\n", number, pieces[0][0] - 1)
                self.line += 1
            for col, part in pieces:
                self.builder.add(part, number, col)
            col += len(part)
        self.builder.add("\n", number, col, synthetic=True)

    def table(self, tbl: Any) -> None:
        rows = [list(_cells(tr)) for tr in tbl.iterchildren(w("tr"))]
        if all(len(cells) <= 1 for cells in rows):
            # A table of one column is a frame, not a table of figures: a report saved from
            # a web page sits in a layout table, a note in a bordered box.  Its paragraphs are
            # read as the body's (one line each, headings and all), not joined into one row.
            for cells in rows:
                for tc in cells:
                    self.body(tc)
            return
        plan: Breakdown | None = None
        for r, tr in enumerate(tbl.iterchildren(w("tr"))):
            # by grid column, so that a header over two rows (项目 merged down, 合计 | 其中…
            # in the second) lines up with the figures below it
            grid = _grid(tr)
            groups: list[list[_Piece]] = [[] for _ in range(max(grid, default=-1) + 1)]
            for column, tc in grid.items():
                self._cell(tc, groups[column])
            texts = ["".join(piece.text for piece in g).strip() for g in groups]
            header = r == 0 or (r == 1 and plan is None)
            if header:
                plan = Breakdown.of(texts)
            items: list[tuple[_Piece | str, bool]] = [(piece, False) for g in groups for piece in g]
            if plan is not None and not header:
                items = _breakdown_row(plan, groups, texts) or items
            self._row(items)

    def _row(self, items: list[tuple[_Piece | str, bool]]) -> None:
        """Write a table row as one line: pieces of text (joined with a separator unless
        ``glue``) and text fzlint adds (a column's label)."""
        self.line += 1
        self.not_headings.add(self.line)
        previous = ""
        end_unit, end_col = self.count, 1
        for k, (item, glue) in enumerate(items):
            text = item if isinstance(item, str) else item.text
            if k > 0 and not glue and _DATE_ALONE.match(text.strip()):
                # a signature laid out as a table (unit | date): the date is a line of its
                # own, as it is under a signature written in paragraphs
                self.builder.add("\n", end_unit, end_col, synthetic=True)
                self.line += 1
                self.not_headings.add(self.line)
            elif k > 0 and not glue and needs_separator(previous, text):
                self.builder.add(CELL_SEPARATOR, end_unit, end_col, synthetic=True)
            if isinstance(item, str):
                self.builder.add(item, end_unit, end_col, synthetic=True)
            else:
                if item.label:
                    self.builder.add(item.label, item.unit, 1, synthetic=True)
                for col, part in item.body:
                    self.builder.add(part, item.unit, col)
                end_unit, end_col = item.unit, col + len(part)
            previous = text
        self.builder.add("\n", end_unit, end_col, synthetic=True)

    def _cell(self, tc: Any, pieces: list[_Piece]) -> None:
        for child in _blocks(tc):
            if child is _TOC_MARK or (child.tag == w("p") and self.is_toc(child)):
                self.count += 1
            elif child.tag == w("p"):
                number, label, text = self.paragraph(child)
                for k, line in enumerate(visual_lines(text, label, vocab=self.vocab)):
                    piece = _Piece(number, label if k == 0 else "", tuple(line))
                    if piece.text.strip():
                        pieces.append(piece)
            elif child.tag == w("tbl"):
                for tr in child.iterchildren(w("tr")):
                    for inner in _cells(tr):
                        self._cell(inner, pieces)

    def body(self, body: Any) -> None:
        for child in _blocks(body):
            if child is _TOC_MARK:
                self.count += 1
            elif child.tag == w("p"):
                self.body_paragraph(child)
            elif child.tag == w("tbl"):
                self.table(child)


_PAGE_NUMBER_END = re.compile(r"\t\s*(?:[0-9]+|[ivxlcdm]+|[IVXLCDM]+)\s*$")


def _toc_entry(p: Any) -> bool:
    """Does ``p`` look like an entry of a table of contents (ends with a page number after
    a tab, links to a ``_Toc`` bookmark, or is blank)?  A field left open by a damaged file
    must not swallow the report after it."""
    text = paragraph_text(p)
    if not text.strip() or _PAGE_NUMBER_END.search(text):
        return True
    return any((h.get(w("anchor")) or "").startswith("_Toc") for h in p.iter(w("hyperlink")))


def _breakdown_row(plan: Breakdown, groups: list[list[_Piece]],
                   texts: list[str]) -> list[tuple[_Piece | str, bool]] | None:
    """A row of a 合计 | 其中… table as the sentence a drafter would type (see
    :class:`~fzlint.inputs.tables.Breakdown`): the column labels are added text, glued
    (``True``) to the figures, which stay in their cells."""
    plan_items = plan.items(texts)
    if plan_items is None:
        return None
    items: list[tuple[_Piece | str, bool]] = [(piece, False) for g in groups[: plan.total] for piece in g]
    for lead, glue, column, unit in plan_items:
        items.append((lead, glue))
        items.extend((piece, True) for piece in groups[column])
        if unit:
            items.append((unit, True))
    items.extend((piece, False) for g in groups[plan.parts[-1][0] + 1 :] for piece in g)
    return items


@dataclass(frozen=True)
class _Piece:
    """Text of one paragraph (or one line of it) inside a table cell."""

    unit: int
    label: str  # a rebuilt list number, shown before the text
    body: tuple[tuple[int, str], ...]  # (column, text) pieces, as visual_lines gives them

    @property
    def text(self) -> str:
        return self.label + "".join(part for _, part in self.body)


def _blocks(el: Any) -> Iterator[Any]:
    """Paragraphs and tables in document order, through content controls (a table of
    contents control is skipped) and custom XML."""
    for child in el.iterchildren():
        tag = child.tag
        if tag in (w("p"), w("tbl")):
            yield child
        elif tag == w("sdt"):
            pr = child.find(w("sdtPr"))
            gallery = None
            if pr is not None:
                dp = pr.find(w("docPartObj"))
                gallery = val(dp, "docPartGallery")
            content = child.find(w("sdtContent"))
            if content is None:
                continue
            if gallery and "Table of Contents" in gallery:
                for _ in content.iter(w("p")):
                    yield _TOC_MARK
                continue
            yield from _blocks(content)
        elif tag == w("customXml"):
            yield from _blocks(child)


class _TocMark:
    tag = "toc"


_TOC_MARK = _TocMark()


def _grid(tr: Any) -> dict[int, Any]:
    """The cells of a row (as :func:`_cells`) by the grid column they start at."""
    out: dict[int, Any] = {}
    trpr = tr.find(w("trPr"))
    column = to_int(val(trpr, "gridBefore"), 0) if trpr is not None else 0
    for tc in _all_cells(tr):
        tcpr = tc.find(w("tcPr"))
        vmerge = tcpr.find(w("vMerge")) if tcpr is not None else None
        if vmerge is None or vmerge.get(w("val"), "continue") != "continue":
            out[column] = tc
        column += max(to_int(val(tcpr, "gridSpan"), 1), 1)
    return out


def _all_cells(tr: Any) -> Iterator[Any]:
    for child in tr.iterchildren():
        if child.tag == w("tc"):
            yield child
        elif child.tag in (w("sdt"), w("customXml")):
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                yield from _all_cells(content)


def _cells(tr: Any) -> Iterator[Any]:
    """The cells of a row, each once: a cell that continues a vertical merge holds nothing."""
    for child in tr.iterchildren():
        if child.tag == w("tc"):
            tcpr = child.find(w("tcPr"))
            vmerge = tcpr.find(w("vMerge")) if tcpr is not None else None
            if vmerge is not None and vmerge.get(w("val"), "continue") == "continue":
                continue
            yield child
        elif child.tag in (w("sdt"), w("customXml")):
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                yield from _cells(content)


def read(data: bytes, shown: str, vocab: Vocabulary | None = None) -> Rendered:
    """Report text of a .docx, its map to paragraphs, heading levels and table rows."""
    return _read(data, shown, None, vocab).rendered


@dataclass(frozen=True)
class WordFile:
    """A .docx as :func:`read` reads it, with what is needed to write a copy of it."""

    rendered: Rendered
    document: Any  # the python-docx Document (its XML may be changed and saved)
    paragraphs: dict[int, tuple[Any, str]]  # paragraph number (as in locations) → (w:p, its text)


def read_file(data: bytes, shown: str, vocab: Vocabulary | None = None) -> WordFile:
    """:func:`read`, keeping the python-docx Document and each read paragraph's ``w:p``
    (paragraphs of a table of contents are counted, not read: they are not in the map)."""
    return _read(data, shown, {}, vocab)


def _read(data: bytes, shown: str, found: dict[int, tuple[Any, str]] | None,
          vocab: Vocabulary | None = None) -> WordFile:
    document = open_docx(data, shown)
    try:
        styles = Styles.of(document)
        reader = _Reader(styles, Numbering.of(document, styles), found=found, vocab=vocab)
        reader.body(document.element.body)
    except Exception as e:  # malformed values deep in the XML: one line, never a traceback
        raise InputError(shown, f"文件内容有误，无法读取（{type(e).__name__}）") from None
    text, tm = reader.builder.build(editable=False)
    if text.endswith("\n"):
        text = text[:-1]  # lines are joined with "\n"; no empty line after the last paragraph
    return WordFile(Rendered(text, tm, reader.levels, frozenset(reader.not_headings)), document,
                    found if found is not None else {})
