"""The one immutable finding type that flows from the engine to every output.

Positions are kept twice: as character offsets into the Document's text (for fixes and
for the LSP adapter; for a .txt that is the file's text) and as 1-based line/column numbers
(for people and tools; for a .docx the "line" is a paragraph number, see ``unit``).
Columns count Unicode code points; ``end_column`` points one past the last
character of the span (exclusive), as in ruff's JSON and SARIF regions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def zh(self) -> str:
        return {Severity.INFO: "提示", Severity.WARNING: "警告", Severity.ERROR: "错误"}[self]

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(value) from None


SEVERITY_NAMES = ("error", "warning", "info")


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``content`` (offsets into the source text)."""

    start: int
    end: int
    content: str


@dataclass(frozen=True)
class Fix:
    """A finding's fix: the edits to apply together, whether they are safe, and what they do."""

    edits: tuple[Edit, ...]
    safe: bool
    description: str = ""

    @property
    def start(self) -> int:
        return min(e.start for e in self.edits)

    @property
    def end(self) -> int:
        return max(e.end for e in self.edits)


@dataclass(frozen=True)
class Diagnostic:
    """One finding: rule code, severity, message, its place in the text, and an optional fix."""

    code: str
    severity: Severity
    message: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    path: str = "-"
    suggestion: str | None = None
    fix: Fix | None = None
    rule: str = ""
    #: "line" for text files; "paragraph" for .docx, where ``line`` is the paragraph
    #: number and ``column`` the character inside it.
    unit: str = "line"
    #: Extra structured facts a formatter may show (e.g. the other report of a copy pair).
    data: tuple[tuple[str, str], ...] = field(default=())

    @property
    def family(self) -> str:
        from .families import family_of

        return family_of(self.code)

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.start, self.end, self.code, self.message)
