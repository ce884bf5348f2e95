"""Property tests: generated ``共X，其中A、B、C`` sentences are flagged exactly when A+B+C ≠ X."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fzlint.parse.lexicon import count_to_int

from ..conftest import lint

HEAD = "某街道2023年法治政府建设情况报告\n一、主要举措和成效\n"
UNITS = ["件", "起", "人次", "户", "场", "家", "批次", "万元"]
LABELS = ["行政案件", "民事案件", "信访事项", "来信", "来访", "网上信访", "个访", "集访", "一类家庭", "三类家庭",
          "计算机信息类企业", "新能源类企业", "法律咨询", "人民调解", "执法检查", "普法讲座"]
LEADS = ["", "全年", "受理群众反映信访事项", "街道", "今年以来，17个社区"]
_CN = "零一二三四五六七八九"
_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def to_cn(n: int) -> str:
    """Chinese numerals for 0 < n < 10000 (the inverse of count_to_int)."""
    out, zero = "", False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero and out:
                out += "零"
            out += ("" if value == 10 and not out and d == 1 else _CN[d]) + name
            zero = False
        elif out:
            zero = True
    return out


@st.composite
def written(draw, n: int, unit: str = "") -> str:
    """The number ``n`` as a report might write it (Chinese numerals not before 万元: 一万元 is 10000元)."""
    styles = ["ascii", "full"] + (["comma"] if n >= 1000 else []) + (["cn"] if 0 < n < 10000 and unit[:1] != "万" else [])
    style = draw(st.sampled_from(styles))
    if style == "full":
        return str(n).translate(_FULL)
    if style == "comma":
        return f"{n:,}".replace(",", draw(st.sampled_from([",", "，"])))
    if style == "cn":
        return to_cn(n)
    return str(n)


@st.composite
def breakdown(draw, open_list: bool = False):
    unit = draw(st.sampled_from(UNITS))
    parts = draw(st.lists(st.integers(0, 5000), min_size=3, max_size=3))
    total = draw(st.one_of(st.just(sum(parts)), st.integers(1, 20000), st.integers(max(sum(parts) - 9, 1), sum(parts) + 9)))
    labels = draw(st.lists(st.sampled_from(LABELS), min_size=3, max_size=3, unique=True))
    sep = draw(st.sampled_from(["、", "，"]))
    lead = draw(st.sampled_from(LEADS))
    items = sep.join(f"{lab}{draw(written(p, unit))}{unit}" for lab, p in zip(labels, parts, strict=True))
    tail = draw(st.sampled_from(["。", "，办结率100%。", "，群众满意。"]))
    text = f"{lead}共{draw(written(total, unit))}{unit}，其中{items}{'等' if open_list else ''}{tail}"
    return text, total, parts, unit


def codes(text: str) -> list[str]:
    return [d.code for d in lint(HEAD + text + "\n", select=("FZ2",))]


@settings(max_examples=300, deadline=None)
@given(breakdown())
def test_flagged_exactly_when_the_parts_do_not_add_up(case):
    text, total, parts, _ = case
    found = [c for c in codes(text) if c in {"FZ201", "FZ202", "FZ203"}]
    short = total - sum(parts)
    if short == 0:
        assert found == [], text
    elif short < 0 or short <= Decimal("0.1") * total:
        assert found == ["FZ201"], text  # off by a little, or more than the total: an error
    else:
        assert found == ["FZ203"], text  # far short: probably a partial list without 等


@settings(max_examples=150, deadline=None)
@given(breakdown())
def test_the_message_shows_the_arithmetic(case):
    text, total, parts, unit = case
    diags = [d for d in lint(HEAD + text + "\n", select=("FZ201", "FZ203"))]
    if sum(parts) == total:
        assert diags == []
        return
    (d,) = diags
    assert f"各项合计{sum(parts)}{unit}（{'+'.join(map(str, parts))}）" in d.message
    assert f"{total}{unit}" in d.message and f"{abs(total - sum(parts))}{unit}" in d.message
    written_total = (HEAD + text)[d.start : d.end]
    assert written_total.endswith(unit)


@settings(max_examples=150, deadline=None)
@given(breakdown(open_list=True))
def test_a_list_ending_in_deng_is_only_checked_against_the_total(case):
    text, total, parts, _ = case
    found = [c for c in codes(text) if c in {"FZ201", "FZ202", "FZ203"}]
    assert found == (["FZ202"] if sum(parts) > total else []), text


@given(st.integers(1, 9999))
def test_chinese_numerals_round_trip(n):
    assert count_to_int(to_cn(n)) == n


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.data())
def test_written_numbers_read_back(data):
    from fzlint.analysis.numbers import vocab_for
    from fzlint.packs.loader import load_ruleset

    n = data.draw(st.integers(0, 10**7))
    unit = data.draw(st.sampled_from(["件", "人次", "户"]))
    (q,) = vocab_for(load_ruleset().settings).reader.scan(f"办理{data.draw(written(n))}{unit}，")
    assert q.value == n and q.exact and q.unit == unit
