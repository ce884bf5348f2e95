"""Sentences of the genre fzlint has not seen (tests/fixtures/unseen/): what must and must not
be reported, sentence by sentence, each linted alone under a measures heading."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import lint

FIXTURES = Path(__file__).parent / "fixtures" / "unseen"
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
