"""The compiled methods of fzlint's dataclasses, kept in the user cache between runs.

``@dataclass`` writes the source of each class's ``__init__``, ``__repr__``, ``__eq__``,
``__hash__`` (and, frozen, ``__setattr__``/``__delattr__``) and compiles it with ``exec``
when the class is created, at import.  fzlint defines about ninety dataclasses, and
compiling their ~500 small functions was a third of a short run's time (≈ 60 ms of a
190 ms ``fzlint check`` of one report) — the same text compiled to the same code on every
run.  :func:`install` makes the :mod:`dataclasses` module run its generated source through
:func:`_exec`, which takes the code object compiled from that exact text from the cache
(one ``marshal`` load for all of them) and compiles only text it has not seen.

Nothing changes but the time: the key is the generated source itself, compiled as
``dataclasses`` compiles it (no inherited ``__future__`` flags), so an edited class simply
misses and is compiled as before; the entry is per interpreter (bytecode differs between
versions); a missing, damaged or foreign entry (:mod:`fzlint.infra.cache`) means compiling
everything, as without a cache.  Only the entry point (:func:`fzlint.__main__.run`) installs
it, so importing fzlint as a library leaves :mod:`dataclasses` as it is.  A run that
compiled something writes, at exit, the code of the texts it used (entries of classes that
no longer exist drop out).
"""

from __future__ import annotations

import sys
from types import CodeType
from typing import Any

_FILE = f"dataclass-code-1-{sys.implementation.cache_tag}-{sys.hexversion:x}.marshal"

_known: dict[str, CodeType] = {}
_used: dict[str, CodeType] = {}
_missed = False
_installed = False


def _exec(source: Any, globals: dict[str, Any] | None = None, locals: dict[str, Any] | None = None, /) -> None:
    """``exec`` as :mod:`dataclasses` calls it, with the compiled code of ``source`` cached."""
    global _missed
    if not isinstance(source, str):
        exec(source, globals, locals)
        return
    code = _known.get(source)
    if code is None:
        # As exec(source) compiles it inside dataclasses.py: no __future__ flags of this module.
        code = compile(source, "<string>", "exec", dont_inherit=True)
        _known[source] = code
        _missed = True
    _used[source] = code
    exec(code, globals, locals)


def _uses_exec(module: Any) -> bool:
    """Whether ``dataclasses`` compiles its generated methods with a global ``exec`` call
    (CPython 3.10–3.13 do; another version falls back to compiling as usual)."""
    funcs = [getattr(module, "_create_fn", None), getattr(getattr(module, "_FuncBuilder", None), "add_fns_to_class", None)]
    return any(f is not None and "exec" in getattr(getattr(f, "__code__", None), "co_names", ()) for f in funcs)


def install() -> None:
    """Route :mod:`dataclasses`' compiling through the cache (once; before fzlint's modules load)."""
    global _installed
    if _installed or sys.implementation.name != "cpython":
        return
    import dataclasses

    if not _uses_exec(dataclasses) or "exec" in vars(dataclasses):
        return  # an unknown dataclasses, or someone else's replacement: leave it alone
    from . import cache

    data = cache.load(_FILE)
    if isinstance(data, bytes):
        try:
            import marshal

            loaded = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            loaded = None
        if isinstance(loaded, dict):
            _known.update((k, v) for k, v in loaded.items() if isinstance(k, str) and isinstance(v, CodeType))
    dataclasses.exec = _exec  # type: ignore[attr-defined]
    _installed = True
    import atexit

    atexit.register(save)


def save() -> None:
    """Write the code of the texts this run used, if it had to compile any."""
    global _missed
    if not _missed:
        return
    _missed = False
    import marshal

    from . import cache

    cache.store(_FILE, marshal.dumps(_used))
