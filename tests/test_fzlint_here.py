"""``fzlint_here`` (tests/conftest.py) stands in for ``run_fzlint`` in the tests that want the
CLI's answer rather than the process: it must give what a real ``python -m fzlint`` gives —
exit code, stdout and stderr byte for byte — and leave this process as it found it."""

from __future__ import annotations

import gc
import os
import sys

import pytest

from .conftest import ROOT, fzlint_here, run_fzlint, seed_text

SEED = "seeds/004_d5b6b2e72d8ce8d7.txt"


@pytest.mark.parametrize("args", [
    ("check", SEED, "--format", "json"),  # findings: exit 1
    ("check", SEED),  # the full format, the summary line
    ("check", "seeds/", "--format", "concise", "--select", "FZ501,FZ502"),  # a batch (workers there)
    ("check", SEED, "--select", "FZ999"),  # a configuration error: one line, exit 2
    ("check", "nowhere.txt"),  # an input error
    ("outline", SEED, "--format", "json"),
    ("explain", "FZ501"),
])
def test_the_same_exit_code_stdout_and_stderr_as_the_process(args):
    here, there = fzlint_here(*args), run_fzlint(*args)
    assert (here.returncode, here.stdout, here.stderr) == (there.returncode, there.stdout, there.stderr)
    assert here.stdout or here.stderr


def test_stdin_and_the_working_directory_are_the_processes(tmp_path):
    (tmp_path / ".fzlint.yaml").write_text("select: [FZ502]\n", encoding="utf-8")
    data = seed_text("003").encode("utf-8")
    args = ("check", "-", "--fix", "--stdin-filename", "r.txt", "--exit-zero")
    here, there = fzlint_here(*args, cwd=tmp_path, input=data), run_fzlint(*args, cwd=tmp_path, input=data)
    assert (here.returncode, here.stdout, here.stderr) == (there.returncode, there.stdout, there.stderr)
    assert here.stdout != seed_text("003")  # the config's FZ502 was fixed


def test_this_process_is_left_as_it_was():
    from fzlint import runner

    cwd, stdout, stdin, env, jobs = os.getcwd(), sys.stdout, sys.stdin, dict(os.environ), runner.default_jobs
    collecting, frozen = gc.isenabled(), gc.get_freeze_count()
    r = fzlint_here("check", ".", "--format", "json", cwd=ROOT / "seeds")
    assert r.returncode == 1 and r.stdout.startswith("[")
    assert (os.getcwd(), sys.stdout, sys.stdin, dict(os.environ)) == (cwd, stdout, stdin, env)
    assert (gc.isenabled(), gc.get_freeze_count(), runner.default_jobs) == (collecting, frozen, jobs)


def test_each_run_finds_the_configuration_afresh(tmp_path):
    """A process reads the configuration when it starts: a file changed between two runs
    counts, whatever this process cached before."""
    report = tmp_path / "r.txt"
    report.write_text(seed_text("003"), encoding="utf-8")
    args = ("check", "r.txt", "--format", "concise", "--exit-zero")
    found = []
    for code in ("FZ502", "FZ503"):
        (tmp_path / ".fzlint.yaml").write_text(f"select: [{code}]\n", encoding="utf-8")
        found.append({line.split()[1] for line in fzlint_here(*args, cwd=tmp_path).stdout.splitlines()})
    assert found == [{"FZ502"}, {"FZ503"}]


def test_pack_paths_are_shown_as_from_the_working_directory_of_each_run(tmp_path, monkeypatch):
    """Rules show their pack file relative to the working directory: a run elsewhere must
    not change what the next run here says, nor what this process says."""
    from fzlint import explain
    from fzlint.packs.config import Overrides, resolve

    ruleset = resolve(None, Overrides()).ruleset()  # this process's rule set, loaded here
    monkeypatch.setattr(explain, "_BUILTIN", {})  # no rule explained yet
    elsewhere = fzlint_here("explain", "FZ601", cwd=tmp_path)
    here = fzlint_here("explain", "FZ601")
    assert elsewhere.stdout == run_fzlint("explain", "FZ601", cwd=tmp_path).stdout
    assert here.stdout == run_fzlint("explain", "FZ601").stdout
    assert explain.explain_text(ruleset.by_code["FZ601"]) + "\n" == here.stdout
    assert "定义于内置规则包 copy（copy.yaml 第 " in here.stdout
