"""``stale_terms``: time-bound references used outside their window.

Each rule carries a timeline (``terms``): a term with its variants, the report years
for which a present-tense mention is right (``valid_from``/``valid_until``) or the
date it came into being (``issued``), and what to write instead.  Two directions:

* **stale** — the year a passage is judged against (the report year Y; Y+1 inside
  the plans section, which speaks of next year) is after ``valid_until``:
  ``七五普法`` in a 2023 report;
* **anachronism** — the term did not exist yet: that year is before ``valid_from``,
  or, for ``issued`` terms, the report was written (its signature date, else 31
  March of Y+1) before the term existed: ``九五普法`` in a 2023 report.

The sentence around a match (the match replaced by ``@``) can excuse a mention:
``historical`` (any year: ``“十三五”时期``, ``原法制办``), ``retrospective`` (only
``grace`` years after the window: ``七五普法总结验收`` in 2021), ``before_ok`` (talk
of drafting before the start: ``谋划“十五五”``), and ``requires`` (a stale mention
counts only when it matches: a campaign named as ongoing).  Inside a 《…》 title
outside the plans section a stale mention gets at most ``title_severity``.
``dated_titles`` extends a rule to any plan whose name carries its period
(``《…规划（2016—2020年）》``) and no named entry covers.

Message fragments come from the rule's ``wording`` (pack data); ``explain_details``
generates the timeline shown by ``fzlint explain`` from the entries.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..diagnostic import SEVERITY_NAMES, Diagnostic, Severity
from ..infra import rx
from ..packs.schema import F, ListOf, MapOf, OneOf, Schema
from . import _time as T
from .base import Context, check_template, clip, compile_pattern, scoped_lines
from .contract import Check

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "stale_terms"
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
FIELDS = {
    "terms": F(ListOf(ENTRY), required=True),
    "adjust": F(MapOf(Schema({k: replace(ENTRY.fields[k], default=_UNSET) for k in ADJUSTABLE})), default={},
                doc="entry id → changed fields; lets a user pack move a date without copying the timeline"),
    "message_before": F(str, required=True),
    "wording": F(MapOf(str), required=True),
    "plans_part": F(str, default="plans"),
    "plans_severity": F(_SEV, default=None),
    "title_severity": F(_SEV, default=None, doc="at most this inside a 《…》 title outside the plans (entries may override)"),
    "historical": F(ListOf(str, allow_single=True), default=[], doc="context regexes excusing every entry"),
    "dated_titles": F(
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
    ),
}
PLACEHOLDERS = frozenset({"match", "name", "window", "since", "asof", "hint", "year"})


@dataclass(frozen=True)
class Entry:
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
    entries: tuple[Entry, ...]
    by_id: dict[str, Entry]
    historical: tuple[re.Pattern[str], ...]
    dated: tuple[re.Pattern[str], ...]
    dated_retro: re.Pattern[str] | None
    words: dict[str, str]
    # What a document must contain for a regex to be worth running (see _active): per entry,
    # per regex, the denoised terms (for the terms' alternation) or the required literals.
    needs: tuple[tuple[tuple[tuple[str, ...] | None, frozenset[str] | None], ...], ...] = ()
    dated_needs: tuple[frozenset[str] | None, ...] = ()


def _entries(rule: Rule) -> list[dict[str, Any]]:
    """The timeline with ``adjust`` applied (only the keys an adjustment sets)."""
    adjust = rule.options["adjust"]
    out = []
    for e in rule.options["terms"]:
        changes = adjust.get(e["id"])
        if changes:
            e = {**e, **{k: v for k, v in changes.items() if v is not _UNSET}}
        out.append(e)
    return out


def validate(rule: Rule) -> None:
    o = rule.options
    check_template(o["message_before"], PLACEHOLDERS, "message_before")
    unknown = set(o["adjust"]) - {e["id"] for e in o["terms"]}
    if unknown:
        raise ValueError(f"adjust 中的条目 {sorted(unknown)[0]} 不存在")
    missing = WORDING_KEYS - set(o["wording"])
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


def prepare(rule: Rule) -> State:
    o = rule.options
    entries = []
    for e in _entries(rule):
        alts = [T.literal_regex(t) for t in sorted(e["terms"], key=len, reverse=True)]
        regexes = [T.compile_expanded(p) for p in e["patterns"]]
        if alts:
            regexes.insert(0, rx.compile("|".join(alts)))
        issued = T.parse_date(e["issued"]) if e["issued"] else None
        ctx = {k: _opt(e[k]) for k in ("retrospective", "historical", "requires", "before_ok")}
        entries.append(Entry(e["id"], e["name"], tuple(regexes), e, issued, ctx))
    dt = o["dated_titles"]
    dated = tuple(T.compile_expanded(p) for p in dt["patterns"]) if dt else ()
    needs = []
    for entry in entries:
        first_terms = bool(entry.spec["terms"])
        needs.append(tuple(
            (tuple(_denoise(t) for t in entry.spec["terms"]), None) if k == 0 and first_terms else (None, rx.required(r))
            for k, r in enumerate(entry.regexes)
        ))
    return State(
        tuple(entries),
        {e.id: e for e in entries},
        tuple(T.compile_expanded(p) for p in o["historical"]),
        dated,
        _opt(dt["retrospective"]) if dt else None,
        dict(o["wording"]),
        tuple(needs),
        tuple(rx.required(r) for r in dated),
    )


# ---- which regexes can match a document -------------------------------------------------
# A term matches with quotation marks and spaces between its characters (T.literal_regex:
# ``“七五”普法``), so a term can only match where the text with those removed contains
# the term with those removed.  A pattern can only match where one of its required
# literals (rx.required) occurs.  Both are exact necessary conditions, checked once per
# document: a regex that cannot match anywhere is not run on any line.
_NOISE = rx.compile(f"[\\s{re.escape(T.QUOTES)}]+")
_denoised: tuple[str, str] = ("", "")


def _denoise(text: str) -> str:
    return _NOISE.sub("", text)


def _denoised_text(text: str) -> str:
    global _denoised
    if _denoised[0] is not text:  # the five stale_terms rules lint the same text in a row
        _denoised = (text, _denoise(text))
    return _denoised[1]


def _can_match(need: tuple[tuple[str, ...] | None, frozenset[str] | None], text: str) -> bool:
    terms, req = need
    if terms is not None:
        dtext = _denoised_text(text)
        return any(t in dtext for t in terms)
    return req is None or any(x in text for x in req)


def _active(state: State, text: str) -> tuple[list[tuple[Entry, list[re.Pattern[str]]]], list[re.Pattern[str]]]:
    entries = []
    for entry, needs in zip(state.entries, state.needs, strict=True):
        regexes = [r for r, need in zip(entry.regexes, needs, strict=True) if _can_match(need, text)]
        if regexes:
            entries.append((entry, regexes))
    dated = [r for r, req in zip(state.dated, state.dated_needs, strict=True)
             if req is None or any(x in text for x in req)]
    return entries, dated


# ---- evaluation -----------------------------------------------------------------------
@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    severity: Severity
    message: str
    suggestion: str | None
    priority: int  # named entries (0) win over dated titles (1) in an overlap


def window_text(entry: Entry, w: dict[str, str]) -> str:
    spec = entry.spec
    if spec["window"]:
        return str(spec["window"])
    a, b = spec["valid_from"], spec["valid_until"]
    if a is not None and b is not None:
        return w["window_range"].format(a=a, b=b) if a != b else w["window_year"].format(a=a)
    if a is not None:
        return w["window_from"].format(a=a)
    if b is not None:
        return w["window_until"].format(b=b)
    assert entry.issued is not None
    return w["window_issued"].format(date=T.fmt_date(entry.issued))


def _valid_in(entry: Entry, year: int) -> bool:
    lo, hi = entry.first_year, entry.spec["valid_until"]
    return (lo is None or lo <= year) and (hi is None or year <= hi)


def _published_by(entry: Entry, written: _dt.date | None) -> bool:
    pub = entry.spec.get("published")
    return written is None or pub is None or T.parse_date(pub) <= written


def replacement(state: State, entry: Entry, as_of: int, written: _dt.date | None = None) -> str:
    """The successor valid in ``as_of`` (following the chain), else the literal
    ``replacement``, else the last successor's name — but never a successor published
    after ``written`` (the report's date): a report cannot cite what did not yet exist,
    so then nothing is suggested."""
    seen, last = {entry.id}, None
    nxt = entry.spec["successor"]
    while nxt and nxt not in seen:
        seen.add(nxt)
        last = state.by_id[nxt]
        if not _published_by(last, written):
            return ""
        if _valid_in(last, as_of):
            return last.name
        nxt = last.spec["successor"]
    return entry.spec["replacement"] or (last.name if last else "")


def _unit_replacement(doc: Document, by_unit: list[dict[str, str]]) -> str:
    """The replacement that fits the reporting unit's level (司法所 for a 街道 or 乡镇,
    司法局 for a 区县 or 市 …), or "" when the issuer is unknown or fits none."""
    if not by_unit:
        return ""
    sig = doc.signature.body.text if doc.signature is not None and doc.signature.body is not None else None
    issuer = (doc.issuer or sig or "").strip()
    issuer = re.sub(r"(?:关于)$", "", issuer)
    if not issuer:
        return ""
    for choice in by_unit:
        if compile_pattern(choice["unit"]).search(issuer):
            return choice["replacement"]
    return ""


def _sev(name: str | None, default: Severity) -> Severity:
    return Severity.parse(name) if name else default


def _evaluate(entry: Entry, state: State, rule: Rule, doc: Document, year: int,
              a: int, b: int, lo: int, hi: int) -> Hit | None:
    spec, text, w = entry.spec, doc.text, state.words
    as_of, in_plans = T.section_year(doc, a, year, rule.options["plans_part"])
    ctx = T.context(text, a, b, lo, hi)
    start = T.widen_quote(text, a, b)
    shown = "".join(ch for ch in text[start:b] if ch not in T.QUOTES)  # the message quotes it again
    values = {"match": clip(shown), "name": entry.name, "window": window_text(entry, w),
              "asof": (w["asof_plans"] if in_plans else w["asof_report"]).format(year=as_of), "year": str(as_of)}
    values["since"] = (w["since_date"].format(date=T.fmt_date(entry.issued)) if entry.issued is not None
                       else w["since_year"].format(a=spec["valid_from"]))
    if entry.issued is not None:
        written = T.writing_date(doc, year)
        before = written < entry.issued
        if before:
            values["asof"] = w["asof_written"].format(year=year, date=T.fmt_date(written))
    else:
        before = spec["valid_from"] is not None and as_of < spec["valid_from"]
    if before:
        early = spec["valid_from"] - as_of if spec["valid_from"] is not None else 0
        if (entry.ctx["before_ok"] is not None and entry.ctx["before_ok"].search(ctx)
                and (spec["before_ok_years"] is None or early <= spec["before_ok_years"])):
            return None
        repl = spec["replacement"]
        hint = w["hint_check"].format(replacement=repl) if repl else ""
        msg = rule.format(rule.options["message_before"], **values, hint=hint)
        return Hit(start, b, Severity.parse(spec["severity_before"]), msg, w["suggest_check"].format(name=entry.name), 0)
    if spec["valid_until"] is None or as_of <= spec["valid_until"]:
        return None
    hist = entry.ctx["historical"]
    if any(h.search(ctx) for h in state.historical) or (hist is not None and hist.search(ctx)):
        return None
    if entry.ctx["requires"] is not None and not entry.ctx["requires"].search(ctx):
        return None
    retro = entry.ctx["retrospective"]
    if retro is not None and as_of - spec["valid_until"] <= spec["grace"] and retro.search(ctx):
        return None
    sev = _sev(spec["severity"], rule.severity)
    if in_plans:
        sev = _sev(spec["plans_severity"] or rule.options["plans_severity"], sev)
    elif (cap := spec["title_severity"] or rule.options["title_severity"]) and T.inside_title(text, a, b, lo, hi):
        sev = min(sev, Severity.parse(cap))
    sev = _sev(spec["severity_by_year"].get(str(as_of)), sev)
    repl = _unit_replacement(doc, spec["replacement_by_unit"]) or replacement(state, entry, as_of,
                                                                              T.writing_date(doc, year))
    hint = w["hint_replace"].format(replacement=repl) if repl else ""
    suggestion = w["suggest_replace"].format(replacement=repl) if repl else None
    return Hit(start, b, sev, rule.format(**values, hint=hint), suggestion, 0)


def _evaluate_dated(m: re.Match[str], state: State, rule: Rule, doc: Document, year: int,
                    lo: int, hi: int) -> Hit | None:
    dt, w = rule.options["dated_titles"], state.words
    a, b = m.span()
    first, last = int(m.group("a")), int(m.group("b"))
    as_of, in_plans = T.section_year(doc, a, year, rule.options["plans_part"])
    if last >= as_of or last < first:
        return None
    ctx = T.context(doc.text, a, b, lo, hi)
    if state.dated_retro is not None and as_of - last <= 1 and state.dated_retro.search(ctx):
        return None
    if any(h.search(ctx) for h in state.historical):
        return None
    sev = Severity.parse(dt["severity"])
    if in_plans:
        sev = _sev(rule.options["plans_severity"], sev)
    elif T.inside_title(doc.text, a, b, lo, hi):
        sev = min(sev, Severity.parse(dt["title_severity"]))
    values = {"match": clip(m.group(0)), "name": w["dated_name"], "window": w["window_range"].format(a=first, b=last),
              "asof": (w["asof_plans"] if in_plans else w["asof_report"]).format(year=as_of), "year": str(as_of)}
    return Hit(a, b, sev, rule.format(**values, hint=dt["hint"]), None, 1)


def _on_boundaries(text: str, a: int, b: int, lo: int, hi: int) -> bool:
    from ..analysis import segment

    return segment.on_word_boundaries(text[lo:hi], a - lo, b - lo)


def check(doc: Document, rule: Rule, state: State, ctx: Context) -> Iterator[Diagnostic]:
    year = ctx.year
    if year is None:
        return  # FZ310 says the year is unknown; nothing is judged against a guess
    text = doc.text
    entries, dated = _active(state, text)
    if not entries and not dated:
        return
    for ln in scoped_lines(doc, rule.scope):
        lo, hi = ln.content_start, ln.content_end
        hits: list[tuple[int, int, Hit | None]] = []
        for entry, regexes in entries:
            for regex in regexes:
                for m in regex.finditer(text, lo, hi):
                    a, b = m.span()
                    if a == b or (entry.spec["boundary"] and not _on_boundaries(text, a, b, lo, hi)):
                        continue
                    hits.append((a, b, _evaluate(entry, state, rule, doc, year, a, b, lo, hi)))
        named = [(a, b) for a, b, _ in hits]
        for regex in dated:
            for m in regex.finditer(text, lo, hi):
                if not any(a < m.end() and m.start() < b for a, b in named):
                    hits.append((m.start(), m.end(), _evaluate_dated(m, state, rule, doc, year, lo, hi)))
        yield from _resolve(hits, rule, ctx)


def _resolve(hits: list[tuple[int, int, Hit | None]], rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    """One finding per cluster of overlapping matches: the most severe, then the longest."""
    hits.sort(key=lambda h: (h[0], -h[1]))
    clusters: list[list[tuple[int, int, Hit | None]]] = []
    end = -1
    for h in hits:
        if clusters and h[0] < end:
            clusters[-1].append(h)
            end = max(end, h[1])
        else:
            clusters.append([h])
            end = h[1]
    for cluster in clusters:
        found = [x[2] for x in cluster if x[2] is not None]
        if found:
            best = max(found, key=lambda x: (-x.priority, x.severity, x.end - x.start))
            d = ctx.report(rule, best.start, best.end, best.message, suggestion=best.suggestion)
            yield replace(d, severity=best.severity)


def _plain(regex: str) -> str:
    """A context regex as readable words: ``总结|顺利(?:实施)?完成`` → ``总结、顺利实施完成``,
    ``贯彻落实[五5]年来`` → ``贯彻落实五年来`` (a character class reads as its first character)."""
    regex = re.sub(r"\[([^\]\\^-])[^\]]*\]", r"\1", regex)
    return re.sub(r"\(\?:|\)\??|\\s\*|\?", "", regex).replace("|", "、")


def explain_details(rule: Rule) -> list[str]:
    """The rule's timeline, generated from its entries (shown by ``fzlint explain``)."""
    state: State = prepare(rule)
    w = state.words
    out = [w["ex_head"], w["ex_intro"]]
    if rule.options["plans_severity"]:
        out.append(w["ex_plans"].format(severity=Severity.parse(rule.options["plans_severity"]).zh))
    for e in state.entries:
        s = e.spec
        variants = [v for v in s["terms"] if v != e.name]
        if e.issued is not None and s["valid_from"] is None:
            window = w["ex_issued"].format(date=T.fmt_date(e.issued))
        else:
            window = window_text(e, w)
        line = w["ex_entry"].format(name=e.name, window=window,
                                    variants=w["ex_variants"].format(list="、".join(variants)) if variants else "")
        if s["valid_until"] is not None:
            repl = replacement(state, e, s["valid_until"] + 1)
            key = "ex_expired" if repl else "ex_expired_plain"
            line += w[key].format(year=s["valid_until"] + 1, replacement=repl)
            if s["retrospective"]:
                line += w["ex_retro"].format(grace=s["grace"], cues=_plain(s["retrospective"]))
        if s["unconfirmed"]:
            line += w["ex_unconfirmed"]
        if s["note"]:
            line += w["ex_note"].format(note=s["note"])
        if s["source"]:
            line += w["ex_source"].format(source=s["source"])
        out.append(line)
    if rule.options["dated_titles"]:
        out.append(w["ex_dated"])
    return out


CHECK: Check[State] = Check(
    name=NAME,
    fields=FIELDS,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
    explain=explain_details,
)
