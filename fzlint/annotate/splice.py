"""Byte for byte: paragraphs without a finding keep the original XML (see :mod:`fzlint.annotate`)."""

from __future__ import annotations

import io
import re
from typing import Any


def _keep_untouched(original: bytes, saved: bytes, root: Any, touched: set[Any]) -> bytes:
    """``saved`` (python-docx's package) with a ``word/document.xml`` that is the original's
    bytes except for the paragraphs fzlint changed, which come from the new serialization.
    Re-serializing the whole part would rewrite paragraphs nobody touched (``<w:rPr></w:rPr>``
    becomes ``<w:rPr/>``, entities and quotes change); a drafter comparing versions, or a
    document system checking the file, should see only what fzlint did."""
    import zipfile

    name = "word/document.xml"
    try:
        with zipfile.ZipFile(io.BytesIO(original)) as z:
            old_xml = z.read(name)
        with zipfile.ZipFile(io.BytesIO(saved)) as z:
            new_xml = z.read(name)
            entries = [(i, z.read(i.filename)) for i in z.infolist()]
    except (KeyError, zipfile.BadZipFile):
        return saved
    tag = (f"{root.prefix}:p" if root.prefix else "p").encode()
    outer = root.xpath("//w:p[not(ancestor::w:p)]")  # python-docx knows the w: prefix
    old_spans, new_spans = _paragraph_spans(old_xml, tag), _paragraph_spans(new_xml, tag)
    if not (len(old_spans) == len(new_spans) == len(outer)):
        return saved  # unexpected XML (a paragraph tag inside a comment…): keep python-docx's
    changed = {k for k, p in enumerate(outer) if p in touched}
    pieces: list[bytes] = []
    pos = 0
    for k, (a, b) in enumerate(old_spans):
        if k in changed:
            pieces += [old_xml[pos:a], new_xml[new_spans[k][0]:new_spans[k][1]]]
            pos = b
    pieces.append(old_xml[pos:])
    xml = b"".join(pieces)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info, content in entries:
            z.writestr(info, xml if info.filename == name else content)
    return buf.getvalue()


def _paragraph_spans(xml: bytes, tag: bytes) -> list[tuple[int, int]]:
    """Byte ranges of the outermost ``<w:p>`` elements, in document order."""
    pattern = re.compile(rb"<(/?)" + re.escape(tag) + rb"(?=[\s/>])[^>]*?(/?)>")
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for m in pattern.finditer(xml):
        if m.group(1):  # </w:p>
            depth -= 1
            if depth == 0:
                spans.append((start, m.end()))
        elif m.group(2):  # <w:p/>
            if depth == 0:
                spans.append((m.start(), m.end()))
        else:
            if depth == 0:
                start = m.start()
            depth += 1
    return spans
