"""Findings as Word comments (批注), fixes as tracked changes (修订): ``fzlint annotate``.

:func:`annotate_bytes` takes a report (.docx, .txt or .md, as bytes) and returns a .docx:

* a **.docx** is copied with one comment per finding, anchored on the finding's exact
  characters.  The paragraphs and characters are those of the Word reader
  (:mod:`fzlint.formats.word`, reused here through a subclass that remembers each
  paragraph's ``w:p``): paragraph N is the N-th paragraph the reader counts, character M
  the M-th character of its visible text (a manual line break and a tab count one, as in
  the reader).  Runs are split where a finding starts or ends inside one; each half keeps
  a copy of the run's formatting (``w:rPr``).  Characters fzlint adds to the text (a list
  number Word draws, the comma between table cells) are not in the document: a finding on
  them alone, and a finding with no characters (a missing part, a missing signature), is
  anchored on the whole paragraph it points at, or the nearest one with text.
* a **.txt/.md** becomes a new .docx, one paragraph per line of the file (Markdown marks
  kept as written), with the same comments: locations are the file's lines and columns.
* with ``track_changes``, each fix (safe or unsafe) that can be written as Word revisions
  becomes ``w:del``/``w:ins`` by ``fzlint``: deleted runs keep their place and formatting,
  inserted text takes the formatting of the text it replaces or follows.  A fix that would
  touch characters fzlint added, insert a line break, or overlap another fix is left to
  its comment.  Paragraphs without a finding are not touched at all.

Bad input raises :class:`~fzlint.errors.InputError` (one Chinese line), as ``check`` does.
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .config import Settings
from .diagnostic import Diagnostic, Edit
from .document import Document
from .errors import InputError

AUTHOR = "fzlint"
INITIALS = "fz"
#: Added to the file name of the annotated copy: 报告.docx → 报告（fzlint审阅）.docx.
OUTPUT_MARK = "（fzlint审阅）"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: Characters XML 1.0 cannot hold (a form feed in a text copied out of a PDF): each becomes
#: a space in the .docx made from a text file, so columns stay the file's.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_COMMAND_WORD = re.compile(r"--[a-z]")


def w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


@dataclass(frozen=True)
class Annotated:
    """The annotated .docx and what went into it."""

    data: bytes
    diagnostics: tuple[Diagnostic, ...]
    comments: int  # one per finding
    changes: int  # fixes written as tracked changes
    fixed: tuple[Diagnostic, ...] = ()  # the findings whose fix is a tracked change


def output_name(name: str) -> str:
    """The annotated copy's file name: ``报告.docx`` → ``报告（fzlint审阅）.docx`` (a .txt or
    .md report gives a .docx as well)."""
    return Path(name).stem + OUTPUT_MARK + ".docx"


def is_output_name(name: str) -> bool:
    """Is ``name`` an annotated copy (so that annotating a folder twice skips them)?"""
    return Path(name).stem.endswith(OUTPUT_MARK)


def annotate_bytes(data: bytes, filename: str, *, settings: Settings | None = None, year: int | None = None,
                   select: list[str] | None = None, track_changes: bool = False) -> bytes:
    """The annotated .docx of the report ``data`` named ``filename`` (the name decides the
    format and is shown in error messages; it is never opened).  ``select``: rule codes or
    prefixes (an item may hold several, comma-separated).  Raises InputError (one Chinese
    line) for a file ``check`` cannot read, ConfigError for a code that names no rule."""
    return annotate(data, filename, settings=settings, year=year, select=select, track_changes=track_changes).data


def annotate(data: bytes, filename: str, *, settings: Settings | None = None, year: int | None = None,
             select: Sequence[str] | None = None, track_changes: bool = False) -> Annotated:
    """As :func:`annotate_bytes`, with the findings and the counts."""
    from .engine import lint_document
    from .readers import kind_of

    settings = settings or Settings()
    if year is not None:
        settings = replace(settings, year=year)
    if select:
        codes = tuple(c.strip().upper() for item in select for c in item.replace("，", ",").split(",") if c.strip())
        settings = replace(settings, select=codes or None)
    kind = kind_of(filename)
    target = _load_docx(data, filename) if kind == "docx" else _load_text(data, filename)
    diags, _ = lint_document(target.doc, settings.ruleset(), settings, keep_fixes=True)
    writer = _Writer(target, track_changes)
    fixed = writer.run(diags)
    buf = io.BytesIO()
    target.document.save(buf)
    out = buf.getvalue()
    if kind == "docx" and not writer.restructured:
        out = _keep_untouched(data, out, target.document.element, writer.touched)
    return Annotated(out, tuple(diags), len(diags), len(fixed), fixed)


# ---- loading: the Document to lint, the Word document to write, and the map between them ----
@dataclass
class _Target:
    doc: Document  # what is linted
    document: Any  # python-docx Document that is written
    paragraphs: dict[int, tuple[Any, str]]  # paragraph number → (w:p, its visible text)
    #: Document range → [(paragraph, first char, end char, real?)], 0-based characters
    pieces: Any


def _load_docx(data: bytes, shown: str) -> _Target:
    from .formats import Rendered
    from .formats.word import _Numbering, _open, _Reader, _Styles

    @dataclass
    class Recorder(_Reader):
        """The Word reader, remembering the ``w:p`` of each paragraph number it reads."""

        found: dict[int, tuple[Any, str]] = field(default_factory=dict)

        def paragraph(self, p: Any) -> tuple[int, str, str]:
            number, label, text = super().paragraph(p)
            self.found[number] = (p, text)
            return number, label, text

    document = _open(data, shown)
    try:  # as formats.word.read
        styles = _Styles.of(document)
        reader = Recorder(styles, _Numbering.of(document, styles))
        reader.body(document.element.body)
    except Exception as e:
        raise InputError(shown, f"文件内容有误，无法读取（{type(e).__name__}）") from None
    text, tm = reader.builder.build(editable=False)
    if text.endswith("\n"):
        text = text[:-1]
    doc = Rendered(text, tm, reader.levels, frozenset(reader.not_headings)).parse(shown, unit="paragraph")

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

    return _Target(doc, document, reader.found, pieces)


def _load_text(data: bytes, shown: str) -> _Target:
    import docx

    from .readers import load_bytes

    loaded = load_bytes(data, shown)  # InputError for what check refuses
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
    doc = loaded.doc
    tm = doc.textmap

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

    return _Target(doc, document, paragraphs, pieces)


# ---- writing ------------------------------------------------------------------------------
@dataclass
class _Change:
    diag: Diagnostic
    deletions: list[tuple[int, int, int]]  # (paragraph, first char, end char)
    marks: list[int]  # paragraphs whose mark (the paragraph break) is deleted
    insertions: list[tuple[int, int, str]]  # (paragraph, char, text)


def _is_edge_mark(piece: tuple[int, int, int, bool], text: str) -> bool:
    return not piece[3] and piece[1] == len(text)


class _Writer:
    def __init__(self, target: _Target, track_changes: bool) -> None:
        self.t = target
        self.track = track_changes
        self.runs: dict[int, list[tuple[int, int, Any]]] = {}  # paragraph → [(start, end, w:r)]
        self.starts: dict[int, list[int]] = {}  # paragraph → the runs' starts (for bisect)
        self.whole_only: set[int] = set()  # paragraphs whose runs do not give their text
        self.now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = 0
        self.touched: set[Any] = set()  # the w:p elements changed
        self.restructured = False  # a paragraph was added (to a document without any)
        self.numbers = sorted(target.paragraphs)

    # planning ------------------------------------------------------------------------
    def anchor(self, d: Diagnostic) -> tuple[tuple[int, int], tuple[int, int]] | int:
        """((paragraph, char), (paragraph, end char)) of the finding's characters, or the
        number of the paragraph to anchor on as a whole."""
        real = [p for p in self.t.pieces(d.start, d.end) if p[3] and p[2] > p[1] and p[0] in self.t.paragraphs]
        if real:
            first, last = real[0], real[-1]
            if self._container(first[0]) is not self._container(last[0]):
                last = next(p for p in reversed(real) if p[0] == first[0])  # a span across table cells
            return (first[0], first[1]), (last[0], last[2])
        n = len(self.t.doc.text)
        found = (self.t.pieces(d.start, d.end) or self.t.pieces(d.start, min(d.start + 1, n))
                 or self.t.pieces(max(d.start - 1, 0), d.start))
        unit = found[0][0] if found else 1
        return self._nearest_with_text(unit)

    def _container(self, unit: int) -> Any:
        return self.t.paragraphs[unit][0].getparent()

    def _nearest_with_text(self, unit: int) -> int:
        """``unit`` if it has text, else the closest paragraph before it with text (a
        missing signature points after the last one), else the first one after it."""
        numbers = self.numbers
        i = min(bisect.bisect_right(numbers, unit), len(numbers)) - 1
        for k in range(i, -1, -1):
            if self.t.paragraphs[numbers[k]][1].strip():
                return numbers[k]
        for k in range(i + 1, len(numbers)):
            if self.t.paragraphs[numbers[k]][1].strip():
                return numbers[k]
        return numbers[0] if numbers else 0

    def change(self, d: Diagnostic) -> _Change | None:
        """The fix of ``d`` as paragraph edits, or None when it cannot be a Word revision."""
        if d.fix is None:
            return None
        ch = _Change(d, [], [], [])
        for e in sorted(d.fix.edits, key=lambda e: (e.start, e.end)):
            if not self._edit(e, ch):
                return None
        return ch if (ch.deletions or ch.insertions or ch.marks) else None

    def _edit(self, e: Edit, ch: _Change) -> bool:
        if "\n" in e.content or "\r" in e.content or _NOT_XML.search(e.content):
            return False
        paragraphs = self.t.paragraphs
        if e.end > e.start:
            pieces = self.t.pieces(e.start, e.end)
            for unit, c0, c1, real in pieces:
                if unit not in paragraphs:
                    return False
                p, text = paragraphs[unit]
                if real:
                    ch.deletions.append((unit, c0, c1))
                elif _is_edge_mark((unit, c0, c1, real), text) and self._whole_deleted(unit, text, pieces) \
                        and p.getparent() is not None and p.getparent().tag == w("body"):
                    ch.marks.append(unit)  # a whole paragraph deleted with its break
                else:
                    return False  # characters fzlint added (a list number, a cell separator)
            if e.content:
                last = next((pc for pc in reversed(pieces) if pc[3]), None)
                if last is None:
                    return False
                ch.insertions.append((last[0], last[2], e.content))
            return True
        if not e.content:
            return True
        # an insertion: before the character at the offset, or after the one before it
        after = self.t.pieces(e.start, e.start + 1) if e.start < len(self.t.doc.text) else []
        if after and after[0][3] and after[0][0] in paragraphs:
            ch.insertions.append((after[0][0], after[0][1], e.content))
            return True
        before = self.t.pieces(e.start - 1, e.start) if e.start > 0 else []
        if before and before[-1][3] and before[-1][0] in paragraphs:
            ch.insertions.append((before[-1][0], before[-1][2], e.content))
            return True
        return False

    @staticmethod
    def _whole_deleted(unit: int, text: str, pieces: list[tuple[int, int, int, bool]]) -> bool:
        covered = sum(c1 - c0 for u, c0, c1, real in pieces if u == unit and real)
        return covered == len(text)

    # the run index -------------------------------------------------------------------
    def index(self, cuts: dict[int, set[int]]) -> None:
        """Split runs at the cut characters; index every paragraph that has cuts."""
        for unit, positions in cuts.items():
            p, text = self.t.paragraphs[unit]
            runs = _text_runs(p)
            if "".join(_run_text(r) for r in runs) != text:
                self.whole_only.add(unit)  # never expected: the text is the reader's
                continue
            out: list[tuple[int, int, Any]] = []
            pos = 0
            wanted = sorted(c for c in positions if 0 < c < len(text))
            k = 0
            for r in runs:
                n = len(_run_text(r))
                while k < len(wanted) and wanted[k] <= pos:
                    k += 1
                while k < len(wanted) and wanted[k] < pos + n:
                    right = _split_run(r, wanted[k] - pos)
                    out.append((pos, wanted[k], r))
                    n -= wanted[k] - pos
                    pos = wanted[k]
                    r = right
                    k += 1
                out.append((pos, pos + n, r))
                pos += n
            self.runs[unit] = out
            self.starts[unit] = [s for s, _, _ in out]

    def runs_in(self, unit: int, c0: int, c1: int) -> list[Any]:
        runs = self.runs.get(unit, [])
        i = bisect.bisect_left(self.starts[unit], c0) if runs else 0
        out = []
        while i < len(runs) and runs[i][0] < c1:
            s, e, r = runs[i]
            if e > s and e <= c1:
                out.append(r)
            i += 1
        return out

    def run_starting(self, unit: int, c: int) -> Any:
        """The run whose first character is ``c`` (None if no run starts there)."""
        runs = self.runs.get(unit, [])
        i = bisect.bisect_left(self.starts[unit], c) if runs else 0
        while i < len(runs) and runs[i][0] == c:
            if runs[i][1] > c:
                return runs[i][2]
            i += 1
        return None

    def run_ending(self, unit: int, c: int) -> Any:
        """The run whose last character is just before ``c`` (None if no run ends there)."""
        if c <= 0 or unit not in self.runs:
            return None
        runs = self.runs[unit]
        j = bisect.bisect_left(self.starts[unit], c) - 1
        while j >= 0 and runs[j][1] == runs[j][0]:  # runs without text (a field mark)
            j -= 1
        return runs[j][2] if j >= 0 and runs[j][1] == c else None

    # the whole job -------------------------------------------------------------------
    def run(self, diags: list[Diagnostic]) -> tuple[Diagnostic, ...]:
        """Write a comment for each finding and (tracking changes) the fixes that can be
        revisions; returns the findings whose fix was written."""
        anchors = [self.anchor(d) for d in diags]
        changes: list[_Change] = []
        if self.track:
            taken: list[tuple[int, int]] = []  # Document ranges already changed
            for d in diags:
                ch = self.change(d)
                if ch is None or d.fix is None:
                    continue
                lo, hi = d.fix.start, d.fix.end
                if any(_overlap(a, b, lo, hi) for a, b in taken):
                    continue  # overlaps a fix already written
                taken.append((lo, hi))
                changes.append(ch)
        cuts: dict[int, set[int]] = {}
        for a in anchors:
            if isinstance(a, tuple):
                (u0, c0), (u1, c1) = a
                cuts.setdefault(u0, set()).add(c0)
                cuts.setdefault(u1, set()).add(c1)
        for ch in changes:
            for u, c0, c1 in ch.deletions:
                cuts.setdefault(u, set()).update((c0, c1))
            for u, c, _ in ch.insertions:
                cuts.setdefault(u, set()).add(c)
            for u in ch.marks:
                cuts.setdefault(u, set())
        self.index(cuts)
        self.touched.update(self.t.paragraphs[u][0] for u in cuts)
        self.next_id = _max_id(self.t.document.element.body) + 1
        changed = {id(ch.diag) for ch in changes if self._can_apply(ch)}
        changes = [ch for ch in changes if id(ch.diag) in changed]
        comments = _Comments(self.t.document, self.now)
        for d, a in zip(diags, anchors, strict=True):
            self._mark(comments.add(comment_text(d, id(d) in changed)), a)
        self.next_id = max(self.next_id, _max_id(self.t.document.element.body) + 1)
        for ch in changes:
            self._apply(ch)
        return tuple(ch.diag for ch in changes)

    def _can_apply(self, ch: _Change) -> bool:
        units = {u for u, _, _ in ch.deletions} | {u for u, _, _ in ch.insertions} | set(ch.marks)
        if units & self.whole_only:
            return False
        return all(self.runs_in(u, c0, c1) for u, c0, c1 in ch.deletions)

    # comments ------------------------------------------------------------------------
    def _mark(self, cid: int, anchor: tuple[tuple[int, int], tuple[int, int]] | int) -> None:
        start = _el("commentRangeStart", id=str(cid))
        end = _el("commentRangeEnd", id=str(cid))
        if isinstance(anchor, tuple):
            (u0, c0), (u1, c1) = anchor
            first = self.run_starting(u0, c0) if u0 not in self.whole_only else None
            last = self.run_ending(u1, c1) if u1 not in self.whole_only else None
            if first is not None and last is not None:
                first.addprevious(start)
                last.addnext(_reference_run(cid))
                last.addnext(end)
                return
            anchor = u0
        if anchor not in self.t.paragraphs:  # a document without paragraphs
            body = self.t.document.element.body
            p = _el("p")
            body.insert(0, p)
            self.restructured = True
        else:
            p = self.t.paragraphs[anchor][0]
        self.touched.add(p)
        ppr = p.find(w("pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        p.append(end)
        p.append(_reference_run(cid))

    # tracked changes -----------------------------------------------------------------
    def _revision(self, tag: str) -> Any:
        el = _el(tag, id=str(self.next_id), author=AUTHOR, date=self.now)
        self.next_id += 1
        return el

    def _apply(self, ch: _Change) -> None:
        last_del: dict[tuple[int, int], Any] = {}  # (paragraph, end char) → its w:del
        for u, c0, c1 in ch.deletions:
            runs = self.runs_in(u, c0, c1)
            for group in _sibling_groups(runs):
                dl = self._revision("del")
                group[0].addprevious(dl)
                el = group[0]
                while el is not None:  # the runs and any marks between them
                    following = el.getnext()
                    dl.append(el)
                    if el is group[-1]:
                        break
                    el = following
                for r in group:
                    for t in r.iter(w("t")):
                        t.tag = w("delText")
                    for t in r.iter(w("instrText")):
                        t.tag = w("delInstrText")
                last_del[(u, c1)] = dl
        for u in ch.marks:
            self._delete_mark(self.t.paragraphs[u][0])
        for u, c, content in ch.insertions:
            self._insert(u, c, content, last_del.get((u, c)))

    def _delete_mark(self, p: Any) -> None:
        ppr = p.find(w("pPr"))
        if ppr is None:
            ppr = _el("pPr")
            p.insert(0, ppr)
        rpr = ppr.find(w("rPr"))
        if rpr is None:
            rpr = _el("rPr")
            later = [c for c in ppr if c.tag in (w("sectPr"), w("pPrChange"))]
            if later:
                later[0].addprevious(rpr)
            else:
                ppr.append(rpr)
        ins = rpr.find(w("ins"))
        if ins is not None:
            ins.addnext(self._revision("del"))
        else:
            rpr.insert(0, self._revision("del"))

    def _insert(self, unit: int, c: int, content: str, after_del: Any) -> None:
        prev, following = self.run_ending(unit, c), self.run_starting(unit, c)
        before = [prev] if prev is not None else []
        model = prev if prev is not None else following
        new = _el("r")
        if model is not None and model.find(w("rPr")) is not None:
            rpr = copy.deepcopy(model.find(w("rPr")))
            for mark in rpr.findall(w("ins")) + rpr.findall(w("del")):
                rpr.remove(mark)
            new.append(rpr)
        for k, part in enumerate(content.split("\t")):
            if k:
                new.append(_el("tab"))
            if part:
                t = _el("t")
                t.text = part
                t.set(_XML_SPACE, "preserve")
                new.append(t)
        ins = self._revision("ins")
        ins.append(new)
        if after_del is not None:
            after_del.addnext(ins)
        elif before:
            _outside_revision(before[-1]).addnext(ins)
        elif following is not None:
            _outside_revision(following).addprevious(ins)
        else:
            p = self.t.paragraphs[unit][0]
            ppr = p.find(w("pPr"))
            if ppr is not None:
                ppr.addnext(ins)
            else:
                p.insert(0, ins)


class _Comments:
    """The document's comments part (python-docx ≥ 1.2 creates it when missing), written
    directly: python-docx's ``add_comment`` looks through every comment for a free id, which
    makes a report with thousands of findings quadratic."""

    def __init__(self, document: Any, date: str) -> None:
        self.root = document.part._comments_part.element
        used = [int(v) for v in self.root.xpath("./w:comment/@w:id") if v.isdigit()]
        self.next = max(used, default=-1) + 1
        self.date = date

    def add(self, text: str) -> int:
        cid = self.next
        self.next += 1
        comment = _el("comment", id=str(cid), author=AUTHOR, date=self.date, initials=INITIALS)
        for k, line in enumerate(text.split("\n")):
            p = _el("p")
            ppr = _el("pPr")
            ppr.append(_el("pStyle", val="CommentText"))
            p.append(ppr)
            if k == 0:  # the mark Word shows at the start of the comment
                ref = _el("r")
                rpr = _el("rPr")
                rpr.append(_el("rStyle", val="CommentReference"))
                ref.append(rpr)
                ref.append(_el("annotationRef"))
                p.append(ref)
            r = _el("r")
            t = _el("t")
            t.text = line
            t.set(_XML_SPACE, "preserve")
            r.append(t)
            p.append(r)
            comment.append(p)
        self.root.append(comment)
        return cid


def _overlap(a: int, b: int, lo: int, hi: int) -> bool:
    """Do the changes of Document ranges [a, b) and [lo, hi) collide (an insertion is a
    range of no characters: inside a deletion, or at the same place as another one)?"""
    return (lo < b and a < hi) or (a == b == lo == hi) or (lo == hi and a < lo < b) or (a == b and lo < a < hi)


def _outside_revision(r: Any) -> Any:
    """``r``, or the revision (``w:del`` fzlint added) that holds it."""
    parent = r.getparent()
    return parent if parent is not None and parent.tag == w("del") else r


def _sibling_groups(runs: list[Any]) -> list[list[Any]]:
    """Runs in groups of siblings with no other run between them (one w:del each)."""
    groups: list[list[Any]] = []
    for r in runs:
        if groups and groups[-1][-1].getparent() is r.getparent():
            el = groups[-1][-1].getnext()
            while el is not None and el is not r and el.tag != w("r"):
                el = el.getnext()
            if el is r:
                groups[-1].append(r)
                continue
        groups.append([r])
    return groups


def _max_id(body: Any) -> int:
    top = 0
    for el in body.iter():
        v = el.get(w("id"))
        if v is not None and v.isdigit():
            top = max(top, int(v))
    return top


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement

    return OxmlElement(f"w:{tag}", attrs={w(k): v for k, v in attrs.items()})


def _reference_run(cid: int) -> Any:
    r = _el("r")
    rpr = _el("rPr")
    rpr.append(_el("rStyle", val="CommentReference"))
    r.append(rpr)
    r.append(_el("commentReference", id=str(cid)))
    return r


# ---- byte for byte: paragraphs without a finding keep their XML ---------------------------
def _keep_untouched(original: bytes, saved: bytes, root: Any, touched: set[Any]) -> bytes:
    """``saved`` (python-docx's package) with a ``word/document.xml`` that is the original's
    bytes except for the paragraphs fzlint changed, which come from the new serialization.
    Re-serializing the whole part would rewrite paragraphs nobody touched (``<w:rPr></w:rPr>``
    becomes ``<w:rPr/>``, entities and quotes change); a drafter comparing versions, or a
    document system checking the file, should see only what fzlint did."""
    import zipfile

    name = "word/document.xml"
    try:
        with zipfile.ZipFile(io.BytesIO(original)) as z:
            old_xml = z.read(name)
        with zipfile.ZipFile(io.BytesIO(saved)) as z:
            new_xml = z.read(name)
            entries = [(i, z.read(i.filename)) for i in z.infolist()]
    except (KeyError, zipfile.BadZipFile):
        return saved
    tag = (f"{root.prefix}:p" if root.prefix else "p").encode()
    outer = root.xpath("//w:p[not(ancestor::w:p)]")  # python-docx knows the w: prefix
    old_spans, new_spans = _paragraph_spans(old_xml, tag), _paragraph_spans(new_xml, tag)
    if not (len(old_spans) == len(new_spans) == len(outer)):
        return saved  # unexpected XML (a paragraph tag inside a comment…): keep python-docx's
    changed = {k for k, p in enumerate(outer) if p in touched}
    pieces: list[bytes] = []
    pos = 0
    for k, (a, b) in enumerate(old_spans):
        if k in changed:
            pieces += [old_xml[pos:a], new_xml[new_spans[k][0]:new_spans[k][1]]]
            pos = b
    pieces.append(old_xml[pos:])
    xml = b"".join(pieces)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info, content in entries:
            z.writestr(info, xml if info.filename == name else content)
    return buf.getvalue()


def _paragraph_spans(xml: bytes, tag: bytes) -> list[tuple[int, int]]:
    """Byte ranges of the outermost ``<w:p>`` elements, in document order."""
    pattern = re.compile(rb"<(/?)" + re.escape(tag) + rb"(?=[\s/>])[^>]*?(/?)>")
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for m in pattern.finditer(xml):
        if m.group(1):  # </w:p>
            depth -= 1
            if depth == 0:
                spans.append((start, m.end()))
        elif m.group(2):  # <w:p/>
            if depth == 0:
                spans.append((m.start(), m.end()))
        else:
            if depth == 0:
                start = m.start()
            depth += 1
    return spans


# ---- runs: the same characters as the Word reader -----------------------------------------
def _text_runs(p: Any) -> list[Any]:
    """The runs whose characters make the paragraph's visible text, in order (as
    :func:`fzlint.formats.word.paragraph_text` reads them)."""
    from .formats.word import _RECURSE_INLINE, _on

    out: list[Any] = []

    def walk(el: Any) -> None:
        for child in el.iterchildren():
            if child.tag == w("r"):
                rpr = child.find(w("rPr"))
                if not (_on(rpr, "vanish") or _on(rpr, "webHidden")):
                    out.append(child)
            elif child.tag in _RECURSE_INLINE:
                walk(child)

    walk(p)
    return out


def _item_text(item: Any) -> str:
    t = item.tag
    if t == w("t"):
        return item.text or ""
    if t in (w("tab"), w("ptab")):
        return "\t"
    if t == w("br"):
        return "" if item.get(w("type")) in ("page", "column") else "\n"
    if t == w("cr"):
        return "\n"
    if t == w("noBreakHyphen"):
        return "-"
    return ""


def _run_text(r: Any) -> str:
    return "".join(_item_text(item) for item in r.iterchildren())


def _split_run(r: Any, k: int) -> Any:
    """Split run ``r`` before its ``k``-th character (0 < k < its length); the new run after
    it gets a copy of the formatting and everything from that character on.  Returns it."""
    right = _el("r")
    for name, value in r.attrib.items():
        right.set(name, value)
    rpr = r.find(w("rPr"))
    if rpr is not None:
        right.append(copy.deepcopy(rpr))
    pos = 0
    moving = False
    for item in list(r.iterchildren()):
        if item.tag == w("rPr"):
            continue
        if moving:
            right.append(item)
            continue
        n = len(_item_text(item))
        if pos + n <= k:
            pos += n
            if pos == k and n:
                moving = True
            continue
        # the split falls inside this w:t
        text = item.text or ""
        tail = _el("t")
        tail.text = text[k - pos:]
        tail.set(_XML_SPACE, "preserve")
        item.text = text[: k - pos]
        item.set(_XML_SPACE, "preserve")
        right.append(tail)
        moving = True
    r.addnext(right)
    return right


# ---- the comment's words --------------------------------------------------------------------
def plain_words(text: str) -> str:
    """A message without its command-line advice (``可用 --year 2023 指定``): a drafter
    reading a comment in Word has no command line."""
    if not _COMMAND_WORD.search(text):
        return text
    text = re.sub(r"[（(][^（）()]*--[a-z][^（）()]*[）)]", "", text)
    clauses = [c for c in re.split(r"(?<=；)", text) if not _COMMAND_WORD.search(c)]
    kept = "".join(clauses).rstrip("；")
    return kept if kept.strip() else re.sub(r"--[a-z][a-z-]*\s*\S*", "", text)


def comment_text(d: Diagnostic, tracked: bool = False) -> str:
    """The comment for one finding: code, severity, message, suggestion (and the revision)."""
    lines = [f"{d.code}（{d.severity.zh}）{plain_words(d.message)}"]
    if d.suggestion:
        lines.append(f"建议：{plain_words(d.suggestion)}")
    if tracked and d.fix is not None:
        lines.append("修改已标为修订（“审阅”中可接受或拒绝）"
                     + ("；这处修改可能改变原意，请核对后再接受" if not d.fix.safe else "") + "。")
    return "\n".join(lines)


# ---- files ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """One input of ``fzlint annotate``: where its copy went, or the one-line error."""

    shown: str
    output: str | None = None
    comments: int = 0
    changes: int = 0
    error: str | None = None


def annotate_paths(paths: Sequence[str], output: str | None, overrides: Any,
                   track_changes: bool = False) -> list[Outcome]:
    """Annotate each report (directories are walked as by ``check``; annotated copies in
    them are skipped).  ``output``: the file to write for one report, or a folder for
    several (a folder is also meant when it exists or ends with a path separator).  The
    input is never written; an output equal to it is refused.  No printing here."""
    import os

    from .config import resolve
    from .runner import Target, collect
    from .source import display_path, read_bytes

    items = collect(list(paths), overrides)
    targets = [t for t in items if not isinstance(t, Target) or t.explicit or not is_output_name(t.path.name)]
    folder: Path | None = None
    if output is not None:
        out = Path(output)
        several = len(targets) > 1 or any(Path(p).is_dir() for p in paths)
        if several or out.is_dir() or output.endswith(("/", os.sep)):
            folder = out
    outcomes: list[Outcome] = []
    written: set[str] = set()
    for t in targets:
        if not isinstance(t, Target):  # a directory without reports, one that cannot be listed
            outcomes.append(Outcome(t.path, error=t.error))
            continue
        if folder is not None:
            dest = folder / output_name(t.path.name)
        elif output is not None:
            dest = Path(output)
        else:
            dest = t.path.with_name(output_name(t.path.name))
        shown_dest = display_path(dest)
        try:
            if _same_file(dest, t.path):
                raise InputError(t.shown, f"输出文件 {shown_dest} 就是输入文件本身；原文件不会被改写，请另选输出文件名")
            key = os.path.realpath(dest)
            if key in written:
                raise InputError(t.shown, f"输出文件 {shown_dest} 与另一份报告的输出同名，未写入")
            data = read_bytes(t.path)
            settings = resolve(t.path, overrides)
            result = annotate(data, t.shown, settings=settings, track_changes=track_changes)
            if folder is not None:
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError as e:
                    raise InputError(display_path(folder), f"无法创建输出文件夹（{e.strerror or e}）") from None
            write_bytes_atomic(dest, result.data)
            written.add(key)
            outcomes.append(Outcome(t.shown, shown_dest, result.comments, result.changes))
        except InputError as e:
            outcomes.append(Outcome(t.shown, error=str(e)))
        except Exception as e:  # a crash on one report must not hide the others
            from .errors import FzlintError

            msg = str(e) if isinstance(e, FzlintError) else f"{t.shown}: 无法生成批注文件（内部错误 {type(e).__name__}）"
            outcomes.append(Outcome(t.shown, error=msg))
    return outcomes


def _same_file(a: Path, b: Path) -> bool:
    import os

    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and one rename:
    an existing file is replaced whole or not at all.  Raises WriteError."""
    import os
    import tempfile

    from .errors import WriteError
    from .source import display_path

    shown = display_path(path)
    real = os.path.realpath(path)
    directory = os.path.dirname(real) or "."
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + Path(real).name + ".", suffix=".fzlint.tmp", dir=directory)
    except OSError as e:
        raise WriteError(shown, f"无法写入输出文件（{e.strerror or e}）") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, real)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise WriteError(shown, f"写入失败（{e.strerror or e}），未生成输出文件") from None
        raise
