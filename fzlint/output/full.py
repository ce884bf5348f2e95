"""``full`` (default): grouped by file, the source line with the span underlined,
the suggested fix, and a summary line.  Rendered with rich; no colour when the
output is not a terminal or ``NO_COLOR`` is set."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from . import RenderOptions, counts

if TYPE_CHECKING:
    from ..diagnostic import Diagnostic
    from ..document import Document
    from ..engine import FileResult

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
CONTEXT = 24  # characters of context shown on each side of a span


def snippet(doc: Document, d: Diagnostic) -> tuple[str, str] | None:
    """(excerpt of the line, underline) for a diagnostic, both in terminal cells."""
    if not doc.lines or d.line > len(doc.lines):
        return None
    ln = doc.lines[d.line - 1]
    a = max(d.start, ln.content_start)
    b = min(d.end, ln.end) if d.end_line == d.line else ln.content_end
    b = max(b, a)
    lo = max(ln.content_start, a - CONTEXT)
    hi = min(max(ln.content_end, b), b + CONTEXT)
    before = ("…" if lo > ln.content_start else "") + doc.text[lo:a]
    span = doc.text[a:b] or " "
    after = doc.text[b:hi] + ("…" if hi < ln.content_end else "")
    excerpt = (before + span + after).replace("\t", " ")
    underline = " " * cell_len(before) + "^" * max(1, cell_len(span))
    return excerpt, underline


def write(results: list[FileResult], out: TextIO, options: RenderOptions) -> None:
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
        for d in r.diagnostics:
            where = f"段落 {d.line} 第 {d.column} 字" if d.unit == "paragraph" else f"{d.line}:{d.column}"
            head = Text("  ")
            head.append(where, style="dim")
            head.append("  ")
            head.append(d.severity.zh, style=_STYLE[d.severity.label])
            head.append("  ")
            head.append(d.code, style="bold")
            head.append("  " + d.message)
            if d.fix is not None:
                head.append("  [可自动修复]" if d.fix.safe else "  [可修复，需 --unsafe-fixes]", style="green")
            console.print(head)
            snip = snippet(r.doc, d) if r.doc is not None else None
            if snip:
                excerpt, underline = snip
                console.print(Text("      │ ", style="dim") + Text(excerpt))
                console.print(Text("      │ ", style="dim") + Text(underline, style=_STYLE[d.severity.label]))
            if d.suggestion:
                console.print(Text("      建议：", style="green") + Text(d.suggestion))
        console.print()
    if options.show_summary:
        console.print(Text(summary(results, options)))


def summary(results: list[FileResult], options: RenderOptions) -> str:
    c = counts(results)
    total = sum(c.values())
    files = sum(1 for r in results if r.error is None)
    failed = len(options.failed) or sum(1 for r in results if r.error is not None)
    fixable = sum(1 for r in results for d in r.diagnostics if d.fix is not None and d.fix.safe)
    fixed = sum(r.fixed for r in results)
    parts = [f"检查了 {files} 个文件"]
    if failed:
        parts.append(f"{failed} 个文件无法读取")
    if total:
        parts.append(f"发现 {total} 个问题（错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}）")
    else:
        parts.append("未发现问题")
    if options.fix_mode:
        parts.append(f"已自动修复 {fixed} 处")
    elif fixable:
        parts.append(f"其中 {fixable} 个可用 --fix 自动修复")
    return "，".join(parts) + "。"
