"""What real published reports showed when fzlint met them (the fphunt pass, 2026-11):
false positives fixed at their root, and real defects that were missed.

Sources are listed in tests/fixtures/real/SOURCES.md.  As in test_realworld.py, no real
report is copied here: each sentence keeps the shape of the real one (its connectors, the
order of its counts and rates, the arithmetic) with names and wording changed.  Every
false-positive test also pins a defective variant of the same sentence, so a fix cannot
be a blanket silence.
"""

from __future__ import annotations

from ..conftest import lint


def found(text: str, code: str) -> list[str]:
    return [d.message for d in lint(text, select=(code,)) if d.code == code]


# ---- FZ207: a count after the rate, opened by 其中, is not a term of the rate -----------------
# A city 司法局 report: “…行政诉讼案件115件，审结117件，败诉12件，败诉率为10.26%，行政机关负责人
# 出庭率为100%，其中，我局代理市政府…出庭应诉共计31件。”  The 31 cases are the ones the bureau
# handled itself, a part of the 115; the 100 % is over all of them.
def test_a_part_after_an_appearance_rate_is_not_its_numerator():
    text = ("某市各级法院共受理以市政府、部门、乡镇为被告的行政诉讼案件115件，审结117件，败诉12件，"
            "败诉率为10.26%，行政机关负责人出庭率为100%，其中，我局代理市政府出庭应诉共计31件。\n")
    assert found(text, "FZ207") == []


def test_an_appearance_rate_against_counts_before_it_is_still_checked():
    text = ("某市应诉行政诉讼案件115件，行政机关负责人出庭110件，出庭率为100%，"
            "其中，我局代理市政府出庭应诉共计31件。\n")
    assert len(found(text, "FZ207")) == 1


# ---- FZ209: the outcome of a review or lawsuit belongs to the count before it -----------------
# A district's 行政执法 report lists, for each kind of enforcement, “…被申请行政复议9宗，复议决定
# 撤销、变更或者确认违法2宗” and “…直接被提起行政诉讼5宗，判决撤销、部分撤销、变更、确认违法或者
# 确认无效0宗”: the same outcome words, a different number for each kind.
OUTCOMES = (
    "2023年，全区共办理各类行政执法案件46.6万宗。其中，行政处罚7960宗。"
    "行政处罚被申请行政复议9宗，复议决定撤销、变更或者确认违法2宗。"
    "行政处罚直接被提起行政诉讼5宗，判决撤销、部分撤销、变更、确认违法或者确认无效0宗；"
    "行政强制1655宗，行政强制被申请行政复议1宗，复议决定撤销、变更或者确认违法0宗。"
    "行政强制直接被提起行政诉讼22宗，判决撤销、部分撤销、变更、确认违法或者确认无效12宗。\n"
)


def test_review_and_lawsuit_outcomes_of_different_enforcement_kinds_are_not_one_count():
    assert found(OUTCOMES, "FZ209") == []


def test_the_same_outcome_of_the_same_count_given_twice_differently_is_still_reported():
    text = OUTCOMES + "行政处罚被申请行政复议9宗，复议决定撤销、变更或者确认违法3宗。\n"
    assert len(found(text, "FZ209")) == 1


# ---- FZ105: a cover letter's closing block is the report's ------------------------------------
# A provincial 卫生健康委 published its report under its cover letter: 文号, 省委、省政府：…现呈送
# 我委2023年度法治政府建设情况报告，请审阅。 then the issuer and 2024年3月8日, then the report's
# own title and text, which ends with the plans and no second closing block.
COVER = (
    "某省卫生健康委关于2023年度法治政府建设情况的报告\n某卫〔2024〕3号\n省委、省政府：\n"
    "根据《法治政府建设与责任落实督察工作规定》及省委、省政府有关部署要求，现呈送我委2023年度法治政府建设情况报告，请审阅。\n"
    "某省卫生健康委\n{date}\n某省卫生健康委2023年度法治政府建设情况报告\n"
    "在省委省政府的坚强领导下，省卫生健康委坚持以习近平新时代中国特色社会主义思想为指导，各项工作取得积极成效。\n"
    "一、2023年度法治政府建设主要情况\n（一）加强组织领导。全年召开专题会议4次。\n"
    "二、存在的不足和原因\n一是基层执法力量不足，主要是编制有限。\n"
    "三、2024年工作安排\n一是加强行政执法监督。\n"
)


def test_the_closing_block_of_a_cover_letter_is_the_reports():
    from fzlint.parse import parse
    text = COVER.format(date="2024年3月8日")
    assert found(text, "FZ105") == []
    sig = parse(text).signature
    assert sig is not None and sig.body is not None and sig.body.text == "某省卫生健康委"
    assert str(sig.date) == "2024-03-08"


def test_a_cover_letter_without_a_date_still_leaves_the_report_undated():
    text = COVER.replace("某省卫生健康委\n{date}\n", "某省卫生健康委\n")
    assert len(found(text, "FZ105")) == 1


def test_a_late_cover_letter_date_is_still_the_deadline_info():
    assert len(found(COVER.format(date="2024年4月8日"), "FZ313")) == 1


# ---- FZ207: an approximate rate, and a bracketed note before a count ---------------------------
# A county's 行政复议 report: “全年共审结行政复议申请135件（含上年度结转），其中纠错（含撤销、确认
# 违法）29件，纠错率约19.2%” — 29/135 is 21.5%; 19.2% is 29 over the 151 cases received, the wrong
# base.  The 约 made the rate exempt, and the bracketed note hid the 纠错 count's label.
REVIEW = "全年共审结行政复议申请135件（含上年度结转），其中纠错（含撤销、确认违法）29件，纠错率{rate}，纠错决定全部执行到位。\n"


def test_an_approximate_rate_far_from_its_counts_is_reported():
    assert found("2024年，某县行政复议工作稳步推进。\n" + REVIEW.format(rate="约19.2%"), "FZ207") == [
        "约19.2%与“其中纠错”29件、“全年共审结行政复议申请”135件不符（按数量计算为21.5%）"]


def test_an_approximate_rate_close_to_its_counts_is_not():
    for rate in ("约21.5%", "约21%", "22%左右", "21.5%"):
        assert found("2024年，某县行政复议工作稳步推进。\n" + REVIEW.format(rate=rate), "FZ207") == [], rate


def test_a_bound_on_a_rate_is_not_an_approximation():
    assert found("2024年，某县行政复议工作稳步推进。\n" + REVIEW.format(rate="超过19%"), "FZ207") == []


# ---- FZ207: last year's count in brackets after 比上年 -----------------------------------------
# 生态环境部's monthly figures: “…总数为36302件，比去年同期（35667）增长1.78%。其中，按日连续处罚
# 案件691件，比去年同期（1046）减少33.94%…” — the earlier count in brackets after 比去年同期.  With a
# unit (“比上年（38件）增长25.1%”) the bracketed count had no label, so the change was never checked.
def test_a_change_against_last_years_count_in_brackets_is_checked():
    text = "2023年，某区工作稳步推进。\n全区受理行政复议案件46件，比上年（38件）增长{rate}。\n"
    assert found(text.format(rate="21.1%"), "FZ207") == []
    assert found(text.format(rate="25.1%"), "FZ207") == [
        "25.1%与“全区受理行政复议案件”46件、“比上年”38件不符（按数量计算为21.1%）"]


# ---- FZ201: clauses that open with their count say what became of the first part -------------
# A provincial 留言板 summary: “共收到公众来信1129件，其中有效信件698件，344件已转有关部门办理，
# 已办结328件，354件信访投诉类信件已指引公众通过网上信访…渠道反映。”  344 + 354 = 698: the clauses
# after the first part are about the 698 valid letters.  FZ201 added all four to 1724.
LETTERS = ("2020年12月，留言板共收到公众来信1129件，其中有效信件698件{more}，344件已转有关部门办理，"
           "已办结328件，354件信访投诉类信件已指引公众通过网上信访或纪检监察等渠道反映。\n")


def test_count_first_clauses_after_a_part_are_not_more_parts():
    assert found(LETTERS.format(more=""), "FZ201") == []


def test_parts_before_them_still_have_to_add_up():
    assert found(LETTERS.format(more="、无效信件531件"), "FZ201") == [
        "其中各项合计1229件（698+531），与总数1129件不符（相差100件）"]


def test_a_list_of_two_parts_before_a_count_first_clause_is_read_as_before():
    text = "全年办理行政诉讼案件9件，其中胜诉6件、败诉{lost}件，2件尚在审理中。\n"
    assert found(text.format(lost=1), "FZ201") == [] and found(text.format(lost=1), "FZ203") == []
    assert found(text.format(lost=2), "FZ203") == ["其中各项合计8件（6+2），比总数9件少1件（11.1%）"]


# ---- FZ207: a rate and the counts of a later clause; shares under a total in the sentence before -
# A city 12345 hotline's monthly figures: “群众来电总体接通率100%，直接办结率85.86%；受理省派工单2917件，
# 已处理完毕2349件，处于办结时限内正在办理568件” — the 85.86% is over the calls, the counts after the
# ；are the province's work orders (568 “办结时限内正在办理” is not a count of 办结).
HOTLINE = "11月份，群众来电总体接通率100%，直接办结率85.86%；受理省派工单2917件，已处理完毕2349件，处于办结时限内正在办理568件。\n"


def test_counts_in_a_later_clause_are_not_the_rates_terms():
    assert found("2024年，某市12345热线运行平稳。\n" + HOTLINE, "FZ207") == []


def test_counts_before_the_rate_in_its_clause_are_still_its_terms():
    text = "2024年，某市12345热线运行平稳。\n受理省派工单2917件，已办结2349件，办结率85.86%。\n"
    assert found(text, "FZ207") == ["85.86%与“已办结”2349件、“受理省派工单”2917件不符（按数量计算为80.53%）"]


# The same page: “共受理群众各类诉求284406件。其中，咨询类诉求124599件，占63.72%；求助类诉求56672件，
# 占28.98%；…” — the shares are over 195532 (the sum of the parts), not over the 284406 stated: a
# real inconsistency.  The total is in the sentence before, and only the first share was ever looked at.
SHARES = "11月份，热线共受理群众各类诉求{total}件。其中，咨询类诉求124599件，占63.72%；求助类诉求56672件，占28.98%；其它类诉求14261件，占7.29%。\n"


def test_shares_against_a_total_in_the_sentence_before_are_checked():
    got = found("2024年，某市12345热线运行平稳。\n" + SHARES.format(total=284406), "FZ207")
    assert len(got) == 3 and got[0].startswith("63.72%与“咨询类诉求”124599件") and "284406件" in got[0]
    assert found("2024年，某市12345热线运行平稳。\n" + SHARES.format(total=195532), "FZ207") == []


def test_a_share_of_a_part_of_a_part_is_no_finding():
    text = "2024年，某县工作稳步推进。\n受理行政复议案件100件，其中审结90件，调解成功45件，占比50%。\n"
    assert found(text, "FZ207") == []
