"""Run the enabled rules over a document: the one function every front end calls.

``lint_text(text, path=None, settings=None)`` is the public entry point used by the
CLI, the language server and the tests.  ``lint_document`` does the work for an
already parsed :class:`~fzlint.document.Document`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Settings, check_selectors, is_selected, per_file_ignored
from .diagnostic import Diagnostic, Severity
from .document import Document, parse
from .parts import map_parts

if TYPE_CHECKING:
    from .packs import Rule, RuleSet
    from .source import Source


@dataclass
class FileResult:
    """Everything the formatters need about one input."""

    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    doc: Document | None = None
    source: Source | None = None
    error: str | None = None  # one-line problem (the file could not be linted)
    internal_errors: list[str] = field(default_factory=list)
    fixed: int = 0
    fixed_text: str | None = None  # the text after --fix/--diff, when it changed
    fail_on: str = "warning"  # from the settings that applied to this file


def enabled_rules(ruleset: RuleSet, settings: Settings, path: str | None = None) -> list[Rule]:
    check_selectors(settings, [r.code for r in ruleset.rules])
    extra = per_file_ignored(Path(path), settings) if path and path != "-" else ()
    return [r for r in ruleset.rules if is_selected(r.code, r.enabled, settings, extra)]


def prepare_document(doc: Document, ruleset: RuleSet, settings: Settings) -> Document:
    """Apply the year override and map sections to required parts."""
    if settings.year is not None:
        doc.year, doc.year_source = settings.year, "override"
    if not doc.parts_mapped:
        map_parts(doc, ruleset.parts)
    return doc


def lint_document(
    doc: Document, ruleset: RuleSet, settings: Settings, rules: list[Rule] | None = None
) -> tuple[list[Diagnostic], list[str]]:
    """(diagnostics sorted by position, internal error lines)."""
    from .checks import CHECKS
    from .checks.base import Context

    prepare_document(doc, ruleset, settings)
    rules = enabled_rules(ruleset, settings, doc.path) if rules is None else rules
    ctx = Context(doc=doc, ruleset=ruleset, year=doc.year)
    out: list[Diagnostic] = []
    errors: list[str] = []
    for rule in rules:
        module = CHECKS[rule.check]
        try:
            state = ruleset.state(rule)
            out.extend(module.check(doc, rule, state, ctx))
        except Exception as e:  # a crashing rule must not take the others down
            errors.append(f"{doc.path}: 规则 {rule.code} 内部错误（{type(e).__name__}: {e}），该规则结果已跳过")
    if settings.severity:
        out = [
            replace(d, severity=Severity.parse(settings.severity[d.code])) if d.code in settings.severity else d
            for d in out
        ]
    out.sort(key=Diagnostic.sort_key)
    if doc.textmap is not None:  # .docx/.md: only fixes that can be written back to the file
        out = doc.textmap.keep_applicable_fixes(out)
    return _dedupe(out), errors


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, int, int, str]] = set()
    out = []
    for d in diags:
        key = (d.code, d.start, d.end, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def lint_text(text: str, path: str | None = None, settings: Settings | None = None) -> list[Diagnostic]:
    """Lint report text; ``path`` is used for messages and per-file-ignores only."""
    settings = settings or Settings()
    doc = parse(text, path or "-")
    diags, _ = lint_document(doc, settings.ruleset(), settings)
    return diags
