"""The parser's lexicon: Chinese numerals read (markers, dates and years; counts) and written."""

from __future__ import annotations

import pytest

from fzlint.parse.lexicon import (
    IDEOGRAPH_DIGITS,
    LEGAL_DIGITS,
    count_to_int,
    int_to_cn,
    int_to_cn_digits,
    numeral_to_int,
)


def test_numeral_to_int():
    assert [numeral_to_int(s) for s in ("一", "十", "十二", "二十一", "一百零五", "二〇二三", "１２")] == [1, 10, 12, 21, 105, 2023, 12]


def test_a_year_digit_by_digit_with_a_zero_lookalike():
    assert [numeral_to_int(s) for s in ("二0二三", "二O二四", "二○二五")] == [2023, 2024, 2025]


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("二十一", 21), ("一百零五", 105),
     ("三千", 3000), ("三万", 30000), ("一亿二千万", 120000000), ("两千零二十三", 2023)],
)
def test_chinese_numerals(text, value):
    assert count_to_int(text) == value


@pytest.mark.parametrize("text", ["", "二三", "万", "甲"])
def test_not_chinese_numerals(text):
    assert count_to_int(text) is None


def test_int_to_cn():
    assert [int_to_cn(n) for n in (1, 9, 10, 11, 12, 20, 21, 99)] == ["一", "九", "十", "十一", "十二", "二十", "二十一", "九十九"]
    assert [int_to_cn(n) for n in (100, 105, 110, 120, 999, 1000)] == ["一百", "一百零五", "一百一十", "一百二十", "九百九十九",
                                                                      "1000"]


def test_int_to_cn_in_words_list_number_forms():
    assert [int_to_cn(n, LEGAL_DIGITS, "拾", "佰") for n in (3, 15, 105, 120)] == ["叁", "拾伍", "壹佰零伍", "壹佰贰拾"]
    assert int_to_cn(7, IDEOGRAPH_DIGITS) == int_to_cn(7) == "七"
    assert int_to_cn_digits(2023) == "二〇二三"
