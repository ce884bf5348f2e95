"""``full`` (default): grouped by file, the source line with the span underlined,
the suggested fix, and a summary line.  Rendered with rich; no colour when the
output is not a terminal or ``NO_COLOR`` is set.

Without colour, rich only writes the text: the lines are then written directly,
which spares a short run importing rich (about a fifth of a cold start).  Text that
rich would change on the way (tabs, control characters) goes through rich as before,
so the output is the same either way (tests/test_output.py compares the two).
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


def snippet(shown: Shown | None, d: Diagnostic) -> tuple[str, str] | None:
    """(excerpt of the line, underline) for a diagnostic, both in terminal cells.

    For a .md file the excerpt is the file's own line (``shown.file_line``), Markdown
    included, cut at the reported columns.  Otherwise it is the document line holding the
    diagnostic's offset, not its line number: for a .docx the number is a paragraph number
    and the line is that paragraph's text (a table row's cells).
    """
    if shown is None:
        return None
    if shown.in_file:
        ln = shown.file_line
        if ln is None:
            return None
        a = min(ln.start + d.column - 1, ln.end)
        b = min(ln.start + d.end_column - 1, ln.end) if d.end_line == d.line else ln.content_end
        return _cut(ln, a, b)
    ln = shown.line
    if ln is None:
        return None
    b = min(d.end, ln.end) if d.end <= ln.end else ln.content_end
    return _cut(ln, d.start, b)


def _cut(ln: TextLine, a: int, b: int) -> tuple[str, str]:
    a = max(a, ln.content_start)
    b = max(b, a)
    lo = max(ln.content_start, a - CONTEXT)
    hi = min(max(ln.content_end, b), b + CONTEXT)
    before = ("…" if lo > ln.content_start else "") + ln.slice(lo, a)
    span = ln.slice(a, b) or " "
    after = ln.slice(b, hi) + ("…" if hi < ln.content_end else "")
    excerpt = (before + span + after).replace("\t", " ")
    from rich.cells import cell_len

    underline = " " * cell_len(before) + "^" * max(1, cell_len(span))
    return excerpt, underline


def _plain_lines(results: Sequence[FileReport], options: RenderOptions) -> list[str]:
    """The uncoloured output, line by line (what rich prints without colour)."""
    lines: list[str] = []
    add = lines.append
    for r in results:
        if not r.diagnostics:
            continue
        add(r.path)
        for n, d in enumerate(r.diagnostics):
            head = f"  {where(d)}  {d.severity.zh}  {d.code}  {d.message}"
            if d.fix is not None:
                head += _fix_tag(d)
            add(head)
            snip = snippet(r.shown_for(n), d)
            if snip:
                excerpt, underline = snip
                add("      │ " + excerpt)
                add("      │ " + underline)
            if d.suggestion:
                add("      建议：" + d.suggestion)
        add("")
    if options.show_summary:
        add(summary(results, options))
    return lines


def _fix_tag(d: Diagnostic) -> str:
    return "  [可自动修复]" if d.fix is not None and d.fix.safe else "  [可修复，需 --unsafe-fixes]"


#: Space separators (category Zs): not "printable" to Python, printed as they are by rich.
_SPACES = frozenset(" \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")


def _rich_safe(line: str) -> bool:
    """True when rich prints ``line`` unchanged: printable characters and spaces only
    (rich expands tabs and strips some control characters)."""
    return line.isprintable() or all(ch.isprintable() or ch in _SPACES for ch in line)


def write(results: Sequence[FileReport], out: TextIO, options: RenderOptions) -> None:
    if not options.color:
        lines = _plain_lines(results, options)
        if all(_rich_safe(line) for line in lines):
            out.write("".join(line + "\n" for line in lines))
            return
    write_rich(results, out, options)


def write_rich(results: Sequence[FileReport], out: TextIO, options: RenderOptions) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(
        file=out,
        force_terminal=options.color,
        no_color=not options.color,
        highlight=False,
        soft_wrap=True,
        emoji=False,
        markup=False,
    )
    for r in results:
        if not r.diagnostics:
            continue
        console.print(Text(r.path, style="bold underline"))
        for n, d in enumerate(r.diagnostics):
            head = Text("  ")
            head.append(where(d), style="dim")
            head.append("  ")
            head.append(d.severity.zh, style=_STYLE[d.severity.label])
            head.append("  ")
            head.append(d.code, style="bold")
            head.append("  " + d.message)
            if d.fix is not None:
                head.append(_fix_tag(d), style="green")
            console.print(head)
            snip = snippet(r.shown_for(n), d)
            if snip:
                excerpt, underline = snip
                console.print(Text("      │ ", style="dim") + Text(excerpt))
                console.print(Text("      │ ", style="dim") + Text(underline, style=_STYLE[d.severity.label]))
            if d.suggestion:
                console.print(Text("      建议：", style="green") + Text(d.suggestion))
        console.print()
    if options.show_summary:
        console.print(Text(summary(results, options)))


def summary(results: Sequence[FileReport], options: RenderOptions) -> str:
    c = counts(results)
    total = sum(c.values())
    files = sum(1 for r in results if r.error is None)
    failed = len(options.failed) or sum(1 for r in results if r.error is not None)
    fixable = sum(1 for r in results for d in r.diagnostics if d.fix is not None and d.fix.safe)
    fixed = sum(r.fixed for r in results)
    parts = [f"检查了 {files} 个文件"]
    if failed:
        parts.append(f"{failed} 个文件出错")
    if total:
        parts.append(f"发现 {total} 个问题（错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}）")
    else:
        parts.append("未发现问题")
    if options.fix_mode:
        parts.append(f"已自动修复 {fixed} 处")
    elif fixable:
        parts.append(f"其中 {fixable} 个可用 --fix 自动修复")
    return "，".join(parts) + "。"
