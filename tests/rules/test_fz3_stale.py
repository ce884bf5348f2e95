"""FZ301–FZ305: time-bound references (rules/stale.yaml, check ``stale_terms``)."""

from __future__ import annotations

import datetime as dt

import pytest

from fzlint.checks import _time as T
from fzlint.checks import stale_timeline
from fzlint.diagnostic import Severity
from fzlint.packs.loader import load_ruleset

from ..conftest import codes, lint, seed_text
from ..stale_helpers import report

RULES = [r for r in load_ruleset().rules if r.check == "stale_terms"]
STALE_CODES = ("FZ301", "FZ302", "FZ303", "FZ304", "FZ305")


def fz3(text: str, year: int | None = None):
    return [d for d in lint(text, year=year, select=("FZ3",)) if d.code in STALE_CODES]


def at(diags, text: str, phrase: str):
    """Findings whose span lies inside the first occurrence of ``phrase``."""
    a = text.index(phrase)
    b = a + len(phrase)
    return [d for d in diags if a - 1 <= d.start and d.end <= b]


# ---- every pack entry, on both sides of its window --------------------------------------
def _inside_years(entry: stale_timeline.Entry) -> list[int]:
    """Report years for which a present-tense mention in the achievements part is right."""
    s = entry.spec
    lo = s["valid_from"]
    if entry.issued is not None:
        # the first Y whose latest writing date (31 March of Y+1) is on or after `issued`
        lo = entry.issued.year - 1 if entry.issued <= dt.date(entry.issued.year, 3, 31) else entry.issued.year
    hi = s["valid_until"]
    years = [y for y in (lo, hi) if y is not None]
    if lo is not None and hi is not None and hi < lo:
        return []  # an empty window (a name already replaced when reports were written)
    return sorted(set(years))


def _before_year(entry: stale_timeline.Entry) -> int | None:
    if entry.issued is not None:
        lo = entry.issued.year - 1 if entry.issued <= dt.date(entry.issued.year, 3, 31) else entry.issued.year
        return lo - 1
    if entry.spec["valid_from"] is not None:
        return entry.spec["valid_from"] - 1
    return None


def _after_year(entry: stale_timeline.Entry) -> int | None:
    s = entry.spec
    if s["valid_until"] is None:
        return None
    return s["valid_until"] + (s["grace"] if s["retrospective"] else 0) + 1


CASES = [
    (rule, entry)
    for rule in RULES
    for entry in stale_timeline.prepare(rule).entries
    if entry.regexes
]


def test_every_entry_with_forms_has_an_example():
    for rule, entry in CASES:
        assert entry.spec["example"], f"{rule.code} {entry.id}: add an example"


def _sentence(example: str) -> str:
    return f"街道组织干部{example}，推动各项工作落实。"


INSIDE = [(r, e) for r, e in CASES if _inside_years(e)]
AFTER = [(r, e) for r, e in CASES if _after_year(e) is not None]
BEFORE = [(r, e) for r, e in CASES if _before_year(e) is not None]


def _ids(cases):
    return [f"{rule.code}-{entry.id}" for rule, entry in cases]


def test_every_entry_is_tested_on_both_sides_of_its_window():
    for rule, entry in CASES:
        sides = [(rule, entry) in INSIDE, (rule, entry) in AFTER, (rule, entry) in BEFORE]
        # inside and at least one boundary; covid_name1's window is empty (replaced within weeks)
        assert sum(sides) >= 2 or (not sides[0] and sides[1] and sides[2]), (rule.code, entry.id)


@pytest.mark.parametrize(("rule", "entry"), INSIDE, ids=_ids(INSIDE))
def test_entry_is_silent_inside_its_window(rule, entry):
    for y in _inside_years(entry):
        text = report(y, _sentence(entry.spec["example"]))
        found = at(fz3(text), text, entry.spec["example"])
        assert [d for d in found if d.code == rule.code] == [], (y, [d.message for d in found])


@pytest.mark.parametrize(("rule", "entry"), AFTER, ids=_ids(AFTER))
def test_entry_is_reported_after_its_window(rule, entry):
    y = _after_year(entry)
    assert y is not None
    text = report(y, _sentence(entry.spec["example"]))
    found = [d for d in at(fz3(text), text, entry.spec["example"]) if d.code == rule.code]
    assert len(found) == 1, (y, entry.id)
    s = entry.spec
    expected = Severity.parse(s["severity"]) if s["severity"] else rule.severity
    cap = s["title_severity"] or rule.options["title_severity"]
    if cap and "《" in s["example"]:
        expected = min(expected, Severity.parse(cap))
    if str(y) in s["severity_by_year"]:
        expected = Severity.parse(s["severity_by_year"][str(y)])
    assert found[0].severity == expected
    assert found[0].suggestion is None or found[0].suggestion.startswith("改为")


@pytest.mark.parametrize(("rule", "entry"), BEFORE, ids=_ids(BEFORE))
def test_entry_is_reported_before_its_window(rule, entry):
    y = _before_year(entry)
    assert y is not None
    text = report(y, _sentence(entry.spec["example"]))
    found = [d for d in at(fz3(text), text, entry.spec["example"]) if d.code == rule.code]
    assert len(found) == 1, (y, entry.id)
    assert found[0].severity == Severity.parse(entry.spec["severity_before"])


# ---- the must-hold cases ----------------------------------------------------------
@pytest.mark.seed
def test_seeds_2023_draw_no_stale_finding_for_bawu_pufa():
    for prefix in ("000", "001", "002", "003"):
        text = seed_text(prefix)
        assert ("八五" in text or "第八个五年" in text) == (prefix != "002")
        diags = fz3(text)
        assert not [d for d in diags if "八五" in d.message], prefix
        assert diags == [], (prefix, [d.message for d in diags])


@pytest.mark.seed
def test_seed_004_keeps_qiwu_pufa_and_saohei_in_2020():
    text = seed_text("004")
    diags = fz3(text)
    assert not [d for d in diags if "七五" in d.message or "扫黑除恶" in d.message]


@pytest.mark.seed
def test_seed_004_plans_for_2021_citing_the_2015_outline_is_an_error():
    text = seed_text("004")
    found = [d for d in fz3(text) if d.code == "FZ301"]
    assert len(found) == 1
    d = found[0]
    assert d.line == 51 and d.severity == Severity.ERROR
    # The report was written by 31 March 2021 at the latest; the 2021–2025 outline was published
    # in August 2021, so it is not suggested (it did not exist yet).
    assert "2015-2020" in d.message and "2021—2025" not in d.message and not d.suggestion
    # The same outline cited in the 2020 achievements (line 3) is right.
    assert not [x for x in fz3(text) if x.line == 3]


@pytest.mark.seed
def test_seed_004_old_formulation_and_fazhiban_are_reported():
    text = seed_text("004")
    diags = fz3(text)
    old = [d for d in diags if d.code == "FZ303" and "新理念新思想新战略" in d.message]
    assert len(old) == 1 and old[0].line == 38 and "习近平法治思想" in old[0].message
    fzb = [d for d in diags if d.code == "FZ305"]
    assert [d.line for d in fzb] == [28, 36]
    assert all(d.severity == Severity.WARNING for d in fzb)


def _mutate(prefix: str, old: str, new: str, count: int = 1) -> str:
    text = seed_text(prefix)
    assert text.count(old) >= count, old
    return text.replace(old, new)


@pytest.mark.seed
def test_mutated_qiwu_pufa_in_2023_is_caught():
    text = _mutate("001", "深入开展“八五”普法", "深入开展“七五”普法")
    found = [d for d in fz3(text) if d.code == "FZ301"]
    assert len(found) == 1 and "七五" in found[0].message and "八五普法" in found[0].message
    assert found[0].severity == Severity.WARNING
    assert text[found[0].start:found[0].end] == "“七五”普法"


@pytest.mark.seed
def test_mutated_jiuwu_pufa_in_2023_is_an_anachronism():
    text = _mutate("001", "深入开展“八五”普法", "深入开展“九五”普法")
    found = [d for d in fz3(text) if d.code == "FZ301"]
    assert len(found) == 1 and found[0].severity == Severity.ERROR
    assert "早于" in found[0].message


@pytest.mark.seed
def test_mutated_plans_heading_2023_in_2023_is_caught():
    text = _mutate("001", "四、2024年主要工作安排", "四、2023年主要工作安排")
    diags = lint(text, select=("FZ3",))
    assert [d.code for d in diags] == ["FZ311"]
    assert diags[0].severity == Severity.ERROR


@pytest.mark.seed
def test_mutated_nineteenth_congress_in_2024_is_caught():
    text = _mutate("002", "2023年度法治政府建设情况报告", "2024年度法治政府建设情况报告")
    text = text.replace("党的二十大精神", "党的十九大精神")
    found = [d for d in fz3(text) if d.code == "FZ302"]
    assert len(found) == 1 and "党的二十大" in found[0].message


@pytest.mark.seed
def test_mutated_negatives_draw_nothing():
    # 八五普法 in 2023 (seed 001 as is), 2024年工作安排 in 2023 (seed 001 as is)
    assert lint(seed_text("001"), select=("FZ3",)) == []
    # 七五普法总结验收 in a 2021 report
    text = report(2021, "街道认真做好“七五”普法总结验收工作，深入开展八五普法。")
    assert fz3(text) == []


# ---- context: plans section, retrospect, history, titles, quotes and dashes ---------------
def test_plans_section_is_judged_against_next_year():
    # 九五普法 in a 2025 report's plans for 2026: right; in its achievements: anachronism
    assert fz3(report(2025, plans="全面启动“九五”普法。")) == []
    assert [d.code for d in fz3(report(2025, "深入推进“九五”普法。"))] == ["FZ301"]
    assert fz3(report(2025, "谋划启动“九五”普法。")) == []  # talk of starting it
    # 八五普法 in the 2026 plans of a 2025 report: a warning (the successor is unconfirmed)
    d = fz3(report(2025, plans="深入推进“八五”普法。"))
    assert len(d) == 1 and d[0].severity == Severity.WARNING
    # 七五普法 in the 2021 plans of a 2020 report: an error
    d = fz3(report(2020, plans="深入推进“七五”普法。"))
    assert len(d) == 1 and d[0].severity == Severity.ERROR and "2021年工作安排" in d[0].message


def test_retrospective_mentions_only_in_the_first_year_after_the_window():
    text = "全面完成“七五”普法总结验收。"
    assert fz3(report(2021, text)) == []
    assert [d.code for d in fz3(report(2022, text))] == ["FZ301"]
    assert fz3(report(2020, plans=text)) == []  # plans for 2021
    # a five-year plan fulfilled: a look back in its first year after, current wording later
    done = "全面完成“十四五”规划目标，“十五五”实现良好开局。"
    assert fz3(report(2026, done)) == []
    assert [d.code for d in fz3(report(2027, done))] == ["FZ301"]


def test_historical_mentions_are_not_stale():
    assert fz3(report(2023, "“十三五”时期，街道法治建设打下了坚实基础。")) == []
    assert fz3(report(2023, "巩固扫黑除恶专项斗争成果，推进常态化扫黑除恶斗争。")) == []
    assert fz3(report(2023, "原法制办的职责已划入司法局。")) == []
    assert fz3(report(2023, "《合同法》已于2021年1月1日废止。")) == []
    assert fz3(report(2024, "巩固拓展党史学习教育成果。")) == []
    assert fz3(report(2023, "深入学习党的十八大以来的重大成就。")) == []
    assert fz3(report(2023, "党史学习教育常态化长效化。")) == []
    assert fz3(report(2021, "扫黑除恶专项斗争取得决定性胜利。")) == []
    assert [d.code for d in fz3(report(2021, "深入推进扫黑除恶专项斗争，取得明显成效。"))] == ["FZ303"]


def test_campaign_is_stale_only_when_named_as_ongoing():
    assert [d.code for d in fz3(report(2023, "深入开展党史学习教育。"))] == ["FZ302"]
    assert fz3(report(2023, "在党史学习教育中形成的经验得到推广。")) == []


def test_campaigns_that_ended_in_january_are_stale_in_that_year():
    # 党史学习教育 (2021-02 – 2022-01) and the 2023 主题教育 (2023-04 – 2024-01) are windowed alike:
    # ongoing in their first year; the year they were summed up in January reads them as past.
    theme = "深入开展学习贯彻习近平新时代中国特色社会主义思想主题教育。"
    assert fz3(report(2023, theme)) == []
    for text in (report(2024, theme), report(2023, plans=theme)):
        d = fz3(text)
        assert [x.code for x in d] == ["FZ302"] and "2024年" in d[0].message and "2023年4月至2024年1月" in d[0].message
    assert fz3(report(2024, "巩固拓展主题教育成果。")) == []
    assert [d.code for d in fz3(report(2022, "深入开展党史学习教育。"))] == ["FZ302"]


def test_a_campaign_named_before_it_was_launched_is_an_anachronism():
    # 党纪学习教育 was launched in April 2024: a 2023 report written by March cannot carry it
    d = fz3(report(2023, plans="扎实开展党纪学习教育。"))
    assert [x.code for x in d] == ["FZ302"] and d[0].severity == Severity.WARNING and "2024年4月3日" in d[0].message
    assert fz3(report(2023, plans="扎实开展党纪学习教育。", signature="2024年4月20日")) == []
    assert fz3(report(2024, "扎实开展党纪学习教育。")) == []


def test_quoted_title_from_the_past_in_the_achievements_is_at_most_info():
    for sentence in ("对照《法治政府建设实施纲要（2015—2020年）》实施情况开展评估。",
                     "对照《法治政府建设实施纲要（2015—2020年）》推进工作。"):
        d = fz3(report(2023, sentence))
        assert len(d) == 1 and d[0].severity == Severity.INFO and d[0].code == "FZ301", sentence
    # the same title in the plans section is an error
    d = fz3(report(2023, plans="对照《法治政府建设实施纲要（2015—2020年）》推进工作。"))
    assert len(d) == 1 and d[0].severity == Severity.ERROR


@pytest.mark.parametrize("form", [
    "《法治政府建设实施纲要（2015-2020年）》",
    "《法治政府建设实施纲要（2015—2020年）》",
    "《法治政府建设实施纲要（2015－2020年）》",
    "《法治政府建设实施纲要（2015–2020年）》",
    "《法治政府建设实施纲要(2015-2020年)》",
    "《法治政府建设实施纲要（2015——2020年）》",
    "《法治政府建设实施纲要（2015年-2020年）》",
])
def test_dashes_and_brackets_in_year_ranges(form):
    d = fz3(report(2022, plans=f"严格按照{form}推进工作。"))
    assert len(d) == 1 and d[0].code == "FZ301" and d[0].severity == Severity.ERROR


@pytest.mark.parametrize("form", ["七五普法", "“七五”普法", "\"七五\"普法", "‘七五’普法", "第七个五年法治宣传教育规划",
                                  "法治宣传教育第七个五年规划"])
def test_quotes_and_long_forms(form):
    d = fz3(report(2023, f"深入推进{form}。"))
    assert len(d) == 1 and d[0].code == "FZ301", form


def test_dated_titles_not_in_the_pack_are_judged_by_their_period():
    text = report(2024, plans="落实《某某区法治宣传教育工作规划（2019—2023年）》。")
    d = fz3(text)
    assert len(d) == 1 and d[0].code == "FZ301" and d[0].severity == Severity.ERROR
    assert "2019—2023年" in d[0].message
    # still running: nothing; a past plan quoted in the achievements: info
    assert fz3(report(2024, plans="落实《某某区普法工作规划（2021—2025年）》。")) == []
    d = fz3(report(2024, "落实《某某区法治宣传教育工作规划（2019—2023年）》。"))
    assert len(d) == 1 and d[0].severity == Severity.INFO
    # the period before the name, inside the title
    d = fz3(report(2024, plans="落实《2019—2023年某某区普法规划》。"))
    assert len(d) == 1 and d[0].severity == Severity.ERROR
    # a plan named inside a title from the past, in the achievements: info
    d = fz3(report(2023, "对照《某某区法治宣传教育第七个五年规划》开展评估。"))
    assert len(d) == 1 and d[0].severity == Severity.INFO
    # a year range that is not a plan's period
    assert fz3(report(2024, "2021—2023年连续三年完成年度计划。")) == []


def test_nineteenth_plenum_inside_an_enumeration_is_an_anachronism_before_it_was_held():
    d = fz3(report(2019, "学习十九届二中、三中、四中、五中全会精神。"))
    assert len(d) == 1 and d[0].code == "FZ302" and d[0].severity == Severity.ERROR
    assert "五中全会" in d[0].message
    assert fz3(report(2020, "学习十九届二中、三中、四中、五中全会精神。")) == []


def test_meeting_held_after_the_signature_is_an_anachronism():
    # 二十届二中全会 (2023-02-26) in a 2022 report: right if written in March 2023, wrong if signed in January
    assert fz3(report(2022, "学习二十届二中全会精神。")) == []
    d = fz3(report(2022, "学习二十届二中全会精神。", signature="2023年1月20日"))
    assert len(d) == 1 and d[0].code == "FZ302" and "2023年1月20日" in d[0].message


@pytest.mark.seed
def test_covid_names_by_year():
    d = fz3(seed_text("004"))
    early = [x for x in d if "新型冠状病毒感染的肺炎" in x.message]
    assert len(early) == 2 and all(x.severity == Severity.INFO for x in early)
    d = fz3(report(2023, "毫不放松抓好常态化疫情防控。"))
    assert len(d) == 1 and d[0].code == "FZ303" and d[0].severity == Severity.WARNING
    assert fz3(report(2023, "疫情防控平稳转段后，街道及时调整工作重点。")) == []
    assert fz3(report(2024, "做好重点传染病疫情防控。")) == []  # not COVID-specific


def test_word_boundaries_use_the_segmenter_only_on_candidates():
    from fzlint.analysis import segment

    segment._cut = None
    segment.tokens.cache_clear()  # a window segmented by an earlier test would not reach the backend
    assert fz3(report(2023, "街道坚持依法行政，规范执法程序。")) == []
    assert segment._cut is None, "the segmenter loaded without a candidate"
    assert fz3(report(2023, "街道依法制办法。")) == []  # 依法/制/办法: not 法制办
    assert segment._cut is not None
    assert [d.code for d in fz3(report(2023, "合同交法制办审查。"))] == ["FZ305"]
    assert fz3(report(2023, "创新行政处罚法宣传方式。")) == []  # 创新 ≠ 新修订


def test_unknown_year_skips_every_stale_rule():
    text = "法治政府建设情况报告\n\n一、主要举措和成效\n深入推进“七五”普法。\n"
    diags = lint(text, select=("FZ3",))
    assert [d.code for d in diags] == ["FZ310"]
    assert [d.code for d in lint(text, year=2023, select=("FZ3",))] == ["FZ301"]


# ---- the pack and explain -----------------------------------------------------------------
def test_explain_shows_window_and_replacement_for_every_stale_rule():
    from fzlint.explain import explain_text

    for rule in RULES:
        text = explain_text(rule)
        assert "## 时间窗口与建议替换" in text, rule.code
        for entry in stale_timeline.prepare(rule).entries:
            assert f"- {entry.name}" in text, (rule.code, entry.id)
    text = explain_text(next(r for r in RULES if r.code == "FZ301"))
    assert "- 七五普法：适用于2016—2020年度；2021年度起过时，改为“八五普法”" in text
    assert "九五普法：适用于2026—2030年度" in text and "日期尚未确认" in text


def test_pack_validation_rejects_a_bad_entry(tmp_path):
    from fzlint.errors import PackError

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "pack: x\nrules:\n  - code: XQ301\n    name: x\n    check: stale_terms\n    severity: warning\n"
        "    message: '{match}'\n    message_before: '{match}'\n    wording: {}\n"
        "    terms:\n      - {id: a, name: A, terms: [甲乙], example: 丙丁, valid_until: 2020}\n",
        encoding="utf-8",
    )
    with pytest.raises(PackError, match="wording"):
        load_ruleset([bad], builtin=False)


def test_literal_terms_tolerate_quotes_between_characters():
    import re

    rx = re.compile(T.literal_regex("十四五"))
    assert rx.search("“十四五”规划") and rx.search("十四五") and not rx.search("十四、五")


def test_a_user_pack_can_move_an_unconfirmed_date(tmp_path):
    from fzlint.engine import lint_text
    from fzlint.packs.config import Settings

    pack = tmp_path / "local.yaml"
    pack.write_text("pack: local\noverride:\n  FZ301: {adjust: {pufa9: {valid_from: 2027, valid_until: 2031}}}\n",
                    encoding="utf-8")
    text = report(2026, "深入推进“九五”普法。")
    assert [d.code for d in fz3(text)] == []
    diags = lint_text(text, "r.txt", Settings(select=("FZ301",), rule_packs=(str(pack),)))
    assert len(diags) == 1 and "2027年度" in diags[0].message
    # the rest of the timeline is untouched
    diags = lint_text(report(2023, "深入推进“七五”普法。"), "r.txt", Settings(select=("FZ301",), rule_packs=(str(pack),)))
    assert len(diags) == 1 and "八五普法" in diags[0].message


def test_adjusting_an_unknown_entry_is_a_pack_error(tmp_path):
    from fzlint.errors import PackError

    pack = tmp_path / "local.yaml"
    pack.write_text("pack: local\noverride:\n  FZ301: {adjust: {pufa10: {valid_from: 2031}}}\n", encoding="utf-8")
    with pytest.raises(PackError, match="pufa10"):
        load_ruleset([pack])


# ---- dates and stale references --------------------------------------------------------------
@pytest.mark.published
@pytest.mark.parametrize("year, reported", [(2025, False), (2026, True)])
def test_newly_revised_administrative_review_law_for_two_years(year, reported):
    text = f"某县{year}年度法治政府建设情况报告\n重点学习新修订的《行政复议法》。\n"
    assert ("FZ304" in codes(lint(text, select=("FZ304",)))) is reported


@pytest.mark.published
def test_drafting_words_about_another_document_do_not_excuse_an_anachronism():
    text = ("某市2016年度法治政府建设情况报告\n2016年，我市认真贯彻落实中共中央、国务院制定的《法治政府建设实施纲要"
            "（2015—2020年）》，扎实开展法治政府建设工作，深入推进“八五”普法。\n")
    assert "FZ301" in codes(lint(text, select=("FZ301",)))


@pytest.mark.published
def test_drafting_the_next_plan_before_it_starts_is_fine():
    text = "某市2020年度法治政府建设情况报告\n2020年，我市启动“八五”普法规划编制工作。\n"
    assert "FZ301" not in codes(lint(text, select=("FZ301",)))
