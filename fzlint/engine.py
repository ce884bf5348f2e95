"""Run the enabled rules over a document: the one function every front end calls.

``lint_text(text, path=None, settings=None)`` is the public entry point used by the
CLI, the language server and the tests.  ``lint_document`` does the work for an
already parsed :class:`~fzlint.document.Document`.

Corpus checks (those whose module defines ``check_corpus``, e.g. copy detection)
compare documents.  Each document contributes :class:`Fingerprints` (computed where
the document is, possibly a worker process; small and picklable), and after every
document of a run is linted, :func:`apply_corpus` runs each corpus rule once over
all fingerprints and merges the findings into each :class:`FileResult` in position
order.  ``lint_texts`` does the same for texts in memory.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    settings: Settings | None = None  # the settings that applied (corpus pass: rules, severities)
    fingerprints: Fingerprints | None = None  # for the corpus pass; dropped after it


@dataclass(frozen=True)
class Fingerprints:
    """What one document gives the corpus checks: identity and, per rule code, the
    check's fingerprint (small and picklable: it crosses process boundaries)."""

    path: str
    issuer: str | None
    year: int | None
    unit: str
    payloads: Mapping[str, Any]


def enabled_rules(ruleset: RuleSet, settings: Settings, path: str | None = None) -> list[Rule]:
    check_selectors(settings, [r.code for r in ruleset.rules])
    extra = per_file_ignored(Path(path), settings) if path and path != "-" else ()
    return [r for r in ruleset.rules if is_selected(r.code, r.enabled, settings, extra)]


def warm_up(ruleset: RuleSet, settings: Settings) -> None:
    """Build now what linting any document needs: the enabled rules' compiled state and
    the number vocabulary.  The parent of forked workers calls it so that they inherit
    the work instead of each repeating it; errors are left for linting to report."""
    try:
        rules = enabled_rules(ruleset, settings)
    except Exception:
        return
    for rule in rules:
        try:
            ruleset.state(rule)
        except Exception:
            continue
    try:
        from .numbers import vocab_for

        vocab_for(ruleset.settings)
    except Exception:  # a rule set without a numbers vocabulary
        pass


def prepare_document(doc: Document, ruleset: RuleSet, settings: Settings) -> Document:
    """Apply the year override and map sections to required parts."""
    if settings.year is not None:
        doc.year, doc.year_source = settings.year, "override"
    if not doc.parts_mapped:
        map_parts(doc, ruleset.parts)
    return doc


def lint_document(
    doc: Document, ruleset: RuleSet, settings: Settings, rules: list[Rule] | None = None, *,
    keep_fixes: bool = False,
) -> tuple[list[Diagnostic], list[str]]:
    """(diagnostics sorted by position, internal error lines).  ``keep_fixes``: keep the
    fixes (in Document offsets) even where they cannot be written back to the file — a
    .docx's, which ``fzlint annotate --track-changes`` turns into tracked changes."""
    from .checks.base import Context

    prepare_document(doc, ruleset, settings)
    rules = enabled_rules(ruleset, settings, doc.path) if rules is None else rules
    ctx = Context(doc=doc, ruleset=ruleset, year=doc.year)
    out: list[Diagnostic] = []
    errors: list[str] = []
    for rule in rules:
        try:
            out.extend(ctx.findings(rule))
        except Exception as e:  # a crashing rule must not take the others down
            errors.append(f"{doc.path}: 规则 {rule.code} 内部错误（{type(e).__name__}: {e}），该规则结果已跳过")
    if settings.severity:
        out = [
            replace(d, severity=Severity.parse(settings.severity[d.code])) if d.code in settings.severity else d
            for d in out
        ]
    out.sort(key=Diagnostic.sort_key)
    if doc.textmap is not None and not keep_fixes:  # .docx/.md: only fixes that can be written back to the file
        out = doc.textmap.keep_applicable_fixes(out)
    return _dedupe(out), errors


def is_corpus_rule(rule: Rule) -> bool:
    from .checks import CHECKS

    return hasattr(CHECKS[rule.check], "check_corpus")


def fingerprint_document(doc: Document, ruleset: RuleSet, rules: Sequence[Rule]) -> Fingerprints | None:
    """Fingerprints of ``doc`` for the enabled corpus rules (None when there are none)."""
    from .checks import CHECKS
    from .checks.base import Context

    corpus = [r for r in rules if is_corpus_rule(r)]
    if not corpus:
        return None
    ctx = Context(doc=doc, ruleset=ruleset, year=doc.year)
    payloads = {r.code: CHECKS[r.check].fingerprint(doc, r, ruleset.state(r), ctx) for r in corpus}
    return Fingerprints(doc.path, doc.issuer, doc.year, doc.unit, payloads)


def lint_corpus(
    members: Sequence[tuple[Fingerprints, Settings, bool]],
) -> tuple[list[list[Diagnostic]], list[str]]:
    """Run every corpus rule once over ``members`` (fingerprints, settings, is-previous).

    Documents are compared under a rule when their settings resolve to the same rule
    object (the same packs); findings go to the non-previous members only.  Returns
    the findings per member (severity overrides applied, sorted) and error lines.
    """
    from .checks import CHECKS
    from .checks.base import CorpusDoc

    groups: dict[Rule, list[int]] = {}
    states: dict[Rule, RuleSet] = {}
    for i, (fp, settings, _) in enumerate(members):
        ruleset = settings.ruleset()
        for code in fp.payloads:
            rule = ruleset.by_code[code]
            groups.setdefault(rule, []).append(i)
            states.setdefault(rule, ruleset)
    out: list[list[Diagnostic]] = [[] for _ in members]
    errors: list[str] = []
    for rule, idxs in groups.items():
        docs = [
            CorpusDoc(fp.path, fp.issuer, fp.year, fp.unit, prev, fp.payloads[rule.code])
            for fp, _, prev in (members[i] for i in idxs)
        ]
        try:
            found = list(CHECKS[rule.check].check_corpus(docs, rule, states[rule].state(rule)))
        except Exception as e:  # a crashing rule must not take the others down
            errors.append(f"规则 {rule.code} 内部错误（{type(e).__name__}: {e}），该规则结果已跳过")
            continue
        for j, d in found:
            if not docs[j].previous:
                out[idxs[j]].append(d)
    for i, diags in enumerate(out):
        sev = members[i][1].severity
        if sev:
            diags = [replace(d, severity=Severity.parse(sev[d.code])) if d.code in sev else d for d in diags]
        diags.sort(key=Diagnostic.sort_key)
        out[i] = diags
    return out, errors


def apply_corpus(results: Sequence[FileResult], previous: Sequence[FileResult] = ()) -> list[str]:
    """Merge corpus findings into ``results`` (``previous``: --previous reports, never
    reported).  Returns error lines of corpus rules that crashed."""
    owners: list[FileResult | None] = []
    members: list[tuple[Fingerprints, Settings, bool]] = []
    for r, prev in [*((r, False) for r in results), *((r, True) for r in previous)]:
        if r.fingerprints is not None and r.settings is not None and r.error is None:
            members.append((r.fingerprints, r.settings, prev))
            owners.append(None if prev else r)
    for r in (*results, *previous):
        r.fingerprints = None
    if not any(owners):
        return []
    found, errors = lint_corpus(members)
    for owner, diags in zip(owners, found, strict=True):
        if owner is not None and diags:
            owner.diagnostics = _dedupe(sorted([*owner.diagnostics, *diags], key=Diagnostic.sort_key))
    return errors


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, int, int, str]] = set()
    out = []
    for d in diags:
        key = (d.code, d.start, d.end, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def lint_texts(
    texts: Sequence[tuple[str, str]],
    previous: Sequence[tuple[str, str]] = (),
    settings: Settings | None = None,
) -> list[list[Diagnostic]]:
    """Lint several reports together, ``(path, text)`` each, so that corpus checks
    (copy detection) compare them; ``previous``: earlier years' reports."""
    settings = settings or Settings()
    ruleset = settings.ruleset()

    def one(path: str, text: str, prev: bool) -> FileResult:
        doc = prepare_document(parse(text, path), ruleset, settings)
        rules = enabled_rules(ruleset, settings, path)
        diags = [] if prev else lint_document(doc, ruleset, settings, rules)[0]
        r = FileResult(path, diags, doc, settings=settings)
        r.fingerprints = fingerprint_document(doc, ruleset, rules)
        return r

    results = [one(p, t, False) for p, t in texts]
    refs = [one(p, t, True) for p, t in previous]
    apply_corpus(results, refs)
    return [r.diagnostics for r in results]


def lint_text(text: str, path: str | None = None, settings: Settings | None = None) -> list[Diagnostic]:
    """Lint report text; ``path`` is used for messages and per-file-ignores only."""
    settings = settings or Settings()
    doc = parse(text, path or "-")
    diags, _ = lint_document(doc, settings.ruleset(), settings)
    return diags
