"""FZ102–FZ106: causes of shortcomings, first-responsible-person duties, title,
closing block, and reports written as rules."""

from __future__ import annotations

import pytest

from fzlint.diagnostic import Severity

from ..conftest import codes, fzlint_here, lint, seed_text
from ..published import COVER

HEAD = "某街道2023年法治政府建设情况报告\n"
OTHER_PARTS = "一、主要举措和成效\n全年审核文件30件。\n二、履行推进法治建设第一责任人职责情况\n主要负责人带头学法。\n"
PLANS = "四、2024年工作安排\n继续推进法治政府建设。\n"
CLOSING = "某街道办事处\n2024年1月15日\n"


def report(shortcomings: str, heading: str = "三、存在的不足和原因") -> str:
    return HEAD + OTHER_PARTS + heading + "\n" + shortcomings + "\n" + PLANS + CLOSING


def fz(text: str, code: str) -> list[str]:
    return [d.message for d in lint(text, select=(code,))]


# ---- FZ102 shortcomings without causes ------------------------------------------------------------
@pytest.mark.seed
@pytest.mark.parametrize("prefix", ["001", "003"])
def test_seeds_listing_problems_without_causes(prefix):
    diags = lint(seed_text(prefix), select=("FZ102",))
    assert [d.message for d in diags] == ["“存在的不足和原因”列出了 4 项问题，但都没有说明原因"]
    assert diags[0].severity.label == "warning"


@pytest.mark.seed
def test_seed002_gives_causes_for_some_items_only():
    assert fz(seed_text("002"), "FZ102") == [
        "“工作中存在的问题”列出的 3 项问题中，有 1 项没有说明原因：“（三）集访重复访压力较大”"]


@pytest.mark.seed
def test_seed000_explains_each_shortcoming():
    # Each item of 000 goes on to say why (上级单位没有明确归口管理部门；缺少专职人员……).
    assert fz(seed_text("000"), "FZ102") == []


@pytest.mark.seed
def test_seed004_has_no_shortcomings_part_so_fz102_is_silent():
    assert fz(seed_text("004"), "FZ102") == []


def test_one_line_problems_are_reported():
    text = report("还存在一些不足：一是法治宣传有待加强。二是执法监督不够规范。三是人员配备不足。")
    assert fz(text, "FZ102") == ["“存在的不足和原因”列出了 3 项问题，但都没有说明原因"]


def test_a_section_written_as_one_paragraph_is_not_counted_as_one_item():
    text = report("当前还存在一些薄弱环节，法治宣传的针对性有待增强，执法队伍的专业化水平有待提升。")
    assert fz(text, "FZ102") == ["“存在的不足和原因”只写了存在的问题，没有说明原因"]


def test_a_problem_statement_with_缺乏_alone_is_not_a_cause():
    text = report("一是部分干部缺乏法治思维。二是执法人员缺少培训。")
    assert fz(text, "FZ102") == ["“存在的不足和原因”列出了 2 项问题，但都没有说明原因"]


@pytest.mark.parametrize(
    "body",
    [
        "一是法治宣传有待加强。二是执法监督不够规范。究其原因，主要是人员少、任务重。",
        "一是法治宣传有待加强，主要原因是经费不足。二是执法监督不够规范。",
        "一是法治宣传有待加强，由于人员少。二是执法监督不够规范，受疫情影响检查次数减少。",
        "（一）宣传不够\n专职人员没有到位，宣传力量薄弱。\n（二）监督不足\n执法平台尚未全面使用。",
        "一是执法力量薄弱。街道综合执法队仅有在编人员5人，难以满足辖区执法需求。",
    ],
)
def test_causes_given(body):
    assert fz(report(body), "FZ102") == []


def test_cause_analysis_sub_heading_counts_for_all_items():
    text = report("（一）存在的不足\n一是宣传不够。二是监督不足。\n（二）原因分析\n编制少，任务重。")
    assert fz(text, "FZ102") == []


def test_partial_with_sub_headings_names_the_items_without_cause():
    text = report("（一）宣传不够\n专职人员没有到位，宣传力量薄弱。\n（二）监督不足\n（三）调解不够\n由于人员少，调解员不足。")
    assert fz(text, "FZ102") == ["“存在的不足和原因”列出的 3 项问题中，有 1 项没有说明原因：“（二）监督不足”"]


# ---- FZ103 first-responsible-person duties ---------------------------------------------------------
@pytest.mark.seed
@pytest.mark.parametrize(
    ("prefix", "missing"),
    [
        ("001", "“四个亲自”"),
        ("003", "“四个亲自”、年终述法"),
        ("004", "“四个亲自”"),
    ],
)
def test_duties_absent_in_seeds(prefix, missing):
    diags = lint(seed_text(prefix), select=("FZ103",))
    assert [d.message for d in diags] == [f"第一责任人职责部分没有写到（全文也未提及）：{missing}"]
    assert diags[0].severity.label == "info"


@pytest.mark.seed
def test_seed002_covers_all_duties_even_with_wrong_wording():
    # 002 writes 亲自布置 (wrong wording, a terminology matter) — the duty is still shown.
    assert fz(seed_text("002"), "FZ103") == []


@pytest.mark.seed
def test_seed000_describes_述法_under_another_heading():
    # 000 line 9 (in 一、主要举措和成效): 班子成员“年终述法”成为“必选项” — a reviewer sees it.
    assert fz(seed_text("000"), "FZ103") == []


DUTIES_ELSEWHERE = (HEAD + "一、主要举措和成效\n重要工作亲自部署，年终述法，带头学法，重大行政决策合法性审查。\n"
                    "二、履行推进法治建设第一责任人职责情况\n主要负责人高度重视。\n三、存在的不足和原因\n一是……由于……。\n" + PLANS)


def test_duties_described_elsewhere_in_the_report_count():
    assert fz(DUTIES_ELSEWHERE, "FZ103") == []


def test_pack_override_limits_the_search_to_the_part(tmp_path):
    from fzlint.engine import lint_text
    from fzlint.packs.config import Settings

    pack = tmp_path / "strict.yaml"
    pack.write_text("pack: strict\noverride:\n  FZ103: {search_in: part}\n", encoding="utf-8")
    diags = lint_text(DUTIES_ELSEWHERE, "r.txt", Settings(select=("FZ103",), rule_packs=(str(pack),)))
    # The duties are written elsewhere in the report: the message must not say “全文也未提及”.
    assert [d.message for d in diags] == [
        "第一责任人职责部分没有写到：“四个亲自”、年终述法、带头学法、重大决策合法性审查"]


def test_no_duty_finding_when_the_part_is_missing():
    text = HEAD + "一、主要举措和成效\n正文。\n二、存在的不足和原因\n一是……由于……。\n" + PLANS
    assert fz(text, "FZ103") == []


def test_all_duties_present():
    text = (HEAD + "一、主要举措和成效\n正文。\n二、履行推进法治建设第一责任人职责情况\n"
            "坚持重要工作亲自部署、重大问题亲自过问。将履职情况列入年终述职。理论学习中心组集体学法4次。"
            "重大行政决策均经合法性审查。\n三、存在的不足和原因\n一是……由于……。\n" + PLANS)
    assert fz(text, "FZ103") == []


# ---- FZ104 title --------------------------------------------------------------------------------------
@pytest.mark.seed
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_titles_are_fine(prefix):
    assert fz(seed_text(prefix), "FZ104") == []


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("某街道法治政府建设情况报告", "标题缺少年份：某街道法治政府建设情况报告"),
        ("某街道2023年依法行政工作报告", "标题缺少“法治政府建设”：某街道2023年依法行政工作报告"),
        ("关于依法行政工作情况的报告", "标题缺少年份、“法治政府建设”：关于依法行政工作情况的报告"),
    ],
)
def test_title_without_year_or_genre(title, message):
    assert fz(title + "\n" + OTHER_PARTS, "FZ104") == [message]


@pytest.mark.parametrize("year", ["二〇二三", "２０２３", "二0二三", "二O二三"])
def test_year_in_title_however_its_digits_are_written(year):
    # Full-width digits and a 0 for 〇 are typography findings (FZ507, FZ509), not a missing year.
    assert fz(f"某局{year}年度法治政府建设情况报告\n" + OTHER_PARTS, "FZ104") == []


def test_missing_title():
    diags = lint(OTHER_PARTS, select=("FZ104",))
    assert [(d.line, d.message) for d in diags] == [(1, "文首没有识别到报告标题")]


# ---- FZ105 closing block ----------------------------------------------------------------------------------
@pytest.mark.seed
@pytest.mark.parametrize(("prefix", "line"), [("001", 35), ("002", 63), ("004", 51)])
def test_seeds_without_closing_block(prefix, line):
    diags = lint(seed_text(prefix), select=("FZ105",))
    assert [(d.line, d.message) for d in diags] == [(line, "文末缺少落款（发文单位和成文日期）")]


@pytest.mark.seed
@pytest.mark.parametrize("prefix", ["000", "003"])
def test_seeds_with_closing_block(prefix):
    assert fz(seed_text(prefix), "FZ105") == []


def test_closing_with_date_on_the_body_line_counts():
    assert fz(HEAD + OTHER_PARTS + "某街道办事处    2024年1月15日\n", "FZ105") == []


def test_closing_with_month_only_date_is_not_missing():
    assert fz(HEAD + OTHER_PARTS + "\n某街道办事处\n2024年1月\n", "FZ105") == []


@pytest.mark.parametrize("date", ["２０２４年１月１５日", "二0二四年一月十五日", "二〇二四年一月"])
def test_closing_date_however_its_digits_are_written(date):
    assert fz(HEAD + OTHER_PARTS + f"\n某街道办事处\n{date}\n", "FZ105") == []
    assert fz(HEAD + OTHER_PARTS + f"\n某街道办事处    {date}\n", "FZ105") == []


def test_closing_without_date():
    assert fz(HEAD + OTHER_PARTS + "\n某街道办事处\n", "FZ105") == ["落款缺少成文日期：某街道办事处"]


def test_closing_with_date_only():
    assert fz(HEAD + OTHER_PARTS + "\n2024年1月15日\n", "FZ105") == ["落款只有日期，缺少发文单位：2024年1月15日"]


# ---- FZ106 written as rules ---------------------------------------------------------------------------------
@pytest.mark.seed
def test_seed004_written_as_rules():
    diags = lint(seed_text("004"), select=("FZ106",))
    assert [(d.line, d.severity.label) for d in diags] == [(19, "info")]
    assert diags[0].message.startswith("“加强党政主要负责人推进法制建设工作”9 句中有 4 句用“应/应当/要”写成要求（第 19、21、23 行）")


@pytest.mark.seed
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_other_seeds_report_what_was_done(prefix):
    assert fz(seed_text(prefix), "FZ106") == []


def test_modal_compounds_quotes_and_reported_speech_do_not_count():
    text = (HEAD + "一、主要举措和成效\n"
            "完善应急预案。主要领导高度重视。会议强调要依法决策。按照上级要求开展督查。"
            "制度规定“应当公开征求意见。应当听取意见。要组织论证。”全年公开文件12件。\n" + OTHER_PARTS[10:])
    assert fz(text, "FZ106") == []


def test_set_phrases_with_ying_do_not_count():
    text = (HEAD + "一、主要举措和成效\n全面落实行政执法公示制度，做到应公开尽公开。开展应知应会法律知识测试。"
            "社保做到应保尽保、应收尽收。全年办理案件30件。\n" + OTHER_PARTS[10:])
    assert fz(text, "FZ106") == []
    assert len(fz(text.replace("全年办理案件30件。", "应当尽快完善制度。应尽快建立台账。要及时公开。"), "FZ106")) == 1  # still modal


def test_plans_may_be_prescriptive():
    text = HEAD + OTHER_PARTS + "三、存在的不足和原因\n一是……由于……。\n四、2024年工作安排\n要加强学习。应当完善制度。要严格执法。要强化监督。\n"
    assert fz(text, "FZ106") == []


def test_section_written_as_rules_is_reported_once_per_part():
    text = (HEAD + "一、主要举措和成效\n应召开专题会议。应当建立台账。街道应按照规定公开。要加强学习。全年办结10件。\n"
            "二、履行推进法治建设第一责任人职责情况\n主要负责人带头学法。\n")
    diags = lint(text, select=("FZ106",))
    assert [(d.line, d.column, d.end_column) for d in diags] == [(3, 1, 9)]
    assert diags[0].message == "“主要举措和成效”5 句中有 4 句用“应/应当/要”写成要求（第 3 行），像是照搬制度条文，而不是报告做了什么"


# ---- fixes through the CLI -------------------------------------------------------------------------------------
@pytest.mark.seed
def test_fix_applies_safe_marker_fixes_only(tmp_path):
    f = tmp_path / "000.txt"
    f.write_text(seed_text("000"), encoding="utf-8")
    r = fzlint_here("check", str(f), "--fix", "--select", "FZ112,FZ113", "--format", "concise")
    assert r.returncode == 1  # the lost numbers remain: their fix is unsafe
    lines = f.read_text(encoding="utf-8").split("\n")
    assert lines[58] == " （二）工作人员配备力量薄弱" and lines[7] == "加强法治建设，提升法治保障"
    r = fzlint_here("check", str(f), "--fix", "--unsafe-fixes", "--select", "FZ112", "--format", "concise")
    lines = f.read_text(encoding="utf-8").split("\n")
    assert lines[7] == "（一）加强法治建设，提升法治保障" and lines[39].startswith("（十一）完善公共法律服务体系")
    assert r.returncode == 0, r.stdout


def test_combined_section_is_judged_on_its_shortcomings_sub_section():
    text = (HEAD + OTHER_PARTS + "三、存在的问题和下一步打算\n（一）存在的问题\n一是宣传不够。二是监督不足。\n"
            "（二）下一步打算\n加强宣传，强化监督。\n")
    assert fz(text, "FZ102") == ["“存在的问题”列出了 2 项问题，但都没有说明原因"]


# ---- FZ107: an achievements part without figures ------------------------------------------
VAGUE = "坚持高度重视法治政府建设，扎实推进依法行政各项工作，不断完善制度机制，切实提升工作水平。"  # 40 Han characters
FACTS = "全年审核规范性文件12件，办理行政复议案件8件，开展普法活动36场，培训执法人员210人次。"


def measures_report(paragraphs: list[str]) -> str:
    body = "\n".join(paragraphs)
    return (HEAD + "一、主要举措和成效\n" + body + "\n二、履行推进法治建设第一责任人职责情况\n主要负责人带头学法。\n"
            "三、存在的不足和原因\n执法力量不足，主要原因是编制有限。\n" + PLANS + CLOSING)


def test_a_long_achievements_part_without_figures_is_an_info():
    text = measures_report([VAGUE] * 22)  # 880 characters and the heading's 8, no figure
    d = [x for x in lint(text) if x.code == "FZ107"]
    assert [(x.line, x.severity, x.message) for x in d] == [
        (2, Severity.INFO, "“主要举措和成效”部分约 888 字只有 0 个数据（每千字 0.0 个），看不出做了多少、效果如何")]


def test_figures_enough_short_parts_and_dates_decide():
    assert fz(measures_report([VAGUE] * 20 + [FACTS] * 2), "FZ107") == []  # 8 figures in ~880 characters
    assert fz(measures_report([VAGUE] * 15), "FZ107") == []  # 630 characters: too short to judge
    dated = "2023年3月至12月，于2023年6月15日召开第三次会议，扎实推进依法行政各项工作，不断完善制度机制。"
    assert len(fz(measures_report([dated] * 25), "FZ107")) == 1  # dates and ordinals are not figures


@pytest.mark.seed
def test_the_seeds_with_figures_are_not_vague():
    for name in ("000", "001", "002", "003"):
        assert fz(seed_text(name), "FZ107") == [], name


@pytest.mark.published
def test_the_four_duties_paraphrased_without_qinzi_count_for_fz103():
    body = ("一、2024年法治政府建设基本情况\n（一）落实第一责任人职责\n党政主要负责人带头部署重要工作、过问重大问题、"
            "协调重点环节、督办重要任务，年终述法，带头学法，重大行政决策均经合法性审查。\n")
    text = "某街道2024年法治政府建设情况报告\n" + body
    assert "FZ103" not in codes(lint(text, select=("FZ103",)))
    assert "FZ103" in codes(lint(text.replace("部署重要工作、过问重大问题、", ""), select=("FZ103",)))


@pytest.mark.published
def test_the_closing_block_of_a_cover_letter_is_the_reports():
    from fzlint.parse import parse
    text = COVER.format(date="2024年3月8日")
    assert found(text, "FZ105") == []
    sig = parse(text).signature
    assert sig is not None and sig.body is not None and sig.body.text == "某省卫生健康委"
    assert str(sig.date) == "2024-03-08"


@pytest.mark.published
def test_a_cover_letter_without_a_date_still_leaves_the_report_undated():
    text = COVER.replace("某省卫生健康委\n{date}\n", "某省卫生健康委\n")
    assert len(found(text, "FZ105")) == 1




def found(text: str, code: str) -> list[str]:
    return [d.message for d in lint(text, select=(code,)) if d.code == code]
