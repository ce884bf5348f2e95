"""Formats other than plain text: each turns a file into report text plus a
:class:`~fzlint.inputs.textmap.TextMap` and the heading levels its markup declares.

Markup headings (Markdown ``#``, Word heading styles and outline levels) become
``heading_hints`` for :func:`fzlint.parse.parse`.  A heading whose text starts with the
genre's numbering (``一、``, ``（一）``, ``1.``) keeps the rank its numbering gives; markup
only ranks the *unnumbered* ones, on the same scale: a markup level takes the rank of the
numbered headings written at that level, else one more than the level above it.  The
report title is never hinted (nor a lone top-level heading above all others when the parser
found no title), and neither is a long or many-sentence paragraph in a heading style.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..infra import rx
from ..parse import parse
from ..parse.document import Document
from ..parse.headings import numbered_rank
from ..parse.vocabulary import Vocabulary

if TYPE_CHECKING:
    from .textmap import TextMap


@dataclass(frozen=True)
class Rendered:
    """What a format reader produces."""

    text: str  # report text, lines joined with line breaks
    textmap: TextMap  # where each character is for the user
    levels: dict[int, int] = field(default_factory=dict)  # line → markup heading level
    #: lines the markup says are not headings, whatever they look like: table rows and
    #: bullet-list items (a short item such as ``- 办理行政复议案件20件`` reads like a heading)
    not_headings: frozenset[int] = frozenset()

    def parse(self, path: str, unit: str = "line", vocab: Vocabulary | None = None) -> Document:
        doc = parse_marked(self.text, path, self.levels, unit, self.not_headings, vocab)
        doc.textmap = self.textmap
        return doc


_SENTENCE_STOP = rx.compile(r"[。；;！？!?]")


def _heading_like(s: str) -> bool:
    """Markup is trusted for short lines; a long or many-sentence paragraph in a heading style
    is body text formatted by mistake (or a numbered run-in heading, which numbering finds)."""
    if not s or numbered_rank(s) is not None:
        return bool(s)
    stop = _SENTENCE_STOP.search(s)
    return len(s) <= 50 and (stop is None or stop.end() == len(s))


def markup_hints(plain: Document, levels: dict[int, int]) -> dict[int, int]:
    """``{line: markup level}`` → ``{line: heading rank}`` for the unnumbered markup headings.

    ``plain`` is the document parsed without hints (it tells the title lines).
    """
    items = sorted(
        (line, level)
        for line, level in levels.items()
        if line not in plain.title_lines and _heading_like(plain.lines[line - 1].content)
    )
    if not items:
        return {}
    numbered = {line: numbered_rank(plain.lines[line - 1].content) for line, _ in items}
    first_line, first_level = items[0]
    if (plain.title is None and len(items) > 1 and first_level < min(lv for _, lv in items[1:])
            and numbered[first_line] is None):
        items = items[1:]  # a lone top-level heading above all others is the title the parser missed
    at_level: dict[int, Counter[int]] = {}
    for line, level in items:
        rank = numbered[line]
        if rank is not None:
            at_level.setdefault(level, Counter())[rank] += 1
    level_rank: dict[int, int] = {}
    previous = 0
    for level in sorted({lv for _, lv in items}):
        rank = at_level[level].most_common(1)[0][0] if level in at_level else previous + 1
        level_rank[level] = rank
        previous = rank
    return {line: level_rank[level] for line, level in items if numbered[line] is None}


def parse_marked(text: str, path: str, levels: dict[int, int], unit: str = "line",
                 not_headings: frozenset[int] = frozenset(), vocab: Vocabulary | None = None) -> Document:
    """Parse report text whose markup says which lines are headings (see the module doc)
    and which are certainly not (table rows: a header row looks like a short heading)."""
    hints = markup_hints(parse(text, path, unit=unit, vocab=vocab), levels) if levels else {}
    hints.update(dict.fromkeys(not_headings, 0))
    return parse(text, path, heading_hints=hints, unit=unit, vocab=vocab)
