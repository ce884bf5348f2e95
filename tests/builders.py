"""Build .docx and .md versions of the seeds in the tests (no binary fixtures are committed).

Each builder turns report text (one .txt line = one Word paragraph) into a document the way
a drafter would have it in Word or WPS: plain paragraphs, Word heading styles, automatic
list numbering, a table.  They return the file's bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from fzlint.parse import parse


def save(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def plain_docx(text: str) -> bytes:
    """Every line of ``text`` is a paragraph (blank lines are empty paragraphs)."""
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    return save(d)


def heading_style_docx(text: str, style_names: tuple[str, ...] = ("Heading 1", "Heading 2", "Heading 3"),
                       title_style: str | None = None, shift: int = 0) -> bytes:
    """The headings the .txt parser finds get Word heading styles by rank (text unchanged).

    ``style_names[r - 1 + shift]`` styles a heading of rank r; ``title_style`` the title lines.
    Styles missing from the template (e.g. WPS's ``标题 1``) are added as plain paragraph styles,
    so only their *name* says they are headings.
    """
    doc = parse(text)
    ranks = {h.line: h.rank for h in doc.headings}
    d = docx.Document()
    existing = {s.name for s in d.styles}
    for name in (*style_names, *([title_style] if title_style else [])):
        if name not in existing:
            d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    for number, line in enumerate(text.split("\n"), start=1):
        p = d.add_paragraph(line)
        if number in ranks and ranks[number] - 1 + shift < len(style_names):
            p.style = d.styles[style_names[ranks[number] - 1 + shift]]
        elif title_style and number in doc.title_lines:
            p.style = d.styles[title_style]
    return save(d)


# ---- automatic numbering -----------------------------------------------------------------
#: (numFmt, lvlText) per level: 一、 / （一） / 1.
CN_LEVELS = (("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."))
CANONICAL = (re.compile(r"^[一二三四五六七八九十]+、$"), re.compile(r"^（[一二三四五六七八九十]+）$"),
             re.compile(r"^\d+\.$"))


def add_numbering(d, levels=CN_LEVELS, start_override: dict[int, int] | None = None, num_id: int = 90,
                  abstract_id: int = 90) -> str:
    """Add a multi-level list definition to the document; return its numId."""
    numbering = d.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:suff w:val="nothing"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                         f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>')
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
        for i, v in (start_override or {}).items()
    )
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                    f'{overrides}</w:num>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # abstractNum elements come before num elements
    else:
        numbering.append(abstract)
    numbering.append(num)
    return str(num_id)


def set_numbering(paragraph, num_id: str | None, ilvl: int) -> None:
    """Put a paragraph (or a paragraph style) in list ``num_id`` at level ``ilvl``."""
    element = paragraph._p if hasattr(paragraph, "_p") else paragraph.element
    ppr = element.get_or_add_pPr()
    ilvl_xml = f'<w:ilvl w:val="{ilvl}"/>'
    num_xml = f'<w:numId w:val="{num_id}"/>' if num_id is not None else ""
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}>{ilvl_xml}{num_xml}</w:numPr>'))


@dataclass
class Numbered:
    data: bytes
    converted: list[int] = field(default_factory=list)  # lines whose marker became automatic


def auto_numbered_docx(text: str, style_level: int | None = 1) -> Numbered:
    """Typed markers ``一、`` ``（一）`` ``1.`` become Word automatic numbering wherever
    Word would show the same number: the marker is removed from the text and the
    paragraph joins the list at that level.  A marker that does not follow on (a gap, a
    half-width bracket, ``（一）、``) stays typed, as it would in a real document.

    Level ``style_level`` is numbered through a paragraph style that carries the list
    (as Word's multi-level heading lists do); the others through the paragraph itself.
    """
    doc = parse(text)
    d = docx.Document()
    num_id = add_numbering(d)
    style = None
    if style_level is not None:
        style = d.styles.add_style("编号标题", WD_STYLE_TYPE.PARAGRAPH)
        set_numbering(style, num_id, style_level)
    counters: dict[int, int] = {}
    plan: dict[int, tuple[int, int]] = {}  # line → (level, marker length)
    for h in doc.headings:
        level = h.rank - 1
        ln = doc.lines[h.line - 1]
        if level > 2 or h.start != ln.start or h.text_start - h.start != len(h.marker):
            continue
        if not CANONICAL[level].match(h.marker):
            continue
        expected = counters.get(level, 0) + 1
        if h.number != expected:
            continue
        counters[level] = expected
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        plan[h.line] = (level, len(h.marker))
    result = Numbered(b"")
    for number, line in enumerate(text.split("\n"), start=1):
        if number in plan:
            level, n = plan[number]
            p = d.add_paragraph(line[n:])
            if level == style_level and style is not None:
                p.style = style
            else:
                set_numbering(p, num_id, level)
            result.converted.append(number)
        else:
            d.add_paragraph(line)
    result.data = save(d)
    return result


# ---- a table with a total and its parts ------------------------------------------------------
TABLE_INTRO = ("某街道2023年度法治政府建设情况报告", "一、主要举措和成效", "全年重点工作完成情况见下表。")
TABLE_ROWS = (
    ("工作事项", "完成情况"),
    ("信访工作", "受理群众反映信访事项共335件，其中来信269件、来访57件、网上信访4件。"),
    ("其中：来信", "269件"),
)


def table_docx(after: tuple[str, ...] = ("二、存在的不足和原因",)) -> bytes:
    """Three intro paragraphs, then a 3×2 table whose second row holds a total (335) and
    parts (269 + 57 + 4 = 330) that do not add up, then the paragraphs ``after``."""
    d = docx.Document()
    for line in TABLE_INTRO:
        d.add_paragraph(line)
    table = d.add_table(rows=len(TABLE_ROWS), cols=2)
    for r, row in enumerate(TABLE_ROWS):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for line in after:
        d.add_paragraph(line)
    return save(d)


# ---- Markdown ---------------------------------------------------------------------------------
@dataclass
class Markdown:
    text: str  # the Markdown file
    plain: str  # the report text it holds (heading lines lose their indentation, as in Markdown)
    shifts: dict[int, list[tuple[int, int]]]  # line → [(plain column, characters added before it)]

    def column(self, line: int, plain_column: int) -> int:
        """Where a column of the plain text is in the Markdown line."""
        return plain_column + sum(n for col, n in self.shifts.get(line, []) if col <= plain_column)

    def end_column(self, line: int, plain_end_column: int) -> int:
        """Where an exclusive end column is (markup right after the span is not in it)."""
        return plain_end_column + sum(n for col, n in self.shifts.get(line, []) if col < plain_end_column)


_AMOUNT = re.compile(r"\d+(?:件|次|人次|个|家|起)")


def markdown_of(text: str) -> Markdown:
    """The report as a drafter would write it in Markdown: ``#`` before the title, ``##``/
    ``###`` before the headings the .txt parser finds (without their indentation), and every
    amount such as ``335件`` in bold."""
    doc = parse(text)
    ranks = {h.line: h.rank for h in doc.headings}
    out, plain = [], []
    shifts: dict[int, list[tuple[int, int]]] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        prefix = ""
        if number == (doc.title_lines[0] if doc.title_lines else -1):
            prefix = "# "
        elif number in ranks and ranks[number] <= 2:
            prefix = "#" * (ranks[number] + 1) + " "
        body = line.lstrip(" \t\u3000") if prefix else line
        inserted: list[tuple[int, int]] = [(1, len(prefix))] if prefix else []
        parts = []
        pos = 0
        for m in _AMOUNT.finditer(body):
            parts.append(body[pos:m.start()] + "**" + m.group() + "**")
            inserted.append((m.start() + 1, 2))
            inserted.append((m.end() + 1, 2))
            pos = m.end()
        shifts[number] = inserted
        out.append(prefix + "".join(parts) + body[pos:])
        plain.append(body)
    return Markdown("\n".join(out), "\n".join(plain), shifts)
