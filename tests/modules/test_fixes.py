"""--fix / --diff mechanics: atomic, faithful, idempotent (exercised with the artifact rules)."""

from __future__ import annotations

import codecs
import os

import pytest

from fzlint.diagnostic import Diagnostic, Edit, Fix, Severity
from fzlint.fixes import apply_edits

from ..conftest import fzlint_here, run_fzlint, seed


def _d(code, start, end, content, safe=True):
    return Diagnostic(code, Severity.WARNING, "m", start, end, 1, 1, 1, 1, fix=Fix((Edit(start, end, content),), safe))


def test_overlapping_fixes_resolved_deterministically():
    text = "abcdef"
    diags = [_d("FZ2", 2, 5, "X"), _d("FZ1", 1, 3, "Y"), _d("FZ3", 5, 6, "Z")]
    assert apply_edits(text, diags) == ("aYdeZ", 2)  # FZ1 starts first; FZ2 overlaps it and waits


@pytest.mark.parametrize("variant", ["utf-8", "gb18030-crlf", "utf-8-bom"])
def test_fix_removes_artifacts_only_and_is_idempotent(tmp_path, variant):
    text = seed("003").read_text(encoding="utf-8")
    if variant == "gb18030-crlf":
        data = text.replace("\n", "\r\n").encode("gb18030")
    elif variant == "utf-8-bom":
        data = codecs.BOM_UTF8 + text.encode("utf-8")
    else:
        data = text.encode("utf-8")
    f = tmp_path / "003.txt"
    f.write_bytes(data)
    os.chmod(f, 0o600)
    r = fzlint_here("check", str(f), "--fix", "--select", "FZ501,FZ502", "--format", "concise")
    assert r.returncode == 0, r.stdout + r.stderr
    new = f.read_bytes()
    enc = "gb18030" if variant.startswith("gb") else "utf-8"
    bom = codecs.BOM_UTF8 if variant.endswith("bom") else b""
    assert new.startswith(bom)
    new_text = new[len(bom):].decode(enc)
    nl = "\r\n" if variant.endswith("crlf") else "\n"
    old_lines = text.replace("\n", nl).splitlines(keepends=True)
    removed = {0, 3, 4, 5, 87, 88, 89, 90}  # 0-based: the web boilerplate lines, each with its line break
    expected = "".join(line for i, line in enumerate(old_lines) if i not in removed)
    assert new_text == expected
    assert oct(os.stat(f).st_mode & 0o777) == oct(0o600)
    r2 = fzlint_here("check", str(f), "--fix", "--select", "FZ501,FZ502")
    assert f.read_bytes() == new  # second run is a no-op
    assert "已自动修复 0 处" in r2.stdout


def test_fix_summary_says_how_many(tmp_path):
    f = tmp_path / "004.txt"
    f.write_bytes(seed("004").read_bytes())
    r = fzlint_here("check", str(f), "--fix", "--select", "FZ501")
    assert "已自动修复 1 处" in r.stdout
    assert "[bookmark" not in f.read_text(encoding="utf-8")


def test_diff_on_read_only_file_writes_nothing(tmp_path):
    f = tmp_path / "004.txt"
    data = seed("004").read_bytes()
    f.write_bytes(data)
    os.chmod(f, 0o444)
    r = fzlint_here("check", str(f), "--diff", "--select", "FZ501")
    assert r.returncode == 1
    assert f.read_bytes() == data
    assert "-[bookmark: _GoBack]三、2021年推进法治政府建设的主要安排" in r.stdout
    assert "+三、2021年推进法治政府建设的主要安排" in r.stdout
    assert "可修复 1 处（未写入文件）" in r.stderr


def test_fix_on_read_only_file_is_reported_not_forced(tmp_path):
    f = tmp_path / "004.txt"
    data = seed("004").read_bytes()
    f.write_bytes(data)
    os.chmod(f, 0o444)
    r = run_fzlint("check", str(f), "--fix", "--select", "FZ501")
    assert r.returncode == 2 and "文件只读" in r.stderr
    assert f.read_bytes() == data


def test_fix_from_stdin_prints_fixed_text():
    data = seed("004").read_bytes()
    r = run_fzlint("check", "-", "--fix", "--select", "FZ501", input=data)
    assert r.stdout == data.decode("utf-8").replace("[bookmark: _GoBack]", "")
