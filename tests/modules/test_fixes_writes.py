"""--fix never loses data: a process killed at any point of a write leaves the old or the
new file, never a mix; a symlinked report keeps its link; read-only targets are refused."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from ..conftest import ROOT, run_fzlint, seed_text

BOOKMARK = "[bookmark: _GoBack]"

# A child process that runs `fzlint check --fix` with a kill planted at one point of
# the write: deterministic, the process dies exactly there with SIGKILL (no cleanup).
KILLER = """
import os, signal, sys
import fzlint.inputs.source as source
where = sys.argv[1]
def die(*a, **k):
    os.kill(os.getpid(), signal.SIGKILL)
if where == "before-rename":
    source._before_replace = die
elif where == "mid-write":
    real_fsync = os.fsync
    def half(fd):
        os.ftruncate(fd, os.fstat(fd).st_size // 2)  # the temporary file is half written
        die()
    source.os.fsync = half
elif where == "after-rename":
    real_replace = os.replace
    def then_die(a, b):
        real_replace(a, b)
        die()
    source.os.replace = then_die
from fzlint.cli import main
main(["check", "--fix", "--select", "FZ501", *sys.argv[2:]])
"""


def _killed_fix(where: str, *paths: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-c", KILLER, where, *paths], cwd=ROOT, capture_output=True,
                          env=env, timeout=120)


@pytest.mark.parametrize("where", ["mid-write", "before-rename"])
def test_killed_before_the_rename_leaves_the_old_file(tmp_path, where):
    f = tmp_path / "r.txt"
    data = seed_text("004").replace("\n", "\r\n").encode("gb18030")
    f.write_bytes(data)
    proc = _killed_fix(where, str(f))
    assert proc.returncode == -signal.SIGKILL
    assert f.read_bytes() == data  # untouched, byte for byte
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "r.txt"]
    # A kill leaves the temporary file behind (nothing can clean up after SIGKILL): a
    # hidden name that no directory walk picks up as a report.
    assert all(n.startswith(".r.txt.") and n.endswith(".fzlint.tmp") for n in leftovers), leftovers
    r = run_fzlint("check", str(tmp_path), "--select", "FZ501", "--format", "concise")
    assert r.returncode == 1 and r.stderr == "" and r.stdout.count("FZ501") == 1


def test_killed_after_the_rename_leaves_the_complete_new_file(tmp_path):
    f = tmp_path / "r.txt"
    text = seed_text("004").replace("\n", "\r\n")
    f.write_bytes(text.encode("gb18030"))
    os.chmod(f, 0o600)
    proc = _killed_fix("after-rename", str(f))
    assert proc.returncode == -signal.SIGKILL
    assert f.read_bytes() == text.replace(BOOKMARK, "").encode("gb18030")
    assert oct(os.stat(f).st_mode & 0o777) == oct(0o600)
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


def test_a_batch_killed_midway_has_each_file_old_or_new(tmp_path):
    texts = {}
    for i in range(4):
        f = tmp_path / f"r{i}.txt"
        texts[f] = seed_text("004")
        f.write_text(texts[f], encoding="utf-8")
    # The first rename completes, then the process dies: file 0 new, the rest old.
    _killed_fix("after-rename", *(str(f) for f in texts), "--jobs", "1")
    states = []
    for f, text in texts.items():
        now = f.read_text(encoding="utf-8")
        assert now in (text, text.replace(BOOKMARK, ""))
        states.append(now == text)
    assert states == [False, True, True, True]


def test_fix_through_a_symlink_keeps_the_link_and_writes_the_target(tmp_path):
    real_dir = tmp_path / "archive"
    real_dir.mkdir()
    target = real_dir / "2023报告.txt"
    text = seed_text("004").replace("\n", "\r\n")
    target.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    os.chmod(target, 0o640)
    link = tmp_path / "current.txt"
    link.symlink_to(os.path.relpath(target, tmp_path))
    r = run_fzlint("check", str(link), "--fix", "--select", "FZ501")
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and os.readlink(link) == os.path.relpath(target, tmp_path)
    assert target.read_bytes() == b"\xef\xbb\xbf" + text.replace(BOOKMARK, "").encode("utf-8")
    assert oct(os.stat(target).st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in real_dir.iterdir()) == ["2023报告.txt"]


def test_fix_through_a_symlink_to_a_read_only_file_is_refused(tmp_path):
    target = tmp_path / "ro.txt"
    target.write_text(seed_text("004"), encoding="utf-8")
    os.chmod(target, 0o444)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    r = run_fzlint("check", str(link), "--fix", "--select", "FZ501")
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [f"fzlint: {link}: 文件只读，未写入修复"]
    assert target.read_text(encoding="utf-8") == seed_text("004") and link.is_symlink()


def test_fix_of_a_markdown_file_keeps_crlf_bom_and_markup(tmp_path):
    f = tmp_path / "r.md"
    body = f"# 某区2023年法治政府建设情况报告\r\n\r\n## 一、主要举措\r\n\r\n**重点**工作{BOOKMARK}推进。。\r\n"
    f.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    r = run_fzlint("check", str(f), "--fix", "--select", "FZ501,FZ505")
    assert r.returncode == 0, r.stdout + r.stderr
    assert f.read_bytes() == b"\xef\xbb\xbf" + body.replace(BOOKMARK, "").replace("。。", "。").encode("utf-8")
