"""FZ111–FZ114: heading numbers (gaps, duplicates, lost numbers) and marker forms."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fzlint.checks.numbering import expected_marker
from fzlint.fixes import apply_edits

from ..conftest import codes, fzlint_here, lint, seed_text

HEAD = "某街道2023年法治政府建设情况报告\n"


def found(text: str, code: str) -> list[tuple[int, str]]:
    return [(d.line, d.message) for d in lint(text, select=(code,))]


def section(*subs: str, top: str = "一、主要举措和成效") -> str:
    body = "".join(f"{s}\n这一项的正文写得比标题长很多，说明做了哪些工作。\n" for s in subs)
    return HEAD + top + "\n" + body


# ---- FZ111 sequence ---------------------------------------------------------------------------
def test_gap_names_the_expected_number_and_hints_auto_numbering():
    diags = lint(section("（一）依法决策", "（三）严格执法"), select=("FZ111",))
    assert [(d.line, d.message) for d in diags] == [(5, "标题序号不连续：此处为“（三）”，按顺序应为“（二）”")]
    assert "自动编号" in (diags[0].suggestion or "")
    assert (diags[0].column, diags[0].end_column) == (1, 4)  # the marker


def test_list_starting_at_two_is_a_gap():
    assert found(section("（二）依法决策", "（三）严格执法"), "FZ111") == [
        (3, "标题序号不连续：此处为“（二）”，按顺序应为“（一）”")]


def test_duplicate_number():
    assert found(section("（一）依法决策", "（二）严格执法", "（二）政务公开"), "FZ111") == [
        (7, "标题序号重复：“（二）”与第 5 行的“（二）”相同，应为“（三）”")]


def test_number_going_backwards():
    assert found(section("（一）甲项工作", "（二）乙项工作", "（三）丙项工作", "（二）丁项工作"), "FZ111") == [
        (9, "标题序号顺序颠倒：前一个同级标题是第 7 行的“（三）”，此处为“（二）”，应为“（四）”")]


def test_top_level_gap():
    text = HEAD + "一、主要举措和成效\n正文。\n二、履行第一责任人职责情况\n正文。\n四、2024年工作安排\n正文。\n"
    assert found(text, "FZ111") == [(6, "标题序号不连续：此处为“四、”，按顺序应为“三、”")]


def test_numbering_restarting_in_each_part_is_normal():
    text = section("（一）依法决策", "（二）严格执法") + "二、存在的不足和原因\n（一）人员不足\n由于编制少，人员配备不足。\n（二）培训不够\n受疫情影响，培训次数少。\n"
    assert found(text, "FZ111") == []


def test_new_list_restarting_at_one_is_not_reported():
    text = HEAD + "一、主要举措和成效\n（一）依法决策\n1.制度建设。正文。\n2.合法性审查。正文。\n这是一段说明文字，写得比较长。\n1.另一组列表。正文。\n2.第二项。正文。\n"
    assert found(text, "FZ111") == []


def test_arabic_gap_keeps_the_documents_separator():
    text = HEAD + "一、主要举措和成效\n1、制度建设。正文。\n2、合法性审查。正文。\n4、政务公开。正文。\n"
    assert found(text, "FZ111") == [(5, "标题序号不连续：此处为“4、”，按顺序应为“3、”")]


# ---- FZ112 unnumbered headings --------------------------------------------------------------------
def test_bare_heading_before_the_second_gets_the_first_number():
    text = section("加强法治建设，提升法治保障", "（二）强化合规审查", "（三）依法依规发文")
    diags = lint(text, select=("FZ111", "FZ112", "FZ113", "FZ114"))
    assert [(d.code, d.line, d.message) for d in diags] == [
        ("FZ112", 3, "标题“加强法治建设，提升法治保障”缺少序号，按顺序应为“（一）”")]
    fix = diags[0].fix
    assert fix is not None and not fix.safe
    assert apply_edits(text, diags)[0].split("\n")[2] == "（一）加强法治建设，提升法治保障"


def test_trailing_bare_headings_continue_the_sequence():
    text = section("（一）甲项工作", "（二）乙项工作", "丙项工作的标题", "丁项工作的标题")
    assert found(text, "FZ112") == [
        (7, "标题“丙项工作的标题”缺少序号，按顺序应为“（三）”"),
        (9, "标题“丁项工作的标题”缺少序号，按顺序应为“（四）”"),
    ]
    assert found(text, "FZ111") == []


def test_bare_heading_with_no_free_number():
    text = section("（一）甲项工作", "丙项工作的标题", "（二）乙项工作")
    assert found(text, "FZ112") == [(5, "标题“丙项工作的标题”缺少序号，而同级的其他标题都有序号")]


def test_lead_in_line_before_a_list_starting_at_one_is_not_reported():
    text = section("总体情况概述", "（一）甲项工作", "（二）乙项工作")
    assert found(text, "FZ112") == []
    assert found(text, "FZ111") == []


@pytest.mark.seed
@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("000", [(8, "（一）"), (40, "（十一）"), (43, "（十二）"), (51, "（二）"), (62, "（三）")]),
        ("002", [(10, "（一）"), (22, "（四）"), (31, "（二）"), (58, "（三）"), (61, "（四）")]),
        ("001", []),
        ("003", []),
        ("004", []),
    ],
)
def test_seed_unnumbered_headings(prefix, expected):
    diags = lint(seed_text(prefix), select=("FZ112",))
    assert [(d.line, dict(d.data)["expected"]) for d in diags] == expected


@pytest.mark.seed
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_have_no_sequence_findings_once_bare_headings_are_counted(prefix):
    # Every gap in the seeds is a lost number (FZ112), never reported twice as a gap.
    assert found(seed_text(prefix), "FZ111") == []


# ---- FZ113 bracket width ----------------------------------------------------------------------------
@pytest.mark.seed
def test_mismatched_bracket_seed000():
    diags = lint(seed_text("000"), select=("FZ113",))
    assert [(d.line, d.column, d.message) for d in diags] == [
        (59, 2, "标题序号“(二）”的括号一半全角一半半角，应为“（二）”"),
        (68, 1, "标题序号“(一)”用了半角括号，与本文其他标题的全角括号不一致，应为“（一）”"),
    ]
    assert all(d.fix is not None and d.fix.safe for d in diags)
    fixed, n = apply_edits(seed_text("000"), diags)
    assert n == 2
    lines = fixed.split("\n")
    assert lines[58] == " （二）工作人员配备力量薄弱" and lines[67].startswith("（一）深入组织学习培训")
    assert lint(fixed, select=("FZ113",)) == []


@pytest.mark.seed
def test_halfwidth_throughout_seed003():
    diags = lint(seed_text("003"), select=("FZ113",))
    assert [d.line for d in diags] == [13, 37, 51, 61, 65, 75, 79]
    assert all("公文结构层次序数应为" in d.message for d in diags)


def test_full_width_brackets_and_body_brackets_are_fine():
    text = section("（一）依法决策", "（二）严格执法") + "正文中的半角括号(见附件)不归本规则管。\n（1）细项。正文。\n"
    assert found(text, "FZ113") == []


def test_arabic_paren_marker():
    text = section("（一）依法决策") + "(1)规范性文件。正文。\n（2）备案审查。正文。\n"
    assert found(text, "FZ113") == [(5, "标题序号“(1)”用了半角括号，与本文其他标题的全角括号不一致，应为“（1）”")]


# ---- FZ114 mixed separators -------------------------------------------------------------------------------
@pytest.mark.seed
def test_mixed_dot_and_dun_seed003():
    diags = lint(seed_text("003"), select=("FZ114",))
    assert [(d.line, dict(d.data)["expected"]) for d in diags] == [
        (29, "3."), (31, "4."), (39, "1."), (41, "2."), (43, "3."), (45, "4.")]
    assert diags[0].message == "同一层级的序号有的用顿号、有的用点号：“3、”应为“3.”"
    fixed, _ = apply_edits(seed_text("003"), diags)
    assert lint(fixed, select=("FZ114",)) == []
    assert fixed.split("\n")[28].lstrip().startswith("3.社会治安综合治理工作")


@pytest.mark.seed
def test_one_form_throughout_is_fine():
    text = HEAD + "一、主要举措和成效\n1、制度建设。正文。\n2、合法性审查。正文。\n"
    assert found(text, "FZ114") == []
    assert found(seed_text("004"), "FZ114") == []


def test_mixed_chinese_top_level_separators():
    text = HEAD + "一、主要举措和成效\n正文。\n二．履行第一责任人职责情况\n正文。\n"
    assert found(text, "FZ114") == [(4, "同一层级的序号有的用顿号、有的用点号：“二．”应为“二、”")]


# ---- helpers ---------------------------------------------------------------------------------------
def test_numeral_helpers():
    assert expected_marker("cn", 3) == "三、"
    assert expected_marker("cn-paren", 11) == "（十一）"
    assert expected_marker("arabic-paren", 2) == "（2）"
    assert expected_marker("circled", 3) == "③"


def test_the_number_after_ninety_nine_is_named_not_an_internal_error():
    # A marker has at most three numerals (九十九); the number expected after it is 100.
    text = HEAD + "九十九、甲项工作\n正文写得比标题长很多。\n九十九、乙项工作\n正文写得比标题长很多。\n"
    assert found(text, "FZ111")[-1] == (4, "标题序号重复：“九十九、”与第 2 行的“九十九、”相同，应为“一百、”")
    bare = section("（九十九）甲项工作", "乙项工作的标题")
    assert found(bare, "FZ112") == [(5, "标题“乙项工作的标题”缺少序号，按顺序应为“（一百）”")]


def test_number_written_inline_before_is_not_a_gap():
    text = HEAD + "一、主要举措和成效\n（一）依法决策。1.完善制度，制定办法3项。\n2.规范程序。正文。\n3.强化审查。正文。\n"
    assert found(text, "FZ111") == []
    # …but a number missing everywhere is still a gap.
    text2 = HEAD + "一、主要举措和成效\n（一）依法决策。完善制度，制定办法3项。\n2.规范程序。正文。\n3.强化审查。正文。\n"
    assert found(text2, "FZ111") == [(4, "标题序号不连续：此处为“2.”，按顺序应为“1.”")]


def test_explain_states_fix_safety():
    r = fzlint_here("explain", "FZ113")
    assert r.returncode == 0 and "安全：--fix 会自动改为规范写法" in r.stdout
    assert "不安全" in fzlint_here("explain", "FZ112").stdout
    assert "无自动修复" in fzlint_here("explain", "FZ111").stdout


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    "一、主要举措和成效", "二、存在的不足和原因", "三、2024年工作安排", "（一）依法决策", "(二）严格执法", "（三)公开",
    "1.制度建设。正文。", "2、合法性审查。正文。", "加强法治建设", "正文写得比较长的一段说明文字，用于测试。", "",
    "一是人员不足。二是培训不够。", "应召开专题会议。", "某街道办事处", "2024年1月15日", "（1）细项", "①其一",
]), max_size=25))
def test_structure_rules_never_crash_and_point_inside_the_text(lines):
    from fzlint.engine import lint_document
    from fzlint.packs.config import Settings
    from fzlint.parse import parse

    text = "\n".join(lines)
    doc = parse(text, "r.txt")
    cfg = Settings(select=("FZ1",))
    diags, errors = lint_document(doc, cfg.ruleset(), cfg)
    assert errors == []
    for d in diags:
        assert 0 <= d.start <= d.end <= len(text)
        if d.fix is not None:
            assert all(0 <= e.start <= e.end <= len(text) for e in d.fix.edits)


# ---- FZ115: a heading number typed twice -----------------------------------------------------
DOUBLED = ("某区2023年法治政府建设情况报告\n\n"
           "一、一、主要举措和成效\n（一）（一）加强领导\n正文内容。\n（二） (二) 完善制度\n正文内容。\n"
           "二、三、存在的不足和原因\n正文内容。\n")


def test_a_number_typed_twice_is_reported_and_fixed_safely():
    found = [(d.line, d.column, d.end_column, d.message, d.fix is not None and d.fix.safe)
             for d in lint(DOUBLED, select=["FZ115"])]
    assert found == [
        (3, 1, 5, "标题序号重复输入：“一、一、”应为“一、”", True),
        (4, 1, 7, "标题序号重复输入：“（一）（一）”应为“（一）”", True),
        (6, 1, 8, "标题序号重复输入：“（二） (二)”应为“（二）”", True),
        (8, 1, 5, "标题开头有两个序号“二、三、”，只应保留一个", False),  # which one is right: the drafter knows
    ]
    fixed, n = apply_edits(DOUBLED, [d for d in lint(DOUBLED, select=["FZ115"]) if d.fix])
    assert n == 3
    assert fixed.splitlines()[2:6] == ["一、主要举措和成效", "（一）加强领导", "正文内容。", "（二）完善制度"]
    assert [d.line for d in lint(fixed, select=["FZ115"])] == [8]


@pytest.mark.parametrize("line", ["一、（一）加强组织领导", "（一）1.加强组织领导", "一、一体推进法治建设",
                                  "（三）三是强化监督", "1.1 推进依法决策"])
def test_a_number_followed_by_another_style_or_a_word_is_not_doubled(line):
    text = f"某区2023年法治政府建设情况报告\n\n{line}\n正文内容。\n"
    assert lint(text, select=["FZ115"]) == []


@pytest.mark.seed
def test_the_seeds_type_no_number_twice():
    for name in ("000", "001", "002", "003", "004"):
        assert lint(seed_text(name), select=["FZ115"]) == [], name


# ---- numbering -----------------------------------------------------------------------------
NUMBERED_THROUGH = (
    "某区2020年法治政府建设情况报告\n一、2020年推进法治政府建设的主要举措和成效\n（一）加强组织领导\n"
    "1.加强党的领导。区委研究部署法治政府建设工作。\n2.强化考核评价。纳入绩效考核指标体系。\n"
    "（二）依法全面履行政府职能\n3.深化行政审批制度改革。梳理事项清单。\n4.优化营商环境。开展法律体检。\n"
)


@pytest.mark.published
def test_items_numbered_straight_through_the_sub_sections_are_no_gap():
    assert "FZ111" not in codes(lint(NUMBERED_THROUGH, select=("FZ111",)))


@pytest.mark.published
def test_a_real_gap_in_numbering_that_runs_on_is_still_found():
    text = NUMBERED_THROUGH.replace("4.优化营商环境", "6.优化营商环境")
    diags = [d for d in lint(text, select=("FZ111",)) if d.code == "FZ111"]
    assert len(diags) == 1 and "应为“4.”" in diags[0].message


@pytest.mark.published
def test_a_list_that_restarts_under_the_next_sub_section_is_fine():
    text = NUMBERED_THROUGH.replace("3.深化", "1.深化").replace("4.优化", "2.优化")
    assert "FZ111" not in codes(lint(text, select=("FZ111",)))


@pytest.mark.published
def test_a_second_yi_at_the_top_level_is_a_duplicate():
    text = ("某街道2022年度法治政府建设工作报告\n一、2022年法治政府建设主要措施\n"
            "一、强化领导责任，夯实法治政府建设基础\n街道党工委高度重视法治政府建设工作，持续完善运行机制。\n")
    diags = [d for d in lint(text, select=("FZ111",)) if d.code == "FZ111"]
    assert len(diags) == 1 and "重复" in diags[0].message and diags[0].line == 3
