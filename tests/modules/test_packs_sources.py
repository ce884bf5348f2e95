"""Every rule cites public documents: what `fzlint explain` prints names no internal note,
seed or working file (issue 16 §7)."""

from __future__ import annotations

import re

import pytest

from fzlint.explain import explain_text
from fzlint.packs.loader import load_ruleset

RULES = load_ruleset().rules
INTERNAL = re.compile(r"domain\.md|domain|seeds?\b|种子|§|\[S\d+\]|\[K\]|fphunt|/work/|SOURCES\.md", re.I)
PUBLIC = re.compile(r"《[^》]+》|GB/T\s*\d+|条例|规定|决定|意见|通知|公告|会议|全会|代表大会|方案|规划|纲要|法|flk\.npc\.gov\.cn")


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_explain_names_no_internal_source(rule) -> None:
    text = explain_text(rule)
    assert not INTERNAL.search(text), INTERNAL.search(text)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_every_rule_source_names_a_public_document(rule) -> None:
    assert rule.source and PUBLIC.search(rule.source), rule.source
