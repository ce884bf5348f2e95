"""Headings: the numbered forms, bare headings, and the heading tree.

Heading forms recognised (rank = nesting level of the numbering style):

====  =============================================  ==========
rank  forms                                          style ids
====  =============================================  ==========
0     ``第一部分``                                    part
1     ``一、`` ``一．``                               cn
2     ``（一）`` ``(一)`` ``(二）`` ``（一）、`` ``一）``  cn-paren
3     ``1.`` ``1、`` ``1．``                          arabic
4     ``（1）`` ``(1)``                               arabic-paren
5     ``①``                                          circled
====  =============================================  ==========

A *bare* heading is a short line without terminal punctuation that stands among
numbered siblings (real reports lose ``（一）`` when Word's automatic numbering is
exported to text); it takes the rank of the numbered headings of its section.  Not
bare headings: the first line under a numbered heading of that rank, items listed one
a line after a colon, a line that is only a ``《title》``, a short sentence stating a
figure.
Leading spaces, tabs, U+3000 and NBSP are indentation; a leading Word bookmark
residue such as ``[bookmark: _GoBack]`` is skipped when looking for a heading.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection

from ..infra import rx
from .document import Document, Heading, Line, make_line
from .lexicon import DATE_LINE, MARKER_NUMERALS, NOISE_PREFIX, circled_to_int, numeral_to_int

_HEADING_PATTERNS: tuple[tuple[int, str, re.Pattern[str]], ...] = (
    # "第一部分" sits above "一、": reports in parts number their sections 一、二、 inside each part.
    (0, "part", rx.compile(rf"^第(?P<num>[{MARKER_NUMERALS}]{{1,3}})部分\s*[、.．：:]?\s*")),
    (1, "cn", rx.compile(rf"^(?P<num>[{MARKER_NUMERALS}]{{1,3}})\s*(?P<sep>[、.．])\s*")),
    # (The opening bracket may be missing, "一）依法决策": the heading rule reports it.)
    (2, "cn-paren", rx.compile(rf"^(?P<open>[（(]?)\s*(?P<num>[{MARKER_NUMERALS}]{{1,3}})\s*(?P<close>[）)])\s*(?P<sep>[、.．，,]?)\s*")),
    (3, "arabic", rx.compile(r"^(?P<num>[0-9０-９]{1,2})\s*(?P<sep>[.．、])(?![0-9０-９])\s*")),
    (4, "arabic-paren", rx.compile(r"^(?P<open>[（(])\s*(?P<num>[0-9０-９]{1,2})\s*(?P<close>[）)])\s*(?P<sep>[、.．]?)\s*")),
    (5, "circled", rx.compile(r"^(?P<num>[①-⑳])\s*")),
)
# Any of the forms above, one regex: most lines are prose and start with none of them.
_ANY_MARKER = rx.compile(re.sub(r"\(\?P<\w+>", "(?:", "|".join(f"(?:{pat.pattern})" for _, _, pat in _HEADING_PATTERNS)))
_RUN_IN_END = rx.compile(r"[。；;：:！？!?]")
_TERMINAL = set("。；;：:！？!?，,、")


def match_heading(line: Line, text: str) -> Heading | None:
    s = line.content
    offset = line.content_start
    noise = NOISE_PREFIX.match(s)
    if noise:
        s = s[noise.end() :]
        offset += noise.end()
    if not s or not _ANY_MARKER.match(s) or DATE_LINE.match(s):
        return None
    for rank, style, pat in _HEADING_PATTERNS:
        m = pat.match(s)
        if not m:
            continue
        rest = s[m.end() :]
        if not rest.strip():
            return None  # a lone marker is not a heading
        raw_num = m.group("num")
        number = circled_to_int(raw_num) if style == "circled" else numeral_to_int(raw_num)
        stop = _RUN_IN_END.search(rest)
        if stop and stop.start() == 0:
            return None
        head = rest[: stop.start()] if stop else rest
        run_in = stop is not None and bool(rest[stop.end() :].strip())
        marker = s[: m.end()].rstrip()
        tstart = offset + m.end()
        return Heading(
            rank=rank,
            style=style,
            number=number,
            marker=marker,
            text=head.strip(),
            line=line.number,
            start=offset,
            text_start=tstart,
            text_end=tstart + len(head.rstrip()),
            run_in=run_in,
        )
    return None


def leading_marker(text: str) -> tuple[str, int, int] | None:
    """(style, number, end) of the heading number ``text`` starts with (``（一）加强`` →
    ("cn-paren", 1, 3)); ``end`` takes the spaces after it.  None when it starts with none."""
    for _rank, style, pat in _HEADING_PATTERNS:
        m = pat.match(text)
        if m:
            raw = m.group("num")
            number = circled_to_int(raw) if style == "circled" else numeral_to_int(raw)
            return (style, number, m.end()) if number is not None else None
    return None


def numbered_rank(text: str) -> int | None:
    """The rank of the heading numbering ``text`` starts with (``一、`` → 1, ``（一）`` → 2 …)."""
    h = match_heading(make_line(text, 1, 0, len(text)), text)
    return h.rank if h is not None else None


def add_bare_headings(doc: Document, nonblank: list[Line], headings: list[Heading],
                       exclude: frozenset[int] = frozenset()) -> list[Heading]:
    if not headings:
        return headings
    exclude = exclude | _list_items(nonblank, {h.line for h in headings})
    top_rank = min(h.rank for h in headings)
    lost_tops = _lost_top_headings(doc, nonblank, headings, top_rank, exclude)
    doc.lost_top_candidates = _trailing_top_candidates(doc, nonblank, headings, top_rank, exclude)
    if lost_tops:
        headings = sorted([*headings, *lost_tops], key=lambda h: h.start)
    by_line = {h.line: h for h in headings}
    first_line = headings[0].line
    # The numbered headings of a top-level section decide the rank of a bare heading in it:
    # the highest rank below the top among them (None: the section has no sub-headings).
    tops = [h.line for h in headings if h.rank == top_rank]
    section_rank: list[int | None] = [None] * len(tops)
    for h in headings:
        i = bisect.bisect_right(tops, h.line) - 1
        if h.rank > top_rank and i >= 0:
            section_rank[i] = min(h.rank, section_rank[i] or h.rank)
    result = list(headings)
    for idx, ln in enumerate(nonblank):
        if ln.number <= first_line or ln.number in by_line or ln.number in exclude or ln.start >= doc.body_end:
            continue
        s = ln.content
        nxt = nonblank[idx + 1] if idx + 1 < len(nonblank) else None
        if nxt is None or nxt.start >= doc.body_end:
            continue
        i = bisect.bisect_right(tops, ln.number) - 1
        rank = section_rank[i] if i >= 0 else None
        if rank is None:
            continue
        if _ORDINAL_ITEM.match(s):
            continue
        if not _bare_candidate(s):
            # An item of a run-in list that lost its number ("（二）规范重大行政决策。制定……"
            # between "（一）……。" and "（三）……。" lines): its first clause is the heading.
            head = _RUN_IN_HEAD.match(s)
            # It stands before a numbered run-in sibling, after another one or the section's
            # heading (a paragraph after the last item may be that item's continuation).
            prev_h = by_line.get(nonblank[idx - 1].number) if idx else None
            nxt_h = by_line.get(nxt.number)
            if (head is None or prev_h is None or nxt_h is None or prev_h.rank > rank
                    or (prev_h.rank == rank and not prev_h.run_in)
                    or not (nxt_h.rank == rank and nxt_h.run_in and nxt_h.number is not None)):
                continue
            text = head.group("head")
            # A continuation of the previous item reads as one ("此外，……。" "同时……。"), and
            # its first clause is not shaped like the items' headings (a comma they lack).
            siblings = [x for x in (prev_h, nxt_h) if x.rank == rank]
            if (_CONTINUATION.match(text) or ("，" in text and not any("，" in x.text for x in siblings))
                    or len(text) > max(len(x.text) for x in siblings) + 6):
                continue
            result.append(Heading(rank, "bare", None, "", text, ln.number, ln.content_start, ln.content_start,
                                  ln.content_start + len(text), run_in=True))
            continue
        # Right under a numbered heading of that rank it is the heading's first line, not a
        # sibling ("（一）坚持依法决策" then "严格落实重大行政决策程序。").
        prev = by_line.get(nonblank[idx - 1].number) if idx else None
        if prev is not None and prev.rank == rank:
            continue
        # It must introduce content: a longer paragraph or a deeper heading, not a sibling.
        nxt_heading = by_line.get(nxt.number)
        if nxt_heading is not None and nxt_heading.rank <= rank:
            continue
        if nxt_heading is None and len(nxt.content) <= len(s):
            continue
        result.append(
            Heading(rank, "bare", None, "", s.rstrip("。"), ln.number, ln.content_start, ln.content_start,
                    ln.content_start + len(s.rstrip("。")))
        )
    result.sort(key=lambda h: h.start)
    return result


# Words that continue the previous paragraph rather than open an item of a list.
_CONTINUATION = rx.compile(r"^(?:同时|此外|另外|其中|并且?|还|也|通过|按照|根据|截至|截止|全年|今年|目前|主要|具体|对此|为此|因此|但|而)")
# The first clause of a run-in item: a short phrase without figures, then a stop and more text.
_RUN_IN_HEAD = rx.compile(r"^(?P<head>[^。；;：:！？!?、\d]{4,24})[。；;：:](?=\S)")


def _lost_top_headings(doc: Document, nonblank: list[Line], headings: list[Heading], top_rank: int,
                       exclude: frozenset[int] | set[int]) -> list[Heading]:
    """Top-level headings that lost their number ("一、" then a bare "2022年推进法治政府建设的
    主要举措和成效" then "三、"): where the top-level numbers skip, the short heading-like lines
    in between that open content — a list starting again at 1, or a longer paragraph — are
    the missing headings, if there are exactly as many of them as numbers missing."""
    numbered = {h.line: h for h in headings}
    tops = [h for h in headings if h.rank == top_rank and h.number is not None]
    lost: list[Heading] = []
    prev_num, prev_line = 0, (doc.title_lines[-1] if doc.title_lines else 0)
    for t in tops:
        missing = t.number - prev_num - 1 if t.number is not None else 0
        if 0 < missing <= 3:
            found: list[Line] = []
            region = [i for i, ln in enumerate(nonblank) if prev_line < ln.number < t.line]
            for i in region:
                ln = nonblank[i]
                if ln.number in numbered or ln.number in exclude or ln.start < doc.body_start:
                    continue
                s = ln.content
                if not _bare_candidate(s, longest=40) or s.endswith("。") or not (s[0].isalnum() or s[0] in "“《"):
                    continue
                nxt = nonblank[i + 1]
                nh = numbered.get(nxt.number)
                opens_list = nh is not None and nh.rank > top_rank and nh.number == 1
                # Numbered sub-headings after it that go on counting ("（三）") show a sub-heading
                # that lost its number, not a top-level one (whose sub-headings restart at 1).
                later = next((numbered[x.number] for x in nonblank[i + 1 :] if x.number < t.line
                              and x.number in numbered and numbered[x.number].rank > top_rank), None)
                if later is not None and later.number not in (None, 1):
                    continue
                # Before the first numbered heading (web page chrome, the addressee, a subtitle)
                # only a line opening a list of its own is taken for the lost "一、".
                if opens_list or (prev_num > 0 and nh is None and len(nxt.content) > len(s)):
                    found.append(ln)
            if len(found) == missing:
                lost.extend(Heading(top_rank, "bare", None, "", ln.content, ln.number, ln.content_start,
                                    ln.content_start, ln.content_end) for ln in found)
        if t.number is not None:
            prev_num, prev_line = t.number, t.line
    return lost


def _top_shaped(s: str) -> bool:
    return _bare_candidate(s, longest=40) and not s.endswith("。") and (s[0].isalnum() or s[0] in "“《")


def _trailing_top_candidates(doc: Document, nonblank: list[Line], headings: list[Heading], top_rank: int,
                             exclude: frozenset[int] | set[int]) -> list[int]:
    """Lines of the last numbered top-level section shaped like a top-level heading that lost
    its number ("三、存在的不足和原因" … then a bare "2024年工作安排"): not the section's first
    line, opening content of their own.  Which of them (if any) is one is decided by
    :func:`fzlint.parse.parts.map_parts` — only a line naming a part the report otherwise lacks."""
    numbered = {h.line: h for h in headings}
    tops = [h for h in headings if h.rank == top_rank and h.number is not None]
    if not tops:
        return []
    last = tops[-1]
    out: list[int] = []
    after = [i for i, ln in enumerate(nonblank) if ln.number > last.line and ln.start < doc.body_end]
    for i in after[1:]:
        ln = nonblank[i]
        if ln.number in numbered or ln.number in exclude or not _top_shaped(ln.content):
            continue
        nxt = nonblank[i + 1] if i + 1 < len(nonblank) else None
        if nxt is None or nxt.start >= doc.body_end:
            continue
        nh = numbered.get(nxt.number)
        if (nh is not None and nh.rank > top_rank and nh.number == 1) or (nh is None and len(nxt.content) > len(ln.content)):
            out.append(ln.number)
    return out


def promote_to_top(doc: Document, line: int) -> None:
    """Make the line a top-level heading without a number (see ``lost_top_candidates``) and
    rebuild the heading tree."""
    top_rank = min(h.rank for h in doc.headings)
    existing = next((h for h in doc.headings if h.line == line), None)
    if existing is not None:
        existing.rank, existing.style, existing.number, existing.marker = top_rank, "bare", None, ""
    else:
        ln = doc.lines[line - 1]
        added = Heading(top_rank, "bare", None, "", ln.content, line, ln.content_start, ln.content_start, ln.content_end)
        doc.headings = sorted([*doc.headings, added], key=lambda h: h.start)
    for h in doc.headings:
        h.parent, h.part, h.part_score = None, None, 0.0
    doc._heading_starts = {}
    build_tree(doc)


def _list_items(nonblank: list[Line], numbered: Collection[int]) -> set[int]:
    """Lines of a list written one item a line after a colon (``分别是：`` then ``《…办法》``,
    ``《…规定》``…): as short and unpunctuated as a heading that lost its number, but two or
    more of them in a row right after a line ending in a colon are items, not headings."""
    items: set[int] = set()
    run: list[int] = []
    after_colon = False
    for ln in nonblank:
        if after_colon and ln.number not in numbered and _bare_candidate(ln.content):
            run.append(ln.number)
            continue
        if len(run) >= 2:
            items.update(run)
        run = []
        after_colon = ln.content.endswith(("：", ":"))
    if len(run) >= 2:
        items.update(run)
    return items


# An item of a "一是……；二是……" enumeration (or one whose marker a web page split onto a
# line of its own): body text, never a heading that lost its number.
_ORDINAL_ITEM = rx.compile(r"^[一二三四五六七八九十]{1,3}是|^(?:首先|其次|再次|最后)(?![^\s，,：:；;。])")


def _bare_candidate(s: str, longest: int = 30) -> bool:
    if not 2 <= len(s) <= longest or DATE_LINE.match(s) or _ORDINAL_ITEM.match(s):
        return False
    if s[0] == "《" and s[-1] == "》":
        return False  # the title of a document, listed on a line of its own
    if s[-1] == "。":
        # "法治意识有待进一步提升。": a one-clause line ending in 。 still reads as a heading —
        # unless it states a figure ("全年共办理行政复议案件12件。" is a short paragraph).
        return len(s) <= 16 and not any(ch in _TERMINAL or ch.isdigit() for ch in s[:-1])
    return not any(ch in _TERMINAL for ch in s[-1]) and not any(ch in "。；;：:！？!?" for ch in s)


def build_tree(doc: Document) -> None:
    """Link ``doc.headings`` into a tree: each heading's parent and children, ``doc.top``,
    and where each section ends."""
    stack: list[Heading] = []
    top: list[Heading] = []
    children: dict[int, list[Heading]] = {id(h): [] for h in doc.headings}
    for h in doc.headings:
        while stack and stack[-1].rank >= h.rank:
            stack.pop()
        if stack:
            h.parent = stack[-1]
            children[id(stack[-1])].append(h)
        else:
            top.append(h)
        stack.append(h)
    for h in doc.headings:
        h.children = children[id(h)]
    doc.top = top
    # Section ends: the next heading of the same or a higher level, else the body end.
    # (The scan passes only the section's own subheadings: no list copies, it stays linear.)
    headings = doc.headings
    for i, h in enumerate(headings):
        end = doc.body_end
        for j in range(i + 1, len(headings)):
            later = headings[j]
            if later.rank <= h.rank or (h.parent is None and later.parent is None):
                end = doc.lines[later.line - 1].start
                break
        h.end = max(end, h.text_end)
