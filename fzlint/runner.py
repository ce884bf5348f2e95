"""The ``check`` job: collect inputs, lint each, apply fixes.  No printing here.

Files are linted one by one, or with ``jobs > 1`` in worker processes, chunk by
chunk; results always come back in input order (argument order, a directory's files
sorted) whatever the scheduling.  A file that cannot be read, or whose linting
crashes, becomes a :class:`FileResult` with an ``error`` and never stops the batch.
After every file is linted the corpus checks (copy detection) run once over the
fingerprints the files sent back, together with the ``--previous`` reports.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from .engine import (
    FileResult,
    Mode,
    apply_corpus,
    enabled_rules,
    fingerprint_document,
    prepare_document,
    slim,
    warm_up,
)
from .engine import lint_loaded as lint_source
from .errors import FzlintError, InputError, WriteError
from .infra.collector import paused
from .inputs.readers import REPORT_SUFFIXES, Loaded, load_bytes, load_path
from .inputs.source import display_path, write_atomic
from .packs.config import Overrides, is_excluded, resolve

SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}


@dataclass(frozen=True)
class Target:
    """One input file to lint, the path shown for it, and whether it was named on the command line."""

    path: Path
    shown: str
    explicit: bool


def collect(paths: list[str], overrides: Overrides) -> list[Target | FileResult]:
    """Expand directories (recursively, ``*.txt``, ``*.docx``, ``*.md``); explicit files are always linted
    (unless ``--force-exclude`` and the config's ``exclude`` matches them).

    Returns targets in argument order (a directory's files sorted), with a
    FileResult carrying the error in place of a directory that holds no report.
    """
    items: list[Target | FileResult] = []
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        shown = display_path(raw)
        if overrides.force_exclude and not p.is_dir() and is_excluded(p, resolve(p, overrides)):
            continue  # pre-commit passes every staged file; the config's exclude still wins
        found = list(_walk(p, overrides)) if p.is_dir() else [Target(p, shown, True)]
        if p.is_dir() and not found:
            suffixes = "、".join("*" + s for s in REPORT_SUFFIXES)
            items.append(FileResult(shown, error=f"{shown}: 目录中没有找到报告文件（{suffixes}）"))
        for t in found:
            if isinstance(t, FileResult):
                items.append(t)
                continue
            key = os.path.abspath(t.path)
            if key not in seen:
                seen.add(key)
                items.append(t)
    return items


def _walk(top: Path, overrides: Overrides) -> Iterator[Target | FileResult]:
    """The reports under ``top``, and an error result for each directory that cannot be
    listed (its reports would otherwise be left out without a word)."""
    unreadable: list[OSError] = []
    # followlinks=False: a symlink loop cannot make the walk run forever.
    for dirpath, dirnames, filenames in os.walk(top, onerror=unreadable.append, followlinks=False):
        yield from map(_unreadable_dir, unreadable)
        unreadable.clear()
        d = Path(dirpath)
        settings = resolve(d, overrides)
        dirnames[:] = sorted(
            n for n in dirnames if n not in SKIP_DIRS and not n.startswith(".") and not is_excluded(d / n, settings)
        )
        for name in sorted(filenames):
            # "~$x.docx" is the lock file Word and WPS keep beside an open document.
            if not name.lower().endswith(REPORT_SUFFIXES) or name.startswith((".", "~$")):
                continue
            f = d / name
            if is_excluded(f, settings):
                continue
            yield Target(f, display_path(f), False)
    yield from map(_unreadable_dir, unreadable)


def _unreadable_dir(e: OSError) -> FileResult:
    shown = display_path(e.filename)
    return FileResult(shown, error=f"{shown}: 无法读取目录（{e.strerror or e}），其中的报告没有检查")


def lint_loaded(loaded: Loaded, config_path: Path | None, overrides: Overrides, mode: Mode) -> FileResult:
    """:func:`fzlint.engine.lint_loaded` under the settings that apply at ``config_path``."""
    settings = resolve(config_path, overrides)
    return lint_source(loaded, settings, mode, str(config_path) if config_path else None)


def load_reference(target: Target, overrides: Overrides) -> FileResult:
    """A ``--previous`` report: parsed and fingerprinted for the corpus checks, not linted."""
    settings = resolve(target.path, overrides)
    ruleset = settings.ruleset()
    try:
        loaded = load_path(target.path, target.shown, ruleset.parser_vocabulary)
    except InputError as e:
        return FileResult(target.shown, error=f"{e}（--previous）")
    doc = prepare_document(loaded.doc, ruleset, settings)
    rules = enabled_rules(ruleset, settings, str(target.path))
    return FileResult(target.shown, [], doc, loaded.source, settings=settings,
                      fingerprints=fingerprint_document(doc, ruleset, rules, settings))


def lint_target(target: Target, overrides: Overrides, mode: Mode) -> FileResult:
    try:
        settings = resolve(target.path, overrides)  # its packs' vocabulary is the parser's
        loaded = load_path(target.path, target.shown, settings.ruleset().parser_vocabulary)
        result = lint_source(loaded, settings, mode, str(target.path))
        if mode.fix and not mode.diff and result.fixed_text is not None and result.source is not None:
            write_atomic(target.path, result.source, result.fixed_text)
        return result
    except (InputError, WriteError) as e:
        return FileResult(target.shown, error=str(e))


def lint_stdin(data: bytes, stdin_filename: str | None, overrides: Overrides, mode: Mode) -> FileResult:
    shown = display_path(stdin_filename) if stdin_filename else "-"
    try:
        config_target = Path(stdin_filename).resolve() if stdin_filename else None
        settings = resolve(config_target, overrides)
        loaded = load_bytes(data, shown, settings.ruleset().parser_vocabulary)
        return lint_source(loaded, settings, mode, str(config_target) if config_target else None)
    except InputError as e:
        return FileResult(shown, error=str(e))


class Progress(Protocol):
    """How the runner reports progress (the CLI draws a bar; no printing here)."""

    def start(self, total: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def stop(self) -> None: ...


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run(
    paths: list[str],
    overrides: Overrides,
    mode: Mode,
    *,
    jobs: int = 1,
    previous: Sequence[str] = (),
    progress: Progress | None = None,
    keep: bool = False,
) -> list[FileResult]:
    """Lint every input in a stable order (argument order; directories sorted).

    ``previous``: earlier years' reports (files or folders) for the copy checks.
    Unreadable ``previous`` reports come back as error results after the others.
    ``keep``: the results live until the process ends (the command line): they are frozen
    out of the garbage collector's way as they arrive (:func:`_settle`).
    """
    items = collect(paths, overrides)
    refs = collect_previous(previous, overrides, items)
    if mode.diff or sum(isinstance(x, Target) for x in (*items, *refs)) < 2:
        mode = replace(mode, corpus=False)  # nothing to compare: skip the fingerprints
    results = lint_all(items, refs, overrides, mode, jobs, progress, keep)
    current, ref_results = results[: len(items)], results[len(items) :]
    if keep and len(results) > 1:
        _settle()
    if not mode.diff:
        _corpus(current, ref_results)
    return current + [r for r in ref_results if r.error]


def run_stdin(data: bytes, stdin_filename: str | None, overrides: Overrides, mode: Mode,
              previous: Sequence[str] = ()) -> list[FileResult]:
    """Standard input as one report (with ``previous`` reports for the copy checks)."""
    refs = collect_previous(previous, overrides, [])
    if mode.diff or not refs:
        mode = replace(mode, corpus=False)
    result = lint_stdin(data, stdin_filename, overrides, mode)
    ref_results = lint_all([], refs, overrides, mode, 1, None)
    if not mode.diff:
        _corpus([result], ref_results)
    return [result] + [r for r in ref_results if r.error]


def _settle() -> None:
    """Move what is alive now (the batch's results, which live until the process ends) out
    of the garbage collector's way (``gc.freeze``), after one full collection (a --jobs 1
    batch leaves each report's parse behind as cyclic garbage).  Otherwise every full
    collection of the corpus pass and of the output walks every result again: 3.3 s of
    gen-2 collections in a batch of 4,000 reports against 0.35 s in one of 1,000.  Frozen
    objects are still freed by their reference counts; only a cycle among them would stay."""
    import gc

    if gc.isenabled():
        gc.collect()
        gc.freeze()


def _corpus(current: list[FileResult], refs: list[FileResult]) -> None:
    # The copy checks allocate millions of small acyclic objects (candidate pairs) in a big
    # batch: the collector, left on, would run hundreds of times over them for nothing.
    with paused():
        errors = apply_corpus(current, refs)
    if errors:
        holder = next((r for r in current if r.error is None), current[0] if current else None)
        if holder is not None:
            holder.internal_errors.extend(errors)


def collect_previous(paths: Sequence[str], overrides: Overrides, current: Sequence[Target | FileResult]) -> list[Target | FileResult]:
    """``--previous`` files and folders, minus any report that is also being linted."""
    if not paths:
        return []
    linted = {os.path.abspath(t.path) for t in current if isinstance(t, Target)}
    out: list[Target | FileResult] = []
    for item in collect(list(paths), overrides):
        if isinstance(item, FileResult):
            item.error = f"{item.error}（--previous）"
            out.append(item)
        elif os.path.abspath(item.path) not in linted:
            out.append(item)
    return out


# ---- one file, anywhere (this process or a worker) -----------------------------------
def _lint_one(target: Target, overrides: Overrides, mode: Mode, reference: bool) -> FileResult:
    """Never raises for a bad file: a crash becomes that file's error line.

    Configuration and rule-pack errors (FzlintError other than input errors) do
    propagate: they concern every file and stop the run with exit code 2.

    The result is slim (:func:`fzlint.engine.slim`): the Document is replaced by its
    digest (text, line table, summary facts) here, where it was parsed — a worker sends
    back, and the batch keeps, the findings and what the outputs quote, not every parsed
    report.  A ``--previous`` report keeps its fingerprints only.
    """
    result = _lint_or_fail(target, overrides, mode, reference)
    if reference:
        result.doc = result.source = None
        return result
    return slim(result, keep_source=mode.diff)


def _lint_or_fail(target: Target, overrides: Overrides, mode: Mode, reference: bool) -> FileResult:
    try:
        return load_reference(target, overrides) if reference else lint_target(target, overrides, mode)
    except FzlintError:
        raise
    except RecursionError:
        return FileResult(target.shown, error=f"{target.shown}: 文件结构过深，无法解析，已跳过")
    except Exception as e:  # a bug must cost one file, not the batch
        return FileResult(target.shown, error=f"{target.shown}: 内部错误（{type(e).__name__}: {e}），已跳过此文件")


def _lint_chunk(chunk: list[tuple[int, Target, bool]], overrides: Overrides, mode: Mode,
                ) -> list[tuple[int, FileResult | str]]:
    """Worker entry point.  A configuration error travels back as its message (str):
    FzlintError does not survive pickling with its two-argument constructor."""
    out: list[tuple[int, FileResult | str]] = []
    for i, target, reference in chunk:
        try:
            out.append((i, _lint_one(target, overrides, mode, reference)))
        except FzlintError as e:
            out.append((i, str(e)))
            break
    return out


def _init_worker() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C


def lint_all(
    items: Sequence[Target | FileResult],
    refs: Sequence[Target | FileResult],
    overrides: Overrides,
    mode: Mode,
    jobs: int,
    progress: Progress | None,
    keep: bool = False,
) -> list[FileResult]:
    """Lint ``items`` and load ``refs`` (``--previous``); results in input order
    (``keep``: see :func:`run`)."""
    everything = [*items, *refs]
    n_items = len(items)
    results: list[FileResult | None] = [x if isinstance(x, FileResult) else None for x in everything]
    tasks = [(i, x, i >= n_items) for i, x in enumerate(everything) if isinstance(x, Target)]
    if progress is not None:
        progress.start(len(tasks))
    try:
        jobs = max(1, min(jobs, len(tasks)))
        if jobs == 1:
            for i, target, reference in tasks:
                results[i] = _lint_one(target, overrides, mode, reference)
                if progress is not None:
                    progress.advance(1)
        else:
            _lint_parallel(tasks, results, overrides, mode, jobs, progress, keep)
    finally:
        if progress is not None:
            progress.stop()
    return [r if r is not None else FileResult("?", error="?") for r in results]


def _stop_workers(pool: Any) -> None:
    """Terminate a pool's worker processes (they ignore SIGINT; a chunk can take seconds) and
    reap them, so that an interrupted batch returns at once and leaves nothing running."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    for p in procs:
        try:
            p.terminate()
        except Exception:  # already gone
            pass
    for p in procs:
        p.join(timeout=2)


def _lint_parallel(
    tasks: list[tuple[int, Target, bool]],
    results: list[FileResult | None],
    overrides: Overrides,
    mode: Mode,
    jobs: int,
    progress: Progress | None,
    keep: bool = False,
) -> None:
    import gc
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    # Load the rule packs and compile their rules once here: forked workers inherit them
    # (and this process keeps the compiled regexes in the user cache for the next run).
    settings = resolve(Path(tasks[0][1].path), overrides)
    warm_up(settings.ruleset(), settings)
    size = max(1, min(16, len(tasks) // (jobs * 6)))
    chunks = [tasks[k : k + size] for k in range(0, len(tasks), size)]
    fatal: str | None = None
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(), initializer=_init_worker)
    try:
        pending: dict[Future[list[tuple[int, FileResult | str]]], list[tuple[int, Target, bool]]] = {
            pool.submit(_lint_chunk, chunk, overrides, mode): chunk for chunk in chunks
        }
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                chunk = pending.pop(fut)
                try:
                    got = fut.result()
                except BrokenProcessPool as e:
                    got = [(i, FileResult(t.shown, error=f"{t.shown}: 检查该文件的工作进程意外退出（{e}）"))
                           for i, t, _ in chunk]
                for i, r in got:
                    if isinstance(r, str):
                        fatal = fatal or r
                    else:
                        results[i] = r
                if keep and gc.isenabled():
                    # The results gathered so far stay alive until the end of the run: frozen,
                    # the collector's full passes do not walk them again for each later chunk
                    # (they would make gathering O(reports · log reports)).  This process only
                    # unpickles here and makes no cyclic garbage for the freeze to keep.
                    gc.freeze()
                if progress is not None:
                    progress.advance(len(chunk))
            if fatal:
                break
    except BaseException:
        # Ctrl-C (even while the chunks are submitted): stop the workers now rather than after
        # their chunks, and do not wait for the pool's threads, which may wait on dead workers.
        _stop_workers(pool)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True, cancel_futures=bool(fatal))
    if fatal:
        raise FzlintError(None, fatal)
