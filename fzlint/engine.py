"""Run the enabled rules over a document: the one function every front end calls.

``lint_text(text, path=None, settings=None)`` is the public entry point used by the
CLI, the language server and the tests.  ``lint_document`` does the work for an
already parsed :class:`~fzlint.parse.document.Document`.

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

from .diagnostic import Diagnostic, Severity
from .infra.collector import paused
from .packs.config import Settings, check_selectors, is_selected, per_file_ignored
from .parse import parse
from .parse.document import Document
from .parse.parts import map_parts

if TYPE_CHECKING:
    from .checks.base import Context
    from .digest import Digest
    from .inputs.readers import Loaded
    from .inputs.source import Source
    from .packs.loader import Rule, RuleSet
    from .result import FileReport, RuleInfo


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
    digest: Digest | None = None  # a slim result's (:func:`slim`): what the outputs need of the dropped doc


@dataclass(frozen=True)
class Fingerprints:
    """What one document gives the corpus checks: identity and, per rule code, the
    check's fingerprint (small and picklable: it crosses process boundaries)."""

    path: str
    issuer: str | None
    year: int | None
    unit: str
    payloads: Mapping[str, Any]


@dataclass(frozen=True)
class Mode:
    """How a front end wants a document linted: fixing, diffing, corpus fingerprints, kept fixes."""

    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    corpus: bool = True  # compute fingerprints for the corpus checks (off when there is nothing to compare)
    #: keep every fix, in Document offsets, even one that cannot be written back to the file
    #: (a .docx's: ``fzlint annotate --track-changes`` writes them as tracked changes)
    keep_fixes: bool = False

    @property
    def fixing(self) -> bool:
        return self.fix or self.diff


def lint_loaded(loaded: Loaded, settings: Settings, mode: Mode = Mode(corpus=False),
                rules_path: str | None = None) -> FileResult:
    """The one lint function: every front end ends here (the CLI and the batch through
    :mod:`fzlint.runner`, the language server, :func:`lint_text` and the tests).

    ``loaded`` is what a reader made of an input (:mod:`fzlint.inputs.readers`); offsets in the
    diagnostics are offsets into ``loaded.doc.text``, which is the text the reader was
    given (a leading U+FEFF included: it belongs to no line).  ``rules_path`` decides
    per-file ignores (default: the document's path).  With ``mode.fix``/``mode.diff`` the
    fixes are applied to a fixpoint (``fixed_text``)."""
    ruleset = settings.ruleset()
    doc = loaded.doc
    shown = doc.path
    rules = enabled_rules(ruleset, settings, rules_path or shown)
    diags, internal = lint_document(doc, ruleset, settings, rules, keep_fixes=mode.keep_fixes and not mode.fixing)
    result = FileResult(shown, diags, doc, loaded.source, internal_errors=internal, fail_on=settings.fail_on,
                        settings=settings)
    if not mode.fixing:
        if mode.corpus:
            result.fingerprints = fingerprint_document(doc, ruleset, rules, settings)
        return result
    if loaded.source is None or loaded.fix_refusal:
        result.error = f"{shown}: {loaded.fix_refusal or '此格式不支持自动修复'}"
        return result
    from .fixes import fix_to_fixpoint
    from .inputs.readers import parse_as

    def relint(text: str) -> list:
        new_doc = parse_as(loaded.kind, text, shown, ruleset.parser_vocabulary)
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
            result.source = replace(loaded.source, text=new_text)  # what the findings now refer to
            result.doc = parse_as(loaded.kind, new_text, shown, ruleset.parser_vocabulary)
            if result.doc.textmap is not None:  # report the fixes in the Document's own offsets
                new_diags = lint_document(result.doc, ruleset, settings, rules)[0]
            result.diagnostics = new_diags
            prepare_document(result.doc, ruleset, settings)
    if result.doc is not None and mode.corpus:
        result.fingerprints = fingerprint_document(result.doc, ruleset, rules, settings)
    return result


def enabled_rules(ruleset: RuleSet, settings: Settings, path: str | None = None) -> list[Rule]:
    check_selectors(settings, [r.code for r in ruleset.rules])
    extra = per_file_ignored(Path(path), settings) if path and path != "-" else ()
    return [r for r in ruleset.rules if is_selected(r.code, r.enabled, settings, extra)]


def warm_up(ruleset: RuleSet, settings: Settings) -> None:
    """Build now what linting any document needs: the enabled rules' compiled state (kept in
    the user cache) and the number vocabulary.  The parent of forked workers calls it so that they inherit
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
    ruleset.save_states()  # now: a worker of `fzlint serve` ends without exit handlers
    try:
        from .analysis.numbers import vocab_for

        vocab_for(ruleset.settings)
    except Exception:  # a rule set without a numbers vocabulary
        pass


def prepare_document(doc: Document, ruleset: RuleSet, settings: Settings) -> Document:
    """Finish the parse: apply the year override, map sections to required parts (which
    may promote a heading), then :meth:`~fzlint.parse.document.Document.finish` the Document.
    Every lint path calls it before any check runs; a finished Document is returned as is."""
    if doc.finished:
        return doc
    if settings.year is not None:
        doc.year, doc.year_source = settings.year, "override"
    if not doc.parts_mapped:
        map_parts(doc, ruleset.parts)
    return doc.finish()


def new_context(doc: Document, ruleset: RuleSet) -> Context:
    """The context the rules run in on ``doc``, with its shared analyses."""
    from .checks import CHECKS
    from .checks.analyses import Analyses
    from .checks.base import Context

    ctx = Context(doc=doc, ruleset=ruleset, year=doc.year, analyses=Analyses(doc, ruleset), checks=CHECKS)
    ctx.analyses.run = ctx.findings
    return ctx


@paused()  # the document's objects live until the end: full collections would walk them again and again
def lint_document(
    doc: Document, ruleset: RuleSet, settings: Settings, rules: list[Rule] | None = None, *,
    keep_fixes: bool = False,
) -> tuple[list[Diagnostic], list[str]]:
    """(diagnostics sorted by position, internal error lines).  ``keep_fixes``: keep the
    fixes (in Document offsets) even where they cannot be written back to the file — a
    .docx's, which ``fzlint annotate --track-changes`` turns into tracked changes."""
    from .checks.genre import DECISION, applicable

    prepare_document(doc, ruleset, settings)
    rules = enabled_rules(ruleset, settings, doc.path) if rules is None else rules
    rules, genre = applicable(doc, ruleset, settings, rules)  # another genre: skip the genre's own rules
    ctx = new_context(doc, ruleset)
    ctx.options[DECISION] = genre
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

    return CHECKS[rule.check].corpus is not None


def fingerprint_document(doc: Document, ruleset: RuleSet, rules: Sequence[Rule],
                         settings: Settings | None = None) -> Fingerprints | None:
    """Fingerprints of ``doc`` for the enabled corpus rules (None when there are none);
    with ``settings``, not for the rules its genre skips (FZ116)."""
    from .checks import CHECKS

    if settings is not None:
        from .checks.genre import applicable

        rules = applicable(doc, ruleset, settings, list(rules))[0]
    corpus = [r for r in rules if is_corpus_rule(r)]
    if not corpus:
        return None
    ctx = new_context(doc, ruleset)
    payloads = {}
    for r in corpus:
        hooks = CHECKS[r.check].corpus
        assert hooks is not None
        payloads[r.code] = hooks.fingerprint(doc, r, ruleset.state(r), ctx)
    return Fingerprints(doc.path, doc.issuer, doc.year, doc.unit, payloads)


def lint_corpus(
    members: Sequence[tuple[Fingerprints, Settings, bool]],
    withdrawn: list[set[tuple[str, int, int]]] | None = None,
) -> tuple[list[list[Diagnostic]], list[str]]:
    """Run every corpus rule once over ``members`` (fingerprints, settings, is-previous).

    Documents are compared under a rule when their settings resolve to the same rule
    object (the same packs); findings go to the non-previous members only.  Returns
    the findings per member (severity overrides applied, sorted) and error lines.
    A check whose :class:`~fzlint.checks.contract.Corpus` has ``withdraw`` names (member, start, end) of its own
    per-document findings that the batch shows to be wrong; they go to ``withdrawn``.
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
        hooks = CHECKS[rule.check].corpus
        assert hooks is not None
        try:
            found = list(hooks.check_corpus(docs, rule, states[rule].state(rule)))
        except Exception as e:  # a crashing rule must not take the others down
            errors.append(f"规则 {rule.code} 内部错误（{type(e).__name__}: {e}），该规则结果已跳过")
            continue
        for j, d in found:
            if not docs[j].previous:
                out[idxs[j]].append(d)
        if hooks.withdraw is not None and withdrawn is not None:  # findings the batch shows to be intended
            for j, a, b in hooks.withdraw(docs, rule, states[rule].state(rule)):
                withdrawn[idxs[j]].add((rule.code, a, b))
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
    withdrawn: list[set[tuple[str, int, int]]] = [set() for _ in members]
    found, errors = lint_corpus(members, withdrawn)
    for owner, diags, drop in zip(owners, found, withdrawn, strict=True):
        if owner is not None and drop:
            owner.diagnostics = [d for d in owner.diagnostics if (d.code, d.start, d.end) not in drop]
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


def file_report(r: FileResult, *, parts: bool = True, ruleset: RuleSet | None = None) -> FileReport:
    """The frozen :class:`~fzlint.result.FileReport` of ``r``: what the formatters read.

    ``parts``: also find the required parts the document lacks (the HTML page shows
    them; other formats skip the work).  ``ruleset``: where to find the rules of the codes
    found when ``r`` has no settings.  A slim ``r`` (:func:`slim`) gives the same report
    from its :class:`~fzlint.digest.Digest` as ``r`` with its Document."""
    from .digest import Digest
    from .result import FileReport

    doc = r.doc
    rs = r.settings.ruleset() if r.settings is not None else ruleset
    digest = r.digest
    if doc is not None:
        digest = Digest.of(doc, r.source, rs.parts if parts and rs is not None else None)
    rules = {}
    for code in sorted({d.code for d in r.diagnostics}):
        rule = rs.by_code.get(code) if rs is not None else None
        if rule is None and ruleset is not None:
            rule = ruleset.by_code.get(code)
        if rule is not None:
            rules[code] = _rule_info(rule)
    return FileReport(
        path=r.path,
        diagnostics=tuple(r.diagnostics),
        shown=digest.shown(r.diagnostics) if digest is not None else (),
        unit=digest.unit if digest is not None else "line",
        error=r.error,
        internal_errors=tuple(r.internal_errors),
        fixed=r.fixed,
        issuer=digest.issuer if digest is not None else None,
        year=digest.year if digest is not None else None,
        missing_parts=digest.missing_parts if parts and digest is not None else None,
        rules=rules,
    )


def slim(r: FileResult, *, keep_source: bool = False) -> FileResult:
    """``r`` with its Document replaced by a :class:`~fzlint.digest.Digest` (the text, the
    line table, the summary facts, the missing parts found now): what a batch keeps of a
    linted report — the worker sends it back instead of the parse, and :func:`file_report`
    gives the same report from it, the corpus pass's later findings included.
    ``keep_source``: keep the Source (``--diff`` prints from it)."""
    doc = r.doc
    if doc is None:
        return r
    from .digest import Digest

    rs = r.settings.ruleset() if r.settings is not None else None
    r.digest = Digest.of(doc, r.source, rs.parts if rs is not None else None)
    r.doc = None
    if not keep_source:
        r.source = None
    return r


_RULE_INFO: dict[int, tuple[Rule, RuleInfo]] = {}


def _rule_info(rule: Rule) -> RuleInfo:
    got = _RULE_INFO.get(id(rule))
    if got is not None and got[0] is rule:
        return got[1]
    from .explain import explain_text
    from .result import RuleInfo

    ex = rule.explain
    info = RuleInfo(rule.code, rule.name, rule.summary, rule.severity.label, rule.pack, rule.source,
                    ex.what or "", ex.why or "", ex.fix or "", explain_text(rule))
    _RULE_INFO[id(rule)] = (rule, info)
    return info


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
        doc = prepare_document(parse(text, path, vocab=ruleset.parser_vocabulary), ruleset, settings)
        rules = enabled_rules(ruleset, settings, path)
        diags = [] if prev else lint_document(doc, ruleset, settings, rules)[0]
        r = FileResult(path, diags, doc, settings=settings)
        r.fingerprints = fingerprint_document(doc, ruleset, rules, settings)
        return r

    results = [one(p, t, False) for p, t in texts]
    refs = [one(p, t, True) for p, t in previous]
    apply_corpus(results, refs)
    return [r.diagnostics for r in results]


def lint_text(text: str, path: str | None = None, settings: Settings | None = None) -> list[Diagnostic]:
    """Lint report text (parsed as it is: no reader); ``path`` is used for messages and
    per-file-ignores only.  Through :func:`lint_loaded`, as every front end."""
    from .inputs.readers import Loaded

    settings = settings or Settings()
    doc = parse(text, path or "-", vocab=settings.ruleset().parser_vocabulary)
    return lint_loaded(Loaded(None, doc), settings).diagnostics
