"""Reading a report for :mod:`fzlint.annotate`: the Document to lint, the Word document to
write, and the map from Document offsets to (paragraph, character) pieces."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from ..inputs.readers import Loaded
from ..parse.document import Document
from ..parse.vocabulary import Vocabulary
from .wml import _NOT_XML

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class _Target:
    """A report read for annotation: what is linted, the Word document written, and where each
    Document offset lies in its paragraphs (built by ``_load_docx``/``_load_text``, read by the writer)."""

    loaded: Loaded  # what is linted (as ``check`` reads the report)
    document: Any  # python-docx Document that is written
    paragraphs: dict[int, tuple[Any, str]]  # paragraph number → (w:p, its visible text)
    #: Document range → [(paragraph, first char, end char, real?)], 0-based characters
    pieces: Any

    @property
    def doc(self) -> Document:
        return self.loaded.doc


def _load_docx(data: bytes, shown: str, vocab: Vocabulary | None = None) -> _Target:
    from ..inputs.readers import DOCX_FIX_REFUSAL
    from ..inputs.word import read_file

    word = read_file(data, shown, vocab)  # the Word reader of ``check``, keeping each paragraph's w:p
    tm = word.rendered.textmap
    text = word.rendered.text
    loaded = Loaded(None, word.rendered.parse(shown, unit="paragraph", vocab=vocab), DOCX_FIX_REFUSAL, "docx")

    def pieces(start: int, end: int) -> list[tuple[int, int, int, bool]]:
        out: list[tuple[int, int, int, bool]] = []
        i = max(bisect.bisect_right(tm.starts, start) - 1, 0)
        while i < len(tm.starts) and tm.starts[i] < end:
            seg_end = tm.starts[i + 1] if i + 1 < len(tm.starts) else len(text)
            s, e = max(start, tm.starts[i]), min(end, seg_end)
            if e > s:
                c0 = tm.columns[i] - 1 + (0 if tm.synthetic[i] else s - tm.starts[i])
                out.append((tm.units[i], c0, c0 + (0 if tm.synthetic[i] else e - s), not tm.synthetic[i]))
            i += 1
        return out

    return _Target(loaded, word.document, word.paragraphs, pieces)


def _load_text(data: bytes, shown: str, vocab: Vocabulary | None = None) -> _Target:
    import docx

    from ..inputs.readers import load_bytes

    loaded = load_bytes(data, shown, vocab)  # InputError for what check refuses
    assert loaded.source is not None
    source_text = loaded.source.text
    document = docx.Document()
    paragraphs: dict[int, tuple[Any, str]] = {}
    line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(source_text))]
    lines = _LINE_BREAK.split(source_text)
    for number, line in enumerate(lines, start=1):
        line = _NOT_XML.sub(" ", line)
        p = document.add_paragraph()
        if line:
            p.add_run(line)
        paragraphs[number] = (p._p, line)
    tm = loaded.doc.textmap

    def file_range(start: int, end: int) -> list[tuple[int, int]]:
        """File ranges of the Document range (markup the Document left out is skipped)."""
        if tm is None:
            return [(start, end)]
        out: list[tuple[int, int]] = []
        for o in range(start, end):  # a finding's span is short; Markdown is mapped char by char
            r = tm.source_range(o, o + 1)
            if r is None or r[1] <= r[0]:
                continue
            if out and out[-1][1] == r[0]:
                out[-1] = (out[-1][0], r[1])
            else:
                out.append(r)
        return out

    def pieces(start: int, end: int) -> list[tuple[int, int, int, bool]]:
        out: list[tuple[int, int, int, bool]] = []
        if end <= start:
            r = tm.source_range(start, start) if tm is not None else (start, start)
            pos = r[0] if r is not None else 0
            n = bisect.bisect_right(line_starts, pos) - 1
            return [(n + 1, pos - line_starts[n], pos - line_starts[n], False)]
        for a, b in file_range(start, end):
            n = bisect.bisect_right(line_starts, a) - 1
            while a < b:
                line_end = line_starts[n] + len(lines[n])
                e = min(b, line_end)
                if e > a:
                    out.append((n + 1, a - line_starts[n], e - line_starts[n], True))
                if b > line_end:  # the line break: the paragraph's mark
                    out.append((n + 1, len(lines[n]), len(lines[n]), False))
                    n += 1
                    a = line_starts[n] if n < len(line_starts) else b
                else:
                    a = b
        return out

    return _Target(loaded, document, paragraphs, pieces)
