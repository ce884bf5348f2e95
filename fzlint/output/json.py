"""``json``: a JSON array of finding objects and nothing else on stdout.

Each object: ``path``, ``line``, ``column``, ``end_line``, ``end_column`` (1-based;
columns count Unicode characters; ``end_column`` is exclusive), ``location_unit``
(``line`` for text files; ``paragraph`` for .docx, where ``line`` is the paragraph
number and ``column`` the character inside it), ``code``, ``severity``, ``message``,
``suggestion``, ``rule``, ``family`` and ``fix`` (``null`` or ``{safe, message, edits}``);
``data`` (string values, only when the check gives any: the other report of a copy finding).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from . import RenderOptions

if TYPE_CHECKING:
    from ..diagnostic import Diagnostic
    from ..result import FileReport, Shown


def finding(d: Diagnostic, shown: Shown | None) -> dict[str, Any]:
    fix = None
    if d.fix is not None:
        edits = []
        for k, e in enumerate(d.fix.edits):
            item: dict[str, Any] = {"content": e.content}
            if shown is not None and shown.edits is not None:
                at = shown.edits[k]
                item["line"], item["column"] = at.line, at.column
                item["end_line"], item["end_column"] = at.end_line, at.end_column
            edits.append(item)
        fix = {"safe": d.fix.safe, "message": d.fix.description or d.suggestion or "", "edits": edits}
    obj: dict[str, Any] = {
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line,
        "end_column": d.end_column,
        "location_unit": d.unit,
        "code": d.code,
        "severity": d.severity.label,
        "message": d.message,
        "suggestion": d.suggestion,
        "rule": d.rule,
        "family": d.family,
        "fix": fix,
    }
    if d.data:
        obj["data"] = dict(d.data)
    return obj


def write(results: Sequence[FileReport], out: TextIO, options: RenderOptions) -> None:
    items = [finding(d, r.shown_for(n)) for r in results for n, d in enumerate(r.diagnostics)]
    try:
        import orjson

        out.write(orjson.dumps(items, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode("utf-8"))
    except (ImportError, TypeError):  # no orjson, or a lone surrogate: the same bytes, from the standard
        json.dump(items, out, ensure_ascii=False, indent=2)  # encoder (pure Python with indent)
        out.write("\n")
