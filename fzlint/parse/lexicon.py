"""The parser's fixed vocabulary: Chinese numerals read and written, the numeral classes of
heading markers, years and dates, and the residue a line may start with.

This is the syntax of written Chinese and of the genre's fixed forms, the same in every
report; vocabulary that varies with the genre or the issuer (title topics, issuer
suffixes, cue words) is pack data, not here.

Two readers, because two kinds of numeral are read on purpose differently:

- :func:`numeral_to_int` reads a numeral as a heading marker, a date or a year writes it:
  Arabic digits (full-width too), digit by digit (``二〇二三``, ``二0二三``: a year), or
  counting up to 999 (``一百零五``);
- :func:`count_to_int` reads a quantity (``两``, ``三万``, ``一亿二千万``); digit by digit
  (``二三``) is not a count and gives None.

One writer, :func:`int_to_cn` (counting: ``105`` → ``一百零五``), with the digit set,
ten and hundred as parameters for the variants Word's list numbering shows (``壹拾伍``),
and :func:`int_to_cn_digits` for digit by digit (``2023`` → ``二〇二三``).
"""

from __future__ import annotations

from ..infra import rx

#: The value of each Chinese digit (两 is 2 in a count: 两次).
DIGIT_VALUES = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS = {"万": 10**4, "亿": 10**8}
#: What drafters type for 〇 in a year written in Chinese numerals (二0二三, 二O二三, 二○二三):
#: still the year (FZ509 reports the character).
ZERO_LOOKALIKES = {"0": 0, "O": 0, "Ｏ": 0, "○": 0}
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

#: Numerals a heading marker is written with (一、, （十二）, 第三部分).
MARKER_NUMERALS = "一二三四五六七八九十"
#: Characters a quantity in Chinese numerals is written with (两千零二十三, 一亿二千万).
COUNT_NUMERALS = "零〇一二两三四五六七八九十百千万亿"
#: Digit sets for :func:`int_to_cn`: counting (零 for zero), Word's ideographic digits
#: (〇), and the financial forms of Word's ``chineseLegalSimplified`` numbering.
COUNTING_DIGITS = "零一二三四五六七八九"
IDEOGRAPH_DIGITS = "〇一二三四五六七八九"
LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"

# A year as written: 2023, ２０２３, 二〇二三 (and 二0二三).  Regex fragments.
AR_YEAR = r"(?:19|20|１９|２０)\d{2}"
CN_YEAR = "[一二][〇零一二三四五六七八九0０OＯ○]{3}"
#: A line that is only a date: 2025年1月15日, 二〇二五年一月十五日.
DATE_LINE = rx.compile(
    rf"^(?P<y>\d{{4}}|{CN_YEAR})\s*年"
    r"\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
    r"\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日$"
)
#: Word bookmark residue a converted line may start with: ``[bookmark: _GoBack]``.
NOISE_PREFIX = rx.compile(r"(?:\[bookmark:[^\]\n]*\]\s*)+")


def numeral_to_int(s: str) -> int | None:
    """A heading marker's, date's or year's numeral: Chinese numerals up to 999 (一, 十二,
    二十一, 一百零五), digit by digit (二〇二三), or digit strings (12, １２)."""
    s = s.translate(FULLWIDTH_DIGITS)
    if s.isdigit():
        return int(s)
    if len(s) >= 2 and all(ch in DIGIT_VALUES or ch in ZERO_LOOKALIKES for ch in s):  # 二〇二三 style
        return int("".join(str(DIGIT_VALUES.get(ch, 0)) for ch in s))
    total, num = 0, 0
    for ch in s:
        if ch in DIGIT_VALUES:
            num = DIGIT_VALUES[ch]
        elif ch == "十":
            total += (num or 1) * 10
            num = 0
        elif ch == "百":
            total += (num or 1) * 100
            num = 0
        else:
            return None
    return total + num if s else None


def count_to_int(s: str) -> int | None:
    """A quantity in Chinese numerals: 两 → 2, 十二 → 12, 一百零五 → 105, 三万 → 30000,
    一亿二千万 → 120000000.  None for what is not a count (二三, 万, an empty string)."""
    if not s:
        return None
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in DIGIT_VALUES:
            if digit is not None and digit != 0 and DIGIT_VALUES[ch] != 0:
                return None  # "二三" is not a count
            digit = DIGIT_VALUES[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        elif ch in _LARGE_UNITS:
            section += digit or 0
            if section == 0:
                return None
            total += section * _LARGE_UNITS[ch]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def int_to_cn(n: int, digits: str = COUNTING_DIGITS, ten: str = "十", hundred: str = "百") -> str:
    """Counting numerals: 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 100 → 一百, 105 → 一百零五,
    110 → 一百一十; with ``LEGAL_DIGITS, "拾", "佰"``: 15 → 拾伍, 105 → 壹佰零伍.

    Up to 999; a larger number is written in Arabic digits.  (A heading's marker has at
    most three numerals, 九十九, but the number expected after it can be 100.)
    """
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + ten + (digits[ones] if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = digits[hundreds] + hundred
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + digits[rest]
        tens, ones = divmod(rest, 10)
        return head + digits[tens] + ten + (digits[ones] if ones else "")
    return str(n)


def int_to_cn_digits(n: int, digits: str = IDEOGRAPH_DIGITS) -> str:
    """Digit by digit, as a year is written: 2023 → 二〇二三."""
    return "".join(digits[int(d)] for d in str(n))


def circled_to_int(ch: str) -> int:
    """① → 1 … ⑳ → 20."""
    return ord(ch) - ord("①") + 1
