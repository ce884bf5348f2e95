"""``copy``: paragraphs copied between reports (corpus-level check).

Two modes:

``across-reports``
    near-identical paragraphs in the reports of two *different* units linted in one
    run (a unit that copied another's report).
``previous-year``
    paragraphs carried over nearly unchanged from the same unit's report of an
    earlier year, given with ``--previous``.

Where the documents are (a worker process, for ``--jobs``), :func:`fingerprint`
keeps each body paragraph as a small picklable :class:`Para` holding its
*normalised* text: NFKC, the pack's ``normalize`` regexes replaced by ``0`` (e.g.
years, so 2023 and 2024 compare equal), every non-word character dropped, and the
pack's ``boilerplate`` phrases removed (the standard opening that every report
shares).  Paragraphs shorter than ``min_chars`` after that are not compared.

The fingerprint also carries each paragraph's MinHash sketch (computed in the
worker).  :func:`check_corpus` finds candidate pairs with :mod:`fzlint.analysis.simindex`
(locality-sensitive hashing of the sketches, not all pairs) and keeps those whose
rapidfuzz ``fuzz.ratio`` reaches ``threshold``.  Each paragraph is
reported once, naming its best match; ``more_message`` adds how many other
reports have a similar paragraph.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from ..diagnostic import Diagnostic
from ..infra import rx
from ..packs.schema import ListOf, OneOf, param, params
from ..parse.document import where
from .base import Context, CorpusDoc, check_template, clip, compile_pattern
from .contract import Check, Corpus

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "copy"


@params
class Params:
    mode: str = param(OneOf(("across-reports", "previous-year")), required=True)
    threshold: float = param(float, default=90.0, check=lambda v: None if 50 <= v <= 100 else "应在 50–100 之间")
    min_chars: int = param(int, default=40, check=lambda v: None if v >= 5 else "应不小于 5")
    boilerplate: list[str] = param(ListOf(str), default=[])
    normalize: list[str] = param(ListOf(str), default=[])
    parts: list[str] = param(ListOf(str), default=[])
    exclude_parts: list[str] = param(ListOf(str), default=[])
    unit_normalize: list[str] = param(ListOf(str), default=[])
    shingle: int = param(int, default=4, check=lambda v: None if 2 <= v <= 10 else "应在 2–10 之间")
    bands: int = param(int, default=25, check=lambda v: None if 1 <= v <= 64 else "应在 1–64 之间")
    rows: int = param(int, default=3, check=lambda v: None if 1 <= v <= 8 else "应在 1–8 之间")
    suggestion: str | None = param(str, default=None)
    more_message: str | None = param(str, default=None)


PLACEHOLDERS = frozenset({"other", "other_line", "other_where", "other_unit", "other_year", "score", "excerpt",
                          "more"})
_NON_WORD = rx.compile(r"[\W_]+")
_SPACES = rx.compile(r"\s+")
# Full-width ASCII (U+FF01–U+FF5E), the ideographic and the no-break space each decompose
# under NFKC to one ASCII character.  Replacing them first gives the same NFKC (the same
# decomposition) and leaves most Chinese paragraphs already normalised, which
# unicodedata.normalize sees in one quick pass instead of decomposing and recomposing.
_WIDE = {c: unicodedata.normalize("NFKD", c) for c in map(chr, [*range(0xFF01, 0xFF5F), 0x3000, 0xA0])}
_WIDE_CHAR = rx.compile("[\uff01-\uff5e\u3000\xa0]")
EXCERPT = 60


class Para(NamedTuple):
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    part: str | None
    text: str  # normalised
    excerpt: str  # the original text, clipped
    sketch: bytes  # MinHash of the normalised text's shingles (fzlint.analysis.simindex.sketch)


@dataclass(frozen=True)
class State:
    """The rule's normalisation patterns, boilerplate and fingerprint cache key, built by ``prepare``."""

    normalize: tuple[re.Pattern[str], ...]
    boilerplate: tuple[str, ...]  # normalised, longest first
    unit_normalize: tuple[re.Pattern[str], ...]
    key: tuple[Any, ...]  # what the paragraphs depend on: rules with equal keys share them


def validate(rule: Rule[Params]) -> None:
    o = rule.params
    check_template(o.suggestion, PLACEHOLDERS, "suggestion")
    check_template(o.more_message, PLACEHOLDERS, "more_message")
    prepare(rule)


def prepare(rule: Rule[Params]) -> State:
    o = rule.params
    norm = tuple(compile_pattern(p) for p in o.normalize)
    phrases = {_normalise(p, norm, ()) for p in o.boilerplate}
    boiler = tuple(sorted((p for p in phrases if p), key=len, reverse=True))
    units = tuple(compile_pattern(p) for p in o.unit_normalize)
    key = (tuple(o.normalize), boiler, o.min_chars, o.shingle, o.bands * o.rows)
    return State(norm, boiler, units, key)


def _normalise(text: str, norm: tuple[re.Pattern[str], ...], boilerplate: tuple[str, ...]) -> str:
    s = unicodedata.normalize("NFKC", _WIDE_CHAR.sub(_ascii, text))
    for pat in norm:
        s = pat.sub("0", s)
    s = _NON_WORD.sub("", s)
    for phrase in boilerplate:
        s = s.replace(phrase, "")
    return s


def _ascii(m: re.Match[str]) -> str:
    return _WIDE[m.group()]


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    return iter(())  # all the work is corpus-level


def fingerprint(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> tuple[Para, ...]:
    """The document's comparable paragraphs (shared by rules whose options agree)."""
    from ..analysis.simindex import cached_sketch

    cache = ctx.options.setdefault("copy.paragraphs", {})
    if state.key in cache:
        return cache[state.key]  # type: ignore[no-any-return]
    heading_lines = {h.line for h in doc.headings if not h.run_in}
    o = rule.params
    k, m, plain = o.shingle, o.bands * o.rows, doc.textmap is None
    out: list[Para] = []
    for ln in doc.paragraphs(doc.body_start, doc.body_end):
        if ln.number in heading_lines:
            continue
        content = ln.content
        text = _normalise(content, state.normalize, state.boilerplate)
        if len(text) < o.min_chars:
            continue
        a, b = ln.content_start, ln.content_end
        if plain:  # a .txt: the line and columns of its own non-blank content (Document.position)
            l1, c1, l2, c2 = ln.number, a - ln.start + 1, ln.number, b - ln.start + 1
        else:  # as the user finds it (.docx: paragraph; .md: the file's line and column)
            (l1, c1), (l2, c2) = doc.location(a), doc.end_location(a, b)
        out.append(Para(a, b, l1, c1, l2, c2, doc.part_at(a), text, clip(content, EXCERPT), cached_sketch(text, k, m)))
    cache[state.key] = result = tuple(out)
    return result


def _unit_key(doc: CorpusDoc, state: State) -> str | None:
    if not doc.issuer:
        return None
    s = _SPACES.sub("", doc.issuer)
    for pat in state.unit_normalize:
        s = pat.sub("", s)
    return s if len(s) >= 2 else None


def _same_unit(a: str | None, b: str | None) -> bool | None:
    """True/False when both units are known (a suffix match: 天津市…新北街 = 新北街), else None."""
    if a is None or b is None:
        return None
    return a == b or a.endswith(b) or b.endswith(a)


def _wanted(part: str | None, o: Any) -> bool:
    return (not o.parts or part in o.parts) and part not in o.exclude_parts


def check_corpus(docs: Sequence[CorpusDoc], rule: Rule[Params], state: State) -> Iterator[tuple[int, Diagnostic]]:
    from rapidfuzz import fuzz, process

    from ..analysis.simindex import candidate_pairs

    o = rule.params
    across = o.mode == "across-reports"
    units = [_unit_key(d, state) for d in docs]
    current = [i for i, d in enumerate(docs) if not d.previous]
    refs = current if across else [i for i, d in enumerate(docs) if d.previous]
    if not current or not refs:
        return
    if o.parts or o.exclude_parts:
        left = [(i, p) for i in current for p in docs[i].data if _wanted(p.part, o)]
    else:
        left = [(i, p) for i in current for p in docs[i].data]
    self_join = across and not o.parts and not o.exclude_parts
    if self_join:
        yield from _across(docs, left, units, rule)
        return
    right = left if self_join else [(j, p) for j in refs for p in docs[j].data]

    def docs_ok(i: int, j: int) -> bool:
        if i == j:
            return False
        same = _same_unit(units[i], units[j])
        if across:
            return not same
        cur, prev = docs[i], docs[j]
        if cur.year is not None and prev.year is not None and prev.year >= cur.year:
            return False
        return same is not False

    # The filter runs once per candidate pair (millions in a big batch): the across-reports
    # case, the common one, is docs_ok inlined.
    left_doc, right_doc = [i for i, _ in left], [j for j, _ in right]
    if across:
        def allowed(a: int, b: int) -> bool:
            i, j = left_doc[a], right_doc[b]
            if i == j:
                return False
            ua, ub = units[i], units[j]
            return ua is None or ub is None or not (ua == ub or ua.endswith(ub) or ub.endswith(ua))
    else:
        def allowed(a: int, b: int) -> bool:
            return docs_ok(left_doc[a], right_doc[b])

    pairs = candidate_pairs([p.sketch for _, p in left], None if self_join else [p.sketch for _, p in right],
                            o.bands, o.rows, allowed, sort=False)
    by_left: dict[int, list[int]] = {}
    for a, b in pairs:
        by_left.setdefault(a, []).append(b)
    matches: dict[int, list[tuple[float, int]]] = {}
    for a in sorted(by_left):  # fuzz.ratio of each pair, one C loop per paragraph, in pair order
        bs = sorted(by_left[a])
        scored = process.extract(left[a][1].text, [right[b][1].text for b in bs], scorer=fuzz.ratio,
                                 score_cutoff=o.threshold, limit=None)
        for _, score, k in sorted(scored, key=lambda f: f[2]):  # pair order, as before
            if score:
                b = bs[k]
                matches.setdefault(a, []).append((score, b))
                if self_join:
                    matches.setdefault(b, []).append((score, a))
    for a in sorted(matches):
        i, para = left[a]
        found = matches[a]
        score, b = max(found, key=lambda m: (m[0], -m[1]))
        j, other = right[b]
        more = len({right[x][0] for _, x in found}) - 1
        yield i, _report(rule, docs[i], para, docs[j], other, score, more)


def _across(docs: Sequence[CorpusDoc], left: list[tuple[int, Para]], units: list[str | None], rule: Rule[Params],
            ) -> Iterator[tuple[int, Diagnostic]]:
    """The across-reports self-join, near-linear in the paragraphs: each distinct text is
    sketched, indexed and scored once (a drafts folder repeats most paragraphs verbatim);
    a text's group is its unit when all its copies are of one unit, and buckets pair texts
    of different groups only (``simindex.grouped_pairs``).  The findings are those of every
    allowed pair of paragraphs: each paragraph once, naming its best match, with how many
    other reports have a similar one."""
    from rapidfuzz import fuzz, process

    from ..analysis.simindex import grouped_pairs

    o = rule.params
    texts = [p.text for _, p in left]
    ids = {t: k for k, t in enumerate(dict.fromkeys(texts))}  # text → id, in order of first use
    members: list[list[int]] = [[] for _ in ids]  # text id → indexes into left
    for a, t in enumerate(map(ids.__getitem__, texts)):
        members[t].append(a)
    # A text's group as an int (doc index, else a unit's or the text's own number): ints are
    # compared and hashed in C by grouped_pairs.
    n_docs = len(docs)
    unit_ids: dict[str, int] = {}
    groups: list[int] = []
    is_text_group: list[int] = []
    for t, ms in enumerate(members):
        if len(ms) == 1:  # the usual text: one paragraph of one report
            groups.append(left[ms[0]][0])
            continue
        held_by = {units[left[a][0]] for a in ms}
        ds = {left[a][0] for a in ms}
        if len(ds) == 1:
            groups.append(next(iter(ds)))
        elif len(held_by) == 1 and None not in held_by:
            groups.append(n_docs + unit_ids.setdefault(next(iter(held_by)), len(unit_ids)))  # type: ignore[arg-type]
        else:
            groups.append(-1 - t)  # copies in several reports: pairs with anything
            is_text_group.append(t)
    rep = [texts[ms[0]] for ms in members]  # each text once
    # fuzz.ratio ≥ threshold needs 2·min(len) / (len + len) ≥ threshold / 100: a pair whose
    # lengths differ more cannot reach it, and is not scored (with a margin for rounding:
    # rapidfuzz decides every pair that could).  grouped_pairs drops such pairs as it finds
    # them: most candidates of a big batch share only stock phrases.
    lens = list(map(len, rep))
    k = o.threshold / (200.0 - o.threshold) * (1 - 1e-9)  # shorter / longer ≥ k (threshold 50–100: k > 0)
    pairs = grouped_pairs([left[ms[0]][1].sketch for ms in members], groups, o.bands, o.rows, lengths=lens, ratio=k)
    near: list[list[tuple[float, int]]] = [[] for _ in members]  # text → (score, text)
    for t in is_text_group:
        near[t].append((100.0, t))
    partners: dict[int, list[int]] = {}
    for t, u in pairs:
        partners.setdefault(t, []).append(u)
    for t, us in partners.items():  # fuzz.ratio of each pair of texts, one C loop per text
        for _, score, j in process.extract(rep[t], [rep[u] for u in us], scorer=fuzz.ratio,
                                           score_cutoff=o.threshold, limit=None):
            if score:
                near[t].append((score, us[j]))
                near[us[j]].append((score, t))

    # Each text's copies by unit (a report without a known unit on its own): a paragraph
    # meets a text's copies unit by unit, not copy by copy.
    entries: dict[int, list[tuple[str | None, int, set[int], int]]] = {}

    def entries_of(u: int) -> list[tuple[str | None, int, set[int], int]]:
        got = entries.get(u)
        if got is None:
            by: dict[tuple[str | None, int], tuple[set[int], list[int]]] = {}
            for b in members[u]:
                j = left[b][0]
                key = (units[j], -1) if units[j] is not None else (None, j)
                holders, _ = by.setdefault(key, (set(), [b]))
                holders.add(j)
            got = entries[u] = [(k[0], k[1], hs, first[0]) for k, (hs, first) in by.items()]
        return got

    memo: dict[tuple[int, str], tuple[tuple[float, int] | None, int]] = {}
    for i, para in left:
        t = ids[para.text]
        if not near[t]:
            continue
        ui = units[i]
        hit = memo.get((t, ui)) if ui is not None else None
        if hit is None:
            best: tuple[float, int] | None = None
            others: set[int] = set()
            for score, u in near[t]:
                for uv, j, holders, first in entries_of(u):
                    if uv is None or ui is None:
                        if j == i or (j < 0 and i in holders):
                            continue
                    elif ui == uv or ui.endswith(uv) or uv.endswith(ui):
                        continue
                    others |= holders
                    if best is None or score > best[0] or (score == best[0] and first < best[1]):
                        best = score, first
            hit = best, len(others)
            if ui is not None:
                memo[t, ui] = hit
        best, n_others = hit
        if best is not None:
            score, b = best
            j, other = left[b]
            yield i, _report(rule, docs[i], para, docs[j], other, score, n_others - 1)


def _report(rule: Rule[Params], doc: CorpusDoc, para: Para, odoc: CorpusDoc, other: Para, score: float, more: int) -> Diagnostic:
    o = rule.params
    values: dict[str, Any] = {
        "other": odoc.path,
        "other_line": other.line,
        "other_where": where(odoc.unit, (other.line,)),
        "other_unit": odoc.issuer or odoc.path,
        "other_year": odoc.year or "",
        "score": round(score),
        "excerpt": other.excerpt,
        "more": more,
    }
    message = rule.format(**values)
    if more > 0 and o.more_message:
        message += rule.format(o.more_message, **values)
    data = (
        ("other_path", odoc.path),
        ("other_line", str(other.line)),
        ("other_where", values["other_where"]),
        ("other_unit", odoc.issuer or ""),
        ("other_text", other.excerpt),
        ("score", str(round(score))),
        ("other_reports", str(more + 1)),
        ("previous", "true" if odoc.previous else "false"),
    )
    return Diagnostic(
        code=rule.code,
        severity=rule.severity,
        message=message,
        start=para.start,
        end=para.end,
        line=para.line,
        column=para.column,
        end_line=para.end_line,
        end_column=para.end_column,
        path=doc.path,
        suggestion=rule.format(o.suggestion, **values) if o.suggestion else None,
        rule=rule.name,
        unit=doc.unit,
        data=data,
    )


CHECK: Check[State, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
    corpus=Corpus(fingerprint, check_corpus),
)
