"""``github``: GitHub Actions workflow commands (annotations on the pull request)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from . import RenderOptions

if TYPE_CHECKING:
    from ..result import FileReport

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def write(results: Sequence[FileReport], out: TextIO, options: RenderOptions) -> None:
    for r in results:
        for d in r.diagnostics:
            level = _LEVEL[d.severity.label]
            props = (
                f"file={_prop(d.path)},line={d.line},col={d.column},"
                f"endLine={d.end_line},endColumn={d.end_column},title={_prop(d.code + ' ' + d.rule)}"
            )
            text = d.message + (f"（建议：{d.suggestion}）" if d.suggestion else "")
            out.write(f"::{level} {props}::{_data(d.code + ' ' + text)}\n")
