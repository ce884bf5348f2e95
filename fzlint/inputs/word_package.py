"""The .docx package under :mod:`fzlint.inputs.word`: refusing what is not a readable
.docx with one line in Chinese (empty, old binary .doc/.wps, encrypted, RTF, web page, not
a zip, Strict Open XML, a zip bomb), opening it with python-docx, and the WordprocessingML
names and property helpers the reader uses, and the visible text of a paragraph (runs,
hyperlinks, insertions, fields' results; not hidden runs), which the annotated copy
(:mod:`fzlint.annotate`) also reads.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Any

from ..errors import InputError

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


def w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def val(el: Any, tag: str) -> str | None:
    """``w:val`` of the child ``tag`` of ``el`` (None when absent)."""
    if el is None:
        return None
    child = el.find(w(tag))
    return None if child is None else child.get(w("val"))


def is_on(el: Any, tag: str) -> bool:
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


def open_docx(data: bytes, shown: str) -> Any:
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


def rel_type(name: str) -> str:
    return f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{name}"


# ---- the visible text of a paragraph -------------------------------------------------------
_RECURSE_INLINE = {w("hyperlink"), w("ins"), w("moveTo"), w("smartTag"), w("customXml"), w("fldSimple"),
                   w("dir"), w("bdo"), w("sdt"), w("sdtContent")}


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
            if not (is_on(rpr, "vanish") or is_on(rpr, "webHidden")):
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
