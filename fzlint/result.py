"""What linting one file produced, frozen: the only thing output formatters read.

:class:`FileReport` holds the path, the location unit, the diagnostics and the summary
facts the outputs show (unit, year, missing parts, what --fix did), plus, for each
diagnostic, the text the outputs quote (:class:`Shown`: the line it is on, the old text
and place of each fix edit) and the metadata of the rules found (:class:`RuleInfo`).
The runner builds it (:func:`fzlint.engine.file_report`) after the corpus pass; the
formatters in :mod:`fzlint.output` import this module and :mod:`fzlint.diagnostic`
only, never the parser, the packs, the engine or the checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .diagnostic import Diagnostic

#: Characters kept on each side of a span (the outputs show at most 60).
WINDOW = 64


@dataclass(frozen=True)
class TextLine:
    """The part of one line an output quotes, by absolute offsets: ``raw`` is the text from
    ``raw_start`` on, covering the span and :data:`WINDOW` characters each side (within the
    line, its terminator included) — never the whole of a 1 MB line for every finding."""

    number: int  # 1-based
    start: int
    end: int  # just before the terminator
    content_start: int  # after indentation
    content_end: int  # before trailing whitespace
    raw_start: int
    raw: str

    def slice(self, a: int, b: int) -> str:
        """The text between absolute offsets ``a`` and ``b`` (inside the kept window)."""
        return self.raw[max(a - self.raw_start, 0) : max(b - self.raw_start, 0)]


@dataclass(frozen=True)
class EditShown:
    """One fix edit as the outputs show it: the text it replaces and where that is."""

    old: str  # the replaced text, at most 200 characters (the outputs show 80)
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Shown:
    """What the outputs quote for one diagnostic."""

    line: TextLine | None = None  # the document line holding the diagnostic's start (None: no text there)
    file_line: TextLine | None = None  # a Markdown file's own line ``d.line`` (markup included)
    in_file: bool = False  # quoted from the file's own lines (a Markdown file), not the document's
    edits: tuple[EditShown, ...] | None = None  # per fix edit; None when no document was parsed


@dataclass(frozen=True)
class RuleInfo:
    """A rule's metadata, as SARIF and the HTML page show it."""

    code: str
    name: str
    summary: str
    severity: str  # error | warning | info
    pack: str
    source: str
    what: str
    why: str
    fix: str
    explain: str  # the whole ``fzlint explain`` text


@dataclass(frozen=True)
class FileReport:
    """One linted (or failed) input."""

    path: str
    diagnostics: tuple[Diagnostic, ...] = ()
    shown: tuple[Shown, ...] = ()  # parallel to ``diagnostics`` (empty when nothing was parsed)
    unit: str = "line"  # "line" or "paragraph" (a .docx), as Diagnostic.unit
    error: str | None = None
    internal_errors: tuple[str, ...] = ()
    fixed: int = 0  # fixes applied by --fix
    issuer: str | None = None
    year: int | None = None
    missing_parts: tuple[str, ...] | None = None  # names of required parts not covered; None: not known
    rules: Mapping[str, RuleInfo] = field(default_factory=dict)  # metadata of the codes found

    def shown_for(self, n: int) -> Shown | None:
        return self.shown[n] if n < len(self.shown) else None
