"""Facts about a batch of reports that the review page's picture and the Excel ledger both
show: each report's unit, year, counts by severity and family, missing required parts, the
units its copy findings point to, and the batch's year (the year most reports are of).

Read from the frozen per-file results the formatters receive
(:class:`fzlint.result.FileReport`: path, unit, year, missing parts, diagnostics); nothing
here reads files, parses or lints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..families import FAMILIES

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..result import FileReport
    from . import RenderOptions

SEVERITIES = (("error", "错误"), ("warning", "警告"), ("info", "提示"))


def families(results: Sequence[FileReport]) -> list[tuple[str, str]]:
    """(id, label) of the rule families, in code order; ``custom`` only when it has findings."""
    used = {d.family for r in results for d in r.diagnostics}
    return [(fid, label) for fid, label in FAMILIES.values() if fid != "custom" or fid in used]


def missing(r: FileReport) -> list[str] | None:
    """The names of the required parts no section of the report covers (None: the rule set
    defines no parts, or the report was not read)."""
    return None if r.missing_parts is None else list(r.missing_parts)


def partners(r: FileReport) -> list[str]:
    """The other units (or files, when the unit is not known) the report's copy findings
    point to, in order of first mention."""
    seen: dict[str, None] = {}
    for d in r.diagnostics:
        data = dict(d.data)
        other = data.get("other_unit") or data.get("other_path")
        if other:
            if data.get("previous") == "true":
                other += "（往年）"
            seen.setdefault(other, None)
    return list(seen)


def batch_year(results: Sequence[FileReport]) -> int | None:
    """The year most reports of the batch are of (the earlier on a tie), or None when fewer
    than two reports have a known year."""
    years = Counter(r.year for r in results if r.year)
    if sum(years.values()) < 2:
        return None
    return min(years, key=lambda y: (-years[y], y))


@dataclass(frozen=True)
class ReportFacts:
    """What the review page and the Excel ledger show of one report of a batch (built by ``facts``)."""

    path: str
    unit: str
    year: int | None
    odd_year: bool  # the year differs from the batch's
    severities: Counter[str]
    families: Counter[str]
    codes: Counter[str]
    missing: list[str] | None
    partners: list[str]


def facts(results: Sequence[FileReport], options: RenderOptions | None = None) -> list[ReportFacts]:
    year = batch_year(results)
    out = []
    for r in results:
        y = r.year or None
        out.append(ReportFacts(
            path=r.path,
            unit=r.issuer or "",
            year=y,
            odd_year=year is not None and y is not None and y != year,
            severities=Counter(d.severity.label for d in r.diagnostics),
            families=Counter(d.family for d in r.diagnostics),
            codes=Counter(d.code for d in r.diagnostics),
            missing=missing(r),
            partners=partners(r),
        ))
    return out
