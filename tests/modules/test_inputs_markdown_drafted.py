"""Markdown as people write reports in it, and what fzlint must make of it.

One report (``REPORT``) holds YAML front matter, a setext title, an HTML comment, ``##``
headings with Chinese numbering and a ``**（一）…**`` bold line used as a heading, bullet and
ordered lists, a pipe table with counts, a blockquote, a fenced code block, links and images
whose URLs hold punctuation, an autolink and a hard line break in the signature.  The tests
pin each planted problem to the .md line and column, check that nothing in the markup is
linted, and that ``--fix`` touches only prose and is idempotent.
"""

from __future__ import annotations

import json

import pytest

from fzlint.engine import lint_document
from fzlint.inputs.readers import load_bytes
from fzlint.packs.config import Settings

from ..conftest import fzlint_here

REPORT = """---
title: 滨海新区司法局2023年法治政府建设情况报告
tags: [法治, 报告,,]
---

滨海新区司法局2023年法治政府建设情况报告
==========================================

<!-- 草稿：数字待核实，，请主任审核 -->

2023年，我局坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，现将有关情况报告如下：

## 一、主要举措和成效

**（一）强化组织领导**

局党组召开专题会议4次，研究部署重点任务。详见[区政府网站](http://www.example.gov.cn/a,,b.html)和![示意图](img/a,,b.png)。

主要做了以下工作：

- 全年审核规范性文件12件，其中合法性审核10件、备案审查1件。
- 办理行政复议案件20件

### （二）推进依法行政

1. 严格执法监督，全年开展执法检查35次。
2. 规范执法行为，全年组织执法培训6次。

| 项目 | 数量 | 说明 |
|------|-----:|------|
| 信访工作 | 受理信访事项共335件，其中来信269件、来访57件、网上信访4件 | 均按期办结 |
| 行政诉讼 | 8件 | |

> 注：以上数据截至2023年12月31日。

```text
执行命令：fzlint check 报告.md，，
```

## 二、存在的不足和原因

一是法治宣传覆盖面不够广，，主要原因是基层普法力量不足。

## 三、党政主要负责人履行推进法治建设第一责任人职责情况

主要负责人带头学法，年终述法，“四个亲自”落实到位，重大决策合法性审查全覆盖。

## 四、2024年推进法治政府建设的主要安排

继续深化依法行政。更多信息见 <https://www.example.gov.cn/x,,y>。

滨海新区司法局\x20\x20
2024年1月20日
"""
LINES = REPORT.split("\n")


def lint_md(text: str, name: str = "报告.md"):
    loaded = load_bytes(text.encode("utf-8"), name)
    settings = Settings()
    return loaded.doc, lint_document(loaded.doc, settings.ruleset(), settings)[0]


def at(fragment: str, occurrence: int = 0) -> tuple[int, int]:
    """(line, column) of ``fragment`` in the .md file, both 1-based."""
    hits = [(n, ln.index(fragment) + 1) for n, ln in enumerate(LINES, start=1) if fragment in ln]
    return hits[occurrence]


@pytest.fixture(scope="module")
def report():
    return lint_md(REPORT)


def test_structure_is_recovered(report):
    doc, _ = report
    assert doc.title is not None and doc.title.text == "滨海新区司法局2023年法治政府建设情况报告"
    assert doc.title_lines == (at("滨海新区司法局2023年", 1)[0],)  # the setext title, not the front matter
    assert [(h.line, h.marker, h.rank) for h in doc.top] == [
        (at("## 一、")[0], "一、", 1), (at("## 二、")[0], "二、", 1), (at("## 三、")[0], "三、", 1),
        (at("## 四、")[0], "四、", 1)]
    assert [(h.line, h.marker) for h in doc.top[0].children] == [(at("**（一）")[0], "（一）"),
                                                                (at("### （二）")[0], "（二）")]
    sig = doc.signature
    assert sig is not None and str(sig.date) == "2024-01-20" and doc.location(sig.date_span.start) == (len(LINES) - 1, 1)


def test_planted_problems_are_at_the_md_line_and_column(report):
    _, diags = report
    line, col = at("12件，其中合法性审核")
    table_line, table_col = at("335件")
    dup_line, dup_col = at("，，主要原因")
    assert [(x.code, x.line, x.column) for x in diags] == [
        ("FZ201", line, col), ("FZ201", table_line, table_col), ("FZ505", dup_line, dup_col)]


def test_markup_is_not_linted(report):
    doc, _ = report
    for unseen in ("title:", "tags:", "草稿", "执行命令", "a,,b.html", "示意图", "img/", "**", "|", "==="):
        assert unseen not in doc.text
    # the bullet item is not a heading that lost its number (FZ112); the link text is kept
    assert "办理行政复议案件20件" in doc.text and "详见区政府网站和。" in doc.text
    assert all(h.text != "办理行政复议案件20件" for h in doc.headings)


def test_fix_touches_only_prose_and_is_idempotent(tmp_path):
    f = tmp_path / "报告.md"
    f.write_text(REPORT, encoding="utf-8")
    r = fzlint_here("check", str(f), "--fix")
    assert r.returncode == 1, r.stderr  # the two FZ201 remain
    fixed = f.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(LINES, fixed.split("\n"), strict=True) if a != b]
    assert changed == [("一是法治宣传覆盖面不够广，，主要原因是基层普法力量不足。",
                        "一是法治宣传覆盖面不够广，主要原因是基层普法力量不足。")]
    again = fzlint_here("check", str(f), "--fix", "--format", "json")
    assert f.read_text(encoding="utf-8") == fixed
    assert [d["code"] for d in json.loads(again.stdout)] == ["FZ201", "FZ201"]


# ---- code, lists ---------------------------------------------------------------------------
def test_fenced_code_is_not_linted_but_a_fence_never_closed_is_text():
    closed = "# 某局2023年法治政府建设情况报告\n\n~~~\n代码，，不检查\n~~~\n\n正文，，要检查。\n"
    doc, diags = lint_md(closed)
    assert "代码" not in doc.text
    assert [(x.code, x.line, x.column) for x in diags if x.code == "FZ505"] == [("FZ505", 7, 3)]
    stray = "# 某局2023年法治政府建设情况报告\n\n```\n\n正文，，要检查。\n"
    doc, diags = lint_md(stray)
    assert [(x.code, x.line, x.column) for x in diags if x.code == "FZ505"] == [("FZ505", 5, 3)]


def test_bullet_items_are_not_headings_but_numbered_ones_are():
    # As text, the short last item reads like a heading that lost its number, in front of
    # the 1. 2. below it (FZ112 "缺少序号，按顺序应为（二）").
    md = "\n".join(["# 某局2023年法治政府建设情况报告", "## 一、主要举措和成效", "### （一）强化组织领导",
                    "全年召开专题会议4次，主要做了以下工作：", "- 全年审核规范性文件12件，均经合法性审核。", "- 办理行政复议案件20件", "",
                    "1. 严格执法监督，全年开展执法检查35次。", "2. 规范执法行为，全年组织执法培训6次。", "",
                    "- （二）推进依法行政", "全年开展执法检查35次，覆盖全部执法单位。"])
    doc, diags = lint_md(md)
    assert [(h.line, h.marker) for h in doc.headings] == [(2, "一、"), (3, "（一）"), (8, "1."), (9, "2."), (11, "（二）")]
    assert not [x for x in diags if x.code in ("FZ111", "FZ112")]


# ---- links and images: the text stays, the destination goes ---------------------------------
@pytest.mark.parametrize(("src", "text"), [
    ("见![图](http://x.gov.cn/a(1).png)。", "见。"),  # parentheses inside the URL
    ("见[网站](http://x.gov.cn/a(1).html)。", "见网站。"),
    ("见[网站](<http://x.gov.cn/a b.html>)。", "见网站。"),  # <…> destination
    ("见[网站](a.html 't')与![图](y.png (标题))。", "见网站与。"),  # titles in '' and ()
    ("（见[附件](附件（一）.docx)）", "（见附件）"),
    ("[不是链接](没有闭合", "[不是链接](没有闭合"),  # not a link: the text as written
])
def test_link_destinations_are_not_text(src, text):
    doc, diags = lint_md(src)
    assert doc.text == text
    if text != src:  # nothing of a URL is left for the punctuation rules
        assert not [x for x in diags if x.code.startswith("FZ5")]


def test_footnotes_are_not_read_and_do_not_hide_the_signature():
    md = "\n".join(["# 某局2023年法治政府建设情况报告", "", "## 一、主要举措和成效", "",
                    "全年办理行政复议案件12件[^1]，全部按期办结。", "", "某局", "", "2024年1月20日", "",
                    "[^1]: 数据来源: 区统计局,2023年12月。", "    续行: 含撤回案件。"])
    doc, diags = lint_md(md)
    assert "数据来源" not in doc.text and "续行" not in doc.text
    assert doc.signature is not None and str(doc.signature.date) == "2024-01-20"
    assert not [x for x in diags if x.code in ("FZ105", "FZ503")]


def test_a_total_column_and_its_parts_are_compared_row_by_row():
    md = "\n".join(["# 某局2023年法治政府建设情况报告", "", "## 一、主要举措和成效", "",
                    "| 项目 | 合计（件） | 其中：来信 | 来访 | 网上信访 | 备注 |",
                    "|------|-----:|-----:|-----:|-----:|------|",
                    "| 信访事项 | 335 | 269 | 57 | 4 | 均已登记 |",
                    "| 办结 | 330 | 265 | 56 | 9 | |"])
    doc, diags = lint_md(md)
    assert doc.text.split("\n")[6:] == ["信访事项合计335件，其中来信269件、来访57件、网上信访4件，均已登记",
                                        "办结合计330件，其中来信265件、来访56件、网上信访9件"]
    assert [(x.code, x.line, x.column, x.message) for x in diags if x.code.startswith("FZ2")] == [
        ("FZ201", 7, md.split("\n")[6].index("335") + 1, "其中各项合计330件（269+57+4），与总数335件不符（相差5件）")]
