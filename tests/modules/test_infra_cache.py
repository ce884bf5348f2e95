"""The user cache (fzlint.infra.cache): rule packs and compiled regexes kept between runs.

The cache must never change a result: a hit gives what loading gives, and anything
wrong with it (corrupt, foreign, stale, disabled) means loading as if it were not there.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from fzlint.infra import cache, rx
from fzlint.packs.loader import RuleSet, load_ruleset

from ..conftest import ROOT, run_fzlint

PACK = """\
pack: mine
rules:
  - code: FZ901
    name: my-rule
    check: pattern
    severity: warning
    message: "禁用词：{match}"
    summary: 禁用词
    explain: {what: a, why: b, example: c, fix: d}
    source: test
    patterns: ['禁用[一二三]词']
"""


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("FZLINT_CACHE_DIR", str(d))
    monkeypatch.delenv("FZLINT_NO_CACHE", raising=False)
    return d


def _summary(rs: RuleSet) -> list[tuple[object, ...]]:
    return [(r.code, r.name, r.check, r.severity, r.message, r.summary, r.explain, r.source, r.scope, r.pack,
             r.pack_path, r.line, repr(r.options), r.enabled) for r in rs.rules]


def _no_loading(monkeypatch):
    def refuse(*_a, **_k):
        raise AssertionError("the rule packs were loaded, not taken from the cache")

    monkeypatch.setattr("fzlint.packs.loader._Loader.load", refuse)


def test_a_cached_rule_set_is_the_loaded_one(cache_dir, monkeypatch):
    fresh = load_ruleset()
    assert list(cache_dir.glob("packs-*.pickle")), "the rule set was not stored"
    _no_loading(monkeypatch)
    cached = load_ruleset()
    assert _summary(cached) == _summary(fresh)
    assert cached.settings == fresh.settings and cached.files == fresh.files
    assert cached.parts == fresh.parts  # dataclasses of compiled patterns: equal programs
    assert cached.rules[0] is not fresh.rules[0]


def test_a_cached_rule_set_prepares_and_lints_alike(cache_dir):
    from fzlint.engine import lint_document
    from fzlint.packs.config import Settings
    from fzlint.parse import parse

    text = (ROOT / "seeds" / "000_1fc3b7a414b55ec1.txt").read_text(encoding="utf-8")
    fresh = load_ruleset()
    cached = load_ruleset()
    a, _ = lint_document(parse(text, "a.txt"), fresh, Settings())
    b, _ = lint_document(parse(text, "a.txt"), cached, Settings())
    assert a and a == b


def test_a_corrupt_or_foreign_cache_is_ignored(cache_dir, monkeypatch):
    fresh = _summary(load_ruleset([_pack(cache_dir.parent)]))
    files = list(cache_dir.iterdir())
    assert files
    for f in files:
        data = f.read_bytes()
        f.write_bytes(data[: len(data) // 2] + b"\x00garbage" + data[len(data) // 2 :])
    assert _summary(load_ruleset([_pack(cache_dir.parent)])) == fresh
    for f in cache_dir.iterdir():  # a valid entry whose payload is not a rule set
        cache.store(f.name, {"something": "else"})
    assert _summary(load_ruleset([_pack(cache_dir.parent)])) == fresh
    for f in cache_dir.iterdir():
        f.write_bytes(b"")
    assert _summary(load_ruleset([_pack(cache_dir.parent)])) == fresh


def test_an_entry_writable_by_others_is_not_trusted(cache_dir):
    if not hasattr(os, "getuid"):
        pytest.skip("POSIX permissions")
    assert cache.store("x.pickle", [1, 2, 3])
    assert cache.load("x.pickle") == [1, 2, 3]
    os.chmod(cache_dir / "x.pickle", 0o666)
    assert cache.load("x.pickle") is None


def _pack(d: Path, text: str = PACK) -> Path:
    p = d / "mine.yaml"
    if not p.exists() or p.read_text(encoding="utf-8") != text:
        p.write_text(text, encoding="utf-8")
    return p


def test_an_edited_pack_is_loaded_again(cache_dir, tmp_path):
    pack = _pack(tmp_path)
    first = load_ruleset([pack], builtin=False)
    assert first.by_code["FZ901"].severity.label == "warning"
    _pack(tmp_path, PACK.replace("severity: warning", "severity: error"))
    second = load_ruleset([pack], builtin=False)
    assert second.by_code["FZ901"].severity.label == "error"


def test_an_edited_include_is_loaded_again(cache_dir, tmp_path):
    inc = _pack(tmp_path)
    top = tmp_path / "top.yaml"
    top.write_text("pack: top\ninclude: [mine.yaml]\n", encoding="utf-8")
    assert load_ruleset([top], builtin=False).by_code["FZ901"].message == "禁用词：{match}"
    inc.write_text(PACK.replace("禁用词：{match}", "不要用：{match}"), encoding="utf-8")
    assert load_ruleset([top], builtin=False).by_code["FZ901"].message == "不要用：{match}"


def _age(path: Path, seconds: float = 60) -> None:
    """Date ``path`` back: a file written just now is not trusted by its stamp."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - int(seconds * 1e9)))


def test_a_settled_pack_is_trusted_by_its_size_and_mtime(cache_dir, tmp_path, monkeypatch):
    from fzlint.packs import loader

    pack = _pack(tmp_path)
    _age(pack)
    load_ruleset([pack], builtin=False)  # stored with the pack's stamp
    monkeypatch.setattr(loader, "_text_digest", lambda text: pytest.fail("a settled pack was read again"))
    assert load_ruleset([pack], builtin=False).by_code["FZ901"].severity.label == "warning"


def test_a_touched_pack_is_compared_by_its_text(cache_dir, tmp_path, monkeypatch):
    from fzlint.packs import loader

    pack = _pack(tmp_path)
    _age(pack)
    load_ruleset([pack], builtin=False)
    _age(pack, 30)  # another mtime, the same text: still the cached set, after reading the text
    read = []
    real_digest = loader._text_digest
    monkeypatch.setattr(loader, "_text_digest", lambda text: read.append(text) or real_digest(text))
    monkeypatch.setattr(loader._Loader, "load", lambda *a: pytest.fail("the pack was parsed again"))
    assert load_ruleset([pack], builtin=False).by_code["FZ901"].severity.label == "warning"
    assert read


def test_a_pack_rewritten_at_once_with_the_same_size_is_loaded_again(cache_dir, tmp_path):
    # written twice within the clock's granularity: same size, maybe the same mtime; its
    # stamp was not settled when it was cached, so its text is compared
    pack = _pack(tmp_path)
    assert load_ruleset([pack], builtin=False).by_code["FZ901"].message == "禁用词：{match}"
    st = pack.stat()
    pack.write_text(PACK.replace("禁用词：{match}", "不要用：{match}"), encoding="utf-8")
    os.utime(pack, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert pack.stat().st_size == st.st_size
    assert load_ruleset([pack], builtin=False).by_code["FZ901"].message == "不要用：{match}"


def test_a_broken_pack_is_never_cached(cache_dir, tmp_path):
    from fzlint.errors import PackError

    pack = _pack(tmp_path, PACK.replace("check: pattern", "check: patern"))
    for _ in range(2):
        with pytest.raises(PackError, match="未知的检查类型"):
            load_ruleset([pack], builtin=False)
    assert not list(cache_dir.glob("packs-*.pickle"))


def test_no_cache_env_var_disables_it(cache_dir, monkeypatch):
    monkeypatch.setenv("FZLINT_NO_CACHE", "1")
    assert cache.cache_dir() is None
    load_ruleset()
    rx.compile("禁用[四五]词")
    rx.save()
    assert not cache_dir.exists()


def test_pack_paths_are_shown_relative_to_the_working_directory(cache_dir, tmp_path, monkeypatch):
    sub = tmp_path / "packs"
    sub.mkdir()
    pack = _pack(sub)
    monkeypatch.chdir(tmp_path)
    assert load_ruleset([pack.resolve()], builtin=False).by_code["FZ901"].pack_path == "packs/mine.yaml"
    monkeypatch.chdir(sub)
    _no_loading(monkeypatch)
    assert load_ruleset([pack.resolve()], builtin=False).by_code["FZ901"].pack_path == "mine.yaml"


# ---- compiled regexes ---------------------------------------------------------------------
PATTERNS = [
    ("禁用[一二三]词", 0),
    ("(?P<y>(?:19|20)\\d{2})\\s*年(?P<rest>.*)", 0),
    ("(?i)abc|[Α-Ω]+", 0),
    ("法[\\s“”\"‘’'「」『』]*治", 0),
    ("(?<![0-9])(\\d+)(?:\\.\\d+)?%", re.IGNORECASE),
    ("^(?:[\\u4e00-\\u9fff]{2,7}?(?:省|市|县|区))+", re.MULTILINE),
]


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert a == b  # CPython compares pattern, flags and the compiled program
    assert (a.groups, a.groupindex, a.flags) == (b.groups, b.groupindex, b.flags)


def test_regexes_from_the_cache_are_the_compiled_ones(cache_dir):
    for pattern, flags in PATTERNS:
        _same(rx.compile(pattern, flags), re.compile(pattern, flags))
    rx.save()
    rx._programs = None  # a new process: the programs come from the file
    for pattern, flags in PATTERNS:
        got = rx.compile(pattern, flags)
        _same(got, re.compile(pattern, flags))
        assert (pattern, flags) in rx._programs
    m = rx.compile(PATTERNS[1][0]).search("二〇二三，2023 年工作")
    assert m is not None and m.group("y") == "2023"


def test_a_program_the_engine_refuses_falls_back_to_compiling(cache_dir):
    pattern = "禁用[七八]词"
    rx.compile(pattern)
    flags, code, groups, gi, ig, req = rx._programs[(pattern, 0)]
    rx._programs[(pattern, 0)] = (flags, b"\xff\xff\x00\x00" + code, groups, gi, ig, req)  # not a valid program
    _same(rx.compile(pattern), re.compile(pattern))
    with pytest.raises(re.error):
        rx.compile("禁用[词")


@pytest.mark.slow
def test_cli_results_do_not_depend_on_the_cache(tmp_path):
    args = ("check", "seeds/", "--format", "json", "--jobs", "1")
    cold = run_fzlint(*args, env={"FZLINT_NO_CACHE": "1"})
    first = run_fzlint(*args, env={"FZLINT_CACHE_DIR": str(tmp_path)})  # fills the cache
    assert list(tmp_path.glob("packs-*.pickle")) and list(tmp_path.glob("regex-*.pickle"))
    assert list(tmp_path.glob("states-*.pickle"))  # the rules' prepared states (fzlint.packs.states)
    warm = run_fzlint(*args, env={"FZLINT_CACHE_DIR": str(tmp_path)})
    assert json.loads(cold.stdout) and json.loads(cold.stdout) == json.loads(first.stdout) == json.loads(warm.stdout)
    assert cold.returncode == first.returncode == warm.returncode == 1


def test_old_rule_set_entries_are_pruned(cache_dir, tmp_path):
    for k in range(20):
        pack = tmp_path / f"p{k}.yaml"
        pack.write_text(PACK.replace("FZ901", f"FZ9{k:02d}"), encoding="utf-8")
        load_ruleset([pack], builtin=False)
    assert len(list(cache_dir.glob("packs-*.pickle"))) == 16


# ---- hostile or foreign cache files ---------------------------------------------------------
@pytest.mark.slow
def test_a_fifo_in_place_of_an_entry_neither_blocks_nor_changes_anything(tmp_path):
    """Someone who can write to a shared cache directory puts FIFOs where the entries go:
    opening one must not wait for a writer, and the run must give the uncached result."""
    from fzlint.packs.loader import _cache_name, builtin_pack_paths

    d = tmp_path / "cache"
    d.mkdir()
    for name in (rx._FILE, _cache_name(builtin_pack_paths(), True)):
        assert name
        os.mkfifo(d / name)
    args = ("check", "seeds/004_d5b6b2e72d8ce8d7.txt", "--format", "json")
    cold = run_fzlint(*args, env={"FZLINT_NO_CACHE": "1"})
    r = run_fzlint(*args, env={"FZLINT_CACHE_DIR": str(d)})  # run_fzlint times out after 120 s
    assert r.returncode == cold.returncode == 1 and r.stderr == ""
    assert json.loads(r.stdout) == json.loads(cold.stdout)


def test_entries_owned_by_another_user_are_not_read(cache_dir, monkeypatch):
    if not hasattr(os, "getuid"):
        pytest.skip("POSIX ownership")
    assert cache.store("x.pickle", [1, 2, 3]) and cache.load("x.pickle") == [1, 2, 3]
    me = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: me + 1)  # the files now belong to someone else
    assert cache.load("x.pickle") is None
    pattern = "禁用[五六]词"
    rx.compile(pattern)
    rx.save()
    rx._programs = None  # a new process: the regex cache is someone else's file, so not read
    assert rx._load() == {}
    _same(rx.compile(pattern), re.compile(pattern))


@pytest.mark.parametrize("bad", [
    "not a program",
    (0, b"", 0, {}, ()),  # a shorter layout
    (0, [1, 2], 0, {}, (None,), None),  # code not as bytes
    ("flags", b"", 0, {}, (None,), None),
])
def test_regex_entries_of_another_layout_are_not_used(cache_dir, bad):
    pattern = "禁用[六七]词"
    rx.compile(pattern)
    rx._programs[(pattern, 0)] = bad
    rx.save()
    rx._programs = None
    _same(rx.compile(pattern), re.compile(pattern))
    assert rx._programs[(pattern, 0)] != bad  # replaced by the program just compiled


def test_required_literals_of_another_layout_are_not_used(cache_dir):
    """A cached entry whose required literals are not a set of strings (here: one string,
    which `x in text` would test character by character) falls back to the analysis."""
    pattern = "政府[七八]规划"
    compiled = rx.compile(pattern)
    flags, code, groups, gi, ig, req = rx._programs[(pattern, 0)]
    assert req == frozenset({"政府七规划", "政府八规划"})  # the class multiplied out (rx._required)
    rx._programs[(pattern, 0)] = (flags, code, groups, gi, ig, "政府七规划")
    rx._REQUIRED.clear()
    assert rx.required(compiled) == frozenset({"政府七规划", "政府八规划"})


def test_a_damaged_regex_cache_is_not_read(cache_dir):
    pattern = "禁用[八九]词"
    rx.compile(pattern)
    rx.save()
    f = cache_dir / rx._FILE
    data = f.read_bytes()
    f.write_bytes(data[:-10] + bytes(b ^ 0xFF for b in data[-10:]))  # the tail of the pickle flipped
    rx._programs = None
    assert rx._load() == {}
    _same(rx.compile(pattern), re.compile(pattern))


def test_a_cached_rule_set_brings_the_patterns_its_validation_found_safe(cache_dir, tmp_path, monkeypatch):
    from fzlint.infra import patterns as base

    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK.replace("'禁用[一二三]词'", "'(?:禁用[一二三]词\\\\s?)+'"), encoding="utf-8")
    load_ruleset([pack])  # validated (the pattern is analysed once) and stored
    monkeypatch.setattr(base, "_SAFE", set())  # a new process: nothing judged yet
    analysed = []
    real = __import__("fzlint.infra.regexsafe", fromlist=["problem"]).problem
    monkeypatch.setattr("fzlint.infra.regexsafe.problem", lambda p, f=0: analysed.append(p) or real(p, f))
    cached = load_ruleset([pack])
    rule = cached.by_code["FZ901"]
    cached.state(rule)  # prepare() compiles the pattern: trusted, not analysed again
    assert "(?:禁用[一二三]词\\s?)+" not in analysed
    with pytest.raises(ValueError, match="回溯失控"):  # a pattern no validation saw is still analysed
        base.compile_pattern(r"(\w+\s?)*$")
