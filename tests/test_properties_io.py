"""Property tests (hypothesis, bounded) over the paths that touch bytes and editors:

* the CLI's read → lint → --fix → write path, for .txt and .md, in every supported
  encoding, with and without a BOM, with LF, CRLF, CR and mixed line endings: the file is
  written back in the same encoding, BOM and line endings, only the fixed text changes, a
  second --fix changes nothing, and a file with no fixable finding stays byte-identical;
* the language server never crashes on arbitrary text, its ranges stay inside the buffer,
  and unreadable text gives exactly one diagnostic.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from fzlint.inputs.readers import kind_of
from fzlint.inputs.source import _BAD_CONTROLS
from fzlint.packs.config import Overrides
from fzlint.runner import Mode, run

from .conftest import SEEDS

SEED_LINES = [ln for p in SEEDS for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
# Things the safe fixes remove or rewrite, and Markdown around them.
FIXABLE = ["[bookmark: _GoBack]", "。。", "，，", "２０２３年", "ＡＰＰ", "行政处罚 41起", "首页 > 政务公开 > 工作报告",
           "（一）", "(二)", "1、", "2.", "打印本页 关闭窗口"]
MARKUP = ["**", "*", "# ", "## ", "> ", "- ", "`", "[链接](http://x.cn)", "<br>", "~~", "\\*"]
ENCODINGS = [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("gb18030", b""), ("utf-16-le", codecs.BOM_UTF16_LE),
             ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32-le", codecs.BOM_UTF32_LE)]
NEWLINES = st.sampled_from(["\n", "\r\n", "\r", "mixed"])
CLEAN = st.characters(blacklist_characters="".join(_BAD_CONTROLS) + "\x00\r\n", blacklist_categories=["Cs"])


@st.composite
def report_lines(draw, markdown: bool):
    title = "某区2023年法治政府建设情况报告"
    lines = [("# " if markdown and draw(st.booleans()) else "") + title]
    for _ in range(draw(st.integers(1, 25))):
        line = draw(st.sampled_from(SEED_LINES))
        for _ in range(draw(st.integers(0, 2))):
            i = draw(st.integers(0, len(line)))
            piece = draw(st.one_of(st.sampled_from(FIXABLE), st.text(CLEAN, max_size=8),
                                   *([st.sampled_from(MARKUP)] if markdown else [])))
            line = line[:i] + piece + line[i:]
        lines.append(line)
    return lines


def _join(lines: list[str], newline: str, draw_bits: list[bool]) -> str:
    if newline != "mixed":
        return newline.join(lines) + newline
    out = []
    for i, ln in enumerate(lines):
        out.append(ln + ("\r\n" if draw_bits[i % len(draw_bits)] else "\n"))
    return "".join(out)


def _styles(text: str) -> set[str]:
    found = set()
    i = 0
    while i < len(text):
        if text.startswith("\r\n", i):
            found.add("\r\n")
            i += 2
            continue
        if text[i] in "\r\n":
            found.add(text[i])
        i += 1
    return found


IO = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


FIX = Mode(fix=True)


def _fix(path: Path, mode: Mode = FIX):
    [result] = run([str(path)], Overrides(isolated=True), mode, jobs=1)
    assert result.error is None, result.error
    return result


@st.composite
def report_file(draw):
    suffix = draw(st.sampled_from([".txt", ".md"]))
    lines = draw(report_lines(suffix == ".md"))
    newline = draw(NEWLINES)
    bits = draw(st.lists(st.booleans(), min_size=1, max_size=8))
    enc, bom = draw(st.sampled_from(ENCODINGS))
    return suffix, _join(lines, newline, bits), enc, bom


@pytest.mark.slow
@IO
@given(report_file())
def test_cli_fix_keeps_encoding_bom_line_endings_and_mode(case):
    suffix, text, enc, bom = case
    data = bom + text.encode(enc)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"报告{suffix}"
        path.write_bytes(data)
        os.chmod(path, 0o640)
        diff = _fix(path, Mode(diff=True))
        result = _fix(path)
        after = path.read_bytes()
        assert kind_of(path.name) == ("markdown" if suffix == ".md" else "text")
        event(f"{suffix} {enc} {'fixed' if result.fixed_text is not None else 'nothing to fix'}")
        if result.fixed_text is None:  # nothing fixable: the bytes are untouched
            assert after == data
            assert diff.fixed_text is None
            return
        assert diff.fixed_text == result.fixed_text  # --diff shows exactly what --fix writes
        assert after == bom + result.fixed_text.encode(enc)  # same encoding and BOM
        assert after.startswith(bom)
        assert _styles(result.fixed_text) <= _styles(text)  # no line ending introduced or normalised
        assert oct(os.stat(path).st_mode & 0o777) == oct(0o640)
        assert sorted(os.listdir(tmp)) == [path.name]  # no temporary file left
        again = _fix(path)  # idempotent: a second --fix finds nothing to change
        assert again.fixed_text is None and path.read_bytes() == after


_FIXED: dict[str, list[str]] = {}


def _fully_fixed(seed_path: Path) -> list[str]:
    """The seed's lines after every safe fix: a report with no fixable finding left."""
    if seed_path.name not in _FIXED:
        from fzlint.engine import lint_document
        from fzlint.fixes import fix_to_fixpoint
        from fzlint.inputs.readers import parse_as
        from fzlint.packs.config import Settings

        st_ = Settings()

        def relint(text):
            return lint_document(parse_as("text", text, "r.txt"), st_.ruleset(), st_)[0]

        fixed, _, _ = fix_to_fixpoint(seed_path.read_text(encoding="utf-8"), relint)
        _FIXED[seed_path.name] = fixed.splitlines()
    return _FIXED[seed_path.name]


@IO
@given(st.sampled_from([".txt", ".md"]), st.sampled_from(SEEDS), NEWLINES, st.sampled_from(ENCODINGS),
       st.lists(st.booleans(), min_size=1, max_size=8))
@pytest.mark.slow
def test_cli_fix_on_text_without_fixable_findings_is_byte_identical(suffix, seed_path, newline, encoding, bits):
    enc, bom = encoding
    data = bom + _join(_fully_fixed(seed_path), newline, bits).encode(enc)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"r{suffix}"
        path.write_bytes(data)
        before = _fix(path, Mode(diff=True))
        assume(before.fixed_text is None)
        result = _fix(path)
        assert result.fixed_text is None
        assert path.read_bytes() == data


# ---- the language server ----------------------------------------------------------------
NASTY = st.lists(st.one_of(st.characters(), st.sampled_from(["\r\n", "\r", "\n", "\x00", "\ufeff", "\u2028", "\x0b",
                                                             "\ud800", "\udfff", "𠮷", "[bookmark: _GoBack]", "法制建设",
                                                             "共335件，其中269件", "一、", "（二）"])),
                 max_size=150).map("".join)


def _server():
    from lsprotocol import types as lsp

    from fzlint.lsp import FzlintServer

    class Server(FzlintServer):
        encoding = lsp.PositionEncodingKind.Utf16  # type: ignore[assignment]

    return Server()


SERVER = None


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NASTY, st.sampled_from(["file:///tmp/r.txt", "file:///tmp/r.md", "untitled:Untitled-1"]))
def test_language_server_never_crashes_and_ranges_stay_inside(text, uri):
    global SERVER
    from fzlint.lsp_buffer import LineIndex

    if SERVER is None:
        SERVER = _server()
    result = SERVER.compute(uri, text, 1, "plaintext")
    index = LineIndex(text)
    lines = len(index.starts)
    if result.problem is not None:
        assert "内部错误" not in result.problem  # a bug would show up here, not as a crash
        assert "\n" not in result.problem
        assert len(result.lsp_diagnostics) == 1
        return
    for d in result.lsp_diagnostics:
        r = d.range
        assert (r.start.line, r.start.character) <= (r.end.line, r.end.character)
        assert 0 <= r.start.line < lines and 0 <= r.end.line < lines
        for pos in (r.start, r.end):
            end = index._line_end(pos.line)
            line_text = text[index.starts[pos.line]:end]
            assert pos.character <= len(line_text) + sum(1 for ch in line_text if ord(ch) > 0xFFFF)
    if not text.strip():
        assert result.lsp_diagnostics == []
