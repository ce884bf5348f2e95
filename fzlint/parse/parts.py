"""Map top-level sections of a Document to the required parts of a report.

The parts (主要举措和成效, 第一责任人职责, 存在的不足和原因, 下一年度安排, 其他) and
how to recognise their headings are pack data (``parts:`` in ``rules/structure.yaml``).
A heading's score for a part is the best of

* a cue regex match (the pack's ``cues``) → ``cue_score``;
* rapidfuzz ``partial_ratio`` between the normalised heading and each alias.

The highest-scoring part at or above ``threshold`` wins; ties go to the part listed
first.  Checks read ``Heading.part`` / ``Document.part_headings``; ``fzlint outline``
shows the scores.

A part need not have a top-level heading of its own.  :func:`coverage` also counts

* ``also``: a combined top-level heading whose text matches the part's cue as well
  (``三、存在的问题和下一步打算`` covers both 不足 and 安排);
* ``sub``: a heading below the top level, inside another part, whose text matches one
  of the part's strict ``sub_cues`` (``（五）党政主要负责人履行第一责任人职责情况``
  inside 主要举措和成效);
* ``implicit``: for the pack's ``implicit_part`` (主要举措和成效), top-level sections
  that map to no part — reports that lay out their work under the 纲要's own headings
  (``一、深入学习贯彻习近平法治思想`` …) have no heading called 举措和成效;
* ``paragraph``: when no heading covers a part at all, a body paragraph whose first
  sentence matches one of the part's ``body_cues`` (``在取得成绩的同时，也存在一些
  不足：……``).  Such a cover has no heading; checks that need a section skip it.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import Any

from ..errors import PackError
from ..infra import rx
from ..packs.schema import F, ListOf, Schema, SchemaError, validate
from .document import Document, Heading
from .headings import promote_to_top

PART_SCHEMA = Schema(
    {
        "id": F(str, required=True),
        "name": F(str, required=True),
        "required": F(bool, default=True),
        "aliases": F(ListOf(str), default=[]),
        "cues": F(ListOf(str), default=[]),
        "sub_cues": F(ListOf(str), default=[], doc="strict regexes: a lower-level heading that covers the part"),
        "exclude": F(ListOf(str), default=[]),
        "body_cues": F(ListOf(str), default=[],
                       doc="regexes on a paragraph's first sentence: the paragraph covers the part if no heading does"),
    }
)
PARTS_SCHEMA = Schema(
    {
        "threshold": F(float, default=75.0),
        "cue_score": F(float, default=90.0),
        "normalize": F(ListOf(str), default=[], doc="regexes removed from headings before fuzzy matching"),
        "implicit_part": F(str, default=None, doc="part that unmapped top-level sections count towards"),
        "list": F(ListOf(PART_SCHEMA), required=True),
    }
)


@dataclass(frozen=True)
class PartSpec:
    """One required part as the pack describes it: its aliases and the cues that recognise its heading,
    a sub-heading or a body paragraph."""

    id: str
    name: str
    required: bool
    aliases: tuple[str, ...]
    cues: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]
    sub_cues: tuple[re.Pattern[str], ...] = ()
    body_cues: tuple[re.Pattern[str], ...] = ()

    def excluded(self, text: str) -> bool:
        return any(x.search(text) for x in self.exclude)

    # The cues first: most texts match none, and then the exclusions need not be tried.
    def cue_match(self, text: str) -> bool:
        return any(c.search(text) for c in self.cues) and not self.excluded(text)

    def sub_cue_match(self, text: str) -> bool:
        return any(c.search(text) for c in self.sub_cues) and not self.excluded(text)


@dataclass(frozen=True)
class PartSpecs:
    """The pack's ``parts:`` section compiled: every part, the score a heading needs, and how headings
    are normalised before scoring."""

    parts: tuple[PartSpec, ...]
    threshold: float
    cue_score: float
    normalize: tuple[re.Pattern[str], ...]
    implicit_part: str | None = None

    def get(self, part_id: str) -> PartSpec | None:
        return next((p for p in self.parts if p.id == part_id), None)


@dataclass(frozen=True)
class Cover:
    """A section (or, for ``paragraph``, one paragraph) that covers a part."""

    part: str
    heading: Heading | None  # None for a paragraph cover
    how: str  # heading | also | sub | implicit | paragraph
    score: float
    start: int
    end: int
    label: str  # the heading text, or the paragraph's first words

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

    @classmethod
    def of(cls, part: str, h: Heading, how: str, score: float) -> Cover:
        return cls(part, h, how, score, h.start, h.end, h.text)


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    from ..infra.patterns import compile_pattern

    try:
        return compile_pattern(pattern)
    except ValueError as e:
        raise PackError(where, str(e)) from None


def load_parts(raw: list[tuple[str, Any]]) -> PartSpecs | None:
    """The last pack that defines ``parts`` wins (a user pack can replace them)."""
    if not raw:
        return None
    path, data = raw[-1]
    try:
        v = validate(data, PARTS_SCHEMA, "parts ", getattr(data, "line", 1))
    except SchemaError as e:
        raise PackError(f"{path}:{e.line}", e.message) from None
    parts = tuple(
        PartSpec(
            p["id"],
            p["name"],
            p["required"],
            tuple(p["aliases"]),
            tuple(_compile(c, path) for c in p["cues"]),
            tuple(_compile(c, path) for c in p["exclude"]),
            tuple(_compile(c, path) for c in p["sub_cues"]),
            tuple(_compile(c, path) for c in p["body_cues"]),
        )
        for p in v["list"]
    )
    ids = [p.id for p in parts]
    dup = next((i for i in ids if ids.count(i) > 1), None)
    if dup is not None:
        raise PackError(path, f"parts 中的部分 id 重复：{dup}")
    implicit = v["implicit_part"]
    if implicit is not None and implicit not in ids:
        raise PackError(path, f"parts.implicit_part '{implicit}' 不是已定义的部分（{'、'.join(ids)}）")
    return PartSpecs(parts, v["threshold"], v["cue_score"], tuple(_compile(n, path) for n in v["normalize"]),
                     implicit)


_PUNCT_SPACE = rx.compile(r"[\s，,、。：:；;“”\"'（）()]")


def normalize_heading(text: str, specs: PartSpecs) -> str:
    for pat in specs.normalize:
        text = pat.sub("", text)
    return _PUNCT_SPACE.sub("", text)


_ALIASES: dict[tuple[int, str], tuple[PartSpecs, str]] = {}


def _normalized_alias(alias: str, specs: PartSpecs) -> str:
    """``normalize_heading`` of a part's alias, once per rule set (asked for every heading)."""
    hit = _ALIASES.get((id(specs), alias))
    if hit is None or hit[0] is not specs:
        if len(_ALIASES) > 4096:
            _ALIASES.clear()
        hit = _ALIASES[id(specs), alias] = (specs, normalize_heading(alias, specs))
    return hit[1]


_SCORES: dict[tuple[int, str], tuple[PartSpecs, tuple[tuple[str, float], ...]]] = {}


def score_text(text: str, specs: PartSpecs) -> list[tuple[str, float]]:
    """(part id, score) for every part, best first.  Remembered per rule set and text: the
    headings of a batch's reports repeat (一、主要工作和成效 …)."""
    hit = _SCORES.get((id(specs), text))
    if hit is None or hit[0] is not specs:
        if len(_SCORES) > 4096:
            _SCORES.clear()
        hit = _SCORES[id(specs), text] = (specs, tuple(_score_text(text, specs)))
    return list(hit[1])


def _score_text(text: str, specs: PartSpecs) -> list[tuple[str, float]]:
    from rapidfuzz import fuzz

    norm = normalize_heading(text, specs)
    scores: list[tuple[str, float]] = []
    for p in specs.parts:
        if p.excluded(text):
            scores.append((p.id, 0.0))
            continue
        best = specs.cue_score if p.cue_match(text) else 0.0
        for alias in p.aliases:
            a = _normalized_alias(alias, specs)
            if not a or not norm:
                continue
            s = fuzz.partial_ratio(a, norm) if len(norm) >= len(a) else fuzz.ratio(a, norm)
            best = max(best, float(s))
        scores.append((p.id, best))
    order = {p.id: i for i, p in enumerate(specs.parts)}
    scores.sort(key=lambda t: (-t[1], order[t[0]]))
    return scores


def score_heading(heading: Heading, specs: PartSpecs) -> list[tuple[str, float]]:
    """(part id, score) for every part, best first."""
    return score_text(heading.text, specs)


def _map_top(doc: Document, specs: PartSpecs) -> None:
    for h in doc.top:
        scores = score_heading(h, specs)
        if scores and scores[0][1] >= specs.threshold:
            h.part, h.part_score = scores[0]
        else:
            h.part, h.part_score = None, scores[0][1] if scores else 0.0


def map_parts(doc: Document, specs: PartSpecs | None) -> None:
    """Set ``part``/``part_score`` on each top-level heading of ``doc``."""
    doc.parts_mapped = True
    if specs is None:
        return
    _map_top(doc, specs)
    if doc.lost_top_candidates:
        # The last top-level heading lost its number ("四、" of "四、2024年工作安排"): a line of
        # the last section that names a part nothing else covers is that heading.
        cov = coverage(doc, specs)
        missing = [p for p in specs.parts if p.required and not cov[p.id]]
        for line in doc.lost_top_candidates:
            text = doc.lines[line - 1].content
            hit = next((p for p in missing if p.cue_match(text)), None)
            if hit is not None and score_text(text, specs)[0][0] == hit.id:
                promote_to_top(doc, line)
                _map_top(doc, specs)
                break
    # Parts written below the top level ("（二）2024年工作打算" under "三、存在的问题和下一步
    #打算") or as a paragraph: ``Document.in_part`` and part scopes include them.
    spans: dict[str, list[tuple[int, int]]] = {}
    for pid, covers in coverage(doc, specs).items():
        spans.setdefault(pid, []).extend(c.span for c in covers if c.how == "paragraph")
    # Every sub-heading naming a part other than its section's — also where the section
    # already covers that part through a combined heading ("三、存在的问题和下一步打算"
    # then "（一）存在的问题" "（二）2024年工作打算").
    for h in doc.headings:
        if h.parent is None:
            continue
        top = _top_of(h)
        for p in specs.parts:
            if p.id != top.part and p.sub_cue_match(h.text):
                spans.setdefault(p.id, []).append((h.start, h.end))
    doc.part_spans = {pid: sorted(set(lst)) for pid, lst in spans.items() if lst}


def _top_of(h: Heading) -> Heading:
    while h.parent is not None:
        h = h.parent
    return h


def coverage(doc: Document, specs: PartSpecs | None) -> dict[str, list[Cover]]:
    """For every part of ``specs``: the headings whose sections cover it (document order).

    ``map_parts`` has run on a finished Document (the engine's ``prepare_document`` runs
    it before finishing); on an unfinished one (a test, ``fzlint outline`` before it
    finishes) it runs here first.
    """
    if specs is None:
        return {}
    if not doc.parts_mapped:
        map_parts(doc, specs)
    # Computed once per document and structure (map_parts, the outline and several checks ask):
    # the key changes when map_parts promotes a heading or maps the top-level sections again.
    key = (id(specs), len(doc.headings), tuple((id(h), h.part) for h in doc.top))
    memo = _COVERAGE.get(doc)
    if memo is not None and memo[0] == key and memo[1] is specs:
        return memo[2]
    covers = _coverage(doc, specs)
    _COVERAGE[doc] = (key, specs, covers)
    return covers


_COVERAGE: weakref.WeakKeyDictionary[Document, tuple[object, PartSpecs, dict[str, list[Cover]]]] = (
    weakref.WeakKeyDictionary())


def _coverage(doc: Document, specs: PartSpecs) -> dict[str, list[Cover]]:
    covers: dict[str, list[Cover]] = {p.id: [] for p in specs.parts}
    for h in doc.top:
        if h.part is None:
            continue
        covers[h.part].append(Cover.of(h.part, h, "heading", h.part_score))
        for p in specs.parts:
            if p.id != h.part and p.cue_match(h.text):
                covers[p.id].append(Cover.of(p.id, h, "also", specs.cue_score))
    # The top-level sections already covering each part (a sub-heading inside one adds nothing).
    covering = {pid: {id(c.heading) for c in lst} for pid, lst in covers.items()}
    for h in doc.headings:
        if h.parent is None:
            continue
        top = _top_of(h)
        for p in specs.parts:
            if p.id == top.part or id(top) in covering[p.id]:
                continue
            if p.sub_cue_match(h.text):
                covers[p.id].append(Cover.of(p.id, h, "sub", specs.cue_score))
    implicit = specs.implicit_part
    if implicit and not covers[implicit]:
        covers[implicit] = [Cover.of(implicit, h, "implicit", h.part_score) for h in doc.top if h.part is None]
    uncovered = [p for p in specs.parts if not covers[p.id] and p.body_cues]
    if uncovered:
        _paragraph_covers(doc, uncovered, specs, covers)
    for lst in covers.values():
        lst.sort(key=lambda c: c.start)
    return covers


_FIRST_SENTENCE = rx.compile(r"[^。；;！？!?：:]*")


def _paragraph_covers(doc: Document, parts: list[PartSpec], specs: PartSpecs, covers: dict[str, list[Cover]]) -> None:
    """Paragraph covers, looked for in the preamble, unmapped sections and the implicit part's
    sections — not inside another part (a shortcoming such as ``主要负责人履行第一责任人职责
    不到位`` does not make a 第一责任人 part)."""
    heading_lines = {h.line for h in doc.headings}
    for ln in doc.paragraphs(doc.body_start, doc.body_end):
        if ln.number in heading_lines:
            continue
        top = doc.top_heading_at(ln.content_start)
        if top is not None and top.part is not None and top.part != specs.implicit_part:
            continue
        m = _FIRST_SENTENCE.match(doc.text, ln.content_start, ln.content_end)
        first = m.group(0) if m else ""
        for p in parts:
            if not covers[p.id] and not p.excluded(first) and any(c.search(first) for c in p.body_cues):
                label = first if len(first) <= 24 else first[:23] + "…"
                covers[p.id].append(Cover(p.id, None, "paragraph", specs.cue_score, ln.content_start,
                                          ln.content_end, label))


def part_ranges(doc: Document, specs: PartSpecs | None, part: str) -> list[tuple[int, int]]:
    """Character ranges of the sections that cover ``part`` (see :func:`coverage`)."""
    spans = sorted(c.span for c in coverage(doc, specs).get(part, []))
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def missing_parts(doc: Document, specs: PartSpecs | None) -> list[PartSpec] | None:
    """Required parts nothing in ``doc`` covers (None: no part specs), by :func:`coverage` —
    the same notion of "present" as the missing-part rule."""
    if specs is None:
        return None
    covers = coverage(doc, specs)
    return [p for p in specs.parts if p.required and not covers.get(p.id)]
