"""``full`` (default): grouped by file, the source line with the span underlined,
the suggested fix, and a summary line.  Rendered with rich; no colour when the
output is not a terminal or ``NO_COLOR`` is set.

Without colour, rich only writes the text: the lines are then written directly,
which spares a short run importing rich (about a fifth of a cold start).  Text that
rich would change on the way (tabs, control characters) goes through rich as before,
so the output is the same either way (tests/modules/test_engine_fast_paths.py compares the two).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from . import RenderOptions, counts, where

if TYPE_CHECKING:
    from ..diagnostic import Diagnostic
    from ..result import FileReport, Shown, TextLine

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
CONTEXT = 24  # characters of context shown on each side of a span


def snippet(shown: Shown | None, d: Diagnostic, width: int | None = None) -> tuple[str, str] | None:
    """(excerpt of the line, underline) for a diagnostic, both in terminal cells.

    For a .md file the excerpt is the file's own line (``shown.file_line``), Markdown
    included, cut at the reported columns.  Otherwise it is the document line holding the
    diagnostic's offset, not its line number: for a .docx the number is a paragraph number
    and the line is that paragraph's text (a table row's cells).

    With ``width`` (terminal columns for the excerpt) a long span is shown as a bounded
    window (:func:`window`).
    """
    if shown is None:
        return None
    if shown.in_file:
        fl = shown.file_line
        if fl is None:
            return None
        a = min(fl.start + d.column - 1, fl.end)
        b = min(fl.start + d.end_column - 1, fl.end) if d.end_line == d.line else fl.content_end
        return _cut(fl, a, b, width)
    ln = shown.line
    if ln is None:
        return None
    b = min(d.end, ln.end) if d.end <= ln.end else ln.content_end
    return _cut(ln, d.start, b, width)


def _cut(ln: TextLine, a: int, b: int, width: int | None = None) -> tuple[str, str]:
    a = max(a, ln.content_start)
    b = max(b, a)
    lo = max(ln.content_start, a - CONTEXT)
    hi = min(max(ln.content_end, b), b + CONTEXT)
    before = ("…" if lo > ln.content_start else "") + ln.slice(lo, a)
    span = ln.slice(a, b) or " "
    after = ln.slice(b, hi) + ("…" if hi < ln.content_end else "")
    before, span, after = before.replace("\t", " "), span.replace("\t", " "), after.replace("\t", " ")
    if width is not None:
        before, span, after = window(before, span, after, width)
    underline = " " * cells(before) + "^" * max(1, cells(span))
    return before + span + after, underline


class _Widths(dict[str, int]):
    """Terminal columns of each character met so far, looked up in C (``map``) instead of two
    ``unicodedata`` calls and a test in Python per character (the output's longest step)."""

    def __missing__(self, ch: str) -> int:
        from unicodedata import combining, east_asian_width

        w = self[ch] = 0 if combining(ch) else 2 if east_asian_width(ch) in "WF" else 1
        return w


_WIDTH = _Widths()
_width = _WIDTH.__getitem__


def cells(s: str) -> int:
    """Terminal columns of ``s``: wide and full-width characters (CJK) take two, combining
    characters none."""
    if s.isascii():
        return len(s)
    return sum(map(_width, s))


def _head(s: str, budget: int) -> str:
    """The longest start of ``s`` that fits in ``budget`` columns."""
    n = used = 0
    for ch in s:
        w = _width(ch)
        if used + w > budget:
            break
        used += w
        n += 1
    return s[:n]


def _tail(s: str, budget: int) -> str:
    return _head(s[::-1], budget)[::-1]


def window(before: str, span: str, after: str, budget: int) -> tuple[str, str, str]:
    """Fit an excerpt into ``budget`` columns: the context on each side shrinks first (to
    half of what the span leaves, at least a sixth of the budget), then a span that is still too wide (a copied paragraph) is
    shown as its start and its end with … between."""
    if cells(before) + cells(span) + cells(after) <= budget:
        return before, span, after
    side = max(4, budget // 6, (budget - cells(span)) // 2)
    if cells(before) > side:
        before = "…" + _tail(before.lstrip("…"), side - 1)
    if cells(after) > side:
        after = _head(after.rstrip("…"), side - 1) + "…"
    room = budget - cells(before) - cells(after)
    if cells(span) > room:
        half = max(1, (room - 1) // 2)
        span = _head(span, half) + "…" + _tail(span, room - 1 - half)
    return before, span, after


#: Columns taken by the "      │ " in front of an excerpt.
GUTTER = 8


def terminal_width(out: object = None) -> int:
    """The width output is fitted to: ``COLUMNS`` when set, the terminal's width when the
    output is a terminal, else 100 (never less than MIN_WIDTH)."""
    import os

    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return max(MIN_WIDTH, int(env))
    try:
        if out is not None and out.isatty():  # type: ignore[attr-defined]
            return max(MIN_WIDTH, os.get_terminal_size(out.fileno()).columns)  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        pass
    return 100


#: Narrower than this, the output is laid out for this width (an excerpt needs some room).
MIN_WIDTH = 40


def wrap_clauses(line: str, width: int) -> list[str]:
    """A sentence broken after its commas (，) into lines of at most ``width`` columns; a
    clause wider than that is broken by :func:`wrap`."""
    import re

    out: list[str] = []
    for clause in re.findall(r"[^，]*，|[^，]+$", line):
        if out and cells(out[-1] + clause) <= width:
            out[-1] += clause
        else:
            out.extend(wrap(clause, width, indent=""))
    return out or [line]


def wrap(line: str, width: int, indent: str = "        ") -> list[str]:
    """``line`` broken into lines of at most ``width`` columns, the later ones indented."""
    if cells(line) <= width:
        return [line]
    out: list[str] = []
    rest = line
    prefix = ""
    while rest:
        room = max(10, width - cells(prefix))
        piece = _head(rest, room) or rest[0]
        out.append(prefix + piece)
        rest = rest[len(piece):]
        prefix = indent
    return out


def _plain_lines(results: Sequence[FileReport], options: RenderOptions, width: int = 100) -> list[str]:
    """The uncoloured output, line by line (what rich prints without colour), each line at
    most ``width`` columns."""
    from .groups import group, places_text

    lines: list[str] = []
    add = lines.extend
    for r in results:
        if not r.diagnostics:
            continue
        add(wrap(r.path, width))
        for g in group(r.diagnostics):
            d = g.first
            head = f"  {where(d)}  {d.severity.zh}  {d.code}  {d.message}"
            if d.fix is not None:
                head += _fix_tag(d)
            add(wrap(head, width))
            snip = snippet(r.shown_for(g.index), d, width - GUTTER)
            if snip:
                excerpt, underline = snip
                add(["      │ " + excerpt, "      │ " + underline])
            if d.suggestion:
                add(wrap("      建议：" + d.suggestion, width))
            if g.count > 1:
                add(wrap("      " + places_text(g, _places_limit(width)), width))
        add([""])
    if options.show_summary:
        add(wrap_clauses(summary(results, options), width))
    return lines


def _places_limit(width: int) -> int:
    """How many line numbers the places line lists: about one line's worth."""
    return max(3, (width - 24) // 5)


def _fix_tag(d: Diagnostic) -> str:
    return "  [可自动修复]" if d.fix is not None and d.fix.safe else "  [可修复，需 --unsafe-fixes]"


#: Space separators (category Zs): not "printable" to Python, printed as they are by rich.
_SPACES = frozenset(" \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")


def _rich_safe(line: str) -> bool:
    """True when rich prints ``line`` unchanged: printable characters and spaces only
    (rich expands tabs and strips some control characters)."""
    return line.isprintable() or all(ch.isprintable() or ch in _SPACES for ch in line)


def write(results: Sequence[FileReport], out: TextIO, options: RenderOptions) -> None:
    width = terminal_width(out)
    if not options.color:
        lines = _plain_lines(results, options, width)
        if all(_rich_safe(line) for line in lines):
            out.write("".join(line + "\n" for line in lines))
            return
    write_rich(results, out, options, width)


def write_rich(results: Sequence[FileReport], out: TextIO, options: RenderOptions, width: int = 100) -> None:
    from rich.console import Console
    from rich.text import Text

    from .groups import group, places_text

    console = Console(
        file=out,
        force_terminal=options.color,
        no_color=not options.color,
        highlight=False,
        soft_wrap=True,
        emoji=False,
        markup=False,
    )

    def fitted(text: Text) -> None:
        """Print ``text`` broken as :func:`wrap` breaks the plain output, keeping its styles."""
        lines = wrap(text.plain, width)
        at = 0
        for n, line in enumerate(lines):
            piece = line if n == 0 else line[len("        "):]
            part = text[at : at + len(piece)]
            console.print(part if n == 0 else Text("        ") + part)
            at += len(piece)

    for r in results:
        if not r.diagnostics:
            continue
        fitted(Text(r.path, style="bold underline"))
        for g in group(r.diagnostics):
            d = g.first
            head = Text("  ")
            head.append(where(d), style="dim")
            head.append("  ")
            head.append(d.severity.zh, style=_STYLE[d.severity.label])
            head.append("  ")
            head.append(d.code, style="bold")
            head.append("  " + d.message)
            if d.fix is not None:
                head.append(_fix_tag(d), style="green")
            fitted(head)
            snip = snippet(r.shown_for(g.index), d, width - GUTTER)
            if snip:
                excerpt, underline = snip
                console.print(Text("      │ ", style="dim") + Text(excerpt))
                console.print(Text("      │ ", style="dim") + Text(underline, style=_STYLE[d.severity.label]))
            if d.suggestion:
                fitted(Text("      建议：", style="green") + Text(d.suggestion))
            if g.count > 1:
                fitted(Text("      " + places_text(g, _places_limit(width)), style="dim"))
        console.print()
    if options.show_summary:
        for line in wrap_clauses(summary(results, options), width):
            console.print(Text(line))


def summary(results: Sequence[FileReport], options: RenderOptions) -> str:
    c = counts(results)
    total = sum(c.values())
    files = sum(1 for r in results if r.error is None)
    failed = len(options.failed) or sum(1 for r in results if r.error is not None)
    fixable = sum(1 for r in results for d in r.diagnostics if d.fix is not None and d.fix.safe)
    fixed = sum(r.fixed for r in results)
    parts = [f"检查了 {files} 个文件"]
    if failed:  # never "no problems": the files that failed were not checked at all
        parts.append(f"{failed} 个文件出错、未能检查，结果不完整")
    if total:
        parts.append(f"发现 {total} 个问题（错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}）")
    elif failed and files:
        parts.append("已检查的文件未发现问题")
    elif not failed:
        parts.append("未发现问题")
    if options.fix_mode:
        parts.append(f"已自动修复 {fixed} 处")
    elif fixable:
        parts.append(f"其中 {fixable} 个可用 --fix 自动修复")
    return "，".join(parts) + "。"
