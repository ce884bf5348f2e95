"""The CPU work of ``fzlint serve``, run in the worker processes (never on the event loop).

Every function here is a module-level function of picklable arguments that returns
picklable plain data, so the server can hand it to a ``ProcessPoolExecutor``.  Linting goes
through exactly what ``fzlint check FILE --format json`` runs for one file
(``inputs.readers.load_bytes`` → ``engine.lint_loaded``, the one lint function → ``engine.file_report``
→ ``output.json.finding``), so the API's findings are the CLI's.  A file that cannot be read comes back as :class:`Failed` (one
line naming the file): exceptions of fzlint do not survive pickling.

The upload's name is only a name: it decides the format (by its suffix) and appears in
messages; it is never opened, resolved or written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import FzlintError
from ..packs.config import Overrides, resolve

#: What the page calls a file whose name is missing or empty.
UNNAMED = "未命名.txt"
MAX_NAME = 120  # characters of an upload's name kept for display


@dataclass(frozen=True)
class Env:
    """How the server resolves settings for every upload: the configuration file found from
    the directory it was started in (``config``), or none (``isolated``)."""

    config: str | None = None
    isolated: bool = True


@dataclass(frozen=True)
class Options:
    """A request's own choices (the form fields ``year``, ``select``, ``track_changes``)."""

    select: tuple[str, ...] | None = None
    year: int | None = None
    track_changes: bool = False


@dataclass(frozen=True)
class Failed:
    """The upload could not be handled: ``status`` (an HTTP code) and one Chinese line."""

    status: int
    message: str


def safe_name(raw: str | None) -> str:
    """The name shown for an upload: the last component of what the client sent (either
    slash), control characters removed, at most ``MAX_NAME`` characters; never a path."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip().lstrip(".")
    if len(name) > MAX_NAME:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: MAX_NAME - len(suffix) - 1] + "." + suffix) if dot and len(suffix) < 10 else name[:MAX_NAME]
    return name or UNNAMED


def overrides(env: Env, opts: Options) -> Overrides:
    return Overrides(select=opts.select, year=opts.year, config=env.config, isolated=env.isolated)


def settings_for(env: Env, opts: Options) -> Any:
    return resolve(None, overrides(env, opts))


def warm_up(env: Env) -> None:
    """Worker initializer: load the rule packs and compile the rules once, before the first
    request, and ignore Ctrl-C (the server stops the workers)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        from ..engine import warm_up as engine_warm_up

        settings = settings_for(env, Options())
        engine_warm_up(settings.ruleset(), settings)
        from ..inputs import word  # noqa: F401  (the Word reader, imported once)
    except Exception:  # a broken configuration is reported by the first request
        pass


def ready() -> bool:
    """A no-op job: submitting one per worker at start-up makes the pool start them all."""
    return True


def _lint(data: bytes, name: str, env: Env, opts: Options, mode: Any = None) -> Any:
    """The upload read as ``fzlint check`` reads a file of that name, then linted by the one
    lint function under the server's settings (``runner.lint_loaded`` without a config path)."""
    from ..engine import Mode, lint_loaded
    from ..inputs.readers import load_bytes

    settings = settings_for(env, opts)
    loaded = load_bytes(data, name, settings.ruleset().parser_vocabulary)
    return loaded, lint_loaded(loaded, settings, mode or Mode(corpus=False))


def _guard(fn: Any, name: str) -> Any:
    """Run ``fn``; fzlint's errors become :class:`Failed` (422 for the file, 400 for the
    request's options), anything else one line without the document's content."""
    from ..errors import InputError

    try:
        return fn()
    except InputError as e:
        return Failed(422, str(e))
    except FzlintError as e:  # an unknown rule code in `select`, a broken configuration
        return Failed(400, str(e))
    except RecursionError:
        return Failed(422, f"{name}: 文件结构过深，无法解析")
    except MemoryError:
        return Failed(422, f"{name}: 文件太大，内存不足，无法检查")
    except Exception as e:  # a bug must cost this request, and say so in one line
        return Failed(500, f"{name}: 内部错误（{type(e).__name__}），无法检查此文件")


def check(data: bytes, raw_name: str | None, env: Env, opts: Options) -> dict[str, Any] | Failed:
    """``POST /api/check``: the CLI's finding objects, plus what the page shows.

    Keys: ``file`` (the name shown), ``format`` (text | markdown | docx), ``location_unit``,
    ``findings`` (the objects of ``--format json``), ``spans`` (for each finding, its
    ``[start, end)`` in ``text``, in Unicode code points), ``text`` (the report as linted: for
    a .docx one line per paragraph or table row, for a .md the text without its markup),
    ``outline`` (``fzlint outline --format json``), ``issuer``, ``year``, ``fixable`` (safe
    fixes a text download would apply), ``internal_errors``.
    """
    name = safe_name(raw_name)

    def run() -> dict[str, Any]:
        from ..engine import file_report
        from ..outline import build
        from ..output.json import finding

        loaded, result = _lint(data, name, env, opts)
        doc = result.doc
        settings = result.settings
        shown = file_report(result, parts=False)  # what `--format json` reads
        return {
            "file": name,
            "format": loaded.kind,
            "location_unit": doc.unit,
            "findings": [finding(d, shown.shown_for(n)) for n, d in enumerate(shown.diagnostics)],
            "spans": [[d.start, d.end] for d in result.diagnostics],
            "text": doc.text,
            "outline": build(doc, settings.ruleset().parts),
            "issuer": doc.issuer,
            "year": doc.year,
            "fixable": sum(1 for d in result.diagnostics if d.fix is not None and d.fix.safe)
            if loaded.source is not None else 0,
            "internal_errors": [line.split(": ", 1)[-1] for line in result.internal_errors],
        }

    return _guard(run, name)  # type: ignore[no-any-return]


def fix(data: bytes, raw_name: str | None, env: Env, opts: Options) -> tuple[str, bytes, int] | Failed:
    """``POST /api/fix``: the file with its safe fixes applied (``fzlint check --fix`` without
    writing), in its own encoding, BOM and line endings: (name, bytes, fixes applied)."""
    name = safe_name(raw_name)

    def run() -> tuple[str, bytes, int] | Failed:
        from ..engine import Mode

        loaded, result = _lint(data, name, env, opts, Mode(fix=True, corpus=False))
        if loaded.source is None:
            return Failed(422, f"{name}: Word 文档不能直接修复，请下载带批注的副本，在 Word 或 WPS 中按批注修改")
        if result.error:
            return Failed(422, result.error)
        text = result.fixed_text if result.fixed_text is not None else loaded.source.text
        return name, loaded.source.encode(text), result.fixed

    return _guard(run, name)  # type: ignore[no-any-return]


def annotate(data: bytes, raw_name: str | None, env: Env, opts: Options) -> tuple[str, bytes] | Failed:
    """``POST /api/annotate``: the annotated .docx of ``fzlint annotate``: (the name
    ``fzlint annotate`` gives the copy, its bytes)."""
    name = safe_name(raw_name)

    def run() -> tuple[str, bytes] | Failed:
        try:
            from .. import annotate as module  # type: ignore[attr-defined,unused-ignore]
        except ImportError:
            return Failed(501, "此版本的 fzlint 没有生成批注副本的功能")
        out = module.annotate_bytes(data, name, settings=settings_for(env, opts), year=opts.year,
                                    select=list(opts.select) if opts.select else None,
                                    track_changes=opts.track_changes)
        output_name = getattr(module, "output_name", None)
        stem = name.rpartition(".")[0] or name
        return (output_name(name) if output_name is not None else f"{stem}（审核意见）.docx"), out

    return _guard(run, name)  # type: ignore[no-any-return]


def report(files: list[tuple[str | None, bytes]], env: Env, opts: Options) -> str | Failed:
    """``POST /api/report``: ``fzlint check FILES --format html`` for several uploads — each
    linted as the CLI does, copy detection run across them, then the review page."""
    import io

    from ..engine import FileResult, Mode, apply_corpus, file_report
    from ..output import RenderOptions, write

    names = _distinct([safe_name(n) for n, _ in files])

    def one(name: str, data: bytes) -> FileResult:
        got = _guard(lambda: _lint(data, name, env, opts, Mode(corpus=len(files) > 1))[1], name)
        return FileResult(name, error=got.message) if isinstance(got, Failed) else got

    def run() -> str:
        results = [one(n, d) for n, (_, d) in zip(names, files, strict=True)]
        errors = apply_corpus(results)
        ok_results = [r for r in results if r.error is None]
        if errors and ok_results:  # a crashed copy check is reported as `fzlint check` does
            ok_results[0].internal_errors.extend(errors)
        out = io.StringIO()
        ok = [file_report(r, parts=True) for r in ok_results]
        failed = tuple((r.path, r.error) for r in results if r.error is not None)
        write("html", ok, out, RenderOptions(failed=failed))
        return out.getvalue()

    return _guard(run, "审核页面")  # type: ignore[no-any-return]


def _distinct(names: list[str]) -> list[str]:
    """Two uploads of the same name are told apart (copy detection names the other report)."""
    seen: dict[str, int] = {}
    out = []
    for n in names:
        k = seen.get(n, 0)
        seen[n] = k + 1
        if k:
            stem, dot, suffix = n.rpartition(".")
            n = f"{stem}（{k + 1}）.{suffix}" if dot else f"{n}（{k + 1}）"
        out.append(n)
    return out


__all__ = ["Env", "Failed", "Options", "annotate", "check", "fix", "report", "safe_name"]
