"""Facts about a batch of reports that the review page's picture and the Excel ledger both
show: each report's unit, year, counts by severity and family, missing required parts, the
units its copy findings point to, and the batch's year (the year most reports are of).

Written against the per-file results the formatters receive (path, doc, diagnostics,
settings); nothing here reads files or lints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..families import FAMILIES

if TYPE_CHECKING:
    from ..engine import FileResult
    from . import RenderOptions

SEVERITIES = (("error", "错误"), ("warning", "警告"), ("info", "提示"))


def families(results: list[FileResult]) -> list[tuple[str, str]]:
    """(id, label) of the rule families, in code order; ``custom`` only when it has findings."""
    used = {d.family for r in results for d in r.diagnostics}
    return [(fid, label) for fid, label in FAMILIES.values() if fid != "custom" or fid in used]


def missing(r: FileResult, options: RenderOptions) -> list[str] | None:
    """The names of the required parts no section of the report covers (None: the rule set
    defines no parts, or the report was not read)."""
    from ..parts import missing_parts

    if r.doc is None:
        return None
    ruleset = r.settings.ruleset() if r.settings is not None else options.ruleset
    specs = ruleset.parts if ruleset is not None else None
    found = missing_parts(r.doc, specs)
    return None if found is None else [p.name for p in found]


def partners(r: FileResult) -> list[str]:
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


def batch_year(results: list[FileResult]) -> int | None:
    """The year most reports of the batch are of (the earlier on a tie), or None when fewer
    than two reports have a known year."""
    years = Counter(r.doc.year for r in results if r.doc is not None and r.doc.year)
    if sum(years.values()) < 2:
        return None
    return min(years, key=lambda y: (-years[y], y))


@dataclass(frozen=True)
class ReportFacts:
    path: str
    unit: str
    year: int | None
    odd_year: bool  # the year differs from the batch's
    severities: Counter[str]
    families: Counter[str]
    codes: Counter[str]
    missing: list[str] | None
    partners: list[str]


def facts(results: list[FileResult], options: RenderOptions) -> list[ReportFacts]:
    year = batch_year(results)
    out = []
    for r in results:
        doc = r.doc
        y = doc.year if doc is not None and doc.year else None
        out.append(ReportFacts(
            path=r.path,
            unit=doc.issuer if doc is not None and doc.issuer else "",
            year=y,
            odd_year=year is not None and y is not None and y != year,
            severities=Counter(d.severity.label for d in r.diagnostics),
            families=Counter(d.family for d in r.diagnostics),
            codes=Counter(d.code for d in r.diagnostics),
            missing=missing(r, options),
            partners=partners(r),
        ))
    return out
