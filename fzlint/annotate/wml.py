"""WordprocessingML helpers for :mod:`fzlint.annotate`: names, new elements, and the runs
that make a paragraph's visible text, split where a comment or a change begins."""

from __future__ import annotations

import copy
import re
from typing import Any

# the characters of a run exactly as the Word reader of ``check`` counts them
from ..inputs.word_package import item_text as _item_text

AUTHOR = "fzlint"
INITIALS = "fz"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: Characters XML 1.0 cannot hold (a form feed in a text copied out of a PDF): each becomes
#: a space in the .docx made from a text file, so columns stay the file's.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement

    return OxmlElement(f"w:{tag}", attrs={w(k): v for k, v in attrs.items()})



# ---- runs: the same characters as the Word reader -----------------------------------------
def _run_text(r: Any) -> str:
    return "".join(_item_text(item) for item in r.iterchildren())


def _split_run(r: Any, k: int) -> Any:
    """Split run ``r`` before its ``k``-th character (0 < k < its length); the new run after
    it gets a copy of the formatting and everything from that character on.  Returns it."""
    right = _el("r")
    for name, value in r.attrib.items():
        right.set(name, value)
    rpr = r.find(w("rPr"))
    if rpr is not None:
        right.append(copy.deepcopy(rpr))
    pos = 0
    moving = False
    for item in list(r.iterchildren()):
        if item.tag == w("rPr"):
            continue
        if moving:
            right.append(item)
            continue
        n = len(_item_text(item))
        if pos + n <= k:
            pos += n
            if pos == k and n:
                moving = True
            continue
        # the split falls inside this w:t
        text = item.text or ""
        tail = _el("t")
        tail.text = text[k - pos:]
        tail.set(_XML_SPACE, "preserve")
        item.text = text[: k - pos]
        item.set(_XML_SPACE, "preserve")
        right.append(tail)
        moving = True
    r.addnext(right)
    return right
