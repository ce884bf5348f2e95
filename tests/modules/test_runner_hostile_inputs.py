"""A batch full of hostile files: each bad file is one clear line on stderr, the run exits
2, every good file is still linted (in every output format, with and without --jobs), and
nothing prints a traceback or hangs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from ..conftest import ROOT, seed_text

BOOKMARK = "[bookmark: _GoBack]"
GBK_NAME = "报告".encode("gbk") + b".txt"  # a name from a zip made on a Chinese Windows
SHOWN_GBK_NAME = GBK_NAME.decode("utf-8", "replace")

# file name → a fragment of its one error line
BAD = {
    "empty.txt": "文件为空",
    "blank.txt": "只有空白字符",
    "binary.txt": "NUL 字节",
    "truncated.txt": "截断",
    "mixed.txt": "编码",
    "broken.txt": "符号链接指向的文件不存在",
    "loop_a.txt": "符号链接形成循环",
    "loop_b.txt": "符号链接形成循环",
    "pipe.txt": "不是普通文件",
    "locked.txt": "没有读取权限",
}


def _privilege_drop() -> list[str]:
    """Run the CLI so that a mode-000 file really cannot be read: as root, without the
    capabilities that bypass file permissions (CI runs as root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    prefix = [setpriv or "setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
    if setpriv is None or subprocess.run([*prefix, "true"], capture_output=True).returncode != 0:
        pytest.skip("running as root and cannot drop the capabilities that bypass file permissions")
    return prefix


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    proc = subprocess.run([*_privilege_drop(), sys.executable, "-m", "fzlint", *args], cwd=ROOT,
                          capture_output=True, env=env, timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8"),
                                       proc.stderr.decode("utf-8"))


@pytest.fixture(scope="module")
def batch():
    # Not under pytest's private tmp dir: the permission test needs a real 000 file
    # and a process that cannot bypass it.
    top = Path(tempfile.mkdtemp(prefix="fzlint-hostile-"))
    d = top / "batch"
    d.mkdir()
    good = seed_text("004")
    assert good.count(BOOKMARK) == 1
    (d / "good.txt").write_text(good, encoding="utf-8")
    with open(os.path.join(os.fsencode(d), GBK_NAME), "wb") as fh:
        fh.write(good.encode("utf-8"))
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.txt").write_text(" \n\t\r\n\u3000\n", encoding="utf-8")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (d / "truncated.txt").write_bytes("某区2023年法治政府建设情况报告\n正文完整的句子".encode()[:-1])
    (d / "mixed.txt").write_bytes("前半部分是UTF-8正文内容，共有许多汉字。\n".encode() + "后半部分是GBK".encode("gbk"))
    (d / "broken.txt").symlink_to(d / "nowhere.txt")
    (d / "loop_a.txt").symlink_to(d / "loop_b.txt")
    (d / "loop_b.txt").symlink_to(d / "loop_a.txt")
    (d / "sub").mkdir()
    (d / "sub" / "up").symlink_to("..", target_is_directory=True)  # a directory loop for the walk
    os.mkfifo(d / "pipe.txt")
    (d / "locked.txt").write_text(good, encoding="utf-8")
    os.chmod(d / "locked.txt", 0)
    for p in (top, d, d / "sub"):
        os.chmod(p, 0o755)
    yield d
    os.chmod(d / "locked.txt", 0o644)
    shutil.rmtree(top)


def _errors(stderr: str) -> dict[str, str]:
    lines = [ln for ln in stderr.splitlines() if ln.startswith("fzlint: ")]
    out = {}
    for ln in lines:
        name = ln[len("fzlint: "):].split(":", 1)[0]
        out[Path(name).name] = ln
    assert len(out) == len(lines), lines  # one line per file
    return out


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_hostile_file_is_one_line_and_the_rest_is_linted(batch, jobs):
    r = run_cli("check", str(batch), "--format", "concise", "--jobs", jobs)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    errors = _errors(r.stderr)
    assert set(errors) == set(BAD), r.stderr
    for name, fragment in BAD.items():
        assert fragment in errors[name], errors[name]
    # Both good reports linted, the non-UTF-8 name shown with U+FFFD.
    assert f"{batch}/good.txt:" in r.stdout
    assert f"{batch}/{SHOWN_GBK_NAME}:" in r.stdout
    assert r.stdout.count(": FZ501 ") == 2
    assert "/sub/up/" not in r.stdout + r.stderr  # the directory loop was not followed


@pytest.mark.parametrize("fmt", ["full", "json", "sarif", "github", "html"])
def test_every_output_format_survives_the_batch(batch, fmt, tmp_path):
    out = tmp_path / f"out.{fmt}"
    args = ["check", str(batch), "--format", fmt, "--jobs", "2"]
    r = run_cli(*args, "-o", str(out)) if fmt == "html" else run_cli(*args)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert set(_errors(r.stderr)) == set(BAD)
    text = out.read_text(encoding="utf-8") if fmt == "html" else r.stdout
    if fmt == "json":
        paths = {d["path"] for d in json.loads(text)}
        assert paths == {f"{batch}/good.txt", f"{batch}/{SHOWN_GBK_NAME}"}
    elif fmt == "sarif":
        results = json.loads(text)["runs"][0]["results"]
        uris = {res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for res in results}
        assert len(uris) == 2 and any("good.txt" in u for u in uris)
    else:
        assert "good.txt" in text and SHOWN_GBK_NAME in text.replace("&#xfffd;", "\ufffd")


def test_fix_through_a_batch_with_hostile_files(batch, tmp_path):
    """--fix writes the good files (also the one with a non-UTF-8 name) and touches no bad one."""
    copy = tmp_path / "copy"
    shutil.copytree(batch, copy, symlinks=True, ignore=shutil.ignore_patterns("pipe.txt", "locked.txt"))
    os.mkfifo(copy / "pipe.txt")
    for p in (copy, copy / "sub"):
        os.chmod(p, 0o777)
    os.chmod(tmp_path, 0o755)
    r = run_cli("check", str(copy), "--fix", "--select", "FZ501", "--format", "concise", "--jobs", "2")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert BOOKMARK not in (copy / "good.txt").read_text(encoding="utf-8")
    with open(os.path.join(os.fsencode(copy), GBK_NAME), "rb") as fh:
        assert BOOKMARK.encode() not in fh.read()
    assert (copy / "empty.txt").read_bytes() == b""
    assert (copy / "binary.txt").read_bytes().startswith(b"\x89PNG")
    assert os.path.islink(copy / "broken.txt") and not os.path.exists(copy / "nowhere.txt")


# ---- size: hostile shapes must not go quadratic -------------------------------------------
def _shape(name: str, n: int) -> str:
    head = "某区2023年法治政府建设情况报告\n一、主要举措和成效\n"
    if name == "line-without-stops":  # one 1 MB "sentence": commas only
        clause = "共受理行政复议案件335件，其中维持269件、纠错57件，办结率为98.5%，"
        return head + clause * (n // len(clause.encode())) + "\n"
    if name == "many-headings":  # tens of thousands of sections
        return "某区2023年法治政府建设情况报告\n" + "".join(
            f"（{'一二三四五六七八九十'[i % 10]}）法治建设\n1.法制宣传{i}件。\n" for i in range(n // 60))
    if name == "quotes-and-titles":  # unclosed 《 and “ all along one line
        return head + "《法治政府建设“实施纲要，" * (n // 36) + "\n"
    if name == "bare-headings":  # a short unnumbered line between numbered ones: a bare heading each
        unit = "（一）依法行政\n短标题\n正文内容写得比标题长。\n"
        return head + unit * (n // len(unit.encode()))
    if name == "breakdown-line":  # 共1件，其中 again and again: every cue opens a list to the line's end
        return head + "共1件，其中" * (n // 16) + "\n"
    if name == "part-sub-headings":  # thousands of sub-headings that cover another part
        unit = "（一）主要负责人履职情况\n正文内容写得比标题长。\n"
        return head + unit * (n // len(unit.encode()))
    raise ValueError(name)


@pytest.mark.parametrize("shape", ["line-without-stops", "many-headings", "quotes-and-titles", "bare-headings",
                                   "part-sub-headings", "breakdown-line"])
def test_a_hostile_shape_does_not_hang(tmp_path, shape):
    """Not a benchmark: ``bench/shapes.py`` times these shapes (and more) at 0.25/0.5/1 MB and
    checks the ratio per doubling.  Here 100 KB of each, which a linear run lints in about a
    second, against a timeout of 120 s: shapes that once took minutes fail, load does not."""
    f = tmp_path / "big.txt"
    f.write_text(_shape(shape, 100_000), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "fzlint", "check", str(f), "--format", "json", "--exit-zero"],
                          cwd=ROOT, capture_output=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr.decode()[-500:]
    json.loads(proc.stdout)


def test_a_folder_that_cannot_be_listed_is_one_line_not_silence():
    """A subfolder without read permission: its reports are not checked, and the run says
    so (exit 2) instead of leaving them out without a word."""
    top = Path(tempfile.mkdtemp(prefix="fzlint-locked-dir-"))
    try:
        (top / "good.txt").write_text(seed_text("004"), encoding="utf-8")
        locked = top / "locked"
        locked.mkdir()
        (locked / "r.txt").write_text(seed_text("004"), encoding="utf-8")
        os.chmod(top, 0o755)
        os.chmod(locked, 0)
        for target in (top, locked):
            r = run_cli("check", str(target), "--select", "FZ501", "--format", "concise")
            assert r.returncode == 2 and "Traceback" not in r.stderr
            assert r.stderr == f"fzlint: {locked}: 无法读取目录（Permission denied），其中的报告没有检查\n"
        assert r.stdout == ""
        r = run_cli("check", str(top), "--select", "FZ501", "--format", "concise")
        assert r.stdout == f"{top}/good.txt:50:1: FZ501 Word 转换残留：[bookmark: _GoBack]\n"
    finally:
        os.chmod(top / "locked", 0o755)
        shutil.rmtree(top)
