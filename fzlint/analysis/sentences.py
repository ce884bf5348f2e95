"""The per-sentence view of a report the FZ2 checks share: :func:`analyze` reads a document's
body once (per vocabulary) into :class:`Sentence` objects, each a stretch of one paragraph
between sentence ends with the quantities :mod:`fzlint.analysis.numbers` read in it and
the label words before them.  Sentences longer than
:data:`~fzlint.parse.document.LONGEST_SENTENCE` are cut (at a ，、 when there is one).
"""

from __future__ import annotations

import bisect
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..infra import rx
from ..parse.document import LONGEST_SENTENCE

if TYPE_CHECKING:
    from ..parse.document import Document
from .numbers import Quantity, Vocab, narrow

_CJK = rx.compile(r"[\u4e00-\u9fff]")
# Sentence ends (the list of a breakdown never crosses them) and clause separators.
SENTENCE_END = "。！？!?"
CLAUSE_END = "；;"
SEPARATORS = "，,、；;：:。！？!?()（）"
_SENTENCE_END_RE = rx.compile(f"[{SENTENCE_END}]")
# A sentence: the text up to and including the next end mark, or the rest of the paragraph.
_SENTENCE_RE = rx.compile(f"[^{SENTENCE_END}]*[{SENTENCE_END}]|[^{SENTENCE_END}]+")
_CLAUSE_END_RE = rx.compile(f"[{CLAUSE_END}]")


@dataclass
class Sentence:
    """A stretch of one paragraph between sentence ends (。！？) with its quantities."""

    start: int
    end: int
    text: str  # width-normalised text of the sentence (same length as the original)
    quantities: list[Quantity] = field(default_factory=list)
    _cuts: list[int] | None = field(default=None, repr=False)
    _pos: dict[int, int] | None = field(default=None, repr=False)  # id(quantity) → index
    _labels: dict[tuple[int, int], str] | None = field(default=None, repr=False, compare=False)  # label memo
    _clauses: tuple[int, list[list[Quantity]]] | None = field(default=None, repr=False, compare=False)

    def index(self, q: Quantity) -> int:
        """Where ``q`` is in ``quantities`` (by identity: comparing dataclasses field by
        field for every label made long sentences quadratic)."""
        if self._pos is None or len(self._pos) != len(self.quantities):
            self._pos = {id(x): i for i, x in enumerate(self.quantities)}
        i = self._pos.get(id(q))
        return i if i is not None else self.quantities.index(q)

    def local(self, offset: int) -> int:
        return offset - self.start

    def label(self, q: Quantity) -> str:
        """The words a quantity counts: text back to the previous separator or quantity.

        ``受理行政复议案件584件`` → ``受理行政复议案件``; for a number that opens its clause
        (``3件正审理中``) the words after it (``正审理中``).  A quantity right after
        another one (``223批次1578人次``) shares that one's label.
        """
        i = self.index(q)
        if self._labels is None:
            self._labels = {}
        key = (id(q), len(self.quantities))
        hit = self._labels.get(key)
        if hit is None:
            # computed once: checks ask for the same labels many times, and a label can be
            # the one of the quantity before (a chain as long as the sentence)
            hit = self._labels[key] = self._label(q, i)
        return hit

    def _label(self, q: Quantity, i: int) -> str:
        lo = self.local(q.start)
        a = lo
        prev_end = self.local(self.quantities[i - 1].end) if i else 0
        while a > 0 and self.text[a - 1] not in SEPARATORS and a > prev_end:
            a -= 1
        words = self.text[a:lo].strip(" \u3000")
        if not words and a == lo and a > prev_end and self.text[a - 1] in ")）":
            # ``纠错（含撤销、确认违法）29件``: a note in brackets between the words and the number
            # belongs to the words, which are the label.
            o = max(self.text.rfind("(", prev_end, a - 1), self.text.rfind("（", prev_end, a - 1))
            if o > prev_end and not any(self.text.find(c, o, a - 1) >= 0 for c in ")）"):
                b = o
                while b > prev_end and self.text[b - 1] not in SEPARATORS:
                    b -= 1
                if _CJK.search(self.text[b:o]):
                    return self.text[b:o].strip(" \u3000")
        if not words and not q.percent and a == lo and a > prev_end and self.text[a - 1] in "(（":
            # ``比上年（38件）增长25.1%``: a count alone in brackets counts the words before them.
            e = self.local(q.end)
            if e < len(self.text) and self.text[e] in ")）":
                b = a - 1
                while b > prev_end and self.text[b - 1] not in SEPARATORS:
                    b -= 1
                if _CJK.search(self.text[b : a - 1]):
                    return self.text[b : a - 1].strip(" \u3000")
        if not words and i and not self.text[prev_end:lo].strip(" \u3000、"):
            return self.label(self.quantities[i - 1])
        if _CJK.search(words):
            return words
        b = self.local(q.end)
        nxt = self.local(self.quantities[i + 1].start) if i + 1 < len(self.quantities) else len(self.text)
        e = b
        while e < nxt and self.text[e] not in SEPARATORS:
            e += 1
        return self.text[b:e].strip(" \u3000")

    def clause_bounds(self, offset: int) -> tuple[int, int]:
        """Document offsets of the clause (between ；/; or sentence ends) containing ``offset``."""
        if self._cuts is None:
            self._cuts = [m.end() for m in _CLAUSE_END_RE.finditer(self.text)]
        local = self.local(offset)
        i = bisect.bisect_right(self._cuts, local)
        lo = self._cuts[i - 1] if i else 0
        hi = self._cuts[i] - 1 if i < len(self._cuts) else len(self.text)
        return self.start + lo, self.start + hi

    def clauses(self) -> list[list[Quantity]]:
        """Quantities grouped by clause (the sentence split at ；/;); computed once (several
        rules ask), again only when ``quantities`` changed length."""
        if self._clauses is not None and self._clauses[0] == len(self.quantities):
            return self._clauses[1]
        groups: list[list[Quantity]] = []
        last_hi = -1
        for q in self.quantities:
            _, hi = self.clause_bounds(q.start)
            if hi != last_hi:
                groups.append([])
                last_hi = hi
            groups[-1].append(q)
        self._clauses = (len(self.quantities), groups)
        return groups


def split_sentences(text: str, base: int) -> list[tuple[int, int]]:
    """(start, end) document offsets of sentences in one paragraph; the end mark is included."""
    if len(text) <= LONGEST_SENTENCE:  # no sentence to cut (the common case): one regex pass
        return [(base + m.start(), base + m.end()) for m in _SENTENCE_RE.finditer(text)]
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END_RE.finditer(text):
        if m.end() > pos:
            spans.extend(_cut_long(text, pos, m.end(), base))
        pos = m.end()
    if pos < len(text):
        spans.extend(_cut_long(text, pos, len(text), base))
    return spans


def _cut_long(text: str, a: int, b: int, base: int) -> list[tuple[int, int]]:
    """[a, b) as one sentence, or, beyond LONGEST_SENTENCE characters (a line without
    。！？, not prose), as pieces cut after a ，、； — so that per-sentence work stays linear."""
    out: list[tuple[int, int]] = []
    while b - a > LONGEST_SENTENCE:
        window_end = a + LONGEST_SENTENCE
        cut = max(text.rfind(ch, a, window_end) for ch in "，、；,;")
        cut = cut + 1 if cut > a else window_end
        out.append((base + a, base + cut))
        a = cut
    out.append((base + a, base + b))
    return out


@dataclass
class Analysis:
    """A document read once: its sentences (with quantities) paragraph by paragraph."""

    sentences: list[Sentence]
    paragraphs: list[list[Sentence]]


_ANALYSES: weakref.WeakKeyDictionary[Document, dict[int, Analysis]] = weakref.WeakKeyDictionary()


def analyze(doc: Document, vocab: Vocab) -> Analysis:
    """Sentences with quantities of the document body (cached per document and vocabulary)."""
    per_doc = _ANALYSES.setdefault(doc, {})
    hit = per_doc.get(id(vocab))
    if hit is not None:
        return hit
    paragraphs: list[list[Sentence]] = []
    lines = list(doc.paragraphs(doc.body_start, doc.body_end))
    # narrowed once (it keeps offsets): one pass over the text instead of one per paragraph
    narrowed = narrow(doc.text[lines[0].content_start : lines[-1].content_end]) if lines else ""
    origin = lines[0].content_start if lines else 0
    scan = vocab.reader.scan
    for ln in lines:
        cs = ln.content_start
        text = doc.text[cs : ln.content_end]
        norm = narrowed[cs - origin : ln.content_end - origin]
        quantities = scan(text, cs, norm)
        para: list[Sentence] = []
        if not quantities:
            para = [Sentence(a, b, norm[a - cs : b - cs]) for a, b in split_sentences(text, cs)]
            paragraphs.append(para)
            continue
        qi = 0
        for a, b in split_sentences(text, cs):
            s = Sentence(a, b, norm[a - cs : b - cs])
            while qi < len(quantities) and quantities[qi].start < b:
                if quantities[qi].start >= a:
                    s.quantities.append(quantities[qi])
                qi += 1
            para.append(s)
        paragraphs.append(para)
    result = Analysis([s for p in paragraphs for s in p], paragraphs)
    per_doc[id(vocab)] = result
    return result


_RANGES: list[Any] = [None, None]  # the last long list of ranges asked about, and its index


def in_ranges(offset: int, ranges: list[tuple[int, int]]) -> bool:
    if len(ranges) <= 8:
        for a, b in ranges:  # a loop, not any(): asked once per sentence by several rules
            if a <= offset < b:
                return True
        return False
    # a check asks about one list per sentence: index it once (a report of thousands of
    # sections has thousands of ranges)
    if _RANGES[0] is not ranges or _RANGES[1].size != len(ranges):
        from ..infra.spans import RangeIndex

        _RANGES[:] = [ranges, RangeIndex(ranges)]
    return offset in _RANGES[1]
