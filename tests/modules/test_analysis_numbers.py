"""Reading quantities: numerals, units, scaling, approximation marks, what is not a count."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fzlint.analysis.numbers import Reader, fmt, merged_settings, vocab_for
from fzlint.analysis.sentences import split_sentences
from fzlint.packs.loader import load_ruleset


@pytest.fixture(scope="module")
def reader() -> Reader:
    return vocab_for(load_ruleset().settings).reader


def read(reader: Reader, text: str) -> list[tuple[str, Decimal, str, bool]]:
    return [(q.text, q.value, q.unit, q.approx) for q in reader.scan(text)]


def test_counts_with_units(reader):
    assert read(reader, "受理群众反映信访事项共335件，其中信访件269件") == [
        ("335件", 335, "件", False), ("269件", 269, "件", False)]


def test_scaling_and_money(reader):
    got = read(reader, "成功调解案件1.5万件，新增注册资本24.69亿元，罚款0.39万元")
    assert got == [("1.5万件", 15000, "万件", False), ("24.69亿元", 2469000000, "亿元", False),
                   ("0.39万元", 3900, "万元", False)]


def test_chinese_numerals_need_a_unit(reader):
    assert read(reader, "先后两次共用款，开展十二次培训，一规划两纲要，十四五") == [
        ("两次", 2, "次", False), ("十二次", 12, "次", False)]


def test_full_width_digits_and_separators(reader):
    got = read(reader, "共受理１３５５件，其中１，２００件，罚款２４８７９．５元，办结率１００％")
    assert [(t, v) for t, v, _, _ in got] == [("１３５５件", 1355), ("１，２００件", 1200), ("２４８７９．５元", Decimal("24879.5")),
                                              ("１００％", 100)]


def test_thousands_separator(reader):
    assert read(reader, "共1,355批次")[0][1] == 1355


@pytest.mark.parametrize(
    "text",
    ["100余次", "100多次", "约100件", "近千人次", "超过100件", "100件左右", "95%以上", "26万余元", "不少于7个工作日",
     "至少1次"],
)
def test_approximations_are_never_exact(reader, text):
    (q,) = reader.scan(text)
    assert q.approx and not q.exact


@pytest.mark.parametrize("text", ["签约3家企业", "最近3个月", "节约2万元"])
def test_yue_and_jin_inside_words_are_not_approximations(reader, text):
    (q,) = reader.scan(text)
    assert q.exact and q.text[0].isdigit()


def test_round_mark_is_recorded(reader):
    (q,) = reader.scan("接待居民来访996余人次")
    assert q.round_mark and q.digits == "996" and q.value == 996


@pytest.mark.parametrize(
    "text",
    ["2023年", "1-10月", "2023年11月20日", "第三批", "第六检察部", "3至5件", "3-5件", "90%-95%",
     "12345热线", "《十四五规划》", "(2021-2025 年)", "2024-03-26 17:24"],
)
def test_dates_ranges_ordinals_are_not_counts(reader, text):
    assert reader.scan(text) == []


def test_a_number_longer_than_any_count_is_not_read(reader):
    assert [q.value for q in reader.scan("共" + "1" * 15 + "件，办结率9.99999999999999%")] == [
        Decimal("1" * 15), Decimal("9.99999999999999")]
    assert reader.scan("共" + "1" * 16 + "件，办结率9.999999999999999%，共1," + "111," * 5 + "111件") == []


def test_numbers_inside_book_titles_are_skipped(reader):
    assert read(reader, "《关于办理2件事项的规定》，办结3件") == [("3件", 3, "件", False)]


def test_spaces_between_number_and_unit(reader):
    assert [q.value for q in reader.scan("共 16 件次，制作行政执法检查记录897  件")] == [16, 897]


def test_units_of_one_kind(reader):
    a, b, c = reader.scan("1355批次，212件次，996人次")
    assert a.kind == b.kind != c.kind


def test_percentages_keep_their_precision(reader):
    (q,) = reader.scan("履职率达96.2%")
    assert q.percent and q.decimals == 1 and q.value == Decimal("96.2")


def test_fmt_uses_the_unit_of_the_total(reader):
    (t,) = reader.scan("共1.5万件")
    assert fmt(Decimal(14000), t) == "1.4万件"
    assert fmt(Decimal(330)) == "330"


def test_split_sentences_keeps_offsets():
    text = "共排查91户。其中，一类72户！余下"
    assert [text[a - 10 : b - 10] for a, b in split_sentences(text, 10)] == ["共排查91户。", "其中，一类72户！", "余下"]


def test_user_blocks_extend_the_vocabulary():
    settings = {"numbers": {"units": [["件"]], "breakdown": {"open_words": ["等"], "near_miss": 0.1}},
                "numbers+本单位": {"units": [["株", "棵"]], "breakdown": {"open_words": ["之类"], "near_miss": 0.2}}}
    merged = merged_settings(settings)
    assert merged["units"] == [["件"], ["株", "棵"]]
    assert merged["breakdown.open_words"] == ["等", "之类"]
    assert merged["breakdown.near_miss"] == 0.2
    vocab = vocab_for(settings)
    a, b = vocab.reader.scan("种树10株，补种3棵")
    assert a.kind == b.kind == "株"


def test_bad_vocabulary_is_a_clear_error():
    with pytest.raises(ValueError, match="units"):
        vocab_for({"numbers": {"units": []}})
    with pytest.raises(ValueError, match="whole"):
        vocab_for({"numbers": {"units": [["件"]], "breakdown": {"cues": [{"words": ["其中"], "whole": "maybe"}]}}})
