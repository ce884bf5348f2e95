"""The snippet helper itself (tests/snippets.py): it finds what it must and fails otherwise."""

from __future__ import annotations

import pytest

from .snippets import Problem, check


def test_a_bookmark_left_by_word_is_found_and_its_place_given():
    found = check("一、主要工作\n全部完成。[bookmark: x]\n", "FZ501",
                  Problem("FZ501", line=2, column=6, text="[bookmark: x]"))
    assert len(found) == 1


def test_clean_text_gives_nothing():
    check("一、主要工作\n全部完成。\n", "FZ501")


def test_a_missing_problem_fails_the_test():
    with pytest.raises(AssertionError, match="not found"):
        check("一、主要工作\n全部完成。\n", "FZ501", Problem("FZ501"))


def test_an_unexpected_finding_fails_the_test():
    with pytest.raises(AssertionError, match="unexpected findings"):
        check("一、主要工作\n全部完成。[bookmark: x]\n", "FZ501")
