"""Read a ``multipart/form-data`` upload into memory, within a size limit.

Starlette's own form parser spools a file part larger than 1 MB to a temporary file on
disk; an internal government document must not be written anywhere, so the body is
streamed through python-multipart's push parser here and every part kept in memory.
The limit is checked against ``Content-Length`` before anything is read and enforced
again while reading (a client may send no length, or a false one).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, parse_options_header

MAX_PARTS = 200  # form fields and files in one request
MAX_FIELD = 1000  # bytes of a plain (non-file) field: a year, a list of rule codes


class UploadError(Exception):
    """The request cannot be read: ``status`` and one Chinese line."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def too_large(limit: int) -> UploadError:
    return UploadError(413, f"上传的内容超过 {limit / (1 << 20):g} MB 的上限，请分开上传或联系管理员调整 --max-upload-mb")


@dataclass
class Part:
    """One part of the upload being read: its field name, file name and bytes so far."""

    name: str
    filename: str | None  # None for a plain field; a file part's name as sent (may be empty)
    data: bytearray = field(default_factory=bytearray)


@dataclass
class Form:
    """The upload read: the files sent as ``file`` and the plain fields."""

    files: list[tuple[str | None, bytes]]  # (name as sent, content) of each part named `file`
    fields: dict[str, str]


def check_length(header: str | None, limit: int) -> None:
    if header is None:
        return
    try:
        n = int(header)
    except ValueError:
        raise UploadError(400, "请求头 Content-Length 无效") from None
    if n > limit:
        raise too_large(limit)


def boundary_of(content_type: str | None) -> bytes:
    ctype, params = parse_options_header(content_type or "")
    boundary = params.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise UploadError(415, "请以 multipart/form-data 方式上传文件（字段名 file）")
    return boundary


async def read_form(content_type: str | None, body: AsyncIterator[bytes], limit: int) -> Form:
    """All parts of the body, or :class:`UploadError` (400/413/415)."""
    boundary = boundary_of(content_type)
    parts: list[Part] = []
    header_field = bytearray()
    header_value = bytearray()
    headers: dict[bytes, bytes] = {}
    current: list[Part | None] = [None]
    problems: list[UploadError] = []

    def on_part_begin() -> None:
        headers.clear()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header_field.extend(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header_value.extend(data[start:end])

    def on_header_end() -> None:
        headers[bytes(header_field).lower()] = bytes(header_value)
        header_field.clear()
        header_value.clear()

    def on_headers_finished() -> None:
        _, params = parse_options_header(headers.get(b"content-disposition", b""))
        name = params.get(b"name", b"").decode("utf-8", "replace")
        raw = params.get(b"filename")
        filename = None if raw is None else raw.decode("utf-8", "replace")
        if filename is None and name == "file":  # `curl -F file=<x.txt`: the content, no name
            filename = ""
        if len(parts) >= MAX_PARTS:
            problems.append(UploadError(400, f"一次最多上传 {MAX_PARTS} 个字段或文件"))
            current[0] = None
            return
        part = Part(name, filename)
        parts.append(part)
        current[0] = part

    def on_part_data(data: bytes, start: int, end: int) -> None:
        part = current[0]
        if part is None:
            return
        part.data.extend(data[start:end])
        if part.filename is None and len(part.data) > MAX_FIELD:
            problems.append(UploadError(400, f"表单字段 {part.name} 过长"))
            current[0] = None

    def on_part_end() -> None:
        current[0] = None

    parser = MultipartParser(boundary, {
        "on_part_begin": on_part_begin,
        "on_header_field": on_header_field,
        "on_header_value": on_header_value,
        "on_header_end": on_header_end,
        "on_headers_finished": on_headers_finished,
        "on_part_data": on_part_data,
        "on_part_end": on_part_end,
    })
    received = 0
    try:
        async for chunk in body:
            received += len(chunk)
            if received > limit:
                raise too_large(limit)
            parser.write(chunk)
            if problems:
                raise problems[0]
        parser.finalize()
    except UploadError:
        raise
    except Exception:  # python-multipart's parse errors
        raise UploadError(400, "上传的内容不是有效的 multipart/form-data 格式") from None
    if problems:
        raise problems[0]
    files: list[tuple[str | None, bytes]] = [(p.filename, bytes(p.data)) for p in parts
                                              if p.name == "file" and p.filename is not None]
    fields = {p.name: p.data.decode("utf-8", "replace").strip() for p in parts if p.filename is None}
    return Form(files, fields)
