"""FZ310–FZ317: the report year, plan years, signature date, data windows, impossible dates and weekdays."""

from __future__ import annotations

import pytest

from fzlint.diagnostic import Severity
from fzlint.engine import lint_text
from fzlint.packs.config import Settings

from ..conftest import fzlint_here, lint, seed_text
from ..published import COVER
from ..stale_helpers import report


def find(text: str, code: str, year: int | None = None):
    return [d for d in lint(text, year=year, select=(code,))]


def span(text: str, d) -> str:
    return text[d.start:d.end]


# ---- FZ310 report year unknown ----------------------------------------------------------
NO_YEAR = "某某街道法治政府建设情况报告\n\n一、主要举措和成效\n2022年以来，街道深入推进“七五”普法。\n" \
          "四、2023年工作安排\n继续推进。\n\n某某街道办事处\n2023年11月1日\n"


def test_unknown_year_gives_one_info_and_skips_the_year_rules():
    diags = lint(NO_YEAR, select=("FZ3",))
    assert [d.code for d in diags] == ["FZ310"]
    assert diags[0].severity == Severity.INFO
    assert "--year" in diags[0].suggestion and diags[0].line == 1


def test_year_override_replaces_the_unknown_year(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(NO_YEAR, encoding="utf-8")
    out = fzlint_here("check", str(path), "--select", "FZ3", "--format", "concise", "--isolated", "--exit-zero")
    assert "FZ310" in out.stdout and "FZ301" not in out.stdout
    out = fzlint_here("check", str(path), "--select", "FZ3", "--format", "concise", "--isolated", "--exit-zero",
                     "--year", "2023")
    codes = sorted(ln.split()[1] for ln in out.stdout.splitlines() if ln.startswith(str(path)))
    assert codes == ["FZ301", "FZ311", "FZ312", "FZ313"]


@pytest.mark.seed
def test_known_year_draws_no_fz310():
    for prefix in ("000", "001", "002", "003", "004"):
        assert find(seed_text(prefix), "FZ310") == []


# ---- FZ311 plans heading ------------------------------------------------------------------
def test_plans_heading_with_the_report_year_is_an_error():
    text = report(2023, plans_heading="四、2023年工作安排")
    d = find(text, "FZ311")
    assert len(d) == 1 and d[0].severity == Severity.ERROR and span(text, d[0]) == "2023年"
    assert "2024年" in d[0].message


@pytest.mark.parametrize("heading", [
    "四、2024年推进法治政府建设的主要安排",
    "四、下一年度推进法治政府建设的主要安排",
    "四、2024年工作计划及力争2025年目标",
    "四、2021—2025年工作思路",
    "四、落实《法治政府建设实施纲要（2021-2025年）》的2024年工作安排",
])
def test_plans_heading_negatives(heading):
    assert find(report(2023, plans_heading=heading), "FZ311") == []


def test_plans_heading_with_an_older_year_is_an_error():
    d = find(report(2023, plans_heading="四、2022年工作打算"), "FZ311")
    assert len(d) == 1 and "2022年" in d[0].message


# ---- FZ312 previous year as current -------------------------------------------------------
def test_opening_with_last_year_is_reported():
    text = report(2023, preamble="2022年以来，某某街道坚持依法行政。")
    d = find(text, "FZ312")
    assert len(d) == 1 and d[0].severity == Severity.WARNING and span(text, d[0]) == "2022年以来"
    text = report(2023, preamble="2022年，某某街道坚持依法行政。")
    assert [span(text, x) for x in find(text, "FZ312")] == ["2022年，"]


@pytest.mark.parametrize("preamble", [
    "2023年以来，某某街道坚持依法行政。",
    "2023年，某某街道坚持依法行政。",
    "2020年以来，某某街道连续四年获评先进。",
    "某某街道坚持依法行政，2022年以来连续两年获评先进。",
    "根据《行政复议法》（2023年修订），街道规范复议工作。",
])
def test_opening_negatives(preamble):
    assert find(report(2023, preamble=preamble), "FZ312") == []


def test_only_the_opening_of_the_body_is_read_as_the_current_year():
    text = report(2023, preamble="2023年，某某街道坚持依法行政。\n2022年，街道获评全省法治建设先进单位。")
    assert find(text, "FZ312") == []
    # a web page's metadata line before the real opening is not prose
    text = report(2023, preamble="发布日期: 2024-03-26 17:24      来源: 某某街道\n2022年以来，某某街道坚持依法行政。")
    assert len(find(text, "FZ312")) == 1


def test_measures_heading_with_another_year_and_report_intro():
    d = find(report(2023, measures_heading="一、2022年推进法治政府建设的主要举措和成效"), "FZ312")
    assert len(d) == 1
    text = report(2023, preamble="现就2022年度法治政府建设情况报告如下。")
    assert len(find(text, "FZ312")) == 1
    text = report(2023, "今年（2022年）街道调解纠纷120件。")
    assert len(find(text, "FZ312")) == 1


def test_plans_section_may_name_other_years():
    text = report(2023, plans="2022年以来形成的经验继续推广，力争2025年全面完成。")
    assert find(text, "FZ312") == []


# ---- FZ313 signature date -----------------------------------------------------------------
@pytest.mark.seed
def test_signature_inside_the_report_year():
    for prefix in ("000", "003"):
        d = find(seed_text(prefix), "FZ313")
        assert len(d) == 1 and "2023年11月20日" in d[0].message and d[0].severity == Severity.WARNING


@pytest.mark.parametrize(("sig", "n"), [("2024年2月1日", 0), ("2024年3月31日", 0), ("2023年12月31日", 1),
                                        ("2025年3月1日", 1), ("2022年3月1日", 1)])
def test_signature_dates(sig, n):
    d = find(report(2023, signature=sig), "FZ313")
    assert len(d) == n
    if sig.startswith("2025"):
        assert "2024年成文" in d[0].message


@pytest.mark.parametrize("sig", ["2024年4月1日", "2024年6月10日", "2024年12月31日"])
def test_a_signature_after_the_publication_deadline_is_an_info(sig):
    # 《法治政府建设与责任落实督察工作规定》: made public before 1 April of the next year
    d = find(report(2023, signature=sig), "FZ313")
    assert [(x.severity, x.message) for x in d] == [
        (Severity.INFO, f"落款日期{sig}已过公开期限：2023年度报告应在2024年4月1日前向社会公开")]


@pytest.mark.seed
def test_no_signature_no_finding():
    assert find(seed_text("001"), "FZ313") == []


# ---- FZ314 after the signature ------------------------------------------------------------
@pytest.mark.seed
def test_seed_003_year_end_after_november_signature():
    text = seed_text("003")
    d = find(text, "FZ314")
    assert [(x.line, span(text, x)) for x in d] == [(27, "截至2023年底")]


def test_whole_year_figures_and_dates_after_the_signature():
    sig = "2023年11月20日"
    text = report(2023, "全年受理行政复议案件12件。12月4日开展宪法宣传活动。2023年12月召开专题会议。", signature=sig)
    assert [span(text, x) for x in find(text, "FZ314")] == ["全年", "12月4日", "2023年12月"]
    # the same text written in February is fine
    assert find(report(2023, "全年受理行政复议案件12件。2023年12月召开专题会议。", signature="2024年2月1日"),
                "FZ314") == []


@pytest.mark.parametrize("sentence", [
    "新修订的条例将于2023年12月1日起施行。",
    "计划于2023年12月底前完成清理。",
    "利用12月4日国家宪法日等时间节点开展普法。",
    "为使全年工作有序展开，制定工作要点。",
    "《某某条例》（2023年12月1日起施行）。",
])
def test_after_signature_negatives(sentence):
    assert find(report(2023, sentence, signature="2023年11月20日"), "FZ314") == []


def test_year_end_without_a_year_after_an_early_signature():
    text = report(2023, "截至12月底共受理案件12件。", signature="2023年11月20日")
    assert [span(text, d) for d in find(text, "FZ314")] == ["截至12月底"]


def test_after_signature_ignores_the_plans_section():
    text = report(2023, plans="2024年3月1日前完成，12月31日前总结。", signature="2023年11月20日")
    assert find(text, "FZ314") == []


# ---- FZ315 partial-year windows -----------------------------------------------------------
@pytest.mark.seed
def test_seed_000_windows():
    text = seed_text("000")
    d = find(text, "FZ315")
    spans = [span(text, x) for x in d]
    assert spans.count("今年以来") == 3 and spans.count("2023年至今") == 3
    assert "截止目前" in spans and "截至目前" in spans and "1-8月" in spans
    late = [x for x in d if x.severity == Severity.WARNING]
    assert [span(text, x) for x in late] == ["1-11月"]
    assert "2023年11月30日" in late[0].message and "2023年11月20日" in late[0].message
    assert all(x.severity == Severity.INFO for x in d if x is not late[0])


@pytest.mark.parametrize(("sentence", "n"), [
    ("1-10月共受理案件12件。", 1),
    ("1月至10月共受理案件12件。", 1),
    ("前三季度共受理案件12件。", 1),
    ("截至2023年10月底共受理案件12件。", 1),
    ("截至11月底共受理案件12件。", 1),
    ("截至12月底共受理案件12件。", 0),
    ("1-12月共受理案件12件。", 0),
    ("2022年1-10月受理案件10件，今年同期增长20%。", 0),
    ("2018年至今累计受理案件120件。", 0),
    ("11-12月开展专项整治。", 0),
    ("全年共受理案件12件。", 0),
])
def test_partial_windows(sentence, n):
    assert len(find(report(2023, sentence), "FZ315")) == n


def test_windows_in_the_plans_section_are_not_reported():
    assert find(report(2023, plans="今年以来的做法继续推广，截至目前的问题全部整改。"), "FZ315") == []


def test_window_ending_before_the_signature_stays_info():
    d = find(report(2023, "1-10月共受理案件12件。", signature="2023年11月20日"), "FZ315")
    assert len(d) == 1 and d[0].severity == Severity.INFO


# ---- explain --------------------------------------------------------------------------------
@pytest.mark.parametrize(("code", "needle"), [
    ("FZ310", "--year"), ("FZ311", "Y+1"), ("FZ312", "报告年度"), ("FZ313", "12月31日"),
    ("FZ314", "落款日期"), ("FZ315", "1-10月"),
])
def test_explain_year_rules(code, needle):
    out = fzlint_here("explain", code)
    assert out.returncode == 0 and needle in out.stdout


@pytest.mark.published
def test_the_previous_year_in_a_basic_situation_heading_is_a_year_mismatch():
    text = ("某街道办事处2025年法治政府建设年度报告\n2025年，某街道坚持以习近平法治思想为指导。\n"
            "一、2024年法治政府建设基本情况\n（一）强化政治引领\n全年召开党工委专题会议4次。\n")
    diags = [d for d in lint(text, select=("FZ312",)) if d.code == "FZ312"]
    assert [d.line for d in diags] == [3]


@pytest.mark.published
def test_a_late_cover_letter_date_is_still_the_deadline_info():
    assert len(messages(COVER.format(date="2024年4月8日"), "FZ313")) == 1


def messages(text: str, code: str) -> list[str]:
    return [d.message for d in lint(text, select=(code,)) if d.code == code]


HEAD = "柳岸镇2023年法治政府建设情况报告\n一、主要举措和成效\n"


def found(body: str, code: str, head: str = HEAD):
    return [d for d in lint_text(head + body, "x.txt", Settings(select=(code,))) if d.code == code]


# ---- FZ316 / FZ317 ----------------------------------------------------------------------
@pytest.mark.synthetic
@pytest.mark.parametrize("bad,good", [
    ("2023年2月29日召开专题会议。", "2024年2月29日召开专题会议。"),
    ("4月31日开展执法检查。", "4月30日开展执法检查。"),
    ("2023年13月完成清理。", "2023年12月完成清理。"),
    ("6月31日前完成整改。", "6月30日前完成整改。"),
    ("3月32日组织考试。", "3月22日组织考试。"),
    ("二〇二三年二月三十日印发。", "二〇二三年二月二十八日印发。"),
])
def test_impossible_dates(bad: str, good: str) -> None:
    assert len(found(bad + "\n", "FZ316")) == 1
    assert not found(good + "\n", "FZ316")


@pytest.mark.synthetic
def test_century_leap_years() -> None:  # 2000 was a leap year, 1900 was not
    (d,) = found("1900年2月29日颁布。\n", "FZ316")
    assert "1900年2月只有28天" in d.message
    assert not found("2000年2月29日颁布。\n", "FZ316")


def test_days_in_month_agrees_with_the_calendar_module() -> None:
    import calendar

    from fzlint.checks._time import days_in_month

    for y in [*range(1890, 2110), 0, 4, 100, 400, 9999, 10_000, 10_400, 123_456]:
        assert [days_in_month(y, m) for m in range(1, 13)] == [calendar.monthrange(y, m)[1] for m in range(1, 13)]
    for m in (0, 13, -1):
        with pytest.raises(ValueError):
            days_in_month(2023, m)


@pytest.mark.synthetic
def test_durations_and_file_titles_are_not_dates() -> None:
    assert not found("执法检查连续开展32日，历时13个月。\n", "FZ316")
    assert not found("学习《关于2月30日前完成清理的通知》。\n", "FZ316")


@pytest.mark.synthetic
def test_weekday_that_does_not_match_its_date() -> None:
    (d,) = found("2023年3月5日（星期一）召开常务会议。\n", "FZ317")
    assert "星期日" in d.message
    assert not found("2023年3月5日（星期日）召开常务会议。\n", "FZ317")
    assert not found("2023年3月6日周一召开常务会议。\n", "FZ317")


@pytest.mark.synthetic
def test_weekday_without_a_year_is_judged_against_the_years_around_the_report() -> None:
    # 3月7日 was a Monday in 2022, a Tuesday in 2023, a Thursday in 2024: 周五 fits none.
    assert len(found("3月7日（周五）组织培训。\n", "FZ317")) == 1
    assert not found("3月7日（周二）组织培训。\n", "FZ317")
    assert not found("3月7日（星期四）组织培训。\n", "FZ317")  # 2024, the plans year
