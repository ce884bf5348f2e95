"""Hard-wrapped .txt reports (text copied out of a PDF or a web page, every paragraph broken
every 30–40 characters): detected, read with each paragraph's lines joined, findings at the
file's own lines and columns, --fix editing the file (fzlint.inputs.wrapped)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fzlint.engine import lint_document
from fzlint.inputs.readers import load_bytes
from fzlint.inputs.wrapped import PAGE_NUMBER, detect, display_width, render
from fzlint.packs.config import Settings
from fzlint.parse.document import split_lines

from ..conftest import ROOT, SEEDS, fzlint_here, lint, seed_text


def wrap_chars(text: str, width: int) -> str:
    """Every line cut every ``width`` characters (what a fixed-width web copy gives)."""
    return "\n".join(piece for ln in text.split("\n")
                     for piece in ([ln[i : i + width] for i in range(0, len(ln), width)] or [""]))


def wrap_columns(text: str, columns: int) -> str:
    """Every line cut where the next character would pass ``columns`` display columns (a
    Chinese character is two): what copying a PDF gives."""
    out = []
    for ln in text.split("\n"):
        current, used = "", 0
        for ch in ln:
            w = display_width(ch)
            if used + w > columns:
                out.append(current)
                current, used = "", 0
            current += ch
            used += w
        out.append(current)
    return "\n".join(out)


WRAPS = {"28": lambda t: wrap_chars(t, 28), "34": lambda t: wrap_chars(t, 34), "40": lambda t: wrap_chars(t, 40),
         "68col": lambda t: wrap_columns(t, 68), "56col": lambda t: wrap_columns(t, 56)}


def lint_file(text: str, name: str = "报告.txt"):
    loaded = load_bytes(text.encode("utf-8"), name)
    settings = Settings()
    return loaded, lint_document(loaded.doc, settings.ruleset(), settings)[0]


def file_offset(text: str, line: int, column: int) -> int:
    ln = split_lines(text)[line - 1]
    return ln.start + column - 1


def offsets_after_wrapping(original: str, wrapped: str) -> list[int]:
    """For each character of ``original``, its offset in ``wrapped`` (which only adds line
    breaks); one more entry for the end."""
    out, j = [], 0
    for ch in original:
        while wrapped[j] != ch:
            assert wrapped[j] == "\n"
            j += 1
        out.append(j)
        j += 1
    out.append(len(wrapped))
    return out


# ---- detection ----------------------------------------------------------------------------

def _fixture_texts() -> list[Path]:
    return sorted({*SEEDS, *(ROOT / "tests").rglob("*.txt")})


@pytest.mark.parametrize("path", _fixture_texts(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_report_fixture_is_taken_for_wrapped(path):
    """The seeds, the unseen reports and every other .txt fixture are one paragraph a line:
    not wrapped, read exactly as before (no text map, the Document's text is the file)."""
    text = path.read_text(encoding="utf-8")
    assert render(text) is None
    loaded = load_bytes(text.encode("utf-8"), "报告.txt")
    assert loaded.doc.textmap is None and loaded.doc.text == text


def test_unseen_reports_are_among_the_fixtures_checked():
    assert len([p for p in _fixture_texts() if "unseen/reports" in p.as_posix()]) >= 10


def test_a_report_of_long_lines_is_never_changed():
    para = "全年办理行政复议案件12件，其中维持8件、撤销4件，依法纠正违法或不当行政行为，切实维护群众合法权益。"
    lines = ["某区2023年法治政府建设情况报告", ""] + [para[: 30 + (k % 7)] + "。" for k in range(20)]
    assert render("\n".join(lines)) is None
    # Twenty paragraphs of the same length, but ending with 。: paragraphs, not wrapping.
    assert render("\n".join(["某区2023年法治政府建设情况报告", ""] + [para] * 20)) is None


@pytest.mark.parametrize("kind", sorted(WRAPS))
def test_wrapped_seeds_are_detected(kind):
    for path in SEEDS:
        wrap = detect(WRAPS[kind](path.read_text(encoding="utf-8")).split("\n"))
        assert wrap is not None, path.name
        assert wrap.columns == kind.endswith("col")


# ---- the same findings, at the file's places -----------------------------------------------

#: Findings that genuinely depend on where lines end, and what is compared for them instead.
#: A line break right after a sentence stop (。；：) cannot be told from a paragraph end and is
#: kept, so the wrapped text has a few more, shorter paragraphs than the report:
#: * FZ503 reports each paragraph once with its count of half-width marks: the counts are
#:   per (shorter) paragraph; the marks reported in all are the same.
#: * FZ506 quotes the characters around the space up to the end of its line: the same
#:   spaces are reported, the quoted context may stop at the kept break.
#: * FZ106 names the lines of the sentences it counts (第 19、21 行): they are the file's
#:   lines, other numbers once wrapped; the finding is otherwise the same.
#: * FZ502 reports whole lines: a web page's header line that happens to fill the width is
#:   joined with the next header line, and one finding covers both.
LINE_STRUCTURE = ("FZ503", "FZ506", "FZ106", "FZ502")


def _summary(diags) -> dict:
    out: dict = {}
    out["FZ503"] = sum(int(m.group(1)) for d in diags if d.code == "FZ503"
                       and (m := re.match(r"本段有 (\d+) 处", d.message)))
    out["FZ106"] = Counter(re.sub(r"（第 [\d、]+ 行）", "", d.message) for d in diags if d.code == "FZ106")
    return out


@pytest.mark.parametrize("kind", sorted(WRAPS))
@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_a_wrapped_seed_gives_the_seeds_findings_at_the_files_places(path, kind):
    text = path.read_text(encoding="utf-8")
    wrapped = WRAPS[kind](text)
    base = lint(text)
    loaded, diags = lint_file(wrapped)
    assert loaded.doc.textmap is not None
    where = offsets_after_wrapping(text, wrapped)

    def place(d, source: str, mapped: bool) -> int:
        return where[file_offset(text, d.line, d.column)] if mapped else file_offset(source, d.line, d.column)

    expected = Counter((d.code, d.message, place(d, text, True)) for d in base if d.code not in LINE_STRUCTURE)
    got = Counter((d.code, d.message, place(d, wrapped, False)) for d in diags if d.code not in LINE_STRUCTURE)
    assert got == expected
    assert _summary(diags) == _summary(base)
    # the same spaces reported
    assert ({place(d, wrapped, False) for d in diags if d.code == "FZ506"}
            == {place(d, text, True) for d in base if d.code == "FZ506"})
    # every web-page line reported still is, by a finding that starts there or covers it
    lines_502 = {where[file_offset(text, d.line, d.column)] for d in base if d.code == "FZ502"}
    spans_502 = [(file_offset(wrapped, d.line, d.column), file_offset(wrapped, d.end_line, d.end_column))
                 for d in diags if d.code == "FZ502"]
    assert all(any(a <= p < b for a, b in spans_502) for p in lines_502)

    # Each finding's text is in the file where it is reported: from its start up to the end
    # of that file line, and back from its end to the start of the end's line.
    doc = loaded.doc
    for d in diags:
        matched = doc.text[d.start : d.end]
        if not matched.strip():
            continue
        a = file_offset(wrapped, d.line, d.column)
        b = file_offset(wrapped, d.end_line, d.end_column)
        first_line = wrapped[a : wrapped.find("\n", a) if "\n" in wrapped[a:] else len(wrapped)]
        head = matched[: len(first_line)]
        assert wrapped.startswith(head, a) or (d.end_line != d.line
                                               and first_line.rstrip() == matched[: len(first_line.rstrip())]), d
        if d.end_line != d.line:
            last_line = wrapped[wrapped.rfind("\n", 0, b) + 1 : b]
            assert matched.rstrip("\r\n").endswith(last_line.lstrip()), d


def test_a_finding_across_a_joined_break_starts_on_one_file_line_and_ends_on_the_next():
    para = ("区委、区政府高度重视，坚持抓好法制建设各项工作任务，推动法治政府建设取得新成效，"
            "全年组织集体学法十二次，覆盖全体干部职工，学习效果明显，依法行政能力不断提升。")
    text = "\n".join(["某区2023年法治政府建设情况报告", "", *[para] * 8])
    # cut right inside 法制建设 in the first paragraph
    cut = para.index("法制建设") + 2
    wrapped = wrap_chars(text, cut)
    _, diags = lint_file(wrapped)
    hits = [d for d in diags if d.code == "FZ401"]
    assert hits
    d = hits[0]
    assert (d.line, d.column, d.end_line, d.end_column) == (3, cut - 1, 4, 3)
    assert wrapped.split("\n")[2].endswith("法制") and wrapped.split("\n")[3].startswith("建设")


# ---- the must-finds and the FZ504 flood ----------------------------------------------------

@pytest.mark.parametrize("kind", sorted(WRAPS))
def test_must_finds_survive_wrapping(kind):
    for prefix, total, parts in (("000", "335", "330"), ("003", "1355", "1345")):
        _, diags = lint_file(WRAPS[kind](seed_text(prefix)))
        assert any(d.code == "FZ201" and total in d.message and parts in d.message for d in diags), (prefix, kind)


def test_the_unbalanced_quote_flood_is_gone():
    wrapped = wrap_chars(seed_text("001"), 34)
    before = lint(wrapped)  # read line by line, as fzlint did before
    assert len([d for d in before if d.code == "FZ504"]) > 20
    _, diags = lint_file(wrapped)
    assert not [d for d in diags if d.code in ("FZ504", "FZ404")]


# ---- page numbers --------------------------------------------------------------------------

PAGE_NUMBERS = ("- 3 -", "— 3 —", "-3-", "－12－", "第 3 页 共 10 页", "第3页", "共10页 第3页", "3/10", "3 / 10")


@pytest.mark.parametrize("page", PAGE_NUMBERS)
def test_a_page_number_line_is_reported_and_deleted_and_the_paragraph_joined_across_it(page, tmp_path):
    assert PAGE_NUMBER.fullmatch(page)
    wrapped = wrap_chars(seed_text("001"), 34).split("\n")
    k = next(i for i, ln in enumerate(wrapped) if ln.startswith("（三）强化责任落实")) + 2
    with_page = [*wrapped[:k], "", page, "", *wrapped[k:]]
    text = "\n".join(with_page)
    loaded, diags = lint_file(text)
    pages = [d for d in diags if d.code == "FZ502"]
    assert [(d.line, d.column) for d in pages] == [(k + 2, 1)]
    assert not [d for d in diags if d.code in ("FZ504", "FZ506") and d.line == k + 2]
    paragraph = next(ln for ln in loaded.doc.lines if ln.content.startswith("（三）强化责任落实"))
    assert paragraph.content.endswith("压实各部门各单位法治政府建设责任。")  # joined across the page number
    f = tmp_path / "wrapped.txt"
    f.write_text(text, encoding="utf-8")
    fzlint_here("check", str(f), "--fix", "--select", "FZ502")
    assert f.read_text(encoding="utf-8") == "\n".join([*wrapped[:k], "", "", *wrapped[k:]])


def test_page_numbers_in_a_report_read_as_is_are_reported_too():
    text = seed_text("001").replace("\n二、", "\n- 3 -\n二、", 1)
    assert [d.message for d in lint(text) if d.code == "FZ502"] == ["网页或 PDF 复制残留：- 3 -"]


def test_deleting_a_paragraph_never_takes_the_page_number_moved_out_of_it():
    wrapped = wrap_chars(seed_text("001"), 34).split("\n")
    k = next(i for i, ln in enumerate(wrapped) if ln.startswith("（三）强化责任落实")) + 2
    text = "\n".join([*wrapped[:k], "- 3 -", *wrapped[k:]])
    rendered = render(text)
    assert rendered is not None
    doc_lines = split_lines(rendered.text)
    para = next(i for i, ln in enumerate(doc_lines) if ln.content.startswith("（三）强化责任落实"))
    tm = rendered.textmap
    assert doc_lines[para + 1].content == "- 3 -"
    assert tm.source_range(doc_lines[para].start, doc_lines[para + 1].start) is None  # the paragraph
    assert tm.source_range(doc_lines[para].start, doc_lines[para + 2].start) is None  # and the page line
    a, b = tm.source_range(doc_lines[para + 1].start, doc_lines[para + 2].start)
    assert text[a:b] == "- 3 -\n"


# ---- --fix ---------------------------------------------------------------------------------

@pytest.mark.slow
def test_fix_on_a_wrapped_seed_changes_only_the_claimed_spans_and_is_idempotent(tmp_path):
    import difflib
    import json

    wrapped = wrap_chars(seed_text("003"), 34).replace("\n", "\r\n")
    f = tmp_path / "wrapped.txt"
    f.write_bytes(wrapped.encode("gb18030"))
    found = json.loads(fzlint_here("check", str(f), "--format", "json", "--exit-zero").stdout)
    claimed = []
    for d in found:
        if d["fix"] and d["fix"]["safe"]:
            for e in d["fix"]["edits"]:
                claimed.append((file_offset(wrapped, e["line"], e["column"]),
                                file_offset(wrapped, e["end_line"], e["end_column"])))
    assert claimed
    fzlint_here("check", str(f), "--fix", "--exit-zero")
    data = f.read_bytes()
    fixed = data.decode("gb18030")  # the encoding is kept
    assert "\r\n" in fixed and "\n" not in fixed.replace("\r\n", "")  # and the line endings
    covered = {k for a, b in claimed for k in range(a, b)}
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, wrapped, fixed, autojunk=False).get_opcodes():
        if tag == "insert":
            assert any(a <= i1 <= b for a, b in claimed), wrapped[i1 - 5 : i1 + 5]
        elif tag != "equal":
            assert covered.issuperset(range(i1, i2)), (tag, wrapped[i1 - 5 : i2 + 5])
    fzlint_here("check", str(f), "--fix", "--exit-zero")
    assert f.read_bytes() == data  # a second run changes nothing
    # The fixes are the report's: without the line breaks, the fixed wrapped copy is the
    # fixed report.
    report = tmp_path / "report.txt"
    report.write_text(seed_text("003"), encoding="utf-8")
    fzlint_here("check", str(report), "--fix", "--exit-zero")
    assert fixed.replace("\r\n", "") == report.read_text(encoding="utf-8").replace("\n", "")


def test_a_fix_that_would_cross_a_joined_break_is_not_applied(tmp_path):
    para = ("区委、区政府高度重视，坚持抓好法治建设各项工作，截止2023年底，共办理行政复议案件12件，"
            "推动法治政府建设取得新成效，全年组织集体学法十二次，覆盖全体干部职工，依法行政能力不断提升。")
    text = "\n".join(["某区2023年法治政府建设情况报告", "", *[para] * 8]) + "\n"
    cut = para.index("截止") + 1  # 截⏎止
    wrapped = wrap_chars(text, cut)
    _, diags = lint_file(wrapped)
    hit = next(d for d in diags if d.code == "FZ402" and "截止" in d.message and d.line == 3)
    assert hit.fix is None and hit.end_line == 4
    f = tmp_path / "r.txt"
    f.write_text(wrapped, encoding="utf-8")
    fzlint_here("check", str(f), "--fix", "--select", "FZ402")
    after = f.read_text(encoding="utf-8").split("\n")
    assert after[2:4] == wrapped.split("\n")[2:4]  # the split term is left, the break kept
    assert after.count("") == wrapped.split("\n").count("")


# ---- what is never joined ------------------------------------------------------------------

def test_headings_sentence_ends_title_and_signature_are_never_joined():
    body = ("区委、区政府高度重视法治政府建设，将其纳入经济社会发展全局统筹推进，定期听取工作汇报，"
            "及时研究解决重大问题，推动各项任务落地见效，全年组织集体学法十二次，覆盖全体干部职工")
    lines = [
        "某区人民政府关于2023年法治政府建",  # the title, wrapped: kept as the title block is
        "设情况的报告",
        "",
        "一、党政主要负责人履行第一责任人职责",  # a section heading exactly full width
        *wrap_chars(body + "。", 18).split("\n"),
        "二、推进法治政府建设的主要举措和成效",
        *wrap_chars(body + "，依法行政能力不断提升。", 18).split("\n"),
        "某区人民政府办公室负责同志审核签发",  # the signature is never joined to
        "2024年1月15日",
    ]
    text = "\n".join(lines)
    rendered = render(text)
    assert rendered is not None
    out = rendered.text.split("\n")
    assert out[:2] == lines[:2]
    assert out[3] == "一、党政主要负责人履行第一责任人职责"
    assert out[4] == body + "。"
    assert out[5] == "二、推进法治政府建设的主要举措和成效"
    assert out[6] == body + "，依法行政能力不断提升。"
    assert out[-2:] == lines[-2:]


def test_a_long_heading_wrapped_into_a_short_tail_is_joined():
    body = ("区委、区政府高度重视法治政府建设，将其纳入经济社会发展全局统筹推进，定期听取工作汇报，"
            "及时研究解决重大问题，推动各项任务落地见效，全年组织集体学法十二次，覆盖全体干部职工。")
    heading = "一、党政主要负责人切实履行推进法治建设第一责任人职责"
    text = "\n".join(["某区2023年法治政府建设情况报告", "", *wrap_chars(heading, 20).split("\n"), *wrap_chars(body, 20).split("\n")] * 3)
    rendered = render(text)
    assert rendered is not None
    out = rendered.text.split("\n")
    assert out[2:4] == [heading, body]


def test_line_endings_and_indentation_of_a_wrapped_text():
    body = ("区委、区政府高度重视法治政府建设，将其纳入经济社会发展全局统筹推进，定期听取工作汇报，"
            "及时研究解决重大问题，推动各项任务落地见效，全年组织集体学法十二次，覆盖全体干部职工。")
    paragraph = wrap_chars("\u3000\u3000" + body, 24).split("\n")  # with the paragraph's own indent
    for eol in ("\r\n", "\r", "\n"):
        text = eol.join(["某区2023年法治政府建设情况报告", "", *paragraph * 4]) + eol
        rendered = render(text)
        assert rendered is not None, repr(eol)
        out = split_lines(rendered.text)
        assert [ln.text for ln in out[2:6]] == ["\u3000\u3000" + body] * 4
        assert rendered.text.count(eol) == 6 and len(out) == 7
        # every character of the text is at its place in the file
        tm = rendered.textmap
        src_lines = split_lines(text)
        for k in range(len(rendered.text)):
            if rendered.text[k] in "\r\n":
                continue
            line, col = tm.location(k)
            assert text[src_lines[line - 1].start + col - 1] == rendered.text[k]


# ---- any wrapped text: the map stays faithful ----------------------------------------------

_PIECES = st.sampled_from(["法治政府建设", "，", "。", "“", "”", "2023年", "12件", " ", "\u3000", "一、", "（一）",
                           "依法行政", "；", "APP", "：", "[bookmark: x]"])


@settings(max_examples=80, deadline=None)
@given(paragraphs=st.lists(st.lists(_PIECES, min_size=1, max_size=40).map("".join), min_size=3, max_size=10),
       width=st.integers(min_value=12, max_value=30),
       eols=st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=1, max_size=3),
       pages=st.lists(st.sampled_from(["- 3 -", "第 3 页 共 9 页", "3/9", ""]), max_size=4),
       seed=st.integers(min_value=0, max_value=10**6))
def test_any_wrapped_text_maps_every_character_and_line_to_the_file(paragraphs, width, eols, pages, seed):
    import random

    rnd = random.Random(seed)
    lines = ["某区2023年法治政府建设情况报告", ""]
    for p in paragraphs:
        lines += wrap_chars(p * 3 + "推进法治政府建设取得新成效。", width).split("\n")
    for page in pages:
        lines.insert(rnd.randrange(2, len(lines)), page)
    text = "".join(ln + rnd.choice(eols) for ln in lines)
    rendered = render(text)
    if rendered is None:
        return
    tm = rendered.textmap
    doc_lines = split_lines(rendered.text)
    assert len(tm.line_starts) == len(doc_lines) == len(tm.source_line_ends)
    assert [ln.start for ln in doc_lines] == list(tm.line_starts)
    src = split_lines(text)
    for k, ch in enumerate(rendered.text):
        if ch in "\r\n":
            continue
        i = tm._segment(k)
        if tm.synthetic[i]:
            continue
        line, col = tm.location(k)
        assert text[src[line - 1].start + col - 1] == ch
        r = tm.source_range(k, k + 1)
        assert r is not None and text[r[0] : r[1]] == ch
    # every Document line deleted whole removes exactly its own file lines, or is refused
    for n, ln in enumerate(doc_lines):
        end = doc_lines[n + 1].start if n + 1 < len(doc_lines) else len(rendered.text)
        r = tm.source_range(ln.start, end)
        if r is None:
            continue
        removed = text[r[0] : r[1]]
        starts = {s.start for s in src} | {len(text)}
        assert r[0] in starts and r[1] in starts  # whole file lines
        assert re.sub(r"\s", "", removed) == re.sub(r"\s", "", rendered.text[ln.start : end])


def test_the_language_server_points_into_the_wrapped_buffer():
    """The editor shows the buffer as it is: each finding's offsets are in the buffer, and
    its text is there (up to the end of the buffer line it starts on)."""
    from fzlint.lsp_buffer import lint_buffer

    wrapped = wrap_chars(seed_text("000"), 34)
    diags, problem, _ = lint_buffer(wrapped, "/tmp/报告.txt")
    assert problem is None
    loaded, expected = lint_file(wrapped)
    assert [(d.code, d.message) for d in diags] == [(d.code, d.message) for d in expected]
    for d, e in zip(diags, expected, strict=True):
        matched = loaded.doc.text[e.start : e.end]
        head = wrapped[d.start : d.end].split("\n")[0]
        assert matched.startswith(head.rstrip()) or not matched.strip()
    total = next(d for d in diags if d.code == "FZ201" and "335" in d.message)
    assert wrapped[total.start : total.end].replace("\n", "").startswith("335")  # "3⏎35件": across a break
