"""Regular expressions compiled once per machine instead of once per run.

CPython compiles a regex in two steps: parse it and turn the tree into a program for
its matching engine (``_sre``).  For our patterns the second step is expensive:
every character class holding a character above U+00FF (``[一二三四五六七]``,
``[“”‘’]``, the first characters of an alternation of Chinese words) is turned into
a 64 K-entry bitmap, about 0.3 ms each, and the rule packs hold hundreds of them —
compiling them took more time than linting a report.

:func:`compile` does exactly what :func:`re.compile` does (the same parser, code
generator and ``_sre.compile`` call as ``re._compiler.compile``) and remembers the
resulting program in the user cache (:mod:`fzlint.infra.cache`), keyed by the pattern and
its flags (so it can never be stale) and stored in a file named after the Python
version and ``_sre``'s bytecode MAGIC (so no other interpreter reads it).  On the next
run the program is handed to ``_sre.compile`` directly, which checks it with its own
validator before use.  Any failure — no cache, a program ``_sre`` refuses, an
interpreter without these internals — falls back to :func:`re.compile`; either way the
result is an equal Pattern (same pattern, flags and program: CPython compares all three).

:func:`required` tells which literals every match of a pattern contains; checks use it to
skip regexes a document or line cannot match.
"""

from __future__ import annotations

import re
import sys
from typing import Any

try:  # CPython's internals; without them this module is a thin wrapper of re.compile
    import _sre

    if sys.version_info >= (3, 11):
        from re import _compiler, _parser  # type: ignore[attr-defined]
    else:  # pragma: no cover - 3.10
        import sre_compile as _compiler
        import sre_parse as _parser
    from array import array

    _SUPPORTED = all(hasattr(_compiler, a) for a in ("_code",)) and hasattr(_parser, "parse") and hasattr(
        _sre, "compile") and sys.implementation.name == "cpython" and array("I").itemsize == _sre.CODESIZE
    _FILE = f"regex-4-{sys.implementation.cache_tag}-{getattr(_sre, 'MAGIC', 0)}-{getattr(_sre, 'CODESIZE', 0)}.pickle"
except ImportError:  # pragma: no cover - not CPython
    _SUPPORTED = False
    _FILE = ""

# (flags, code as machine words, groups - 1, groupindex, indexgroup): what _sre.compile takes,
# with the code kept as bytes (one memcpy to load, not one object per word); then the
# pattern's required literals (see :func:`required`).
Program = tuple[int, bytes, int, dict[str, int], tuple[Any, ...], "frozenset[str] | None"]

_MAX_ENTRIES = 20_000  # user packs add patterns over time; start over beyond this
_programs: dict[tuple[str, int], Program] | None = None
_dirty = False
_save_registered = False


def _load() -> dict[tuple[str, int], Program]:
    global _programs
    if _programs is None:
        from . import cache

        data = cache.load(_FILE) if _SUPPORTED else None
        _programs = data if isinstance(data, dict) else {}
    return _programs


def _program(pattern: str, flags: int) -> Program:
    """What ``re._compiler.compile`` hands to ``_sre.compile`` (raises re.error)."""
    p = _parser.parse(pattern, flags)
    code = array("I", _compiler._code(p, flags)).tobytes()
    groupindex = p.state.groupdict
    indexgroup: list[Any] = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    req = None if (flags | p.state.flags) & re.IGNORECASE else _required(list(p))
    return flags | p.state.flags, code, p.state.groups - 1, dict(groupindex), tuple(indexgroup), req


def _build(pattern: str, prog: Program) -> re.Pattern[str]:
    flags, code, groups, groupindex, indexgroup, _ = prog
    return _sre.compile(pattern, flags, array("I", code).tolist(), groups, groupindex, indexgroup)  # type: ignore[no-any-return]


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` for a str pattern, using the program cache."""
    global _dirty
    if not _SUPPORTED or not isinstance(pattern, str) or flags & (re.DEBUG | re.TEMPLATE):
        return re.compile(pattern, flags)
    flags = int(flags)
    programs = _load()
    key = (pattern, flags)
    prog = programs.get(key)
    if prog is not None:
        try:
            if _valid(prog):
                return _build(pattern, prog)
        except Exception:  # refused by _sre's validator: compile afresh
            pass
        del programs[key]
    try:
        prog = _program(pattern, flags)
        rx = _build(pattern, prog)
    except re.error:
        raise
    except Exception:  # internals changed shape: the standard way
        return re.compile(pattern, flags)
    if len(programs) < _MAX_ENTRIES:
        programs[key] = prog
        _dirty = True
        _register_save()
    return rx


def required(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Literal strings one of which occurs in every match of ``pattern`` (None: no such
    guarantee, e.g. ``\\d+``, ``[^，]`` or ``(?:的)?``).  A cheap exact prefilter: where none of
    them occurs — in a line, in a whole document — the pattern cannot match, whatever
    the context (the literals lie inside the match itself, not in a lookaround).
    ``禁用(?:词|语)`` → {禁用词, 禁用语}; ``重[要大]工作|亲自(?:部署|布置)`` → {重要工作, 重大工作,
    亲自部署, 亲自布置}; ``十九届(?:[一二三]中[、和])*一中全会`` → {一中全会}; ``[○□]{2,}`` → {○, □}.
    Part of the cached program: change the analysis and the cache file's name changes too."""
    key = (pattern.pattern, pattern.flags & ~re.UNICODE)
    programs = _load() if _SUPPORTED else {}
    prog = programs.get(key)
    if prog is not None and _valid(prog):
        return prog[5]
    hit = _REQUIRED.get(key)
    if hit is None:
        try:
            tree = _parser.parse(pattern.pattern, key[1])
            hit = (None if (key[1] | tree.state.flags) & re.IGNORECASE else _required(list(tree)),)
        except Exception:  # not a str pattern, or internals changed shape: no prefilter
            hit = (None,)
        _REQUIRED[key] = hit
    return hit[0]


_REQUIRED: dict[tuple[str, int], tuple[frozenset[str] | None]] = {}


def expand(match: re.Match[str], template: str) -> str:
    """``match.expand(template)``: a template without a backslash (no group reference, no
    escape) is the replacement as written, returned without parsing it (CPython 3.11 parses
    the template again on every ``expand``, and a fix is built for every finding)."""
    return template if "\\" not in template else match.expand(template)


_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern``, or a regex with the same matches (groups included) that first tests the
    character a match can start with, when ``pattern`` opens with lookaround assertions:
    ``(?<!习近平)(?<!主义)…法治思想`` runs every assertion at every position of a line, while
    ``(?=[法])(?:…)`` gives up at once wherever no 法 stands.  The guard only states what
    every match already satisfies, so nothing else changes."""
    if pattern.flags & ~re.UNICODE or not isinstance(pattern.pattern, str):
        return pattern
    if not pattern.pattern.startswith(_LOOKAROUNDS):  # the parse below would find no assertion first
        return pattern
    try:
        tree = _parser.parse(pattern.pattern, 0)
        if tree.state.flags & ~re.UNICODE:  # inline flags: (?i) and the like must stay first
            return pattern
        items = list(tree)
    except Exception:
        return pattern
    k = 0
    while k < len(items) and str(items[k][0]) in ("ASSERT", "ASSERT_NOT"):
        k += 1
    first = _first_chars(items[k:]) if k else None
    if not first:
        return pattern
    chars = "".join(re.escape(c) for c in sorted(first))
    return compile(f"(?=[{chars}])(?:{pattern.pattern})")


def _first_chars(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The characters a match of the parsed sequence starts with (None: unknown, any, or the
    sequence may match nothing)."""
    if not items:
        return None
    op, av = items[0]
    name = str(op)
    if name == "LITERAL":
        return frozenset((chr(av),))
    if name == "IN":
        return _class_chars(av)
    if name == "SUBPATTERN":
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & re.IGNORECASE else _first_chars(list(sub))
    if name == "BRANCH":
        alts = [_first_chars(list(alt)) for alt in av[1]]
        return frozenset().union(*alts) if all(a is not None for a in alts) else None  # type: ignore[arg-type]
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        once = _first_chars(list(av[2]))
        if av[0] >= 1 or once is None:
            return once
        rest = _first_chars(items[1:])  # (?:新时代)?法治: 新 or 法
        return once | rest if rest is not None else None
    return None


def _valid(prog: Any) -> bool:
    """Has a cached entry the shape :func:`_program` gives?  (The cache is this user's own
    file, checked for damage; this keeps an entry of another layout from being used.)"""
    return (type(prog) is tuple and len(prog) == 6 and type(prog[0]) is int and type(prog[1]) is bytes
            and type(prog[2]) is int and type(prog[3]) is dict and type(prog[4]) is tuple
            and (prog[5] is None or (type(prog[5]) is frozenset and all(type(x) is str and x for x in prog[5]))))


#: The most strings a product of adjacent fixed items may stand for (see :func:`_required`).
_PRODUCT = 64


def _fixed(op: Any, av: Any) -> frozenset[str] | None:
    """The strings one item can match when they are few and literal (a character, a small
    class, a group or alternation of such sequences), else None."""
    name = str(op)
    if name == "LITERAL":
        return frozenset((chr(av),))
    if name == "IN":
        return _class_chars(av)
    if name == "SUBPATTERN":
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & re.IGNORECASE else _fixed_seq(list(sub))
    if name == "BRANCH":
        alts = [_fixed_seq(list(alt)) for alt in av[1]]
        if all(a is not None for a in alts):
            union: frozenset[str] = frozenset().union(*alts)  # type: ignore[arg-type]
            return union if len(union) <= _PRODUCT else None
    return None


def _fixed_seq(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    acc = frozenset(("",))
    for op, av in items:
        f = _fixed(op, av)
        if f is None or len(acc) * len(f) > _PRODUCT:
            return None
        acc = frozenset(a + b for a in acc for b in f)
    return acc


def _required(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """For a parsed sequence: the best set of literals every match contains one of.

    Adjacent items that each match one of a few strings (``的``, ``[制治]``, ``(?:提升|推进)``)
    are multiplied out: every match of ``(?:有效|积极)的`` holds ``有效的`` or ``积极的``, far
    rarer than ``的``.  Every run of adjacent such items is a candidate, as long as it stands
    for at most :data:`_PRODUCT` strings."""
    best: frozenset[str] | None = None

    def consider(cand: frozenset[str] | None) -> None:
        nonlocal best
        if cand and all(cand) and (best is None or _score(cand) > _score(best)):
            best = cand

    fixed = [_fixed(op, av) for op, av in items]
    for start in range(len(items)):
        before = fixed[start - 1] if start else None
        if before is not None and len(before) == 1:
            continue  # the run from start - 1 holds the same strings, each one longer
        acc = frozenset(("",))
        for f in fixed[start:]:
            if f is None or len(acc) * len(f) > _PRODUCT:
                break
            acc = frozenset(a + b for a in acc for b in f)
            consider(acc)
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            continue
        if name == "SUBPATTERN":
            _group, add_flags, _del_flags, sub = av
            if not add_flags & re.IGNORECASE:
                consider(_required(list(sub)))
        elif name == "ATOMIC_GROUP":
            consider(_required(list(av)))
        elif name == "BRANCH":
            alts = [_required(list(alt)) for alt in av[1]]
            if all(a is not None for a in alts):
                consider(frozenset().union(*alts))  # type: ignore[arg-type]
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, _hi, sub = av
            if lo >= 1:
                consider(_required(list(sub)))
        # a class ("IN") is a fixed item; anything else (anchors, lookarounds, backreferences,
        # ".") requires nothing
    return best


def _class_chars(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The characters of a small positive character class (``[一二三]``, ``[（(]``), else None."""
    chars: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            chars.add(chr(av))
        elif name == "RANGE" and av[1] - av[0] < 32:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # negation, categories (\s, \d), big ranges
            return None
    return frozenset(chars) if 0 < len(chars) <= 32 else None


def _score(lits: frozenset[str]) -> tuple[int, int]:
    """Longer shortest literal first (rarer in text), then fewer alternatives."""
    return min(len(x) for x in lits), -len(lits)


def _register_save() -> None:
    global _save_registered
    if not _save_registered:
        import atexit

        atexit.register(save)
        _save_registered = True


def save() -> None:
    """Write new programs to the cache (merged with what other processes wrote)."""
    global _dirty
    if not _dirty or _programs is None:
        return
    from . import cache

    on_disk = cache.load(_FILE)
    merged = dict(on_disk) if isinstance(on_disk, dict) and len(on_disk) < _MAX_ENTRIES else {}
    merged.update(_programs)
    cache.store(_FILE, merged)
    _dirty = False


def _reduce(p: re.Pattern[str]) -> tuple[Any, tuple[str, int]]:
    flags = p.flags & ~re.UNICODE if isinstance(p.pattern, str) else p.flags
    return compile, (p.pattern, flags)


def _reduce_lazy(p: re.Pattern[str]) -> tuple[Any, tuple[str, int]]:
    if not isinstance(p.pattern, str):
        return _reduce(p)
    return lazy, (p.pattern, p.flags & ~re.UNICODE)


def pickler_class(*, lazily: bool = False) -> type:
    """A Pickler that stores compiled patterns as calls to :func:`compile` (so loading
    them takes the cached program instead of compiling again), or with ``lazily`` to
    :func:`lazy` (built on first use)."""
    import copyreg
    import pickle

    class _Pickler(pickle.Pickler):
        dispatch_table = copyreg.dispatch_table.copy()
        dispatch_table[re.Pattern] = _reduce_lazy if lazily else _reduce

    return _Pickler


#: What a compiled pattern offers besides ``pattern`` (copied to a :class:`Lazy` on first use).
_DELEGATED = ("findall", "finditer", "flags", "fullmatch", "groupindex", "groups", "match", "scanner", "search",
              "split", "sub", "subn")


class Lazy:
    """A compiled pattern that is built (by :func:`compile`) when it is first used.

    A rule's state holds hundreds of patterns and a report reaches few of them (the literal
    prefilters rule most out), so building them all when the state is read from the cache
    (:mod:`fzlint.packs.states`) cost more than the rest of reading it.  It behaves as the
    pattern it stands for: ``pattern`` is known at once; the first use of anything else
    (``finditer``, ``search``, ``groups``, ``flags``…) compiles the pattern and puts its
    bound methods and attributes in the instance, so later uses are plain attribute reads,
    no slower than on the pattern itself.  Two threads using it first at the same time both
    compile it and store equal results.  It compares and hashes as its pattern does, and
    pickles as a call to :func:`lazy`.  It is not an ``re.Pattern`` to ``isinstance`` or to
    the ``re`` module's functions: only method calls on it are supported."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self._flags = flags

    def _get(self) -> re.Pattern[str]:
        got: re.Pattern[str] | None = self.__dict__.get("_compiled")
        if got is None:
            got = compile(self.pattern, self._flags)
            d = self.__dict__
            for name in _DELEGATED:
                d[name] = getattr(got, name)
            d["_compiled"] = got
        return got

    def __getattr__(self, name: str) -> Any:  # only names not (yet) set on the instance
        if name.startswith("__") or name in ("_compiled", "_flags", "pattern"):
            raise AttributeError(name)
        return getattr(self._get(), name)

    def __eq__(self, other: object) -> bool:
        return self._get() == (other._get() if isinstance(other, Lazy) else other)

    def __hash__(self) -> int:
        return hash(self._get())

    def __reduce__(self) -> tuple[Any, tuple[str, int]]:
        return lazy, (self.pattern, self._flags)

    def __repr__(self) -> str:
        return f"rx.lazy({self.pattern!r}, {self._flags})"


def identity(pattern: re.Pattern[str]) -> tuple[str, int]:
    """``(pattern, flags)`` of a compiled or :class:`Lazy` pattern, without compiling a lazy
    one (hashing it would): a key that two patterns share only when they compile alike (a
    compiled pattern's flags include those written inline, a lazy one's only those given, so
    two equal patterns may have different keys, never two different ones the same key)."""
    if type(pattern) is Lazy:
        return pattern.pattern, pattern._flags  # type: ignore[attr-defined]
    return pattern.pattern, pattern.flags & ~re.UNICODE


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``compile(pattern, flags)``, done when the result is first used (see :class:`Lazy`).
    Only for patterns known to compile (one read back from a cache of compiled ones)."""
    return Lazy(pattern, int(flags))  # type: ignore[return-value]
