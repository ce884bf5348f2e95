"""Rule-code families: the first digit after the prefix tells the family."""

from __future__ import annotations

import re

FAMILIES: dict[str, tuple[str, str]] = {
    # digit: (id, Chinese label)
    "1": ("structure", "结构"),
    "2": ("numbers", "数字"),
    "3": ("dates", "时效"),
    "4": ("terminology", "用语"),
    "5": ("typography", "标点与残留"),
    "6": ("copy", "雷同"),
    "9": ("custom", "自定义"),
}

CODE_RE = re.compile(r"^[A-Z]{1,4}\d{3,4}$")


def family_of(code: str) -> str:
    m = re.match(r"^[A-Z]+(\d)", code)
    if m and m.group(1) in FAMILIES:
        return FAMILIES[m.group(1)][0]
    return "custom"


def family_label(family: str) -> str:
    for fid, label in FAMILIES.values():
        if fid == family:
            return label
    return family
