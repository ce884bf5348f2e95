"""A .docx as drafters really produce it in Word or WPS, and what fzlint must make of it.

One report (:func:`realistic_report`) carries what real files carry at once: a title in the
Title style, a 发文字号 line, an empty paragraph, a table of contents inserted as a bare TOC
field, a footnote and a comment, headings through ``Heading 1/2``, WPS's ``标题 1`` and a bare
outline level, automatic numbering (一、 / （一） / 1.) continuing across paragraphs, bold
lead-ins, manual line breaks, tabs, a table with merged and nested cells, tracked changes,
a hyperlink, a text box, header and footer, and a right-aligned signature dated in Chinese
numerals.  The tests pin where each planted problem is reported (paragraph and character)
and that the conversion adds none of its own.  Everything is generated here: no binary
fixture is committed.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from fzlint.engine import lint_document
from fzlint.errors import InputError
from fzlint.inputs.readers import load_bytes
from fzlint.inputs.word import keeps_break
from fzlint.packs.config import Settings

from ..builders import add_numbering, save, set_numbering
from ..conftest import fzlint_here, run_fzlint

W = nsdecls("w")
LEVELS = (("chineseCounting", "%1、"), ("chineseCountingThousand", "（%2）"), ("decimal", "%3."))


def lint_docx(data: bytes, name: str = "报告.docx"):
    loaded = load_bytes(data, name)
    settings = Settings()
    return loaded.doc, lint_document(loaded.doc, settings.ruleset(), settings)[0]


def append_xml(d, xml: str):
    """Append raw body XML (paragraphs, tables) before the section properties."""
    el = parse_xml(xml)
    d.element.body.insert(len(d.element.body) - 1, el)
    return el


def run_xml(p, xml: str) -> None:
    p._p.append(parse_xml(xml))


TEXT_BOX = (
    f'<w:r {W}><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx><w:txbxContent>'
    '<w:p><w:r><w:t>文本框里的说明，，不是正文</w:t></w:r></w:p>'
    '</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
)


def toc_field() -> str:
    """A table of contents as a bare TOC field (no content control, entries in plain style)."""
    def entry(text: str, anchor: str, page: int, first: bool = False) -> str:
        begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TO</w:instrText>'
                 '</w:r><w:r><w:instrText xml:space="preserve">C \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>') if first else ""
        return (f'<w:p {W}>{begin}<w:hyperlink w:anchor="{anchor}"><w:r><w:t>{text}</w:t></w:r><w:r><w:tab/></w:r>'
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><w:instrText xml:space="preserve"> PAGEREF {anchor} \\h </w:instrText></w:r>'
                f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{page}</w:t></w:r>'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink></w:p>')
    return (entry("一、主要举措和成效", "_Toc1", 2, first=True), entry("二、存在的不足和原因", "_Toc2", 5),
            f'<w:p {W}><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


@dataclass(frozen=True)
class Where:
    """Paragraph numbers of the realistic report (as Word counts them: every w:p of the body)."""

    title = 1
    doc_number = 2  # 发文字号
    toc = (4, 5, 6)
    intro = 7
    part1 = 8  # 一、主要举措和成效 (Heading 1, automatic 一、)
    sub1 = 9  # （一）强化组织领导 (Heading 2, automatic （一）)
    lead_ins = 10  # bold 一是…。 / 二是…。 run-in lead-ins
    sub2 = 11  # （二）
    item1 = 12  # 1. with a manual line break inside the sentence: 共20件，其中⏎维持15件、撤销3件、确认违法1件
    item2 = 13  # 2. with a manual line break after a full stop
    tracked = 14  # tracked deletion (not text) and insertion (text, with a planted ，，)
    table_header = (15, 16)  # 项目 | 完成情况 (merged over two columns)
    table_total = 18  # 受理群众信访事项共335件，其中来信269件、来访57件、网上信访4件 (sum 330)
    nested = (22, 23)  # 应诉 | 8件, in a table nested in a cell
    part2 = 26  # 二、存在的不足和原因 (WPS 标题 1 + automatic number)
    link = 28  # hyperlink text holding a planted ，，
    part3 = 29  # 三、… typed, heading by outline level only (WPS)
    text_box = 30
    part4 = 31  # 四、… typed, Heading 1
    signer = 34
    date = 35


def realistic_report() -> bytes:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "当前位置：首页 > 政务公开"
    footer = d.sections[0].footer.paragraphs[0]
    footer.text = "第"
    for xml in ('<w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r {W}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
                '<w:r {W}><w:fldChar w:fldCharType="separate"/></w:r>', '<w:r {W}><w:t>1</w:t></w:r>',
                '<w:r {W}><w:fldChar w:fldCharType="end"/></w:r>', '<w:r {W}><w:t>页</w:t></w:r>'):
        run_xml(footer, xml.format(W=W))
    num = add_numbering(d, LEVELS)

    title = d.add_paragraph("滨海新区司法局2023年法治政府建设情况报告", style="Title")  # 1
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph("津滨司〔2024〕3号").alignment = WD_ALIGN_PARAGRAPH.CENTER  # 2
    d.add_paragraph()  # 3
    for xml in toc_field():  # 4, 5, 6
        append_xml(d, xml)
    intro = d.add_paragraph()  # 7: a comment and a footnote
    run_xml(intro, f'<w:commentRangeStart {W} w:id="0"/>')
    intro.add_run("2023年，我局坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想")
    run_xml(intro, f'<w:commentRangeEnd {W} w:id="0"/>')
    run_xml(intro, f'<w:r {W}><w:commentReference w:id="0"/></w:r>')
    run_xml(intro, f'<w:r {W}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>')
    intro.add_run("，现将有关情况报告如下：")

    set_numbering(d.add_paragraph("主要举措和成效", style="Heading 1"), num, 0)  # 8
    set_numbering(d.add_paragraph("强化组织领导", style="Heading 2"), num, 1)  # 9
    p = d.add_paragraph()  # 10
    p.add_run("一是加强统筹谋划。").bold = True
    p.add_run("局党组召开专题会议4次，研究部署法治政府建设重点任务。")
    p.add_run("二是压实工作责任。").bold = True
    p.add_run("将法治建设纳入年度绩效考核，考核结果与评优评先挂钩。")
    set_numbering(d.add_paragraph("推进严格规范公正文明执法", style="Heading 2"), num, 1)  # 11
    p = d.add_paragraph()  # 12
    set_numbering(p, num, 2)
    p.add_run("全年受理行政复议案件共20件，其中")
    p.add_run().add_break()
    p.add_run("维持15件、撤销3件、确认违法1件。")
    p = d.add_paragraph()  # 13
    set_numbering(p, num, 2)
    p.add_run("严格执法监督。")
    p.add_run().add_break()
    p.add_run("全年开展执法检查35次，覆盖全部执法单位。")
    p = d.add_paragraph()  # 14
    p.add_run("执法人员")
    run_xml(p, f'<w:del {W} w:id="11" w:author="审核人"><w:r><w:delText>素质有待提升，，</w:delText></w:r></w:del>')
    run_xml(p, f'<w:ins {W} w:id="12" w:author="审核人"><w:r><w:t>持证上岗率达到100%，，</w:t></w:r></w:ins>')
    p.add_run("全面落实行政执法三项制度。")

    table = d.add_table(rows=3, cols=3)  # 15–25
    table.cell(0, 0).text = "项目"  # 15
    table.cell(0, 1).merge(table.cell(0, 2)).text = "完成情况"  # 16
    table.cell(1, 0).text = "信访工作"  # 17
    table.cell(1, 1).text = "受理群众信访事项共335件，其中来信269件、来访57件、网上信访4件"  # 18
    table.cell(1, 2).text = "办结率100%"  # 19
    table.cell(2, 0).text = "行政诉讼"  # 20
    inner = table.cell(2, 1).add_table(rows=1, cols=2)  # 21 (the cell's own paragraph), 22, 23, 24 (after it)
    inner.cell(0, 0).text = "应诉"
    inner.cell(0, 1).text = "8件"
    # 25: cell (2, 2) is empty

    wps_heading = d.styles.add_style("标题 1", WD_STYLE_TYPE.PARAGRAPH)
    set_numbering(d.add_paragraph("存在的不足和原因", style=wps_heading), num, 0)  # 26
    d.add_paragraph("一是法治宣传覆盖面不够广，主要原因是基层普法力量不足。")  # 27
    p = d.add_paragraph("二是执法信息公开不够及时，详见")  # 28
    run_xml(p, f'<w:hyperlink {W} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
               'r:id="rIdX"><w:r><w:t>区政府网站执法公示专栏，，</w:t></w:r></w:hyperlink>')
    p.add_run("原因是数据报送机制不健全。")
    append_xml(d, f'<w:p {W}><w:pPr><w:outlineLvl w:val="0"/></w:pPr>'  # 29
                  '<w:r><w:t>三、党政主要负责人履行推进法治建设第一责任人职责情况</w:t></w:r></w:p>')
    p = d.add_paragraph("主要负责人带头学法，年终述法，“四个亲自”落实到位，重大决策合法性审查全覆盖。")  # 30
    run_xml(p, TEXT_BOX)
    d.add_paragraph("四、2024年推进法治政府建设的主要安排", style="Heading 1")  # 31
    d.add_paragraph("继续深化依法行政，推进严格规范公正文明执法。")  # 32
    d.add_paragraph()  # 33
    signer = d.add_paragraph("\t\t滨海新区司法局")  # 34
    signer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    d.add_paragraph("二〇二四年一月二十日").alignment = WD_ALIGN_PARAGRAPH.RIGHT  # 35
    return save(d)


REPORT = realistic_report()


@pytest.fixture(scope="module")
def report():
    return lint_docx(REPORT)


def test_paragraph_count_is_words(report):
    """The locations below rest on this: every w:p of the body, in cells too, is counted."""
    doc, _ = report
    assert len(docx.Document(io.BytesIO(REPORT)).element.body.findall(".//" + qn("w:p"))) - 1 == Where.date  # − text box
    assert doc.location(doc.text.index("二〇二四年")) == (Where.date, 1)


def test_headings_and_levels_are_recovered(report):
    doc, _ = report
    assert [(doc.location(h.start)[0], h.marker, h.rank, h.text) for h in doc.headings] == [
        (Where.part1, "一、", 1, "主要举措和成效"),
        (Where.sub1, "（一）", 2, "强化组织领导"),
        (Where.sub2, "（二）", 2, "推进严格规范公正文明执法"),
        (Where.item1, "1.", 3, "全年受理行政复议案件共20件，其中维持15件、撤销3件、确认违法1件"),
        (Where.item2, "2.", 3, "严格执法监督"),
        (Where.part2, "二、", 1, "存在的不足和原因"),
        (Where.part3, "三、", 1, "党政主要负责人履行推进法治建设第一责任人职责情况"),
        (Where.part4, "四、", 1, "2024年推进法治政府建设的主要安排"),
    ]
    # the title (Title style), the 发文字号, the TOC entries and the bold lead-ins are not headings
    assert doc.title is not None and doc.title.text == "滨海新区司法局2023年法治政府建设情况报告"
    assert doc.year == 2023
    assert "主要举措和成效\t" not in doc.text  # the TOC entries are not text


def test_signature_in_chinese_numerals_is_found(report):
    doc, diags = report
    sig = doc.signature
    assert sig is not None and str(sig.date) == "2024-01-20"
    assert doc.location(sig.date_span.start) == (Where.date, 1)
    assert not [x for x in diags if x.code in ("FZ105", "FZ313", "FZ314")]


def test_the_planted_problems_are_found_where_they_are(report):
    _, diags = report
    found = {(x.code, x.line, x.column) for x in diags}
    # a total and its parts across a manual line break, in the numbered paragraph 12
    # ("全年受理行政复议案件共20件": the total at character 12; the number 1. is not a character)
    assert ("FZ201", Where.item1, 12) in found
    # the table row: 335 at character 10 of its cell's own paragraph
    assert ("FZ201", Where.table_total, 10) in found
    # tracked insertion is text: "执法人员" + "持证上岗率达到100%" → ，， at character 16
    assert ("FZ505", Where.tracked, 16) in found
    # hyperlink text is text: "二是执法信息公开不够及时，详见" (15) + "区政府网站执法公示专栏" (11)
    assert ("FZ505", Where.link, 27) in found


def test_nothing_comes_from_the_conversion(report):
    doc, diags = report
    # deleted text, the text box, header and footer are not linted
    assert "素质有待提升" not in doc.text and "文本框" not in doc.text and "当前位置" not in doc.text
    assert not [x for x in diags if x.code in ("FZ502", "FZ506")]
    # every required part is mapped, headings are in order, nothing lost its number
    assert not [x for x in diags if x.code.startswith("FZ1")], [(x.code, x.line, x.message) for x in diags]
    # the only findings are the four planted ones (and whatever the rules say about the
    # paragraphs holding them)
    planted = {Where.item1, Where.table_total, Where.tracked, Where.link}
    assert {x.line for x in diags if x.code.startswith(("FZ2", "FZ5"))} <= planted


def test_outline_command_numbers_paragraphs(tmp_path):
    f = tmp_path / "报告.docx"
    f.write_bytes(REPORT)
    r = fzlint_here("outline", str(f), "--format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [(h["line"], h["marker"]) for h in out["headings"]] == [
        (Where.part1, "一、"), (Where.part2, "二、"), (Where.part3, "三、"), (Where.part4, "四、")]
    assert out["missing"] == []
    assert [c["line"] for c in out["headings"][0]["children"]] == [Where.sub1, Where.sub2]


def test_check_command_shows_the_paragraph(tmp_path):
    f = tmp_path / "报告.docx"
    f.write_bytes(REPORT)
    r = fzlint_here("check", str(f), "--select", "FZ505", "--format", "concise")
    assert r.returncode == 1 and r.stdout.splitlines() == [
        f"{f}:{Where.tracked}:16: FZ505 重复的标点：，，", f"{f}:{Where.link}:27: FZ505 重复的标点：，，"]


# ---- manual line breaks -------------------------------------------------------------------------
@pytest.mark.parametrize(("before", "after", "line"), [
    ("某街道办事处", "2024年1月20日", True),  # signature over its date
    ("滨海新区司法局", "二〇二四年一月二十日", True),
    ("严格执法监督。", "全年开展执法检查35次。", True),  # after a sentence stop
    ("（一）强化组织领导", "全年召开会议4次。", True),  # a short heading above its text
    ("全年开展工作。", "（二）推进依法行政", True),  # before a numbered heading
    ("受理案件共20件，其中", "维持15件、撤销3件。", False),  # inside a sentence
    ("全年受理行政复议案件20件", "其中维持15件、撤销3件。", False),  # a sentence carries on
    ("坚持严格规范公正文明执法，全面推行行政执法公示制度", "执法全过程记录制度。", False),
    ("全年开展执法检查35次", "，覆盖全部执法单位。", False),  # no line starts with a comma
    ("一、2023年推进法治政府建设的", "主要举措和成效", False),  # a long numbered heading, wrapped
    ("一、主要举措和成效", "全年召开专题会议4次，研究部署重点任务。", True),
])
def test_which_manual_breaks_start_a_line(before, after, line):
    assert keeps_break(before, after) is line


def test_a_break_inside_a_table_cell_sentence_joins_it():
    d = docx.Document()
    d.add_paragraph("某局2023年法治政府建设情况报告")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "信访"
    cell = t.cell(0, 1).paragraphs[0]
    cell.add_run("受理信访事项共335件，其中")
    cell.add_run().add_break()
    cell.add_run("来信269件、来访57件、网上信访4件")
    doc, diags = lint_docx(save(d))
    assert doc.text.split("\n")[1] == "信访，受理信访事项共335件，其中来信269件、来访57件、网上信访4件"
    # 来信 is after the break: 15 characters, the break (one character), then character 16
    assert doc.location(doc.text.index("来信")) == (3, 16)
    assert [(x.line, x.column) for x in diags if x.code == "FZ201"] == [(3, 8)]


def test_a_short_line_over_a_break_is_still_a_heading():
    d = docx.Document()
    for text in ("某局2023年法治政府建设情况报告", "一、主要举措和成效"):
        d.add_paragraph(text)
    p = d.add_paragraph("（一）强化组织领导")
    p.add_run().add_break()
    p.add_run("全年召开专题会议4次，研究部署重点任务。")
    doc, _ = lint_docx(save(d))
    assert [(h.line, h.marker) for h in doc.headings] == [(2, "一、"), (3, "（一）")]
    assert doc.location(doc.text.index("全年")) == (3, 11)


# ---- numbering defined through a list style, bullets ------------------------------------------
def test_numbering_through_a_list_style_is_rebuilt():
    """Word's "define new list style": the paragraphs' list names only the style
    (numStyleLink); the levels are in the list the style points to."""
    d = docx.Document()
    d.add_paragraph("某局2023年法治政府建设情况报告")
    numbering = d.part.numbering_part.element
    levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                     f'</w:lvl>' for i, (fmt, text) in enumerate((*LEVELS, ("decimalEnclosedCircle", "%4"))))
    first = numbering.find(qn("w:num"))
    for xml in (f'<w:abstractNum {W} w:abstractNumId="70"><w:styleLink w:val="ReportList"/>{levels}</w:abstractNum>',
                f'<w:abstractNum {W} w:abstractNumId="71"><w:numStyleLink w:val="ReportList"/></w:abstractNum>'):
        if first is not None:
            first.addprevious(parse_xml(xml))
        else:
            numbering.append(parse_xml(xml))
    numbering.append(parse_xml(f'<w:num {W} w:numId="70"><w:abstractNumId w:val="70"/></w:num>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="71"><w:abstractNumId w:val="71"/></w:num>'))
    style = d.styles.add_style("ReportList", WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:type"), "numbering")
    style.element.set(qn("w:styleId"), "ReportList")
    style.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}><w:numId w:val="70"/></w:numPr>'))
    for text, level in (("主要举措和成效", 0), ("强化组织领导", 1), ("召开会议", 2), ("第一项", 3), ("第二项", 3),
                        ("存在的不足和原因", 0)):
        set_numbering(d.add_paragraph(text), "71", level)
    doc, _ = lint_docx(save(d))
    assert doc.text.split("\n")[1:] == ["一、主要举措和成效", "（一）强化组织领导", "1.召开会议", "①第一项",
                                        "②第二项", "二、存在的不足和原因"]


def test_bulleted_items_are_never_headings():
    d = docx.Document()
    num = add_numbering(d, LEVELS)
    bullets = add_numbering(d, (("bullet", "•"),), num_id=95, abstract_id=95)
    d.add_paragraph("某局2023年法治政府建设情况报告")
    set_numbering(d.add_paragraph("主要举措和成效"), num, 0)
    set_numbering(d.add_paragraph("强化组织领导"), num, 1)
    d.add_paragraph("局党组召开专题会议4次，研究部署重点任务，主要做了以下工作：")
    set_numbering(d.add_paragraph("办理行政复议案件20件"), bullets, 0)
    d.add_paragraph("全年开展执法检查35次，覆盖全部执法单位。")
    set_numbering(d.add_paragraph("推进依法行政"), num, 1)
    doc, diags = lint_docx(save(d))
    assert [(h.line, h.marker) for h in doc.headings] == [(2, "一、"), (3, "（一）"), (7, "（二）")]
    assert not [x for x in diags if x.code in ("FZ111", "FZ112")]


def test_heading_level_from_a_custom_style_with_an_outline_level():
    """WPS and templates name heading styles as they like (一级标题); the outline level in
    the style is what makes them headings."""
    d = docx.Document()
    for name, level in (("一级标题", 0), ("二级标题", 1)):
        d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH).element.get_or_add_pPr().append(
            parse_xml(f'<w:outlineLvl {W} w:val="{level}"/>'))
    title = d.add_paragraph().add_run("某区司法局2023年法治政府建设情况报告")  # only bold and large
    title.bold, title.font.size = True, Pt(22)
    for text, style in (("主要举措和成效", "一级标题"), ("深化“放管服”改革", "二级标题"),
                        ("全年办理政务服务事项1200件，按时办结率100%。", None), ("存在的不足和原因", "一级标题"),
                        ("一是普法覆盖面不广，原因是基层力量不足。", None)):
        d.add_paragraph(text, style=style)
    doc, _ = lint_docx(save(d))
    assert doc.title_lines == (1,)
    assert [(h.line, h.rank, h.text) for h in doc.headings] == [
        (2, 1, "主要举措和成效"), (3, 2, "深化“放管服”改革"), (5, 1, "存在的不足和原因")]


# ---- tables of contents --------------------------------------------------------------------------
def test_a_bare_toc_field_is_not_read_but_counted():
    d = docx.Document()
    d.add_paragraph("某局2023年法治政府建设情况报告")
    for xml in toc_field():
        append_xml(d, xml)
    for text in ("一、主要举措和成效", "全年完成。", "二、存在的不足和原因", "一是人员不足，原因是编制有限。"):
        d.add_paragraph(text)
    doc, diags = lint_docx(save(d))
    assert [(h.line, h.marker) for h in doc.headings] == [(2, "一、"), (4, "二、")]
    assert [doc.location(h.start)[0] for h in doc.headings] == [5, 7]
    assert not [x for x in diags if x.code in ("FZ111", "FZ506")]


def test_a_toc_field_never_closed_does_not_swallow_the_report():
    d = docx.Document()
    d.add_paragraph("某局2023年法治政府建设情况报告")
    append_xml(d, toc_field()[0])  # begin, no end
    d.add_paragraph("一、主要举措和成效")
    d.add_paragraph("全年完成各项任务，，成效明显。")
    doc, diags = lint_docx(save(d))
    assert doc.text.split("\n")[1:] == ["一、主要举措和成效", "全年完成各项任务，，成效明显。"]
    assert ("FZ505", 4, 9) in {(x.code, x.line, x.column) for x in diags}


# ---- files that are not a readable .docx ----------------------------------------------------------
def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, content in members.items():
            z.writestr(name, content)
    return buf.getvalue()


def _without(data: bytes, name: str, replacement: bytes | None = None) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    if replacement is None:
        del members[name]
    else:
        members[name] = replacement
    return _zip(members)


GOOD = save(docx.Document())


def _alt_chunk() -> bytes:
    """An "export to Word" file: the body only embeds a web page that Word converts on opening."""
    d = docx.Document()
    d.element.body.insert(0, parse_xml(f'<w:altChunk {W} xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
                                       '2006/relationships" r:id="rIdHtml"/>'))
    return save(d)


def _strict() -> bytes:
    """Word's "Strict Open XML Document": the same parts under other namespaces."""
    with zipfile.ZipFile(io.BytesIO(GOOD)) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    for old, new in ((b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                      b"http://purl.oclc.org/ooxml/wordprocessingml/main"),
                     (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                      b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")):
        members = {name: content.replace(old, new) for name, content in members.items()}
    return _zip(members)


BROKEN = [
    (_zip({"photos/a.jpg": b"\xff\xd8" + b"0" * 100}), "不是 Word 文档：是普通的 zip 压缩包（只改了扩展名）"),
    (_zip({"[Content_Types].xml": b"<Types/>", "docProps/app.xml": b"<x/>"}), "压缩包里没有 Word 正文（word/document.xml）"),
    (_without(GOOD, "[Content_Types].xml"), "压缩包中缺少 [Content_Types].xml"),
    (_without(GOOD, "word/styles.xml", b"<w:styles><oops"), "其中的 word/styles.xml 不是完整的 XML（第 1 行有误）"),
    (_without(GOOD, "word/document.xml", f'<?xml version="1.0"?>\n<w:document {W}>\n<w:body><w:p>'.encode()),
     "其中的 word/document.xml 不是完整的 XML（第 3 行有误）"),
    (_alt_chunk(), "正文是嵌入的网页内容（altChunk）"),
    (_strict(), "是“Strict Open XML”格式的 .docx"),
]
BROKEN_IDS = ["plain-zip", "no-document", "no-content-types", "bad-styles", "bad-document", "alt-chunk", "strict"]


@pytest.mark.parametrize(("data", "fragment"), BROKEN, ids=BROKEN_IDS)
def test_a_broken_package_says_what_is_wrong(data, fragment):
    with pytest.raises(InputError) as err:
        load_bytes(data, "坏.docx")
    msg = str(err.value)
    assert msg.startswith("坏.docx: ") and fragment in msg and "\n" not in msg
    assert "Error" not in msg  # no Python exception names for a drafter


def test_a_signature_laid_out_as_a_table_row_is_the_signature():
    """Unit and date side by side in a borderless table: read as one row, "某局，2024年1月20日"
    was no signature at all (FZ105 on a report that has one)."""
    d = docx.Document()
    for text in ("某局2023年法治政府建设情况报告", "一、主要举措和成效", "全年完成各项任务，群众满意度持续提升。"):
        d.add_paragraph(text)
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "某局"
    t.cell(0, 1).text = "二〇二四年一月二十日"
    doc, diags = lint_docx(save(d))
    assert doc.signature is not None and str(doc.signature.date) == "2024-01-20"
    assert doc.location(doc.signature.date_span.start) == (5, 1)
    assert not [x for x in diags if x.code == "FZ105"]


def test_a_report_saved_from_a_web_page_in_a_layout_table_is_read_as_paragraphs():
    """Saved from a government website, the whole report sits in a one-column layout table;
    read as one table row it was one line: no title, no headings, every part "missing"."""
    d = docx.Document()
    d.add_paragraph("当前位置：首页 > 政务公开")
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "某局2023年法治政府建设情况报告"
    for text in ("一、主要举措和成效", "全年受理行政复议案件共20件，其中维持15件、撤销3件、确认违法1件。",
                 "二、存在的不足和原因", "一是人员不足，原因是编制有限。",
                 "三、党政主要负责人履行推进法治建设第一责任人职责情况",
                 "主要负责人带头学法，年终述法，“四个亲自”落实到位，重大决策合法性审查全覆盖。",
                 "四、2024年推进法治政府建设的主要安排", "继续推进依法行政。", "某局", "2024年1月20日"):
        cell.add_paragraph(text)
    doc, diags = lint_docx(save(d))
    assert doc.title is not None and doc.title.text == "某局2023年法治政府建设情况报告"
    assert [(h.line, h.marker) for h in doc.headings] == [(3, "一、"), (5, "二、"), (7, "三、"), (9, "四、")]
    assert doc.signature is not None and str(doc.signature.date) == "2024-01-20"
    found = {(x.code, x.line, x.column) for x in diags}
    assert {("FZ502", 1, 1), ("FZ201", 4, 12)} <= found  # the web page's breadcrumb; the planted sum
    assert not [x for x in diags if x.code.startswith("FZ1")]  # title, parts, signature: all there


def test_broken_packages_in_a_batch_are_one_line_each_and_the_report_is_still_linted(tmp_path):
    paths = []
    for name, (data, _) in zip(BROKEN_IDS, BROKEN, strict=True):
        f = tmp_path / f"{name}.docx"
        f.write_bytes(data)
        paths.append(str(f))
    good = tmp_path / "报告.docx"
    good.write_bytes(REPORT)
    r = run_fzlint("check", *paths, str(good), "--select", "FZ505", "--format", "concise")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    errors = r.stderr.splitlines()
    assert len(errors) == len(BROKEN)
    for line, name, (_, fragment) in zip(errors, BROKEN_IDS, BROKEN, strict=True):
        assert line.startswith(f"fzlint: {tmp_path / name}.docx: ") and fragment in line
    assert r.stdout.splitlines() == [f"{good}:{Where.tracked}:16: FZ505 重复的标点：，，",
                                     f"{good}:{Where.link}:27: FZ505 重复的标点：，，"]


def test_a_document_number_above_the_title_is_not_part_of_it():
    d = docx.Document()
    for text in ("津滨司〔2024〕3号", "", "滨海新区司法局关于2023年度法治政府建设情况的报告", "", "区委依法治区办：",
                 "2023年，我局坚持以习近平新时代中国特色社会主义思想为指导，现将有关情况报告如下：",
                 "一、主要举措和成效", "全年完成各项任务。"):
        d.add_paragraph(text)
    doc, _ = lint_docx(save(d))
    assert doc.title is not None and doc.title.text == "滨海新区司法局关于2023年度法治政府建设情况的报告"
    assert doc.title_lines == (3,) and doc.year == 2023


def test_heading_styles_numbered_through_the_levels_pstyle():
    """Word's multi-level list linked to heading styles: the styles name only the list
    (no level); each level names its style (w:pStyle).  Read as level 0, （一） was 二、."""
    d = docx.Document()
    numbering = d.part.numbering_part.element
    levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:pStyle w:val="{style}"/>'
                     f'<w:lvlText w:val="{text}"/></w:lvl>'
                     for i, ((fmt, text), style) in enumerate(zip(LEVELS[:2], ("Heading1", "Heading2"), strict=True)))
    abstract = parse_xml(f'<w:abstractNum {W} w:abstractNumId="80">{levels}</w:abstractNum>')
    first = numbering.find(qn("w:num"))
    if first is not None:
        first.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {W} w:numId="80"><w:abstractNumId w:val="80"/></w:num>'))
    for name in ("Heading 1", "Heading 2"):
        d.styles[name].element.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}><w:numId w:val="80"/></w:numPr>'))
    d.add_paragraph("某局2023年法治政府建设情况报告")
    for text, style in (("主要举措和成效", "Heading 1"), ("强化组织领导", "Heading 2"), ("全年召开会议4次。", None),
                        ("推进依法行政", "Heading 2"), ("存在的不足和原因", "Heading 1")):
        d.add_paragraph(text, style=style)
    doc, diags = lint_docx(save(d))
    assert doc.text.split("\n")[1:] == ["一、主要举措和成效", "（一）强化组织领导", "全年召开会议4次。", "（二）推进依法行政",
                                        "二、存在的不足和原因"]
    assert not [x for x in diags if x.code in ("FZ111", "FZ112")]


# ---- a table of figures: 合计 | 其中：… columns -------------------------------------------------
def statistics_table(rows) -> bytes:
    d = docx.Document()
    for text in ("某局2023年法治政府建设情况报告", "一、主要举措和成效", "信访工作情况见下表。"):
        d.add_paragraph(text)
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    return save(d)


def test_a_total_column_and_its_parts_are_compared_row_by_row():
    """Header 合计（件）| 其中：来信 | 来访 | 网上信访: each row is read as the sentence a
    drafter would type, so FZ201 compares the row's total with its parts.  The figures stay
    in their cells: 335 is paragraph 11 (3 intro + 6 header cells + 信访事项), character 1."""
    doc, diags = lint_docx(statistics_table([
        ("项目", "合计（件）", "其中：来信", "来访", "网上信访", "备注"),
        ("信访事项", "335", "269", "57", "4", "均已登记"),
        ("办结", "330", "265", "56", "9", ""),
    ]))
    assert doc.text.split("\n")[3:] == [
        "项目，合计（件），其中：来信，来访，网上信访，备注",
        "信访事项合计335件，其中来信269件、来访57件、网上信访4件，均已登记",
        "办结合计330件，其中来信265件、来访56件、网上信访9件",
    ]
    fz2 = [(x.code, x.line, x.column, x.message) for x in diags if x.code.startswith("FZ2")]
    assert fz2 == [("FZ201", 11, 1, "其中各项合计330件（269+57+4），与总数335件不符（相差5件）")]
    assert doc.location(doc.text.index("269件")) == (12, 1)


@pytest.mark.parametrize("rows", [
    [("指标", "2022年", "2023年", "同比增长"), ("行政复议案件", "15件", "20件", "33.3%")],  # no 合计
    [("项目", "合计", "来信", "来访"), ("信访", "335件", "269件", "57件")],  # no 其中: not said to be its parts
    [("项目", "合计", "其中：来信", "来访"), ("信访", "共335件", "269件", "57件")],  # not a bare figure
    [("项目", "合计", "其中：来信", "备注"), ("信访", "335件", "269件", "无")],  # one part only
])
def test_other_tables_of_figures_are_read_cell_by_cell(rows):
    doc, diags = lint_docx(statistics_table(rows))
    assert doc.text.split("\n")[3:] == ["，".join(row) for row in rows]
    assert not [x for x in diags if x.code.startswith("FZ2")]


def test_a_heading_wrapped_by_hand_stays_one_heading():
    """Shift+Enter inside a long heading (typed number, or a heading style without one):
    the second half must not become a heading of its own, nor the text of the first."""
    d = docx.Document()
    d.add_paragraph("某局2023年法治政府建设情况报告")
    p = d.add_paragraph("一、2023年推进法治政府建设的")
    p.add_run().add_break()
    p.add_run("主要举措和成效")
    d.add_paragraph("全年完成各项任务，群众满意度持续提升。")
    p = d.add_paragraph("党政主要负责人履行推进法治建设", style="Heading 1")
    p.add_run().add_break()
    p.add_run("第一责任人职责情况")
    d.add_paragraph("主要负责人带头学法，年终述法。")
    doc, _ = lint_docx(save(d))
    assert [(h.line, h.marker, h.text) for h in doc.headings] == [
        (2, "一、", "2023年推进法治政府建设的主要举措和成效"), (4, "", "党政主要负责人履行推进法治建设第一责任人职责情况")]
    assert doc.location(doc.text.index("主要举措")) == (2, 18)  # 16 typed characters, the break, then 主


def test_a_header_over_two_rows_lines_up_with_the_figures():
    """项目 merged down over two header rows, 信访情况（件） across four columns, then
    合计 | 其中：来信 | 来访 | 网上信访: the plan is read by grid column from the second row."""
    d = docx.Document()
    for text in ("某局2023年法治政府建设情况报告", "一、主要举措和成效", "信访工作情况见下表。"):
        d.add_paragraph(text)
    t = d.add_table(rows=4, cols=5)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "项目"  # 4
    t.cell(0, 1).merge(t.cell(0, 4)).text = "信访情况（件）"  # 5
    for c, text in enumerate(("合计", "其中：来信", "来访", "网上信访"), start=1):  # 6–9 (项目 continues: no paragraph)
        t.cell(1, c).text = text
    for r, row in enumerate((("信访事项", "335件", "269件", "57件", "4件"), ("办结", "330件", "265件", "56件", "9件")),
                            start=2):  # 10–14, 15–19
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    doc, diags = lint_docx(save(d))
    assert doc.text.split("\n")[5:] == ["信访事项合计335件，其中来信269件、来访57件、网上信访4件",
                                        "办结合计330件，其中来信265件、来访56件、网上信访9件"]
    assert [(x.code, x.line, x.column) for x in diags if x.code.startswith("FZ2")] == [("FZ201", 11, 1)]


@pytest.mark.parametrize("name", ["报告.docm", "报告.dotx", "报告.wps", "报告.DOCX"])
def test_other_word_names_are_read_as_word(name):
    doc, diags = lint_docx(REPORT, name)
    assert doc.unit == "paragraph" and ("FZ505", Where.tracked, 16) in {(x.code, x.line, x.column) for x in diags}


def test_an_old_binary_wps_file_gets_one_line():
    with pytest.raises(InputError, match=r"^报告\.wps: 是旧版 Word/WPS 二进制格式"):
        load_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "报告.wps")
