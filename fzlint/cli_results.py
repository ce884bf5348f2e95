"""What ``fzlint check`` does with its results (:mod:`fzlint.cli`): the progress bar on a
terminal, the formatter writing to stdout, stderr or the ``-o`` file (an xlsx workbook
only to a file), the unified diff of ``--diff``, and the exit code.
"""

from __future__ import annotations

import os
import sys
from typing import Any, TextIO


def use_color(out: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return out is sys.stdout and sys.stdout.isatty()


class ProgressBar:
    """A rich progress bar on stderr, only for more than a handful of files and only
    when stderr is a terminal (never in pipes, CI logs or files)."""

    MIN_FILES = 10

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.bar: Any = None
        self.task: Any = None

    def start(self, total: int) -> None:
        if total < self.MIN_FILES or not self.stream.isatty() or os.environ.get("TERM") == "dumb":
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(file=self.stream, stderr=True)
        self.bar = Progress(TextColumn("检查报告"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=console, transient=True)
        self.task = self.bar.add_task("check", total=total)
        self.bar.start()

    def advance(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.advance(self.task, n)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def emit(results: list, fmt: str, output: str | None, statistics: bool, quiet: bool, fix: bool, err: bool) -> None:
    from .errors import WriteError
    from .inputs.source import display_path
    from .output import RenderOptions, write

    ok = _reports(results, fmt)
    failed = tuple((r.path, r.error) for r in results if r.error is not None)
    if output:
        options = RenderOptions(statistics=statistics, show_summary=not quiet, fix_mode=fix, failed=failed)
        try:
            if fmt == "xlsx":
                from .output.xlsx import write_workbook

                write_workbook(ok, output, options)
            else:
                with open(output, "w", encoding="utf-8", newline="\n") as fh:
                    write(fmt, ok, fh, options)
        except OSError as e:
            raise WriteError(display_path(output), f"无法写入输出文件（{e.strerror or e}）") from None
        if not quiet:  # the one line that says where the output went (stderr: stdout stays clean)
            print(f"结果已写入 {display_path(output)}（{len(ok)} 份报告，格式 {fmt}）。", file=sys.stderr, flush=True)
        return
    stream = sys.stderr if err else sys.stdout
    write(fmt, ok, stream, RenderOptions(color=use_color(stream), statistics=statistics, show_summary=not quiet,
                                         fix_mode=fix, failed=failed))


def _reports(results: list, fmt: str) -> list:
    """The FileReports of the results read, built with the collector off and then frozen:
    they live until the output is written, and the collector's full passes, while they are
    built and while the formatter runs, would walk them again and again (with 4,000
    reports 0.5 s, ten times that of 1,000).  They hold no reference cycles."""
    import gc

    from .engine import file_report
    from .infra.collector import paused

    with paused():
        ok = [file_report(r, parts=fmt in ("html", "xlsx")) for r in results if r.error is None]
    if gc.isenabled():
        gc.freeze()
    return ok


def emit_diff(results: list) -> None:
    from .fixes import unified_diff

    total = 0
    for r in results:
        if r.error is None and r.fixed_text is not None and r.source is not None:
            sys.stdout.write(unified_diff(r.source.text, r.fixed_text, r.path))
            total += r.fixed
    print(f"可修复 {total} 处（未写入文件）。", file=sys.stderr, flush=True)


def exit_code(results: list, fail_on: str | None, exit_zero: bool, diff: bool) -> int:
    if any(r.error for r in results) or any(r.internal_errors for r in results):
        return 2
    if exit_zero:
        return 0
    if diff:
        return 1 if any(r.fixed_text is not None for r in results) else 0
    from .diagnostic import Severity

    for r in results:
        threshold = Severity.parse(fail_on or r.fail_on)
        if any(d.severity >= threshold for d in r.diagnostics):
            return 1
    return 0
