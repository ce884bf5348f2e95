"""FZ5 on sentences of the genre fzlint has not seen (tests/fixtures/unseen/, marked unseen):
what must and must not be reported, sentence by sentence, each linted alone under a measures
heading (tests/unseen_sentences.py)."""

from __future__ import annotations

import pytest

from ..unseen_sentences import FIXTURES, HEAD, found, rows


@pytest.mark.unseen
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


@pytest.mark.unseen
def test_safe_fixes_leave_the_clean_typography_fixture_alone():
    text = HEAD + "\n".join(t for _, t in rows("typography_ok.txt")) + "\n"
    assert _fixed(text) == text


@pytest.mark.unseen
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


@pytest.mark.synthetic
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
