"""The collector is paused while a document is parsed and linted (``fzlint.infra.collector``,
issue 18): full collections over a large report's objects made the lint time grow faster
than the input.  The pause must never leave the collector off, nor switch it on for
someone who switched it off."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from fzlint.engine import lint_document
from fzlint.infra.collector import paused
from fzlint.inputs.readers import load_bytes, load_text
from fzlint.packs.config import Settings


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_switches_the_collector_off_and_on_again(collector_on: None) -> None:
    with paused():
        assert not gc.isenabled()
        with paused():  # nested: the inner block leaves it to the outer one
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_exception_leaves_the_collector_on(collector_on: None) -> None:
    with pytest.raises(ZeroDivisionError), paused():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_a_collector_switched_off_outside_stays_off(collector_on: None) -> None:
    gc.disable()  # as fzlint's start-up does until everything is loaded (cli.gc_ready)
    with paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_as_a_decorator_it_pauses_each_call(collector_on: None) -> None:
    seen = []

    @paused()
    def f(x: int) -> int:
        seen.append(gc.isenabled())
        return x + 1

    assert f(1) == 2 and f(2) == 3
    assert seen == [False, False] and gc.isenabled()


HEADINGS = "某区2023年法治政府建设情况报告\n" + "".join(
    f"{'一二三四五六七八九十'[i // 20 % 10]}、主要举措\n（{'一二三四五六七八九十'[i % 10]}）法治建设\n{i % 9 + 1}.法制宣传{i}件。\n"
    for i in range(300))


def _collections(call) -> tuple[list[int], object]:
    """The generations of the collections started during ``call()``, and its result."""
    starts: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            starts.append(info["generation"])

    gc.collect()
    gc.callbacks.append(seen)
    try:
        out = call()
    finally:
        gc.callbacks.remove(seen)
    return starts, out


@pytest.mark.parametrize("load", [load_text, lambda text, name: load_bytes(text.encode(), name)])
def test_no_collection_runs_while_a_document_is_parsed_or_linted(collector_on: None, load) -> None:
    """At most one young-generation pass per call, when the collector is switched on again
    (it collects what the call left in cycles); the same calls with the collector running
    start collections, up to the oldest generation."""
    settings = Settings()
    ruleset = settings.ruleset()
    lint_document(load_text(HEADINGS, "r.txt").doc, ruleset, settings)  # rule state built once, outside
    parsing, loaded = _collections(lambda: load(HEADINGS, "r.txt"))
    linting, (diags, errors) = _collections(lambda: lint_document(loaded.doc, ruleset, settings))
    assert diags and not errors
    assert parsing in ([], [0]) and linting in ([], [0])
    assert gc.isenabled()

    running, _ = _collections(lambda: [load_text.__wrapped__(HEADINGS, "r.txt") for _ in range(4)])
    assert len(running) > 4 and max(running) >= 1
