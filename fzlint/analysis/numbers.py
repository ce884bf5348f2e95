"""Reading quantities in report text, and the per-sentence view the FZ2 checks share.

A *quantity* is a number with a unit (``335件``, ``1.5万件``, ``24.69亿元``, ``两次``,
``100%``).  Numbers without a unit are not read: years, months, hotline numbers and
list markers never become counts.  The parser knows only the fixed syntax of numbers:

* Arabic digits, half- or full-width, with ``,``/``，`` thousands separators and a
  ``.``/``．`` decimal point; Chinese numerals (``两``, ``十二``, ``一百零五``, ``三万``);
* ``万``/``亿``/``千`` scaling after Arabic digits (``1.5万件`` = 15000 件);
* approximation marks, which make a quantity inexact: ``约 近 将近 接近 大约 超过 逾
  不少于 不低于 不超过 不足 不到 至少 最多`` before, ``余 多`` inside (``100余次``,
  ``26万余元``), ``左右 以上 以下 上下 许`` after;
* ordinals (``第三批``), ranges (``1-10月``, ``3至5件``) and numbers inside 《》 are skipped,
  and so are numbers of more than :data:`MAX_DIGITS` digits (an ID or account number, not
  a count; arithmetic on them would also lose digits in ``Decimal``'s 28-digit context).

Which words are units, and which units count the same thing (and may be added up),
is pack data: ``settings: numbers: units`` in ``rules/numbers.yaml``.  :func:`vocab_for`
turns those settings into a compiled :class:`Vocab` (once per rule set), and
:func:`fzlint.analysis.sentences.analyze` reads a document into sentences with their
quantities (once per document and vocabulary), so the FZ2 rules share one pass over the text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..infra import rx
from ..parse.lexicon import COUNT_NUMERALS, count_to_int

if TYPE_CHECKING:
    pass


# Length-preserving normalisation: offsets in the translated text are offsets in the original.
_WIDTH = str.maketrans("０１２３４５６７８９．％：；，（）", "0123456789.%:;,()")
_WIDTH_PAIRS = tuple((chr(a), chr(b)) for a, b in _WIDTH.items())  # type: ignore[arg-type]


def narrow(text: str) -> str:
    """``text.translate(_WIDTH)`` (full-width digits and marks to ASCII; the same length),
    done as one ``str.replace`` per character present: ``translate`` looks up every
    character of a Chinese text in a dict, several times slower."""
    for wide, ascii_ in _WIDTH_PAIRS:
        if wide in text:
            text = text.replace(wide, ascii_)
    return text


_BOOK_TITLE = rx.compile(r"《[^《》]*》")
_SCALE = {"千": 10**3, "万": 10**4, "百万": 10**6, "千万": 10**7, "亿": 10**8}
_PRE = "将近|接近|大约|超过|不少于|不低于|不超过|不足|不到|至少|最多|约|近|逾"
_POST = "左右|以上|以下|上下|许"
# The marks that bound a number from above: “满意率不超过100%” states no rate above 100 %.
_AT_MOST = frozenset({"不超过", "不足", "不到", "最多", "以下"})
ROUND_MARKS = "余多"  # written right after a number: 100余次, 26万余元
# 签约3家, 最近3个月: the character before makes 约/近 part of a word, not an approximation mark.
_PRE_IN_WORD = {"约": set("签节制预邀公合契履违特相续践"), "近": set("最附临邻亲贴靠将接"), "逾": set("逾")}
_RANGE_AFTER = rx.compile(r"[ \u3000]*[-－—–~～至到][ \u3000]*[0-9零〇一二两三四五六七八九十]")
_RANGE_BEFORE = rx.compile(r"[0-9零〇一二两三四五六七八九十][%]?[ \u3000]*[-－—–~～至到][ \u3000]*$")
#: The most digits (before and after the decimal point) a count is written with.
MAX_DIGITS = 15


@dataclass(frozen=True, init=False)
class Quantity:
    """One number with its unit, as written.  Offsets are into the document text."""

    start: int  # first character, approximation prefix included
    end: int  # after the unit and any approximation suffix
    num_start: int
    value: Decimal  # in the base unit (元 for 万元; 15000 for 1.5万件)
    unit: str  # the unit as written after the number, with the scale: "件", "万元", "%"
    base_unit: str  # "件", "元", "%"
    kind: str  # units of one kind count the same thing and may be added up
    approx: bool  # 余/多/约/以上…: never treated as exact
    decimals: int  # digits after the decimal point as written (precision of a rate)
    text: str
    round_mark: bool = False  # 余/多 written right after the number (approximation marks)
    digits: str = ""  # the number as written (normalised), without scale
    pre: str = ""  # approximation word before the number (约, 超过…)
    post: str = ""  # approximation word after the unit (左右, 以上…)

    def __init__(self, start: int, end: int, num_start: int, value: Decimal, unit: str, base_unit: str, kind: str,
                 approx: bool, decimals: int, text: str, round_mark: bool = False, digits: str = "", pre: str = "",
                 post: str = "") -> None:
        # The fields, written into the instance at once (a frozen dataclass's own __init__
        # makes one object.__setattr__ call per field: a third of reading a report's numbers).
        self.__dict__.update(start=start, end=end, num_start=num_start, value=value, unit=unit, base_unit=base_unit,
                             kind=kind, approx=approx, decimals=decimals, text=text, round_mark=round_mark,
                             digits=digits, pre=pre, post=post)

    @property
    def exact(self) -> bool:
        return not self.approx

    @property
    def percent(self) -> bool:
        return self.base_unit == "%"

    @property
    def at_most(self) -> bool:
        """An upper bound (``不超过100%``, ``100%以下``), not a value."""
        return self.pre in _AT_MOST or self.post in _AT_MOST


def fmt(value: Decimal, like: Quantity | None = None) -> str:
    """A value in the unit of ``like`` (``330件``, ``1.2万元``); plain number without ``like``."""
    unit = ""
    if like is not None:
        value = value / _SCALE.get(like.unit[: len(like.unit) - len(like.base_unit)], 1)
        unit = like.unit
    return f"{value.normalize():f}" + unit


@dataclass(frozen=True)
class Reader:
    """Finds quantities in a line of text.  Built from the unit table (pack data)."""

    kinds: Mapping[str, str]  # unit → kind
    pattern: re.Pattern[str]

    @classmethod
    def build(cls, groups: Iterable[Iterable[str]]) -> Reader:
        kinds: dict[str, str] = {"%": "%", "个百分点": "个百分点"}
        for group in groups:
            units = [u for u in group if u]
            for u in units:
                kinds[u.translate(_WIDTH)] = units[0].translate(_WIDTH)
        alt = "|".join(re.escape(u) for u in sorted(kinds, key=len, reverse=True))
        # The lookahead names every character a match can start with (a prefix word's first,
        # a digit, a Chinese numeral): the same matches, but most positions fail at once
        # instead of trying every prefix word and both number forms.
        first = "".join(sorted({w[0] for w in _PRE.split("|")})) + "0-9" + COUNT_NUMERALS
        pattern = rx.compile(
            rf"(?=[{first}])(?P<pre>{_PRE})?"
            r"(?:(?<![0-9A-Za-z.])(?P<ar>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
            rf"(?P<mid>[{ROUND_MARKS}])?(?P<scale>千万|百万|万|亿|千)?(?P<mid2>[{ROUND_MARKS}])?"
            rf"|(?P<cn>[{COUNT_NUMERALS}]+)(?P<cmid>[{ROUND_MARKS}])?)"
            rf"[ \u3000\xa0]{{0,3}}(?P<unit>{alt})(?P<post>{_POST})?"
        )
        return cls(kinds, pattern)

    def scan(self, text: str, base: int = 0, norm: str | None = None) -> list[Quantity]:
        """Quantities in ``text`` (one line); offsets are shifted by ``base``.  ``norm``:
        ``text`` width-normalised, when the caller has it already."""
        if norm is None:
            norm = narrow(text)
        titles = [(m.start(), m.end()) for m in _BOOK_TITLE.finditer(norm)] if "《" in norm else []
        out: list[Quantity] = []
        for m in self.pattern.finditer(norm):
            q = self._quantity(norm, text, m, base, titles)
            if q is not None:
                out.append(q)
        return out

    def _quantity(
        self, text: str, orig: str, m: re.Match[str], base: int, titles: list[tuple[int, int]]
    ) -> Quantity | None:
        num_start = m.start("ar") if m.group("ar") is not None else m.start("cn")
        before = text[max(0, m.start() - 6) : m.start()]
        if before.rstrip(" \u3000").endswith("第") or text[m.start() : num_start].endswith("第"):
            return None  # ordinal: 第三批
        if titles and _inside_title(titles, num_start):
            return None
        if _RANGE_AFTER.match(text, m.end()) or _RANGE_BEFORE.search(text[max(0, m.start() - 8) : m.start()]):
            return None  # 1-10月, 3至5件, 90%-95%
        unit = m.group("unit")
        scale_word = m.group("scale") or ""
        if m.group("ar") is not None:
            digits = m.group("ar").replace(",", "")
            if len(digits) - ("." in digits) > MAX_DIGITS:
                return None
            value = Decimal(digits) * _SCALE.get(scale_word, 1)
            decimals = len(digits.split(".")[1]) if "." in digits else 0
            round_mark = bool(m.group("mid") or m.group("mid2"))
        else:
            cn = m.group("cn")
            n = count_to_int(cn)
            if n is None:
                return None
            if len(cn) == 1 and cn in "万亿千百" and not (m.group("cmid") or m.group("pre")):
                return None  # a lone 万/千 is a word (万家灯火), not a count
            value, decimals, digits = Decimal(n), 0, str(n)
            round_mark = bool(m.group("cmid"))
        pre = m.group("pre") or ""
        if pre in _PRE_IN_WORD and m.start() > 0 and text[m.start() - 1] in _PRE_IN_WORD[pre]:
            pre = ""
        approx = bool(pre or m.group("post") or round_mark)
        base_unit = unit
        return Quantity(
            start=base + (m.start() if pre else num_start),
            end=base + m.end(),
            num_start=base + num_start,
            value=value,
            unit=scale_word + unit,
            base_unit=base_unit,
            kind=self.kinds.get(unit, unit),
            approx=approx,
            decimals=decimals,
            text=orig[(m.start() if pre else num_start) : m.end()],
            round_mark=round_mark,
            digits=digits,
            pre=pre,
            post=m.group("post") or "",
        )


# ---- vocabulary (pack settings) ----------------------------------------------------------
@dataclass(frozen=True)
class Cue:
    """A word that opens a breakdown (其中, 包括…) and what it says about the parts after it."""

    word: str
    whole: str  # always | likely | never: the parts that follow are the whole breakdown
    needs_total_word: bool  # the total must be marked by a total word (共、合计…)


_WHOLE = {True: "always", False: "never", "always": "always", "likely": "likely", "never": "never"}


@dataclass(frozen=True)
class Vocab:
    """The number vocabulary of a rule set (``rules/numbers.yaml``) compiled: the quantity reader and the
    words the breakdown and rate checks read around counts."""

    reader: Reader
    total_words: re.Pattern[str] | None
    cues: Mapping[str, Cue]
    cue_pattern: re.Pattern[str] | None
    open_words: re.Pattern[str] | None  # 等: the list is not exhaustive
    nested_words: re.Pattern[str] | None  # 成功、满意…: a part that overlaps the others
    zero_words: re.Pattern[str] | None  # 二类家庭无: a part that is zero
    near_miss: Decimal  # a likely breakdown this close to its total is meant to add up
    distributive_words: re.Pattern[str] | None  # 各…均为: every part is the same number, not a split
    break_words: re.Pattern[str] | None  # 其中/分别 between two counts: the second is a part or a list
    extra_words: re.Pattern[str] | None = None  # 另有: an item that may be outside the total
    change_words: re.Pattern[str] | None = None  # 同比增长、较上年增加: a count's change, not a count
    aside_words: re.Pattern[str] | None = None  # （2022年为48件、…）: a bracket of other years, not parts


def _inside_title(titles: list[tuple[int, int]], pos: int) -> bool:
    """``titles``: the non-overlapping 《…》 spans of a line, in order (a line can be 1 MB)."""
    i = bisect.bisect_left(titles, (pos,)) - 1
    return i >= 0 and titles[i][0] < pos < titles[i][1]


def _longest_first(w: str) -> tuple[int, str]:
    return -len(w), w


def _alternation(words: Iterable[str]) -> re.Pattern[str] | None:
    ws = sorted({w for w in words if w}, key=_longest_first)  # deterministic: a stable cache key
    return rx.compile("|".join(re.escape(w) for w in ws)) if ws else None


def merged_settings(settings: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``settings.numbers`` plus every ``numbers+<name>`` block of user packs, lists appended.

    Pack settings are merged key by key (a later pack replaces a key), so a user pack
    extends the built-in vocabulary by adding a block under a new key such as
    ``numbers+本单位`` instead of copying the whole ``numbers`` block.
    """
    out: dict[str, Any] = {}
    for key in sorted(k for k in settings if k == "numbers" or str(k).startswith("numbers+")):
        block = settings[key]
        if not isinstance(block, Mapping):
            raise ValueError(f"settings.{key} 应为映射")
        for name, value in block.items():
            if name == "breakdown":
                if not isinstance(value, Mapping):
                    raise ValueError(f"settings.{key}.breakdown 应为映射")
                for sub, item in value.items():
                    _merge(out, f"breakdown.{sub}", item)
            else:
                _merge(out, str(name), value)
    return out


def _merge(out: dict[str, Any], name: str, value: Any) -> None:
    """Lists are appended to; a scalar (a threshold) replaces the earlier value."""
    if isinstance(value, list):
        prior = out.get(name, [])
        if not isinstance(prior, list):
            raise ValueError(f"settings.numbers.{name} 应为列表")
        out[name] = [*prior, *value]
    else:
        out[name] = value


_VOCABS: dict[int, tuple[Mapping[str, Any], Vocab]] = {}


def vocab_for(settings: Mapping[str, Any]) -> Vocab:
    """The compiled vocabulary of a rule set's settings (built once per settings object)."""
    hit = _VOCABS.get(id(settings))
    if hit is not None and hit[0] is settings:
        return hit[1]
    vocab = build_vocab(merged_settings(settings))
    if len(_VOCABS) >= 8:  # a long-running server that reloads its configuration
        _VOCABS.clear()
    _VOCABS[id(settings)] = (settings, vocab)
    return vocab


def build_vocab(s: Mapping[str, Any]) -> Vocab:
    groups = []
    for g in s.get("units", []):
        groups.append([str(u) for u in g] if isinstance(g, list) else [str(g)])
    if not groups:
        raise ValueError("规则包缺少 settings.numbers.units（计量单位表）")
    cues: dict[str, Cue] = {}
    for c in s.get("breakdown.cues", []):
        if not isinstance(c, Mapping) or "words" not in c:
            raise ValueError("settings.numbers.breakdown.cues 的每一项应为 {words: [...], whole: always/likely/never}")
        words = c["words"] if isinstance(c["words"], list) else [c["words"]]
        whole = _WHOLE.get(c.get("whole", "never"))
        if whole is None:
            raise ValueError(f"settings.numbers.breakdown.cues 的 whole 取值 {c.get('whole')!r} 无效，可选：always、likely、never")
        for w in words:
            cues[str(w).translate(_WIDTH)] = Cue(str(w), whole, bool(c.get("needs_total_word", False)))
    try:
        near_miss = Decimal(str(s.get("breakdown.near_miss", 0.1)))
    except ArithmeticError:
        raise ValueError("settings.numbers.breakdown.near_miss 应为 0 到 1 之间的数") from None
    return Vocab(
        reader=Reader.build(groups),
        total_words=_alternation(str(w) for w in s.get("breakdown.total_words", [])),
        cues=cues,
        cue_pattern=_alternation(cues),
        open_words=_alternation(str(w) for w in s.get("breakdown.open_words", [])),
        nested_words=_alternation(str(w) for w in s.get("breakdown.nested_words", [])),
        zero_words=_alternation(str(w) for w in s.get("breakdown.zero_words", [])),
        near_miss=near_miss,
        distributive_words=_alternation(str(w) for w in s.get("breakdown.distributive_words", [])),
        break_words=_alternation(str(w) for w in s.get("breakdown.break_words", [])),
        extra_words=_alternation(str(w) for w in s.get("breakdown.extra_words", [])),
        change_words=_alternation(str(w) for w in s.get("breakdown.change_words", [])),
        aside_words=_alternation(str(w) for w in s.get("breakdown.aside_words", [])),
    )
