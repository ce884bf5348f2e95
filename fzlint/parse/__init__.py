"""Parsing: report text → a :class:`~fzlint.parse.document.Document`, finished (frozen) by
:func:`fzlint.engine.prepare_document` once the year override and the part mapping are
applied.

- :func:`parse` (here): lines, headings, title, signature, year;
- :mod:`~fzlint.parse.document`: the Document and its parts (lines, headings, spans,
  signature), offsets ↔ line/column, structure and scope queries;
- :mod:`~fzlint.parse.headings`: numbered and bare headings, the heading tree;
- :mod:`~fzlint.parse.frame`: title, signature and year;
- :mod:`~fzlint.parse.lexicon`: Chinese numerals read and written, and the other fixed
  vocabulary of the parser;
- :mod:`~fzlint.parse.vocabulary`: the genre's words the parser reads (pack data: the
  ``vocabulary:`` section of a rule pack);
- :mod:`~fzlint.parse.parts`: sections mapped to the required parts (pack data).
"""

from __future__ import annotations

from .document import Document, Heading, split_lines
from .frame import find_signature, find_title, find_year
from .headings import add_bare_headings, build_tree, match_heading
from .vocabulary import Vocabulary


def parse(text: str, path: str = "-", *, heading_hints: dict[int, int] | None = None, unit: str = "line",
          vocab: Vocabulary | None = None) -> Document:
    """Parse a report.

    ``heading_hints`` maps a line number to a heading rank for lines that markup
    (Markdown ``#``, Word heading styles or list numbering) says are headings; a rank of
    0 says the line is *not* a heading whatever it looks like (a table row).  ``vocab``:
    the rule set's :attr:`~fzlint.packs.loader.RuleSet.parser_vocabulary`; without one, the
    built-in packs' (loaded once).
    """
    if vocab is None:
        from ..packs.config import builtin_vocabulary

        vocab = builtin_vocabulary()
    doc = Document(text, path, unit)
    doc.lines = split_lines(text)
    doc._line_starts = [ln.start for ln in doc.lines]
    nonblank = [ln for ln in doc.lines if not ln.blank]
    hints = heading_hints or {}

    # Numbered (and markup-hinted) headings.
    candidates: dict[int, Heading] = {}
    for ln in nonblank:
        if hints.get(ln.number) == 0:
            continue
        h = match_heading(ln, text)
        if ln.number in hints:
            rank = hints[ln.number]
            if h is None:
                head = ln.content.rstrip("。")  # a styled heading's full stop is not part of its text
                h = Heading(rank, "markup", None, "", head, ln.number, ln.content_start,
                            ln.content_start, ln.content_start + len(head))
            else:
                h.rank = rank
        if h is not None:
            candidates[ln.number] = h

    find_title(doc, nonblank, candidates, vocab)
    find_signature(doc, nonblank, candidates, vocab)
    for n in list(candidates):
        ln = doc.lines[n - 1]
        if n in doc.title_lines or ln.start >= doc.body_end:
            del candidates[n]
    headings = sorted(candidates.values(), key=lambda h: h.start)
    headings = add_bare_headings(doc, nonblank, headings, frozenset(n for n, r in hints.items() if r == 0))
    doc.headings = headings
    build_tree(doc)
    find_year(doc, nonblank, vocab)
    return doc
