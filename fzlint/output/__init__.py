"""Output formats.  One module per format, imported only when used (rich is only
needed by ``full``).  Every formatter takes the same inputs: the frozen per-file
results (:class:`fzlint.result.FileReport`) and a :class:`RenderOptions`.  Formatters
import :mod:`fzlint.result` and :mod:`fzlint.diagnostic` only: never the pipeline."""

from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..diagnostic import Diagnostic
    from ..result import FileReport, RuleInfo

FORMATS = ("full", "concise", "json", "sarif", "github", "html")  # text, written to a stream by write()
FILE_FORMATS = ("xlsx",)  # binary, written to a file only (xlsx.write_workbook)


@dataclass(frozen=True)
class RenderOptions:
    """What every formatter is told besides the results: colour, statistics, summary, fix mode, failed inputs."""

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
    """Count by code, most frequent first.  ``fixable`` counts the findings plain ``--fix``
    fixes (safe fixes only); ``severities`` the findings at each severity, since a rule can
    report at two (``severity`` is the most severe of them)."""
    rows: dict[str, dict[str, Any]] = {}
    for r in results:
        for d in r.diagnostics:
            row = rows.setdefault(d.code, {"code": d.code, "name": d.rule, "count": 0, "fixable": 0,
                                           "severity": d.severity.label, "severities": {}, "_max": d.severity})
            row["count"] += 1
            if d.fix is not None and d.fix.safe:
                row["fixable"] += 1
            row["severities"][d.severity.label] = row["severities"].get(d.severity.label, 0) + 1
            if d.severity > row["_max"]:
                row["_max"] = d.severity
                row["severity"] = d.severity.label
    out = []
    for row in rows.values():
        del row["_max"]
        row["severities"] = {s: row["severities"][s] for s in ("error", "warning", "info") if s in row["severities"]}
        out.append(row)
    return sorted(out, key=lambda row: (-int(row["count"]), str(row["code"])))


def statistics_lines(results: Sequence[FileReport]) -> list[str]:
    """``--statistics`` as text: ``count  code  [*] severity  name``; ``[*]`` only where plain
    ``--fix`` fixes findings of the rule, and each severity with its count when there are two."""
    from ..diagnostic import Severity

    rows = statistics(results)
    width = max((len(str(row["count"])) for row in rows), default=1)

    def severity(row: dict[str, Any]) -> str:
        sev: dict[str, int] = row["severities"]
        if len(sev) == 1:
            return Severity.parse(next(iter(sev))).zh
        return "、".join(f"{Severity.parse(s).zh} {n}" for s, n in sev.items())

    return [
        f"{row['count']:>{width}}  {row['code']}  {'[*]' if row['fixable'] else '   '} "
        f"{severity(row)}  {row['name']}"
        for row in rows
    ]
