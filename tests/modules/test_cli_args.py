"""The command line's grammar (fzlint/cli_args.py): what each command receives for its
arguments, and the usage errors, help and version the user sees — in Chinese, exit code 2
for a mistake, the option help strings and layout as they were under click."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from fzlint.cli import ABOUT, COMMANDS
from fzlint.cli_args import UsageError, group_help
from fzlint.version import __version__

from ..conftest import ROOT, run_fzlint, seed


def parse(command: str, *args: str) -> dict:
    return COMMANDS[command].parse(list(args))


def usage_error(command: str, *args: str) -> str:
    with pytest.raises(UsageError) as e:
        parse(command, *args)
    assert e.value.command is COMMANDS[command]
    return str(e.value)


# ---- what the commands receive ------------------------------------------------------------
def test_repeatable_options_are_collected_in_the_order_given():
    got = parse("check", "--select", "FZ5", "a.txt", "--select=FZ4", "--ignore", "FZ501", "b.txt",
                "--previous", "2022", "--previous", "2021", "--rule-pack", "x.yaml")
    assert got["select"] == ("FZ5", "FZ4") and got["ignore"] == ("FZ501",) and got["extend_select"] == ()
    assert got["previous"] == ("2022", "2021") and got["rule_pack"] == ("x.yaml",)
    assert got["paths"] == ("a.txt", "b.txt")  # positional arguments between options, in order


def test_defaults_and_converted_values():
    got = parse("check")
    assert got["paths"] == () and got["fmt"] == "full" and got["jobs"] is None and got["year"] is None
    assert got["genre"] is None and got["fail_on"] is None and got["output"] is None
    assert not any(got[k] for k in ("exit_zero", "fix", "unsafe_fixes", "diff", "statistics", "isolated",
                                    "force_exclude", "quiet"))
    got = parse("check", "-j2", "--year", "2023", "-qfjson", "--fail-on=info", "-", "--stdin-filename", "a.md")
    assert (got["jobs"], got["year"], got["quiet"], got["fmt"]) == (2, 2023, True, "json")
    assert got["fail_on"] == "info" and got["paths"] == ("-",) and got["stdin_filename"] == "a.md"
    served = parse("serve")
    assert served == {"host": "127.0.0.1", "port": 8765, "workers": None, "max_upload_mb": 20.0, "queue": 64}
    assert isinstance(served["max_upload_mb"], float)
    assert parse("serve", "--max-upload-mb", "0.5", "--queue", "0", "--port", "0")["max_upload_mb"] == 0.5
    assert parse("explain", "fz501") == {"code": "fz501", "rule_pack": ()}
    assert parse("annotate", "a.docx", "--track-changes")["paths"] == ("a.docx",)
    assert parse("outline", "-", "-f", "json")["file"] == "-"


def test_double_dash_ends_the_options():
    got = parse("check", "--format", "concise", "--", "-x.txt", "--exit-zero")
    assert got["paths"] == ("-x.txt", "--exit-zero") and not got["exit_zero"] and got["fmt"] == "concise"
    assert usage_error("check", "--select", "--", "a.txt") == "选项 '--select' 需要一个值。"  # never a value


# ---- usage errors -------------------------------------------------------------------------
@pytest.mark.parametrize(("command", "args", "message"), [
    # no prefix abbreviations: --form is not --format
    ("check", ("--form", "json"), "没有选项 '--form'。 是不是要用 '--format'？"),
    ("check", ("--bogus",), "没有选项 '--bogus'。 是不是要用 '--jobs'？"),
    ("check", ("--stdin",), "没有选项 '--stdin'。 （是不是要用其中之一：'--diff', '--stdin-filename'？）"),
    ("rules", ("--bogus",), "没有选项 '--bogus'。"),
    ("check", ("-qx",), "没有选项 '-x'。"),
    ("check", ("-x",), "没有选项 '-x'。"),
    ("check", ("--format", "nope"),
     "'-f' / '--format' 的值无效：'nope' 不是以下之一：'full', 'concise', 'json', 'sarif', 'github', 'html', 'xlsx'。"),
    ("check", ("--genre", "x"), "'--genre' 的值无效：'x' 不是以下之一：'auto', 'report', 'other'。"),
    ("check", ("--year", "1800"), "'--year' 的值无效：1800 不在范围 1990<=x<=2100 内。"),
    ("check", ("--year", "abc"), "'--year' 的值无效：'abc' 不是有效的整数。"),
    ("check", ("--jobs", "0"), "'-j' / '--jobs' 的值无效：0 不在范围 x>=1 内。"),
    ("serve", ("--port", "70000"), "'--port' 的值无效：70000 不在范围 0<=x<=65535 内。"),
    ("serve", ("--queue", "-1"), "'--queue' 的值无效：-1 不在范围 x>=0 内。"),
    ("serve", ("--max-upload-mb", "0"), "'--max-upload-mb' 的值无效：0.0 不在范围 x>=0.01 内。"),
    ("serve", ("--max-upload-mb", "x"), "'--max-upload-mb' 的值无效：'x' 不是有效的数。"),
    ("check", ("--format",), "选项 '--format' 需要一个值。"),
    ("check", ("a.txt", "-f"), "选项 '-f' 需要一个值。"),
    ("check", ("--select", "--exit-zero"), "选项 '--select' 需要一个值。"),
    ("check", ("--exit-zero=1",), "选项 '--exit-zero' 不带值。"),
    ("explain", (), "缺少参数 'CODE'。"),
    ("annotate", (), "缺少参数 'PATHS...'。"),
    ("explain", ("FZ501", "extra"), "多余的参数（extra）"),
    ("lsp", ("a", "b"), "多余的参数（a b）"),
])
def test_usage_errors_say_what_is_wrong_in_chinese(command, args, message):
    assert usage_error(command, *args) == message


def test_an_unknown_option_wins_over_help_and_help_over_the_values():
    assert usage_error("check", "--help", "--bogus").startswith("没有选项 '--bogus'")
    # help before a bad value or a missing argument, as click's eager --help
    for args in (("check", "--format", "nope", "--help"), ("check", "-h"), ("explain", "--help")):
        r = run_fzlint(*args)
        assert r.returncode == 0 and r.stdout == COMMANDS[args[0]].help_text() + "\n" and r.stderr == ""


def test_a_usage_error_is_the_usage_the_help_hint_and_the_error():
    r = run_fzlint("check", "--form", "json")
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == ("用法： fzlint check [选项] [PATHS]...\n运行“fzlint check --help”查看帮助。\n\n"
                        "错误：没有选项 '--form'。 是不是要用 '--format'？\n")
    r = run_fzlint("chek", "seeds")
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == ("用法： fzlint [选项] 命令 [参数]...\n运行“fzlint --help”查看帮助。\n\n"
                        "错误：没有命令 'chek'。 是不是要用 'check'？\n")
    r = run_fzlint("--bogus")
    assert r.returncode == 2 and r.stderr.endswith("错误：没有选项 '--bogus'。\n")
    r = run_fzlint("check", "-", "seeds", input=b"x")  # said by the command itself, the same way
    assert r.returncode == 2 and r.stderr.startswith("用法： fzlint check [选项] [PATHS]...\n")
    assert r.stderr.endswith("错误：从标准输入读取（-）时不能再给出其他路径\n")


# ---- help and version ---------------------------------------------------------------------
def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_help_lists_every_option_with_its_help(name):
    command = COMMANDS[name]
    text = command.help_text()
    assert text.startswith(command.usage() + "\n\n  ") and _squeezed(command.help) in _squeezed(text)
    for option in command.options:
        assert re.search(rf"^  {re.escape(', '.join(option.names))}\b", text, flags=re.M), option.names
        assert _squeezed(option.help) in _squeezed(text), option.names
    assert re.search(r"^  -h, --help +显示本帮助并退出。$", text, flags=re.M)
    assert "\n选项:\n" in text and "Usage" not in text and "usage" not in text


def test_defaults_and_ranges_are_shown_as_before():
    text = COMMANDS["serve"].help_text()
    assert "[默认：8765; 0<=x<=65535]" in text and "[默认：20; x>=0.01]" in text and "[默认：64; x>=0]" in text
    check = COMMANDS["check"].help_text()
    assert "-f, --format [full|concise|json|sarif|github|html|xlsx]" in check
    assert "--year INTEGER RANGE" in check and "[1990<=x<=2100]" in check and "-o, --output PATH" in check


def test_the_group_help_lists_every_command():
    text = group_help(COMMANDS, ABOUT)
    assert text.startswith(f"用法： fzlint [选项] 命令 [参数]...\n\n  {ABOUT}\n\n选项:\n")
    assert re.search(r"^  --version +显示版本号并退出。$", text, flags=re.M)
    assert "\n命令:\n" in text
    for name, command in COMMANDS.items():
        assert re.search(rf"^  {name} +{re.escape(command.help)}$", text, flags=re.M), name
    for args in (("--help",), ("-h",), ("-h", "check")):
        r = run_fzlint(*args)
        assert (r.returncode, r.stdout, r.stderr) == (0, text + "\n", ""), args


def test_without_a_command_the_help_goes_to_stderr_with_exit_2():
    r = run_fzlint()
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr.startswith("用法： fzlint [选项] 命令 [参数]...\n") and "\n命令:\n" in r.stderr


def test_version():
    for args in (("--version",), ("--version", "check")):
        r = run_fzlint(*args)
        assert (r.returncode, r.stdout, r.stderr) == (0, f"fzlint, version {__version__}\n", "")
    assert run_fzlint("check", "--version").returncode == 2  # the group's option, not a command's


# ---- start-up: the collector ----------------------------------------------------------------
GC_SPY = """\
import gc, sys
gc.disable()  # as the fzlint entry point does
from fzlint import cli
name = sys.argv[1]
def spy(**_kwargs):
    print(gc.isenabled())
    raise SystemExit(0)
cli.COMMANDS[name].func = spy
try:
    cli.main(sys.argv[1:])
except SystemExit:
    pass
"""


@pytest.mark.parametrize(("args", "enabled"), [(("rules",), "True"), (("explain", "FZ501"), "True"),
                                              (("check", "x.txt"), "False")])
def test_the_collector_is_back_on_before_a_command_runs_except_check(args, enabled):
    """check switches it on itself once its modules are loaded (cli.gc_ready)."""
    r = subprocess.run([sys.executable, "-c", GC_SPY, *args], cwd=ROOT, capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == enabled, r.stderr


def test_check_switches_the_collector_on():
    script = ("import gc, sys\ngc.disable()\nfrom fzlint import cli\ntry:\n"
              "    cli.main(['check', sys.argv[1], '--exit-zero', '--format', 'json'])\n"
              "except SystemExit:\n    pass\nprint(gc.isenabled(), file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-c", script, str(seed("004"))], cwd=ROOT, capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert r.stderr.strip() == "True"


@pytest.mark.parametrize(("args", "closed", "code"), [(("--version",), 1, 0), (("--help",), 1, 0),
                                                      (("chek",), 2, 2), ((), 2, 2), (("check", "--bogus"), 2, 2)])
def test_help_version_and_usage_errors_with_their_stream_closed(args, closed, code):
    """Nothing to write to is not a crash (a traceback would end with exit 1)."""
    r = subprocess.run([sys.executable, "-m", "fzlint", *args], cwd=ROOT, capture_output=True, timeout=120,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=lambda: os.close(closed))
    assert r.returncode == code
    assert (r.stdout if closed == 2 else r.stderr) == b""
