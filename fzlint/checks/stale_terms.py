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

The rule's fields, its timeline entries (validated and compiled) and the prefilter of
the regexes that can match a document are :mod:`~fzlint.checks.stale_timeline`; this
module evaluates the matches.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..diagnostic import Diagnostic, Severity
from . import _time as T
from .base import Context, clip, compile_pattern
from .contract import Check
from .stale_timeline import PLACEHOLDERS, Entry, Params, State, planned, prepare, validate

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "stale_terms"


# ---- evaluation -----------------------------------------------------------------------
@dataclass(frozen=True)
class Hit:
    """A stale term found in a line, before overlapping hits are resolved (the lower ``priority`` wins)."""

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


def _evaluate(entry: Entry, state: State, rule: Rule[Params], doc: Document, year: int,
              a: int, b: int, lo: int, hi: int) -> Hit | None:
    spec, text, w = entry.spec, doc.text, state.words
    as_of, in_plans = T.section_year(doc, a, year, rule.params.plans_part)
    if entry.issued is not None:
        written = T.writing_date(doc, year)
        before = written < entry.issued
    else:
        before = spec["valid_from"] is not None and as_of < spec["valid_from"]
    if not before and (spec["valid_until"] is None or as_of <= spec["valid_until"]):
        return None  # in its window: most mentions, so nothing else is computed for them
    ctx = T.context(text, a, b, lo, hi)
    start = T.widen_quote(text, a, b)
    shown = "".join(ch for ch in text[start:b] if ch not in T.QUOTES)  # the message quotes it again
    values = {"match": clip(shown), "name": entry.name, "window": window_text(entry, w),
              "asof": (w["asof_plans"] if in_plans else w["asof_report"]).format(year=as_of), "year": str(as_of)}
    values["since"] = (w["since_date"].format(date=T.fmt_date(entry.issued)) if entry.issued is not None
                       else w["since_year"].format(a=spec["valid_from"]))
    if entry.issued is not None and before:
        values["asof"] = w["asof_written"].format(year=year, date=T.fmt_date(written))
    if before:
        early = spec["valid_from"] - as_of if spec["valid_from"] is not None else 0
        if (entry.ctx["before_ok"] is not None and entry.ctx["before_ok"].search(ctx)
                and (spec["before_ok_years"] is None or early <= spec["before_ok_years"])):
            return None
        repl = spec["replacement"]
        hint = w["hint_check"].format(replacement=repl) if repl else ""
        msg = rule.format(rule.params.message_before, **values, hint=hint)
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
        sev = _sev(spec["plans_severity"] or rule.params.plans_severity, sev)
    elif (cap := spec["title_severity"] or rule.params.title_severity) and T.inside_title(text, a, b, lo, hi):
        sev = min(sev, Severity.parse(cap))
    sev = _sev(spec["severity_by_year"].get(str(as_of)), sev)
    repl = _unit_replacement(doc, spec["replacement_by_unit"]) or replacement(state, entry, as_of,
                                                                              T.writing_date(doc, year))
    hint = w["hint_replace"].format(replacement=repl) if repl else ""
    suggestion = w["suggest_replace"].format(replacement=repl) if repl else None
    return Hit(start, b, sev, rule.format(**values, hint=hint), suggestion, 0)


def _evaluate_dated(m: re.Match[str], state: State, rule: Rule[Params], doc: Document, year: int,
                    lo: int, hi: int) -> Hit | None:
    dt, w = rule.params.dated_titles, state.words
    if dt is None:
        return None
    a, b = m.span()
    first, last = int(m.group("a")), int(m.group("b"))
    as_of, in_plans = T.section_year(doc, a, year, rule.params.plans_part)
    if last >= as_of or last < first:
        return None
    ctx = T.context(doc.text, a, b, lo, hi)
    if state.dated_retro is not None and as_of - last <= 1 and state.dated_retro.search(ctx):
        return None
    if any(h.search(ctx) for h in state.historical):
        return None
    sev = Severity.parse(dt["severity"])
    if in_plans:
        sev = _sev(rule.params.plans_severity, sev)
    elif T.inside_title(doc.text, a, b, lo, hi):
        sev = min(sev, Severity.parse(dt["title_severity"]))
    values = {"match": clip(m.group(0)), "name": w["dated_name"], "window": w["window_range"].format(a=first, b=last),
              "asof": (w["asof_plans"] if in_plans else w["asof_report"]).format(year=as_of), "year": str(as_of)}
    return Hit(a, b, sev, rule.format(**values, hint=dt["hint"]), None, 1)


def _on_boundaries(text: str, a: int, b: int, lo: int, hi: int) -> bool:
    from ..analysis import segment

    return segment.on_word_boundaries(text[lo:hi], a - lo, b - lo)


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    year = ctx.year
    if year is None:
        return  # FZ310 says the year is unknown; nothing is judged against a guess
    text = doc.text
    # only the lines a regex that can match the document holds a match of (stale_timeline.planned)
    for ln, named_regexes, dated in planned(state, ctx.analyses.lines, rule.scope):
        lo, hi = ln.content_start, ln.content_end
        hits: list[tuple[int, int, Hit | None]] = []
        for entry, regex in named_regexes:
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


def _resolve(hits: list[tuple[int, int, Hit | None]], rule: Rule[Params], ctx: Context) -> Iterator[Diagnostic]:
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


def explain_details(rule: Rule[Params]) -> list[str]:
    """The rule's timeline, generated from its entries (shown by ``fzlint explain``)."""
    state: State = prepare(rule)
    w = state.words
    out = [w["ex_head"], w["ex_intro"]]
    if rule.params.plans_severity:
        out.append(w["ex_plans"].format(severity=Severity.parse(rule.params.plans_severity).zh))
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
    if rule.params.dated_titles:
        out.append(w["ex_dated"])
    return out


CHECK: Check[State, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
    explain=explain_details,
)
