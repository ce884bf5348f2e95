"""Map top-level sections of a Document to the required parts of a report.

The parts (主要举措和成效, 第一责任人职责, 存在的不足和原因, 下一年度安排, 其他) and
how to recognise their headings are pack data (``parts:`` in ``rules/structure.yaml``).
A heading's score for a part is the best of

* a cue regex match (the pack's ``cues``) → ``cue_score``;
* rapidfuzz ``partial_ratio`` between the normalised heading and each alias.

The highest-scoring part at or above ``threshold`` wins; ties go to the part listed
first.  Checks read ``Heading.part`` / ``Document.part_headings``; ``fzlint outline``
shows the scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .document import Document, Heading
from .errors import PackError
from .schema import F, ListOf, Schema, SchemaError, validate

PART_SCHEMA = Schema(
    {
        "id": F(str, required=True),
        "name": F(str, required=True),
        "required": F(bool, default=True),
        "aliases": F(ListOf(str), default=[]),
        "cues": F(ListOf(str), default=[]),
        "exclude": F(ListOf(str), default=[]),
    }
)
PARTS_SCHEMA = Schema(
    {
        "threshold": F(float, default=75.0),
        "cue_score": F(float, default=90.0),
        "normalize": F(ListOf(str), default=[], doc="regexes removed from headings before fuzzy matching"),
        "list": F(ListOf(PART_SCHEMA), required=True),
    }
)


@dataclass(frozen=True)
class PartSpec:
    id: str
    name: str
    required: bool
    aliases: tuple[str, ...]
    cues: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class PartSpecs:
    parts: tuple[PartSpec, ...]
    threshold: float
    cue_score: float
    normalize: tuple[re.Pattern[str], ...]

    def get(self, part_id: str) -> PartSpec | None:
        return next((p for p in self.parts if p.id == part_id), None)


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as e:
        raise PackError(where, f"正则表达式无法编译：{pattern!r}（{e}）") from None


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
        )
        for p in v["list"]
    )
    return PartSpecs(parts, v["threshold"], v["cue_score"], tuple(_compile(n, path) for n in v["normalize"]))


def normalize_heading(text: str, specs: PartSpecs) -> str:
    for pat in specs.normalize:
        text = pat.sub("", text)
    return re.sub(r"[\s，,、。：:；;“”\"'（）()]", "", text)


def score_heading(heading: Heading, specs: PartSpecs) -> list[tuple[str, float]]:
    """(part id, score) for every part, best first."""
    from rapidfuzz import fuzz

    text = heading.text
    norm = normalize_heading(text, specs)
    scores: list[tuple[str, float]] = []
    for p in specs.parts:
        if any(x.search(text) for x in p.exclude):
            scores.append((p.id, 0.0))
            continue
        best = specs.cue_score if any(c.search(text) for c in p.cues) else 0.0
        for alias in p.aliases:
            a = normalize_heading(alias, specs)
            if not a or not norm:
                continue
            s = fuzz.partial_ratio(a, norm) if len(norm) >= len(a) else fuzz.ratio(a, norm)
            best = max(best, float(s))
        scores.append((p.id, best))
    order = {p.id: i for i, p in enumerate(specs.parts)}
    scores.sort(key=lambda t: (-t[1], order[t[0]]))
    return scores


def map_parts(doc: Document, specs: PartSpecs | None) -> None:
    """Set ``part``/``part_score`` on each top-level heading of ``doc``."""
    doc.parts_mapped = True
    if specs is None:
        return
    for h in doc.top:
        scores = score_heading(h, specs)
        if scores and scores[0][1] >= specs.threshold:
            h.part, h.part_score = scores[0]
        else:
            h.part, h.part_score = None, scores[0][1] if scores else 0.0


def missing_parts(doc: Document, specs: PartSpecs | None) -> list[PartSpec] | None:
    """Required parts no top-level section of ``doc`` was mapped to (None: no part specs).

    Reads ``Heading.part`` as set by :func:`map_parts` (engine.prepare_document).
    """
    if specs is None:
        return None
    present = {h.part for h in doc.top if h.part}
    return [p for p in specs.parts if p.required and p.id not in present]
