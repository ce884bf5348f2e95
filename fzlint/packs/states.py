"""Prepared rule states kept in the user cache, next to the rule set they belong to.

Preparing a rule — its check's ``prepare(rule)``: compiling its regexes, writing the literal
prefilters' tries (:class:`fzlint.checks.prefilter.Prefilter`), guarding patterns that open
with lookarounds (:func:`fzlint.infra.rx.guarded`), expanding date patterns… — was a fifth of
a cold run (~140 M instructions of ~730 M), although the result depends on nothing but the
rule, and a cached rule set (:func:`fzlint.packs.loader.load_ruleset`) fixes every rule.  So
each state is pickled once, when it is first prepared, and later runs unpickle it instead.

* One entry per rule set: its name is derived from the rule set's own cache name (fzlint's
  version and code, the pack paths) and the digest of every pack text read, so an edited pack
  or module means another entry; the entry holds, per rule code, the check's name and the
  pickled state.  States are unpickled one rule at a time, on first use: a run that selects
  a few rules unpickles only theirs.
* Compiled patterns are pickled as calls to :func:`fzlint.infra.rx.lazy`: unpickling one costs
  nothing until it is first used, then what compiling a cached pattern costs (a report reaches a
  few hundred of the states' ~800 patterns).
* A state is kept only when it comes back equal from a pickle round trip (states are frozen
  dataclasses of tuples, dicts, strings and patterns, which compare by value); anything else —
  an unpicklable value, an object compared by identity — is prepared on every run, as before.
* Anything amiss with an entry (missing, damaged, foreign, of another layout, a pickle that
  fails, a check name that differs) means preparing the state as if there were no cache.

New states are written when the process ends (merged with what other processes wrote) or by
:meth:`StoredStates.save` (the workers of ``fzlint serve`` end without exit handlers).
Nothing here changes a result: a state read back is equal to the one ``prepare`` returns.
"""

from __future__ import annotations

from typing import Any

#: Prefix of the entries' names (pruned like the rule-set entries).
PREFIX = "states-"
_KEEP = 16

#: What :meth:`StoredStates.get` returns for a rule it holds no usable state for.
MISSING: Any = object()


def entry_name(ruleset_name: str, hashes: dict[str, str]) -> str:
    """The states entry of the rule set cached as ``ruleset_name`` whose packs' texts have
    the digests ``hashes`` (real path → digest)."""
    from ..infra.cache import digest

    texts = [f"{path}\0{h}" for path, h in sorted(hashes.items())]
    return f"{PREFIX}{digest(ruleset_name, *texts)[:40]}.pickle"


class StoredStates:
    """The prepared states of one rule set in the user cache."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._stored: dict[str, Any] | None = None  # code → (check, pickled state), read on first use
        self._new: dict[str, tuple[str, bytes]] = {}
        self._exit_registered = False

    def get(self, code: str, check: str) -> Any:
        """The state stored for rule ``code`` of check type ``check``, or :data:`MISSING`."""
        stored = self._stored
        if stored is None:
            from ..infra import cache

            data = cache.load(self.name)
            stored = self._stored = data if type(data) is dict else {}
        item = stored.get(code)
        if type(item) is not tuple or len(item) != 2 or item[0] != check or type(item[1]) is not bytes:
            return MISSING
        from ..infra.cache import _loads

        try:
            return _loads(item[1])
        except Exception:  # a class of another layout, a damaged pickle: prepare instead
            return MISSING

    def add(self, code: str, check: str, state: Any) -> None:
        """Keep ``state``, just prepared for rule ``code``, for the next runs (if it pickles
        and comes back equal)."""
        import io
        import pickle

        from ..infra import rx
        from ..infra.cache import _loads

        try:
            buf = io.BytesIO()
            rx.pickler_class(lazily=True)(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(state)
            blob = buf.getvalue()
            if _loads(blob) != state:
                return
        except Exception:  # an unpicklable state: prepared on every run
            return
        self._new[code] = (check, blob)
        if not self._exit_registered:
            import atexit

            atexit.register(self.save)
            self._exit_registered = True

    def save(self) -> None:
        """Write the states added since the last save (merged with the entry on disk)."""
        if not self._new:
            return
        from ..infra import cache

        new, self._new = self._new, {}
        on_disk = cache.load(self.name)
        merged = dict(on_disk) if type(on_disk) is dict else {}
        merged.update(new)
        if cache.store(self.name, merged):
            cache.prune(PREFIX, keep=_KEEP)
