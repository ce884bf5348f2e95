"""FZ117 (issue 16 §6): enumeration ordinals, and the heading parser never takes an "一是……"
line for a heading.  Every sentence here was written for these tests; each defect has a
correct twin that stays silent.  (The same pass's FZ604, FZ316 and FZ317 tests are in
test_fz6_copy.py and test_fz3_dates.py.)"""

from __future__ import annotations

import pytest

from fzlint.engine import lint_text
from fzlint.packs.config import Settings
from fzlint.parse import parse

HEAD = "柳岸镇2023年法治政府建设情况报告\n一、主要举措和成效\n"


def found(body: str, code: str, head: str = HEAD):
    return [d for d in lint_text(head + body, "x.txt", Settings(select=(code,))) if d.code == code]


# ---- FZ117 ------------------------------------------------------------------------------
ORDINALS = [
    # (defect, correct twin, expected ordinal)
    ("围绕目标：一是完善考核办法；二是充实执法力量；四是强化案卷评查。\n",
     "围绕目标：一是完善考核办法；二是充实执法力量；三是强化案卷评查。\n", "三是"),
    ("一是完善考核办法。\n二是充实执法力量。\n二是强化案卷评查。\n",
     "一是完善考核办法。\n二是充实执法力量。\n三是强化案卷评查。\n", "三是"),
    # markers split onto their own line by a web page
    ("一是\n完善考核办法，修订细则3项。\n三是\n充实执法力量，新增协管员5名。\n",
     "一是\n完善考核办法，修订细则3项。\n二是\n充实执法力量，新增协管员5名。\n", "二是"),
    ("首先，理顺审核流程；其次，明确审核时限；其次，规范审核台账。\n",
     "首先，理顺审核流程；其次，明确审核时限；再次，规范审核台账。\n", "再次"),
    ("一是压实责任；三是细化清单；四是定期通报。\n",
     "一是压实责任；二是细化清单；三是定期通报。\n", "二是"),
]


@pytest.mark.synthetic
@pytest.mark.parametrize("bad,good,expected", ORDINALS)
def test_enumeration_ordinals(bad: str, good: str, expected: str) -> None:
    (d,) = found(bad, "FZ117")
    assert f"应为“{expected}”" in d.message
    assert not found(good, "FZ117")


@pytest.mark.synthetic
@pytest.mark.parametrize("text", [
    "一是完善制度；二是加强培训。\n一是建立台账；二是定期通报。\n",  # a new enumeration starts again at 一是
    "一是完善制度；二是加强培训。\n全年共培训执法人员120人次。\n二是建立台账。\n",  # a line without markers ends it
    "干部作风要说一是一、说二是二，统一是前提。\n",  # not clause-initial
    "首先要提高认识。会议再次强调依法决策。\n",  # 首先要 / 再次 as adverbs
    "一是完善制度；二是加强培训。\n二、存在的不足和原因\n二是执法力量不足。\n",  # a heading ends it
])
def test_no_enumeration_finding(text: str) -> None:
    assert not found(text, "FZ117")


@pytest.mark.synthetic
def test_an_enumeration_line_is_never_a_heading() -> None:
    text = ("柳岸镇2023年法治政府建设情况报告\n一、主要举措和成效\n（一）完善制度\n"
            "一是健全审核机制\n全年审核规范性文件14件，纠正不当条款3处，全部按期反馈起草单位。\n"
            "二是落实备案制度\n全年报备规范性文件9件，报备率、及时率均为100%。\n（二）加强培训\n举办培训4期。\n")
    doc = parse(text)
    assert [h.text for h in doc.headings] == ["主要举措和成效", "完善制度", "加强培训"]
    assert not found(text.split("\n", 2)[2], "FZ112")


