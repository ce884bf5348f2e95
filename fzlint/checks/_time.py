"""Helpers shared by the FZ3 (dates and stale references) checks.

Not a check type itself (it has no ``NAME``): the report year and the year a passage
is judged against, the sentence around a match, whether a match sits inside a
document title 《…》, the pattern macros of the packs, and the dates named groups
of a pack pattern stand for.

Pattern macros (packs write them inside regexes; expanded before compiling):

===========  ==========================================================
``{dash}``   a year-range dash: ``-`` ``—`` ``——`` ``－`` ``–`` ``~`` ``～`` ``至`` ``到``
``{lp}``     an opening parenthesis, full- or half-width
``{rp}``     a closing parenthesis, full- or half-width
``{q}``      an optional quotation mark (“七五”普法)
``{year}``   a four-digit year 1900–2099
===========  ==========================================================

Context regexes (``historical``, ``retrospective``, ``requires``, ``before_ok``,
``exceptions``) are searched in the *sentence* around a match with the match itself
replaced by ``@``: ``原@`` means "preceded by 原", ``@[”"]?期间`` "followed by 期间".
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING

from ..parse.document import LONGEST_SENTENCE
from .base import compile_pattern
from .textutil import sentence_around

if TYPE_CHECKING:
    from ..parse.document import Document

QUOTES = "“”\"‘’'「」『』"
OPEN_QUOTES = "“\"‘'「『"
DASH = r"\s*(?:——|[-—－–~～至到])\s*"
MACROS = {
    "{dash}": DASH,
    "{lp}": r"[（(]",
    "{rp}": r"[）)]",
    "{q}": f"[{QUOTES}]?",
    "{year}": r"(?:19|20)\d{2}",
}
MARK = "@"


def expand(pattern: str) -> str:
    for k, v in MACROS.items():
        pattern = pattern.replace(k, v)
    return pattern


def compile_expanded(pattern: str) -> re.Pattern[str]:
    return compile_pattern(expand(pattern))


def literal_regex(term: str) -> str:
    """A literal term that tolerates quotation marks and spaces between its characters
    (``七五普法`` matches ``“七五”普法``)."""
    gap = f"[\\s{re.escape(QUOTES)}]*"
    return gap.join(re.escape(ch) for ch in term)


def widen_quote(text: str, a: int, b: int) -> int:
    """Include an opening quote just before ``a`` when the match closes it (“七五”普法)."""
    if a > 0 and text[a - 1] in OPEN_QUOTES and any(ch in QUOTES for ch in text[a:b]):
        return a - 1
    return a


def context(text: str, a: int, b: int, lo: int, hi: int) -> str:
    """The sentence around ``text[a:b]`` (:func:`~fzlint.checks.textutil.sentence_around`)
    with the match replaced by ``@``."""
    s, e = sentence_around(text, a, b, lo, hi)
    return text[s:a] + MARK + text[b:e]


def inside_title(text: str, a: int, b: int, lo: int, hi: int) -> bool:
    """True when ``text[a:b]`` lies inside a 《…》 title on its line."""
    lo, hi = max(lo, a - LONGEST_SENTENCE), min(hi, b + LONGEST_SENTENCE)
    left = text.rfind("《", lo, a)
    if left < 0 or text.find("》", left, a) >= 0:
        return False
    right = text.find("》", b, hi)
    return right >= 0 and text.find("《", b, right) < 0


def section_year(doc: Document, offset: int, year: int, plans_part: str = "plans") -> tuple[int, bool]:
    """The year a passage is judged against: Y, or Y+1 inside the plans section."""
    in_plans = doc.in_part(offset, plans_part)
    return (year + 1 if in_plans else year), in_plans


def writing_date(doc: Document, year: int) -> _dt.date:
    """When the report was written at the latest: the signature date, else 31 March of
    Y+1 (annual reports are due before 1 April; 督察工作规定 第二十四条)."""
    sig = doc.signature
    if sig is not None and sig.date is not None:
        return sig.date
    return _dt.date(year + 1, 3, 31)


def parse_date(value: object) -> _dt.date:
    """A YAML date, or ``2020-11-16``, ``2020-11`` (first day), ``2020``; ValueError otherwise."""
    if isinstance(value, _dt.date):
        return value
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", str(value).strip())
    if not m:
        raise ValueError(f"日期应写成 YYYY-MM-DD：{value!r}")
    return _dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))


def date_error(value: object) -> str | None:
    """Schema check for a date field: None when ``value`` is a date."""
    try:
        parse_date(value)
    except ValueError as e:
        return str(e)
    return None


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(y: int, m: int) -> int:
    """The days of month ``m`` of year ``y`` (any year: the Gregorian leap rule), as
    ``calendar.monthrange(y, m)[1]`` gives them — without importing :mod:`calendar`, which
    brings :mod:`locale` (~2 ms of every start)."""
    if not 1 <= m <= 12:
        raise ValueError(f"bad month number {m}; must be 1-12")
    return 29 if m == 2 and y % 4 == 0 and (y % 100 != 0 or y % 400 == 0) else _MONTH_DAYS[m - 1]


def month_end(y: int, m: int) -> _dt.date:
    return _dt.date(y, m, days_in_month(y, m))


_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def match_dates(m: re.Match[str], year: int) -> tuple[_dt.date, _dt.date] | None:
    """(earliest, latest) day a pack pattern's match refers to, from its named groups:

    ``y`` year (default: the report year), ``m`` month, ``d`` day, ``eom`` end of the
    month (月底), ``eoy`` end of the year (年底, 全年), ``q`` quarters counted from the
    start of the year (前三季度).  None when the match names no date (今年以来).
    """
    g = {k: v for k, v in m.groupdict().items() if v}
    if not ({"m", "eoy", "q"} & g.keys()):
        return None
    try:
        y = int(g["y"]) if "y" in g else year
        if "eoy" in g:
            end = _dt.date(y, 12, 31)
            return end, end
        if "q" in g:
            q = _CN_NUM.get(g["q"], 0)
            if not 1 <= q <= 4:
                return None
            end = month_end(y, q * 3)
            return end, end
        mo = int(g["m"])
        if "d" in g:
            day = _dt.date(y, mo, int(g["d"]))
            return day, day
        if "eom" in g:
            end = month_end(y, mo)
            return end, end
        return _dt.date(y, mo, 1), month_end(y, mo)
    except ValueError:  # 2月30日, 13月
        return None


def fmt_date(d: _dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
