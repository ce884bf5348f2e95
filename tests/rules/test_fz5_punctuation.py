"""FZ512 (a single dash for the 破折号) and FZ513 (an enumeration lead-in without its
colon), GB/T 15834-2011: each defect with a correct twin that must stay silent."""

from __future__ import annotations

import pytest

from fzlint.fixes import apply_edits

from ..conftest import lint

HEAD = "某乡2024年法治政府建设情况报告\n"


def findings(body: str, code: str):
    return [d for d in lint(HEAD + body, select=(code,)) if d.code == code]


def fixed(body: str, code: str) -> str:
    return apply_edits(HEAD + body, findings(body, code))[0][len(HEAD) :]


@pytest.mark.parametrize(
    ("bad", "right"),
    [
        ("打造调解品牌—“老娘舅说事”。", "打造调解品牌——“老娘舅说事”。"),
        ("打造调解品牌－“老娘舅说事”。", "打造调解品牌——“老娘舅说事”。"),
        ("打造调解品牌-“老娘舅说事”。", "打造调解品牌——“老娘舅说事”。"),
        ("打造调解品牌一一“老娘舅说事”。", "打造调解品牌——“老娘舅说事”。"),
        ("全年只办成一件事—建成乡级公共法律服务站。", "全年只办成一件事——建成乡级公共法律服务站。"),
    ],
)
def test_fz512_single_dash_used_as_pochehao(bad, right):
    diags = findings(bad, "FZ512")
    assert len(diags) == 1
    assert diags[0].fix is not None and not diags[0].fix.safe
    assert fixed(bad, "FZ512") == right
    assert findings(right, "FZ512") == []


@pytest.mark.parametrize(
    "body",
    [
        "3月—6月开展集中整治，2021—2025年规划顺利收官。",
        "一—三季度共受理案件41件。",
        "对照清单逐一核对。",
        "编号为A-12的执法记录仪。",
        "— 3 —",
        "- 3 -",
    ],
)
def test_fz512_spans_of_numbers_and_page_numbers_are_not_pochehao(body):
    assert findings(body, "FZ512") == []


@pytest.mark.parametrize(
    ("bad", "right"),
    [
        ("存在的不足主要体现在一是学法不够系统，二是执法人员不足。",
         "存在的不足主要体现在：一是学法不够系统，二是执法人员不足。"),
        ("主要做法有一是建立台账；二是定期通报。", "主要做法有：一是建立台账；二是定期通报。"),
    ],
)
def test_fz513_enumeration_lead_in_without_colon(bad, right):
    diags = findings(bad, "FZ513")
    assert len(diags) == 1 and diags[0].fix is not None and not diags[0].fix.safe
    assert fixed(bad, "FZ513") == right
    assert findings(right, "FZ513") == []


@pytest.mark.parametrize(
    "body",
    [
        "存在的不足主要体现在，一是学法不够系统，二是执法人员不足。",
        "一是学法不够系统；二是执法人员不足。",
        "原因之一是学法不够系统，二是执法人员不足。",
        "标准统一是前提，二是指第二项。",
        "坚持一是一、二是二，实事求是。",
        "始终如一是我们的作风，二是指第二项。",
        "其中第一是学法，二是用法。",
        "主要体现在一是学法不够系统。",  # no 二是 on the line: not an enumeration we can see
    ],
)
def test_fz513_leaves_other_uses_of_yishi_alone(body):
    assert findings(body, "FZ513") == []
