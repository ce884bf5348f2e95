"""The indexes and bounds that keep linting linear (issue 18) answer exactly what the scans
they replaced answered; the bounds only apply beyond what prose has."""

from __future__ import annotations

import random

from fzlint.checks.breakdown import MAX_PARTS
from fzlint.engine import lint_text
from fzlint.infra.spans import PartIndex, RangeIndex

HEAD = "某区2023年法治政府建设情况报告\n一、主要举措和成效\n"


def _laminar(rng: random.Random, lo: int, hi: int, depth: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    a = lo
    while a < hi and depth:
        b = min(hi, a + rng.randint(1, 40))
        out.append((a, b))
        if rng.random() < 0.5:
            out += _laminar(rng, a, b, depth - 1)
        a = b + rng.randint(0, 5)
    return out


def test_part_index_answers_as_the_scan_did():
    rng = random.Random(3)
    for trial in range(200):
        spans = _laminar(rng, 0, 300, 3)
        if trial % 4 == 0:  # some overlapping without nesting: the scan's answer too
            spans += [(rng.randint(0, 290), rng.randint(0, 300)) for _ in range(3)]
        parts = {pid: [s for k, s in enumerate(spans) if k % 3 == n] for n, pid in enumerate(("a", "b", "c"))}
        index = PartIndex(parts)
        for offset in range(0, 310, 3):
            inner = [(b - a, pid) for pid, ss in parts.items() for a, b in ss if a <= offset < b]
            assert index.innermost(offset) == (min(inner)[1] if inner else None), (parts, offset)


def test_range_index_answers_as_any_did():
    rng = random.Random(4)
    for _ in range(100):
        ranges = [(a, a + rng.randint(0, 30)) for a in (rng.randint(0, 500) for _ in range(rng.randint(0, 30)))]
        index = RangeIndex(ranges)
        for offset in range(0, 540, 7):
            assert (offset in index) == any(a <= offset < b for a, b in ranges)


def _fz201(text: str) -> list[str]:
    return [d.message for d in lint_text(HEAD + text + "\n") if d.code == "FZ201"]


def test_a_long_list_is_still_added_up_and_a_longer_one_is_not_read():
    items = "、".join(f"第{i}类1件" for i in range(MAX_PARTS - 1))
    assert _fz201(f"全年共办理案件100件，分别为{items}。") != []  # 59 parts: read and added up
    many = "、".join(f"第{i}类1件" for i in range(MAX_PARTS + 10))
    assert _fz201(f"全年共办理案件100件，分别为{many}。") == []  # 70 parts: no reading


def test_a_line_of_breakdowns_is_read_where_prose_would_be():
    # A line without 。 of many clauses: the first lists are still checked (a wrong sum is found).
    clause = "共受理案件100件，其中维持60件、纠错30件；"
    assert _fz201(clause * 3 + "其余略。")
    assert len(_fz201(clause * 400 + "其余略。")) >= 3
