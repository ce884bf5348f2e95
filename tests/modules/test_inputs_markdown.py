"""Markdown (.md) input: headings from ``#`` and from numbering, the syntax taken out of the
text the rules see, findings at the file's own line and column, and --fix editing the file."""

from __future__ import annotations

import codecs
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fzlint.engine import lint_document
from fzlint.errors import InputError
from fzlint.inputs.markdown import render
from fzlint.inputs.readers import load_bytes
from fzlint.packs.config import Settings
from fzlint.parse import parse
from fzlint.parse.document import split_lines

from ..builders import markdown_of
from ..conftest import SEEDS, fzlint_here, lint, run_fzlint, seed_text


def lint_md(text: str, name: str = "报告.md"):
    loaded = load_bytes(text.encode("utf-8"), name)
    settings = Settings()
    return loaded, lint_document(loaded.doc, settings.ruleset(), settings)[0]


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_seed_as_markdown_gives_the_txt_findings_at_the_md_columns(path):
    text = path.read_text(encoding="utf-8")
    md = markdown_of(text)
    assert "**" in md.text and "\n## " in md.text  # headings and bold amounts in every seed
    loaded, diags = lint_md(md.text)
    assert loaded.doc.text == md.plain  # the syntax is out of what the rules read
    expected = [
        (d.code, d.message, d.line, md.column(d.line, d.column), d.end_line, md.end_column(d.end_line, d.end_column))
        for d in lint(md.plain, path="报告.md")
    ]
    assert [(d.code, d.message, d.line, d.column, d.end_line, d.end_column) for d in diags] == expected
    if path.name[:3] in ("003", "004"):  # seeds with artifacts: the mapped columns are exercised
        assert {e[0] for e in expected} & {"FZ501", "FZ502"}
    txt_doc = parse(text)
    assert [(h.line, h.rank, h.number) for h in loaded.doc.headings] == [
        (h.line, h.rank, h.number) for h in txt_doc.headings]
    assert loaded.doc.title_lines == txt_doc.title_lines and loaded.doc.year == txt_doc.year


def test_hash_levels_mark_unnumbered_headings():
    md = "\n".join([
        "# 某区司法局2023年法治政府建设情况报告",
        "",
        "## 主要举措和成效",
        "",
        "### 加强学习",
        "",
        "全年组织集体学法十二次，覆盖全体干部职工，学习效果明显。",
        "",
        "## 存在的不足和原因",
        "",
        "一是普法覆盖面不够广，主要原因是基层力量不足。",
    ])
    loaded, diags = lint_md(md)
    doc = loaded.doc
    assert doc.title is not None and doc.title.text == "某区司法局2023年法治政府建设情况报告"
    assert [(h.line, h.rank, h.text) for h in doc.headings] == [
        (3, 1, "主要举措和成效"), (5, 2, "加强学习"), (9, 1, "存在的不足和原因")]
    assert "#" not in doc.text
    # The # markers create no finding: no typography/terminology finding and no numbering
    # finding (unnumbered markup headings without numbered siblings are fine).
    assert [d.code for d in diags if d.code.startswith(("FZ4", "FZ5", "FZ11"))] == []


def test_a_lone_top_heading_the_parser_misses_as_title_is_not_a_section():
    md = "# 某局：2023年法治工作\n## 主要举措和成效\n全年共开展执法检查一百余次，办理行政复议案件十二件，全部依法按期办结。"
    doc = lint_md(md)[0].doc
    assert doc.title is None
    assert [(h.line, h.rank) for h in doc.headings] == [(2, 1)]


def test_hash_level_takes_the_rank_of_the_numbering_written_at_that_level():
    md = "## 一、主要举措和成效\n### 加强学习\n### （二）强化监督\n正文内容较长的一段话，说明所做的工作和成效。\n## 二、存在的不足和原因"
    doc = lint_md("# 某局2023年法治政府建设情况报告\n" + md)[0].doc
    assert [(h.marker, h.rank) for h in doc.headings] == [("一、", 1), ("", 2), ("（二）", 2), ("二、", 1)]


def test_markdown_syntax_is_removed_and_located():
    src = "\n".join([
        "> 引用 **加粗**内容，共**12**件",
        "- 列表项 [链接](http://a.b \"t\") 与 ![图](x.png) 和 `代码*不*` \\*星号\\*",
        "1. 有序项保留",
        "| 类别 | 件数 |",
        "|---|---:|",
        "| 合计 | 335件 |",
        "| 其中： | 来信269件 |",
        "",
        "工作要点",
        "--------",
        "正文<br>换行 <https://x.y> 脚注[^1] [bookmark: _GoBack]三、",
        "```",
        "code **kept**",
        "```",
        "<!-- 注释",
        "多行 -->后文",
        "3*4*5 和 a_b_c",
    ])
    r = render(src)
    text, tm, levels = r.text, r.textmap, r.levels
    assert text.split("\n") == [
        "引用 加粗内容，共12件",
        "列表项 链接 与  和 代码*不* *星号*",
        "1. 有序项保留",
        "类别，件数",
        "",
        "合计，335件",
        "其中：来信269件",
        "",
        "工作要点",
        "",
        "正文换行 https://x.y 脚注 [bookmark: _GoBack]三、",
        "",
        "",  # code is not report text
        "",
        "",
        "后文",
        "345 和 a_b_c",
    ]
    assert levels == {9: 2}  # the setext heading
    src_lines = src.split("\n")
    assert tm.location(text.index("12件")) == (1, src_lines[0].index("12") + 1)
    assert tm.location(text.index("335")) == (6, src_lines[5].index("335") + 1)
    assert tm.location(text.index("星号")) == (2, src_lines[1].index("星号") + 1)


def test_table_rows_are_never_headings():
    md = "\n".join(["# 某局2023年法治政府建设情况报告", "## 一、主要举措和成效", "1.加强组织领导",
                    "全年召开专题会议四次，研究部署法治政府建设重点任务，压实各方责任。",
                    "| 工作事项 | 完成情况 |", "|---|---|", "| 2.强化制度建设 | 已完成 |", "",
                    "3.严格规范执法", "全年开展执法检查一百余次，办理行政处罚案件四十一起，全部依法办结。"])
    doc = lint_md(md)[0].doc
    assert [(h.line, h.marker) for h in doc.headings] == [(2, "一、"), (3, "1."), (9, "3.")]


def test_front_matter_and_headings_without_space():
    r = render("---\ntitle: 报告\n---\n##一、总体情况\n正文")
    assert r.text == "\n\n\n一、总体情况\n正文" and r.levels == {4: 2}


# ---- --fix writes the Markdown file, keeping its syntax, encoding and line endings ------------------
@pytest.mark.parametrize("variant", ["utf-8", "gb18030-crlf", "utf-8-bom"])
def test_fix_edits_the_markdown_file(tmp_path, variant):
    md = markdown_of(seed_text("003")).text
    nl = "\r\n" if variant.endswith("crlf") else "\n"
    removed = {0, 3, 4, 5, 87, 88, 89, 90}  # 0-based: the web boilerplate lines, as in the .txt test
    expected = "".join(ln for i, ln in enumerate(md.replace("\n", nl).splitlines(keepends=True)) if i not in removed)
    enc = "gb18030" if variant.startswith("gb") else "utf-8"
    bom = codecs.BOM_UTF8 if variant.endswith("bom") else b""
    f = tmp_path / "003.md"
    f.write_bytes(bom + md.replace("\n", nl).encode(enc))
    r = fzlint_here("check", str(f), "--fix", "--select", "FZ501,FZ502")
    assert r.returncode == 0, r.stdout + r.stderr
    data = f.read_bytes()
    assert data.startswith(bom)
    assert data[len(bom):].decode(enc) == expected
    assert "已自动修复 8 处" in r.stdout


def test_fix_inside_a_heading_keeps_the_hashes(tmp_path):
    md = markdown_of(seed_text("004")).text
    line50 = md.split("\n")[49]
    assert line50.startswith("## [bookmark: _GoBack]三、")
    f = tmp_path / "004.md"
    f.write_text(md, encoding="utf-8")
    r = fzlint_here("check", str(f), "--diff", "--select", "FZ501")
    assert r.returncode == 1
    assert f"-{line50}\n+## 三、" in r.stdout
    fzlint_here("check", str(f), "--fix", "--select", "FZ501")
    assert f.read_text(encoding="utf-8").split("\n")[49] == "## 三、2021年推进法治政府建设的主要安排"


def test_a_fix_across_markup_is_dropped_not_misapplied(tmp_path):
    md = "# 某局2023年法治政府建设情况报告\n\n正文[bookmark: **_GoBack**]内容。\n"
    _, diags = lint_md(md)
    [d] = [x for x in diags if x.code == "FZ501"]
    assert d.fix is None and (d.line, d.column, d.end_column) == (3, 3, 26)  # the span keeps its **
    f = tmp_path / "x.md"
    f.write_text(md, encoding="utf-8")
    r = fzlint_here("check", str(f), "--fix", "--select", "FZ501")
    assert f.read_text(encoding="utf-8") == md and r.returncode == 1


def test_full_format_shows_the_markdown_line_even_after_a_fix(tmp_path):
    md = "当前位置：首页 > 政务公开\n# 某局2023年法治政府建设情况报告\n\n> 正文[bookmark: **_GoBack**]内容。\n"
    f = tmp_path / "x.md"
    f.write_text(md, encoding="utf-8")
    r = fzlint_here("check", str(f), "--select", "FZ5")
    lines = r.stdout.splitlines()
    assert "4:5" in lines[5] and "FZ501" in lines[5]
    assert lines[6].endswith("│ > 正文[bookmark: **_GoBack**]内容。")
    assert lines[7].split("│ ")[1] == " " * 6 + "^" * len("[bookmark: **_GoBack**]")
    r = fzlint_here("check", str(f), "--select", "FZ5", "--fix")  # the first line goes; the rest moves up
    lines = r.stdout.splitlines()
    assert f.read_text(encoding="utf-8") == md.split("\n", 1)[1]
    assert "3:5" in lines[1] and "FZ501" in lines[1]
    assert lines[2].endswith("│ > 正文[bookmark: **_GoBack**]内容。")


def test_stdin_markdown_fix_prints_the_fixed_markdown():
    md = "# 某局2023年法治政府建设情况报告\n\n## [bookmark: _GoBack]一、主要举措和成效\n\n**全年**完成。\n"
    r = run_fzlint("check", "-", "--stdin-filename", "x.md", "--fix", "--select", "FZ501", input=md.encode())
    assert r.stdout == md.replace("[bookmark: _GoBack]", "")


def test_json_locations_are_the_files(tmp_path):
    import json

    f = tmp_path / "x.md"
    f.write_text("# 某局2023年法治政府建设情况报告\n\n> **说明**：[bookmark: _GoBack]全年完成。\n", encoding="utf-8")
    r = fzlint_here("check", str(f), "--select", "FZ501", "--format", "json")
    [item] = json.loads(r.stdout)
    assert item["location_unit"] == "line"
    assert (item["line"], item["column"], item["end_column"]) == (3, 10, 29)  # after "> **说明**："
    assert item["fix"]["edits"] == [{"content": "", "line": 3, "column": 10, "end_line": 3, "end_column": 29}]


# ---- any text: no crash, one line per line, every kept character maps to itself -------------------

_MD_ALPHABET = st.sampled_from(list("#>*_-+`~|[]()!<>\\:=.1 \t\n\r") + list("一二（）、，。报告共件") + ["**", "```", "<!--", "-->"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_MD_ALPHABET, max_size=60).map("".join))
def test_render_keeps_lines_and_maps_every_character_back(src):
    r = render(src)
    text, tm, levels = r.text, r.textmap, r.levels
    assert len(split_lines(text)) == len(split_lines(src))
    assert all(1 <= line <= src.count("\n") + src.count("\r") + 1 for line in levels)
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    src_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", src)]
    for i, ch in enumerate(text):
        r = tm.source_range(i, i + 1)
        whole_line = i in starts and (i + 1 in starts or i + 1 == len(text))
        if r is not None and not whole_line:
            assert src[r[0]:r[1]] == ch
    # A range of whole lines maps to the same whole lines of the file, markup included.
    for k in range(len(starts) - 1):
        assert tm.source_range(starts[k], starts[k + 1]) == (src_starts[k], src_starts[k + 1])
    if not src.strip():  # an empty or blank file is an input error (one line), not a report
        with pytest.raises(InputError, match="没有可检查的正文"):
            load_bytes(src.encode("utf-8"), "x.md")
        return
    parse_as_md = load_bytes(src.encode("utf-8"), "x.md").doc  # the whole reader never raises either
    assert parse_as_md.text == text
