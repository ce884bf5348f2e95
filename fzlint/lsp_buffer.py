"""The language server's work on one buffer, without server state (:mod:`fzlint.lsp`):
character offsets ↔ LSP positions in the negotiated encoding (:class:`LineIndex`), which
buffers are linted, the lint itself through :func:`fzlint.engine.lint_loaded` with spans
and edits mapped back to a Markdown buffer (:func:`in_file`), "fix all" as text edits, and
the hover's explain text.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from .diagnostic import Diagnostic, Edit

if TYPE_CHECKING:
    from .inputs.textmap import TextMap


#: Text formats the server lints from the editor's buffer (.docx is not text).
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
TEXT_LANGUAGES = ("plaintext", "text", "markdown")
#: Files whose change can change the settings of a report.
CONFIG_FILE_NAMES = (".fzlint.yaml", ".fzlint.yml", "pyproject.toml")
CONFIG_SUFFIXES = (".yaml", ".yml")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


# ---- positions ---------------------------------------------------------------------------
def _units(s: str, encoding: str) -> int:
    """Length of ``s`` in the code units of the negotiated position encoding."""
    if encoding == lsp.PositionEncodingKind.Utf32:
        return len(s)
    if encoding == lsp.PositionEncodingKind.Utf8:
        return len(s.encode("utf-8", "surrogatepass"))
    return len(s.encode("utf-16-le", "surrogatepass")) // 2  # astral characters are two units


class LineIndex:
    """Character offsets ↔ LSP positions for one text."""

    def __init__(self, text: str, encoding: str = lsp.PositionEncodingKind.Utf16) -> None:
        self.text = text
        self.encoding = encoding
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def _line_end(self, i: int) -> int:
        if i + 1 >= len(self.starts):
            return len(self.text)
        nxt = self.starts[i + 1]
        return nxt - 2 if self.text.startswith("\r\n", nxt - 2) else nxt - 1

    def position(self, offset: int) -> lsp.Position:
        offset = min(max(offset, 0), len(self.text))
        i = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[i]
        return lsp.Position(line=i, character=_units(self.text[start:min(offset, self._line_end(i))], self.encoding))

    def range(self, start: int, end: int) -> lsp.Range:
        return lsp.Range(start=self.position(start), end=self.position(end))

    def offset(self, pos: lsp.Position) -> int:
        if pos.line >= len(self.starts):
            return len(self.text)
        i = max(pos.line, 0)
        off, end, units = self.starts[i], self._line_end(i), 0
        while off < end and units < pos.character:
            units += _units(self.text[off], self.encoding)
            off += 1
        return off


# ---- one lint of one buffer -------------------------------------------------------------
@dataclass
class Linted:
    """The result of linting one version of a buffer."""

    text: str
    version: int | None
    index: LineIndex
    diagnostics: list[Diagnostic] = field(default_factory=list)
    problem: str | None = None  # the document could not be linted: one diagnostic says why
    internal: list[str] = field(default_factory=list)  # rules that crashed (logged, others kept)
    lsp_diagnostics: list[lsp.Diagnostic] = field(default_factory=list)

    def edit_range(self, e: Edit) -> lsp.Range:
        return self.index.range(e.start, e.end)

    def span(self, d: Diagnostic) -> tuple[int, int]:
        return d.start, d.end


def lintable(path: str | None, language_id: str | None) -> bool:
    """Report text: by the file's suffix, else (untitled, no suffix) by the editor's language."""
    if path and Path(path).suffix:
        return Path(path).suffix.lower() in TEXT_SUFFIXES
    return language_id is None or language_id in TEXT_LANGUAGES


def is_config(path: str | None) -> bool:
    if not path:
        return False
    p = Path(path)
    return p.name in CONFIG_FILE_NAMES or p.suffix.lower() in CONFIG_SUFFIXES


def lint_buffer(text: str, path: str | None) -> tuple[list[Diagnostic], str | None, list[str]]:
    """(diagnostics, problem, internal errors) for an editor buffer.

    Through the one lint function (:func:`fzlint.engine.lint_loaded`), under the closest
    configuration to ``path`` as ``fzlint check PATH`` would use; the buffer is read as it
    is (:func:`fzlint.inputs.readers.load_text`), so offsets are the buffer's own.
    """
    from .engine import Mode, lint_loaded
    from .errors import FzlintError
    from .inputs.readers import load_text
    from .inputs.source import display_path
    from .packs.config import Overrides, resolve

    if not text.strip():  # a new buffer is empty while the user starts typing: nothing to say
        return [], None, []
    if any("\ud800" <= ch <= "\udfff" for ch in text):  # lone surrogates: not text any reader could decode faithfully
        pos = next(k for k, ch in enumerate(text) if "\ud800" <= ch <= "\udfff")
        return [], f"{path or '-'}: 第 {text.count(chr(10), 0, pos) + 1} 行含有无效的 Unicode 字符（孤立的代理项），无法检查", []
    shown = display_path(path) if path else "-"
    try:
        config_target = Path(path).resolve() if path else None
        settings = resolve(config_target, Overrides())
        loaded = load_text(text, shown, settings.ruleset().parser_vocabulary)
        # corpus=False: an editor buffer is not compared with other reports (no fingerprints)
        r = lint_loaded(loaded, settings, Mode(corpus=False),
                        str(config_target) if config_target else None)
    except FzlintError as e:  # input, configuration or rule-pack errors
        return [], str(e), []
    if r.error:
        return [], r.error, []
    diags = r.diagnostics
    tm = r.doc.textmap if r.doc is not None else None
    if tm is not None and tm.editable:
        diags = in_file(diags, text, tm)
    return diags, None, r.internal_errors


def in_file(diags: list[Diagnostic], source: str, tm: TextMap) -> list[Diagnostic]:
    """Diagnostics of a Markdown buffer with offsets into the buffer, not into the text
    without the Markdown syntax the checks read: the span from the file line/column the
    diagnostic reports, each fix's edits through the text map (as ``--fix`` does)."""
    from dataclasses import replace

    from .parse.document import split_lines

    starts = [ln.start for ln in split_lines(source)]

    def at(line: int, column: int) -> int:
        return min(starts[min(line, len(starts)) - 1] + column - 1, len(source))

    return [replace(d, start=at(d.line, d.column), end=at(d.end_line, d.end_column),
                    fix=tm.fix_to_source(d.fix) if d.fix is not None else None) for d in diags]


def fix_all_text(text: str, path: str | None) -> str | None:
    """The buffer with every safe fix applied to a fixpoint, or None if nothing changes."""
    from .engine import Mode, lint_loaded
    from .errors import FzlintError
    from .inputs.readers import load_text
    from .inputs.source import display_path
    from .packs.config import Overrides, resolve

    shown = display_path(path) if path else "-"
    try:
        config_target = Path(path).resolve() if path else None
        settings = resolve(config_target, Overrides())
        loaded = load_text(text, shown, settings.ruleset().parser_vocabulary)
        r = lint_loaded(loaded, settings, Mode(fix=True, diff=True),
                        str(config_target) if config_target else None)
    except FzlintError:
        return None
    if r.error or r.fixed_text is None:
        return None
    return r.fixed_text


def line_diff_edits(old: str, new: str, index: LineIndex) -> list[lsp.TextEdit]:
    """Whole-line edits turning ``old`` into ``new`` (for "fix all": small edits keep the cursor)."""
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    starts = [0]
    for ln in a:
        starts.append(starts[-1] + len(ln))
    edits = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            edits.append(lsp.TextEdit(range=index.range(starts[i1], starts[i2]), new_text="".join(b[j1:j2])))
    return edits


def explain_markdown(codes: list[str], path: str | None) -> str:
    from .explain import explain_text
    from .packs.config import Overrides, resolve

    target = Path(path).resolve() if path else None
    ruleset = resolve(target, Overrides()).ruleset()
    parts = [explain_text(ruleset.by_code[c]) for c in codes if c in ruleset.by_code]
    return "\n\n---\n\n".join(parts)
