"""Golden tests: what fzlint reports on each seed, family by family.

A finding that appears or disappears is a change a person must review
(``python -m tests.regen_golden FZ5`` rewrites the files; every entry needs a ``why``).
"""

from __future__ import annotations

import pytest

from .conftest import SEEDS
from .regen_golden import HERE, KEYS, findings, golden_path, key, load

FAMILIES = sorted(p.name for p in (HERE / "golden").iterdir() if p.is_dir())
CASES = [(fam, seed) for fam in FAMILIES for seed in SEEDS]


def test_every_family_with_rules_has_golden_files():
    from fzlint.packs.loader import load_ruleset

    families = {r.code[:3] for r in load_ruleset().rules}
    assert families <= set(FAMILIES), f"missing golden directories for {families - set(FAMILIES)}"


@pytest.mark.parametrize(("family", "seed"), CASES, ids=[f"{f}-{s.name[:3]}" for f, s in CASES])
def test_golden(family, seed):
    path = golden_path(family, seed)
    assert path.exists(), f"run: python -m tests.regen_golden {family}"
    expected = load(path)
    for item in expected:
        assert item.get("why") and not str(item["why"]).startswith("TODO"), f"{path.name}: {item} has no why"
    assert [key(f) for f in findings(seed, family)] == [key(i) for i in expected]
    assert all(set(KEYS) <= set(i) for i in expected)
