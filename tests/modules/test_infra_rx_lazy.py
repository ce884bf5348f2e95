"""rx.lazy: a pattern compiled on first use behaves as the compiled pattern."""

from __future__ import annotations

import copy
import io
import pickle
import re
import threading

import pytest

from fzlint.infra import rx

PATTERNS = [
    ("禁用[一二三]词", 0),
    (r"(?P<year>\d{4})年(\d{1,2})月", 0),
    ("(?<!不)停用(?:甲|乙)词", 0),
    ("abc", re.IGNORECASE),
    ("(?i)xyz", 0),
    ("^第.章$", re.MULTILINE),
]
TEXT = "禁用二词与2023年12月，不停用甲词，停用乙词；ABC xYz\n第一章"


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_a_lazy_pattern_matches_as_the_compiled_one(pattern, flags):
    real = re.compile(pattern, flags)
    lazy = rx.lazy(pattern, flags)
    assert lazy.pattern == pattern
    assert (lazy.flags, lazy.groups, dict(lazy.groupindex)) == (real.flags, real.groups, dict(real.groupindex))
    assert [m.span() for m in lazy.finditer(TEXT)] == [m.span() for m in real.finditer(TEXT)]
    assert lazy.findall(TEXT) == real.findall(TEXT)
    assert lazy.findall(TEXT, 3, 20) == real.findall(TEXT, 3, 20)
    assert bool(lazy.search(TEXT)) == bool(real.search(TEXT))
    assert lazy.sub("#", TEXT) == real.sub("#", TEXT) and lazy.split(TEXT) == real.split(TEXT)
    assert lazy.subn("#", TEXT) == real.subn("#", TEXT)
    assert (lazy.match(TEXT) is None) == (real.match(TEXT) is None)
    assert (lazy.fullmatch(TEXT) is None) == (real.fullmatch(TEXT) is None)
    assert lazy == real and real == lazy and hash(lazy) == hash(real)
    assert lazy == rx.lazy(pattern, flags) and {lazy: 1}[rx.lazy(pattern, flags)] == 1
    assert lazy != re.compile(pattern + "x", flags)


def test_nothing_is_compiled_before_first_use(monkeypatch):
    built = []
    real_compile = rx.compile
    monkeypatch.setattr(rx, "compile", lambda p, f=0: built.append(p) or real_compile(p, f))
    lazy = rx.lazy("尚未[编译]")
    assert lazy.pattern == "尚未[编译]" and built == []
    assert lazy.search("尚未编译过")
    assert lazy.search("尚未译") and lazy.findall("尚未编") == ["尚未编"]
    assert built == ["尚未[编译]"]  # once, then the compiled pattern's own methods
    assert "search" in vars(lazy)


def test_a_lazy_pattern_pickles_and_copies_as_a_lazy_one():
    lazy = rx.lazy("复制[甲乙]", 0)
    lazy.search("复制甲")  # compiled: its bound methods must not go into the pickle
    back = pickle.loads(pickle.dumps(lazy))
    assert isinstance(back, rx.Lazy) and "search" not in vars(back)
    assert back == lazy and back.findall("复制乙复制甲") == ["复制乙", "复制甲"]
    assert copy.deepcopy(lazy) == lazy and copy.copy(lazy) == lazy


def test_the_lazy_pickler_stores_compiled_patterns_as_lazy_ones():
    state = (re.compile("状态[一二]"), {"k": rx.compile("键[甲乙]", re.IGNORECASE)})
    buf = io.BytesIO()
    rx.pickler_class(lazily=True)(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(state)
    back = pickle.loads(buf.getvalue())
    assert isinstance(back[0], rx.Lazy) and isinstance(back[1]["k"], rx.Lazy)
    assert back == state  # equal as the compiled patterns are
    buf = io.BytesIO()
    rx.pickler_class()(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(state)
    assert type(pickle.loads(buf.getvalue())[0]) is re.Pattern  # the default: compiled on load


def test_an_unknown_attribute_is_still_an_error():
    lazy = rx.lazy("未知")
    with pytest.raises(AttributeError):
        _ = lazy.no_such_thing
    with pytest.raises(AttributeError):
        _ = lazy.__no_such_dunder__


def test_first_use_from_many_threads_gives_the_same_matches():
    text = "并发使用" * 50
    for _ in range(20):
        lazy = rx.lazy("并发[使用]{2}")
        out: list[list[tuple[int, int]]] = []
        start = threading.Barrier(8)

        def use(lazy: re.Pattern[str], start: threading.Barrier, out: list[list[tuple[int, int]]]) -> None:
            start.wait()
            out.append([m.span() for m in lazy.finditer(text)])

        threads = [threading.Thread(target=use, args=(lazy, start, out)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        want = [m.span() for m in re.finditer("并发[使用]{2}", text)]
        assert len(out) == 8 and all(o == want for o in out)


def test_identity_names_a_pattern_without_compiling_a_lazy_one():
    lazy = rx.lazy("身份[一二]", re.MULTILINE)
    assert rx.identity(lazy) == ("身份[一二]", re.MULTILINE)
    assert "_compiled" not in vars(lazy)  # hashing it would have compiled it
    assert rx.identity(re.compile("身份[一二]", re.MULTILINE)) == rx.identity(lazy)
    assert rx.identity(rx.compile("身份[一二]")) != rx.identity(lazy)  # other flags, another key
