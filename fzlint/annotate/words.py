"""What a comment says (see :mod:`fzlint.annotate`)."""

from __future__ import annotations

import re

from ..diagnostic import Diagnostic

_COMMAND_WORD = re.compile(r"--[a-z]")


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
