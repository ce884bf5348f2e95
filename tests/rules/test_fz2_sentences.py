"""Sentences of the genre fzlint has not seen (tests/fixtures/unseen/): what must and must not
be reported, sentence by sentence, each linted alone under a measures heading."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import lint

FIXTURES = Path(__file__).parent.parent / "fixtures" / "unseen"
HEAD = "某街道2023年法治政府建设情况报告\n一、2023年推进法治政府建设的主要举措和成效\n"


def rows(name: str) -> list[tuple[frozenset[str], str]]:
    out = []
    for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        codes, sep, text = line.partition("\t")
        out.append((frozenset(codes.split(",")), text) if sep else (frozenset(), line))
    return out


def found(text: str, family: str) -> set[str]:
    return {d.code for d in lint(HEAD + text + "\n", select=(family,))}


@pytest.mark.parametrize("want, text", rows("numbers_ok.txt") + rows("numbers_bad.txt"))
def test_number_sentences(want, text):
    assert found(text, "FZ2") == want


@pytest.mark.parametrize("want, text", rows("terms_ok.txt") + rows("terms_bad.txt"))
def test_terminology_sentences(want, text):
    assert found(text, "FZ4") == want


def test_real_law_titles_are_not_taken_for_slips_of_listed_ones():
    """National laws a report may cite that sit one or two characters from a listed title."""
    titles = [line for line in (FIXTURES / "law_titles_ok.txt").read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")]
    body = "".join(f"组织学习《{t}》。\n" for t in titles)
    assert found(body, "FZ405") == set()


@pytest.mark.parametrize("want, text", rows("typography_ok.txt") + rows("typography_bad.txt"))
def test_typography_sentences(want, text):
    assert found(text, "FZ5") == want


def _fixed(text: str, family: str = "FZ5") -> str:
    from fzlint.engine import lint_document
    from fzlint.fixes import fix_to_fixpoint
    from fzlint.packs.config import Settings
    from fzlint.parse import parse

    settings = Settings(select=(family,))
    ruleset = settings.ruleset()
    new, _, _ = fix_to_fixpoint(text, lambda t: lint_document(parse(t, "p.txt"), ruleset, settings)[0])
    return new


def test_safe_fixes_leave_the_clean_typography_fixture_alone():
    text = HEAD + "\n".join(t for _, t in rows("typography_ok.txt")) + "\n"
    assert _fixed(text) == text


def test_fixing_a_pasted_web_page_removes_exactly_its_boilerplate_lines():
    text = (FIXTURES / "web_page.txt").read_text(encoding="utf-8")
    kept = _fixed(text).splitlines()
    assert kept == [
        "某某区司法局2023年法治政府建设情况报告",
        "2023年，区司法局坚持以习近平法治思想为指导，全面推进法治政府建设。现将有关情况报告如下：",
        "一、2023年推进法治政府建设的主要举措和成效", "（一）加强组织领导", "全年召开党组会研究法治工作4次。",
        "二、存在的不足和原因", "主要是学习不够深入。", "三、2024年推进法治政府建设的主要安排", "继续加强组织领导。",
        "某某区司法局", "2024年3月20日",
    ]


def test_safe_fixes_never_touch_urls_emails_decimals_or_times():
    """Property: ASCII tokens (网址、邮箱、小数、时间、版本号) between Chinese clauses come out of
    --fix unchanged, whatever punctuation surrounds them."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    tokens = st.sampled_from(["http://www.example.gov.cn/a/b.html", "https://zwfw.tj.gov.cn/?id=3&x=1",
                              "sfj@tj.gov.cn", "326.5", "9:30", "12:00:05", "V2.0", "1,200", "ISO 9001",
                              "GB/T 9704-2012", "Windows 10", "2023-03-28"])
    chinese = st.sampled_from(["依法行政", "办理案件", "网址", "咨询电话", "开放时间", "版本"])
    seps = st.sampled_from(["，", "：", "（", "）", "。", "、", " ", ""])

    @settings(max_examples=120, deadline=None)
    @given(st.lists(st.tuples(chinese, seps, tokens, seps), min_size=1, max_size=4))
    def prop(parts):
        body = "".join(c + a + tok + b for c, a, tok, b in parts)
        new = _fixed(HEAD + body + "。\n")
        for _, _, tok, _ in parts:
            assert tok in new, (body, new)

    prop()


CLEAN = (FIXTURES / "clean_township_2024.txt").read_text(encoding="utf-8")


def injections() -> list[tuple[str, str, str]]:
    out = []
    for line in (FIXTURES / "injections.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, old, new = line.split("\t")
            out.append((code, old.replace("\\n", "\n"), new.replace("\\n", "\n")))
    return out


def test_the_clean_unseen_report_raises_nothing():
    assert lint(CLEAN) == []


@pytest.mark.parametrize("code, old, new", injections())
def test_an_injected_defect_is_reported(code, old, new):
    assert CLEAN.count(old) >= 1
    text = CLEAN.replace(old, new, 1)
    diags = lint(text)
    assert code in {d.code for d in diags}
    changed = text.count("\n", 0, text.index(new)) + 1  # the line the defect went into
    assert all(d.line in range(changed, changed + new.count("\n") + 1) or d.code.startswith("FZ3") for d in diags), \
        [(d.code, d.line, d.message) for d in diags]


BUREAU = (FIXTURES / "clean_bureau_2021.txt").read_text(encoding="utf-8")


def test_the_clean_bureau_report_raises_no_number_term_or_typography_finding():
    assert lint(BUREAU, select=("FZ2", "FZ4", "FZ5")) == []


@pytest.mark.parametrize("code, old, new", [
    ("FZ201", "驳回申请158件", "驳回申请168件"),
    ("FZ207", "败诉率8.2%", "败诉率6.2%"),
    ("FZ207", "出庭应诉率97.7%", "出庭应诉率99.7%"),
    ("FZ207", "占比35%", "占比45%"),  # 卷 is a unit
    ("FZ207", "调解成功率98.2%", "调解成功率99.2%"),
    ("FZ204", "调解成功5.5万件", "调解成功5.7万件"),
    ("FZ401", "深入学习贯彻习近平法治思想，认真", "深入学习贯彻习近平法治思想，认真推进法制建设，认真"),
    ("FZ405", "《法治政府建设实施纲要（2021—2025年）》", "《法治政府建设实施钢要（2021—2025年）》"),
])
def test_an_injected_defect_in_the_bureau_report_is_reported(code, old, new):
    assert BUREAU.count(old) == 1
    assert code in {d.code for d in lint(BUREAU.replace(old, new), select=("FZ2", "FZ4", "FZ5"))}


def test_results_of_different_counts_are_not_one_restated_metric():
    body = ("各村（社区）调解委员会共调解矛盾纠纷326起，调解成功318起。\n"
            "镇调解委员会共调解矛盾纠纷58起，调解成功56起。\n")
    assert found(body, "FZ209") == set()


def test_a_result_restated_under_the_same_count_is_still_reported():
    body = ("全镇共调解矛盾纠纷326起，调解成功318起。\n"
            "（二）基层治理\n全镇共调解矛盾纠纷326起，调解成功312起。\n")
    assert found(body, "FZ209") == {"FZ209"}


def test_a_doubled_character_in_a_slogan_is_fixed_back_to_the_slogan():
    """Property: a character typed twice inside a canonical phrase (FZ404) is reported, and the
    (unsafe) fix gives back the phrase exactly — never the phrase plus the leftover
    characters (``现代代化`` → ``现代化``, not ``现代化化``)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from fzlint.packs.loader import load_ruleset

    rule = next(r for r in load_ruleset().rules if r.code == "FZ404")
    phrases = [p for p in rule.options["phrases"] if len(p) >= rule.options["min_length"] and "、" not in p]

    @settings(max_examples=80, deadline=None)
    @given(st.sampled_from(phrases), st.integers(min_value=0, max_value=40))
    def prop(phrase, k):
        i = 1 + k % (len(phrase) - 2)  # inside: a doubled first or last character leaves the phrase intact
        typo = phrase[: i + 1] + phrase[i:]
        line = f"全面落实{typo}要求。"
        diags = [d for d in lint(HEAD + line + "\n", select=("FZ404",))]
        assert len(diags) == 1, (typo, [d.message for d in diags])
        text = HEAD + line + "\n"
        (edit,) = diags[0].fix.edits
        assert text[: edit.start] + edit.content + text[edit.end :] == HEAD + f"全面落实{phrase}要求。\n"

    prop()


# ---- properties of the shapes unseen reports use ---------------------------------------------
_LABELS = ("行政处罚案件", "行政许可事项", "行政强制案件", "信息公开申请")


def _fz2(text: str) -> list[str]:
    return sorted(d.code for d in lint(HEAD + text + "\n", select=("FZ2",)))


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
