"""Bytes ↔ text: encoding, BOM and line endings; faithful, atomic write-back.

Encoding detection is a *strict try order*, not a statistical detector:

1. a byte-order mark decides (UTF-8-SIG, UTF-32 LE/BE, UTF-16 LE/BE);
2. NUL bytes without a UTF-16/32 BOM mean a binary file (or BOM-less UTF-16,
   which we refuse rather than guess);
3. strict UTF-8;
4. strict GB18030 (a superset of GBK and GB2312: what Windows Notepad "ANSI" and
   WPS exports produce on Chinese systems).

Why not chardet/charset-normalizer: on short Chinese texts they misjudge GBK as
Big5/Shift-JIS often enough to matter, they are slower, and they make the answer
depend on a model.  Valid UTF-8 is almost never produced by accident from GBK
Chinese text, so "UTF-8 if it validates, else GB18030" is both deterministic and
right for what drafters actually save.  A file that is *mostly* valid UTF-8 but
has bad bytes (a truncated copy, two encodings pasted together) is reported as
such instead of being decoded as GB18030 mojibake.

The text is never normalised: line endings stay as they are in ``Source.text``
(the document model treats ``\\r\\n``, ``\\r`` and ``\\n`` as line breaks), so a fix
only changes the characters its edits name and the rest of the file round-trips
byte for byte.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, WriteError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with FF FE too
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Control characters that do not occur in a text report (everything in C0 except
#: tab, LF, VT, FF, CR, and the separators some converters leave).
_BAD_CONTROLS = {chr(c) for c in range(0x20)} - {"\t", "\n", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f"}


@dataclass(frozen=True)
class Source:
    """A decoded report and everything needed to write it back unchanged."""

    path: str  # as shown to the user ("-" or the --stdin-filename for stdin)
    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    newline: str = "\n"  # the first line ending seen, used for inserted lines

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)


def display_path(path: str | os.PathLike[str]) -> str:
    """A printable form of ``path`` (non-UTF-8 file names are shown with U+FFFD)."""
    s = os.fspath(path)
    return s.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def detect_newline(text: str) -> str:
    i = text.find("\n")
    j = text.find("\r")
    if j != -1 and (i == -1 or j < i):
        return "\r\n" if text.startswith("\r\n", j) else "\r"
    return "\n"


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def decode_bytes(data: bytes, path: str) -> Source:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(enc)
            except UnicodeDecodeError as e:
                raise InputError(path, f"带 {enc.upper()} 字节顺序标记，但第 {e.start + len(bom)} 字节处无法解码") from None
            return Source(path, text, enc, bom, detect_newline(text))
    nul = data.find(b"\x00")
    if nul != -1:
        raise InputError(
            path,
            f"第 {_line_of(data, nul)} 行含 NUL 字节，像是二进制文件（若是 UTF-16，请另存为带 BOM 的 UTF-16 或 UTF-8）",
        )
    try:
        text = data.decode("utf-8")
        enc = "utf-8"
    except UnicodeDecodeError as e:
        if _mostly_utf8(data):
            raise InputError(
                path,
                f"大部分内容是 UTF-8，但第 {_line_of(data, e.start)} 行有无效或截断的字节（混合编码或文件不完整），请重新另存为 UTF-8",
            ) from None
        try:
            text = data.decode("gb18030")
            enc = "gb18030"
        except UnicodeDecodeError as e2:
            raise InputError(
                path, f"无法识别的编码：既不是 UTF-8 也不是 GB18030/GBK（第 {_line_of(data, e2.start)} 行）"
            ) from None
    head = text[:65536]
    bad = sum(map(head.count, _BAD_CONTROLS))  # one C loop per control character, not a Python loop
    if bad > 0 and bad * 200 > min(len(text), 65536):
        raise InputError(path, "含有大量控制字符，像是二进制文件而不是文本报告")
    return Source(path, text, enc, b"", detect_newline(text))


def _mostly_utf8(data: bytes) -> bool:
    """True when most non-ASCII bytes form valid UTF-8 sequences (mixed/truncated file)."""
    decoded = data.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd")
    good = sum(1 for ch in decoded if ord(ch) > 0x7F and ch != "\ufffd")
    return good >= 4 and good > 4 * bad


def read_path(path: str | os.PathLike[str]) -> Source:
    return decode_bytes(read_bytes(path), display_path(path))


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file, or an InputError saying in one line why not."""
    shown = display_path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError(shown, "符号链接指向的文件不存在") from None
        raise InputError(shown, "文件不存在") from None
    except PermissionError:
        raise InputError(shown, "没有访问权限") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise InputError(shown, "符号链接形成循环（最终指向自己），已跳过") from None
        raise InputError(shown, f"无法访问（{e.strerror or e}）") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(shown, "是目录，不是报告文件")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(shown, "不是普通文件（管道、设备或套接字），已跳过")
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except PermissionError:
        raise InputError(shown, "没有读取权限") from None
    except OSError as e:
        raise InputError(shown, f"读取失败（{e.strerror or e}）") from None
    return data


def is_read_only(path: str | os.PathLike[str]) -> bool:
    """No write bit for anyone: we report instead of forcing (root could write anyway)."""
    try:
        return not (os.stat(path).st_mode & 0o222)
    except OSError:
        return False


def _before_replace(tmp_path: str, target: str) -> None:
    """Test seam: called after the temporary file is complete, before the rename."""


def write_atomic(path: str | os.PathLike[str], source: Source, new_text: str) -> None:
    """Write ``new_text`` with the source's encoding and BOM via temp file + rename.

    A crash at any point leaves either the old file or the new one, never a mix.
    The file mode is kept.  Read-only files are refused with a WriteError.
    """
    target = os.fspath(path)
    shown = display_path(target)
    if is_read_only(target):
        raise WriteError(shown, "文件只读，未写入修复")
    try:
        data = source.encode(new_text)
    except UnicodeEncodeError:
        raise WriteError(shown, f"修复后的文本无法用原编码 {source.encoding} 保存，未写入") from None
    real = os.path.realpath(target)
    try:
        mode = stat.S_IMODE(os.stat(real).st_mode)
    except OSError as e:
        raise WriteError(shown, f"无法创建临时文件（{e.strerror or e}），未写入") from None
    replace_atomic(real, data, mode, shown, cannot_start="无法创建临时文件（{error}），未写入",
                   failed="写入失败（{error}），原文件未改动")


def replace_atomic(real: str, data: bytes, mode: int, shown: str, *, cannot_start: str, failed: str) -> None:
    """Write ``data`` to the resolved path ``real`` through a temporary file in the same folder,
    fsync, ``mode``, one rename: a crash leaves the old file or the new one, never a mix, and no
    temporary file.  ``cannot_start`` / ``failed`` are the WriteError texts (``{error}``: the OS's
    reason) when the temporary file cannot be made / the write fails."""
    import tempfile  # only when writing: it costs a few ms at start-up

    directory = os.path.dirname(real) or "."
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + Path(real).name + ".", suffix=".fzlint.tmp", dir=directory)
    except OSError as e:
        raise WriteError(shown, cannot_start.format(error=e.strerror or e)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        _before_replace(tmp, real)
        os.replace(tmp, real)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise WriteError(shown, failed.format(error=e.strerror or e)) from None
        raise
