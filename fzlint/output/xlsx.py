"""``xlsx``: the reviewer's ledger (台账), an Excel workbook (``--format xlsx -o 台账.xlsx``).

* sheet 1 "报告": one row per report — file, unit, year (marked when it differs from the
  batch's), counts by severity and by rule family, the required parts no section covers,
  and the units its copy findings point to;
* sheet 2 "问题": every finding, one row per place — file, unit, location, code, severity,
  family, message, suggestion;
* sheet 3 "出错的文件", only when some inputs could not be linted.

Each sheet has header filters and a frozen header row.  A workbook is binary: the CLI
writes it only to a file (``-o``).  Text from the reports is written as text, never as a
formula (a cell starting with "=" stays a string), and characters a workbook cannot hold
(control characters) are dropped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import where
from .batch import SEVERITIES, facts, families

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..result import FileReport
    from . import RenderOptions

#: Column widths in characters (Excel's unit), by header.
_WIDTHS = {"文件": 36, "单位": 28, "缺少的必备部分": 28, "雷同对象": 28, "位置": 16, "问题": 60, "建议": 40,
           "出错原因": 60}


def _clean(value: object) -> object:
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _sheet(ws: Any, header: list[str], rows: list[list[object]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_clean(v) for v in row])
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            if cell.data_type == "f":  # report text that starts with "=": text, not a formula
                cell.data_type = "s"
    last = get_column_letter(len(header))
    ws.auto_filter.ref = f"A1:{last}{max(1, len(rows) + 1)}"
    ws.freeze_panes = "A2"
    for i, name in enumerate(header, 1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(name, max(8, 2 * len(name) + 2))


def workbook(results: Sequence[FileReport], options: RenderOptions) -> Any:
    from openpyxl import Workbook

    fams = families(results)
    wb = Workbook()
    reports = wb.active
    reports.title = "报告"
    header = ["文件", "单位", "年度", "年度与本批不同", "问题数"]
    header += [label for _, label in SEVERITIES] + [label for _, label in fams]
    header += ["缺少的必备部分", "雷同对象"]
    rows: list[list[object]] = []
    for f in facts(results, options):
        row: list[object] = [f.path, f.unit, f.year, "是" if f.odd_year else "", sum(f.severities.values())]
        row += [f.severities[s] for s, _ in SEVERITIES] + [f.families[fid] for fid, _ in fams]
        row += ["（未定义必备部分）" if f.missing is None else "、".join(f.missing) or "无", "、".join(f.partners)]
        rows.append(row)
    _sheet(reports, header, rows)

    findings = wb.create_sheet("问题")
    rows = []
    for r in results:
        unit = r.issuer or ""
        for d in r.diagnostics:
            rows.append([r.path, unit, where(d), d.code, d.severity.zh, _family_label(d.family), d.message,
                         d.suggestion or ""])
    _sheet(findings, ["文件", "单位", "位置", "代码", "级别", "类别", "问题", "建议"], rows)

    if options.failed:
        _sheet(wb.create_sheet("出错的文件"), ["文件", "出错原因"], [[p, e] for p, e in options.failed])
    return wb


def _family_label(family: str) -> str:
    from ..families import family_label

    return family_label(family)


def write_workbook(results: Sequence[FileReport], path: str, options: RenderOptions) -> None:
    """Write the ledger to ``path`` (an OSError if it cannot be written)."""
    workbook(results, options).save(path)
