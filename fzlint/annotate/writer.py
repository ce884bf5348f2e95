"""Writing comments and tracked changes into the Word document (see :mod:`fzlint.annotate`)."""

from __future__ import annotations

import bisect
import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..diagnostic import Diagnostic, Edit
from ..inputs.word_package import visible_runs
from .load import _Target
from .wml import _NOT_XML, _XML_SPACE, AUTHOR, INITIALS, _el, _run_text, _split_run, w
from .words import comment_text


@dataclass
class _Change:
    """One finding's fix as paragraph edits (deletions, deleted paragraph marks, insertions),
    built by ``change`` and written by ``run`` as tracked changes."""

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
            runs = visible_runs(p)  # as the Word reader reads the paragraph
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


def _reference_run(cid: int) -> Any:
    r = _el("r")
    rpr = _el("rPr")
    rpr.append(_el("rStyle", val="CommentReference"))
    r.append(rpr)
    r.append(_el("commentReference", id=str(cid)))
    return r
