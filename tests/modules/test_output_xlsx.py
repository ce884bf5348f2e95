"""The reviewer's ledger, ``--format xlsx -o 台账.xlsx`` (issue 19): read back with openpyxl
(one row per report, every finding, header filters, frozen header row), refused on standard
output, and opened by LibreOffice Calc where it is installed (converted to CSV)."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ..conftest import SEEDS, fzlint_here, run_fzlint
from .test_output_terminal import unit_report

FAMILY_LABELS = {"structure": "结构", "numbers": "数字", "dates": "时效", "terminology": "用语",
                 "typography": "标点与残留", "copy": "雷同"}


@pytest.fixture(scope="module")
def seeds_ledger(tmp_path_factory):
    out = tmp_path_factory.mktemp("ledger") / "台账.xlsx"
    r = fzlint_here("check", "seeds/", "--format", "xlsx", "-o", str(out))
    assert r.returncode == 1 and r.stdout == "", r.stderr
    assert r.stderr == f"结果已写入 {out}（5 份报告，格式 xlsx）。\n"
    items = json.loads(fzlint_here("check", "seeds/", "--format", "json").stdout)
    return out, items


def rows(ws) -> list[dict[str, object]]:
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_one_row_per_report_with_counts_by_severity_and_family(seeds_ledger):
    path, items = seeds_ledger
    wb = load_workbook(path)
    assert wb.sheetnames == ["报告", "问题"]
    reports = rows(wb["报告"])
    assert [r["文件"] for r in reports] == [f"seeds/{p.name}" for p in SEEDS]
    for r in reports:
        mine = [i for i in items if i["path"] == r["文件"]]
        sev = Counter(i["severity"] for i in mine)
        fam = Counter(i["family"] for i in mine)
        assert (r["错误"], r["警告"], r["提示"]) == (sev["error"], sev["warning"], sev["info"])
        assert all(r[label] == fam[fid] for fid, label in FAMILY_LABELS.items())
        assert r["问题数"] == len(mine)
    by_file = {str(r["文件"])[6:9]: r for r in reports}
    assert by_file["000"]["单位"] == "天津市滨海新区新北街道" and by_file["000"]["年度"] == 2023
    assert by_file["004"]["年度"] == 2020 and by_file["004"]["年度与本批不同"] == "是"
    assert by_file["004"]["缺少的必备部分"] == "存在的不足和原因" and by_file["000"]["缺少的必备部分"] == "无"


def test_every_finding_on_sheet_two(seeds_ledger):
    path, items = seeds_ledger
    found = rows(load_workbook(path)["问题"])
    assert len(found) == len(items)
    assert [(f["文件"], f["代码"], f["问题"]) for f in found] == [(i["path"], i["code"], i["message"]) for i in items]
    bookmark = next(f for f in found if f["代码"] == "FZ501")
    assert bookmark["位置"] == "50:1" and bookmark["级别"] == "警告" and bookmark["建议"] == "删除残留标记"
    assert bookmark["单位"] == "大港街"


def test_header_filters_and_frozen_header(seeds_ledger):
    path, _ = seeds_ledger
    wb = load_workbook(path)
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        assert ws.cell(1, 1).font.bold


def test_copy_partners_and_text_that_looks_like_a_formula(tmp_path):
    (tmp_path / "a.txt").write_text(unit_report("某市甲区司法局"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(unit_report("某市乙县司法局").replace("主要负责人带头学法", "=SUM(A1)主要负责人带头学法"),
                                    encoding="utf-8")
    r = fzlint_here("check", "a.txt", "b.txt", "--format", "xlsx", "-o", "台账.xlsx", cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    wb = load_workbook(tmp_path / "台账.xlsx")
    reports = {r["文件"]: r for r in rows(wb["报告"])}
    assert reports["a.txt"]["雷同对象"] == "某市乙县司法局" and reports["b.txt"]["雷同对象"] == "某市甲区司法局"
    for ws in wb.worksheets:  # report text is text: nothing in the workbook is a formula
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_xlsx_is_never_written_to_standard_output(tmp_path):
    for args in ([], ["-o", "-"]):
        r = run_fzlint("check", "seeds/", "--format", "xlsx", *args)
        assert r.returncode == 2 and r.stdout == ""
        assert r.stderr.count("\n") == 1 and "-o" in r.stderr and "xlsx" in r.stderr


def _calc() -> str | None:
    """soffice, if LibreOffice Calc (which reads .xlsx) is installed with it."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    program = Path(os.path.realpath(soffice)).parent
    return soffice if any(program.glob("libsclo.so")) else None


@pytest.mark.skipif(_calc() is None, reason="no LibreOffice Calc (as root: apt-get install -y libreoffice-calc-nogui)")
@pytest.mark.slow
def test_libreoffice_reads_the_ledger(seeds_ledger, tmp_path):
    path, _ = seeds_ledger
    src = tmp_path / "ledger.xlsx"
    shutil.copy(path, src)
    proc = subprocess.run([_calc(), "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                           "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path),
                           str(src)], capture_output=True, timeout=180)
    out = tmp_path / "ledger.csv"
    assert out.exists(), proc.stderr.decode(errors="replace")
    table = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    assert table[0][:3] == ["文件", "单位", "年度"]
    assert [row[0] for row in table[1:]] == [f"seeds/{p.name}" for p in SEEDS]
    assert table[1][1] == "天津市滨海新区新北街道" and table[5][2] == "2020"
