"""``genre``: is the document an annual 法治政府建设 / 法治建设 report at all?

A 政府工作报告, a 政府信息公开工作年度报告, a 工作要点, a 通知 or a 讲话 fed to fzlint
would otherwise get "missing required part" errors as if it were a defective report.
The decision reads only the title, the opening paragraphs and the headings, against
cues that are pack data:

1. the title: a title cue of another genre marked ``strong`` (工作要点, 通知, 讲话 … —
   they win even when the title names 法治) → that genre; else the genre's own
   ``report.title`` cues → the genre; else a weak title cue of another genre (a
   工作总结 whose title does not name the topic) → that genre;
2. without a decision from the title: the genre's ``report.opening`` / ``report.headings``
   cues → the genre; else the first other genre with an opening or heading cue;
3. nothing matched → the genre (never fire on a report nobody wrote a cue for).

When the document is another genre, the engine skips the rules listed in ``skip``
(:func:`applicable`) and this rule reports one finding naming what it looks like.
``--genre report|other`` (config ``genre``) overrides the decision; an explicit
override reports nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..diagnostic import Diagnostic
from ..packs.schema import F, ListOf, Schema, param, params
from .base import Context, check_template, compile_pattern
from .contract import Check

if TYPE_CHECKING:
    from ..packs.config import Settings
    from ..packs.loader import Rule, RuleSet
    from ..parse.document import Document

NAME = "genre"
_CUES = {
    "title": F(ListOf(str), default=[]),
    "opening": F(ListOf(str), default=[]),
    "headings": F(ListOf(str), default=[]),
}


@params
class Params:
    skip: list[str] = param(ListOf(str), default=[])
    opening_lines: int = param(int, default=6)
    report: dict[str, Any] = param(Schema(dict(_CUES)), required=True)
    genres: list[dict[str, Any]] = param(ListOf(Schema({"name": F(str, required=True), "strong": F(bool, default=False), **_CUES})),
                                         default=[])


PLACEHOLDERS = frozenset({"genre", "reason"})

#: The key under which the engine leaves the decision in ``Context.options``.
DECISION = "genre.decision"


@dataclass(frozen=True)
class Cues:
    """Compiled cue patterns of one genre for the title, the opening lines and the headings."""

    title: tuple[re.Pattern[str], ...]
    opening: tuple[re.Pattern[str], ...]
    headings: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Genre:
    """Another genre a document may be (from the pack): its name, cues, and whether its title cue decides alone."""

    name: str
    strong: bool
    cues: Cues


@dataclass(frozen=True)
class State:
    """The report's cues, the other genres and the rule codes skipped for them, built by ``prepare``."""

    report: Cues
    genres: tuple[Genre, ...]
    skip: tuple[str, ...]
    opening_lines: int


@dataclass(frozen=True)
class Decision:
    """What ``classify`` or the settings decided about a document's genre, and on what grounds."""

    other: str | None  # the other genre's name; None: a report of the genre
    reason: str  # 标题 | 开头 | 标题层次 | 设置
    auto: bool  # decided from the text, not by --genre / config


def _cues(d: dict[str, list[str]]) -> Cues:
    return Cues(*(tuple(compile_pattern(p) for p in d[k]) for k in ("title", "opening", "headings")))


def validate(rule: Rule[Params]) -> None:
    check_template(rule.message, PLACEHOLDERS, "message")
    if rule.params.opening_lines < 1:
        raise ValueError("opening_lines 应为正整数")
    prepare(rule)


def prepare(rule: Rule[Params]) -> State:
    o = rule.params
    genres = tuple(Genre(g["name"], g["strong"], _cues(g)) for g in o.genres)
    return State(_cues(o.report), genres, tuple(o.skip), o.opening_lines)


def _any(patterns: Sequence[re.Pattern[str]], texts: Sequence[str]) -> bool:
    return any(p.search(t) for p in patterns for t in texts)


def classify(doc: Document, state: State) -> Decision:
    """The genre of ``doc`` from its title, opening and headings (see the module doc)."""
    title = [doc.title.text] if doc.title is not None else []
    if title:
        for g in state.genres:
            if g.strong and _any(g.cues.title, title):
                return Decision(g.name, "标题", True)
        if _any(state.report.title, title):
            return Decision(None, "标题", True)
    weak = next((g for g in state.genres if not g.strong and _any(g.cues.title, title)), None)
    first_heading = doc.headings[0].start if doc.headings else doc.body_end
    opening = [ln.content for ln in doc.paragraphs(doc.body_start, min(first_heading, doc.body_end))]
    opening = opening[: state.opening_lines]
    if not title:  # no title found: the first lines are the opening (the title may be among them)
        opening = [ln.content for ln in doc.paragraphs()][: state.opening_lines]
    headings = [h.text for h in doc.headings]
    if _any(state.report.opening, opening) or _any(state.report.headings, headings):
        return Decision(None, "开头", True)
    if weak is not None:  # a title of another topic, and nothing in the opening says otherwise
        return Decision(weak.name, "标题", True)
    for g in state.genres:
        if _any(g.cues.opening, opening):
            return Decision(g.name, "开头", True)
        if _any(g.cues.headings, headings):
            return Decision(g.name, "标题层次", True)
    return Decision(None, "", True)


def _genre_rule(ruleset: RuleSet) -> Rule[Params] | None:
    return next((r for r in ruleset.rules if r.check == NAME), None)


def _skipped(code: str, skip: Sequence[str]) -> bool:
    return any(code == s or (len(s) < len(code) and code.startswith(s)) for s in skip)


def applicable(doc: Document, ruleset: RuleSet, settings: Settings, rules: list[Rule]) -> tuple[list[Rule], Decision]:
    """``rules`` without those that only make sense for the genre when ``doc`` is another
    genre, and the decision.  The genre rule's data decide (whether or not it is enabled:
    ignoring it silences the finding, ``--genre report`` runs every rule)."""
    mode = getattr(settings, "genre", "auto") or "auto"
    if mode == "report":
        return rules, Decision(None, "设置", False)
    rule = _genre_rule(ruleset)
    if rule is None:
        return rules, Decision(None, "", mode == "auto")
    state: State = ruleset.state(rule)
    decision = classify(doc, state) if mode == "auto" else Decision("其他文种", "设置", False)
    if decision.other is None:
        return rules, decision
    return [r for r in rules if not _skipped(r.code, state.skip)], decision


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    decision = ctx.options.get(DECISION)
    if decision is None:  # run outside the engine: decide here
        decision = classify(doc, state)
    if decision.other is None or not decision.auto:
        return
    if doc.title is not None:
        start, end = doc.title.start, doc.title.end
    else:
        first = next(doc.paragraphs(), None)
        if first is None:
            return
        start, end = first.content_start, first.content_end
    yield ctx.report(rule, start, end, genre=decision.other, reason=decision.reason,
                     data=(("genre", decision.other),))


CHECK: Check[State, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
