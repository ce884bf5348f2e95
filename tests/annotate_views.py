"""Reading an annotated .docx back without fzlint's own code: the text a comment is
anchored on, a paragraph as Word shows it with the changes accepted or rejected, the
formatting of each character, the bytes of each paragraph; and the documents the tests
annotate (sentences written for these tests, in the genre's usual wording)."""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import RGBColor
from lxml import etree

from .builders import add_numbering, save, set_numbering

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml")


def body(data: bytes):
    return etree.fromstring(document_xml(data)).find(w("body"))


def _char(el) -> str:
    if el.tag in (w("t"), w("delText")):
        return el.text or ""
    if el.tag == w("tab"):
        return "\t"
    if el.tag == w("br") and el.get(w("type")) not in ("page", "column"):
        return "\n"
    return ""


def anchored_texts(data: bytes) -> dict[int, str]:
    """Comment id → the text between its range start and end (as written, deleted text
    included: what the drafter sees marked before accepting anything)."""
    open_ids: set[int] = set()
    out: dict[int, str] = {}
    for el in body(data).iter():
        if el.tag == w("commentRangeStart"):
            cid = int(el.get(w("id")))
            open_ids.add(cid)
            out[cid] = ""
        elif el.tag == w("commentRangeEnd"):
            open_ids.discard(int(el.get(w("id"))))
        else:
            ch = _char(el)
            for cid in open_ids:
                out[cid] += ch
    return out


def paragraphs(data: bytes) -> list:
    """The w:p elements in document order (body and table cells)."""
    return list(body(data).iter(w("p")))


def view(p, accept: bool) -> str:
    """A paragraph's text with every tracked change accepted (or rejected)."""
    out = []
    for el in p.iter(w("t"), w("delText"), w("tab"), w("br")):
        if el.getparent().find(f"{w('rPr')}/{w('vanish')}") is not None:
            continue  # hidden text
        marks = {a.tag for a in el.iterancestors() if a.tag in (w("ins"), w("del"))}
        if accept and w("del") not in marks:
            out.append(_char(el) if el.tag != w("delText") else "")
        elif not accept and w("ins") not in marks:
            out.append(_char(el))
    return "".join(out)


def mark_deleted(p) -> bool:
    return p.find(f"{w('pPr')}/{w('rPr')}/{w('del')}") is not None


def accepted(data: bytes) -> list[str]:
    """Paragraph texts once every change is accepted (a paragraph whose mark is deleted
    and whose text is all deleted disappears)."""
    return [view(p, True) for p in paragraphs(data) if not (mark_deleted(p) and not view(p, True))]


def rejected(data: bytes) -> list[str]:
    return [view(p, False) for p in paragraphs(data)]


def char_formats(p) -> list[tuple[str, bytes]]:
    """(character, its run's w:rPr serialized) for each visible character of ``p``,
    leaving out comment reference runs."""
    out = []
    for r in p.iter(w("r")):
        if r.find(w("commentReference")) is not None:
            continue
        rpr = r.find(w("rPr"))
        fmt = etree.tostring(rpr, method="c14n") if rpr is not None else b""
        for el in r:
            for ch in _char(el):
                out.append((ch, fmt))
    return out


_P = re.compile(rb"<w:p[ >].*?</w:p>|<w:p/>", re.S)


def paragraph_bytes(data: bytes) -> list[bytes]:
    return _P.findall(document_xml(data))


# ---- documents ----------------------------------------------------------------------------
#: What each finding of :func:`formatted_docx` is anchored on (code → texts).
FORMATTED_ANCHORS = {
    "FZ405": ["法治政府建设与责任落实督查工作规定"],  # from inside a bold run to inside a red one
    "FZ503": [",", ","],  # after a Shift+Enter break; in a table cell
    "FZ501": ["[bookmark: _GoBack]"],  # right after a hyperlink
    "FZ502": ["【打印本页】【关闭窗口】"],  # a whole paragraph
    "FZ103": ["党政主要负责人履行推进法治建设第一责任人职责情况"],  # an automatically numbered heading
    "FZ105": ["继续加强行政执法监督。"],  # no characters: the last paragraph
}


def formatted_docx() -> bytes:
    """A short report with the things that make anchoring hard: a finding across runs of
    different formatting, after a manual line break, after a hyperlink, in a table cell,
    on a heading whose number Word draws, and findings with no characters."""
    d = docx.Document()
    d.add_paragraph("青山区司法局2023年法治政府建设情况报告")
    p = d.add_paragraph("2023年，我局认真贯彻")
    r = p.add_run("《法治政府建设与责任")
    r.bold = True
    r = p.add_run("落实督查工作规定》")
    r.font.color.rgb = RGBColor(0xC0, 0, 0)
    p.add_run("，现将有关情况报告如下。")
    num = add_numbering(d)
    set_numbering(d.add_paragraph("2023年推进法治政府建设的主要举措和成效"), num, 0)
    p = d.add_paragraph("全年办理行政复议案件36件")
    p.add_run().add_break()
    p.add_run("受理行政应诉案件12件,全部按时答辩。")
    p = d.add_paragraph("详见")
    p._p.append(parse_xml(f'<w:hyperlink {nsdecls("w")} w:anchor="notice"><w:r><w:t>司法局网站公告</w:t></w:r>'
                          f"</w:hyperlink>"))
    p.add_run("[bookmark: _GoBack]持续推进严格规范公正文明执法。")
    d.add_paragraph("【打印本页】【关闭窗口】")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "项目"
    t.cell(0, 1).text = "说明"
    t.cell(1, 0).text = "法律顾问"
    t.cell(1, 1).text = "聘请法律顾问3名,审查合同41份。"
    set_numbering(d.add_paragraph("党政主要负责人履行推进法治建设第一责任人职责情况"), num, 0)
    d.add_paragraph("主要负责人带头落实“四个亲自”，年终述法已完成。")
    set_numbering(d.add_paragraph("存在的不足和原因"), num, 0)
    d.add_paragraph("一是执法人员培训不足，原因是经费紧张。")
    set_numbering(d.add_paragraph("2024年推进法治政府建设的主要安排"), num, 0)
    d.add_paragraph("继续加强行政执法监督。")
    return save(d)


#: :func:`formatted_docx` with every fix accepted, paragraph by paragraph.
FORMATTED_ACCEPTED = [
    "青山区司法局2023年法治政府建设情况报告",
    "2023年，我局认真贯彻《法治政府建设与责任落实督察工作规定》，现将有关情况报告如下。",
    "2023年推进法治政府建设的主要举措和成效",
    "全年办理行政复议案件36件\n受理行政应诉案件12件，全部按时答辩。",
    "详见司法局网站公告持续推进严格规范公正文明执法。",
    "项目", "说明", "法律顾问", "聘请法律顾问3名，审查合同41份。",
    "党政主要负责人履行推进法治建设第一责任人职责情况",
    "主要负责人带头落实“四个亲自”，年终述法已完成。",
    "存在的不足和原因",
    "一是执法人员培训不足，原因是经费紧张。",
    "2024年推进法治政府建设的主要安排",
    "继续加强行政执法监督。",
]

#: A text report of our own: a title, parts, a stale regulation name, half-width commas,
#: a web page's footer line.
TEXT_REPORT = """\
石门县应急管理局2022年法治政府建设情况报告

一、2022年推进法治政府建设的主要举措和成效
全年开展安全生产执法检查126次,立案查处违法行为18起。
我局按照《法治政府建设与责任落实督查工作规定》要求，按时报送年度报告。
【打印本页】【关闭窗口】
二、党政主要负责人履行推进法治建设第一责任人职责情况
局党委书记带头落实“四个亲自”，年终述法已完成。
三、存在的不足和原因
一是基层执法力量不足，原因是编制偏少。
四、2023年推进法治政府建设的主要安排
持续加强安全生产执法规范化建设。

石门县应急管理局
2023年1月10日
"""


def apply_edits(text: str, edits) -> str:
    """``text`` with non-overlapping edits applied (an insertion at the start of a
    replacement goes before the replacement's new text)."""
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: e.start] + e.content + text[e.end:]
    return text


def structured_docx() -> bytes:
    """Findings inside what Word keeps around text: a field's result, someone's tracked
    insertion next to a tracked deletion and hidden text, a content control, a smart tag,
    a tab, a table with a vertically merged cell."""
    d = docx.Document()
    d.add_paragraph("青山区司法局2023年法治政府建设情况报告")
    body = d.element.body
    n = nsdecls("w")
    rev = 'w:author="起草人" w:date="2024-01-05T09:00:00Z"'
    for xml in (
        f'<w:p {n}><w:r><w:t xml:space="preserve">依据</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org" </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>《法治政府建设与责任落实督查工作规定》</w:t></w:r>'
        f'<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>开展工作,成效明显。</w:t></w:r></w:p>',
        f'<w:p {n}><w:r><w:t>全年</w:t></w:r><w:ins w:id="901" {rev}><w:r><w:t>办理案件20件,</w:t></w:r></w:ins>'
        f'<w:del w:id="902" {rev}><w:r><w:delText>旧的文字,</w:delText></w:r></w:del>'
        f'<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏,</w:t></w:r><w:r><w:t>结案18件。</w:t></w:r></w:p>',
        f'<w:sdt {n}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>[bookmark: _GoBack]内容控件中的文字,需要检查。</w:t>'
        f'</w:r></w:p></w:sdtContent></w:sdt>',
        f'<w:p {n}><w:smartTag w:uri="urn:x" w:element="place"><w:r><w:t>智能标记,</w:t></w:r></w:smartTag>'
        f'<w:r><w:t>按期办结</w:t><w:tab/><w:t>全部公开。</w:t></w:r></w:p>',
        f'<w:tbl {n}><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/>'
        f'</w:tcPr><w:p><w:r><w:t>合并单元格</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>上半年办结12件,</w:t></w:r></w:p>'
        f'</w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>下半年办结9件,</w:t>'
        f'</w:r></w:p></w:tc></w:tr></w:tbl>',
    ):
        body.insert(len(body) - 1, parse_xml(xml))
    return save(d)
