"""``fzlint annotate``: a reviewed copy with one Word comment per finding on its exact
characters, fixes as tracked changes, text reports turned into .docx, and the command's
files (default name, -o folder, refusing to overwrite the input, bad input)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import docx
import pytest

from fzlint.annotate import OUTPUT_MARK, annotate, annotate_bytes, comment_text, output_name, plain_words
from fzlint.errors import ConfigError, InputError
from fzlint.packs.config import Settings

from ..annotate_views import (
    FORMATTED_ACCEPTED,
    FORMATTED_ANCHORS,
    TEXT_REPORT,
    accepted,
    anchored_texts,
    apply_edits,
    char_formats,
    document_xml,
    formatted_docx,
    paragraph_bytes,
    paragraphs,
    rejected,
    structured_docx,
    w,
)
from ..conftest import fzlint_here, run_fzlint


@pytest.fixture(scope="module")
def original() -> bytes:
    return formatted_docx()


def comments_of(data: bytes) -> dict[int, tuple[str, str, str]]:
    d = docx.Document(io.BytesIO(data))
    return {c.comment_id: (c.author, c.initials, c.text) for c in d.comments}


def check_json(path: Path) -> list[dict]:
    r = fzlint_here("check", str(path), "--format", "json", "--exit-zero")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


# ---- comments ---------------------------------------------------------------------------
def test_one_comment_per_finding_on_its_exact_characters(original):
    res = annotate(original, "报告.docx")
    comments = comments_of(res.data)
    anchors = anchored_texts(res.data)
    assert len(comments) == len(res.diagnostics) == sum(len(v) for v in FORMATTED_ANCHORS.values())
    got: dict[str, list[str]] = {}
    for cid, (_, _, text) in sorted(comments.items()):
        got.setdefault(text.split("（")[0], []).append(anchors[cid])
    assert got == FORMATTED_ANCHORS


def test_comment_text_and_author(original):
    res = annotate(original, "报告.docx")
    comments = comments_of(res.data)
    for d, (author, initials, text) in zip(res.diagnostics, [comments[k] for k in sorted(comments)], strict=True):
        assert (author, initials) == ("fzlint", "fz")
        assert text.startswith(f"{d.code}（{d.severity.zh}）{d.message}")
        assert f"建议：{d.suggestion}" in text
        assert "--" not in text and "修订" not in text  # no revision was written


def test_findings_are_those_of_check(tmp_path, original):
    """The copy carries the findings ``fzlint check`` gives for the file, and reading the
    copy again gives the same findings at the same places (comments add no text)."""
    src = tmp_path / "报告.docx"
    src.write_bytes(original)
    res = annotate(original, str(src))
    found = check_json(src)
    assert [(d.code, d.line, d.column, d.message) for d in res.diagnostics] == \
        [(f["code"], f["line"], f["column"], f["message"]) for f in found]
    copy = tmp_path / "copy.docx"
    copy.write_bytes(res.data)
    again = check_json(copy)
    assert [{**f, "path": ""} for f in again] == [{**f, "path": ""} for f in found]


def test_paragraph_texts_are_the_originals(original):
    before = docx.Document(io.BytesIO(original))
    after = docx.Document(io.BytesIO(annotate_bytes(original, "报告.docx")))

    def texts(d):
        cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
        return [p.text for p in d.paragraphs], cells

    assert texts(after) == texts(before)


def test_split_runs_keep_their_formatting(original):
    """The regulation name starts inside a plain run and ends inside a red one: the runs
    are split, and every character keeps the formatting it had."""
    out = annotate_bytes(original, "报告.docx")
    for old, new in zip(paragraphs(original), paragraphs(out), strict=True):
        assert char_formats(new) == char_formats(old)
    second = paragraphs(out)[1]
    runs = [r for r in second.iter(w("r")) if r.find(w("commentReference")) is None]
    assert len(runs) > len(list(paragraphs(original)[1].iter(w("r"))))  # it was split


def test_command_words_are_left_out_of_comments():
    ruleset = Settings().ruleset()
    texts = [t for r in ruleset.rules for t in (r.message, r.options.get("suggestion"))
             if isinstance(t, str) and "--" in t]
    assert len(texts) >= 2, "rules whose message or suggestion names a command-line option"
    for text in texts:
        plain = plain_words(text)
        assert "--" not in plain and len(plain) >= 8, plain
    assert plain_words("无法确定报告年度，已跳过；可用 --year 2023 指定") == "无法确定报告年度，已跳过"
    assert plain_words("改为全角标点") == "改为全角标点"


def test_select_and_year():
    out = annotate(formatted_docx(), "报告.docx", select=["FZ5"], year=2023)
    assert {d.code for d in out.diagnostics} == {"FZ501", "FZ502", "FZ503"}
    assert len(comments_of(out.data)) == 4
    listed = annotate(formatted_docx(), "报告.docx", select=["FZ501，FZ502", "fz503"])
    assert [d.code for d in listed.diagnostics] == [d.code for d in out.diagnostics]
    with pytest.raises(ConfigError):
        annotate_bytes(formatted_docx(), "报告.docx", select=["FZ999"])


# ---- tracked changes --------------------------------------------------------------------
def test_fixes_become_tracked_changes(original):
    res = annotate(original, "报告.docx", track_changes=True)
    root_xml = document_xml(res.data)
    assert {d.code for d in res.fixed} == {"FZ405", "FZ503", "FZ501", "FZ502"} and res.changes == 5
    revisions = [el for p in paragraphs(res.data) for el in p.iter(w("ins"), w("del"))]
    assert {el.tag for el in revisions} == {w("ins"), w("del")}
    for el in revisions:
        assert el.get(w("author")) == "fzlint"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", el.get(w("date")))
    ids = re.findall(rb'<w:(?:ins|del|commentRangeStart) w:id="(\d+)"', root_xml)
    assert len(ids) == len(set(ids))  # every revision and comment its own id
    assert accepted(res.data) == FORMATTED_ACCEPTED
    assert rejected(res.data) == rejected(original)
    comments = comments_of(res.data)
    revised = [t for _, _, t in comments.values() if "修订" in t]
    assert len(revised) == 5 and all("--" not in t for t in revised)


def test_untouched_paragraphs_keep_their_bytes(original):
    """Paragraphs without a finding are the original's bytes, even where python-docx would
    have written them differently (``<w:t >`` becomes ``<w:t>`` when re-serialized)."""
    with zipfile.ZipFile(io.BytesIO(original)) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"<w:t>", b"<w:t >")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    spaced = buf.getvalue()
    touched = {2, 4, 5, 6, 10, 11, 16}  # paragraphs with a finding (the reader's numbers)
    for track in (False, True):
        out = annotate_bytes(spaced, "报告.docx", track_changes=track)
        old, new = paragraph_bytes(spaced), paragraph_bytes(out)
        assert len(old) == len(new) == 16
        for n, (a, b) in enumerate(zip(old, new, strict=True), start=1):
            assert (a == b) == (n not in touched), n
        before, after = document_xml(spaced), document_xml(out)
        assert after.startswith(before[: before.index(b"<w:p")])  # the header, namespaces
        assert after.endswith(before[before.rindex(b"</w:p>") + 6:])  # the section properties


def test_findings_inside_fields_revisions_controls_and_tables():
    data = structured_docx()
    res = annotate(data, "报告.docx", track_changes=True)
    anchors = anchored_texts(annotate_bytes(data, "报告.docx"))
    texts = sorted(anchors[k] for k in anchors)
    assert "法治政府建设与责任落实督查工作规定" in texts  # the result of a field
    assert "[bookmark: _GoBack]" in texts  # inside a content control
    assert texts.count(",") >= 4  # after someone's insertion, in a smart tag, in the cells
    assert len(anchors) == len(res.diagnostics)
    assert rejected(res.data) == rejected(data)
    after = accepted(res.data)
    assert "依据《法治政府建设与责任落实督察工作规定》开展工作，成效明显。" in after
    assert "全年办理案件20件，结案18件。" in after  # someone's deletion and the hidden text untouched
    assert "内容控件中的文字，需要检查。" in after
    assert "智能标记，按期办结全部公开。" in after  # the tab inside the sentence is a finding too
    assert "上半年办结12件，" in after and "下半年办结9件，" in after
    xml = document_xml(res.data)
    assert b'<w:del w:id="902" w:author="\xe8\xb5\xb7\xe8\x8d\x89\xe4\xba\xba"' in xml  # the drafter's own revisions kept
    ids = re.findall(rb'<w:(?:ins|del) w:id="(\d+)"', xml)
    assert len(ids) == len(set(ids))


# ---- text reports -----------------------------------------------------------------------
def test_text_report_becomes_a_docx_with_the_same_comments(tmp_path):
    src = tmp_path / "报告.txt"
    src.write_text(TEXT_REPORT, encoding="utf-8")
    res = annotate(TEXT_REPORT.encode("gb18030"), "报告.txt")
    d = docx.Document(io.BytesIO(res.data))
    assert [p.text for p in d.paragraphs] == TEXT_REPORT.split("\n")
    found = check_json(src)
    assert len(found) == len(res.diagnostics) == len(comments_of(res.data)) >= 4
    anchors = anchored_texts(res.data)
    lines = TEXT_REPORT.split("\n")
    for f, cid in zip(found, sorted(anchors), strict=True):
        if f["line"] == f["end_line"] and f["end_column"] > f["column"]:
            assert anchors[cid] == lines[f["line"] - 1][f["column"] - 1:f["end_column"] - 1]


def test_text_report_tracked_changes_are_the_fixes():
    res = annotate(TEXT_REPORT.encode(), "报告.txt", track_changes=True)
    assert {d.code for d in res.fixed} >= {"FZ405", "FZ503", "FZ502"}
    text = TEXT_REPORT
    text = apply_edits(text, [e for d in res.fixed for e in d.fix.edits])
    assert accepted(res.data) == text.split("\n")
    assert rejected(res.data) == TEXT_REPORT.split("\n")


def test_markdown_report(tmp_path):
    md = "# 石门县应急管理局2022年法治政府建设情况报告\n\n## 一、主要举措和成效\n\n全年检查**126次**,立案18起。\n"
    res = annotate(md.encode(), "报告.md")
    d = docx.Document(io.BytesIO(res.data))
    assert [p.text for p in d.paragraphs] == md.split("\n")
    anchors = anchored_texts(res.data)
    assert "," in anchors.values()


@pytest.mark.parametrize(("data", "name", "words"), [
    (b"not a zip at all", "a.docx", "不是有效的 Word 文档"),
    (b"", "a.txt", "文件为空"),
    (b"\x00\x01\x02binary", "a.txt", "二进制"),
])
def test_bad_input_is_one_chinese_line(data, name, words):
    with pytest.raises(InputError) as e:
        annotate_bytes(data, name)
    assert str(e.value).startswith(f"{name}: ") and words in str(e.value) and "\n" not in str(e.value)


# ---- the command ------------------------------------------------------------------------
def test_command_writes_a_copy_beside_the_input(tmp_path, original):
    src = tmp_path / "报告.docx"
    src.write_bytes(original)
    r = run_fzlint("annotate", str(src))
    assert r.returncode == 0, r.stderr
    out = tmp_path / "报告（fzlint审阅）.docx"
    assert out.name == output_name("报告.docx") and OUTPUT_MARK in out.name
    assert "7 条批注" in r.stdout and src.read_bytes() == original
    assert len(comments_of(out.read_bytes())) == 7
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.docx", "报告（fzlint审阅）.docx"]


def test_command_refuses_the_input_as_output(tmp_path, original):
    src = tmp_path / "报告.docx"
    src.write_bytes(original)
    for target in (str(src), str(tmp_path / "." / "报告.docx")):
        r = run_fzlint("annotate", str(src), "-o", target)
        assert r.returncode == 2
        assert r.stderr.count("\n") == 1 and "输入文件本身" in r.stderr
    assert src.read_bytes() == original and len(list(tmp_path.iterdir())) == 1


def test_command_replaces_an_existing_output_whole(tmp_path, original):
    src = tmp_path / "报告.docx"
    src.write_bytes(original)
    out = tmp_path / "审阅稿.docx"
    out.write_bytes(b"an older copy")
    r = run_fzlint("annotate", str(src), "-o", str(out), "--track-changes")
    assert r.returncode == 0, r.stderr
    assert "5 处修订" in r.stdout
    assert len(comments_of(out.read_bytes())) == 7
    assert sorted(p.name for p in tmp_path.iterdir()) == ["审阅稿.docx", "报告.docx"]  # no temporary file left


def test_command_several_inputs_into_a_folder(tmp_path, original):
    a = tmp_path / "甲.docx"
    a.write_bytes(original)
    b = tmp_path / "乙.txt"
    b.write_text(TEXT_REPORT, encoding="utf-8")
    bad = tmp_path / "丙.docx"
    bad.write_bytes(b"PK\x03\x04 broken")
    folder = tmp_path / "审阅"
    r = run_fzlint("annotate", str(a), str(bad), str(b), "-o", str(folder))
    assert r.returncode == 2
    assert sorted(p.name for p in folder.iterdir()) == ["乙（fzlint审阅）.docx", "甲（fzlint审阅）.docx"]
    errors = r.stderr.strip().split("\n")
    assert len(errors) == 1 and errors[0].startswith("fzlint: ") and "丙.docx" in errors[0]
    # a folder of reports: the copies written beside them are not annotated again
    r = run_fzlint("annotate", str(folder))
    assert r.returncode == 0 and r.stdout.count("条批注") == 0
    shutil_free = [p.name for p in folder.iterdir()]
    assert sorted(shutil_free) == ["乙（fzlint审阅）.docx", "甲（fzlint审阅）.docx"]
    src_dir = tmp_path / "各单位"
    src_dir.mkdir()
    (src_dir / "丁.txt").write_text(TEXT_REPORT, encoding="utf-8")
    assert run_fzlint("annotate", str(src_dir)).returncode == 0
    assert run_fzlint("annotate", str(src_dir)).returncode == 0
    assert sorted(p.name for p in src_dir.iterdir()) == ["丁.txt", "丁（fzlint审阅）.docx"]


def test_command_bad_input_writes_nothing(tmp_path):
    src = tmp_path / "空.txt"
    src.write_bytes(b"")
    r = run_fzlint("annotate", str(src))
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "文件为空" in r.stderr and "Traceback" not in r.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["空.txt"]


def test_comment_text_mentions_an_unsafe_change():
    res = annotate(TEXT_REPORT.encode(), "报告.txt", track_changes=True)
    for d in res.fixed:
        text = comment_text(d, True)
        assert ("可能改变原意" in text) == (not d.fix.safe)


def test_command_on_a_chinese_windows_console(tmp_path, original):
    """A Chinese Windows console writes GBK (code page 936): the lines come out in GBK."""
    import os
    import subprocess
    import sys

    from ..conftest import ROOT

    src = tmp_path / "报告.docx"
    src.write_bytes(original)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "gbk"}
    r = subprocess.run([sys.executable, "-m", "fzlint", "annotate", str(src)], capture_output=True, env=env,
                       timeout=120)
    assert r.returncode == 0
    assert "报告（fzlint审阅）.docx：7 条批注" in r.stdout.decode("gbk")
    r = subprocess.run([sys.executable, "-m", "fzlint", "annotate", str(tmp_path / "没有.docx")], capture_output=True,
                       env=env, timeout=120)
    assert r.returncode == 2 and "文件不存在" in r.stderr.decode("gbk")


def test_command_lints_as_check_does_per_file_ignores(tmp_path, original):
    """annotate lints through the same path as check: the closest configuration's
    per-file-ignores (matched on the report's real path, whatever the current folder)
    remove the same findings from the copy as from check's output."""
    (tmp_path / ".fzlint.yaml").write_text('per-file-ignores: {"附件/*.docx": [FZ5]}\n', encoding="utf-8")
    folder = tmp_path / "附件"
    folder.mkdir()
    (folder / "报告.docx").write_bytes(original)
    r = run_fzlint("annotate", "报告.docx", cwd=folder)
    assert r.returncode == 0, r.stderr
    comments = comments_of((folder / "报告（fzlint审阅）.docx").read_bytes())
    codes = sorted(text.split("（")[0] for _, _, text in comments.values())
    found = fzlint_here("check", "报告.docx", "--format", "json", "--exit-zero", cwd=folder)
    assert codes == sorted(f["code"] for f in json.loads(found.stdout))
    assert codes == ["FZ103", "FZ105", "FZ405"]  # FZ501-FZ503 ignored for files under 附件/


def test_command_says_a_crashed_rule_and_fails_as_check_does(tmp_path, original, monkeypatch, capsys):
    """A rule that crashes is one line on stderr and exit 2 (as with check); the other
    rules' comments are still written."""
    import dataclasses

    from fzlint import checks
    from fzlint.cli import main

    def boom(*_args: object) -> list:
        raise RuntimeError("boom")

    monkeypatch.setitem(checks.CHECKS, "charmap", dataclasses.replace(checks.CHECKS["charmap"], check=boom))
    src = tmp_path / "报告.docx"
    src.write_bytes(original)
    with pytest.raises(SystemExit) as exited:
        main(["annotate", str(src)])
    out, err = capsys.readouterr()
    assert exited.value.code == 2, (out, err)
    assert "规则 FZ503 内部错误（RuntimeError: boom），该规则结果已跳过" in err
    assert "5 条批注" in out  # the seven findings less FZ503's two
    codes = sorted(t.split("（")[0] for _, _, t in comments_of((tmp_path / output_name(src.name)).read_bytes()).values())
    assert codes == ["FZ103", "FZ105", "FZ405", "FZ501", "FZ502"]
