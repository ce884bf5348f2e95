"""Chinese word segmentation: the only module that knows the segmenter.

Built lazily, once, and only when a rule asks whether a match sits on word
boundaries (``依法制定`` contains 法制 but the words are 依法/制定).  Callers should
segment a short window around a candidate, never whole documents.

Backend: ``rjieba`` (the Rust port of jieba: same dictionary and algorithm, about
ten times faster to load) when installed, else ``jieba``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

_cut: Callable[[str], list[str]] | None = None


def _backend() -> Callable[[str], list[str]]:
    global _cut
    if _cut is None:
        try:
            import rjieba

            _cut = rjieba.cut
        except ImportError:
            import logging

            import jieba

            jieba.setLogLevel(logging.ERROR)
            jieba.initialize()
            _cut = jieba.lcut
    return _cut


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[str, ...]:
    return tuple(_backend()(text))


def token_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for tok in tokens(text):
        spans.append((pos, pos + len(tok)))
        pos += len(tok)
    return spans


def boundaries(text: str) -> set[int]:
    """Offsets in ``text`` where a word starts or ends (0 and len(text) included)."""
    out = {0, len(text)}
    for a, b in token_spans(text):
        out.add(a)
        out.add(b)
    return out


def on_word_boundaries(text: str, start: int, end: int, window: int = 8) -> bool:
    """True when ``text[start:end]`` begins and ends on word boundaries.

    Only a window of ``window`` characters on each side is segmented.
    """
    lo = max(0, start - window)
    hi = min(len(text), end + window)
    b = boundaries(text[lo:hi])
    return (start - lo) in b and (end - lo) in b



def is_word_unit(text: str, start: int, end: int, window: int = 8) -> bool:
    """True when ``text[start:end]`` is not split by a word boundary and touches one at
    either end: it is a word, begins one or ends one.

    ``法制`` is a unit in 推进/法制建设, 法制/思维 and 民主法制/示范村, but not in
    依法/制定 or 执法/制度 (split) nor in 司法制度 or 依法制裁 (buried inside a word).
    Only ``window`` characters on each side are segmented.
    """
    lo = max(0, start - window)
    hi = min(len(text), end + window)
    b = boundaries(text[lo:hi])
    s, e = start - lo, end - lo
    if any(s < x < e for x in b):
        return False
    return s in b or e in b
