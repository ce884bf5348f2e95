"""Word (.docx) input: paragraphs, tables, heading styles, automatic numbering, locations,
refusing --fix/--diff, and one clear line for every file that is not a readable .docx."""

from __future__ import annotations

import io
import json
import re
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from fzlint.engine import lint_document
from fzlint.errors import InputError
from fzlint.inputs.readers import load_bytes
from fzlint.inputs.word_numbering import format_number
from fzlint.packs.config import Settings
from fzlint.parse import parse

from ..builders import (
    TABLE_INTRO,
    TABLE_ROWS,
    add_numbering,
    auto_numbered_docx,
    heading_style_docx,
    plain_docx,
    save,
    set_numbering,
    table_docx,
)
from ..conftest import SEEDS, fzlint_here, lint, run_fzlint, seed, seed_text


def lint_docx(data: bytes, name: str = "报告.docx"):
    loaded = load_bytes(data, name)
    settings = Settings()
    return loaded, lint_document(loaded.doc, settings.ruleset(), settings)[0]


def located(diags) -> list[tuple]:
    """What a drafter sees of each finding: code, message and where it is."""
    return [(d.code, d.message, d.line, d.column, d.end_line, d.end_column) for d in diags]


def as_paragraphs(diags) -> list[tuple]:
    """``located`` of .txt findings as a .docx of one paragraph a line shows them: a message that
    names other lines (第 19、21 行) names those paragraphs (第 19、21 段)."""
    return [(code, re.sub(r"第 ([\d、]+) 行", r"第 \1 段", message), *where) for code, message, *where in located(diags)]


# ---- findings on a seed's .docx are its .txt findings, line N ↔ paragraph N -------------------
@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_plain_paragraphs_give_the_txt_findings(path):
    text = path.read_text(encoding="utf-8")
    loaded, diags = lint_docx(plain_docx(text), path.stem + ".docx")
    assert loaded.doc.text == text  # one paragraph per line
    expected = lint(text, path=path.stem + ".docx")
    assert located(diags) == as_paragraphs(expected)
    assert all(d.unit == "paragraph" and d.fix is None for d in diags)  # fixes cannot be written to a .docx


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_heading_styles_give_the_txt_findings_and_tree(path):
    text = path.read_text(encoding="utf-8")
    loaded, diags = lint_docx(heading_style_docx(text))
    txt_doc = parse(text)
    assert [(h.line, h.rank) for h in loaded.doc.headings] == [(h.line, h.rank) for h in txt_doc.headings]
    assert loaded.doc.title_lines == txt_doc.title_lines
    assert located(diags) == as_paragraphs(lint(text, path="报告.docx"))


def test_title_styled_as_heading_1_stays_the_title():
    # The title as "Heading 1" and the sections one level down: markup levels are relative.
    text = seed_text("001")
    data = heading_style_docx(text, ("Heading 1", "Heading 2", "Heading 3", "Heading 4"), title_style="Heading 1",
                              shift=1)
    loaded, _ = lint_docx(data)
    txt_doc = parse(text)
    assert loaded.doc.title is not None and loaded.doc.title.text == txt_doc.title.text
    assert [(h.line, h.rank) for h in loaded.doc.headings] == [(h.line, h.rank) for h in txt_doc.headings]


def test_wps_chinese_heading_style_names_mark_unnumbered_headings():
    text = "\n".join([
        "某区司法局2023年法治政府建设情况报告",
        "主要举措和成效",
        "全年共开展执法检查一百余次，办理行政复议案件十二件，全部依法按期办结。",
        "存在的不足和原因",
        "一是法治宣传的覆盖面还不够广，主要原因是基层普法力量不足。",
    ])
    d = docx.Document()
    from docx.enum.style import WD_STYLE_TYPE

    d.styles.add_style("标题 1", WD_STYLE_TYPE.PARAGRAPH)  # WPS's name; no outline level in it
    for i, line in enumerate(text.split("\n"), start=1):
        p = d.add_paragraph(line)
        if i in (2, 4):
            p.style = d.styles["标题 1"]
    loaded, _ = lint_docx(save(d))
    heads = [(h.line, h.rank, h.style, h.text) for h in loaded.doc.headings]
    assert heads == [(2, 1, "markup", "主要举措和成效"), (4, 1, "markup", "存在的不足和原因")]
    assert parse(text).headings == []  # the same text as .txt has no headings at all


def test_a_long_paragraph_in_a_heading_style_is_still_body_text():
    d = docx.Document()
    d.add_paragraph("某局2023年法治政府建设情况报告")
    d.add_paragraph("主要举措和成效").style = d.styles["Heading 1"]
    d.add_paragraph("全年共开展执法检查一百余次。办理行政复议案件十二件，全部依法按期办结。").style = d.styles["Heading 2"]
    d.add_paragraph("强化监督").style = d.styles["Heading 2"]
    d.add_paragraph("全年共开展执法检查一百余次，办理行政复议案件十二件，全部依法按期办结。")
    loaded, _ = lint_docx(save(d))
    assert [(h.line, h.rank, h.text) for h in loaded.doc.headings] == [(2, 1, "主要举措和成效"), (4, 2, "强化监督")]


def test_outline_level_on_the_paragraph_marks_a_heading():
    d = docx.Document()
    d.add_paragraph("某局2023年法治政府建设情况报告")
    p = d.add_paragraph("工作亮点")
    p._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))
    d.add_paragraph("全年共开展执法检查一百余次，办理行政复议案件十二件，全部依法按期办结。")
    loaded, _ = lint_docx(save(d))
    assert [(h.line, h.style) for h in loaded.doc.headings] == [(2, "markup")]


# ---- automatic numbering ---------------------------------------------------------------------
@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_automatic_numbering_is_rebuilt_as_visible_text(path):
    text = path.read_text(encoding="utf-8")
    built = auto_numbered_docx(text)
    txt_doc = parse(text)
    if path.name.startswith("001"):  # numbered regularly throughout: every marker becomes automatic
        assert built.converted == [h.line for h in txt_doc.headings] and len(built.converted) == 20
    loaded, diags = lint_docx(built.data)
    assert loaded.doc.text == text  # 一、 （一） 1. rebuilt exactly where Word shows them
    assert [(h.line, h.rank, h.number) for h in loaded.doc.headings] == [
        (h.line, h.rank, h.number) for h in txt_doc.headings]
    # Findings match, except that one on a rebuilt number is located at character 1 of its
    # paragraph (the number is not part of the paragraph's characters in Word).
    assert [(d.code, d.message, d.line) for d in diags] == [
        (code, message, line) for code, message, line, *_ in as_paragraphs(lint(text, path="报告.docx"))]


def test_rebuilt_number_is_at_character_1_and_text_columns_are_the_paragraphs():
    d = docx.Document()
    num = add_numbering(d)
    d.add_paragraph("某局2023年法治政府建设情况报告")
    p = d.add_paragraph("主要举措和成效")
    set_numbering(p, num, 0)
    d.add_paragraph("正文[bookmark: _GoBack]内容，全年完成各项任务。")
    loaded, diags = lint_docx(save(d))
    assert loaded.doc.lines[1].text == "一、主要举措和成效"
    h = loaded.doc.headings[0]
    assert (h.marker, h.number, h.rank) == ("一、", 1, 1)
    assert loaded.doc.location(h.start) == (2, 1)  # the number
    assert loaded.doc.location(h.text_start) == (2, 1)  # the first character typed
    assert loaded.doc.location(h.text_start + 2) == (2, 3)
    residue = next(x for x in diags if x.code == "FZ501")
    assert (residue.line, residue.column, residue.end_line, residue.end_column) == (3, 3, 3, 22)


def test_numbering_restarts_continues_and_start_override():
    d = docx.Document()
    num = add_numbering(d)
    again = add_numbering(d, start_override={0: 5}, num_id=91)  # same list, restarted at 五
    for text, level, nid in [("甲", 0, num), ("乙", 1, num), ("丙", 1, num), ("丁", 0, num), ("戊", 1, num),
                             ("己", 2, num), ("庚", 0, again), ("辛", 1, again)]:
        set_numbering(d.add_paragraph(text), nid, level)
    loaded, _ = lint_docx(save(d))
    assert loaded.doc.text.split("\n") == ["一、甲", "（一）乙", "（二）丙", "二、丁", "（一）戊", "1.己", "五、庚", "（一）辛"]


def test_malformed_numbering_values_are_tolerated():
    d = docx.Document()
    num = add_numbering(d, levels=(("chineseCounting", "%1、"),))
    abstract = d.part.numbering_part.element.findall(qn("w:abstractNum"))[-1]
    abstract.find(qn("w:lvl")).find(qn("w:start")).set(qn("w:val"), "x")
    set_numbering(d.add_paragraph("主要举措和成效"), num, 0)
    p = d.add_paragraph("存在的不足和原因")
    set_numbering(p, num, 0)
    p._p.pPr.numPr.ilvl.set(qn("w:val"), "?")  # read as level 0
    loaded, _ = lint_docx(save(d))
    assert loaded.doc.text == "一、主要举措和成效\n二、存在的不足和原因"


def test_bullets_and_numbering_switched_off_add_nothing():
    d = docx.Document()
    num = add_numbering(d, levels=(("bullet", "•"),))
    set_numbering(d.add_paragraph("要点"), num, 0)
    set_numbering(d.add_paragraph("不编号"), "0", 0)
    loaded, _ = lint_docx(save(d))
    assert loaded.doc.text == "要点\n不编号"


@pytest.mark.parametrize(("n", "fmt", "shown"), [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCounting", "十二"),
    (21, "chineseCountingThousand", "二十一"), (105, "chineseCounting", "一百零五"),
    (110, "chineseCounting", "一百一十"), (3, "decimalEnclosedCircle", "③"), (2, "decimalEnclosedParen", "⑵"),
    (7, "decimalFullWidth", "７"), (3, "ideographTraditional", "丙"), (4, "chineseLegalSimplified", "肆"),
    (28, "upperLetter", "BB"), (4, "lowerRoman", "iv"), (5, "decimalZero", "05"), (9, "ordinalText", "9"),
])
def test_number_formats(n, fmt, shown):
    assert format_number(n, fmt) == shown


# ---- tables ------------------------------------------------------------------------------------
def test_table_rows_reach_the_document_with_total_and_parts():
    loaded, _ = lint_docx(table_docx())
    doc = loaded.doc
    lines = doc.text.split("\n")
    assert lines[:3] == list(TABLE_INTRO)
    assert lines[3:6] == ["工作事项，完成情况",
                          "信访工作，受理群众反映信访事项共335件，其中来信269件、来访57件、网上信访4件。",
                          "其中：来信，269件"]
    assert lines[6] == "二、存在的不足和原因"
    # The total sentence is one sentence of the Document, as the numbers pack reads them.
    sentences = [doc.text[a:b] for a, b in doc.sentences()]
    assert "信访工作，受理群众反映信访事项共335件，其中来信269件、来访57件、网上信访4件。" in sentences
    # Paragraphs are counted through the table: 3 intro, then 2 per row (one per cell).
    total = doc.text.index("335件")
    assert doc.location(total) == (7, TABLE_ROWS[1][1].index("335") + 1)
    assert doc.location(doc.text.index("信访工作")) == (6, 1)
    assert doc.location(doc.text.index("二、存在")) == (10, 1)
    # The section's heading tree still sees the table inside 一、 and the next part after it.
    assert [h.marker for h in doc.top] == ["一、", "二、"]
    assert doc.top[0].start < total < doc.top[0].end


def test_table_sum_mismatch_is_found():
    """The table's total (335) and parts (269 + 57 + 4 = 330) are reported, located in the
    table cell's own paragraph: paragraph 7 (intro 1–3, header row cells 4–5, second row 6–7)."""
    _, diags = lint_docx(table_docx())
    cell = TABLE_ROWS[1][1]
    hits = [d for d in diags if d.code == "FZ201" and d.line == 7 and d.unit == "paragraph"]
    assert hits, located(diags)
    assert all(1 <= d.column <= len(cell) for d in hits)  # columns are characters of the cell's paragraph
    r = fzlint_here("check", "-", "--stdin-filename", "表格.docx", "--select", "FZ2", "--format", "concise",
                   input=table_docx())
    assert r.returncode == 1 and "表格.docx:7:12: FZ201 其中各项合计330件（269+57+4），与总数335件不符（相差5件）" in r.stdout


def test_table_rows_are_never_headings():
    # A header row is short and unpunctuated: as plain text it would pass for a heading that
    # lost its number among the numbered 1. 2. of its section.
    d = docx.Document()
    for line in ("某局2023年法治政府建设情况报告", "一、主要举措和成效", "1.加强组织领导",
                 "全年召开专题会议四次，研究部署法治政府建设重点任务，压实各方责任。"):
        d.add_paragraph(line)
    t = d.add_table(rows=3, cols=2)
    rows = (("工作事项", "完成情况"), ("学法", "全年组织集体学法十二次，覆盖全体干部职工"), ("2.强化制度建设", "已完成"))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    d.add_paragraph("3.严格规范执法")
    d.add_paragraph("全年开展执法检查一百余次，办理行政处罚案件四十一起，全部依法办结。")
    loaded, _ = lint_docx(save(d))
    assert [(h.line, h.marker) for h in loaded.doc.headings] == [(2, "一、"), (3, "1."), (8, "3.")]
    txt = parse(loaded.doc.text)  # the same text without the markup: the rows pass for headings
    assert {(h.line, h.style) for h in txt.headings} >= {(5, "bare"), (7, "arabic")}


def table_then_sections() -> bytes:
    """The table document with two more sections after the table; the last repeats 二、."""
    return table_docx(("二、存在的不足和原因", "一是人员不足，由于编制所限。", "二、2024年工作安排", "继续推进。"))


def test_a_message_naming_another_heading_gives_its_paragraph_number():
    """Paragraphs 4–9 are the table's cells (three rows, one line each), so the first 二、 is
    line 7 of the text but paragraph 10 of the document, and the message must say 10."""
    loaded, diags = lint_docx(table_then_sections())
    assert loaded.doc.text.split("\n")[6] == "二、存在的不足和原因"
    assert [(d.code, d.line, d.message) for d in diags if d.code == "FZ111"] == [
        ("FZ111", 12, "标题序号重复：“二、”与第 10 段的“二、”相同，应为“三、”")]


def test_outline_of_a_docx_numbers_paragraphs():
    data = table_then_sections()
    r = fzlint_here("outline", "-", "--stdin-filename", "报告.docx", "--format", "json", input=data)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["location_unit"] == "paragraph"
    assert [(h["line"], h["marker"]) for h in out["headings"]] == [(2, "一、"), (10, "二、"), (12, "二、")]
    assert {p["id"]: [c["line"] for c in p["covered_by"]] for p in out["parts"]}["shortcomings"] == [10]
    text = fzlint_here("outline", "-", "--stdin-filename", "报告.docx", input=data).stdout
    assert "标题：某街道2023年度法治政府建设情况报告（第 1 段）" in text
    assert "   10  二、存在的不足和原因    → 存在的不足和原因（100）" in text
    assert "✓ 存在的不足和原因：第 10 段 一级标题“存在的不足和原因”（100）" in text


def test_merged_cells_are_read_once():
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "合并的单元格"
    t.cell(0, 2).merge(t.cell(1, 2)).text = "右"  # vertical: the second row's last cell continues it
    t.cell(1, 0).text = "左二"
    t.cell(1, 1).text = "中二"
    loaded, _ = lint_docx(save(d))
    assert loaded.doc.text.split("\n") == ["合并的单元格，右", "左二，中二"]


# ---- what is and is not text -------------------------------------------------------------------
def _run_xml(p, xml: str) -> None:
    p._p.append(parse_xml(xml))


def test_manual_line_break_splits_the_line_but_not_the_paragraph():
    d = docx.Document()
    d.add_paragraph("某街道2023年度法治政府建设情况报告")
    d.add_paragraph("一、主要举措和成效")
    d.add_paragraph("全年完成各项任务，取得明显成效，群众满意度持续提升。")
    p = d.add_paragraph()
    p.add_run("某街道办事处")
    p.add_run().add_break()
    p.add_run("2024年1月20日")
    loaded, _ = lint_docx(save(d))
    doc = loaded.doc
    assert doc.lines[3].text == "某街道办事处" and doc.lines[4].text == "2024年1月20日"
    assert doc.signature is not None and str(doc.signature.date) == "2024-01-20"
    assert doc.location(doc.signature.date_span.start) == (4, 8)  # 6 characters, the break, then the date


def test_hidden_deleted_fields_tables_of_contents_headers_are_not_text():
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "当前位置:首页> 政务公开"
    d.sections[0].footer.paragraphs[0].text = "字号:"
    toc = d.add_paragraph("一、主要举措和成效\t3")
    toc.style = d.styles.add_style("TOC 1", 1) if "TOC 1" not in [s.name for s in d.styles] else d.styles["TOC 1"]
    p = d.add_paragraph()
    p.add_run("正文")
    hidden = p.add_run("隐藏文字")
    hidden.font.hidden = True
    w = nsdecls("w")
    _run_xml(p, f'<w:del {w} w:id="1" w:author="a"><w:r><w:delText>删除的字</w:delText></w:r></w:del>')
    _run_xml(p, f'<w:ins {w} w:id="2" w:author="a"><w:r><w:t>插入的字</w:t></w:r></w:ins>')
    _run_xml(p, f'<w:r {w}><w:fldChar w:fldCharType="begin"/></w:r>')
    _run_xml(p, f'<w:r {w}><w:instrText> PAGE </w:instrText></w:r>')
    _run_xml(p, f'<w:r {w}><w:fldChar w:fldCharType="separate"/></w:r>')
    _run_xml(p, f'<w:r {w}><w:t>域结果</w:t></w:r>')
    _run_xml(p, f'<w:r {w}><w:fldChar w:fldCharType="end"/></w:r>')
    _run_xml(p, f'<w:hyperlink {w}><w:r><w:t>链接文字</w:t></w:r></w:hyperlink>')
    d.add_paragraph("结尾")
    loaded, diags = lint_docx(save(d))
    assert loaded.doc.text == "正文插入的字域结果链接文字\n结尾"
    assert loaded.doc.location(loaded.doc.text.index("结尾")) == (3, 1)  # the TOC paragraph is counted
    assert not [x for x in diags if x.code == "FZ502"]  # header/footer text is not linted


def test_empty_document_is_linted_not_refused():
    loaded, _ = lint_docx(save(docx.Document()))
    assert loaded.doc.text == ""


# ---- the command line --------------------------------------------------------------------------
@pytest.fixture
def seed004_docx(tmp_path):
    f = tmp_path / "大港街报告.docx"
    f.write_bytes(plain_docx(seed_text("004")))
    return f


def test_full_format_shows_paragraph_and_underlined_text(seed004_docx):
    r = fzlint_here("check", str(seed004_docx), "--select", "FZ501")
    lines = r.stdout.splitlines()
    assert r.returncode == 1
    assert lines[0] == str(seed004_docx)
    assert "段落 50 第 1 字" in lines[1] and "FZ501" in lines[1] and "可自动修复" not in lines[1]
    assert lines[2].endswith("│ [bookmark: _GoBack]三、2021年推进法治政府建设的主要安排")
    assert lines[3].split("│ ")[1] == "^" * len("[bookmark: _GoBack]")
    assert lines[-1].startswith("检查了 1 个文件，发现 1 个问题") and "--fix" not in lines[-1]


def test_json_says_the_location_unit(seed004_docx):
    r = fzlint_here("check", str(seed004_docx), "--select", "FZ501", "--format", "json")
    [item] = json.loads(r.stdout)
    assert item["location_unit"] == "paragraph"
    assert (item["line"], item["column"], item["end_line"], item["end_column"]) == (50, 1, 50, 20)
    assert item["fix"] is None


def test_concise_and_sarif_use_paragraph_numbers(seed004_docx):
    r = fzlint_here("check", str(seed004_docx), "--select", "FZ501", "--format", "concise")
    assert r.stdout == f"{seed004_docx}:50:1: FZ501 Word 转换残留：[bookmark: _GoBack]\n"
    r = fzlint_here("check", str(seed004_docx), "--select", "FZ501", "--format", "sarif")
    res = json.loads(r.stdout)["runs"][0]["results"][0]
    assert res["properties"] == {"locationUnit": "paragraph"}


@pytest.mark.parametrize("flag", ["--fix", "--diff"])
def test_fix_and_diff_are_refused_with_a_clear_line(seed004_docx, flag):
    before = seed004_docx.read_bytes()
    r = run_fzlint("check", str(seed004_docx), flag)
    assert r.returncode == 2
    assert r.stderr.splitlines()[0] == (
        f"fzlint: {seed004_docx}: Word 文档（.docx）不能使用 --fix 或 --diff：写回会破坏文档的排版和格式。"
        "请去掉 --fix/--diff 查看问题，在 Word 或 WPS 中按提示修改"
    )
    assert seed004_docx.read_bytes() == before


def test_stdin_with_a_docx_name():
    r = run_fzlint("check", "-", "--stdin-filename", "报告.docx", "--select", "FZ501", "--format", "concise",
                   input=plain_docx(seed_text("004")))
    assert r.returncode == 1 and r.stdout == "报告.docx:50:1: FZ501 Word 转换残留：[bookmark: _GoBack]\n"


def test_directory_walk_reads_docx_and_md_and_skips_word_lock_files(tmp_path):
    (tmp_path / "a.docx").write_bytes(plain_docx(seed_text("004")))
    (tmp_path / "b.md").write_text(seed_text("004"), encoding="utf-8")
    (tmp_path / "c.txt").write_text(seed_text("004"), encoding="utf-8")
    (tmp_path / "~$a.docx").write_bytes(b"\x05owner\x00" * 20)  # Word's lock file while a.docx is open
    (tmp_path / "d.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    r = fzlint_here("check", str(tmp_path), "--select", "FZ501", "--format", "concise")
    assert r.returncode == 1, r.stderr
    assert r.stdout.splitlines() == [
        f"{tmp_path / 'a.docx'}:50:1: FZ501 Word 转换残留：[bookmark: _GoBack]",
        f"{tmp_path / 'b.md'}:50:1: FZ501 Word 转换残留：[bookmark: _GoBack]",
        f"{tmp_path / 'c.txt'}:50:1: FZ501 Word 转换残留：[bookmark: _GoBack]",
    ]


# ---- files that are not a readable .docx -----------------------------------------------------
def _encrypted(data: bytes) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("密码123", out)
    return out.getvalue()


def _crc_broken(data: bytes) -> bytes:
    """Flip a byte inside the compressed document.xml: the zip opens, the CRC fails."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    broken = bytearray(data)
    broken[start + info.compress_size // 2] ^= 0xFF
    return bytes(broken)


def _xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, content if info.filename == name else src.read(info))
    return out.getvalue()


GOOD = plain_docx("某局2023年法治政府建设情况报告\n一、主要举措和成效\n全年完成。")
BAD_INPUTS = {
    "not-a-zip.docx": ("某局2023年法治政府建设情况报告".encode(), "不是有效的 Word 文档：.docx 应为 zip 压缩格式"),
    "empty.docx": (b"", "文件为空"),
    "password.docx": (_encrypted(GOOD), "文件设置了打开密码（已加密）"),
    "truncated.docx": (GOOD[: len(GOOD) // 2], "文件已损坏（zip 结构无法读取）"),
    "crc.docx": (_crc_broken(GOOD), "文件已损坏"),
    "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\x00" * 400,
                "是旧版 Word/WPS 二进制格式（.doc/.wps）"),
    "binary.wps": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "是旧版 Word/WPS 二进制格式"),
    "encrypted.txt": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "设置了打开密码"),
    "rtf.doc": (b"{\\rtf1\\ansi hello}", "是 RTF 格式"),
    "web.doc": (b"<html><body>report</body></html>", "是网页或 XML 格式"),
    "sheet.docx": (_xlsx(), "是Excel 表格，不是 Word 文档"),
    "no-body.docx": (GOOD.replace(b"word/document.xml", b"word/documenX.xml"), "文件已损坏或不是 Word 文档"),
    "bad-xml.docx": (_replace_member(GOOD, "word/document.xml", b"<w:document><w:body><w:p>"), "文件已损坏或不是 Word 文档"),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_raises_one_line(name):
    data, fragment = BAD_INPUTS[name]
    with pytest.raises(InputError) as err:
        load_bytes(data, name)
    msg = str(err.value)
    assert msg.startswith(f"{name}: ") and fragment in msg and "\n" not in msg


def test_a_zip_bomb_is_refused_before_it_is_unpacked(monkeypatch):
    """A small .docx whose XML unpacks to gigabytes would take that much memory to parse:
    refused from the sizes in the zip directory (here with the limit lowered to 1 MB)."""
    from fzlint.inputs import word_package

    monkeypatch.setattr(word_package, "MAX_XML_BYTES", 1 << 20)
    with zipfile.ZipFile(io.BytesIO(GOOD)) as z:
        xml = z.read("word/document.xml")
    head, tail = xml.split(b"<w:body>", 1)
    bomb = _replace_member(GOOD, "word/document.xml", head + b"<w:body><!--" + b" " * (2 << 20) + b"-->" + tail)
    assert len(bomb) < 100_000
    with pytest.raises(InputError, match=r"^bomb\.docx: 文件解压后的文字部分超过 1 MB"):
        load_bytes(bomb, "bomb.docx")
    assert "全年完成" in load_bytes(GOOD, "good.docx").doc.text


def test_every_bad_file_is_one_line_exit_2_and_the_others_are_still_linted(tmp_path):
    paths = []
    for name, (data, _) in BAD_INPUTS.items():
        f = tmp_path / name
        f.write_bytes(data)
        paths.append(str(f))
    good = tmp_path / "好的.docx"
    good.write_bytes(plain_docx(seed_text("004")))
    r = run_fzlint("check", *paths, str(good), "--select", "FZ501", "--format", "concise")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    errors = r.stderr.splitlines()
    assert len(errors) == len(BAD_INPUTS)
    for line, (name, (_, fragment)) in zip(errors, BAD_INPUTS.items(), strict=True):
        assert line.startswith(f"fzlint: {tmp_path / name}: ") and fragment in line
    assert r.stdout == f"{good}:50:1: FZ501 Word 转换残留：[bookmark: _GoBack]\n"


def test_a_docx_saved_under_the_old_doc_name_is_read(tmp_path):
    f = tmp_path / "改名的.doc"
    f.write_bytes(plain_docx(seed_text("004")))
    r = fzlint_here("check", str(f), "--select", "FZ501", "--format", "concise")
    assert r.returncode == 1 and r.stdout == f"{f}:50:1: FZ501 Word 转换残留：[bookmark: _GoBack]\n"


def test_seed_findings_on_docx_are_unchanged_by_a_trailing_empty_paragraph():
    text = seed_text("003")
    a = located(lint_docx(plain_docx(text))[1])
    b = located(lint_docx(plain_docx(text + "\n\n"))[1])
    assert a == b and a


def test_txt_reading_is_unchanged():
    assert load_bytes(seed("004").read_bytes(), "x.txt").doc.textmap is None


def test_full_format_after_a_table_shows_the_right_paragraph(tmp_path):
    # After a table, paragraph numbers run ahead of the text's line numbers (two cells per row):
    # the excerpt must still be the paragraph the finding is in.
    d = docx.Document()
    d.add_paragraph("某局2023年法治政府建设情况报告")
    t = d.add_table(rows=2, cols=2)
    for r, row in enumerate((("事项", "情况"), ("学法", "十二次"))):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    d.add_paragraph("一、主要举措和成效")
    d.add_paragraph("全年完成各项任务。[bookmark: _GoBack]")
    f = tmp_path / "表格后.docx"
    f.write_bytes(save(d))
    r = fzlint_here("check", str(f), "--select", "FZ501")
    lines = r.stdout.splitlines()
    assert "段落 7 第 10 字" in lines[1]  # 1 title + 4 cells + 1 heading, then the 7th paragraph
    assert lines[2].endswith("│ 全年完成各项任务。[bookmark: _GoBack]")
    assert lines[3].split("│ ")[1] == " " * 18 + "^" * len("[bookmark: _GoBack]")


def test_a_number_typed_over_automatic_numbering_is_reported():
    """Word shows 一、 from the list and the drafter typed 一、 again: the page reads 一、一、."""
    d = docx.Document()
    num_id = add_numbering(d)
    d.add_paragraph("某街道2023年度法治政府建设情况报告")
    for text in ("一、主要举措和成效", "正文内容。", "存在的不足和原因"):
        p = d.add_paragraph(text)
        if not text.startswith("正文"):
            set_numbering(p, num_id, 0)
    loaded, diags = lint_docx(save(d))
    assert loaded.doc.text.split("\n")[1] == "一、一、主要举措和成效"
    assert [(d.code, d.line, d.column, d.message) for d in diags if d.code == "FZ115"] == [
        ("FZ115", 2, 1, "标题序号重复输入：“一、一、”应为“一、”")]
    assert [h.text for h in loaded.doc.headings] == ["一、主要举措和成效", "存在的不足和原因"]
