"""FZ4 on sentences of the genre fzlint has not seen (tests/fixtures/unseen/, marked unseen):
what must and must not be reported, sentence by sentence, each linted alone under a measures
heading (tests/unseen_sentences.py)."""

from __future__ import annotations

import pytest

from ..conftest import lint
from ..unseen_sentences import FIXTURES, HEAD, found, rows


@pytest.mark.unseen
@pytest.mark.parametrize("want, text", rows("terms_ok.txt") + rows("terms_bad.txt"))
def test_terminology_sentences(want, text):
    assert found(text, "FZ4") == want


@pytest.mark.unseen
def test_real_law_titles_are_not_taken_for_slips_of_listed_ones():
    """National laws a report may cite that sit one or two characters from a listed title."""
    titles = [line for line in (FIXTURES / "law_titles_ok.txt").read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")]
    body = "".join(f"组织学习《{t}》。\n" for t in titles)
    assert found(body, "FZ405") == set()


@pytest.mark.synthetic
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
