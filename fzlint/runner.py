"""The ``check`` job: collect inputs, lint each, apply fixes.  No printing here."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .config import Overrides, is_excluded, resolve
from .engine import FileResult, enabled_rules, lint_document
from .errors import InputError, WriteError
from .readers import REPORT_SUFFIXES, Loaded, load_bytes, load_path
from .source import display_path, write_atomic

SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}


@dataclass(frozen=True)
class Target:
    path: Path
    shown: str
    explicit: bool


@dataclass(frozen=True)
class Mode:
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False

    @property
    def fixing(self) -> bool:
        return self.fix or self.diff


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
            key = os.path.abspath(t.path)
            if key not in seen:
                seen.add(key)
                items.append(t)
    return items


def _walk(top: Path, overrides: Overrides) -> Iterator[Target]:
    # followlinks=False: a symlink loop cannot make the walk run forever.
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
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


def lint_loaded(loaded: Loaded, config_path: Path | None, overrides: Overrides, mode: Mode) -> FileResult:
    settings = resolve(config_path, overrides)
    ruleset = settings.ruleset()
    doc = loaded.doc
    shown = doc.path
    rules = enabled_rules(ruleset, settings, str(config_path) if config_path else shown)
    diags, internal = lint_document(doc, ruleset, settings, rules)
    result = FileResult(shown, diags, doc, loaded.source, internal_errors=internal, fail_on=settings.fail_on)
    if not mode.fixing:
        return result
    if loaded.source is None or loaded.fix_refusal:
        result.error = f"{shown}: {loaded.fix_refusal or '此格式不支持自动修复'}"
        return result
    from .fixes import fix_to_fixpoint
    from .readers import parse_as

    def relint(text: str) -> list:
        new_doc = parse_as(loaded.kind, text, shown)
        found = lint_document(new_doc, ruleset, settings, rules)[0]
        if new_doc.textmap is None:
            return found
        # .md: the fixes were computed on the text without Markdown syntax; carry their
        # edits back to the file (lint_document kept only the fixes that can be).
        tm = new_doc.textmap
        return [replace(d, fix=tm.fix_to_source(d.fix)) if d.fix is not None else d for d in found]

    text = loaded.source.text
    new_text, n, new_diags = fix_to_fixpoint(text, relint, mode.unsafe_fixes)
    if new_text != text:
        result.fixed = n
        result.fixed_text = new_text
        if mode.fix and not mode.diff:
            from .engine import prepare_document

            result.source = replace(loaded.source, text=new_text)  # what the findings now refer to
            result.doc = parse_as(loaded.kind, new_text, shown)
            if result.doc.textmap is not None:  # report the fixes in the Document's own offsets
                new_diags = lint_document(result.doc, ruleset, settings, rules)[0]
            result.diagnostics = new_diags
            prepare_document(result.doc, ruleset, settings)
    return result


def lint_target(target: Target, overrides: Overrides, mode: Mode) -> FileResult:
    try:
        loaded = load_path(target.path, target.shown)
        result = lint_loaded(loaded, target.path, overrides, mode)
        if mode.fix and not mode.diff and result.fixed_text is not None and result.source is not None:
            write_atomic(target.path, result.source, result.fixed_text)
        return result
    except (InputError, WriteError) as e:
        return FileResult(target.shown, error=str(e))


def lint_stdin(data: bytes, stdin_filename: str | None, overrides: Overrides, mode: Mode) -> FileResult:
    shown = display_path(stdin_filename) if stdin_filename else "-"
    try:
        loaded = load_bytes(data, shown)
        config_target = Path(stdin_filename).resolve() if stdin_filename else None
        return lint_loaded(loaded, config_target, overrides, mode)
    except InputError as e:
        return FileResult(shown, error=str(e))


def run(paths: list[str], overrides: Overrides, mode: Mode) -> list[FileResult]:
    """Lint every input in a stable order (argument order; directories sorted)."""
    return [item if isinstance(item, FileResult) else lint_target(item, overrides, mode)
            for item in collect(paths, overrides)]
