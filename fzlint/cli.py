"""Command line: flags → settings, results → a formatter, findings → exit code.

Exit codes: 0 no finding at or above ``--fail-on`` (default ``warning``: errors and
warnings fail a check, ``info`` findings do not); 1 such findings (or, with
``--diff``, changes that would be made); 2 usage, configuration, rule-pack, input or
output errors (each reported as one line on stderr; the other files are still linted;
usage errors say the command's usage, :mod:`fzlint.cli_args`); 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn

from .cli_args import Arg, Command, Opt, UsageError, select_command
from .cli_results import ProgressBar, emit, emit_diff, exit_code
from .errors import FzlintError
from .version import __version__

ABOUT = "fzlint：法治政府建设年度报告检查工具。"
SEVERITIES = ("error", "warning", "info")
RULE_PACK_HELP = "额外加载的规则包（YAML 文件，可多次给出）。"
#: fzlint's commands by name (filled by @_command below).
COMMANDS: dict[str, Command] = {}


def _fail(message: str) -> None:
    if sys.stderr is not None:
        sys.stderr.write(f"fzlint: {message}\n")
        sys.stderr.flush()


#: What writing the output can fail with (a closed pipe, a full disk, a bad descriptor);
#: EDQUOT does not exist on Windows.
_OUTPUT_ERRNOS = {getattr(errno, name) for name in ("EPIPE", "ENOSPC", "EDQUOT", "EIO", "EBADF", "EFBIG")
                  if hasattr(errno, name)}


def start() -> None:
    """The ``fzlint`` command (and ``python -m fzlint``): :func:`main`, except that what a
    user causes outside fzlint's own checks is reported like every other error, in one line
    on stderr instead of a traceback: Ctrl-C (exit 130) and output that cannot be written — a
    closed pipe (``fzlint check … | head``), a full disk (exit 2).  The output is flushed
    here, so a failed write cannot surface later, at interpreter exit."""
    try:
        try:
            code = _run(sys.argv[1:])
        finally:
            with _output_errors():
                if sys.stdout is not None:
                    sys.stdout.flush()
    except KeyboardInterrupt:
        _fail("已中断")
        sys.exit(130)
    sys.exit(code)


def main(args: Sequence[str] | None = None) -> NoReturn:
    """Run the command line ``args`` (default: the process's) and exit with its code."""
    sys.exit(_run(sys.argv[1:] if args is None else list(args)))


def _run(args: list[str]) -> int:
    """The exit code of the command line ``args``: a usage error is shown here (exit 2);
    failed writes to stdout, while parsing (``--help``, ``--version``) or while the command
    runs, end the process (exit 2); commands mostly end it themselves."""
    try:
        with _output_errors():
            command, rest = select_command(args, COMMANDS, ABOUT, __version__)
            _prepare(command.name)
            rv = command.func(**command.parse(rest))
    except UsageError as e:
        e.show()
        return e.exit_code
    return rv if isinstance(rv, int) else 0


def _prepare(name: str) -> None:
    """Before the command's own arguments are read: streams that can carry Chinese, and the
    collector back on (check does that once its modules are loaded)."""
    if sys.stderr is None:  # started with stderr closed (`fzlint … 2>&-`): messages go nowhere
        sys.stderr = open(os.devnull, "w")
    if sys.stdout is None:  # started with its standard output closed (`fzlint … >&-`)
        _fail("标准输出: 已关闭，无法输出结果")
        sys.exit(2)
    _setup_streams()
    if name != "check":
        gc_ready()


def _command(*params: Opt | Arg, name: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a command: its parameters, its help (the function's docstring)."""
    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        command = Command(name or func.__name__, func, params)
        COMMANDS[command.name] = command
        return func

    return register


@contextlib.contextmanager
def _output_errors() -> Iterator[None]:
    """A failed write to stdout becomes one line and exit 2 (any other OSError is a bug)."""
    try:
        yield
    except OSError as e:
        if e.errno not in _OUTPUT_ERRNOS or e.filename is not None:
            raise
        _output_failed(e)


def _output_failed(e: OSError) -> NoReturn:
    # Whatever is still buffered goes nowhere: the interpreter must not fail again on it at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, AttributeError, ValueError):
        pass
    problem = "管道已关闭（读取输出的程序已退出），其余结果没有输出" if e.errno == errno.EPIPE else \
        f"写入失败（{e.strerror or e}），结果不完整"
    try:
        _fail(f"标准输出: {problem}")
    except OSError:  # stderr is gone as well
        pass
    sys.exit(2)


def _stdin_bytes(stdin_filename: str | None) -> bytes:
    """All of standard input, or an InputError naming it (closed, unreadable)."""
    from .errors import InputError
    from .inputs.source import display_path

    shown = display_path(stdin_filename) if stdin_filename else "-"
    if sys.stdin is None:
        raise InputError(shown, "标准输入已关闭，没有可检查的内容")
    try:
        return sys.stdin.buffer.read()
    except OSError as e:
        raise InputError(shown, f"读取标准输入失败（{e.strerror or e}）") from None


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        out += [c.strip().upper() for c in v.replace("，", ",").split(",") if c.strip()]
    return tuple(out)


def _setup_streams() -> None:
    """Chinese text must reach the user whatever encoding the streams were opened with: a
    stream that is neither UTF-8 nor a Chinese encoding is switched to UTF-8, and a character
    a GBK console cannot show (the ✓ of ``fzlint outline``, a rare character in a report)
    is written as "?" instead of failing the run."""
    import codecs

    for stream in (sys.stdout, sys.stderr):
        if stream is None or not hasattr(stream, "reconfigure"):
            continue
        try:
            enc = codecs.lookup(stream.encoding or "").name
        except LookupError:
            enc = ""
        if enc == "gbk":  # also cp936, the code page of a Chinese Windows
            stream.reconfigure(errors="replace")
        elif enc not in ("utf-8", "gb18030"):  # these two encode every character
            stream.reconfigure(encoding="utf-8", errors="replace")


def gc_ready() -> None:
    """Switch the garbage collector back on if the ``fzlint`` entry point switched it off
    for start-up, leaving what start-up built out of its way (a no-op otherwise)."""
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()


@_command(
    Arg("paths", "*"),
    Opt("-f", "--format", dest="fmt", choices=("full", "concise", "json", "sarif", "github", "html", "xlsx"),
        default="full", show_default=True,
        help="输出格式（html：一个可离线打开的审核页面；xlsx：Excel 台账，须用 -o 指定文件）。"),
    Opt("-o", "--output", kind="path", help="写入文件而不是标准输出。"),
    Opt("--select", multiple=True, help="只启用这些规则（代码或前缀，逗号分隔），替换配置中的 select。"),
    Opt("--extend-select", multiple=True, help="在已启用规则之外再启用这些规则。"),
    Opt("--ignore", multiple=True, help="停用这些规则（代码或前缀）。"),
    Opt("--year", kind="int", min=1990, max=2100, help="报告年度（覆盖从标题识别的年份）。"),
    Opt("--genre", choices=("auto", "report", "other"),
        help="文种：report 按法治政府建设年度报告检查全部规则；other 跳过只对年度报告有意义的检查；auto（默认）按标题和开头判断（FZ116）。"),
    Opt("--fail-on", choices=SEVERITIES, help="达到此级别的问题使退出码为 1（默认 warning）。"),
    Opt("--exit-zero", kind="flag", help="有问题时也以 0 退出（输入或配置错误仍为 2）。"),
    Opt("--fix", kind="flag", help="自动修复安全的问题并写回文件。"),
    Opt("--unsafe-fixes", kind="flag", help="与 --fix/--diff 一起使用时，也应用可能改变含义的修复。"),
    Opt("--diff", kind="flag", help="只打印修复会产生的统一差异，不写文件。"),
    Opt("--statistics", kind="flag", help="按规则代码统计问题数量。"),
    Opt("--stdin-filename", help="从标准输入（路径 -）读取时使用的文件名，用于匹配配置和显示。"),
    Opt("--config", kind="path", help="使用此配置文件，不再查找。"),
    Opt("--isolated", kind="flag", help="忽略所有配置文件。"),
    Opt("--rule-pack", kind="path", multiple=True, help=RULE_PACK_HELP),
    Opt("--force-exclude", kind="flag",
        help="命令行明确给出的文件也按配置的 exclude 排除（供 pre-commit 等传入文件名的工具使用）。"),
    Opt("-q", "--quiet", kind="flag", help="不打印汇总行。"),
    Opt("-j", "--jobs", kind="int", min=1, help="并行检查的进程数（默认：全部 CPU 核心）；输出顺序与进程数无关。"),
    Opt("--previous", kind="path", multiple=True,
        help="往年的报告（文件或文件夹），用于发现沿用往年报告的段落（FZ602、FZ603）。可多次给出。"),
)
def check(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    year: int | None,
    genre: str | None,
    fail_on: str | None,
    exit_zero: bool,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    statistics: bool,
    stdin_filename: str | None,
    config: str | None,
    isolated: bool,
    rule_pack: tuple[str, ...],
    force_exclude: bool,
    quiet: bool,
    jobs: int | None,
    previous: tuple[str, ...],
) -> None:
    """检查报告文件或目录（默认当前目录）。"""
    from .packs.config import Overrides
    from .runner import Mode, default_jobs, run, run_stdin

    overrides = Overrides(
        select=_codes(select) or None,
        extend_select=_codes(extend_select),
        ignore=_codes(ignore),
        year=year,
        genre=genre,
        rule_packs=tuple(rule_pack),
        fail_on=fail_on,
        config=config,
        isolated=isolated,
        force_exclude=force_exclude,
    )
    mode = Mode(fix=fix, unsafe_fixes=unsafe_fixes, diff=diff)
    if fmt == "xlsx" and not diff and (not output or output == "-"):  # a workbook is binary: never the terminal
        _fail("xlsx 格式输出的是 Excel 文件，不能写到标准输出：请用 -o 指定文件，如 -o 台账.xlsx")
        sys.exit(2)
    if fmt == "xlsx" and statistics:
        _fail("--statistics 不能与 xlsx 格式同用（台账本身已按规则类别统计）")
        sys.exit(2)
    paths_list = list(paths) or ["."]
    gc_ready()
    try:
        if "-" in paths_list:
            if len(paths_list) > 1:
                raise UsageError("从标准输入读取（-）时不能再给出其他路径", COMMANDS["check"])
            results = run_stdin(_stdin_bytes(stdin_filename), stdin_filename, overrides, mode, previous)
        else:
            results = run(paths_list, overrides, mode, jobs=jobs or default_jobs(), previous=previous,
                          progress=ProgressBar(sys.stderr), keep=True)
    except FzlintError as e:
        _fail(str(e))
        sys.exit(2)

    for r in results:
        if r.error:
            _fail(r.error)
        for line in r.internal_errors:
            _fail(line)

    stdin_fix = "-" in paths_list and fix and not diff
    try:
        if diff:
            emit_diff(results)
        elif stdin_fix:
            r = results[0]
            if r.error is None and r.source is not None:
                sys.stdout.write(r.fixed_text if r.fixed_text is not None else r.source.text)
            emit(results, fmt, output, statistics, quiet, fix, err=True)
        else:
            emit(results, fmt, output, statistics, quiet, fix, err=False)
    except FzlintError as e:  # the -o file could not be written
        _fail(str(e))
        sys.exit(2)
    sys.exit(exit_code(results, fail_on, exit_zero, diff))


@_command(
    Arg("paths", "+"),
    Opt("-o", "--output", kind="path",
        help="输出文件；检查多份报告或文件夹时为输出文件夹。默认写在原文件旁，文件名加“（fzlint审阅）”。"),
    Opt("--track-changes", kind="flag", help="把可自动修改的问题写成修订（修订人 fzlint），可在 Word/WPS 中逐条接受或拒绝。"),
    Opt("--select", multiple=True, help="只启用这些规则（代码或前缀，逗号分隔）。"),
    Opt("--ignore", multiple=True, help="停用这些规则（代码或前缀）。"),
    Opt("--year", kind="int", min=1990, max=2100, help="报告年度（覆盖从标题识别的年份）。"),
    Opt("--config", kind="path", help="使用此配置文件，不再查找。"),
    Opt("--isolated", kind="flag", help="忽略所有配置文件。"),
    Opt("--rule-pack", kind="path", multiple=True, help=RULE_PACK_HELP),
    name="annotate",
)
def annotate_cmd(paths: tuple[str, ...], output: str | None, track_changes: bool, select: tuple[str, ...],
                 ignore: tuple[str, ...], year: int | None, config: str | None, isolated: bool,
                 rule_pack: tuple[str, ...]) -> None:
    """生成带批注的 Word 副本：每个问题一条批注（批注人 fzlint），原文件不改动。"""
    from .annotate.files import annotate_paths
    from .packs.config import Overrides

    overrides = Overrides(select=_codes(select) or None, ignore=_codes(ignore), year=year,
                          rule_packs=tuple(rule_pack), config=config, isolated=isolated)
    try:
        outcomes = annotate_paths(paths, output, overrides, track_changes)
    except FzlintError as e:  # the configuration or a rule pack
        _fail(str(e))
        sys.exit(2)
    for o in outcomes:
        if o.error:
            _fail(o.error)
            continue
        changes = f"，{o.changes} 处修订" if track_changes else ""
        print(f"{o.shown} → {o.output}：{o.comments} 条批注{changes}", flush=True)  # in order with _fail's lines
        for line in o.internal_errors:  # as check: a rule that crashed is said, and fails the run
            _fail(line)
    sys.exit(2 if any(o.error or o.internal_errors for o in outcomes) else 0)


@_command(
    Opt("-f", "--format", dest="fmt", choices=("table", "json"), default="table", show_default=True, help="输出格式。"),
    Opt("--rule-pack", kind="path", multiple=True, help=RULE_PACK_HELP),
    name="rules",
)
def rules_cmd(fmt: str, rule_pack: tuple[str, ...]) -> None:
    """列出所有规则：代码、级别、规则包、一句话说明。"""
    ruleset = _ruleset(rule_pack)
    if fmt == "json":
        import json

        items = [
            {"code": r.code, "name": r.name, "severity": r.severity.label, "pack": r.pack, "check": r.check,
             "summary": r.summary, "enabled": r.enabled}
            for r in ruleset.rules
        ]
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return
    for r in ruleset.rules:
        off = "" if r.enabled else "（默认关闭）"
        print(f"{r.code}  {r.severity.zh}  {r.pack:<11} {r.summary}{off}")


@_command(
    Arg("code"),
    Opt("--rule-pack", kind="path", multiple=True, help=RULE_PACK_HELP),
)
def explain(code: str, rule_pack: tuple[str, ...]) -> None:
    """解释一条规则：检查什么、为什么、示例、如何修复。"""
    from .explain import explain_text
    from .packs.schema import did_you_mean

    ruleset = _ruleset(rule_pack)
    rule = ruleset.by_code.get(code.upper())
    if rule is None:
        _fail(f"没有规则 {code}{did_you_mean(code.upper(), list(ruleset.by_code))}")
        sys.exit(2)
    print(explain_text(rule))


@_command()
def lsp() -> None:
    """启动语言服务器（LSP，经标准输入输出与编辑器通信），在编辑器里边写边查。"""
    from .lsp import serve

    serve()


@_command(
    Opt("--host", default="127.0.0.1", show_default=True,
        help="监听地址；默认只有本机可以访问，0.0.0.0 表示局域网内其他计算机也可访问。"),
    Opt("--port", kind="int", min=0, max=65535, default=8765, show_default=True, help="监听端口（0：自动选择）。"),
    Opt("--workers", kind="int", min=1, help="同时检查文件的工作进程数（默认：全部 CPU 核心）。"),
    Opt("--max-upload-mb", kind="float", min=0.01, default=20, show_default=True,
        help="单次上传的大小上限（MB），超过返回 413。"),
    Opt("--queue", kind="int", min=0, default=64, show_default=True,
        help="所有工作进程都忙时最多排队等待的请求数，再多的请求返回 503。"),
)
def serve(host: str, port: int, workers: int | None, max_upload_mb: float, queue: int) -> None:
    """启动本地网页和 JSON 接口：在浏览器中上传报告查看问题、下载带批注的副本。"""
    from .runner import default_jobs
    from .serve.main import serve as run_server

    try:
        run_server(host, port, workers or default_jobs(), max_upload_mb, queue)
    except FzlintError as e:
        _fail(str(e))
        sys.exit(2)


@_command(
    Arg("file"),
    Opt("-f", "--format", dest="fmt", choices=("text", "json"), default="text", show_default=True, help="输出格式。"),
    Opt("--year", kind="int", min=1990, max=2100, help="报告年度（覆盖从标题识别的年份）。"),
    Opt("--stdin-filename", help="从标准输入（路径 -）读取时使用的文件名。"),
    Opt("--rule-pack", kind="path", multiple=True, help=RULE_PACK_HELP),
)
def outline(file: str, fmt: str, year: int | None, stdin_filename: str | None, rule_pack: tuple[str, ...]) -> None:
    """显示标题结构、各一级标题对应的必备部分及得分、缺少的部分。"""
    from .outline import outline_file

    try:
        data = _stdin_bytes(stdin_filename) if file == "-" else None
        sys.stdout.write(outline_file(file, fmt, tuple(rule_pack), year, data, stdin_filename))
    except FzlintError as e:
        _fail(str(e))
        sys.exit(2)


def _ruleset(rule_pack: tuple[str, ...]):  # type: ignore[no-untyped-def]
    from .packs.config import Overrides, resolve

    try:
        return resolve(None, Overrides(rule_packs=tuple(rule_pack))).ruleset()
    except FzlintError as e:
        _fail(str(e))
        sys.exit(2)
