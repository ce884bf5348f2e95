"""Annotated copies checked by a real word processor: Debian's LibreOffice opens them,
exports them to PDF with the comments (as PDF annotations), and poppler's ``pdftotext``
reads the text — as written with the changes marked, and with the changes hidden
(``w:revisionView``), which is the text once every change is accepted.

Outside CI they are skipped (with the reason) when ``soffice``, ``pdftotext`` or a Chinese
font is missing on this machine; in CI (``CI=true``, as ``.ci/run`` sets, which installs
all three) a missing one fails every test here instead of skipping it."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from fzlint.annotate import annotate, comment_text

from ..annotate_views import FORMATTED_ACCEPTED, apply_edits, formatted_docx
from ..conftest import SEEDS, run_fzlint

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
IN_CI = os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _chinese_font() -> bool:
    """Has fontconfig a font with Chinese glyphs (without one the PDFs hold no Chinese text)?"""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    r = subprocess.run([fc_list, ":lang=zh"], capture_output=True, text=True, timeout=60)
    return bool(r.stdout.strip())


MISSING = [what for what, ok in (("LibreOffice (soffice)", SOFFICE is not None),
                                 ("poppler's pdftotext", PDFTOTEXT is not None),
                                 ("a Chinese font (fc-list :lang=zh)", _chinese_font())) if not ok]
pytestmark = pytest.mark.libreoffice


@pytest.fixture(autouse=True)
def _word_processor() -> None:
    """Skip with the reason on a developer's machine; fail in CI, which must run these."""
    if not MISSING:
        return
    why = ", ".join(MISSING) + " not installed (apt-get install libreoffice-writer-nogui poppler-utils fonts-wqy-microhei)"
    if IN_CI:
        pytest.fail(f"CI=true but {why}: the LibreOffice tests must run in CI")
    pytest.skip(why)

PDF_WITH_COMMENTS = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'


def soffice(tmp: Path, target: str, files: list[Path], outdir: Path, infilter: str | None = None) -> None:
    """One LibreOffice run converting ``files``, with a profile of its own (several runs at
    once would otherwise share one and fail)."""
    profile = tmp / "lo-profile"
    args = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    if infilter:
        args.append(f"--infilter={infilter}")
    subprocess.run([*args, "--convert-to", target, "--outdir", str(outdir), *map(str, files)],
                   check=True, capture_output=True, timeout=300)
    for f in files:
        assert (outdir / (f.stem + "." + target.split(":")[0])).exists(), f"LibreOffice did not convert {f.name}"


def pdf_comments(pdf: bytes) -> list[str]:
    """The contents of the PDF's text annotations (the comments), in file order."""
    out = []
    for m in re.finditer(rb"/Subtype ?/Text\b", pdf):
        end = pdf.find(b"endobj", m.end())
        start = pdf.rfind(b"obj", 0, m.start())
        obj = pdf[start:end]
        c = re.search(rb"/Contents\s*(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))", obj, re.S)
        assert c is not None, obj[:200]
        raw = c.group(1)
        if raw.startswith(b"<"):
            data = bytes.fromhex(re.sub(rb"\s", b"", raw[1:-1]).decode())
        else:
            data = re.sub(rb"\\([nrtbf()\\]|[0-7]{1,3})", _unescape, raw[1:-1], flags=re.S)
        out.append(data[2:].decode("utf-16-be") if data.startswith(b"\xfe\xff") else data.decode("latin-1"))
    return out


def _unescape(m: re.Match[bytes]) -> bytes:
    s = m.group(1)
    table = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
    if s in table:
        return table[s]
    if s[:1].isdigit():
        return bytes([int(s, 8)])
    return s


def pdf_text(path: Path) -> str:
    r = subprocess.run([PDFTOTEXT, str(path), "-"], capture_output=True, timeout=120, check=True)
    return r.stdout.decode("utf-8")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def changes_hidden(data: bytes) -> bytes:
    """The same .docx set to show no insertions or deletions: what accepting them gives."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "word/settings.xml":
                content = re.sub(rb"(<w:settings\b[^>]*>)", rb'\1<w:revisionView w:markup="false" w:insDel="false"/>',
                                 content, count=1)
            z.writestr(info.filename, content)
    return buf.getvalue()


def same_comment(pdf: str, ours: str) -> bool:
    return squeeze(pdf) == squeeze(ours)


def test_seeds_converted_by_libreoffice_have_every_finding_as_a_comment(tmp_path):
    """Each seed, made a .docx by LibreOffice itself, annotated with tracked changes: in
    LibreOffice every finding is a comment with fzlint's words, the changes show both the
    old and the new text, and accepting them gives the text fzlint's fixes give."""
    txt = tmp_path / "txt"
    txt.mkdir()
    files = []
    for s in SEEDS:
        files.append(txt / s.name)
        shutil.copy(s, files[-1])
    docx_dir = tmp_path / "docx"
    soffice(tmp_path, "docx:MS Word 2007 XML", files, docx_dir, infilter="Text (encoded):UTF8,LF,,,")
    r = run_fzlint("check", str(docx_dir), "--format", "json", "--exit-zero")
    assert r.returncode == 0, r.stderr
    by_file: dict[str, list[tuple[str, int, int]]] = {}
    for f in json.loads(r.stdout):
        by_file.setdefault(Path(f["path"]).stem, []).append((f["code"], f["line"], f["column"]))
    annotated = tmp_path / "annotated"
    annotated.mkdir()
    results = {}
    for f in files:
        src = docx_dir / (f.stem + ".docx")
        res = annotate(src.read_bytes(), src.name, track_changes=True)
        assert res.comments == len(by_file[f.stem]) > 0  # the findings of `fzlint check`
        assert [(d.code, d.line, d.column) for d in res.diagnostics] == by_file[f.stem]
        results[f.stem] = res
        (annotated / f"{f.stem}.docx").write_bytes(res.data)
        (annotated / f"{f.stem}-accepted.docx").write_bytes(changes_hidden(res.data))
    pdf = tmp_path / "pdf"
    soffice(tmp_path, PDF_WITH_COMMENTS, sorted(annotated.iterdir()), pdf)
    for stem, res in results.items():
        comments = pdf_comments((pdf / f"{stem}.pdf").read_bytes())
        fixed = {id(d) for d in res.fixed}
        expected = [comment_text(d, id(d) in fixed) for d in res.diagnostics]
        assert len(comments) == len(expected), stem
        assert sorted(map(squeeze, comments)) == sorted(map(squeeze, expected)), stem
        # accepting every change: the Word reader's text of the converted seed, fixed
        from fzlint.inputs.readers import load_bytes

        doc = load_bytes((docx_dir / f"{stem}.docx").read_bytes(), "x.docx").doc
        text = doc.text
        text = apply_edits(text, [e for d in res.fixed for e in d.fix.edits])
        assert squeeze(pdf_text(pdf / f"{stem}-accepted.pdf")) == squeeze(text), stem
        shown = squeeze(pdf_text(pdf / f"{stem}.pdf"))
        for d in res.fixed:
            for e in d.fix.edits:
                assert squeeze(e.content) in shown
                assert squeeze(doc.text[e.start:e.end]) in shown  # deleted text still shown, struck through


def test_formatted_document_in_libreoffice(tmp_path):
    """Runs split across formatting, a hyperlink, a table cell, a numbered heading: the
    comments and the accepted text as LibreOffice renders them."""
    res = annotate(formatted_docx(), "报告.docx", track_changes=True)
    files = tmp_path / "in"
    files.mkdir()
    (files / "shown.docx").write_bytes(res.data)
    (files / "accepted.docx").write_bytes(changes_hidden(res.data))
    out = tmp_path / "pdf"
    soffice(tmp_path, PDF_WITH_COMMENTS, sorted(files.iterdir()), out)
    comments = pdf_comments((out / "shown.pdf").read_bytes())
    fixed = {id(d) for d in res.fixed}
    assert sorted(map(squeeze, comments)) == sorted(squeeze(comment_text(d, id(d) in fixed)) for d in res.diagnostics)
    accepted = squeeze(pdf_text(out / "accepted.pdf"))
    # Word draws the heading numbers; LibreOffice prints them in the PDF
    assert accepted == squeeze("".join(FORMATTED_ACCEPTED[:2]) + "一、" + "".join(FORMATTED_ACCEPTED[2:5])
                               + "".join(FORMATTED_ACCEPTED[5:9]) + "二、" + FORMATTED_ACCEPTED[9]
                               + FORMATTED_ACCEPTED[10] + "三、" + "".join(FORMATTED_ACCEPTED[11:13]) + "四、"
                               + "".join(FORMATTED_ACCEPTED[13:]))
