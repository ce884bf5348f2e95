"""Input formats → (Source, Document).  One function per format, dispatched on suffix.

* ``.txt`` (and any other explicit path) is read through :mod:`fzlint.inputs.source` (encoding
  detection) and parsed as is — unless its lines are hard-wrapped (copied out of a PDF or
  a web page): then the lines of each paragraph are joined first
  (:mod:`fzlint.inputs.wrapped`), locations stay the file's lines and columns and fixes
  are carried back to the file, as for Markdown.
* ``.md`` is read the same way (so ``--fix`` keeps its encoding and line endings) and parsed
  with the Markdown syntax taken out (:mod:`fzlint.inputs.markdown`); locations are the
  file's lines and columns and fixes are carried back to the file.
* ``.docx`` is read with python-docx (:mod:`fzlint.inputs.word`); locations are
  (paragraph, character); ``--fix``/``--diff`` are refused.  ``.doc`` is sniffed: a .docx
  under the old name is read, the old binary format gets one clear line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..infra.collector import paused
from ..parse import parse
from ..parse.document import Document
from ..parse.vocabulary import Vocabulary
from .source import Source, decode_bytes, detect_newline, read_bytes

#: The OLE2 compound-file signature (.doc, encrypted .docx); the same as
#: ``inputs.word_package.OLE_SIGNATURE``, repeated here so that reading a .txt file does not
#: import the Word reader.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: Suffixes a directory walk picks up (explicit paths are always linted).
REPORT_SUFFIXES = (".txt", ".docx", ".md")

#: Word's formats (macro-enabled documents and templates are .docx inside) and the old
#: binary names, which are sniffed: a .docx under them is read, the binary format refused.
WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm", ".doc", ".wps")
MARKDOWN_SUFFIXES = (".md", ".markdown")

#: Why --fix/--diff do not apply to a Word document (shown after the file name).
DOCX_FIX_REFUSAL = (
    "Word 文档（.docx）不能使用 --fix 或 --diff：写回会破坏文档的排版和格式。"
    "请去掉 --fix/--diff 查看问题，在 Word 或 WPS 中按提示修改"
)

#: An empty or blank text file is an input error, not a report to lint: linting it would
#: pass silently or list every missing part, and hide that the file was saved empty.
EMPTY = "文件为空，没有可检查的正文"
BLANK = "只有空白字符（空格、换行），没有可检查的正文"


@dataclass(frozen=True)
class Loaded:
    """A report as read: its Document, the Source fixes are written back to (if any), why fixes
    cannot apply, and how to parse the text again after a fix."""

    source: Source | None  # None for formats fzlint cannot write back
    doc: Document
    fix_refusal: str | None = None  # why --fix/--diff cannot apply, if it cannot
    kind: str = "text"  # text | markdown | docx: how to parse the text again after a fix


def kind_of(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in WORD_SUFFIXES:
        return "docx"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    return "text"


def parse_as(kind: str, text: str, shown: str, vocab: Vocabulary | None = None) -> Document:
    """Parse source text of a text format (``text`` or ``markdown``).  ``vocab``: the rule
    set's parser vocabulary (``RuleSet.parser_vocabulary``); None: the built-in packs'."""
    if kind == "markdown":
        from .markdown import render

        return render(text).parse(shown, vocab=vocab)
    from .wrapped import render as unwrap

    rendered = unwrap(text, vocab)
    return rendered.parse(shown, vocab=vocab) if rendered is not None else parse(text, shown, vocab=vocab)


def _load_docx(data: bytes, shown: str, vocab: Vocabulary | None = None) -> Loaded:
    from .word import read

    return Loaded(None, read(data, shown, vocab).parse(shown, unit="paragraph", vocab=vocab), DOCX_FIX_REFUSAL,
                  "docx")


@paused()  # a parse builds objects that live as long as the Document (fzlint.infra.collector)
def _load(data: bytes, shown: str, kind: str, vocab: Vocabulary | None = None) -> Loaded:
    if kind == "docx":
        return _load_docx(data, shown, vocab)
    if data.startswith(OLE_SIGNATURE):  # a Word/WPS binary or encrypted file under another name
        from .word_package import check_signature

        check_signature(data, shown)
    source = decode_bytes(data, shown)
    if not source.text.strip():
        raise InputError(shown, EMPTY if not source.text else BLANK)
    return Loaded(source, parse_as(kind, source.text, shown, vocab), kind=kind)


def load_path(path: Path, shown: str, vocab: Vocabulary | None = None) -> Loaded:
    return _load(read_bytes(path), shown, kind_of(str(path)), vocab)


@paused()
def load_text(text: str, shown: str, vocab: Vocabulary | None = None) -> Loaded:
    """An editor's buffer: text already decoded, parsed as it is (a U+FEFF the editor kept
    stays in the text, so offsets are the buffer's own; it belongs to no line), with the
    same refusals as a file (NUL characters, nothing to check)."""
    nul = text.find("\x00")
    if nul != -1:
        raise InputError(shown, f"第 {text.count(chr(10), 0, nul) + 1} 行含 NUL 字节，像是二进制文件")
    if not text.strip("\ufeff \t\r\n\u3000"):
        raise InputError(shown, EMPTY if not text else BLANK)
    kind = kind_of(shown)
    if kind == "docx":
        kind = "text"  # an editor never hands us a Word document's bytes as text
    return Loaded(Source(shown, text, newline=detect_newline(text)), parse_as(kind, text, shown, vocab), kind=kind)


def load_bytes(data: bytes, shown: str, vocab: Vocabulary | None = None) -> Loaded:
    """Stdin (with ``--stdin-filename`` deciding the name shown and the format)."""
    return _load(data, shown, kind_of(shown), vocab)
