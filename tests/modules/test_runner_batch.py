"""Batch linting: --jobs, stable output order, the progress bar, unreadable files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bench.corpus import make_corpus, write_corpus
from fzlint.packs.config import Overrides
from fzlint.runner import Mode, run

from ..conftest import ROOT, run_fzlint

BOOKMARK = "[bookmark: _GoBack]"
CORRUPT = "0003_corrupt.txt"


def make_batch(directory: Path, n: int) -> list[Path]:
    """``n`` synthetic reports, each with one Word residue on line 4, and one binary file."""
    reports = make_corpus(n, seed=n)
    for r in reports:
        r.lines[3] = BOOKMARK + r.lines[3]
    paths = write_corpus(reports, directory)
    (directory / CORRUPT).write_bytes(b"PK\x03\x04\x00\x00binary\x00" * 40)
    return paths


def run_with_tty_stderr(args: list[str], cwd: Path, timeout: float = 600) -> tuple[int, str, str]:
    """Run fzlint with stderr on a pseudo-terminal (stdout a pipe): (exit code, stdout, stderr)."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "TERM": "xterm"}
    proc = subprocess.Popen([sys.executable, "-m", "fzlint", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=slave, stdin=subprocess.DEVNULL, env=env)
    os.close(slave)
    out: list[bytes] = []
    reader = threading.Thread(target=lambda: out.append(proc.stdout.read()))  # type: ignore[union-attr]
    reader.start()
    err = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    proc.wait(timeout=timeout)
    reader.join(timeout)
    return proc.returncode, b"".join(out).decode("utf-8"), err.decode("utf-8", errors="replace")


def test_parallel_output_equals_serial_output_and_a_corrupt_file_does_not_stop_the_batch(tmp_path):
    make_batch(tmp_path, 24)
    serial = run_fzlint("check", ".", "--format", "json", "-j", "1", cwd=tmp_path)
    parallel = run_fzlint("check", ".", "--format", "json", "-j", "2", cwd=tmp_path)
    assert serial.returncode == parallel.returncode == 2
    assert parallel.stdout == serial.stdout
    assert parallel.stderr == serial.stderr
    assert parallel.stderr.splitlines() == [f"fzlint: {CORRUPT}: 第 1 行含 NUL 字节，像是二进制文件（若是 UTF-16，请另存为带 BOM 的 UTF-16 或 UTF-8）"]
    items = json.loads(parallel.stdout)
    residues = [(i["path"], i["line"]) for i in items if i["code"] == "FZ501"]
    assert residues == [(f"{k:04d}.txt", 4) for k in range(24)]  # every other file, in input order


def test_summary_counts_the_unreadable_file(tmp_path):
    make_batch(tmp_path, 3)
    r = run_fzlint("check", ".", "--select", "FZ501", "-j", "2", cwd=tmp_path)
    assert r.returncode == 2
    summary = "".join(r.stdout.split("\n\n")[-1].splitlines())  # at most 100 columns a line: may be wrapped
    assert summary.startswith("检查了 3 个文件，1 个文件出错、未能检查，结果不完整，发现 3 个问题")


def test_progress_bar_on_a_terminal_only_and_never_on_stdout(tmp_path):
    make_batch(tmp_path, 12)
    code, out, err = run_with_tty_stderr(["check", ".", "--format", "json", "-j", "2"], tmp_path)
    assert code == 2
    assert "检查报告" in err and "/13" in err  # the bar: description and done/total
    assert CORRUPT in err
    assert json.loads(out)  # stdout is still only JSON
    # Not a terminal: no bar.
    piped = run_fzlint("check", ".", "--format", "json", "-j", "2", cwd=tmp_path)
    assert "检查报告" not in piped.stderr and piped.stdout == out


def test_no_progress_bar_for_a_handful_of_files(tmp_path):
    make_batch(tmp_path, 3)
    code, _, err = run_with_tty_stderr(["check", ".", "--select", "FZ501"], tmp_path)
    assert code == 2 and "检查报告" not in err


def test_a_configuration_error_in_a_parallel_run_is_one_line(tmp_path):
    make_batch(tmp_path, 6)
    (tmp_path / ".fzlint.yaml").write_text("ignor: [FZ5]\n", encoding="utf-8")
    r = run_fzlint("check", ".", "-j", "2", cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == ""
    [line] = r.stderr.splitlines()
    assert line.endswith(".fzlint.yaml:1: 未知的配置项 'ignor'（是否想写 'ignore'？）")
    # A config error raised inside a worker (an explicit file in a directory of its own) too.
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / ".fzlint.yaml").write_text("select: [FZ999]\n", encoding="utf-8")
    (sub / "x.txt").write_text("报告\n", encoding="utf-8")
    (tmp_path / ".fzlint.yaml").unlink()
    files = [str(p.relative_to(tmp_path)) for p in sorted(tmp_path.glob("*.txt"))] + ["sub/x.txt"]
    r = run_fzlint("check", *files, "-j", "2", cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == ""
    [line] = r.stderr.splitlines()
    assert "select 中的 'FZ999' 不是已知的规则代码或前缀" in line


def test_a_crash_on_one_file_costs_only_that_file(tmp_path, monkeypatch):
    make_batch(tmp_path, 4)
    import fzlint.runner as runner

    real = runner.lint_target

    def flaky(target, overrides, mode):
        if target.path.name == "0002.txt":
            raise IndexError("boom")
        return real(target, overrides, mode)

    monkeypatch.setattr(runner, "lint_target", flaky)
    results = run([str(tmp_path)], Overrides(select=("FZ501",)), Mode(), jobs=1)
    errors = {Path(r.path).name: r.error for r in results if r.error}
    assert errors[CORRUPT].endswith("像是二进制文件（若是 UTF-16，请另存为带 BOM 的 UTF-16 或 UTF-8）")
    assert errors["0002.txt"].endswith("0002.txt: 内部错误（IndexError: boom），已跳过此文件")
    assert sorted(Path(r.path).name for r in results if r.error is None) == ["0000.txt", "0001.txt", "0003.txt"]


def test_progress_protocol_counts_every_file(tmp_path):
    make_batch(tmp_path, 5)

    class Recorder:
        def __init__(self) -> None:
            self.events: list[tuple[str, int]] = []

        def start(self, total: int) -> None:
            self.events.append(("start", total))

        def advance(self, n: int = 1) -> None:
            self.events.append(("advance", n))

        def stop(self) -> None:
            self.events.append(("stop", 0))

    for jobs in (1, 2):
        rec = Recorder()
        run([str(tmp_path)], Overrides(select=("FZ501",)), Mode(), jobs=jobs, progress=rec)
        assert rec.events[0] == ("start", 6) and rec.events[-1] == ("stop", 0)
        assert sum(n for e, n in rec.events if e == "advance") == 6


def test_stdin_with_previous(tmp_path):
    from ..rules.test_fz6_copy import PARA_A, PARA_B, PLAN_A, report

    (tmp_path / "last.txt").write_text(report("新北街道", 2022, [PARA_A], [PLAN_A]), encoding="utf-8")
    text = report("新北街道", 2023, [PARA_B], [PLAN_A])
    r = run_fzlint("check", "-", "--previous", "last.txt", "--format", "concise", "--select", "FZ6",
                   cwd=tmp_path, input=text.encode("utf-8"))
    assert r.returncode == 1
    assert [line.split(": ")[1].split()[0] for line in r.stdout.splitlines()] == ["FZ602"]


@pytest.mark.slow
def test_a_thousand_files_with_jobs_progress_and_one_corrupt_file(tmp_path):
    make_batch(tmp_path, 1000)
    t0 = time.perf_counter()
    code, out, err = run_with_tty_stderr(["check", ".", "--format", "json", "--jobs", "2"], tmp_path)
    elapsed = time.perf_counter() - t0
    print(f"\n1,000 reports + 1 corrupt file, --jobs 2, all rules: {elapsed:.1f} s")
    assert code == 2
    assert "检查报告" in err and "/1001" in err
    assert f"{CORRUPT}: 第 1 行含 NUL 字节" in err
    items = json.loads(out)
    residues = [i["path"] for i in items if i["code"] == "FZ501"]
    assert residues == [f"{k:04d}.txt" for k in range(1000)]
    assert elapsed < 900  # a hang guard, not a benchmark (bench/run.py times batches)
