"""FZ2 on sentences of the genre fzlint has not seen (tests/fixtures/unseen/, marked ``unseen``):
what must and must not be reported, sentence by sentence, each linted alone under a measures
heading (tests/unseen_sentences.py); then properties of the shapes those sentences use, on
generated sentences (marked ``synthetic``).  FZ4 and FZ5 sentences: test_fz4_sentences.py,
test_fz5_sentences.py; whole reports with injected defects: test_all_families.py."""

from __future__ import annotations

import pytest

from ..conftest import lint
from ..unseen_sentences import HEAD, found, rows


@pytest.mark.unseen
@pytest.mark.parametrize("want, text", rows("numbers_ok.txt") + rows("numbers_bad.txt"))
def test_number_sentences(want, text):
    assert found(text, "FZ2") == want


@pytest.mark.synthetic
def test_results_of_different_counts_are_not_one_restated_metric():
    body = ("各村（社区）调解委员会共调解矛盾纠纷326起，调解成功318起。\n"
            "镇调解委员会共调解矛盾纠纷58起，调解成功56起。\n")
    assert found(body, "FZ209") == set()


@pytest.mark.synthetic
def test_a_result_restated_under_the_same_count_is_still_reported():
    body = ("全镇共调解矛盾纠纷326起，调解成功318起。\n"
            "（二）基层治理\n全镇共调解矛盾纠纷326起，调解成功312起。\n")
    assert found(body, "FZ209") == {"FZ209"}


# ---- properties of the shapes unseen reports use ---------------------------------------------
_LABELS = ("行政处罚案件", "行政许可事项", "行政强制案件", "信息公开申请")


def _fz2(text: str) -> list[str]:
    return sorted(d.code for d in lint(HEAD + text + "\n", select=("FZ2",)))


@pytest.mark.synthetic
def test_bracket_yishi_change_and_nearest_count_breakdowns_add_up_or_are_reported():
    """Property: for a total followed by a bracket, 一是…二是…, a 同比 clause or an earlier
    受理 count, the parts are reported exactly when they do not add up (FZ201; FZ203 when far
    short of a list that may be partial)."""
    from decimal import Decimal

    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=200, deadline=None)
    @given(st.sampled_from(["bracket", "yishi", "change", "nearest"]),
           st.lists(st.integers(1, 5000), min_size=2, max_size=3), st.integers(-12, 12), st.booleans())
    def prop(shape, parts, delta, far):
        total = sum(parts) + (delta if not far else sum(parts))  # far: twice the parts
        if total <= 0:
            return
        items = [f"{lab}{p}件" for lab, p in zip(_LABELS[: len(parts)], parts, strict=True)]
        if shape == "bracket":
            text = f"全年共办理{total}件（" + "、".join(items) + "）。"
        elif shape == "yishi":
            text = f"全年共办理{total}件，" + "，".join(f"{'一二三'[i]}是{item}" for i, item in enumerate(items)) + "。"
        elif shape == "change":
            text = f"全年共办理{total}件，同比增长12.5%，其中" + "、".join(items) + "。"
        else:
            received = max(total, sum(parts)) + 7
            text = f"全年受理{received}件，审结{total}件，其中" + "、".join(items) + f"。其余{received - total}件正在办理中。"
        found = [c for c in _fz2(text) if c in {"FZ201", "FZ202", "FZ203"}]
        short = total - sum(parts)
        if short == 0:
            assert found == [], text
        elif short < 0 or short <= Decimal("0.1") * total:
            assert found == ["FZ201"], text
        else:
            assert found == ["FZ203"], text

    prop()


@pytest.mark.synthetic
def test_a_share_or_a_change_rate_is_reported_exactly_when_it_does_not_match_its_counts():
    from decimal import ROUND_HALF_UP, Decimal

    from hypothesis import given, settings
    from hypothesis import strategies as st

    def pct(x: Decimal) -> Decimal:
        return x.quantize(Decimal("0.1"), ROUND_HALF_UP)

    @settings(max_examples=200, deadline=None)
    @given(st.integers(2, 9000), st.integers(1, 9000), st.sampled_from([Decimal(0), Decimal("0.5"), Decimal("-3")]),
           st.booleans())
    def prop(a, b, off, share):
        if share:
            whole, part = max(a, b), min(a, b)
            true = pct(Decimal(part) / whole * 100)
            stated = true + off
            if stated <= 0 or stated >= 100 or true >= 100:
                return
            text = f"全年办理案件{whole}件，其中涉企案件{part}件，占比{stated}%。"
        else:
            if a == b:
                return
            true = pct(abs(Decimal(b) - a) / a * 100)
            stated = true + off
            if stated <= 0 or (b < a and true >= 100):
                return  # a fall of 100 % means nothing is left: only for an exact zero
            word = "增长" if b > a else "下降"
            text = f"全年办理案件由上年的{a}件变为{b}件，同比{word}{stated}%。"
        assert (_fz2(text) == ["FZ207"]) == (off != 0), text

    prop()


@pytest.mark.synthetic
@pytest.mark.parametrize("good,bad", [
    ("行政复议案件由上年的45件增加到90件，同比增长100%。", "行政复议案件由上年的45件增加到92件，同比增长100%。"),
    ("办件量从2022年的1,250件增至2023年的2,500件，增长100.0%。", "办件量从2022年的1,250件增至2023年的2,400件，增长100.0%。"),
    ("培训人次由上年的60人次增加到150人次，同比增长150%。", "培训人次由上年的60人次增加到150人次，同比增长100%。"),
])
def test_a_rise_of_100_percent_or_more_is_a_rate_like_any_other(good: str, bad: str) -> None:
    # a share of 100 % needs equal counts; a change of 100 % is a doubling
    assert _fz2(good) == []
    assert _fz2(bad) == ["FZ207"]
