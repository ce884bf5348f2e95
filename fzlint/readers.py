"""Input formats → (Source, Document).  One function per format, dispatched on suffix.

``.txt`` is read through :mod:`fzlint.source` (encoding detection) and parsed as is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .document import Document, parse
from .source import Source, decode_bytes, read_path

#: Suffixes a directory walk picks up (explicit paths are always linted).
REPORT_SUFFIXES = (".txt",)


@dataclass(frozen=True)
class Loaded:
    source: Source | None  # None for formats fzlint cannot write back
    doc: Document
    fix_refusal: str | None = None  # why --fix/--diff cannot apply, if it cannot


def load_path(path: Path, shown: str) -> Loaded:
    source = read_path(path)
    source = Source(shown, source.text, source.encoding, source.bom, source.newline)
    return Loaded(source, parse(source.text, shown))


def load_bytes(data: bytes, shown: str) -> Loaded:
    """Stdin (with ``--stdin-filename`` deciding the name shown)."""
    source = decode_bytes(data, shown)
    return Loaded(source, parse(source.text, shown))
