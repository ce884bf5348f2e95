"""Reading real-world encodings and line endings; every unreadable input is one line, exit 2."""

from __future__ import annotations

import codecs
import os

import pytest

from fzlint.errors import InputError
from fzlint.inputs.source import Source, decode_bytes, read_path, write_atomic

from ..conftest import SEEDS, lint, run_fzlint, seed, seed_text


def _variants(text: str) -> dict[str, bytes]:
    crlf = text.replace("\n", "\r\n")
    return {
        "gb18030": text.encode("gb18030"),
        "utf-8-bom": codecs.BOM_UTF8 + text.encode("utf-8"),
        "utf-16-le-bom": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        "utf-16-be-bom": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        "crlf": crlf.encode("utf-8"),
        "cr": text.replace("\n", "\r").encode("utf-8"),
        "gb18030-crlf": crlf.encode("gb18030"),
    }


def _key(diags):
    return [(d.code, d.line, d.column, d.end_line, d.end_column, d.message) for d in diags]


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_encodings_and_line_endings_give_the_same_findings(path, tmp_path):
    text = path.read_text(encoding="utf-8")
    expected = _key(lint(text, path=path.name))
    for name, data in _variants(text).items():
        f = tmp_path / f"{name}.txt"
        f.write_bytes(data)
        src = read_path(f)
        assert src.text.replace("\r\n", "\n").replace("\r", "\n") == text, name
        assert _key(lint(src.text, path=path.name)) == expected, name


def test_detected_encoding_bom_and_newline():
    text = "报告\r\n正文"
    assert decode_bytes(text.encode("gb18030"), "x").encoding == "gb18030"
    s = decode_bytes(codecs.BOM_UTF8 + text.encode(), "x")
    assert (s.encoding, s.bom, s.newline) == ("utf-8", codecs.BOM_UTF8, "\r\n")
    s = decode_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "x")
    assert (s.encoding, s.bom) == ("utf-16-le", codecs.BOM_UTF16_LE)
    assert decode_bytes(b"a\rb", "x").newline == "\r"


def test_gbk_text_is_read_as_gb18030():
    text = "天津市滨海新区法治政府建设情况报告"
    assert decode_bytes(text.encode("gbk"), "x").text == text


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL"),
        ("前半部分是UTF-8正文内容，共有许多汉字。".encode() + "后半部分".encode("gbk"), "UTF-8"),
        ("正文".encode() + "完整的句子".encode()[:-1], "截断"),
        (bytes([0x81, 0x20, 0xFF, 0xFE, 0x41]) * 3, "GB18030"),
        (b"\x01\x02\x03\x04\x05\x06 text", "控制字符"),
    ],
    ids=["binary", "mixed-encodings", "truncated", "undecodable", "control-chars"],
)
def test_bad_bytes_raise_one_line(data, fragment):
    with pytest.raises(InputError) as err:
        decode_bytes(data, "bad.txt")
    msg = str(err.value)
    assert msg.startswith("bad.txt: ") and "\n" not in msg and fragment in msg


def test_missing_and_directory_and_fifo(tmp_path):
    with pytest.raises(InputError, match="文件不存在"):
        read_path(tmp_path / "nosuch.txt")
    with pytest.raises(InputError, match="是目录"):
        read_path(tmp_path)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="不是普通文件"):
        read_path(fifo)  # must not block
    link = tmp_path / "broken.txt"
    link.symlink_to(tmp_path / "gone.txt")
    with pytest.raises(InputError, match="符号链接"):
        read_path(link)


def test_permission_denied_is_reported(tmp_path, monkeypatch):
    f = tmp_path / "locked.txt"
    f.write_text("正文", encoding="utf-8")
    import builtins

    real_open = builtins.open

    def deny(path, *a, **k):
        if str(path) == str(f):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *a, **k)

    monkeypatch.setattr(builtins, "open", deny)
    with pytest.raises(InputError, match="没有读取权限"):
        read_path(f)


# ---- CLI error paths: one line, exit 2, other files still linted -----------------------
def test_cli_missing_file_exit_2_one_line():
    r = run_fzlint("check", "nosuch.txt")
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == ["fzlint: nosuch.txt: 文件不存在"]
    assert "Traceback" not in r.stderr


def test_cli_bad_file_does_not_stop_the_others(tmp_path):
    good = tmp_path / "b_good.txt"
    good.write_text(seed_text("004"), encoding="utf-8")
    bad = tmp_path / "a_bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    r = run_fzlint("check", str(tmp_path), "--format", "concise")
    assert r.returncode == 2
    errs = r.stderr.strip().splitlines()
    assert len(errs) == 1 and "a_bad.txt" in errs[0] and "NUL" in errs[0]
    assert "b_good.txt:50:1: FZ501" in r.stdout


def test_cli_directory_without_reports(tmp_path):
    (tmp_path / "notes.md.bak").write_text("x")
    r = run_fzlint("check", str(tmp_path))
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [f"fzlint: {tmp_path}: 目录中没有找到报告文件（*.txt、*.docx、*.md）"]


def test_cli_explicit_path_with_other_suffix_is_linted(tmp_path):
    f = tmp_path / "报告.text"
    f.write_text(seed_text("004"), encoding="utf-8")
    r = run_fzlint("check", str(f), "--format", "concise")
    assert r.returncode == 1 and "FZ501" in r.stdout


# ---- write-back ----------------------------------------------------------------------
@pytest.mark.parametrize("enc,bom", [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("gb18030", b""),
                                     ("utf-16-le", codecs.BOM_UTF16_LE)])
def test_write_atomic_keeps_encoding_bom_and_mode(tmp_path, enc, bom):
    f = tmp_path / "r.txt"
    text = "第一行\r\n第二行\r\n"
    f.write_bytes(bom + text.encode(enc))
    os.chmod(f, 0o640)
    src = read_path(f)
    write_atomic(f, src, text.replace("第二行", "第2行"))
    assert f.read_bytes() == bom + "第一行\r\n第2行\r\n".encode(enc)
    assert oct(os.stat(f).st_mode & 0o777) == oct(0o640)
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]  # no temp file left


def test_write_atomic_failure_before_rename_leaves_old_file(tmp_path, monkeypatch):
    import fzlint.inputs.source as source

    f = tmp_path / "r.txt"
    f.write_text("原文", encoding="utf-8")
    src = read_path(f)

    def boom(tmp, target):
        raise OSError(5, "simulated crash")

    monkeypatch.setattr(source, "_before_replace", boom)
    with pytest.raises(source.WriteError):
        write_atomic(f, src, "新文")
    assert f.read_text(encoding="utf-8") == "原文"
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


def test_write_refuses_read_only(tmp_path):
    f = tmp_path / "ro.txt"
    f.write_text("原文", encoding="utf-8")
    os.chmod(f, 0o444)
    with pytest.raises(Exception, match="只读"):
        write_atomic(f, Source(str(f), "原文"), "新文")
    assert f.read_text(encoding="utf-8") == "原文"


def test_seed_copy_roundtrips_byte_for_byte(tmp_path):
    data = seed("003").read_bytes()
    f = tmp_path / "copy.txt"
    f.write_bytes(data)
    src = read_path(f)
    write_atomic(f, src, src.text)
    assert f.read_bytes() == data
