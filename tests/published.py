"""Shapes of published reports' passages (sources: tests/fixtures/real/SOURCES.md), shared by
the rule tests that use them (marked ``published``) and by the genre test, which checks that
every one of them is read as a report of the genre.  No real report is copied: each keeps the
shape of the real sentence (connectors, the order of counts and rates, the arithmetic) with
names and wording changed."""

from __future__ import annotations

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


# ---- FZ207: an approximate rate, and a bracketed note before a count ---------------------------
# A county's 行政复议 report: “全年共审结行政复议申请135件（含上年度结转），其中纠错（含撤销、确认
# 违法）29件，纠错率约19.2%” — 29/135 is 21.5%; 19.2% is 29 over the 151 cases received, the wrong
# base.  The 约 made the rate exempt, and the bracketed note hid the 纠错 count's label.
REVIEW = "全年共审结行政复议申请135件（含上年度结转），其中纠错（含撤销、确认违法）29件，纠错率{rate}，纠错决定全部执行到位。\n"


# ---- FZ201: clauses that open with their count say what became of the first part -------------
# A provincial 留言板 summary: “共收到公众来信1129件，其中有效信件698件，344件已转有关部门办理，
# 已办结328件，354件信访投诉类信件已指引公众通过网上信访…渠道反映。”  344 + 354 = 698: the clauses
# after the first part are about the 698 valid letters.  FZ201 added all four to 1724.
LETTERS = ("2020年12月，留言板共收到公众来信1129件，其中有效信件698件{more}，344件已转有关部门办理，"
           "已办结328件，354件信访投诉类信件已指引公众通过网上信访或纪检监察等渠道反映。\n")


# ---- FZ207: a rate and the counts of a later clause; shares under a total in the sentence before -
# A city 12345 hotline's monthly figures: “群众来电总体接通率100%，直接办结率85.86%；受理省派工单2917件，
# 已处理完毕2349件，处于办结时限内正在办理568件” — the 85.86% is over the calls, the counts after the
# ；are the province's work orders (568 “办结时限内正在办理” is not a count of 办结).
HOTLINE = "11月份，群众来电总体接通率100%，直接办结率85.86%；受理省派工单2917件，已处理完毕2349件，处于办结时限内正在办理568件。\n"


# The same page: “共受理群众各类诉求284406件。其中，咨询类诉求124599件，占63.72%；求助类诉求56672件，
# 占28.98%；…” — the shares are over 195532 (the sum of the parts), not over the 284406 stated: a
# real inconsistency.  The total is in the sentence before, and only the first share was ever looked at.
SHARES = "11月份，热线共受理群众各类诉求{total}件。其中，咨询类诉求124599件，占63.72%；求助类诉求56672件，占28.98%；其它类诉求14261件，占7.29%。\n"
