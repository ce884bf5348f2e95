"""Offsets ↔ LSP positions (fzlint.lsp_buffer.LineIndex), without a server."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lsprotocol.types import Position

from fzlint.lsp_buffer import LineIndex, fix_all_text, line_diff_edits, lint_buffer

TEXT = st.text(alphabet=st.sampled_from(list("ab汉。\r\n\x0b\x0c\u2028𠮷😀 ")), max_size=40)


def test_utf16_columns_and_lsp_line_breaks():
    text = "𠮷x\r\n第二\x0b行\r第三\n"
    idx = LineIndex(text)
    assert idx.position(2) == Position(line=0, character=3)  # after 𠮷 (2 units) and x
    assert idx.position(4) == Position(line=1, character=0)  # \r\n is one break
    # \x0b (a Word manual line break) is not an LSP line break: same line, next column.
    assert idx.position(text.index("行")) == Position(line=1, character=3)
    assert idx.position(text.index("第三")) == Position(line=2, character=0)
    assert idx.position(len(text)) == Position(line=3, character=0)


def test_other_encodings():
    text = "𠮷正x"
    assert LineIndex(text, "utf-8").position(2) == Position(line=0, character=7)
    assert LineIndex(text, "utf-32").position(2) == Position(line=0, character=2)
    assert LineIndex(text, "utf-8").offset(Position(line=0, character=7)) == 2


@given(TEXT, st.data())
def test_offset_position_round_trip(text, data):
    idx = LineIndex(text)
    offset = data.draw(st.integers(0, len(text)))
    if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
        offset -= 1  # no position lies between the \r and \n of one break
    assert idx.offset(idx.position(offset)) == offset


@given(TEXT, TEXT)
def test_line_diff_edits_turn_old_into_new(old, new):
    idx = LineIndex(old, "utf-32")  # character = code points: easy to apply here
    out = old
    for e in sorted(line_diff_edits(old, new, idx), key=lambda e: (e.range.start.line, e.range.start.character),
                    reverse=True):
        a, b = idx.offset(e.range.start), idx.offset(e.range.end)
        out = out[:a] + e.new_text + out[b:]
    assert out == new


def test_a_leading_bom_character_in_the_buffer_keeps_offsets_aligned():
    # Some editors keep U+FEFF in the buffer; the reader drops it as a BOM.
    text = "\ufeff标题\n[bookmark: _GoBack]正文\n"
    diags, problem, _ = lint_buffer(text, None)
    assert problem is None
    d = next(d for d in diags if d.code == "FZ501")
    assert text[d.start : d.end] == "[bookmark: _GoBack]"  # the buffer's own offsets, no shift
    assert fix_all_text(text, None) == "\ufeff标题\n正文\n"


def test_unreadable_text_is_a_problem_not_an_exception():
    diags, problem, _ = lint_buffer("a\x00b", "/tmp/x.txt")
    assert diags == [] and problem is not None and "NUL" in problem


def test_a_markdown_buffer_is_located_in_the_buffer_not_in_the_text_without_markup():
    """The checks read a .md without its syntax; spans and fix edits must still point into
    the editor's buffer (``**`` and ``## `` before the span used to shift them)."""
    text = "# 某区2023年法治政府建设情况报告\n\n## 一、主要举措和成效\n\n**全年**共受理案件，完成[bookmark: _GoBack]工作。\n"
    for bom in ("", "\ufeff"):
        diags, problem, _ = lint_buffer(bom + text, "/tmp/report.md")
        assert problem is None
        d = next(d for d in diags if d.code == "FZ501")
        assert (d.line, d.column) == (5, 15)  # the file's line and column, as the CLI reports
        buf = bom + text  # offsets are the buffer's own, a leading U+FEFF included
        assert buf[d.start : d.end] == "[bookmark: _GoBack]"
        assert d.fix is not None and [(buf[e.start : e.end], e.content) for e in d.fix.edits] == [
            ("[bookmark: _GoBack]", "")]
        assert fix_all_text(bom + text, "/tmp/report.md") == bom + text.replace("[bookmark: _GoBack]", "")
