"""A batch's results are kept out of the garbage collector's way (issue 18): with the
collector walking every result again at each full collection, the parent's share of a
batch of 4,000 reports grew ten times faster than that of 1,000.  The command line asks
for it (``run(keep=True)``: its results live until it exits); a library caller's heap is
left as it was.  Counted in objects and switches, never in seconds."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.corpus import make_corpus, write_corpus
from fzlint import runner
from fzlint.cli_results import _reports
from fzlint.packs.config import Overrides
from fzlint.runner import Mode, run


@pytest.fixture
def collector_on() -> Iterator[None]:
    """The collector on, as the command line leaves it, and nothing left frozen afterwards."""
    was = gc.isenabled()
    gc.enable()
    yield
    gc.unfreeze()
    if not was:
        gc.disable()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("batch")
    reports = make_corpus(4, seed=4)
    reports[1].lines[5] = reports[0].lines[5]  # one copied paragraph: the corpus pass finds it
    write_corpus(reports, d)
    return d


def _tracked(objs: list[object]) -> int:
    ids = {id(o) for o in objs}
    return sum(id(o) in ids for o in gc.get_objects())


def _linted(results: list[runner.FileResult]) -> list[object]:
    """The results and the findings of each file's own lint (the copy findings the corpus
    pass adds afterwards are new objects)."""
    return [*results, *(r.digest for r in results), *(d for r in results for d in r.diagnostics if d.code != "FZ601")]


@pytest.mark.parametrize("jobs", [1, 2])
def test_kept_results_are_frozen_and_the_findings_are_the_same(collector_on: None, folder: Path, jobs: int) -> None:
    plain = run([str(folder)], Overrides(), Mode(), jobs=jobs)
    assert _tracked(_linted(plain)) > 0  # a library call freezes nothing
    kept = run([str(folder)], Overrides(), Mode(), jobs=jobs, keep=True)
    assert gc.isenabled()
    assert _tracked(_linted(kept)) == 0
    assert [(r.path, r.diagnostics) for r in kept] == [(r.path, r.diagnostics) for r in plain]
    assert any(d.code == "FZ601" for r in kept for d in r.diagnostics)


def test_the_corpus_pass_runs_with_the_collector_paused(collector_on: None, folder: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real = runner.apply_corpus

    def spy(*args: object) -> list[str]:
        seen.append(gc.isenabled())
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "apply_corpus", spy)
    run([str(folder)], Overrides(), Mode(), jobs=1)
    assert seen == [False]
    assert gc.isenabled()


def test_the_reports_to_write_are_frozen(collector_on: None, folder: Path) -> None:
    results = run([str(folder)], Overrides(), Mode(), jobs=1)
    reports = _reports(results, "json")
    assert len(reports) == 4
    assert _tracked(list(reports)) == 0
    assert gc.isenabled()
