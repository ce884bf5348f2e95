"""``pattern``: report text matching regexes or literal words (Vale's existence/substitution).

Matching is line by line on the line's content (indentation stripped), so ``^`` and
``$`` mean the start and end of a line's text whatever the line endings are.

Fields:
  patterns     regexes to find
  words        literal strings to find (combined into one alternation)
  exceptions   regexes; a match inside one of their matches on the same line is skipped
  replacement  for ``fix.action: replace``: the replacement, ``\\1``/``\\g<name>`` allowed
  group        ``match`` (one finding per match) or ``line`` (one per line, all matches)
  fix          {action: replace | delete | delete-line, safe: bool, description: str}
  suggestion   text shown as the suggested fix (placeholders allowed)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..diagnostic import Diagnostic, Edit, Fix
from ..infra import rx
from ..packs.schema import F, ListOf, OneOf, Schema, param, params
from .base import (
    Context,
    check_template,
    clip,
    compile_pattern,
    delete_line_edit,
    literal_alternation,
)
from .contract import Check
from .prefilter import Prefilter
from .textutil import Spans

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "pattern"


@params
class Params:
    patterns: list[str] = param(ListOf(str, allow_single=True), default=[])
    words: list[str] = param(ListOf(str, allow_single=True), default=[])
    exceptions: list[str] = param(ListOf(str, allow_single=True), default=[])
    ignore_case: bool = param(bool, default=False)
    replacement: str | None = param(str, default=None)
    group: str = param(OneOf(("match", "line")), default="match")
    suggestion: str | None = param(str, default=None)
    fix: dict[str, Any] | None = param(
        Schema(
            {
                "action": F(OneOf(("replace", "delete", "delete-line")), required=True),
                "safe": F(bool, default=False),
                "description": F(str, default=""),
            }
        ),
        default=None,
    )


PLACEHOLDERS = frozenset({"match", "replacement", "count"})


@dataclass(frozen=True)
class State:
    """The prepared rule: its compiled patterns and exceptions, with the literal prefilter that picks the lines worth trying."""

    patterns: tuple[re.Pattern[str], ...]
    exceptions: tuple[re.Pattern[str], ...]
    required: tuple[frozenset[str] | None, ...] = ()  # per pattern: rx.required (a prefilter)
    prefilter: Prefilter | None = None  # the lines and patterns worth trying (from required)
    runners: tuple[re.Pattern[str], ...] = ()  # what is run for each pattern: the same matches, faster (rx.guarded)


def validate(rule: Rule[Params]) -> None:
    o = rule.params
    if not o.patterns and not o.words:
        raise ValueError("pattern 规则需要 patterns 或 words")
    fix = o.fix
    if fix and fix["action"] == "replace" and o.replacement is None:
        raise ValueError("fix.action 为 replace 时需要 replacement")
    check_template(o.suggestion, PLACEHOLDERS, "suggestion")
    check_template(fix["description"] if fix else None, PLACEHOLDERS, "fix.description")
    prepare(rule)


def prepare(rule: Rule[Params]) -> State:
    o = rule.params
    pats = [compile_pattern(p, o.ignore_case) for p in o.patterns]
    if o.words:
        pats.append(literal_alternation(o.words))
    required = tuple(rx.required(p) for p in pats)
    return State(tuple(pats), tuple(compile_pattern(p, o.ignore_case) for p in o.exceptions),
                 required, Prefilter.of(required), tuple(rx.guarded(p) for p in pats))


def _matches(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[tuple[int, re.Match[str]]]:
    # A pattern is searched only in lines holding one of its required literals (rx.required),
    # found by the rule's prefilter without a test per line and pattern.
    patterns = state.runners
    assert state.prefilter is not None  # set by prepare
    for ln, ks in state.prefilter.lines(ctx.analyses.lines, rule.scope):
        content = doc.text[ln.content_start : ln.content_end]
        candidates: list[re.Match[str]] = []
        for k in ks:
            candidates.extend(m for m in patterns[k].finditer(content) if m.end() > m.start())
        if not candidates:
            continue
        blocked = Spans(m.span() for ex in state.exceptions for m in ex.finditer(content))
        found = [m for m in candidates if not blocked.covers(m.start(), m.end())]
        found.sort(key=lambda m: (m.start(), -m.end()))
        last_end = -1
        for m in found:
            if m.start() < last_end:  # overlapping matches of several patterns: keep the first
                continue
            last_end = m.end()
            yield ln.content_start, m


def _edit(doc: Document, rule: Rule[Params], base: int, m: re.Match[str]) -> Edit | None:
    fix = rule.params.fix
    if not fix:
        return None
    start, end = base + m.start(), base + m.end()
    if fix["action"] == "replace":
        return Edit(start, end, rx.expand(m, rule.params.replacement or ""))  # set for replace (validate)
    if fix["action"] == "delete":
        return Edit(start, end, "")
    return delete_line_edit(doc, doc.line_at(start))


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    o = rule.params
    fix_spec = o.fix
    groups: list[list[tuple[int, re.Match[str]]]] = []
    for base, m in _matches(doc, rule, state, ctx):
        if o.group == "line" and groups and doc.line_at(groups[-1][0][0]).number == doc.line_at(base).number:
            groups[-1].append((base, m))
        else:
            groups.append([(base, m)])
    for group in groups:
        base, first = group[0]
        lbase, last = group[-1]
        replacement = rx.expand(first, o.replacement) if o.replacement is not None else ""
        values: dict[str, Any] = {"match": clip(first.group(0)), "replacement": replacement, "count": len(group)}
        edits = [e for b, m in group if (e := _edit(doc, rule, b, m)) is not None]
        if fix_spec and fix_spec["action"] == "delete-line":
            edits = edits[:1]
        fix = (
            Fix(tuple(edits), fix_spec["safe"], rule.format(fix_spec["description"], **values) if fix_spec["description"] else "")
            if edits and fix_spec
            else None
        )
        suggestion = rule.format(o.suggestion, **values) if o.suggestion else None
        message = rule.format(**values)
        yield ctx.report(rule, base + first.start(), lbase + last.end(), message, suggestion=suggestion, fix=fix)


CHECK: Check[State, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
