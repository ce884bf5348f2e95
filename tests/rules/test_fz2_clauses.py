"""FZ201, FZ207, FZ209 on clauses shaped like published reports' (marked ``published``): what
the fphunt pass (2026-11) showed — false positives fixed at their root, real defects missed.

Sources are listed in tests/fixtures/real/SOURCES.md.  As everywhere in this suite, no real
report is copied here: each sentence keeps the shape of the real one (its connectors, the
order of its counts and rates, the arithmetic) with names and wording changed.  Every
false-positive test also pins a defective variant of the same sentence, so a fix cannot
be a blanket silence.
"""

from __future__ import annotations

import pytest

from ..conftest import lint
from ..published import HOTLINE, LETTERS, OUTCOMES, REVIEW, SHARES


def found(text: str, code: str) -> list[str]:
    return [d.message for d in lint(text, select=(code,)) if d.code == code]


# ---- FZ207: a count after the rate, opened by 其中, is not a term of the rate -----------------
# A city 司法局 report: “…行政诉讼案件115件，审结117件，败诉12件，败诉率为10.26%，行政机关负责人
# 出庭率为100%，其中，我局代理市政府…出庭应诉共计31件。”  The 31 cases are the ones the bureau
# handled itself, a part of the 115; the 100 % is over all of them.
@pytest.mark.published
def test_a_part_after_an_appearance_rate_is_not_its_numerator():
    text = ("某市各级法院共受理以市政府、部门、乡镇为被告的行政诉讼案件115件，审结117件，败诉12件，"
            "败诉率为10.26%，行政机关负责人出庭率为100%，其中，我局代理市政府出庭应诉共计31件。\n")
    assert found(text, "FZ207") == []


@pytest.mark.published
def test_an_appearance_rate_against_counts_before_it_is_still_checked():
    text = ("某市应诉行政诉讼案件115件，行政机关负责人出庭110件，出庭率为100%，"
            "其中，我局代理市政府出庭应诉共计31件。\n")
    assert len(found(text, "FZ207")) == 1


@pytest.mark.published
def test_review_and_lawsuit_outcomes_of_different_enforcement_kinds_are_not_one_count():
    assert found(OUTCOMES, "FZ209") == []


@pytest.mark.published
def test_the_same_outcome_of_the_same_count_given_twice_differently_is_still_reported():
    text = OUTCOMES + "行政处罚被申请行政复议9宗，复议决定撤销、变更或者确认违法3宗。\n"
    assert len(found(text, "FZ209")) == 1


@pytest.mark.published
def test_an_approximate_rate_far_from_its_counts_is_reported():
    assert found("2024年，某县行政复议工作稳步推进。\n" + REVIEW.format(rate="约19.2%"), "FZ207") == [
        "约19.2%与“其中纠错”29件、“全年共审结行政复议申请”135件不符（按数量计算为21.5%）"]


@pytest.mark.published
def test_an_approximate_rate_close_to_its_counts_is_not():
    for rate in ("约21.5%", "约21%", "22%左右", "21.5%"):
        assert found("2024年，某县行政复议工作稳步推进。\n" + REVIEW.format(rate=rate), "FZ207") == [], rate


@pytest.mark.published
def test_a_bound_on_a_rate_is_not_an_approximation():
    assert found("2024年，某县行政复议工作稳步推进。\n" + REVIEW.format(rate="超过19%"), "FZ207") == []


# ---- FZ207: last year's count in brackets after 比上年 -----------------------------------------
# 生态环境部's monthly figures: “…总数为36302件，比去年同期（35667）增长1.78%。其中，按日连续处罚
# 案件691件，比去年同期（1046）减少33.94%…” — the earlier count in brackets after 比去年同期.  With a
# unit (“比上年（38件）增长25.1%”) the bracketed count had no label, so the change was never checked.
@pytest.mark.published
def test_a_change_against_last_years_count_in_brackets_is_checked():
    text = "2023年，某区工作稳步推进。\n全区受理行政复议案件46件，比上年（38件）增长{rate}。\n"
    assert found(text.format(rate="21.1%"), "FZ207") == []
    assert found(text.format(rate="25.1%"), "FZ207") == [
        "25.1%与“全区受理行政复议案件”46件、“比上年”38件不符（按数量计算为21.1%）"]


@pytest.mark.published
def test_count_first_clauses_after_a_part_are_not_more_parts():
    assert found(LETTERS.format(more=""), "FZ201") == []


@pytest.mark.published
def test_parts_before_them_still_have_to_add_up():
    assert found(LETTERS.format(more="、无效信件531件"), "FZ201") == [
        "其中各项合计1229件（698+531），与总数1129件不符（相差100件）"]


@pytest.mark.published
def test_a_list_of_two_parts_before_a_count_first_clause_is_read_as_before():
    text = "全年办理行政诉讼案件9件，其中胜诉6件、败诉{lost}件，2件尚在审理中。\n"
    assert found(text.format(lost=1), "FZ201") == [] and found(text.format(lost=1), "FZ203") == []
    assert found(text.format(lost=2), "FZ203") == ["其中各项合计8件（6+2），比总数9件少1件（11.1%）"]


@pytest.mark.published
def test_counts_in_a_later_clause_are_not_the_rates_terms():
    assert found("2024年，某市12345热线运行平稳。\n" + HOTLINE, "FZ207") == []


@pytest.mark.published
def test_counts_before_the_rate_in_its_clause_are_still_its_terms():
    text = "2024年，某市12345热线运行平稳。\n受理省派工单2917件，已办结2349件，办结率85.86%。\n"
    assert found(text, "FZ207") == ["85.86%与“已办结”2349件、“受理省派工单”2917件不符（按数量计算为80.53%）"]


@pytest.mark.published
def test_shares_against_a_total_in_the_sentence_before_are_checked():
    got = found("2024年，某市12345热线运行平稳。\n" + SHARES.format(total=284406), "FZ207")
    assert len(got) == 3 and got[0].startswith("63.72%与“咨询类诉求”124599件") and "284406件" in got[0]
    assert found("2024年，某市12345热线运行平稳。\n" + SHARES.format(total=195532), "FZ207") == []


@pytest.mark.published
def test_a_share_of_a_part_of_a_part_is_no_finding():
    text = "2024年，某县工作稳步推进。\n受理行政复议案件100件，其中审结90件，调解成功45件，占比50%。\n"
    assert found(text, "FZ207") == []
