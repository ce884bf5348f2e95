"""Every rule family at once on whole held-out reports (tests/fixtures/unseen/clean_*.txt, marked
``unseen``): a clean report raises nothing, and each defect of ``injections.tsv`` (FZ2, FZ4, FZ5)
injected alone into a copy is reported on the line it went into."""

from __future__ import annotations

import pytest

from ..conftest import lint
from ..unseen_sentences import FIXTURES

CLEAN = (FIXTURES / "clean_township_2024.txt").read_text(encoding="utf-8")


def injections() -> list[tuple[str, str, str]]:
    out = []
    for line in (FIXTURES / "injections.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, old, new = line.split("\t")
            out.append((code, old.replace("\\n", "\n"), new.replace("\\n", "\n")))
    return out


@pytest.mark.unseen
def test_the_clean_unseen_report_raises_nothing():
    assert lint(CLEAN) == []


@pytest.mark.unseen
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


@pytest.mark.unseen
def test_the_clean_bureau_report_raises_no_number_term_or_typography_finding():
    assert lint(BUREAU, select=("FZ2", "FZ4", "FZ5")) == []


@pytest.mark.unseen
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
