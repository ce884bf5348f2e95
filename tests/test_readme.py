"""The README promises what the project delivers."""

from __future__ import annotations

import re

from fzlint.packs.loader import load_ruleset

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_rule_is_listed_in_the_readme_table():
    table = README.split("<!-- rules-table:start -->")[1].split("<!-- rules-table:end -->")[0]
    listed = set(re.findall(r"^\| (FZ\d{3}) \|", table, flags=re.M))
    assert listed == {r.code for r in load_ruleset().rules}


def test_readme_commands_match_ci():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install -e ".[test]" && python -m pytest' in README
    assert 'pip install -q -e ".[test]"' in ci and "python -m pytest" in ci
    assert "fzlint check seeds/" in README
