"""``concise``: ``path:line:col: CODE message``, one finding per line (vim, emacs, grep)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from . import RenderOptions

if TYPE_CHECKING:
    from ..result import FileReport


def write(results: Sequence[FileReport], out: TextIO, options: RenderOptions) -> None:
    for r in results:
        for d in r.diagnostics:
            msg = d.message.replace("\n", " ")
            out.write(f"{d.path}:{d.line}:{d.column}: {d.code} {msg}\n")
