"""How ``bench/shapes.py`` measures (issue 18): the sizes of a shape are interleaved, each
timing starts from a collected heap, a warm-up lint comes first, and a size over the
limit drops the larger ones.  The figures themselves are printed by the benchmark, never
compared here."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import shapes


@pytest.fixture(autouse=True)
def own_heap() -> Iterator[None]:
    """The benchmark runs in a process of its own: pytest's heap (millions of objects, its
    collected tests among them) is frozen out of the way of the ``gc.collect()`` before each
    timing, which would otherwise walk it each time (a tenth of a second a call here)."""
    if gc.get_freeze_count():  # someone else's freeze: leave it alone
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """``time_file`` replaced: each call recorded (file name, gc generation-0 count at the
    call), and its 'time' read from the file name (seconds = size / 100)."""
    seen: list[tuple[str, int]] = []

    def fake(path: Path, limit: float) -> float | None:
        seen.append((path.name, gc.get_count()[0]))
        t = int(path.stem.split("-")[-1]) / 100
        return None if t > limit else t

    monkeypatch.setattr(shapes, "time_file", fake)
    return seen


def _paths(sizes: tuple[int, ...]) -> list[Path]:
    return [Path(f"s-{n}.txt") for n in sizes]


def test_sizes_are_interleaved_after_one_warm_up(calls: list[tuple[str, int]]) -> None:
    times = shapes.time_shape(_paths((25, 50, 100)), runs=3, limit=60, warm=Path("s-2.txt"))
    assert [name for name, _ in calls] == ["s-2.txt"] + ["s-25.txt", "s-50.txt", "s-100.txt"] * 3
    assert times == [0.25, 0.5, 1.0]


def test_each_timing_starts_from_a_collected_heap(calls: list[tuple[str, int]]) -> None:
    garbage = [[i] for i in range(500)]  # pending young objects: gc's generation-0 count grows
    assert gc.get_count()[0] > 0 or not gc.isenabled()
    shapes.time_shape(_paths((25, 50)), runs=2, limit=60)
    del garbage
    assert len(calls) == 4
    assert all(count < 50 for _, count in calls)  # gc.collect() just before: the count restarts at 0


def test_the_median_of_the_runs_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    series = iter([1.0, 2.0, 9.0, 2.2, 4.1, 3.0, 1.1, 2.1, 4.0])  # run by run: 0.25, 0.5, 1 MB

    monkeypatch.setattr(shapes, "time_file", lambda path, limit: next(series))
    assert shapes.time_shape(_paths((25, 50, 100)), runs=3, limit=60) == [1.1, 2.1, 4.0]


def test_a_size_over_the_limit_drops_the_larger_sizes(calls: list[tuple[str, int]]) -> None:
    times = shapes.time_shape(_paths((25, 50, 100)), runs=3, limit=0.7)
    assert times == [0.25, 0.5, None]
    # 1 MB went over in run 1: runs 2 and 3 time only the smaller sizes
    assert [name for name, _ in calls] == ["s-25.txt", "s-50.txt", "s-100.txt"] + ["s-25.txt", "s-50.txt"] * 2
    assert shapes.time_shape(_paths((25, 50, 100)), runs=2, limit=0.1) == [None, None, None]
