"""The timeline of a ``stale_terms`` rule (:mod:`fzlint.checks.stale_terms`): its fields,
its entries validated and compiled once (:func:`prepare`: a term with its variants, the
report years it is right for, the date it came into being, what to write instead), and
the lines of a document each regex can match in (:func:`planned`).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..diagnostic import SEVERITY_NAMES
from ..infra import rx
from ..packs.schema import F, ListOf, MapOf, OneOf, Schema, param, params
from . import _time as T
from .base import check_template, compile_pattern
from .prefilter import Prefilter

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..packs.loader import Rule
    from ..parse.document import Line
    from .prefilter import Lines


_SEV = OneOf(SEVERITY_NAMES)
_REGEX = F(str, default=None)
ENTRY = Schema(
    {
        "id": F(str, required=True),
        "name": F(str, required=True, doc="canonical form, shown in messages and explain"),
        "terms": F(ListOf(str, allow_single=True), default=[], doc="literal forms; quotes between characters allowed"),
        "patterns": F(ListOf(str, allow_single=True), default=[], doc="regexes (macros {dash} {lp} {rp} {q} {year})"),
        "example": F(str, default=None, doc="a phrase that must match (tests, explain)"),
        "valid_from": F(int, default=None, doc="first report year a present-tense mention is right"),
        "valid_until": F(int, default=None, doc="last report year a present-tense mention is right"),
        "issued": F(Any, default=None, check=T.date_error, doc="YYYY-MM-DD the term came into being"),
        "published": F(Any, default=None, check=T.date_error,
                       doc="YYYY-MM-DD the document was published: suggested as a successor only to reports written after"),
        "window": F(str, default=None, doc="how the window reads in messages (default: from the years)"),
        "replacement": F(str, default=""),
        "successor": F(str, default=None, doc="id of the entry that replaced this one (its name is suggested)"),
        "replacement_by_unit": F(ListOf(Schema({"unit": F(str, required=True), "replacement": F(str, required=True)})),
                                 default=[], doc="the replacement for the reporting unit's level: first `unit` regex "
                                                 "matching the issuer (title before the year, else the signature)"),
        "severity": F(_SEV, default=None),
        "severity_before": F(_SEV, default="error"),
        "plans_severity": F(_SEV, default=None),
        "title_severity": F(_SEV, default=None),
        "severity_by_year": F(MapOf(_SEV), default={}, doc="as-of year → severity of a stale mention"),
        "retrospective": _REGEX,
        "grace": F(int, default=1),
        "historical": _REGEX,
        "requires": _REGEX,
        "before_ok": _REGEX,
        "before_ok_years": F(int, default=None, doc="before_ok applies only this many years before valid_from"),
        "boundary": F(bool, default=False, doc="match only on word boundaries (segmenter)"),
        "unconfirmed": F(bool, default=False, doc="dates not confirmed by a source; keep them editable"),
        "note": F(str, default=""),
        "source": F(str, default=""),
    }
)
# Message fragments, all pack data (str.format placeholders in braces).
WORDING_KEYS = frozenset({
    "asof_report",      # {year}
    "asof_plans",       # {year}
    "asof_written",     # {year} {date}
    "hint_replace",     # {replacement}
    "hint_check",       # {replacement}
    "suggest_replace",  # {replacement}
    "suggest_check",    # {name}
    "window_range",     # {a} {b}
    "window_year",      # {a}
    "window_from",      # {a}
    "window_until",     # {b}
    "window_issued",    # {date}
    "since_year",       # {a}
    "since_date",       # {date}
    "dated_name",
    "ex_head", "ex_intro", "ex_plans",  # {severity}
    "ex_entry",         # {name} {variants} {window}
    "ex_variants",      # {list}
    "ex_issued",        # {date}
    "ex_expired",       # {year} {replacement}
    "ex_expired_plain",  # {year}
    "ex_retro",         # {grace} {cues}
    "ex_unconfirmed", "ex_note", "ex_source", "ex_dated",  # {note} / {source}
})


class _Unset:
    """An ``adjust`` key the pack did not set.  One instance, compared by identity;
    it pickles as a reference to itself (rule sets are cached as pickles)."""

    def __reduce__(self) -> str:
        return "_UNSET"

    def __repr__(self) -> str:
        return "_UNSET"


_UNSET = _Unset()
ADJUSTABLE = ("valid_from", "valid_until", "issued", "published", "replacement", "successor", "severity", "severity_by_year",
              "unconfirmed", "note")


@params
class Params:
    terms: list[dict[str, Any]] = param(ListOf(ENTRY), required=True)
    adjust: dict[str, dict[str, Any]] = param(MapOf(Schema({k: replace(ENTRY.fields[k], default=_UNSET) for k in ADJUSTABLE})), default={},
                                              doc="entry id → changed fields; lets a user pack move a date without copying the timeline")
    message_before: str = param(str, required=True)
    wording: dict[str, str] = param(MapOf(str), required=True)
    plans_part: str = param(str, default="plans")
    plans_severity: str | None = param(_SEV, default=None)
    title_severity: str | None = param(_SEV, default=None, doc="at most this inside a 《…》 title outside the plans (entries may override)")
    historical: list[str] = param(ListOf(str, allow_single=True), default=[], doc="context regexes excusing every entry")
    dated_titles: dict[str, Any] | None = param(
        Schema(
            {
                "patterns": F(ListOf(str, allow_single=True), required=True, doc="groups a (first) and b (last year)"),
                "severity": F(_SEV, default="warning"),
                "title_severity": F(_SEV, default="info"),
                "retrospective": _REGEX,
                "hint": F(str, default=""),
            }
        ),
        default=None,
    )


PLACEHOLDERS = frozenset({"match", "name", "window", "since", "asof", "hint", "year"})


@dataclass(frozen=True)
class Entry:
    """One term of the timeline, validated and compiled: its variants, its fields and the date it came into being."""

    id: str
    name: str
    regexes: tuple[re.Pattern[str], ...]
    spec: dict[str, Any]
    issued: _dt.date | None
    ctx: dict[str, re.Pattern[str] | None]

    @property
    def first_year(self) -> int | None:
        return self.spec["valid_from"] if self.spec["valid_from"] is not None else (
            self.issued.year if self.issued else None)


@dataclass(frozen=True)
class State:
    """The prepared timeline: its entries, the historical and dated patterns, the messages' wording and the
    lines each regex can match in."""

    entries: tuple[Entry, ...]
    by_id: dict[str, Entry]
    historical: tuple[re.Pattern[str], ...]
    dated: tuple[re.Pattern[str], ...]
    dated_retro: re.Pattern[str] | None
    words: dict[str, str]
    # What a line must contain for a regex to be worth running (see planned): per entry,
    # per regex, the denoised terms (for the terms' alternation) or the required literals.
    needs: tuple[tuple[tuple[tuple[str, ...] | None, frozenset[str] | None], ...], ...] = ()
    dated_needs: tuple[frozenset[str] | None, ...] = ()
    plan: Plan | None = None  # which lines each regex can match in (see planned)


@dataclass(frozen=True)
class Plan:
    """How :func:`planned` finds the lines each regex of a rule can match in."""

    pairs: tuple[tuple[Entry | None, re.Pattern[str]], ...]  # (entry, regex) in order, then (None, dated regex)
    literal: Prefilter  # over the regexes found by their required literals: pattern k is pairs[literal_at[k]]
    literal_at: tuple[int, ...]
    terms: re.Pattern[str] | None  # any terms alternation (one search finds the lines of them all)
    term_at: tuple[tuple[int, re.Pattern[str]], ...]  # (index into pairs, terms alternation)
    every_at: tuple[int, ...]  # the regexes without a prefilter: every line


def _entries(rule: Rule[Params]) -> list[dict[str, Any]]:
    """The timeline with ``adjust`` applied (only the keys an adjustment sets)."""
    adjust = rule.params.adjust
    out = []
    for e in rule.params.terms:
        changes = adjust.get(e["id"])
        if changes:
            e = {**e, **{k: v for k, v in changes.items() if v is not _UNSET}}
        out.append(e)
    return out


def validate(rule: Rule[Params]) -> None:
    o = rule.params
    check_template(o.message_before, PLACEHOLDERS, "message_before")
    unknown = set(o.adjust) - {e["id"] for e in o.terms}
    if unknown:
        raise ValueError(f"adjust 中的条目 {sorted(unknown)[0]} 不存在")
    missing = WORDING_KEYS - set(o.wording)
    if missing:
        raise ValueError(f"wording 缺少：{', '.join(sorted(missing))}")
    ids: set[str] = set()
    for e in _entries(rule):
        where = f"terms[{e['id']}]"
        if e["id"] in ids:
            raise ValueError(f"{where}: id 重复")
        ids.add(e["id"])
        if e["valid_from"] is None and e["valid_until"] is None and e["issued"] is None:
            raise ValueError(f"{where}: 需要 valid_from、valid_until 或 issued 之一")
        if e["valid_from"] is not None and e["valid_until"] is not None and e["valid_until"] < e["valid_from"] - 1:
            raise ValueError(f"{where}: valid_until 早于 valid_from")
        for y in e["severity_by_year"]:
            if not str(y).isdigit():
                raise ValueError(f"{where}: severity_by_year 的键应为年份：{y!r}")
    for e in _entries(rule):
        for choice in e["replacement_by_unit"]:
            compile_pattern(choice["unit"])
        if e["successor"] is not None and e["successor"] not in ids:
            raise ValueError(f"terms[{e['id']}]: successor '{e['successor']}' 不是本规则中的 id")
    state = prepare(rule)
    for entry in state.entries:
        ex = entry.spec["example"]
        if ex is not None and not any(r.search(ex) for r in entry.regexes):
            raise ValueError(f"terms[{entry.id}]: example {ex!r} 不匹配该条目的 terms/patterns")


def _opt(p: str | None) -> re.Pattern[str] | None:
    return T.compile_expanded(p) if p else None


def prepare(rule: Rule[Params]) -> State:
    o = rule.params
    entries = []
    for e in _entries(rule):
        alts = [T.literal_regex(t) for t in sorted(e["terms"], key=len, reverse=True)]
        regexes = [T.compile_expanded(p) for p in e["patterns"]]
        if alts:
            regexes.insert(0, rx.compile("|".join(alts)))
        issued = T.parse_date(e["issued"]) if e["issued"] else None
        ctx = {k: _opt(e[k]) for k in ("retrospective", "historical", "requires", "before_ok")}
        entries.append(Entry(e["id"], e["name"], tuple(regexes), e, issued, ctx))
    dt = o.dated_titles
    dated = tuple(T.compile_expanded(p) for p in dt["patterns"]) if dt else ()
    needs = []
    for entry in entries:
        first_terms = bool(entry.spec["terms"])
        needs.append(tuple(
            (tuple(_denoise(t) for t in entry.spec["terms"]), None) if k == 0 and first_terms else (None, rx.required(r))
            for k, r in enumerate(entry.regexes)
        ))
    dated_needs = tuple(rx.required(r) for r in dated)
    return State(
        tuple(entries),
        {e.id: e for e in entries},
        tuple(T.compile_expanded(p) for p in o.historical),
        dated,
        _opt(dt["retrospective"]) if dt else None,
        dict(o.wording),
        tuple(needs),
        dated_needs,
        _plan(entries, needs, dated, dated_needs),
    )


Need = tuple[tuple[str, ...] | None, frozenset[str] | None]  # (denoised terms, required literals) of a regex


def _plan(entries: list[Entry], needs: Sequence[Sequence[Need]],
          dated: tuple[re.Pattern[str], ...], dated_needs: tuple[frozenset[str] | None, ...]) -> Plan:
    pairs: list[tuple[Entry | None, re.Pattern[str]]] = []
    literal_reqs: list[frozenset[str]] = []
    literal_at: list[int] = []
    term_at: list[tuple[int, re.Pattern[str]]] = []
    every_at: list[int] = []
    kinds: list[tuple[Entry | None, re.Pattern[str], Need]] = [
        (entry, r, need) for entry, entry_needs in zip(entries, needs, strict=True)
        for r, need in zip(entry.regexes, entry_needs, strict=True)]
    kinds += [(None, r, (None, req)) for r, req in zip(dated, dated_needs, strict=True)]
    for entry, r, (terms, req) in kinds:
        if terms is not None:
            term_at.append((len(pairs), r))
        elif req is not None:
            literal_reqs.append(req)
            literal_at.append(len(pairs))
        else:
            every_at.append(len(pairs))
        pairs.append((entry, r))
    # a terms alternation is plain characters and gaps: the lines holding a match of one are
    # the lines their union, searched over the whole text, starts a match in
    union = rx.compile("|".join(r.pattern for _, r in term_at)) if term_at else None
    return Plan(tuple(pairs), Prefilter.of(literal_reqs), tuple(literal_at), union, tuple(term_at), tuple(every_at))


# ---- which lines a regex can match in ----------------------------------------------------
# A term matches with quotation marks and spaces between its characters (T.literal_regex:
# ``“七五”普法``); the terms' alternation is plain characters and such gaps, so the lines it
# can match in are the lines the alternation itself, searched over the whole text, starts a
# match in.  A pattern can only match where one of its required literals (rx.required)
# occurs.  Both are exact necessary conditions, found in one pass per regex and document
# (Lines.holding): a regex that cannot match anywhere costs one search.
_NOISE = rx.compile(f"[\\s{re.escape(T.QUOTES)}]+")


def _denoise(text: str) -> str:
    return _NOISE.sub("", text)


def planned(state: State, lines: Lines, scope: str,
            ) -> Iterator[tuple[Line, list[tuple[Entry, re.Pattern[str]]], list[re.Pattern[str]]]]:
    """The lines of ``scope`` where a regex of the rule can match, each with those regexes:
    (entry, regex) in the order of the entries and their regexes, then the dated titles'.
    Lines where none can are left out."""
    plan = state.plan
    assert plan is not None  # set by prepare
    at: dict[int, list[int]] = {}  # line → the regexes (indices into plan.pairs) that can match in it
    literal_at = plan.literal_at
    for i, ks in plan.literal.admitted(lines):
        at[i] = [literal_at[k] for k in ks]
    if plan.terms is not None:
        text, paras = lines.text, lines.paras
        for i in lines.holding(plan.terms):
            lo, hi = paras[i].content_start, paras[i].content_end
            found = [k for k, r in plan.term_at if r.search(text, lo, hi)]
            if found:
                at.setdefault(i, []).extend(found)
    if plan.every_at:
        for i in range(len(lines.paras)):
            at.setdefault(i, []).extend(plan.every_at)
    pairs = plan.pairs
    for i, ln in lines.select(scope, sorted(at)):
        found = sorted(at[i])
        named = [(e, r) for e, r in (pairs[k] for k in found) if e is not None]
        yield ln, named, [r for e, r in (pairs[k] for k in found) if e is None]
