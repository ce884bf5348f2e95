"""Styles and automatic list numbering of a .docx, for :mod:`fzlint.inputs.word`: the style
chain of a paragraph, and the visible list number Word shows, rebuilt from
``numbering.xml`` (``numFmt``, ``lvlText``, start values, counters per list as Word keeps
them, ``startOverride``, lists defined through a numbering style).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..parse.lexicon import IDEOGRAPH_DIGITS, LEGAL_DIGITS, int_to_cn, int_to_cn_digits
from .word_package import is_on, rel_type, val, w


# ---- styles and numbering ------------------------------------------------------------------
@dataclass
class Styles:
    """A .docx's styles by id and its default paragraph style."""

    by_id: dict[str, Any]
    default_paragraph: str | None

    @classmethod
    def of(cls, document: Any) -> Styles:
        try:
            root = document.part.part_related_by(rel_type("styles")).element
        except (KeyError, AttributeError):
            return cls({}, None)
        by_id: dict[str, Any] = {}
        default = None
        for st in root.iterchildren(w("style")):
            sid = st.get(w("styleId"))
            if sid is None:
                continue
            by_id[sid] = st
            if st.get(w("type")) == "paragraph" and st.get(w("default")) in ("1", "true", "on"):
                default = sid
        return cls(by_id, default)

    def chain(self, sid: str | None) -> Iterator[Any]:
        """The style and the styles it is based on (nearest first; cycles cut)."""
        seen: set[str] = set()
        sid = sid or self.default_paragraph
        while sid and sid not in seen and sid in self.by_id:
            seen.add(sid)
            st = self.by_id[sid]
            yield st
            sid = val(st, "basedOn")

    def name(self, sid: str | None) -> str:
        st = self.by_id.get(sid or self.default_paragraph or "")
        return (val(st, "name") or "") if st is not None else ""


@dataclass
class _Level:
    """One level of a list definition in ``numbering.xml``: number format, text and start."""

    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    legal: bool = False
    restart: int | None = None  # restart after a level above this (1-based), 0 = never


@dataclass
class Numbering:
    """A .docx's list definitions and the counters Word keeps while numbering its paragraphs."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    num_abstract: dict[str, str] = field(default_factory=dict)
    num_overrides: dict[str, dict[int, tuple[int | None, _Level | None]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    styled: dict[str, dict[str, int]] = field(default_factory=dict)  # abstractNum → {styleId: level}

    @classmethod
    def of(cls, document: Any, styles: Styles | None = None) -> Numbering:
        self = cls()
        try:
            root = document.part.part_related_by(rel_type("numbering")).element
        except (KeyError, AttributeError):
            return self
        links: dict[str, str] = {}  # abstractNum → the numbering style whose list it uses
        for an in root.iterchildren(w("abstractNum")):
            aid = an.get(w("abstractNumId"))
            if aid is not None:
                self.abstract[aid] = {to_int(lv.get(w("ilvl")), 0): _level(lv) for lv in an.iterchildren(w("lvl"))}
                self.styled[aid] = {sid: to_int(lv.get(w("ilvl")), 0) for lv in an.iterchildren(w("lvl"))
                                    if (sid := val(lv, "pStyle"))}
                link = val(an, "numStyleLink")
                if link:
                    links[aid] = link
        for num in root.iterchildren(w("num")):
            nid = num.get(w("numId"))
            aid = val(num, "abstractNumId")
            if nid is None or aid is None:
                continue
            self.num_abstract[nid] = aid
            overrides: dict[int, tuple[int | None, _Level | None]] = {}
            for ov in num.iterchildren(w("lvlOverride")):
                ilvl = to_int(ov.get(w("ilvl")), 0)
                start = val(ov, "startOverride")
                lv = ov.find(w("lvl"))
                overrides[ilvl] = (_opt_int(start),
                                   _level(lv) if lv is not None else None)
            self.num_overrides[nid] = overrides
        if links and styles is not None:
            # A list defined through a numbering style (Word's "define new list style"): the
            # abstractNum only names the style; the levels, and the count, are those of the
            # list the style's numId points to.
            for nid, aid in list(self.num_abstract.items()):
                if aid in links:
                    st = styles.by_id.get(links[aid])
                    spr = st.find(w("pPr")) if st is not None else None
                    target = val(spr.find(w("numPr")) if spr is not None else None, "numId")
                    linked = self.num_abstract.get(target or "")
                    if linked is not None and linked not in links:
                        self.num_abstract[nid] = linked
        return self

    def style_level(self, nid: str, style_id: str) -> int | None:
        """The level of list ``nid`` that names ``style_id`` as its paragraph style."""
        return self.styled.get(self.num_abstract.get(nid, ""), {}).get(style_id)

    def is_bullet(self, nid: str, ilvl: int) -> bool:
        """Is level ``ilvl`` of list ``nid`` a bullet (or unnumbered) list?"""
        aid = self.num_abstract.get(nid)
        override = self.num_overrides.get(nid, {}).get(ilvl, (None, None))[1]
        level = override or self.abstract.get(aid or "", {}).get(ilvl)
        return level is not None and level.fmt in ("bullet", "none")

    def label(self, nid: str, ilvl: int) -> str | None:
        """The visible number of the next paragraph of list ``nid`` at level ``ilvl``."""
        aid = self.num_abstract.get(nid)
        if aid is None or aid not in self.abstract:
            return None
        levels = dict(self.abstract[aid])
        overrides = self.num_overrides.get(nid, {})
        for k, (_, lv) in overrides.items():
            if lv is not None:
                levels[k] = lv
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(aid, {})
        if nid not in self.used:  # a list instance that restarts its levels starts them afresh
            self.used.add(nid)
            for k, (start, _) in overrides.items():
                if start is not None:
                    counters[k] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for k in list(counters):
            if k > ilvl:
                lv = levels.get(k)
                if lv is None or (lv.restart != 0 and (lv.restart is None or lv.restart > ilvl)):
                    del counters[k]
        if level.fmt in ("bullet", "none"):
            return None

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k, _Level())
            value = counters.get(k, lv.start)
            return format_number(value, "decimal" if level.legal and k != ilvl else lv.fmt)

        return re.sub(r"%([1-9])", number, level.text)


def _opt_int(value: str | None) -> int | None:
    """An integer attribute, or None when it is missing or malformed."""
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def to_int(value: str | None, default: int) -> int:
    n = _opt_int(value)
    return default if n is None else n


def _level(lv: Any) -> _Level:
    fmt = val(lv, "numFmt") or "decimal"
    text = val(lv, "lvlText")
    start = val(lv, "start")
    restart = val(lv, "lvlRestart")
    return _Level(
        fmt=fmt,
        text=text if text is not None else "",
        start=to_int(start, 1),
        legal=is_on(lv, "isLgl"),
        restart=_opt_int(restart),
    )


_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _letters(n: int) -> str:
    # Word repeats the letter: 27 → AA, 28 → BB.
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """A list number as Word shows it for ``numFmt`` (the formats Chinese reports use and
    the common Western ones; anything else is shown as a decimal number, as Word does)."""
    if n < 1 and fmt not in ("decimal", "decimalZero"):
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "japaneseCounting",
               "ideographTraditionalCounting"):
        return int_to_cn(n, IDEOGRAPH_DIGITS)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return int_to_cn_digits(n)
    if fmt in ("chineseLegalSimplified", "koreanLegal"):
        return int_to_cn(n, LEGAL_DIGITS, "拾", "佰")
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle") and n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and n <= 20:
        return chr(0x2488 + n - 1)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    return str(n)
