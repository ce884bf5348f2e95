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
  :mod:`fzlint.formats.tables`).  A table of one column (every row one cell: a web page's layout table, a box)
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
  with an outline level) are heading hints at that level (see :mod:`fzlint.formats`).
* Problems reading the file raise :class:`~fzlint.errors.InputError` with one line in Chinese.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..document import numbered_rank
from ..errors import InputError
from ..textmap import CELL_SEPARATOR, TextBuilder, needs_separator
from . import Rendered
from .tables import Breakdown

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
#: The XML of a .docx, unpacked (a long report's is a few MB; images do not count): more is
#: a "zip bomb" — a small file that would take gigabytes of memory to parse.
MAX_XML_BYTES = 256 << 20
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TOC_STYLE = re.compile(r"^(?:toc|目录)", re.IGNORECASE)


def w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _val(el: Any, tag: str) -> str | None:
    """``w:val`` of the child ``tag`` of ``el`` (None when absent)."""
    if el is None:
        return None
    child = el.find(w(tag))
    return None if child is None else child.get(w("val"))


def _on(el: Any, tag: str) -> bool:
    """A toggle property such as ``w:vanish`` (present and not switched off)."""
    if el is None:
        return False
    child = el.find(w(tag))
    return child is not None and child.get(w("val"), "true") not in ("0", "false", "off")


# ---- refusing what is not a .docx ----------------------------------------------------------
def check_signature(data: bytes, shown: str) -> None:
    """One clear line for each kind of file that is not a readable .docx."""
    if not data:
        raise InputError(shown, "文件为空（0 字节），不是有效的 Word 文档")
    if data.startswith(OLE_SIGNATURE):
        if _ENCRYPTED in data:
            raise InputError(shown, "文件设置了打开密码（已加密），无法读取；请在 Word 或 WPS 中取消密码后另存为 .docx 再检查")
        raise InputError(shown, "是旧版 Word/WPS 二进制格式（.doc/.wps），fzlint 只读取 .docx；请在 Word 或 WPS 中另存为 .docx 后再检查")
    head = data[:512].lstrip().lower()
    if head.startswith(b"{\\rtf"):
        raise InputError(shown, "是 RTF 格式，不是 .docx；请在 Word 或 WPS 中另存为 .docx 后再检查")
    if head.startswith((b"<html", b"<!doctype html", b"mime-version", b"<?xml")) or b"<html" in head:
        raise InputError(shown, "是网页或 XML 格式（常见于网站下载的“Word 文档”），不是 .docx；请在 Word 或 WPS 中另存为 .docx")
    if not data.startswith(b"PK"):
        raise InputError(shown, "不是有效的 Word 文档：.docx 应为 zip 压缩格式，该文件不是（可能只是改了扩展名）")


def _open(data: bytes, shown: str) -> Any:
    """The python-docx Document, or an InputError saying why not."""
    check_signature(data, shown)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            xml = sum(i.file_size for i in z.infolist() if i.filename.lower().endswith((".xml", ".rels")))
            if xml > MAX_XML_BYTES:  # checked first: testzip would inflate all of it
                raise InputError(shown, f"文件解压后的文字部分超过 {MAX_XML_BYTES >> 20} MB，不像是一份报告"
                                        "（文件损坏或被刻意构造），已跳过")
            bad = z.testzip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, OSError):
        raise InputError(shown, "文件已损坏（zip 结构无法读取），请在 Word 或 WPS 中打开修复后另存为 .docx") from None
    if bad is not None:
        raise InputError(shown, f"文件已损坏（压缩包中的 {bad} 校验失败），请在 Word 或 WPS 中打开修复后另存为 .docx")
    if "word/document.xml" not in names and "[Content_Types].xml" in names:
        kind = "Excel 表格" if any(n.startswith("xl/") for n in names) else (
            "PowerPoint 演示文稿" if any(n.startswith("ppt/") for n in names) else "其他 Office 文件")
        if kind != "其他 Office 文件":
            raise InputError(shown, f"是{kind}，不是 Word 文档")
    from docx.opc.package import OpcPackage

    try:
        part = OpcPackage.open(io.BytesIO(data)).main_document_part
        if part.content_type not in _MAIN_TYPES:
            raise InputError(shown, "不是 Word 文档（压缩包里没有 Word 正文）")
        document = part.document
        if next(document.element.body.iter(w("altChunk")), None) is not None:
            # Some "export to Word" features embed a web page that Word converts on opening:
            # the file's own paragraphs are not the report, linting them would mislead.
            raise InputError(shown, "正文是嵌入的网页内容（altChunk），要在 Word 中打开时才转换成段落，无法直接检查；"
                                    "请在 Word 或 WPS 中打开后另存为 .docx 再检查")
        return document
    except InputError:
        raise
    except Exception as e:  # python-docx/lxml raise many types for a broken package
        raise InputError(shown, _why_broken(data, names, e)) from None


def _why_broken(data: bytes, names: set[str], error: Exception) -> str:
    """Why python-docx could not open the package, in words a drafter can act on."""
    from lxml import etree

    repair = "请在 Word 或 WPS 中打开修复后另存为 .docx"
    if isinstance(error, etree.XMLSyntaxError):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in sorted(names):
                if name.lower().endswith((".xml", ".rels")):
                    try:
                        etree.fromstring(z.read(name))
                    except etree.XMLSyntaxError as e:
                        line = f"第 {e.lineno} 行" if e.lineno else "内容"
                        return f"文件已损坏或不是 Word 文档：其中的 {name} 不是完整的 XML（{line}有误），{repair}"
    if "word/document.xml" not in names:
        if "[Content_Types].xml" not in names:
            return "不是 Word 文档：是普通的 zip 压缩包（只改了扩展名），里面没有 Word 正文（word/document.xml）"
        return "文件已损坏或不是 Word 文档：压缩包里没有 Word 正文（word/document.xml）"
    if "[Content_Types].xml" not in names:
        return f"文件已损坏或不是 Word 文档：压缩包中缺少 [Content_Types].xml（Office 文件都有这一部分），{repair}"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if b"purl.oclc.org/ooxml" in z.read("word/document.xml")[:4096]:
            return ("是“Strict Open XML”格式的 .docx，fzlint 只读取常规的 .docx；"
                    "请在 Word 中另存为“Word 文档(*.docx)”后再检查")
    return f"文件已损坏或不是 Word 文档，无法读取（{type(error).__name__}），{repair}"


# ---- styles and numbering ------------------------------------------------------------------
@dataclass
class _Styles:
    by_id: dict[str, Any]
    default_paragraph: str | None

    @classmethod
    def of(cls, document: Any) -> _Styles:
        try:
            root = document.part.part_related_by(_rt("styles")).element
        except (KeyError, AttributeError):
            return cls({}, None)
        by_id: dict[str, Any] = {}
        default = None
        for st in root.iterchildren(w("style")):
            sid = st.get(w("styleId"))
            if sid is None:
                continue
            by_id[sid] = st
            if st.get(w("type")) == "paragraph" and st.get(w("default")) in ("1", "true", "on"):
                default = sid
        return cls(by_id, default)

    def chain(self, sid: str | None) -> Iterator[Any]:
        """The style and the styles it is based on (nearest first; cycles cut)."""
        seen: set[str] = set()
        sid = sid or self.default_paragraph
        while sid and sid not in seen and sid in self.by_id:
            seen.add(sid)
            st = self.by_id[sid]
            yield st
            sid = _val(st, "basedOn")

    def name(self, sid: str | None) -> str:
        st = self.by_id.get(sid or self.default_paragraph or "")
        return (_val(st, "name") or "") if st is not None else ""


def _rt(name: str) -> str:
    return f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{name}"


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    legal: bool = False
    restart: int | None = None  # restart after a level above this (1-based), 0 = never


@dataclass
class _Numbering:
    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    num_abstract: dict[str, str] = field(default_factory=dict)
    num_overrides: dict[str, dict[int, tuple[int | None, _Level | None]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    styled: dict[str, dict[str, int]] = field(default_factory=dict)  # abstractNum → {styleId: level}

    @classmethod
    def of(cls, document: Any, styles: _Styles | None = None) -> _Numbering:
        self = cls()
        try:
            root = document.part.part_related_by(_rt("numbering")).element
        except (KeyError, AttributeError):
            return self
        links: dict[str, str] = {}  # abstractNum → the numbering style whose list it uses
        for an in root.iterchildren(w("abstractNum")):
            aid = an.get(w("abstractNumId"))
            if aid is not None:
                self.abstract[aid] = {_int(lv.get(w("ilvl")), 0): _level(lv) for lv in an.iterchildren(w("lvl"))}
                self.styled[aid] = {sid: _int(lv.get(w("ilvl")), 0) for lv in an.iterchildren(w("lvl"))
                                    if (sid := _val(lv, "pStyle"))}
                link = _val(an, "numStyleLink")
                if link:
                    links[aid] = link
        for num in root.iterchildren(w("num")):
            nid = num.get(w("numId"))
            aid = _val(num, "abstractNumId")
            if nid is None or aid is None:
                continue
            self.num_abstract[nid] = aid
            overrides: dict[int, tuple[int | None, _Level | None]] = {}
            for ov in num.iterchildren(w("lvlOverride")):
                ilvl = _int(ov.get(w("ilvl")), 0)
                start = _val(ov, "startOverride")
                lv = ov.find(w("lvl"))
                overrides[ilvl] = (_opt_int(start),
                                   _level(lv) if lv is not None else None)
            self.num_overrides[nid] = overrides
        if links and styles is not None:
            # A list defined through a numbering style (Word's "define new list style"): the
            # abstractNum only names the style; the levels, and the count, are those of the
            # list the style's numId points to.
            for nid, aid in list(self.num_abstract.items()):
                if aid in links:
                    st = styles.by_id.get(links[aid])
                    spr = st.find(w("pPr")) if st is not None else None
                    target = _val(spr.find(w("numPr")) if spr is not None else None, "numId")
                    linked = self.num_abstract.get(target or "")
                    if linked is not None and linked not in links:
                        self.num_abstract[nid] = linked
        return self

    def style_level(self, nid: str, style_id: str) -> int | None:
        """The level of list ``nid`` that names ``style_id`` as its paragraph style."""
        return self.styled.get(self.num_abstract.get(nid, ""), {}).get(style_id)

    def is_bullet(self, nid: str, ilvl: int) -> bool:
        """Is level ``ilvl`` of list ``nid`` a bullet (or unnumbered) list?"""
        aid = self.num_abstract.get(nid)
        override = self.num_overrides.get(nid, {}).get(ilvl, (None, None))[1]
        level = override or self.abstract.get(aid or "", {}).get(ilvl)
        return level is not None and level.fmt in ("bullet", "none")

    def label(self, nid: str, ilvl: int) -> str | None:
        """The visible number of the next paragraph of list ``nid`` at level ``ilvl``."""
        aid = self.num_abstract.get(nid)
        if aid is None or aid not in self.abstract:
            return None
        levels = dict(self.abstract[aid])
        overrides = self.num_overrides.get(nid, {})
        for k, (_, lv) in overrides.items():
            if lv is not None:
                levels[k] = lv
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(aid, {})
        if nid not in self.used:  # a list instance that restarts its levels starts them afresh
            self.used.add(nid)
            for k, (start, _) in overrides.items():
                if start is not None:
                    counters[k] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for k in list(counters):
            if k > ilvl:
                lv = levels.get(k)
                if lv is None or (lv.restart != 0 and (lv.restart is None or lv.restart > ilvl)):
                    del counters[k]
        if level.fmt in ("bullet", "none"):
            return None

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k, _Level())
            value = counters.get(k, lv.start)
            return format_number(value, "decimal" if level.legal and k != ilvl else lv.fmt)

        return re.sub(r"%([1-9])", number, level.text)


def _opt_int(value: str | None) -> int | None:
    """An integer attribute, or None when it is missing or malformed."""
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _int(value: str | None, default: int) -> int:
    n = _opt_int(value)
    return default if n is None else n


def _level(lv: Any) -> _Level:
    fmt = _val(lv, "numFmt") or "decimal"
    text = _val(lv, "lvlText")
    start = _val(lv, "start")
    restart = _val(lv, "lvlRestart")
    return _Level(
        fmt=fmt,
        text=text if text is not None else "",
        start=_int(start, 1),
        legal=_on(lv, "isLgl"),
        restart=_opt_int(restart),
    )


_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _cn(n: int, digits: str = _CN_DIGITS, ten: str = "十", hundred: str = "百") -> str:
    """Chinese counting: 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五."""
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (digits[tens] if tens > 1 else "") + ten + (digits[ones] if ones else "")
    if n < 1000:
        h, rest = divmod(n, 100)
        tail = "" if rest == 0 else ("零" + _cn(rest, digits, ten, hundred) if rest < 10 else
                                     (digits[1] if rest < 20 else "") + _cn(rest, digits, ten, hundred))
        return digits[h] + hundred + tail
    return str(n)


def _letters(n: int) -> str:
    # Word repeats the letter: 27 → AA, 28 → BB.
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """A list number as Word shows it for ``numFmt`` (the formats Chinese reports use and
    the common Western ones; anything else is shown as a decimal number, as Word does)."""
    if n < 1 and fmt not in ("decimal", "decimalZero"):
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "japaneseCounting",
               "ideographTraditionalCounting"):
        return _cn(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt in ("chineseLegalSimplified", "koreanLegal"):
        return _cn(n, _CN_LEGAL, "拾", "佰")
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle") and n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and n <= 20:
        return chr(0x2488 + n - 1)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    return str(n)


# ---- the body ------------------------------------------------------------------------------
_SKIP_INLINE = {w("del"), w("moveFrom"), w("pPr"), w("rPr"), w("proofErr"), w("bookmarkStart"), w("bookmarkEnd")}
_RECURSE_INLINE = {w("hyperlink"), w("ins"), w("moveTo"), w("smartTag"), w("customXml"), w("fldSimple"),
                   w("dir"), w("bdo"), w("sdt"), w("sdtContent")}


#: A manual line break (Shift+Enter) after one of these ends a line of the text ...
_LINE_END = frozenset("。！？；：!?;:…")
#: ... and one before these, or before a word that carries on a sentence, does not.
_NO_LINE_START = frozenset("，。、；：！？）》」』”’,.;:!?)")
_CARRIES_ON = re.compile(r"^(?:其中|包括|分别|以及|并且|同比|占)")
_DATE_ALONE = re.compile(r"^[0-9０-９〇零○ＯO一二三四五六七八九]{4}\s*年.{1,3}月.{1,3}日$")


def keeps_break(before: str, after: str) -> bool:
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
    if a[0] in _NO_LINE_START or _CARRIES_ON.match(a):
        return False
    if b[-1] in _LINE_END or numbered_rank(a) is not None or _DATE_ALONE.match(a):
        return True
    if numbered_rank(b) is not None and len(a) <= 30 and not any(ch in "。！？；，,;!?" for ch in a):
        return False  # a long numbered heading wrapped by hand: "一、2023年推进法治政府建设的⏎主要举措和成效"
    return len(b) <= 30 and not any(ch in "，,；;" for ch in b)


def visual_lines(text: str, label: str = "", heading: bool = False) -> list[list[tuple[int, str]]]:
    """The lines of a paragraph's text (see :func:`keeps_break`), each a list of
    (column, text) pieces: a break that does not start a line leaves a one-column gap.
    A paragraph in a heading style is one heading: its breaks only wrap it."""
    lines: list[list[tuple[int, str]]] = []
    current = label
    col = 1
    for k, part in enumerate(text.split("\n")):
        if k == 0 or (not heading and keeps_break(current, part)):
            lines.append([])
            current = ""
        lines[-1].append((col, part))
        current += part
        col += len(part) + 1
    return lines


def paragraph_text(p: Any) -> str:
    """The visible text of a ``w:p``: manual line breaks are ``\\n``, tabs ``\\t``."""
    return "".join([item_text(item) for r in visible_runs(p) for item in r.iterchildren()])


def visible_runs(p: Any) -> list[Any]:
    """The ``w:r`` elements whose characters make :func:`paragraph_text`, in order (runs
    inside hyperlinks, insertions, fields' results, content controls…; not hidden runs)."""
    out: list[Any] = []
    _runs(p, out)
    return out


def _runs(el: Any, out: list[Any]) -> None:
    for child in el.iterchildren():
        tag = child.tag
        if tag == w("r"):
            rpr = child.find(w("rPr"))
            if not (_on(rpr, "vanish") or _on(rpr, "webHidden")):
                out.append(child)
        elif tag in _RECURSE_INLINE:
            _runs(child, out)


_T, _BR, _TYPE, _NO_BREAK_HYPHEN = w("t"), w("br"), w("type"), w("noBreakHyphen")
_TAB_ITEMS = frozenset({w("tab"), w("ptab")})
_BREAK_ITEMS = frozenset({w("br"), w("cr")})


def item_text(item: Any) -> str:
    """The characters one child of a ``w:r`` adds to :func:`paragraph_text` (a tab is one,
    a manual line break one, formatting and page breaks none)."""
    t = item.tag
    if t == _T:
        return item.text or ""
    if t in _TAB_ITEMS:
        return "\t"
    if t in _BREAK_ITEMS:
        return "" if t == _BR and item.get(_TYPE) in ("page", "column") else "\n"
    if t == _NO_BREAK_HYPHEN:
        return "-"
    return ""


@dataclass
class _Reader:
    styles: _Styles
    numbering: _Numbering
    builder: TextBuilder = field(default_factory=TextBuilder)
    count: int = 0  # paragraphs seen
    line: int = 0  # lines of text written
    levels: dict[int, int] = field(default_factory=dict)  # line → heading level
    not_headings: set[int] = field(default_factory=set)  # lines of table rows and bulleted items
    bullet: bool = False  # is the paragraph just read an item of a bulleted list?
    fields: list[list[Any]] = field(default_factory=list)  # open complex fields: [is TOC, instruction or None]
    found: dict[int, tuple[Any, str]] | None = None  # paragraph number → (w:p, text), when asked for

    # properties looked up through the paragraph, then its style chain
    def _num(self, p: Any, ppr: Any) -> tuple[str, int] | None:
        numpr = ppr.find(w("numPr")) if ppr is not None else None
        nid = _val(numpr, "numId")
        ilvl = _val(numpr, "ilvl")
        if nid is None:
            for st in self.styles.chain(_val(ppr, "pStyle")):
                snum = st.find(w("pPr"))
                snum = snum.find(w("numPr")) if snum is not None else None
                if snum is not None and _val(snum, "numId") is not None:
                    nid = _val(snum, "numId")
                    ilvl = ilvl or _val(snum, "ilvl")
                    break
        if nid is None or nid == "0":
            return None
        if ilvl is None:  # the level whose w:pStyle is the paragraph's style (multi-level heading lists)
            for st in self.styles.chain(_val(ppr, "pStyle")):
                level = self.numbering.style_level(nid, st.get(w("styleId")) or "")
                if level is not None:
                    return nid, level
        return nid, _int(ilvl, 0)

    def _heading_level(self, ppr: Any) -> int | None:
        outline = _val(ppr, "outlineLvl")
        sid = _val(ppr, "pStyle")
        if outline is None:
            for st in self.styles.chain(sid):
                m = _HEADING_STYLE.match((_val(st, "name") or "").strip())
                if m:
                    return int(m.group(1))
                spr = st.find(w("pPr"))
                outline = _val(spr, "outlineLvl")
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
        return bool(_TOC_STYLE.match(self.styles.name(_val(p.find(w("pPr")), "pStyle")).strip()))

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
        for k, pieces in enumerate(visual_lines(text, label, heading=level is not None)):
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
                for k, line in enumerate(visual_lines(text, label)):
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
    :class:`~fzlint.formats.tables.Breakdown`): the column labels are added text, glued
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
                gallery = _val(dp, "docPartGallery")
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
    column = _int(_val(trpr, "gridBefore"), 0) if trpr is not None else 0
    for tc in _all_cells(tr):
        tcpr = tc.find(w("tcPr"))
        vmerge = tcpr.find(w("vMerge")) if tcpr is not None else None
        if vmerge is None or vmerge.get(w("val"), "continue") != "continue":
            out[column] = tc
        column += max(_int(_val(tcpr, "gridSpan"), 1), 1)
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


def read(data: bytes, shown: str) -> Rendered:
    """Report text of a .docx, its map to paragraphs, heading levels and table rows."""
    return _read(data, shown, None).rendered


@dataclass(frozen=True)
class WordFile:
    """A .docx as :func:`read` reads it, with what is needed to write a copy of it."""

    rendered: Rendered
    document: Any  # the python-docx Document (its XML may be changed and saved)
    paragraphs: dict[int, tuple[Any, str]]  # paragraph number (as in locations) → (w:p, its text)


def read_file(data: bytes, shown: str) -> WordFile:
    """:func:`read`, keeping the python-docx Document and each read paragraph's ``w:p``
    (paragraphs of a table of contents are counted, not read: they are not in the map)."""
    return _read(data, shown, {})


def _read(data: bytes, shown: str, found: dict[int, tuple[Any, str]] | None) -> WordFile:
    document = _open(data, shown)
    try:
        styles = _Styles.of(document)
        reader = _Reader(styles, _Numbering.of(document, styles), found=found)
        reader.body(document.element.body)
    except Exception as e:  # malformed values deep in the XML: one line, never a traceback
        raise InputError(shown, f"文件内容有误，无法读取（{type(e).__name__}）") from None
    text, tm = reader.builder.build(editable=False)
    if text.endswith("\n"):
        text = text[:-1]  # lines are joined with "\n"; no empty line after the last paragraph
    return WordFile(Rendered(text, tm, reader.levels, frozenset(reader.not_headings)), document,
                    found if found is not None else {})
