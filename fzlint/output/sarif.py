"""``sarif``: SARIF 2.1.0 (GitHub code scanning and other tools).

Columns are Unicode code points (``columnKind: unicodeCodePoints``), 1-based,
``endColumn`` exclusive, as the SARIF specification defines regions.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..version import __version__
from . import RenderOptions, rule_for

if TYPE_CHECKING:
    from ..result import FileReport

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return p.as_posix()


def write(results: Sequence[FileReport], out: TextIO, options: RenderOptions) -> None:
    rules_meta: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    used = sorted({d.code for r in results for d in r.diagnostics})
    for code in used:
        rule = rule_for(code, results)
        index[code] = len(rules_meta)
        meta: dict[str, Any] = {"id": code}
        if rule is not None:
            meta["name"] = rule.name
            meta["shortDescription"] = {"text": rule.summary}
            full = "\n".join(x for x in (rule.what, rule.why) if x)
            if full:
                meta["fullDescription"] = {"text": full}
            if rule.fix:
                meta["help"] = {"text": rule.fix}
            meta["defaultConfiguration"] = {"level": _LEVEL[rule.severity]}
            meta["properties"] = {"pack": rule.pack, "source": rule.source}
        rules_meta.append(meta)
    sarif_results: list[dict[str, Any]] = []
    for r in results:
        for d in r.diagnostics:
            res: dict[str, Any] = {
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": _LEVEL[d.severity.label],
                "message": {"text": d.message + (f"（建议：{d.suggestion}）" if d.suggestion else "")},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(d.path)},
                            "region": {
                                "startLine": d.line,
                                "startColumn": d.column,
                                "endLine": d.end_line,
                                "endColumn": d.end_column,
                            },
                        }
                    }
                ],
            }
            if d.unit != "line":
                res["properties"] = {"locationUnit": d.unit}
            sarif_results.append(res)
    invocation_errors = [
        {"level": "error", "message": {"text": r.error}} for r in results if r.error
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "fzlint",
                "version": __version__,
                "informationUri": "https://pypi.org/project/fzlint/",
                "rules": rules_meta,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
        "invocations": [
            {
                "executionSuccessful": not invocation_errors,
                "toolExecutionNotifications": invocation_errors,
            }
        ],
    }
    json.dump({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, out, ensure_ascii=False, indent=2)
    out.write("\n")
