"""Regression tests for what real published reports (other units, provinces and years than the
seeds) showed: false positives fixed at their root and defects that were missed.

Every text here is written for the test, modelled on the shape of the real reports (web-page
headers above the title, reports pasted without a title, numbering that runs on across
sub-sections, department and township wording); no real report is copied.
"""

from __future__ import annotations

import pytest

from fzlint.parse import parse

from ..conftest import codes, lint


def texts(diags, text: str) -> list[str]:
    return [text[d.start : d.end] for d in diags]


# ---- title and year ------------------------------------------------------------------------
def test_a_web_header_date_above_the_title_is_neither_title_nor_year():
    text = ("某某区人民政府 2019年12月3日星期二\n\n无障碍 简体| 繁体\n\n"
            "某某区2023年度法治政府建设情况报告\n来源：区政府办公室 发布时间：2024-03-28 09:18\n\n"
            "2023年，某某区坚持以习近平法治思想为指导，深入学习贯彻党的二十大精神。\n")
    doc = parse(text)
    assert doc.title is not None and doc.title.text == "某某区2023年度法治政府建设情况报告"
    assert doc.year == 2023
    diags = lint(text, select=("FZ3", "FZ104", "FZ502"))
    assert "FZ302" not in codes(diags) and "FZ303" not in codes(diags) and "FZ312" not in codes(diags)
    assert texts([d for d in diags if d.code == "FZ502"], text)[0].startswith("某某区人民政府 2019年12月3日星期二")


def test_a_breadcrumb_line_is_not_taken_for_the_title():
    text = ("工作报告\n\n您所在的位置：政务公开 > 工作报告\n\n2020年某某区法治政府建设情况报告\n"
            "文章来源：司法局 更新时间：2021/03/29 11:30:01\n\n2020年，某某区依法全面履行政府职能。\n")
    doc = parse(text)
    assert doc.title is not None and doc.title.text == "2020年某某区法治政府建设情况报告"
    assert doc.year == 2020 and doc.year_source == "title"


def test_the_issuer_line_above_a_guanyu_title_still_belongs_to_the_title():
    doc = parse("青山镇人民政府\n关于2024年度法治政府建设工作的报告\n2024年，青山镇扎实推进依法行政。\n")
    assert doc.title is not None and doc.title.text == "青山镇人民政府关于2024年度法治政府建设工作的报告"
    assert doc.issuer == "青山镇人民政府"


def test_an_attachment_label_above_the_title_is_not_part_of_it():
    doc = parse("附件2\n\n某街道2022年法治政府建设情况报告\n\n2022年，某街道深入推进依法行政。\n")
    assert doc.title is not None and doc.title.text == "某街道2022年法治政府建设情况报告"


@pytest.mark.parametrize("text, year", [
    ("2022年，在区委、区政府的坚强领导下，某街道深入学习贯彻习近平法治思想。现将有关情况报告如下：\n"
     "一、主要举措和成效\n（一）加强组织领导\n全年召开专题会议4次。\n", 2022),
    ("中共某县委员会，某县人民政府：\n根据工作要求，现将我镇2024年度法治政府建设工作情况报告如下：\n"
     "一、主要举措和成效\n（一）加强组织领导\n全年召开专题会议4次。\n", 2024),
    ("2023年，某乡法治建设工作在乡党委、政府的正确领导下稳步推进。\n一、工作开展情况\n"
     "（一）组织领导全面加强\n成立领导小组。\n", 2023),
    ("按照上级要求，我局认真总结全年工作。\n一、2021年度推进法治政府建设的主要举措和成效\n"
     "（一）加强学习\n开展集中学法12次。\n", 2021),
])
def test_the_year_of_a_report_without_one_in_its_title_comes_from_its_opening(text, year):
    doc = parse(text)
    assert (doc.year, doc.year_source) == (year, "body")
    assert "FZ310" not in codes(lint(text, select=("FZ310",)))


def test_a_look_back_since_a_year_does_not_set_the_report_year():
    text = "2021年以来，某区坚持以习近平法治思想为指导，深入学习贯彻党的二十大精神。\n一、主要工作\n（一）加强领导\n召开会议。\n"
    assert parse(text).year is None
    assert "FZ302" not in codes(lint(text, select=("FZ3",)))


def test_a_year_later_in_the_body_is_not_the_report_year():
    text = "关于法治政府建设的情况报告\n按照要求，我乡认真总结工作。\n一、强化组织保障\n（一）健全机制\n2021年以来共召开会议8次。\n"
    assert parse(text).year is None


# ---- numbering -----------------------------------------------------------------------------
NUMBERED_THROUGH = (
    "某区2020年法治政府建设情况报告\n一、2020年推进法治政府建设的主要举措和成效\n（一）加强组织领导\n"
    "1.加强党的领导。区委研究部署法治政府建设工作。\n2.强化考核评价。纳入绩效考核指标体系。\n"
    "（二）依法全面履行政府职能\n3.深化行政审批制度改革。梳理事项清单。\n4.优化营商环境。开展法律体检。\n"
)


def test_items_numbered_straight_through_the_sub_sections_are_no_gap():
    assert "FZ111" not in codes(lint(NUMBERED_THROUGH, select=("FZ111",)))


def test_a_real_gap_in_numbering_that_runs_on_is_still_found():
    text = NUMBERED_THROUGH.replace("4.优化营商环境", "6.优化营商环境")
    diags = [d for d in lint(text, select=("FZ111",)) if d.code == "FZ111"]
    assert len(diags) == 1 and "应为“4.”" in diags[0].message


def test_a_list_that_restarts_under_the_next_sub_section_is_fine():
    text = NUMBERED_THROUGH.replace("3.深化", "1.深化").replace("4.优化", "2.优化")
    assert "FZ111" not in codes(lint(text, select=("FZ111",)))


def test_a_second_yi_at_the_top_level_is_a_duplicate():
    text = ("某街道2022年度法治政府建设工作报告\n一、2022年法治政府建设主要措施\n"
            "一、强化领导责任，夯实法治政府建设基础\n街道党工委高度重视法治政府建设工作，持续完善运行机制。\n")
    diags = [d for d in lint(text, select=("FZ111",)) if d.code == "FZ111"]
    assert len(diags) == 1 and "重复" in diags[0].message and diags[0].line == 3


# ---- parts -----------------------------------------------------------------------------------
@pytest.mark.parametrize("heading", ["2024年法治政府建设基本情况", "工作开展情况", "2019年度工作情况",
                                     "基本情况和主要成效", "工作任务进展及成效", "2022年法治政府建设工作开展情况"])
def test_headings_reporting_the_years_work_as_qingkuang_map_to_measures(heading):
    from fzlint.packs.loader import load_ruleset
    from fzlint.parse.parts import map_parts

    doc = parse(f"某镇2024年法治政府建设情况报告\n一、{heading}\n（一）加强领导\n召开会议4次。\n")
    map_parts(doc, load_ruleset().parts)
    assert doc.top[0].part == "measures"


@pytest.mark.parametrize("heading, part", [("其他需要报告的情况", "other"), ("2024年主要任务", None),
                                           ("党政主要负责人履行推进法治建设第一责任人职责情况", "first_resp"),
                                           ("2024年工作计划", "plans")])
def test_the_qingkuang_cue_leaves_other_parts_alone(heading, part):
    from fzlint.packs.loader import load_ruleset
    from fzlint.parse.parts import map_parts

    doc = parse(f"某镇2023年法治政府建设情况报告\n一、{heading}\n（一）加强领导\n召开会议4次。\n")
    map_parts(doc, load_ruleset().parts)
    assert doc.top[0].part == part


def test_the_previous_year_in_a_basic_situation_heading_is_a_year_mismatch():
    text = ("某街道办事处2025年法治政府建设年度报告\n2025年，某街道坚持以习近平法治思想为指导。\n"
            "一、2024年法治政府建设基本情况\n（一）强化政治引领\n全年召开党工委专题会议4次。\n")
    diags = [d for d in lint(text, select=("FZ312",)) if d.code == "FZ312"]
    assert [d.line for d in diags] == [3]


def test_problems_and_next_steps_in_one_heading_cover_both_parts():
    from fzlint.packs.loader import load_ruleset
    from fzlint.parse.parts import coverage

    doc = parse("青山镇2022年度法治政府建设情况报告\n一、2022年法治政府建设工作开展情况\n（一）加强组织领导\n召开会议4次。\n"
                "二、党政主要负责人履行推进法治建设第一责任人职责情况\n主要负责人带头学法。\n三、存在问题及下一步打算\n"
                "一是法治宣传形式单一，主要是专职人员不足。\n下一步，我镇将加强执法培训。\n")
    cov = coverage(doc, load_ruleset().parts)
    assert all(cov[p] for p in ("measures", "first_resp", "shortcomings", "plans"))


# ---- typography ------------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "时间：2023-02-28 15:36 浏览量：1",
    "来源：某某街道 点击率：",
    "时间：2018-05-03  浏览次数：",
    "日期： 2023-02-28",
    "- 索 引 号： ab01-2025-00003",
    "- 公文生成日期： 2025-02-07",
    "- 备注/文号： 某委〔2025〕5号",
    "回到",
    "顶部",
    "首页→ 网站公告",
])
def test_web_page_metadata_lines_are_boilerplate_and_not_also_stray_spaces(line):
    text = f"{line}\n某镇2024年法治政府建设情况报告\n2024年，某镇扎实推进依法行政。\n"
    diags = lint(text, select=("FZ502", "FZ506", "FZ503"))
    assert codes(diags) == ["FZ502"] and diags[0].line == 1


@pytest.mark.parametrize("line", ["时间安排：2023年全年分三个阶段推进", "来源广泛，点击率高的政务新媒体作品获得表彰"])
def test_report_sentences_with_the_same_words_are_not_boilerplate(line):
    assert "FZ502" not in codes(lint(f"某镇2024年法治政府建设情况报告\n{line}。\n", select=("FZ502",)))


@pytest.mark.parametrize("body, flagged", [
    ("开展法律“六进”、“4·15”全民国家安全教育日等宣传活动。", False),
    ("重点学习了《民法典》、《行政处罚法》等法律法规。", True),
    ("转发“一号建议”、“二号建议”的通知。", True),
    ("使用“人民调解平台”、“调解通”APP办理业务。", True),
    ("印发《工作计划》、《任务清单》《行动方案》。", True),
])
def test_fz510_only_when_the_quoted_part_is_the_whole_item(body, flagged):
    text = "某镇2024年法治政府建设情况报告\n" + body + "\n"
    assert ("FZ510" in codes(lint(text, select=("FZ510",)))) is flagged


@pytest.mark.parametrize("body, flagged", [
    ("基本级执法资格考试通过率达100%.", True),
    ("学法考试全部完成.下一步继续加强。", True),
    ("1.加强组织领导。", False),
    ("全年罚没款2.5万元。", False),
    ("详见网站www.gov.cn。", False),
    ("附件为方案.docx文件。", False),
])
def test_fz511_half_width_full_stop_closing_a_chinese_sentence(body, flagged):
    text = "某镇2024年法治政府建设情况报告\n" + body + "\n"
    diags = [d for d in lint(text, select=("FZ511",)) if d.code == "FZ511"]
    assert bool(diags) is flagged
    if flagged:
        assert diags[0].fix is not None and diags[0].fix.safe and diags[0].fix.edits[0].content == "。"


# ---- terminology -----------------------------------------------------------------------------
HEAD = "某街道2022年法治政府建设情况报告\n"


@pytest.mark.parametrize("body, code, wrong, right", [
    ("党政主要负责人履行推行法治建设第一责任人职责。", "FZ403", "推行法治建设第一责任人", "推进法治建设第一责任人"),
    ("以习总书记系列重要讲话精神为导向。", "FZ403", "习总书记", "习近平总书记"),
    ("全面贯彻党的十九大和历届全会精神。", "FZ403", "历届全会", "历次全会"),
    ("严格落实党政主负责人履行推进法治建设第一责任人职责规定。", "FZ402", "党政主负责", "党政主要负责"),
    ("街道采取了一下措施：一是建立制度。", "FZ402", "一下", "以下"),
    ("确实加强行政执法监督检查。", "FZ402", "确实", "切实"),
])
def test_wording_slips_seen_in_real_reports(body, code, wrong, right):
    text = HEAD + body + "\n"
    diags = [d for d in lint(text, select=(code,)) if d.code == code]
    assert texts(diags, text) == [wrong] and right in diags[0].message


@pytest.mark.parametrize("body", [
    "党政主要负责人履行推进法治建设第一责任人职责。",
    "以习近平总书记重要讲话精神为指导。",
    "深入学习党的十九届历次全会精神。",
    "执法监督确实加强了，群众满意度提高。",
    "切实加强行政执法监督检查。",
    "了解一下群众诉求。",
    "强化干部职工法治思想，提高法律意识。",
])
def test_the_correct_forms_stay_quiet(body):
    assert not [c for c in codes(lint(HEAD + body + "\n", select=("FZ402", "FZ403"))) if c in ("FZ402", "FZ403")]


@pytest.mark.parametrize("title, right", [
    ("法治政府建设实施纲要（2022—2025年）", "法治政府建设实施纲要（2021－2025年）"),
    ("某某区法治政府建设实施纲要（20212025年）", "某某区法治政府建设实施纲要（2021－2025年）"),
])
def test_fz405_a_plan_span_that_names_no_edition(title, right):
    text = HEAD + f"认真落实《{title}》要求。\n"
    diags = [d for d in lint(text, select=("FZ405",)) if d.code == "FZ405"]
    assert texts(diags, text) == [title] and f"《{right}》" in diags[0].message


@pytest.mark.parametrize("title", ["法治政府建设实施纲要（2026—2030年）", "某某省法治政府建设实施纲要（2016—2020年）",
                                   "法治政府建设实施纲要（2015-2020年）"])
def test_fz405_leaves_other_editions_and_regional_plans_alone(title):
    assert "FZ405" not in codes(lint(HEAD + f"认真落实《{title}》要求。\n", select=("FZ405",)))


# ---- dates and stale references --------------------------------------------------------------
@pytest.mark.parametrize("year, reported", [(2025, False), (2026, True)])
def test_newly_revised_administrative_review_law_for_two_years(year, reported):
    text = f"某县{year}年度法治政府建设情况报告\n重点学习新修订的《行政复议法》。\n"
    assert ("FZ304" in codes(lint(text, select=("FZ304",)))) is reported


def test_drafting_words_about_another_document_do_not_excuse_an_anachronism():
    text = ("某市2016年度法治政府建设情况报告\n2016年，我市认真贯彻落实中共中央、国务院制定的《法治政府建设实施纲要"
            "（2015—2020年）》，扎实开展法治政府建设工作，深入推进“八五”普法。\n")
    assert "FZ301" in codes(lint(text, select=("FZ301",)))


def test_drafting_the_next_plan_before_it_starts_is_fine():
    text = "某市2020年度法治政府建设情况报告\n2020年，我市启动“八五”普法规划编制工作。\n"
    assert "FZ301" not in codes(lint(text, select=("FZ301",)))


def test_the_four_duties_paraphrased_without_qinzi_count_for_fz103():
    body = ("一、2024年法治政府建设基本情况\n（一）落实第一责任人职责\n党政主要负责人带头部署重要工作、过问重大问题、"
            "协调重点环节、督办重要任务，年终述法，带头学法，重大行政决策均经合法性审查。\n")
    text = "某街道2024年法治政府建设情况报告\n" + body
    assert "FZ103" not in codes(lint(text, select=("FZ103",)))
    assert "FZ103" in codes(lint(text.replace("部署重要工作、过问重大问题、", ""), select=("FZ103",)))
