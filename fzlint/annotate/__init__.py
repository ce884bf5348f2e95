"""Findings as Word comments (批注), fixes as tracked changes (修订): ``fzlint annotate``.

:func:`annotate_bytes` takes a report (.docx, .txt or .md, as bytes) and returns a .docx:

* a **.docx** is copied with one comment per finding, anchored on the finding's exact
  characters.  The paragraphs and characters are those of the Word reader
  (:func:`fzlint.inputs.word.read_file`, which also hands back each paragraph's
  ``w:p``): paragraph N is the N-th paragraph the reader counts, character M
  the M-th character of its visible text (a manual line break and a tab count one, as in
  the reader).  Runs are split where a finding starts or ends inside one; each half keeps
  a copy of the run's formatting (``w:rPr``).  Characters fzlint adds to the text (a list
  number Word draws, the comma between table cells) are not in the document: a finding on
  them alone, and a finding with no characters (a missing part, a missing signature), is
  anchored on the whole paragraph it points at, or the nearest one with text.
* a **.txt/.md** becomes a new .docx, one paragraph per line of the file (Markdown marks
  kept as written), with the same comments: locations are the file's lines and columns.
* with ``track_changes``, each fix (safe or unsafe) that can be written as Word revisions
  becomes ``w:del``/``w:ins`` by ``fzlint``: deleted runs keep their place and formatting,
  inserted text takes the formatting of the text it replaces or follows.  A fix that would
  touch characters fzlint added, insert a line break, or overlap another fix is left to
  its comment.  Paragraphs without a finding are not touched at all.

Bad input raises :class:`~fzlint.errors.InputError` (one Chinese line), as ``check`` does.

Modules: ``load`` (report → Document, Word document and the offset map), ``writer`` (comments
and revisions), ``wml`` (WordprocessingML names and runs), ``splice`` (untouched paragraphs
keep their bytes), ``words`` (the comment's text), ``files`` (the command's inputs and outputs).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..diagnostic import Diagnostic
from ..packs.config import Settings
from .wml import AUTHOR, INITIALS
from .words import comment_text, plain_words

__all__ = ["AUTHOR", "INITIALS", "OUTPUT_MARK", "Annotated", "annotate", "annotate_bytes",
           "comment_text", "is_output_name", "output_name", "plain_words"]

#: Added to the file name of the annotated copy: 报告.docx → 报告（fzlint审阅）.docx.
OUTPUT_MARK = "（fzlint审阅）"


@dataclass(frozen=True)
class Annotated:
    """The annotated .docx and what went into it."""

    data: bytes
    diagnostics: tuple[Diagnostic, ...]
    comments: int  # one per finding
    changes: int  # fixes written as tracked changes
    fixed: tuple[Diagnostic, ...] = ()  # the findings whose fix is a tracked change
    internal_errors: tuple[str, ...] = ()  # rules that crashed (their findings are missing), as ``check`` prints


def output_name(name: str) -> str:
    """The annotated copy's file name: ``报告.docx`` → ``报告（fzlint审阅）.docx`` (a .txt or
    .md report gives a .docx as well)."""
    return Path(name).stem + OUTPUT_MARK + ".docx"


def is_output_name(name: str) -> bool:
    """Is ``name`` an annotated copy (so that annotating a folder twice skips them)?"""
    return Path(name).stem.endswith(OUTPUT_MARK)


def annotate_bytes(data: bytes, filename: str, *, settings: Settings | None = None, year: int | None = None,
                   select: list[str] | None = None, track_changes: bool = False) -> bytes:
    """The annotated .docx of the report ``data`` named ``filename`` (the name decides the
    format and is shown in error messages; it is never opened).  ``select``: rule codes or
    prefixes (an item may hold several, comma-separated).  Raises InputError (one Chinese
    line) for a file ``check`` cannot read, ConfigError for a code that names no rule."""
    return annotate(data, filename, settings=settings, year=year, select=select, track_changes=track_changes).data


def annotate(data: bytes, filename: str, *, settings: Settings | None = None, year: int | None = None,
             select: Sequence[str] | None = None, track_changes: bool = False,
             rules_path: str | None = None) -> Annotated:
    """As :func:`annotate_bytes`, with the findings and the counts.  The report is read as
    ``check`` reads it and linted by the one lint function
    (:func:`fzlint.engine.lint_loaded`); ``rules_path`` decides per-file ignores (default:
    ``filename``)."""
    from ..engine import Mode, lint_loaded
    from ..inputs.readers import kind_of
    from .load import _load_docx, _load_text
    from .splice import _keep_untouched
    from .writer import _Writer

    settings = settings or Settings()
    if year is not None:
        settings = replace(settings, year=year)
    if select:
        codes = tuple(c.strip().upper() for item in select for c in item.replace("，", ",").split(",") if c.strip())
        settings = replace(settings, select=codes or None)
    kind = kind_of(filename)
    vocab = settings.ruleset().parser_vocabulary
    target = _load_docx(data, filename, vocab) if kind == "docx" else _load_text(data, filename, vocab)
    # every fix kept (a .docx's cannot be written back to the file, but can be a tracked change)
    result = lint_loaded(target.loaded, settings, Mode(corpus=False, keep_fixes=True), rules_path)
    diags = result.diagnostics
    writer = _Writer(target, track_changes)
    fixed = writer.run(diags)
    buf = io.BytesIO()
    target.document.save(buf)
    out = buf.getvalue()
    if kind == "docx" and not writer.restructured:
        out = _keep_untouched(data, out, target.document.element, writer.touched)
    return Annotated(out, tuple(diags), len(diags), len(fixed), fixed, tuple(result.internal_errors))
