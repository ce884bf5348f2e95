"""Output formats.  One module per format, imported only when used (rich is only
needed by ``full``).  Every formatter takes the same inputs: the frozen per-file
results (:class:`fzlint.result.FileReport`) and a :class:`RenderOptions`.  Formatters
import :mod:`fzlint.result` and :mod:`fzlint.diagnostic` only: never the pipeline."""

from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..diagnostic import Diagnostic
    from ..result import FileReport, RuleInfo

FORMATS = ("full", "concise", "json", "sarif", "github", "html")


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    statistics: bool = False
    show_summary: bool = True
    fix_mode: bool = False  # --fix ran: say how many were fixed
    failed: tuple[tuple[str, str], ...] = ()  # (path, one-line error) of inputs that could not be linted


def write(fmt: str, results: Sequence[FileReport], out: TextIO, options: RenderOptions) -> None:
    if options.statistics:  # like ruff: the table replaces the findings
        if fmt in ("json", "sarif"):
            import json

            json.dump(statistics(results), out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            out.writelines(line + "\n" for line in statistics_lines(results))
        return
    module = importlib.import_module(f".{fmt}", __name__)
    module.write(results, out, options)


def where(d: Diagnostic) -> str:
    """The finding's location as people read it: ``12:5``, or ``段落 12 第 5 字`` in a .docx."""
    return f"段落 {d.line} 第 {d.column} 字" if d.unit == "paragraph" else f"{d.line}:{d.column}"


def rule_for(code: str, results: Sequence[FileReport]) -> RuleInfo | None:
    """The rule behind ``code``, from the first result it was found in."""
    for r in results:
        info = r.rules.get(code)
        if info is not None:
            return info
    return None


def counts(results: Sequence[FileReport]) -> Counter[str]:
    c: Counter[str] = Counter()
    for r in results:
        for d in r.diagnostics:
            c[d.severity.label] += 1
    return c


def statistics(results: Sequence[FileReport]) -> list[dict[str, object]]:
    """Count by code, most frequent first."""
    rows: dict[str, dict[str, object]] = {}
    for r in results:
        for d in r.diagnostics:
            row = rows.setdefault(d.code, {"code": d.code, "name": d.rule, "count": 0, "fixable": 0,
                                           "severity": d.severity.label})
            row["count"] = int(row["count"]) + 1  # type: ignore[call-overload]
            if d.fix is not None:
                row["fixable"] = int(row["fixable"]) + 1  # type: ignore[call-overload]
    return sorted(rows.values(), key=lambda row: (-int(row["count"]), str(row["code"])))  # type: ignore[call-overload]


def statistics_lines(results: Sequence[FileReport]) -> list[str]:
    """``--statistics`` as text: ``count  code  [*] severity  name``."""
    from ..diagnostic import Severity

    rows = statistics(results)
    width = max((len(str(row["count"])) for row in rows), default=1)
    return [
        f"{row['count']:>{width}}  {row['code']}  {'[*]' if row['fixable'] else '   '} "
        f"{Severity.parse(str(row['severity'])).zh}  {row['name']}"
        for row in rows
    ]
