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
