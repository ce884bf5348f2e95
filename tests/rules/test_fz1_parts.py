"""FZ101 and the parts mapping: which top-level sections are which required parts.

Covers the seeds (domain.md §6), heading wordings seen in real reports, the three
ways a part can be covered without a top-level heading of its own, and the
mutations the issue asks for: a seed with one required part deleted draws an
error naming that part; a seed whose plans heading is reworded still maps.
"""

from __future__ import annotations

import pytest

from fzlint.engine import prepare_document
from fzlint.packs.config import Settings
from fzlint.packs.loader import load_ruleset
from fzlint.parse import parse
from fzlint.parse.document import Heading
from fzlint.parse.parts import coverage, part_ranges, score_text

from ..conftest import SEED_IDS, codes, lint, seed_text

SPECS = load_ruleset().parts
NAMES = {p.id: p.name for p in SPECS.parts}
REQUIRED = [p.id for p in SPECS.parts if p.required]


def prepared(text: str):
    doc = parse(text, "report.txt")
    settings = Settings()
    return prepare_document(doc, settings.ruleset(), settings)


def fz101(text: str) -> list[str]:
    return [d.message for d in lint(text, select=("FZ101",))]


def best_part(heading_text: str) -> str | None:
    pid, score = score_text(heading_text, SPECS)[0]
    return pid if score >= SPECS.threshold else None


# ---- the seeds ---------------------------------------------------------------------------
@pytest.mark.seed
@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("000", ["measures", "first_resp", "shortcomings", "plans"]),
        ("001", ["first_resp", "measures", "shortcomings", "plans"]),  # 滨海新区 puts 第一责任人 first
        ("002", ["first_resp", "measures", "shortcomings", "plans"]),
        ("003", ["measures", "first_resp", "shortcomings", "plans"]),
        ("004", ["measures", "first_resp", "plans"]),
    ],
)
def test_seed_top_level_parts(prefix, expected):
    doc = prepared(seed_text(prefix))
    assert [h.part for h in doc.top] == expected


@pytest.mark.seed
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_no_missing_part_on_complete_seeds(prefix):
    assert fz101(seed_text(prefix)) == []


@pytest.mark.seed
def test_seed004_lacks_shortcomings():
    diags = lint(seed_text("004"), select=("FZ101",))
    assert [(d.code, d.line, d.message) for d in diags] == [(
        "FZ101", 1, "缺少必备部分“存在的不足和原因”")]
    assert diags[0].severity.label == "error"
    assert dict(diags[0].data) == {"part": "shortcomings"}


def test_order_alone_is_never_reported():
    # 第一责任人 first, then 不足, then 举措成效, then 安排: every part present, no FZ1 error.
    text = (
        "某区2023年法治政府建设情况报告\n一、履行推进法治建设第一责任人职责情况\n正文一。\n"
        "二、存在的不足和原因\n一是人员不足，由于编制所限。\n三、主要举措和成效\n正文三。\n"
        "四、2024年工作安排\n正文四。\n"
    )
    assert [d for d in lint(text, select=("FZ1",)) if d.severity.label == "error"] == []


# ---- mutations: delete one part, reword the plans heading ------------------------------------
def delete_part(text: str, part: str) -> str:
    doc = prepared(text)
    lines = text.split("\n")
    for h in doc.top:
        if h.part == part:
            first = h.line - 1
            last = doc.position(h.end)[0] - 1 if h.end < len(text) else len(lines)
            if h.end >= doc.body_end:
                last = doc.position(doc.body_end)[0] - 1
            del lines[first:last]
            return "\n".join(lines)
    raise AssertionError(f"{part} not in seed")


MUTATIONS = [(s, p) for s in SEED_IDS for p in REQUIRED if not (s == "004" and p == "shortcomings")]


@pytest.mark.seed
@pytest.mark.parametrize(("prefix", "part"), MUTATIONS, ids=[f"{s}-{p}" for s, p in MUTATIONS])
def test_deleting_a_part_draws_a_missing_part_error(prefix, part):
    mutated = delete_part(seed_text(prefix), part)
    assert len(mutated) < len(seed_text(prefix))
    expected = {f"缺少必备部分“{NAMES[part]}”"}
    if prefix == "004":
        expected.add(f"缺少必备部分“{NAMES['shortcomings']}”")
    assert set(fz101(mutated)) == expected


PLAN_WORDINGS = ["四、2024年工作打算", "五、下一年度工作思路", "四、下一步工作计划", "四、2024年工作思路和重点",
                 "四、下步工作打算", "四、明年工作安排", "四、今后工作打算", "四、下一步努力方向"]


@pytest.mark.seed
@pytest.mark.parametrize("prefix", SEED_IDS)
@pytest.mark.parametrize("wording", PLAN_WORDINGS)
def test_reworded_plans_heading_still_maps(prefix, wording):
    text = seed_text(prefix)
    doc = prepared(text)
    plans = next(h for h in doc.top if h.part == "plans")
    lines = text.split("\n")
    old = lines[plans.line - 1]
    lines[plans.line - 1] = old[: len(old) - len(old.lstrip())] + wording
    mutated = "\n".join(lines)
    doc2 = prepared(mutated)
    assert next(h for h in doc2.top if h.line == plans.line).part == "plans"
    assert NAMES["plans"] not in "".join(fz101(mutated))


# ---- heading wordings -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("heading", "part"),
    [
        ("主要举措和成效", "measures"),
        ("2023年推进法治政府建设的主要举措和成效", "measures"),
        ("推进法治政府建设的主要做法和成效", "measures"),
        ("主要举措与成效", "measures"),
        ("主要工作及成效", "measures"),
        ("取得的成效", "measures"),
        ("工作成效", "measures"),
        ("履行第一责任人职责情况", "first_resp"),
        ("党政主要负责人切实履行推进法治建设第一责任人职责", "first_resp"),
        ("大港街党政主要负责人履行法治建设第一责任人职责，加强法治政府建设的有关情况", "first_resp"),
        ("主要负责人履职情况", "first_resp"),
        ("存在的不足和原因", "shortcomings"),
        ("工作中存在的问题", "shortcomings"),
        ("存在问题和不足", "shortcomings"),
        ("问题与不足", "shortcomings"),
        ("不足之处及原因分析", "shortcomings"),
        ("困难和问题", "shortcomings"),
        ("下一年度推进法治政府建设的主要安排", "plans"),
        ("2024年推进法治工作计划", "plans"),
        ("下一步工作举措", "plans"),
        ("下一年度主要工作安排", "plans"),
        ("下一步努力方向", "plans"),
        ("其他需要报告的情况", "other"),
    ],
)
def test_heading_wordings_map(heading, part):
    assert best_part(heading) == part


@pytest.mark.parametrize(
    "heading",
    [
        "深入学习贯彻习近平法治思想",  # the 纲要's own headings are not required parts
        "健全政府机构职能体系，推动更好发挥政府作用",
        "坚持问题导向，着力解决群众急难愁盼问题",  # ends in 问题 but is not the shortcomings part
        "2023年重点工作完成情况",  # a year and 重点, but a report on the year, not plans
    ],
)
def test_headings_that_are_not_parts(heading):
    assert best_part(heading) not in ("shortcomings", "plans")


# ---- covered without a top-level heading --------------------------------------------------------
def test_part_covered_by_second_level_heading():
    text = (
        "某街道2023年法治政府建设情况报告\n"
        "一、主要举措和成效\n（一）依法行政\n全年审核文件30件。\n"
        "（二）党政主要负责人履行推进法治建设第一责任人职责情况\n主要负责人带头学法，年终述法。\n"
        "二、存在的不足和原因\n一是人员不足，由于编制所限。二是培训不够，受疫情影响。\n"
        "三、2024年工作安排\n继续推进。\n"
    )
    doc = prepared(text)
    cov = coverage(doc, SPECS)
    assert [(c.how, c.heading.line) for c in cov["first_resp"]] == [("sub", 5)]
    assert fz101(text) == []
    # Its scope is the sub-section only, so FZ103 looks there.
    (a, b), = part_ranges(doc, SPECS, "first_resp")
    assert doc.text[a:b].startswith("（二）党政主要负责人") and "二、存在的不足" not in doc.text[a:b]


@pytest.mark.seed
def test_sub_heading_inside_its_own_part_is_not_a_second_cover():
    doc = prepared(seed_text("004"))  # "1.党政主要负责人履行推进法制建设第一责任人职责" sits inside 二、…第一责任人…
    assert [c.how for c in coverage(doc, SPECS)["first_resp"]] == ["heading"]


def test_combined_heading_covers_both_parts():
    text = (
        "某局2023年法治政府建设情况报告\n一、主要举措和成效\n正文。\n二、履行第一责任人职责情况\n正文。\n"
        "三、存在的问题和下一步打算\n（一）存在的问题\n一是宣传不够，由于人员少。\n（二）下一步打算\n加强宣传。\n"
    )
    cov = coverage(prepared(text), SPECS)
    assert [c.how for c in cov["shortcomings"]] == ["heading"]
    assert [c.how for c in cov["plans"]] == ["also"]
    assert fz101(text) == []


def test_combined_heading_without_sub_headings():
    text = (
        "某局2023年法治政府建设情况报告\n一、主要举措和成效\n正文。\n二、履行第一责任人职责情况\n正文。\n"
        "三、存在的问题及下一步工作计划\n一是宣传不够，由于人员少。明年加强宣传。\n"
    )
    cov = coverage(prepared(text), SPECS)
    covers = cov["plans"] + cov["shortcomings"]
    assert sorted((c.how, c.heading.line) for c in covers) == [("also", 6), ("heading", 6)]
    assert fz101(text) == []


def test_measures_implicit_when_report_uses_the_gangyao_headings():
    text = (
        "某区2023年法治政府建设情况报告\n一、深入学习贯彻习近平法治思想\n正文。\n"
        "二、健全政府机构职能体系，推动更好发挥政府作用\n正文。\n"
        "三、党政主要负责人履行推进法治建设第一责任人职责情况\n正文。\n"
        "四、存在的不足和原因\n一是……，由于……。\n五、2024年工作安排\n正文。\n"
    )
    cov = coverage(prepared(text), SPECS)
    assert [(c.how, c.heading.line) for c in cov["measures"]] == [("implicit", 2), ("implicit", 4)]
    assert fz101(text) == []


def test_unrelated_sub_heading_does_not_cover_a_missing_part():
    # "（三）着力解决突出问题" must not stand in for 存在的不足和原因.
    text = (
        "某区2023年法治政府建设情况报告\n一、主要举措和成效\n（一）依法决策\n正文。\n（二）着力解决突出问题\n正文。\n"
        "（三）2023年重点工作完成情况\n正文。\n二、履行第一责任人职责情况\n正文。\n三、2024年工作安排\n正文。\n"
    )
    assert fz101(text) == [f"缺少必备部分“{NAMES['shortcomings']}”"]


def test_report_without_any_heading_gets_one_error():
    text = "某区2023年法治政府建设情况报告\n今年我区做了很多工作。\n各项工作有序推进。\n"
    diags = lint(text, select=("FZ101",))
    assert codes(diags) == ["FZ101"]
    assert diags[0].message.startswith("没有识别到分部分的标题")
    assert all(NAMES[p] in diags[0].message for p in REQUIRED)


def test_score_for_heading_object_matches_text():
    from fzlint.parse.parts import score_heading

    h = Heading(1, "cn", 4, "四、", "2024年工作打算", 1, 0, 2, 11)
    assert score_heading(h, SPECS)[0] == score_text("2024年工作打算", SPECS)[0]


def test_part_covered_by_a_paragraph_when_no_heading_names_it():
    text = (
        "某街道2023年法治政府建设情况报告\n"
        "一、主要举措和成效\n（一）依法行政\n全年审核文件30件。\n"
        "街道党政主要负责同志切实履行推进法治建设第一责任人职责，重要工作亲自部署。\n"
        "在取得成绩的同时，我们也清醒地认识到还存在一些不足：一是宣传不够。二是监督不足。\n"
        "二、2024年工作安排\n继续推进。\n"
    )
    doc = prepared(text)
    cov = coverage(doc, SPECS)
    assert [(c.how, doc.position(c.start)[0], c.heading) for c in cov["first_resp"]] == [("paragraph", 5, None)]
    assert [(c.how, doc.position(c.start)[0]) for c in cov["shortcomings"]] == [("paragraph", 6)]
    assert fz101(text) == []
    assert lint(text, select=("FZ102", "FZ106")) == []  # no section to judge


def test_paragraph_inside_another_part_does_not_cover():
    # 001 with its 第一责任人 part deleted: the shortcomings paragraph says
    # "一是部分单位主要负责人履行推进法治建设第一责任人职责不到位" — a problem, not the part.
    text = (
        "某区2023年法治政府建设情况报告\n一、主要举措和成效\n正文。\n"
        "二、存在的不足和原因\n还存在一些问题：一是部分单位主要负责人履行推进法治建设第一责任人职责不到位，由于重视不够。\n"
        "三、2024年工作安排\n正文。\n"
    )
    assert fz101(text) == [f"缺少必备部分“{NAMES['first_resp']}”"]


# ---- parts -----------------------------------------------------------------------------------
@pytest.mark.published
@pytest.mark.parametrize("heading", ["2024年法治政府建设基本情况", "工作开展情况", "2019年度工作情况",
                                     "基本情况和主要成效", "工作任务进展及成效", "2022年法治政府建设工作开展情况"])
def test_headings_reporting_the_years_work_as_qingkuang_map_to_measures(heading):
    from fzlint.packs.loader import load_ruleset
    from fzlint.parse.parts import map_parts

    doc = parse(f"某镇2024年法治政府建设情况报告\n一、{heading}\n（一）加强领导\n召开会议4次。\n")
    map_parts(doc, load_ruleset().parts)
    assert doc.top[0].part == "measures"


@pytest.mark.published
@pytest.mark.parametrize("heading, part", [("其他需要报告的情况", "other"), ("2024年主要任务", None),
                                           ("党政主要负责人履行推进法治建设第一责任人职责情况", "first_resp"),
                                           ("2024年工作计划", "plans")])
def test_the_qingkuang_cue_leaves_other_parts_alone(heading, part):
    from fzlint.packs.loader import load_ruleset
    from fzlint.parse.parts import map_parts

    doc = parse(f"某镇2023年法治政府建设情况报告\n一、{heading}\n（一）加强领导\n召开会议4次。\n")
    map_parts(doc, load_ruleset().parts)
    assert doc.top[0].part == part


@pytest.mark.published
def test_problems_and_next_steps_in_one_heading_cover_both_parts():
    from fzlint.packs.loader import load_ruleset
    from fzlint.parse.parts import coverage

    doc = parse("青山镇2022年度法治政府建设情况报告\n一、2022年法治政府建设工作开展情况\n（一）加强组织领导\n召开会议4次。\n"
                "二、党政主要负责人履行推进法治建设第一责任人职责情况\n主要负责人带头学法。\n三、存在问题及下一步打算\n"
                "一是法治宣传形式单一，主要是专职人员不足。\n下一步，我镇将加强执法培训。\n")
    cov = coverage(doc, load_ruleset().parts)
    assert all(cov[p] for p in ("measures", "first_resp", "shortcomings", "plans"))
