"""Advice that fits the report's own year and unit (issue 16 §7), and the year-to-date and
unended-period windows of FZ315 (§6).  Sentences written for these tests."""

from __future__ import annotations

from fzlint.engine import lint_text
from fzlint.packs.config import Settings


def found(text: str, code: str):
    return [d for d in lint_text(text, "x.txt", Settings(select=(code,))) if d.code == code]


def report(year: int, body: str, plans: str = "", unit: str = "柳岸镇", signed: str | None = None) -> str:
    text = f"{unit}{year}年法治政府建设情况报告\n一、主要举措和成效\n{body}\n"
    if plans:
        text += f"二、{year + 1}年工作安排\n{plans}\n"
    if signed:
        text += f"{unit}\n{signed}\n"
    return text


OUTLINE_2015 = "我镇将继续贯彻落实《法治政府建设实施纲要（2015—2020年）》，全面推进依法行政。"


def test_a_successor_published_after_the_report_is_not_suggested() -> None:
    (d,) = found(report(2020, "全年审查合同31份。", OUTLINE_2015, signed="2021年2月3日"), "FZ301")
    assert "2021—2025" not in d.message and not d.suggestion


def test_a_successor_published_before_the_report_is_suggested() -> None:
    # The same plans section in a report signed after the successor was published.
    (d,) = found(report(2020, "全年审查合同31份。", OUTLINE_2015, signed="2021年9月3日"), "FZ301")
    assert "法治政府建设实施纲要（2021—2025年）" in d.message


def test_pufa_successor_follows_its_publication_date() -> None:
    plans = "深入推进“七五”普法，开展普法活动。"
    (early,) = found(report(2020, "全年审查合同31份。", plans, signed="2021年1月20日"), "FZ301")
    assert "八五普法" not in early.message
    (later,) = found(report(2020, "全年审查合同31份。", plans, signed="2021年7月1日"), "FZ301")
    assert "八五普法" in later.message


def test_fz315_suggests_the_reports_own_year() -> None:
    (d,) = found(report(2019, "今年以来共开展普法活动20场。"), "FZ315")
    assert "2019年" in d.suggestion and "2023" not in d.suggestion


def test_year_to_date_in_a_report_signed_inside_that_year() -> None:
    (d,) = found(report(2019, "2019年以来，我镇共开展普法活动20场。", signed="2019年12月10日"), "FZ315")
    assert "2019年以来" in d.message


def test_year_since_in_a_report_signed_after_the_year_is_the_whole_year() -> None:
    assert not found(report(2019, "2019年以来，我镇共开展普法活动20场。", signed="2020年1月10日"), "FZ315")
    assert not found(report(2019, "2019年以来，我镇共开展普法活动20场。"), "FZ315")
    # An earlier year "以来" opens a look back over several years.
    assert not found(report(2019, "2017年以来，我镇共开展普法活动60场。", signed="2019年12月10日"), "FZ315")


def test_figures_of_a_later_period_not_ended_when_signed() -> None:
    (d,) = found(report(2023, "2024年1-6月，全镇办理行政复议案件12件。", signed="2024年1月15日"), "FZ315")
    assert d.severity.name.lower() == "warning" and "2024年6月30日" in d.message


def test_figures_of_a_later_period_ended_before_signing_are_no_finding() -> None:
    assert not found(report(2023, "2024年1-2月，全镇办理行政复议案件3件。", signed="2024年3月20日"), "FZ315")


def test_figures_of_a_later_period_without_signature_use_the_deadline() -> None:
    (d,) = found(report(2023, "2024年1-6月，全镇办理行政复议案件12件。"), "FZ315")
    assert "2024年3月31日" in d.message
    assert not found(report(2023, "2022年1-6月，全镇办理行政复议案件12件。"), "FZ315")  # a comparison


FAZHIBAN = "规范性文件均报法制办审查。"


def test_fz305_names_the_body_of_the_units_level() -> None:
    expected = {"柳岸镇": "司法所", "柳岸街道": "司法所", "柳岸乡人民政府": "司法所", "柳岸区": "司法局",
                "柳岸县人民政府": "司法局", "柳岸市": "司法局", "柳岸省人民政府": "司法厅",
                "柳岸区市场监管局": "本单位承担合法性审核职责的机构"}
    for unit, body in expected.items():
        (d,) = found(report(2020, FAZHIBAN, unit=unit), "FZ305")
        assert body in d.suggestion, (unit, d.suggestion)
        others = {"司法所", "司法局", "司法厅"} - {body}
        assert not any(f"“{o}" in d.suggestion for o in others), (unit, d.suggestion)


def test_fz305_without_a_known_unit_keeps_the_general_advice() -> None:
    text = "2020年法治政府建设情况报告\n一、主要举措和成效\n" + FAZHIBAN + "\n"
    (d,) = found(text, "FZ305")
    assert "司法局（或本单位承担合法性审核职责的机构）" in d.suggestion


def test_next_pufa_preparation_is_fine_only_in_the_year_before() -> None:
    assert not found(report(2025, "启动九五普法规划编制工作。"), "FZ301")
    (d,) = found(report(2023, "启动九五普法规划编制工作。"), "FZ301")
    assert "九五普法" in d.message
    # Current-tense mention in the year before is still reported.
    assert found(report(2025, "深入推进九五普法各项任务。"), "FZ301")
