"""The user cache: small pickles that save work between runs, never a source of truth.

fzlint runs on every commit (pre-commit) and every keystroke (LSP), and most of a
short run used to go into work whose result does not change between runs: parsing
and validating the YAML rule packs (:mod:`fzlint.packs.loader`), preparing their rules
(:mod:`fzlint.packs.states`) and compiling their regular expressions
(:mod:`fzlint.infra.rx`).  All are kept here, keyed by what they depend on.

Where: ``$FZLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/fzlint``, else
``~/.cache/fzlint`` (``%LOCALAPPDATA%\\fzlint\\cache`` on Windows).  Set
``FZLINT_NO_CACHE=1`` to neither read nor write it.

Safety: an entry is a header, a CRC-32 of its payload and the payload (a pickle).
Anything unexpected — a missing, truncated, corrupted or foreign file, a file not
owned by the user or writable by others, something other than a regular file (a FIFO
put there would block the read), an unpickling error — makes :func:`load` return None
and the caller does the work as if there were no cache.  Callers check the shape of
what they get back.  Entries are
written to a temporary file and renamed into place, so a reader never sees half a
file; two processes writing the same entry both write a complete one.  Write errors
(read-only home, full disk) are ignored.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

try:  # the C unpickler itself: importing pickle.py costs more than a cache hit saves here
    from _pickle import loads as _loads
except ImportError:  # pragma: no cover - not CPython
    from pickle import loads as _loads

if TYPE_CHECKING:
    import pickle

try:  # the builtin module: importing hashlib loads OpenSSL, a few ms on every run
    from _sha256 import sha256 as _sha256  # CPython ≤ 3.11
except ImportError:  # pragma: no cover - other versions
    try:
        from _sha2 import sha256 as _sha256  # CPython ≥ 3.12
    except ImportError:
        from hashlib import sha256 as _sha256

_MAGIC = b"fzlint-cache-2\n"
_CHECK = 4  # bytes of CRC-32: catches a truncated or damaged file (trust comes from ownership)


def _crc(payload: bytes) -> bytes:
    import zlib

    return zlib.crc32(payload).to_bytes(4, "little")


def disabled() -> bool:
    return os.environ.get("FZLINT_NO_CACHE", "").strip() not in ("", "0")


def cache_dir() -> Path | None:
    """The cache directory (not created here), or None when caching is disabled."""
    if disabled():
        return None
    explicit = os.environ.get("FZLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "fzlint" / "cache"
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "fzlint"
    try:
        return Path.home() / ".cache" / "fzlint"
    except (RuntimeError, KeyError):  # no home directory: no cache
        return None


def digest(*parts: bytes | str) -> str:
    """A hex key for ``parts`` (each length-prefixed, so no two lists collide)."""
    h = _sha256()
    for p in parts:
        b = p.encode("utf-8", "surrogatepass") if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


def _trusted(fd: int) -> bool:
    """A regular file, owned by this user and not writable by group or others (POSIX)."""
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        return False
    if not hasattr(os, "getuid"):
        return True
    return st.st_uid == os.getuid() and not (st.st_mode & 0o022)


def load(name: str) -> Any:
    """The object stored under ``name``, or None (missing, unreadable, corrupt, disabled)."""
    d = cache_dir()
    if d is None:
        return None
    path = d / name
    try:  # O_NONBLOCK: opening a FIFO does not wait for a writer (it is then refused)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not _trusted(fd):
            return None
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            data = fh.read()
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)
    head = len(_MAGIC)
    if not data.startswith(_MAGIC) or len(data) < head + _CHECK:
        return None
    payload = data[head + _CHECK :]
    if _crc(payload) != data[head : head + _CHECK]:
        return None
    try:
        return _loads(payload)
    except Exception:  # a stale class layout, a truncated pickle: do the work instead
        return None


def store(name: str, obj: Any, *, pickler: type[pickle.Pickler] | None = None) -> bool:
    """Write ``obj`` under ``name`` atomically; False when it could not be written."""
    d = cache_dir()
    if d is None:
        return False
    import pickle

    try:
        if pickler is None:
            payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        else:
            import io

            buf = io.BytesIO()
            pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
            payload = buf.getvalue()
    except Exception:  # something unpicklable: simply not cached
        return False
    import tempfile

    try:
        d.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=d)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC + _crc(payload) + payload)
        os.replace(tmp, d / name)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


def prune(prefix: str, keep: int) -> None:
    """Delete all but the ``keep`` most recently written entries whose name starts with
    ``prefix`` (each fzlint version or edited checkout writes its own rule-set entry)."""
    d = cache_dir()
    if d is None:
        return
    try:
        entries = sorted((e for e in os.scandir(d) if e.name.startswith(prefix) and e.is_file()),
                         key=lambda e: e.stat().st_mtime_ns, reverse=True)
        for e in entries[keep:]:
            os.unlink(e.path)
    except OSError:
        pass


def file_stamp(path: str) -> tuple[int, int] | None:
    """A file's size and modification time (ns), None when it cannot be read: the same
    stamp means the same content, as CPython trusts a module's source for its ``.pyc``."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def settled(stamp: tuple[int, int] | None) -> bool:
    """Whether ``stamp`` (taken before the file was read) may be trusted later: the file was
    last written over two seconds earlier.  A file written again within the clock's
    granularity (a few ms) keeps its mtime, and one just written may be written again."""
    return stamp is not None and stamp[1] < time.time_ns() - 2_000_000_000


def code_stamp() -> str:
    """Names, sizes and modification times of fzlint's own modules: what a cached
    result computed by this code depends on besides its inputs (an edited check module
    in a development checkout invalidates the cache without a version bump)."""
    global _STAMP
    if _STAMP is None:
        root = Path(__file__).resolve().parent.parent  # all of fzlint, not only infra/
        parts: list[str] = []
        stack = [root]
        while stack:
            d = stack.pop()
            try:
                entries = sorted(os.scandir(d), key=lambda e: e.name)
            except OSError:
                continue
            for e in entries:
                if e.is_dir(follow_symlinks=False) and e.name != "__pycache__":
                    stack.append(Path(e.path))
                elif e.name.endswith(".py"):
                    st = e.stat()
                    parts.append(f"{e.path}:{st.st_size}:{st.st_mtime_ns}")
        from ..version import __version__

        _STAMP = digest(__version__, sys.version, *parts)
    return _STAMP


_STAMP: str | None = None
