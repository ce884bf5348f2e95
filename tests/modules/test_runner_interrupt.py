"""Ctrl-C during a batch with several worker processes: fzlint stops, exits 130 with one
line, and leaves no process running (a real process, a real SIGINT)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.corpus import make_batch

from ..conftest import ROOT, sigint_as_in_a_terminal


def _group_members(pgid: int) -> list[int]:
    """Processes of the process group ``pgid`` still alive (zombies reaped by nobody count)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp
            out.append(int(entry))
    return out


def test_ctrl_c_stops_a_parallel_batch_and_leaves_no_process(tmp_path: Path) -> None:
    make_batch(tmp_path / "batch", 400)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "fzlint", "check", str(tmp_path / "batch"), "--jobs", "2",
                             "--format", "json", "--exit-zero"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True,  # its own group: children findable
                            preexec_fn=sigint_as_in_a_terminal)
    try:
        deadline = time.monotonic() + 60
        while len(_group_members(proc.pid)) < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # the parent and its two workers
        assert proc.poll() is None, "the batch ended before it could be interrupted"
        assert len(_group_members(proc.pid)) >= 3, "the workers never started"
        time.sleep(0.5)  # workers busy with their chunks
        t = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole group
        _, err = proc.communicate(timeout=30)
        took = time.monotonic() - t
        assert proc.returncode == 130
        assert "已中断" in err.decode("utf-8") and "Traceback" not in err.decode("utf-8")
        # Not a race: generous here; bench figures say how fast it is (well under a second).
        assert took < 10, took
        time.sleep(0.2)
        assert _group_members(proc.pid) == [], "a worker process was left running"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
