"""The held-out sentence tables of tests/fixtures/unseen/ (``*_ok.txt``: must raise nothing;
``*_bad.txt``: ``CODES<TAB>sentence``) and how the rule tests lint one: alone, under a measures
heading, with one family selected."""

from __future__ import annotations

from pathlib import Path

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
