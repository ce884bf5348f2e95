"""``titles``: names in 《…》 compared with a list of official law and regulation titles.

A title is normalised before comparison (spaces removed; half/full-width brackets and
the dashes of a year span unified), and each listed title also counts without its
``中华人民共和国`` prefix, so 《行政处罚法》 is as good as the full name.  Then:

* a known title, or a known title with a region in front (《天津市法治政府建设实施纲要
  （2021－2025年）》 is Tianjin's own plan) → nothing;
* a title listed in ``local_only`` (a name that only local regulations carry, such as
  生活垃圾管理条例) written without a region → the region-missing finding; the
  suggestion is the full title when the same document cites it elsewhere;
* otherwise the closest known title by ``rapidfuzz.fuzz.ratio``; at or above
  ``threshold`` → the near-miss finding with the right title, unless the two differ
  only in digits (another edition: a date question, FZ3's) or only in their region.
  A year span that overlaps the known edition's without being it (（2022—2025年） for
  the 2021－2025 纲要) or lost its dash (（20212025年）) is a slip, not an edition;
* anything else is an unknown title and not a finding: fzlint cannot know every
  local document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..diagnostic import Diagnostic, Edit, Fix
from ..infra import rx
from ..packs.schema import ListOf, OneOf, param, params
from .base import Context, check_template, scoped_lines
from .contract import Check
from .textutil import titles

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "titles"


@params
class Params:
    titles: list[str] = param(ListOf(str), required=True, doc="official titles, without 《》")
    local_only: list[str] = param(ListOf(str), default=[], doc="titles only local regulations carry (need a region)")
    strip_prefixes: list[str] = param(ListOf(str), default=["中华人民共和国"], doc="prefixes a short form may omit")
    threshold: float = param(float, default=90.0, doc="rapidfuzz fuzz.ratio of a near miss, 0–100")
    region_message: str = param(str, required=True)
    fix: str = param(OneOf(("safe", "unsafe", "none")), default="unsafe")
    suggestion: str = param(str, default="改为《{right}》")


PLACEHOLDERS = frozenset({"match", "right"})
_NORM = str.maketrans({"（": "(", "）": ")", "－": "-", "—": "-", "–": "-", "―": "-", "〔": "(", "〕": ")"})
_SPACE = rx.compile(r"\s+")
_YEARS = rx.compile(r"\s*[（(]\s*\d{4}\s*[-－—–]\s*\d{4}\s*年?\s*[）)]")
_HAN_ONLY = rx.compile(r"[^\u4e00-\u9fff]|年")  # the skeleton compared to tell an edition from a misspelling


def normalise(title: str) -> str:
    return _SPACE.sub("", title).translate(_NORM)


@dataclass(frozen=True)
class State:
    """The listed titles by normalised form, the local-only ones, and a near-miss cache, built by ``prepare``."""

    known: dict[str, str]  # normalised form (full and short) → the title as listed
    local_only: frozenset[str]
    choices: tuple[str, ...]
    prefixes: tuple[str, ...] = ()  # strip_prefixes, normalised
    #: _near_miss's answers, per title and region pattern (a batch's reports cite the same titles)
    near_misses: dict[tuple[str, str, float], str | None] = field(default_factory=dict, compare=False, repr=False)


def validate(rule: Rule[Params]) -> None:
    o = rule.params
    check_template(o.suggestion, PLACEHOLDERS, "suggestion")
    check_template(o.region_message, PLACEHOLDERS, "region_message")
    if not 0 < o.threshold <= 100:
        raise ValueError("threshold 应在 0 到 100 之间")


def prepare(rule: Rule[Params]) -> State:
    o = rule.params
    known: dict[str, str] = {}
    for t in o.titles:
        forms = [(normalise(t), t)]
        undated = _YEARS.sub("", t)
        if undated != t:  # 《法治政府建设实施纲要》 without its years is still that title
            forms.append((normalise(undated), undated))
        for n, shown in forms:
            known.setdefault(n, shown)
            for p in o.strip_prefixes:
                if n.startswith(p) and len(n) > len(p):
                    known.setdefault(n[len(p) :], shown[len(p) :] if shown.startswith(p) else n[len(p) :])
    return State(known, frozenset(normalise(t) for t in o.local_only), tuple(known),
                 tuple(normalise(p) for p in o.strip_prefixes))


def _strip_region(n: str, region: re.Pattern[str]) -> str:
    m = region.match(n)
    return n[m.end() :] if m else n


def _near_miss(n: str, state: State, threshold: float, regions: re.Pattern[str]) -> str | None:
    """The right title for a near miss of a known one (keeping a region in front), or None."""
    from rapidfuzz import fuzz, process

    bare = _strip_region(n, regions)
    region = n[: len(n) - len(bare)]
    for form, prefix in ((n, ""), (bare, region)) if region else ((n, ""),):
        # 中华人民共和国 is compared as the prefix it is, not as 7 matching characters: with it,
        # 《中华人民共和国监察官法》 (a real law) scored 95 against 监察法.
        lead = next((p for p in state.prefixes if form.startswith(p) and len(form) > len(p)), "")
        core = form[len(lead) :]
        best = process.extractOne(core, state.choices, scorer=fuzz.ratio, score_cutoff=threshold)
        cand = best[0] if best is not None else _one_substitution(core, state.choices)
        if cand is None:
            continue
        prefix += lead if not state.known[cand].startswith(lead) else ""
        plain = bare[len(lead) :] if lead and bare.startswith(lead) else bare
        if _HAN_ONLY.sub("", cand) == _HAN_ONLY.sub("", plain):
            if _wrong_span(plain, cand, overlap=not region):
                return region + state.known[cand]  # the skeletons matched without the region
            return None  # another edition, year span or punctuation (or a region's own version)
        if regions.match(form) and regions.match(cand):
            return None  # another region's regulation of a similar name
        return prefix + state.known[cand]
    return None


#: The shortest title (without its prefix) in which one wrong character is taken for a slip.
MIN_SUBSTITUTION = 5


def _one_substitution(core: str, choices: tuple[str, ...]) -> str | None:
    """The known title ``core`` differs from in exactly one Chinese character, same length
    (《行政复义法》, 《优化营商坏境条例》: the homophone slips of an input method), or None.
    Real titles one character apart from a listed one (刑事/民事诉讼法) are listed themselves."""
    if len(core) < MIN_SUBSTITUTION:
        return None
    for c in choices:
        if len(c) == len(core):
            diff = [i for i in range(len(c)) if c[i] != core[i]]
            if len(diff) == 1 and "\u4e00" <= core[diff[0]] <= "\u9fff" and "\u4e00" <= c[diff[0]] <= "\u9fff":
                return c
    return None


_SPAN = rx.compile(r"\((\d{4})(-?)(\d{4})年?\)")


def _wrong_span(form: str, cand: str, *, overlap: bool) -> bool:
    """The year span of ``form`` is a slip for ``cand``'s, not another edition: the dash is
    missing (（20212025年）), or (``overlap``: national titles only — a region may time its
    own plan differently) the span shares its first or last year with the known edition
    but not both (（2022—2025年） for the 2021－2025 纲要): two editions of one plan never
    overlap, so such a span names no plan at all."""
    m, k = _SPAN.search(form), _SPAN.search(cand)
    if m is None or k is None:
        return False
    if (m.group(1), m.group(3)) == (k.group(1), k.group(3)):
        return m.group(2) == ""
    return overlap and (m.group(1) == k.group(1) or m.group(3) == k.group(3))


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    o = rule.params
    region = ctx.ruleset.parser_vocabulary.region  # a region's name: the packs' divisions
    lines = list(scoped_lines(doc, rule.scope))
    cited = [(normalise(m.group(1)), m.group(1)) for ln in lines for m in titles(ln.content)]
    for ln in lines:
        base = ln.content_start
        for m in titles(ln.content):
            raw = m.group(1)
            n = normalise(raw)
            if not n or n in state.known or _strip_region(n, region) in state.known:
                continue
            if n in state.local_only:
                full = next((r for c, r in cited if c != n and c.endswith(n) and region.fullmatch(c[: -len(n)])), None)
                right = full or ""
                values = {"match": raw, "right": right or "××市" + n}
                yield _report(ctx, rule, o, base + m.start(1), base + m.end(1), values, right,
                              rule.format(o.region_message, **values))
                continue
            key = (n, region.pattern, o.threshold)
            if key not in state.near_misses:
                if len(state.near_misses) > 4096:
                    state.near_misses.clear()
                state.near_misses[key] = _near_miss(n, state, o.threshold, region)
            right = state.near_misses[key]
            if right is not None:
                values = {"match": raw, "right": right}
                yield _report(ctx, rule, o, base + m.start(1), base + m.end(1), values, right, rule.format(**values))


def _report(ctx: Context, rule: Rule[Params], o: Params, start: int, end: int, values: dict[str, Any], right: str,
            message: str) -> Diagnostic:
    suggestion = rule.format(o.suggestion, **values)
    fix = Fix((Edit(start, end, right),), o.fix == "safe", suggestion) if right and o.fix != "none" else None
    return ctx.report(rule, start, end, message, suggestion=suggestion, fix=fix)


CHECK: Check[State, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
