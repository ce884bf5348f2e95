"""Markdown → report text, line for line, with the Markdown syntax taken out.

Why take it out: a report written in Markdown is the same report; ``## 一、`` must be read
as the heading ``一、`` and ``**12**件`` as ``12件`` (left in place, the markers would hide
headings and trip the punctuation and spacing rules).  Why not a Markdown library: the
libraries build HTML or a token tree without character positions, and a finding must point
at the line and column of the file and ``--fix`` must edit the file itself.  So this is a
small, line-based reader of the syntax reports use; everything it does not know stays text.

What is removed (every line of the file stays one line of text, so line numbers are the
file's; columns are mapped back through the :class:`~fzlint.inputs.textmap.TextMap`):

* block markers: ATX headings ``#``…``######`` (also without the space before CJK text, as
  Chinese editors write them) and their closing ``#``; setext underlines; ``>`` quotes;
  ``-``/``*``/``+`` bullets and task boxes; thematic breaks; YAML front matter; fenced code
  blocks, fences and code (an indented block is kept: drafters indent paragraphs with
  spaces; a fence never closed is kept as text); HTML comments; link reference definitions;
  footnote definitions (footnotes are not read, as in Word);
* inline syntax: ``**``/``__``/``*``/``_``/``~~`` emphasis, code-span backticks, the
  brackets and target of links (the link text stays), images, autolink brackets, HTML tags,
  footnote references, backslash escapes;
* tables: the delimiter row; a row becomes one line, its cells joined with ``，`` (no
  separator after a cell that already ends with punctuation), as for Word tables.

Ordered-list markers (``1.``) are kept: they are the report's own numbering.  A bulleted
item without numbering is never a heading (a short one reads like a heading that lost its
number).  Headings
come from the ``#`` levels and from the numbering in the heading text (see
:mod:`fzlint.inputs.markup`).
"""

from __future__ import annotations

import itertools
import re

from ..parse.headings import numbered_rank
from .markup import Rendered
from .tables import Breakdown
from .textmap import CELL_SEPARATOR, TextBuilder, needs_separator

_BREAK = re.compile(r"\r\n|\r|\n")
_ATX = re.compile(r"^( {0,3})(#{1,6})(?:[ \t]+|$|(?=[^\x00-\x7f]))")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_THEMATIC = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+(?:\[[ xX]\][ \t]+)?")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]^][^\]]*\]:[ \t]*\S+")
_NOTE_DEF = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:")
_TABLE_DELIM = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")

_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_COMMENT = re.compile(r"<!--.*?-->")
# A link destination: <…>, or a URL with balanced parentheses (http://x.gov.cn/a(1).html),
# then an optional title in "", '' or ().
_DEST = (r"[ \t]*(?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)"
         r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*")
_IMAGE = re.compile(rf"!\[[^\]\n]*\]\({_DEST}\)")
_LINK = re.compile(rf"(\[)[^\]\n]+(\]\({_DEST}\)|\]\[[^\]\n]*\])")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_AUTOLINK = re.compile(r"(<)(?:https?://|mailto:|www\.)[^>\s]+(>)")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>")
_EMPHASIS = (
    re.compile(r"(\*\*\*)(?=\S).+?(?<=\S)(\*\*\*)"),
    re.compile(r"(\*\*)(?=\S).+?(?<=\S)(\*\*)"),
    re.compile(r"(?<!\w)(__)(?=\S).+?(?<=\S)(__)(?!\w)"),
    re.compile(r"(~~)(?=\S).+?(?<=\S)(~~)"),
    re.compile(r"(\*)(?=[^\s*]).*?(?<=[^\s*])(\*)"),
    re.compile(r"(?<!\w)(_)(?=[^\s_]).*?(?<=[^\s_])(_)(?!\w)"),
)


class _Line:
    """One line of the file: which characters to drop and which to replace."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.drop = [False] * len(text)
        self.protect = [False] * len(text)  # escaped or code: not markup
        self.replace: dict[int, str] = {}

    def drop_range(self, a: int, b: int) -> None:
        for i in range(a, b):
            self.drop[i] = True

    def view(self, a: int, b: int) -> str:
        """The characters still in play, with dropped/protected ones masked out."""
        return "".join("x" if (self.drop[i] or self.protect[i]) else self.text[i] for i in range(a, b))


def _inline(ln: _Line, a: int, b: int) -> None:
    s = ln.text
    for m in _CODE_SPAN.finditer(s, a, b):
        ln.drop_range(m.start(), m.start(2))
        ln.drop_range(m.end(2), m.end())
        for i in range(m.start(2), m.end(2)):
            ln.protect[i] = True
    for pat in (_ESCAPE,):
        for m in pat.finditer(ln.view(0, len(s)), a, b):
            if s[m.start()] == "\\":
                ln.drop[m.start()] = True
                ln.protect[m.start(1)] = True
    for pat in (_COMMENT, _IMAGE, _FOOTNOTE):
        for m in pat.finditer(ln.view(0, len(s)), a, b):
            ln.drop_range(m.start(), m.end())
    for m in _LINK.finditer(ln.view(0, len(s)), a, b):
        ln.drop_range(m.start(1), m.end(1))
        ln.drop_range(m.start(2), m.end(2))
    for m in _AUTOLINK.finditer(ln.view(0, len(s)), a, b):
        ln.drop_range(m.start(1), m.end(1))
        ln.drop_range(m.start(2), m.end(2))
    for m in _HTML_TAG.finditer(ln.view(0, len(s)), a, b):
        ln.drop_range(m.start(), m.end())
    for pat in _EMPHASIS:
        for m in pat.finditer(ln.view(0, len(s)), a, b):
            ln.drop_range(m.start(1), m.end(1))
            ln.drop_range(m.start(2), m.end(2))


def _cells(ln: _Line, a: int, b: int, plan: Breakdown | None = None) -> list[str]:
    """A table row: drop the pipes and cell padding, join the cells with a separator (or,
    under a 合计 | 其中… header, with the column labels: see :mod:`fzlint.inputs.tables`).
    Returns the cells' texts, without the empty cells of a leading and a trailing pipe."""
    s = ln.text
    view = ln.view(0, len(s))
    pipes = [i for i in range(a, b) if view[i] == "|"]
    bounds = [a - 1, *pipes, b]
    cells: list[tuple[int, int]] = []
    for lo, hi in itertools.pairwise(bounds):
        lo += 1
        start, end = lo, hi
        while start < end and s[start] in " \t":
            start += 1
        while end > start and s[end - 1] in " \t":
            end -= 1
        ln.drop_range(lo, start)
        ln.drop_range(end, hi)
        cells.append((start, end))
    for p in pipes:
        ln.drop[p] = True
    # Leading/trailing pipes make empty first/last cells; inline syntax inside each cell.
    texts = []
    for start, end in cells:
        _inline(ln, start, end)
        texts.append("".join(s[i] for i in range(start, end) if not ln.drop[i]))
    first = 1 if len(texts) > 1 and not texts[0] and not s[a : pipes[0]].strip() else 0
    last = len(texts) - 1 if len(texts) > first + 1 and not texts[-1] and not s[pipes[-1] + 1 : b].strip() else len(texts)
    logical = texts[first:last]
    labels = _labels(plan, logical, first, len(pipes)) if plan is not None else {}
    previous = ""
    for k, text in enumerate(texts):
        if k in labels:
            ln.replace[pipes[k - 1]] = labels[k]
        elif k > 0 and text and needs_separator(previous, text):
            ln.replace[pipes[k - 1]] = CELL_SEPARATOR
        if text:
            previous = text
    return logical


def _labels(plan: Breakdown, logical: list[str], first: int, pipes: int) -> dict[int, str]:
    """What to put in place of the pipe before each cell of a 合计 | 其中… row: the column
    labels, the header's unit after a bare figure ({} when the row is read cell by cell)."""
    items = plan.items(logical)
    if items is None:
        return {}
    out: dict[int, str] = {}
    for n, (lead, _, column, _) in enumerate(items):
        k = first + column
        if k == 0:  # no pipe before the first cell to hold the label
            return {}
        unit = items[n - 1][3] if n else ""
        out[k] = unit + ("，" if n == 1 else "") + lead
    after = first + items[-1][2] + 1
    if items[-1][3]:
        if after > pipes:  # no pipe after the last figure to hold its unit
            return {}
        nxt = logical[after - first] if after - first < len(logical) else ""
        out[after] = items[-1][3] + (CELL_SEPARATOR if nxt and needs_separator(items[-1][3], nxt) else "")
    return out


def _closes(line: str, fence: str) -> bool:
    s = line.strip()
    return s.startswith(fence) and not s.strip(fence[0])


def render(source: str) -> Rendered:
    """Report text, its map to the file, heading levels from ``#``/setext, table rows."""
    spans = []  # (start, end, end including the line break)
    pos = 0
    for m in _BREAK.finditer(source):
        spans.append((pos, m.start(), m.end()))
        pos = m.end()
    spans.append((pos, len(source), len(source)))
    lines = [_Line(source[a:b]) for a, b, _ in spans]
    levels: dict[int, int] = {}
    not_headings: set[int] = set()
    n = len(lines)

    i = 0
    if n > 1 and lines[0].text.strip() == "---":  # YAML front matter
        end = next((k for k in range(1, n) if lines[k].text.strip() in ("---", "...")), None)
        if end is not None:
            for k in range(end + 1):
                lines[k].drop_range(0, len(lines[k].text))
            i = end + 1
    fence: str | None = None
    in_comment = False
    in_table = False
    in_note = False  # in a footnote definition (its indented continuation lines)
    plan: Breakdown | None = None  # of the table being read
    paragraph_line: int | None = None  # the previous line, when it is paragraph text
    while i < n:
        ln = lines[i]
        s = ln.text
        number = i + 1
        i += 1
        if fence is not None:  # code is not report text: not linted
            ln.drop_range(0, len(s))
            if _closes(s, fence):
                fence = None
            paragraph_line = None
            continue
        start = 0
        if in_comment:
            close = s.find("-->")
            ln.drop_range(0, len(s) if close < 0 else close + 3)
            if close < 0 or not s[close + 3 :].strip():
                continue
            in_comment = False
            start = close + 3
        if not s.strip():
            paragraph_line = None
            in_table = False
            continue
        if start == 0 and (_NOTE_DEF.match(s) or (in_note and s.startswith(("    ", "\t")))):
            # Footnotes are not read (as in Word): the notes sit after the signature, and
            # "[^1]: 注释" left ": 注释" to the punctuation rules.
            ln.drop_range(0, len(s))
            in_note = True
            paragraph_line = None
            continue
        in_note = False
        fence_m = _FENCE.match(s)
        if fence_m and any(_closes(lines[k].text, fence_m.group(1)) for k in range(i, n)):
            # (a fence never closed would make the rest of the file code: a stray ``` is
            # more likely, and the text after it stays linted)
            fence = fence_m.group(1)
            ln.drop_range(0, len(s))
            paragraph_line = None
            continue
        opened = s.find("<!--", start)
        if opened >= 0 and s.find("-->", opened) < 0:
            ln.drop_range(opened, len(s))
            in_comment = True
        if paragraph_line is not None and _SETEXT.match(s) and not in_table:
            levels[paragraph_line] = 1 if s.strip()[0] == "=" else 2
            ln.drop_range(0, len(s))
            paragraph_line = None
            continue
        if _THEMATIC.match(s) or _REF_DEF.match(s):
            ln.drop_range(0, len(s))
            paragraph_line = None
            continue
        while quote := _QUOTE.match(s[start:]):  # block prefixes: quotes, then a bullet
            ln.drop_range(start, start + quote.end())
            start += quote.end()
        bullet = _BULLET.match(s[start:])
        if bullet:
            ln.drop_range(start, start + bullet.end())
            start += bullet.end()
            if numbered_rank(s[start:].lstrip("*_ ")) is None:
                # a short item ("- 办理行政复议案件20件") reads like a heading without a number
                not_headings.add(number)
        end = len(s)
        atx = _ATX.match(s[start:])
        heading = atx is not None
        if atx:
            levels[number] = len(atx.group(2))
            ln.drop_range(start, start + atx.end())
            start += atx.end()
            closing = _ATX_CLOSE.search(s, start)
            if closing:
                ln.drop_range(closing.start(), len(s))
                end = closing.start()
        table_row = "|" in ln.view(start, end) and not heading
        if table_row and not in_table and i < n and _TABLE_DELIM.match(lines[i].text) and "|" in lines[i].text:
            in_table = True
            lines[i].drop_range(0, len(lines[i].text))
            delim_next = True
        else:
            delim_next = False
        if in_table and table_row:
            if delim_next:  # the header row says which columns are a total and its parts
                plan = Breakdown.of(_cells(ln, start, end))
            else:
                _cells(ln, start, end, plan)
            not_headings.add(number)
        else:
            in_table = False
            _inline(ln, start, end)
        if s[end - 1 : end] == "\\" and not ln.protect[end - 1]:  # a hard line break
            ln.drop[end - 1] = True
        paragraph_line = None if (heading or in_table) else number
        if delim_next:
            i += 1

    builder = TextBuilder()
    for number, ((a, b, c), ln) in enumerate(zip(spans, lines, strict=True), start=1):
        k = 0
        s = ln.text
        while k < len(s):
            if k in ln.replace:
                builder.add(ln.replace[k], number, k + 1, synthetic=True)
                k += 1
                continue
            if ln.drop[k]:
                k += 1
                continue
            j = k
            while j < len(s) and not ln.drop[j] and j not in ln.replace:
                j += 1
            builder.add(s[k:j], number, k + 1, a + k)
            k = j
        if source.startswith("\n", b) and builder.last_char() == "\r":
            # An emptied line between a lone CR and an LF would fuse them into one CRLF line
            # break: keep the line with a blank.
            builder.add(" ", number, 1, synthetic=True)
        builder.add(source[b:c], number, b - a + 1, b)
        if c > b:
            builder.mark_line(c)
    text, tm = builder.build(editable=True, source_length=len(source))
    return Rendered(text, tm, levels, frozenset(not_headings))
