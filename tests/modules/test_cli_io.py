"""The command's own input and output: standard input and output that are closed or fail,
an output file that cannot be written, a console that is not UTF-8, Ctrl-C.  Each is one
Chinese line on stderr naming what failed, with exit code 2 (130 for Ctrl-C), never a
traceback and never click's English "Aborted!"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT, run_fzlint, seed

SEED = str(seed("004"))


def _popen(*args: str, **kwargs) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.Popen([sys.executable, "-m", "fzlint", *args], cwd=ROOT, env=env, stderr=subprocess.PIPE,
                            **kwargs)


def _one_line(stderr: str) -> str:
    assert "Traceback" not in stderr and "Aborted" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize("args", [("check", "seeds/", "--format", "json"), ("rules",), ("explain", "FZ301")])
def test_a_closed_pipe_is_one_line_and_exit_2(args):
    """`fzlint … | head`: the reader went away before fzlint wrote anything."""
    proc = _popen(*args, stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=120) == 2
    assert _one_line(err) == "fzlint: 标准输出: 管道已关闭（读取输出的程序已退出），其余结果没有输出"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("check", SEED, "--select", "FZ501", "--format", "concise"), ("explain", "FZ501"),
                                  ("--version",)])
def test_a_full_disk_is_one_line_and_exit_2(args):
    """Small outputs sit in the buffer until exit: the failed flush is reported too."""
    with open("/dev/full", "wb") as full:
        proc = _popen(*args, stdout=full)
        err = proc.communicate(timeout=120)[1].decode("utf-8")
    assert proc.returncode == 2
    assert _one_line(err).startswith("fzlint: 标准输出: 写入失败（")


def test_closed_standard_streams():
    proc = _popen("check", "-", stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, preexec_fn=lambda: os.close(0))
    err = proc.communicate(timeout=120)[1]
    assert proc.returncode == 2
    assert _one_line(err.decode("utf-8")) == "fzlint: -: 标准输入已关闭，没有可检查的内容"
    proc = _popen("check", SEED, preexec_fn=lambda: os.close(1))
    err = proc.communicate(timeout=120)[1]
    assert proc.returncode == 2
    assert _one_line(err.decode("utf-8")) == "fzlint: 标准输出: 已关闭，无法输出结果"


def test_a_closed_stderr_loses_the_messages_not_the_results(tmp_path):
    """Enough files for the progress bar, which asks stderr whether it is a terminal."""
    for k in range(12):
        (tmp_path / f"{k:02d}.txt").write_text(Path(SEED).read_text(encoding="utf-8"), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "fzlint", "check", str(tmp_path), "--select", "FZ501",
                             "--format", "concise"], cwd=ROOT, stdout=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=lambda: os.close(2))
    out = proc.communicate(timeout=120)[0].decode("utf-8")
    assert proc.returncode == 1 and out.count(": FZ501 ") == 12


@pytest.mark.parametrize("where", ["missing/out.json", "."])
def test_an_output_file_that_cannot_be_written(tmp_path, where):
    target = tmp_path / where
    r = run_fzlint("check", SEED, "--format", "json", "-o", str(target))
    assert r.returncode == 2 and r.stdout == ""
    assert _one_line(r.stderr).startswith(f"fzlint: {target}: 无法写入输出文件（")


def test_a_gbk_console_gets_every_character_it_can_show():
    """✓/✗ are not in GBK: written as "?" instead of failing; the Chinese stays GBK."""
    r = subprocess.run([sys.executable, "-m", "fzlint", "outline", SEED], cwd=ROOT, capture_output=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "gbk"}, timeout=120)
    assert r.returncode == 0 and r.stderr == b""
    text = r.stdout.decode("gbk")
    assert "必备部分" in text and "? 主要举措和成效" in text


INTERRUPT = """\
import sys
import fzlint.{module} as m
def interrupted(*_a, **_k):
    raise KeyboardInterrupt
m.{function} = interrupted
from fzlint.__main__ import run
sys.argv = ["fzlint", *sys.argv[1:]]
run()
"""


@pytest.mark.parametrize(("module", "function", "args"), [
    ("runner", "run", ("check", SEED)),
    ("engine", "lint_document", ("check", SEED, "--jobs", "1")),
    ("outline", "outline_file", ("outline", SEED)),
    ("explain", "explain_text", ("explain", "FZ501")),
])
def test_ctrl_c_is_one_line_and_exit_130(module, function, args):
    script = INTERRUPT.format(module=module, function=function)
    r = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert r.returncode == 130
    assert _one_line(r.stderr) == "fzlint: 已中断"


def test_sarif_describes_the_rules_of_a_rule_pack(tmp_path):
    pack = tmp_path / "mine.yaml"
    pack.write_text(
        "pack: mine\nrules:\n  - code: XQ101\n    name: go-back\n    check: pattern\n    severity: warning\n"
        "    message: '书签：{match}'\n    summary: 书签残留\n    words: [_GoBack]\n", encoding="utf-8")
    r = run_fzlint("check", SEED, "--rule-pack", str(pack), "--select", "XQ", "--format", "sarif")
    rules = json.loads(r.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert rules == [{"id": "XQ101", "name": "go-back", "shortDescription": {"text": "书签残留"},
                      "defaultConfiguration": {"level": "warning"}, "properties": {"pack": "mine", "source": ""}}]


@pytest.mark.parametrize("fmt", ["sarif", "html"])
def test_a_broken_config_in_the_working_directory_does_not_matter_when_not_used(tmp_path, fmt):
    """--isolated: the working directory's config is not read, not even to describe rules."""
    (tmp_path / ".fzlint.yaml").write_text("ignor: [FZ1]\n", encoding="utf-8")
    r = run_fzlint("check", SEED, "--isolated", "--format", fmt, cwd=Path(tmp_path))
    assert r.returncode == 1 and r.stderr == "" and "FZ501" in r.stdout


def test_every_option_is_explained_in_chinese():
    import re

    from fzlint.cli import ABOUT, COMMANDS

    assert re.search(r"[\u4e00-\u9fff]", ABOUT)
    assert sorted(COMMANDS) == ["annotate", "check", "explain", "lsp", "outline", "rules", "serve"]
    for command in COMMANDS.values():
        assert command.help and re.search(r"[\u4e00-\u9fff]", command.help), command.name
        for option in command.options:
            assert option.help and re.search(r"[\u4e00-\u9fff]", option.help), (command.name, option.names)
    help_text = run_fzlint("check", "--help").stdout
    assert "-h, --help" in help_text and "显示本帮助并退出。" in help_text and "Show this message" not in help_text


# ---- the entry point ends the process without interpreter teardown ----------------------------
EXIT_NOW = """\
import atexit, sys, threading, time
from pathlib import Path
atexit.register(lambda: Path(sys.argv[1]).write_text("ran", encoding="utf-8"))
if sys.argv[2] == "thread":
    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
sys.stdout.write("x" * 100_000)  # buffered, not flushed yet
from fzlint.__main__ import _exit_now
code = sys.argv[3]
_exit_now(SystemExit(None if code == "None" else int(code) if code.isdigit() else code))
print("returned", file=sys.stderr)
sys.exit(4)
"""


@pytest.mark.parametrize(("case", "code", "expected", "returned"), [
    ("alone", "3", 3, False),  # exits at once, with the code, after the exit handlers and a flush
    ("alone", "None", 0, False),
    ("thread", "3", 4, True),  # another thread is alive: the interpreter exits as usual
    ("alone", "message", 4, True),  # not an exit code: as usual
])
def test_exit_now_flushes_runs_exit_handlers_and_keeps_the_code(tmp_path, case, code, expected, returned):
    marker = tmp_path / "atexit.txt"
    r = subprocess.run([sys.executable, "-c", EXIT_NOW, str(marker), case, code], cwd=ROOT, capture_output=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert r.returncode == expected
    assert r.stdout == b"x" * 100_000
    assert marker.read_text(encoding="utf-8") == "ran"
    assert (b"returned" in r.stderr) is returned
