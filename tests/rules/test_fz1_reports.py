"""Structure (FZ1) on reports of units and years fzlint was not built on (marked ``unseen``):
the synthetic reports in tests/fixtures/unseen/reports/ (街道, 乡镇, 区县政府, 市级部门, 市政府;
2020–2025; headings, numbering, closing blocks and year expressions written in the ways real
reports write them) must draw no error or warning, and defects injected into copies of them
must be reported with the right code, message and place; then shapes those reports taught the
parser, in sentences written for the test (marked ``synthetic``).  The FZ3 injections are in
tests/rules/test_fz3_reports.py; the reports and the helpers in tests/unseen_reports.py.

The injections are generic: every fixture gets the same mutation, located through the
parser (the part's section, the plans heading, the signature), never through a file's name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fzlint.parse import parse
from fzlint.parse.parts import coverage, score_text

from ..conftest import fzlint_here, lint
from ..unseen_reports import (
    IDS,
    NAMES,
    REQUIRED,
    SPECS,
    TXT,
    TXT_IDS,
    UNSEEN,
    prepared,
    serious,
)


# ---- the clean reports --------------------------------------------------------------------
@pytest.mark.unseen
def test_there_are_enough_unseen_reports():
    assert len(UNSEEN) >= 8
    years = {prepared(p.read_text(encoding="utf-8"), p.name).year for p in TXT}
    assert years >= {2020, 2021, 2022, 2023, 2024, 2025}


@pytest.mark.unseen
@pytest.mark.parametrize("path", UNSEEN, ids=IDS)
def test_clean_report_draws_no_structure_or_date_error_or_warning(path):
    proc = fzlint_here("check", str(path), "--select", "FZ1,FZ3", "--format", "concise", "--fail-on", "warning")
    assert proc.returncode == 0, proc.stdout


@pytest.mark.unseen
@pytest.mark.parametrize("path", TXT, ids=TXT_IDS)
def test_clean_report_parts_year_and_signature_are_found(path):
    text = path.read_text(encoding="utf-8")
    doc = prepared(text, path.name)
    cov = coverage(doc, SPECS)
    assert all(cov[p] for p in REQUIRED)
    assert doc.year is not None and doc.year_source == "title"
    assert doc.signature is not None and doc.signature.date is not None
    assert doc.signature.date.year == doc.year + 1


# ---- injected defects: every fixture, the same mutation -------------------------------------
@pytest.mark.unseen
@pytest.mark.parametrize("part", REQUIRED)
@pytest.mark.parametrize("path", TXT, ids=TXT_IDS)
def test_deleting_a_part_draws_one_error_naming_it(path, part):
    text = path.read_text(encoding="utf-8")
    doc = prepared(text, path.name)
    cov = coverage(doc, SPECS)
    covers = [c for c in cov[part] if c.how in ("heading", "sub", "implicit")]
    assert covers
    # A part written inside the deleted section (a 第一责任人 sub-heading under 举措和成效) goes too.
    gone = [p for p in REQUIRED if p == part or all(any(c.start <= o.start and o.end <= c.end for c in covers)
                                                   for o in cov[p])]
    for c in sorted(covers, key=lambda c: -c.start):  # every section that holds the part
        a = text.rfind("\n", 0, c.start) + 1
        text = text[:a] + text[c.end :]
    diags = lint(text, select=("FZ101",))
    assert [d.message for d in diags] == [f"缺少必备部分“{NAMES[p]}”" for p in gone]
    assert {d.severity.label for d in diags} == {"error"}


@pytest.mark.unseen
@pytest.mark.parametrize("path", TXT, ids=TXT_IDS)
def test_top_level_numbering_defects(path):
    text = path.read_text(encoding="utf-8")
    doc = prepared(text, path.name)
    tops = [h for h in doc.top if h.number is not None]
    assert len(tops) >= 3
    first, second = tops[:2]
    mk = second.marker
    cut = second.start + len(mk)
    # a gap: 一、 then 三、
    gap = text[: second.start] + mk.replace(mk.strip("第部分、.．")[0], "九", 1) + text[cut:]
    d = lint(gap, select=("FZ111", "FZ112"))
    assert (d[0].code, d[0].line) == ("FZ111", second.line) and "应为“" + mk.strip() + "”" in d[0].message
    # a duplicate
    dup = text[: second.start] + first.marker + text[cut:]
    d = lint(dup, select=("FZ111",))
    assert d[0].line == second.line and "重复" in d[0].message
    # the number lost: the bare heading is named with the number it needs, the next is no gap,
    # and the part it opens is still found
    bare = text[: second.start] + text[cut:]
    d = lint(bare, select=("FZ101", "FZ111", "FZ112"))
    assert [(x.code, x.line) for x in d] == [("FZ112", second.line)]
    assert d[0].message.endswith("按顺序应为“" + mk.strip() + "”")


def _sub_group(path: Path):
    """The first group of three or more numbered sub-headings whose second one opens
    content (a title line or a run-in item), or None (a report written in 一是… paragraphs)."""
    doc = prepared(path.read_text(encoding="utf-8"), path.name)
    groups: dict[tuple[int, str], list] = {}
    for h in doc.headings:
        if h.parent is not None and h.number is not None:
            groups.setdefault((id(h.parent), h.style), []).append(h)
    return next((g for g in groups.values() if len(g) >= 3 and g[1].number == 2 and len(g[1].text) <= 24
                 and (g[1].run_in or not g[1].text.endswith("。"))), None)


SUB_CASES = [p for p in TXT if _sub_group(p) is not None]


@pytest.mark.unseen
def test_most_reports_have_numbered_sub_headings():
    assert len(SUB_CASES) >= 6


@pytest.mark.unseen
@pytest.mark.parametrize("path", SUB_CASES, ids=[p.stem for p in SUB_CASES])
def test_sub_heading_number_lost(path):
    from fzlint.checks.numbering import expected_marker

    text = path.read_text(encoding="utf-8")
    group = _sub_group(path)
    h = group[1]
    mutated = text[: h.start] + text[h.start + len(h.marker) :]
    d = lint(mutated, select=("FZ111", "FZ112"))
    assert [(x.code, x.line) for x in d] == [("FZ112", h.line)]
    assert d[0].message.endswith(f"按顺序应为“{expected_marker(h.style, 2, group[0])}”")


@pytest.mark.unseen
@pytest.mark.parametrize("path", TXT, ids=TXT_IDS)
def test_title_without_year(path):
    text = path.read_text(encoding="utf-8")
    doc = prepared(text, path.name)
    t = doc.title
    plain = re.sub(r"(?:\d{4}|[一二][〇零一二三四五六七八九]{3})年度?", "", t.text, count=1)
    lines = text.split("\n")
    mutated = "\n".join([plain, *lines[len(doc.title_lines):]])
    d = lint(mutated, select=("FZ104",))
    assert [x.message for x in d] == [f"标题缺少年份：{plain}"]


@pytest.mark.unseen
@pytest.mark.parametrize("path", TXT, ids=TXT_IDS)
def test_shortcomings_without_causes_and_duties_left_out(path):
    text = path.read_text(encoding="utf-8")
    doc = prepared(text, path.name)
    cov = coverage(doc, SPECS)
    sc, fr = cov["shortcomings"][0], cov["first_resp"][0]
    plain_sc = "一是依法行政意识有待进一步增强。二是行政执法规范化水平有待提高。三是法治宣传教育的针对性有待加强。\n"
    plain_fr = "主要负责同志高度重视法治建设，定期听取工作汇报，统筹推进法治政府建设各项工作。\n"
    spans = sorted([(sc.heading, plain_sc), (fr.heading, plain_fr)], key=lambda t: -t[0].start)
    mutated = text
    for h, body in spans:
        a = mutated.index("\n", h.text_end) + 1
        end = next(c.end for c in (sc, fr) if c.heading is h)
        mutated = mutated[:a] + body + mutated[end:]
    d = lint(mutated, select=("FZ102", "FZ103"))
    assert [x.code for x in d if x.code == "FZ102"] == ["FZ102"]
    fz103 = [x for x in d if x.code == "FZ103"]
    assert len(fz103) == 1 and "“四个亲自”" in fz103[0].message
    # untouched, neither is reported
    assert lint(text, select=("FZ102", "FZ103")) == []


# ---- parser: shapes the fixtures taught -------------------------------------------------------
REPORT = (
    "某区司法局2024年法治政府建设年度报告\n\n"
    "2024年，某区司法局深入学习贯彻习近平法治思想，推进法治政府建设。\n\n"
    "{body}\n"
    "某区司法局\n2025年2月20日\n"
)
FIRST_RESP = ("局主要负责人履行推进法治建设第一责任人职责，重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、"
              "重要任务亲自督办，年终述职时述法，带头学法，重大决策经合法性审查。")


@pytest.mark.synthetic
def test_parts_numbered_di_yi_bu_fen_hold_their_own_yi_er():
    body = ("第一部分 主要举措和成效\n一、统筹推进法治建设\n召开会议6次，督促整改问题47个。\n"
            "二、规范行政执法\n评查案卷420卷。\n"
            "第二部分 党政主要负责人履行推进法治建设第一责任人职责情况\n" + FIRST_RESP + "\n"
            "第三部分 存在的不足和原因\n一是执法监督力量薄弱，原因是人员编制不足。\n"
            "第四部分 2025年工作计划\n一、深化行政执法监督。\n二、提升行政复议质效。\n")
    text = REPORT.format(body=body)
    doc = prepared(text)
    assert [h.marker for h in doc.top] == ["第一部分", "第二部分", "第三部分", "第四部分"]
    assert [c.marker for c in doc.top[0].children] == ["一、", "二、"]
    assert serious(lint(text, select=("FZ1", "FZ3"))) == []
    skipped = text.replace("第三部分", "第五部分").replace("第四部分", "第六部分")
    d = lint(skipped, select=("FZ111",))
    assert d[0].message == "标题序号不连续：此处为“第五部分”，按顺序应为“第三部分”"


@pytest.mark.synthetic
def test_a_date_under_the_title_dates_the_report():
    text = ("某乡人民政府2024年法治政府建设情况报告\n（2025年1月15日）\n\n"
            "2024年，某乡坚持以习近平法治思想为指导。\n一、主要举措和成效\n召开会议4次。\n")
    doc = parse(text)
    assert doc.signature is not None and str(doc.signature.date) == "2025-01-15"
    assert doc.signature.date_under_title and doc.body_start == text.index("\n\n")
    assert lint(text, select=("FZ105",)) == []
    from fzlint.outline import build, render_text

    assert "落款：（无单位）  2025-01-15（第 2 行，日期在标题下）" in render_text(build(prepared(text), SPECS))
    # it is the signature date for the date checks
    early = text.replace("2025年1月15日", "2024年11月20日")
    assert [d.code for d in lint(early, select=("FZ313",))] == ["FZ313"]
    # without an issuer in the title, the date alone is not a closing block
    anonymous = text.replace("某乡人民政府2024年", "2024年")
    assert [d.message for d in lint(anonymous, select=("FZ105",))] == ["落款只有日期，缺少发文单位：（2025年1月15日）"]


@pytest.mark.synthetic
def test_a_closing_block_on_one_line():
    text = REPORT.format(body="一、主要举措和成效\n召开会议4次。\n").replace("某区司法局\n2025年2月20日",
                                                                    "某区司法局    2024年11月20日")
    doc = parse(text)
    assert doc.signature is not None and doc.signature.body.text == "某区司法局"
    assert str(doc.signature.date) == "2024-11-20"
    assert [d.code for d in lint(text, select=("FZ105", "FZ313"))] == ["FZ313"]
    # a sentence ending in a date is not one
    prose = text.replace("某区司法局    2024年11月20日", "本报告经局党组会议审议通过 2025年2月20日")
    assert parse(prose).signature is None


@pytest.mark.synthetic
def test_a_marker_without_its_opening_bracket_is_a_heading_with_a_fix():
    body = ("一、主要举措和成效\n一）推进依法决策\n审查合同19份。\n二）规范行政执法\n办理案件11件。\n")
    text = REPORT.format(body=body)
    doc = prepared(text)
    assert [(h.rank, h.text) for h in doc.headings if h.rank == 2] == [(2, "推进依法决策"), (2, "规范行政执法")]
    d = lint(text, select=("FZ113", "FZ504"))
    assert [x.message for x in d] == ["标题序号“一）”缺少左括号，应为“（一）”", "标题序号“二）”缺少左括号，应为“（二）”"]
    from fzlint.fixes import apply_edits

    fixed, count = apply_edits(text, d)
    assert count == 2
    assert "（一）推进依法决策" in fixed and lint(fixed, select=("FZ113", "FZ504")) == []


@pytest.mark.synthetic
def test_a_lost_top_level_heading_before_a_list_at_one():
    body = ("一、党政主要负责人履行推进法治建设第一责任人职责情况\n" + FIRST_RESP + "\n"
            "2024年法治政府建设主要举措和成效\n1.加强合法性审查。全年审查文件15件。\n2.强化执法监督。评查案卷210卷。\n"
            "三、存在的不足和原因\n一是基层力量薄弱，原因是人员编制不足。\n四、2025年工作打算\n一是加强法治督察。\n")
    text = REPORT.format(body=body)
    doc = prepared(text)
    lost = next(h for h in doc.top if h.style == "bare")
    assert lost.text == "2024年法治政府建设主要举措和成效" and lost.part == "measures"
    assert [(d.code, d.message) for d in lint(text, select=("FZ1",)) if d.severity.label != "info"] == [
        ("FZ112", "标题“2024年法治政府建设主要举措和成效”缺少序号，按顺序应为“二、”")]


@pytest.mark.synthetic
def test_no_lost_top_heading_is_guessed_from_page_chrome_or_when_lines_do_not_fit():
    # the lost 一、 would be in the preamble: a page's share line is not it
    text = ("某街道2023年法治政府建设工作报告\n发布日期：2024-03-26\n• 扫一扫在手机打开当前页\n"
            "2023年，某街道坚持以习近平法治思想为指导，推进法治政府建设。\n"
            "二、党政主要负责人履行推进法治建设第一责任人职责情况\n" + FIRST_RESP + "\n")
    assert all(h.style != "bare" for h in parse(text).top)
    # two heading-like lines for one missing number: neither is guessed; the gap is reported
    body = ("一、主要举措和成效\n召开会议4次，审查文件15件。\n加强执法监督\n评查案卷210卷，发现问题已整改。\n"
            "党政主要负责人履职情况\n" + FIRST_RESP + "\n三、存在的不足和原因\n一是力量薄弱，原因是编制不足。\n")
    text = REPORT.format(body=body)
    assert all(h.style != "bare" for h in prepared(text).top)
    assert [d.code for d in lint(text, select=("FZ111", "FZ112"))] == ["FZ111"]


@pytest.mark.synthetic
def test_a_run_in_item_that_lost_its_number():
    body = ("一、主要举措和成效\n（一）深化放管服改革。全面推行一网通办，可办率98%。\n"
            "规范重大行政决策。4项重大行政决策全部履行法定程序。\n"
            "（三）提升执法质量。组织培训3期。\n")
    text = REPORT.format(body=body)
    d = lint(text, select=("FZ111", "FZ112"))
    assert [(x.code, x.message) for x in d] == [("FZ112", "标题“规范重大行政决策”缺少序号，按顺序应为“（二）”")]
    # a paragraph starting with a short sentence under a run-in heading is body text when it
    # does not stand between numbered siblings
    body2 = ("一、主要举措和成效\n（一）深化放管服改革。全面推行一网通办。\n"
             "成效较为明显。全年新增市场主体6120户。\n二、存在的不足和原因\n一是力量薄弱，原因是编制不足。\n")
    assert lint(REPORT.format(body=body2), select=("FZ111", "FZ112")) == []


@pytest.mark.synthetic
@pytest.mark.parametrize(("heading", "part"), [
    ("面临的困难和挑战", "shortcomings"),
    ("取得的主要成绩", "measures"),
    ("存在的短板弱项", "shortcomings"),
    ("存在的困难和问题", "shortcomings"),
    ("下步工作计划", "plans"),
    ("2025年工作思路", "plans"),
    ("上一年度法治政府建设的主要举措和成效", "measures"),
    ("推进法治建设的主要举措和突出成效", "measures"),
])
def test_more_heading_wordings(heading, part):
    pid, score = score_text(heading, SPECS)[0]
    assert pid == part and score >= SPECS.threshold


@pytest.mark.synthetic
def test_plans_written_as_a_sub_heading_are_judged_as_plans():
    base = ("某街道2025年度法治政府建设工作情况的报告\n\n2025年，某街道坚持以习近平法治思想为指导。\n"
            "一、主要举措和成效\n召开会议4次，审查合同33份。\n"
            "二、党政主要负责人履行推进法治建设第一责任人职责情况\n" + FIRST_RESP + "\n"
            "三、存在的问题和下一步工作打算\n（一）存在的问题\n执法规范化水平有待提高，原因是法律专业人才引进难。\n"
            "（二）2026年工作打算\n一是做好“九五”普法规划的启动实施工作。二是2026年6月底前完成案卷评查。\n\n"
            "某街道办事处\n2026年1月20日\n")
    assert serious(lint(base, select=("FZ1", "FZ3"))) == []
    doc = prepared(base)
    plans_at = base.index("一是做好")
    problems_at = base.index("执法规范化")
    assert doc.in_part(plans_at, "plans") and not doc.in_part(problems_at, "plans")
    wrong = base.replace("（二）2026年工作打算", "（二）2025年工作打算")
    d = lint(wrong, select=("FZ3",))
    assert [(x.code, x.message) for x in d] == [
        ("FZ311", "下一年度安排的标题写的是2025年：2025年度报告的下一年度应为2026年")]
    # the plans of the next year may name what starts that year; the year's own work may not
    early = base.replace("执法规范化水平有待提高，", "“九五”普法规划尚未全面铺开，执法规范化水平有待提高，")
    assert [x.code for x in lint(early, select=("FZ301",))] == ["FZ301"]


@pytest.mark.synthetic
def test_a_title_shown_twice_by_a_web_page_is_one_title():
    text = ("• 设为首页\n  • 加入收藏\n  • 无障碍阅读\n某街道办事处2025年度法治政府建设年度报告\n\n"
            "某街道2025年度法治政府建设年度报告\n\n2025年度，某街道以习近平法治思想为指导，推进依法行政。\n")
    doc = parse(text)
    assert doc.title is not None and doc.title.text == "某街道2025年度法治政府建设年度报告"
    assert doc.year == 2025 and doc.year_source == "title"
    # a title in two lines (issuer, then 关于…的报告) is still one title
    two = "某镇人民政府\n关于2022年度法治政府建设情况的报告\n\n2022年，某镇推进依法行政。\n"
    assert parse(two).title.text == "某镇人民政府关于2022年度法治政府建设情况的报告"


@pytest.mark.synthetic
@pytest.mark.parametrize("line", [
    "此外，街道还建立了长效机制。具体做法是每月会商一次。",
    "同时强化督促检查。对发现的问题及时整改到位。",
    "推行告知承诺制，压缩办理时限，提升群众满意度。企业开办时间压缩至1个工作日。",
])
def test_a_continuation_between_run_in_items_is_not_a_lost_number(line):
    body = ("一、主要举措和成效\n（一）深化放管服改革。全面推行一网通办，可办率98%。\n" + line + "\n"
            "（二）提升执法质量。组织培训3期。\n")
    assert lint(REPORT.format(body=body), select=("FZ111", "FZ112")) == []


@pytest.mark.synthetic
def test_a_lost_sub_heading_in_a_gap_of_the_top_level_is_not_taken_for_the_top():
    # 三、 mistyped as 四、, and a sub-heading of 二、 that lost its （二）: the line is the
    # sub-heading (its section's numbering goes on with （三）), the top level has a gap
    body = ("一、主要举措和成效\n召开会议4次，审查文件15件。\n"
            "二、党政主要负责人履行推进法治建设第一责任人职责情况\n（一）带头学法\n" + FIRST_RESP + "\n"
            "带头依法决策\n重大事项均经合法性审查和集体讨论决定，全年审查事项26项。\n（三）带头述法\n年终述职时专题述法。\n"
            "四、存在的不足和原因\n一是力量薄弱，原因是编制不足。\n五、2025年工作打算\n一是加强法治督察。\n")
    text = REPORT.format(body=body)
    d = lint(text, select=("FZ111", "FZ112"))
    assert [(x.code, x.message) for x in d] == [
        ("FZ112", "标题“带头依法决策”缺少序号，按顺序应为“（二）”"),
        ("FZ111", "标题序号不连续：此处为“四、”，按顺序应为“三、”"),
    ]


def _last_required_top(path: Path):
    doc = prepared(path.read_text(encoding="utf-8"), path.name)
    last = [h for h in doc.top if h.number is not None][-1]
    return last if last.part in REQUIRED else None


LAST_CASES = [p for p in TXT if _last_required_top(p) is not None]


@pytest.mark.unseen
def test_most_reports_end_with_a_required_part():
    assert len(LAST_CASES) >= 8


@pytest.mark.unseen
@pytest.mark.parametrize("path", LAST_CASES, ids=[p.stem for p in LAST_CASES])
def test_the_last_top_level_heading_losing_its_number(path):
    from fzlint.checks.numbering import expected_marker

    text = path.read_text(encoding="utf-8")
    h = _last_required_top(path)
    mutated = text[: h.start] + text[h.start + len(h.marker) :]
    d = lint(mutated, select=("FZ101", "FZ111", "FZ112"))
    assert [(x.code, x.line) for x in d] == [("FZ112", h.line)]
    assert d[0].message.endswith(f"按顺序应为“{expected_marker(h.style, h.number)}”")


@pytest.mark.synthetic
def test_a_report_without_plans_is_not_given_them_by_a_sub_title():
    body = ("一、主要举措和成效\n召开会议4次，审查文件15件。\n"
            "二、党政主要负责人履行推进法治建设第一责任人职责情况\n" + FIRST_RESP + "\n"
            "三、存在的不足和原因\n一是力量薄弱，原因是编制不足。\n执法队伍建设\n执法人员多为新进人员，缺乏执法经验，案卷质量不高。\n")
    text = REPORT.format(body=body)
    assert [d.message for d in lint(text, select=("FZ101", "FZ112"))] == [
        f"缺少必备部分“{NAMES['plans']}”"]
