"""The genre's vocabulary the parser reads, as pack data: the ``vocabulary:`` section of a
rule pack (built-in: ``rules/structure.yaml``), validated by :data:`VOCABULARY_SCHEMA`.

What is the same in every written Chinese text (numerals, punctuation classes, the forms
of a date) stays in :mod:`~fzlint.parse.lexicon`; what a genre or an issuer varies — the
words a title is about, an issuing body's suffixes, the phrases that state the year
reported on, the marks of a web page's header above a title — is here, so a pack can
extend it.  Packs' lists are appended in load order (an entry already listed is not
repeated); :func:`build` compiles them into a :class:`Vocabulary`.

A parse without a rule set (a reader's, ``fzlint outline``'s, the language server's) uses
the built-in packs' vocabulary (:func:`fzlint.packs.config.builtin_vocabulary`, loaded
once per process with the built-in rule set).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..infra import rx
from ..packs.schema import F, ListOf, Schema
from .lexicon import AR_YEAR


def _words(what: str) -> F:
    return F(ListOf(str), default=[], doc=what, check=_no_blank)


def _regexes(what: str) -> F:
    return F(ListOf(str), default=[], doc=what, check=_compiles)


def _no_blank(items: list[str]) -> str | None:
    return "不能含空字符串" if any(not s.strip() for s in items) else None


def _compiles(items: list[str]) -> str | None:
    from ..infra.patterns import compile_pattern

    if (err := _no_blank(items)) is not None:
        return err
    for s in items:
        try:
            compile_pattern(s)
        except ValueError as e:
            return str(e)
    return None


#: Each key: a list of words (matched as written) or of regular expressions (``*_patterns``,
#: ``report_names``).  Unknown keys are refused with a did-you-mean hint.
VOCABULARY_SCHEMA = Schema(
    {
        "title_topics": _words("a title naming one of these is the genre's title (法治, 依法行政)"),
        "issuer_suffixes": _words("a line ending in one is an issuing body (人民政府, 街道办事处, 局)"),
        "divisions": _words("administrative divisions a region's name ends in (省, 自治州, 县)"),
        "title_chrome_patterns": _regexes("a line above the title matching one is not part of it"),
        "report_names": _regexes("the genre's name for its report, after a year (法治政府建设情况报告)"),
        "reporting_verbs": _words("「现将…报告如下」: the verbs that open a report's account (报告, 汇报)"),
        "year_heading_words": _words("a first heading 「2024年…举措」 names the year reported on"),
        "carries_on": _words("a line a manual break leaves starting with one carries on the sentence"),
    }
)
KEYS = tuple(VOCABULARY_SCHEMA.fields)


def merge(lists: Iterable[Mapping[str, Sequence[str]]]) -> dict[str, tuple[str, ...]]:
    """Packs' validated ``vocabulary:`` sections in load order: each list extends the earlier
    ones (an entry already listed is not repeated)."""
    out: dict[str, list[str]] = {k: [] for k in KEYS}
    for section in lists:
        for key, items in section.items():
            have = out.setdefault(key, [])
            have.extend(s for s in items if s not in have)
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class Vocabulary:
    """The compiled vocabulary (see :data:`VOCABULARY_SCHEMA` for what each list is)."""

    lists: Mapping[str, tuple[str, ...]]
    title_topic: re.Pattern[str] = field(repr=False)
    issuer_suffix: re.Pattern[str] = field(repr=False)
    region: re.Pattern[str] = field(repr=False)
    title_chrome: re.Pattern[str] = field(repr=False)
    year_in_body: re.Pattern[str] = field(repr=False)
    year_reported: re.Pattern[str] = field(repr=False)
    year_heading: re.Pattern[str] = field(repr=False)
    carries_on: re.Pattern[str] = field(repr=False)


_NEVER = r"(?!)"


def _alt(words: Iterable[str]) -> str:
    """An alternation of ``words`` as written, in the order listed (never matches when empty)."""
    ws = [re.escape(w) for w in words]
    return "|".join(ws) if ws else _NEVER


def _alt_rx(patterns: Iterable[str]) -> str:
    ps = [f"(?:{p})" for p in patterns]
    return "|".join(ps) if ps else _NEVER


def build(lists: Mapping[str, Sequence[str]], sentence_words: Sequence[str] = ()) -> Vocabulary:
    """Compile merged vocabulary lists.  ``sentence_words``: the words the number checks
    read as introducing a part of the number before (``settings.numbers.breakdown.
    break_words``: 其中, 包括, 分别): a line starting with one carries on the sentence too,
    so they are listed once, there, and added to ``carries_on`` here."""
    g = {k: tuple(lists.get(k, ())) for k in KEYS}
    carry = [*g["carries_on"], *(w for w in sentence_words if w not in g["carries_on"] and _is_word(w))]
    return Vocabulary(
        lists=g,
        title_topic=rx.compile(_alt(g["title_topics"])),
        issuer_suffix=rx.compile(f"({_alt(g['issuer_suffixes'])})$"),
        # A region's name: 2–7 characters ending in a division, repeated (天津市滨海新区).
        region=rx.compile(rf"^(?:[\u4e00-\u9fff]{{2,7}}?(?:{_alt(g['divisions'])}))+"),
        title_chrome=rx.compile(_alt_rx(g["title_chrome_patterns"])),
        year_in_body=rx.compile(rf"(?P<y>{AR_YEAR})\s*年度?(?:{_alt_rx(g['report_names'])})"),
        # "现将我街道2022年度法治政府建设工作情况报告如下"
        year_reported=rx.compile(
            rf"现[将对就][^。；;]{{0,20}}?(?P<y>{AR_YEAR})\s*年度?[^。；;]{{0,30}}?(?:{_alt(g['reporting_verbs'])})如下"),
        # "一、2024年度推进法治政府建设的主要举措和成效"
        year_heading=rx.compile(rf"^(?P<y>{AR_YEAR})\s*年度?[^，,。]{{0,16}}(?:{_alt(g['year_heading_words'])})"),
        carries_on=rx.compile(f"^(?:{_alt(carry)})"),
    )


def _is_word(w: str) -> bool:
    """A word, not a punctuation mark (break_words also lists ``:``)."""
    return any(ch.isalnum() for ch in w)
