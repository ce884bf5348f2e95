"""Prepared rule states kept in the user cache (fzlint.packs.states).

A state read back must be the state ``prepare`` gives; anything wrong with the entry
(damaged, of another layout, of another pack text) means preparing it again.
"""

from __future__ import annotations

import dataclasses

import pytest

from fzlint import checks
from fzlint.infra import cache, rx
from fzlint.packs.loader import load_ruleset
from fzlint.packs.states import MISSING, StoredStates

PACK = """\
pack: mine
rules:
  - code: FZ901
    name: my-rule
    check: pattern
    severity: warning
    message: "禁用词：{match}"
    patterns: ['禁用[一二三]词', '(?<!不)停用[甲乙]词']
    words: [废弃词, 过时词]
  - code: FZ902
    name: my-swap
    check: substitution
    severity: warning
    message: "{match} → {right}"
    swap:
      - {wrong: 旧说法, right: 新说法}
      - {pattern: '老(说|讲)法', right: '新\\1法', context: 规定}
"""


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("FZLINT_CACHE_DIR", str(d))
    monkeypatch.delenv("FZLINT_NO_CACHE", raising=False)
    return d


@pytest.fixture
def pack(tmp_path):
    p = tmp_path / "mine.yaml"
    p.write_text(PACK, encoding="utf-8")
    return p


def _refuse_prepare(monkeypatch, names=None):
    """Make the check types' prepare fail: a state must then come from the cache."""
    def refuse(rule):
        raise AssertionError(f"{rule.code} was prepared, not read from the cache")

    for name, check in list(checks.CHECKS.items()):
        if names is None or name in names:
            monkeypatch.setitem(checks.CHECKS, name, dataclasses.replace(check, prepare=refuse))


def _prepared(rs, code):
    rule = rs.by_code[code]
    return checks.CHECKS[rule.check].prepare(rule)


def test_a_state_is_prepared_once_and_then_read_back_equal(cache_dir, pack, monkeypatch):
    first = load_ruleset([pack], builtin=False)
    states = {code: first.state(first.by_code[code]) for code in ("FZ901", "FZ902")}
    first.save_states()
    assert list(cache_dir.glob("states-*.pickle")), "the states were not stored"
    again = load_ruleset([pack], builtin=False)
    _refuse_prepare(monkeypatch)
    for code, state in states.items():
        got = again.state(again.by_code[code])
        assert got == state and got is not state
    # read back, a pattern is compiled on first use (rx.lazy): a report reaches few of them
    assert isinstance(again.state(again.by_code["FZ902"]).patterns[0].regex, rx.Lazy)
    # the prefilters and guarded runners came back too, as the same regexes
    assert again.state(again.by_code["FZ901"]).runners == states["FZ901"].runners
    assert again.state(again.by_code["FZ901"]).prefilter == states["FZ901"].prefilter


def test_every_builtin_rule_reads_back_the_state_prepare_gives(cache_dir):
    rs = load_ruleset()
    for rule in rs.rules:
        rs.state(rule)
    rs.save_states()
    again = load_ruleset()
    stored = again.stored
    assert stored is not None
    kept = 0
    for rule in rs.rules:
        got = stored.get(rule.code, rule.check)
        if got is not MISSING:
            kept += 1
            assert got == _prepared(rs, rule.code), rule.code
    assert kept >= len(rs.rules) - 1  # all but FZ409 (off by default: never prepared here)


def test_cached_states_lint_alike(cache_dir):
    from fzlint.engine import lint_document
    from fzlint.packs.config import Settings
    from fzlint.parse import parse

    from ..conftest import ROOT

    text = (ROOT / "seeds" / "000_1fc3b7a414b55ec1.txt").read_text(encoding="utf-8")
    fresh = load_ruleset()
    a, _ = lint_document(parse(text, "a.txt"), fresh, Settings())
    fresh.save_states()
    cached = load_ruleset()
    b, _ = lint_document(parse(text, "a.txt"), cached, Settings())
    assert a and a == b


def _entry(cache_dir):
    (path,) = cache_dir.glob("states-*.pickle")
    return path


@pytest.mark.parametrize("damage", ["bytes", "layout", "check", "pickle"])
def test_a_damaged_or_foreign_entry_means_preparing_again(cache_dir, pack, damage):
    first = load_ruleset([pack], builtin=False)
    want = first.state(first.by_code["FZ901"])
    first.save_states()
    path = _entry(cache_dir)
    if damage == "bytes":
        data = path.read_bytes()
        path.write_bytes(data[:-12] + bytes(b ^ 0x5A for b in data[-12:]))
    elif damage == "layout":
        cache.store(path.name, {"FZ901": "not a state", "FZ902": ("pattern",)})
    elif damage == "check":  # a state of another check type under the rule's code
        stored = cache.load(path.name)
        cache.store(path.name, {"FZ901": ("substitution", stored["FZ901"][1])})
    else:
        cache.store(path.name, {"FZ901": ("pattern", b"\x80\x05not a pickle")})
    again = load_ruleset([pack], builtin=False)
    assert again.stored.get("FZ901", "pattern") is MISSING
    assert again.state(again.by_code["FZ901"]) == want


def test_an_edited_pack_does_not_read_the_states_of_the_old_text(cache_dir, pack, monkeypatch):
    first = load_ruleset([pack], builtin=False)
    first.state(first.by_code["FZ901"])
    first.save_states()
    pack.write_text(PACK.replace("禁用[一二三]词", "禁用[四五六]词"), encoding="utf-8")
    edited = load_ruleset([pack], builtin=False)
    state = edited.state(edited.by_code["FZ901"])
    assert state.patterns[0].pattern == "禁用[四五六]词"
    assert edited.stored.name != first.stored.name


def test_a_state_that_does_not_pickle_is_prepared_every_time(cache_dir, pack, monkeypatch):
    calls = []
    check = checks.CHECKS["pattern"]

    def prepare(rule):
        calls.append(rule.code)
        return lambda: rule.code  # not picklable

    monkeypatch.setitem(checks.CHECKS, "pattern", dataclasses.replace(check, prepare=prepare))
    for _ in range(2):
        rs = load_ruleset([pack], builtin=False)
        assert rs.state(rs.by_code["FZ901"])() == "FZ901"
        rs.save_states()
    assert calls == ["FZ901", "FZ901"]


def test_a_state_that_does_not_come_back_equal_is_not_kept(cache_dir):
    class Opaque:  # compared by identity: a copy is never equal to it
        pass

    stored = StoredStates("states-test.pickle")
    stored.add("FZ901", "pattern", Opaque())
    stored.add("FZ902", "pattern", ("a", 1))
    stored.save()
    again = StoredStates("states-test.pickle")
    assert again.get("FZ901", "pattern") is MISSING
    assert again.get("FZ902", "pattern") == ("a", 1)


def test_states_saved_by_two_processes_are_merged(cache_dir):
    a, b = StoredStates("states-test.pickle"), StoredStates("states-test.pickle")
    a.add("FZ901", "pattern", (1,))
    b.add("FZ902", "pattern", (2,))
    a.save()
    b.save()
    got = StoredStates("states-test.pickle")
    assert got.get("FZ901", "pattern") == (1,) and got.get("FZ902", "pattern") == (2,)


def test_no_cache_means_no_stored_states(cache_dir, pack, monkeypatch):
    monkeypatch.setenv("FZLINT_NO_CACHE", "1")
    rs = load_ruleset([pack], builtin=False)
    assert rs.stored is None
    assert rs.state(rs.by_code["FZ901"]) == _prepared(rs, "FZ901")
    rs.save_states()
    assert not cache_dir.exists() or not list(cache_dir.glob("states-*.pickle"))


def test_a_rule_not_of_the_set_is_prepared_not_read_from_the_cache(cache_dir, pack):
    first = load_ruleset([pack], builtin=False)
    first.state(first.by_code["FZ901"])
    first.save_states()
    again = load_ruleset([pack], builtin=False)
    own = again.by_code["FZ901"]
    params = checks.CHECKS["pattern"].build_params({**own.options, "patterns": ["另行[构造]"], "words": []})
    other = dataclasses.replace(own, params=params)
    state = again.state(other)  # same code, other rule: its own patterns
    assert [p.pattern for p in state.patterns] == ["另行[构造]"]


def test_warm_up_writes_the_states_at_once(cache_dir, pack):
    """The workers of `fzlint serve` end without exit handlers: warm_up stores what it prepared."""
    from fzlint.engine import warm_up
    from fzlint.packs.config import Settings

    rs = load_ruleset([pack], builtin=False)
    warm_up(rs, Settings())
    stored = cache.load(_entry(cache_dir).name)
    assert set(stored) == {"FZ901", "FZ902"}
