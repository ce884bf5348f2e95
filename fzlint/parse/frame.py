"""The frame of a report: its title (and the date under it), its closing signature (issuing
body and date, or a cover letter's), and the year it reports on.

The parser knows only the fixed shape of a title and of a closing block; the year is read
from the title, else from the body's phrases (``现将……2024年度……报告如下``).  The genre's
words (title topics, issuer suffixes, the phrases stating the year, the marks of a web
page's header above the title) are pack data: :class:`~fzlint.parse.vocabulary.Vocabulary`.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import re

from ..infra import rx
from .document import Document, Heading, Line, Signature, Span
from .lexicon import AR_YEAR, CN_YEAR, DATE_LINE, NOISE_PREFIX, numeral_to_int
from .vocabulary import Vocabulary

# A closing block on one line: the issuing body, spaces, the date.
_BODY_AND_DATE = rx.compile(rf"^(?P<body>[^\s。，,；;：:！？!?]{{2,40}}?)[ \t\u3000\xa0]+(?P<date>(?:\d{{4}}|{CN_YEAR})\s*年.{{1,12}}日)$")
# A date on the line under the title, usually in brackets: "（2025年1月15日）".
_TITLE_DATE = rx.compile(r"^[（(]\s*(?P<date>[^（）()]+?)\s*[）)]$|^(?P<bare>[^（）()]+)$")
_YEAR_IN_TITLE = rx.compile(rf"(?P<y>{AR_YEAR}|{CN_YEAR})\s*年")
# ("2021年以来，" is not taken as the year reported on: it often opens a look back over several years.)
_TRAILING_GUANYU = rx.compile(r"关于$")
_YEAR_OPENING = rx.compile(rf"^(?P<y>{AR_YEAR})\s*年度?[，,]")


def _title_like(s: str) -> bool:
    return 0 < len(s) <= 60 and not any(ch in s for ch in "。：:；;>，,！？!?") and not DATE_LINE.match(s)


def _parse_date(m: re.Match[str]) -> _dt.date | None:
    y, mo, d = numeral_to_int(m.group("y")), numeral_to_int(m.group("m")), numeral_to_int(m.group("d"))
    if y is None or mo is None or d is None:
        return None
    try:
        return _dt.date(y, mo, d)
    except ValueError:
        return None


def find_title(doc: Document, nonblank: list[Line], candidates: dict[int, Heading], vocab: Vocabulary) -> None:
    blocks: list[list[Line]] = []
    current: list[Line] = []
    prev_number = -10
    for ln in nonblank[:12]:
        if ln.number in candidates:
            break
        s = NOISE_PREFIX.sub("", ln.content)
        if _title_like(s) and len(s) <= 50:
            if current and ln.number - prev_number <= 2:
                current.append(ln)
            else:
                if current:
                    blocks.append(current)
                current = [ln]
            prev_number = ln.number
        else:
            if current:
                blocks.append(current)
            current = []
            if len(s) > 60:  # the body has started
                break
    if current:
        blocks.append(current)
    def reports(b: list[Line]) -> bool:
        return any("报告" in ln.content for ln in b)

    chosen = next((b for b in blocks if reports(b) and any(vocab.title_topic.search(ln.content) for ln in b)), None)
    if chosen is None:
        chosen = next((b for b in blocks if reports(b)), None)
    if chosen is None and blocks and blocks[0][0] is nonblank[0]:
        chosen = blocks[0]
    if not chosen:
        return
    # A block may run on into a subtitle-less body line; keep the lines up to the one with 报告.
    reporting = [i for i, ln in enumerate(chosen) if "报告" in ln.content]
    last = reporting[-1] if reporting else len(chosen) - 1
    # A web page shows the title twice (page header, then the article): keep the last one.
    chosen = chosen[reporting[-2] + 1 if len(reporting) > 1 else 0 : last + 1]
    last = len(chosen) - 1
    # ...and may start with the page header above the title: keep only the lines that read as
    # part of one title (the issuer line above "关于…的报告"), not a date or a language switch.
    first = last
    while first > 0 and not vocab.title_chrome.search(chosen[first - 1].content):
        first -= 1
    chosen = chosen[first:]
    start, end = chosen[0].content_start, chosen[-1].content_end
    doc.title = Span(start, end, "".join(ln.content for ln in chosen))
    doc.title_lines = tuple(ln.number for ln in chosen)
    doc.body_start = doc.lines[chosen[-1].number - 1].end
    after = [ln for ln in nonblank if ln.number > chosen[-1].number][:1]
    if after and after[0].number not in candidates:
        dm = _TITLE_DATE.match(after[0].content)
        inner = (dm.group("date") or dm.group("bare")) if dm else None
        date_m = DATE_LINE.match(inner) if inner else None
        if date_m is not None:
            ln = after[0]
            doc.title_date = Signature(None, _parse_date(date_m), Span(ln.content_start, ln.content_end, ln.content),
                                       date_under_title=True)
            doc.body_start = ln.end
    m = _YEAR_IN_TITLE.search(doc.title.text)
    if m:
        issuer = doc.title.text[: m.start()].strip()
        issuer = _TRAILING_GUANYU.sub("", issuer)
        doc.issuer = issuer or None


def find_signature(doc: Document, nonblank: list[Line], candidates: dict[int, Heading], vocab: Vocabulary) -> None:
    tail = nonblank[-8:]
    date_idx = None
    under_title = doc.title_date
    for i in range(len(tail) - 1, -1, -1):
        ln = tail[i]
        if ln.number in candidates or ln.number in doc.title_lines or ln.start < doc.body_start:
            break
        m = DATE_LINE.match(ln.content)
        if m:
            date_idx = i
            break
        if not _title_like(ln.content):
            break
    if date_idx is not None:
        dline = tail[date_idx]
        m = DATE_LINE.match(dline.content)
        assert m is not None
        date_span = Span(dline.content_start, dline.content_end, dline.content)
        body_lines: list[Line] = []
        j = date_idx - 1
        while j >= 0 and len(body_lines) < 2:
            ln = tail[j]
            if ln.number in candidates or not _title_like(ln.content) or len(ln.content) > 40:
                break
            body_lines.insert(0, ln)
            j -= 1
        body = (
            Span(body_lines[0].content_start, body_lines[-1].content_end, "".join(b.content for b in body_lines))
            if body_lines
            else None
        )
        doc.signature = Signature(body, _parse_date(m), date_span)
        first = body_lines[0] if body_lines else dline
        doc.body_end = first.start
        doc.trailer_start = doc.lines[dline.number - 1].end
        if not doc.issuer and body:
            doc.issuer = body.text
        return
    last = nonblank[-1] if nonblank else None
    same_line = _BODY_AND_DATE.match(last.content) if last is not None and last.start >= doc.body_start else None
    if (
        last is not None
        and same_line is not None
        and last.number not in candidates
        and vocab.issuer_suffix.search(same_line.group("body"))
        and (date_m := DATE_LINE.match(same_line.group("date"))) is not None
    ):  # "青河区人民政府    2023年2月16日": the body and the date on one line
        a = last.content_start
        body_span = Span(a, a + same_line.end("body"), same_line.group("body"))
        date_span = Span(a + same_line.start("date"), last.content_end, same_line.group("date"))
        doc.signature = Signature(body_span, _parse_date(date_m), date_span)
        doc.body_end = last.start
        doc.trailer_start = len(doc.text)
        if not doc.issuer:
            doc.issuer = body_span.text
        return
    if (
        last is not None
        and last.number not in candidates
        and last.number not in doc.title_lines
        and _title_like(last.content)
        and vocab.issuer_suffix.search(last.content)
    ):
        body_span = Span(last.content_start, last.content_end, last.content)
        if under_title is not None:  # the issuer at the end, the date under the title
            doc.signature = Signature(body_span, under_title.date, under_title.date_span, date_under_title=True)
        else:
            doc.signature = Signature(body_span, None, None)
        doc.body_end = last.start
        doc.trailer_start = len(doc.text)
        if not doc.issuer:
            doc.issuer = last.content
        return
    doc.signature = under_title or _cover_letter_signature(doc, nonblank, candidates, vocab)


def _cover_letter_signature(doc: Document, nonblank: list[Line], candidates: dict[int, Heading],
                            vocab: Vocabulary) -> Signature | None:
    """The closing block of a cover letter above the report (呈送函: ``省委、省政府：…现呈送
    我委2023年度法治政府建设情况报告，请审阅。`` then ``某省卫生健康委`` and ``2024年3月8日``,
    then the report's own title and text, which ends without one): an issuer line and a date
    line after the title and before the first heading.  The report's text is not cut there."""
    first_heading = min(candidates, default=None)
    lead = [ln for ln in nonblank if ln.start >= doc.body_start
            and (first_heading is None or ln.number < first_heading)]
    for ln, nxt in itertools.pairwise(lead):
        date_m = DATE_LINE.match(nxt.content)
        if (date_m is not None and ln.number not in candidates and _title_like(ln.content)
                and len(ln.content) <= 40 and vocab.issuer_suffix.search(ln.content)):
            if not doc.issuer:
                doc.issuer = ln.content
            return Signature(Span(ln.content_start, ln.content_end, ln.content), _parse_date(date_m),
                             Span(nxt.content_start, nxt.content_end, nxt.content))
    return None


def find_year(doc: Document, nonblank: list[Line], vocab: Vocabulary) -> None:
    if doc.title:
        m = _YEAR_IN_TITLE.search(doc.title.text)
        if m:
            y = numeral_to_int(m.group("y"))
            if y and 1990 <= y <= 2100:
                doc.year, doc.year_source = y, "title"
                return
    for ln in nonblank[:6]:
        m = vocab.year_in_body.search(ln.content)
        if m:
            doc.year, doc.year_source = int(m.group("y")), "body"
            return
    # No year in the title: the opening paragraphs and the first heading say which year the
    # report covers (a report pasted without its title, or titled "关于法治政府建设的情况报告").
    first_heading = doc.headings[0].line if doc.headings else None
    opening = [ln for ln in nonblank if ln.start >= doc.body_start][:8]
    for pat in (vocab.year_reported, _YEAR_OPENING):
        for ln in opening:
            if first_heading is not None and ln.number > first_heading:
                break
            m = pat.search(ln.content)
            if m:
                doc.year, doc.year_source = int(m.group("y")), "body"
                return
    if doc.top:
        m = vocab.year_heading.match(doc.top[0].text)
        if m:
            doc.year, doc.year_source = int(m.group("y")), "body"
