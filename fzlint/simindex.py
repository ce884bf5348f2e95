"""Candidate pairs of near-duplicate strings without comparing every pair.

Each string becomes the set of its character *k*-grams (shingles).  Order all
shingles of the corpus by how many strings contain them, rarest first.  If two
sets have Jaccard similarity ``J(x, y) ≥ t`` they share at least
``α = ⌈t·max(|x|, |y|)⌉`` shingles, and the rarest shared shingle lies within the
first ``|x| − α + 1`` shingles of ``x`` *and* the first ``|y| − α + 1`` of ``y``
(*prefix filtering*: Chaudhuri, Ganti & Kaushik 2006; Bayardo, Ma & Srikant 2007,
"Scaling up all pairs similarity search").  So an inverted index over the
prefixes alone finds every pair at or above ``t``; because prefixes hold the
rarest shingles, their posting lists are short and the common phrases of the
genre (法治政府建设, 习近平法治思想…) never make every paragraph a candidate of
every other.  A size filter (``J ≥ t`` ⇒ ``t·|y| ≤ |x|``) prunes further.

The caller verifies candidates with an exact measure (fzlint uses rapidfuzz's
``fuzz.ratio``).  Shingle sets are mapped to integer ids ordered by frequency so
that each prefix is a plain ``sorted()`` of small ints.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass


def shingles(text: str, k: int) -> set[str]:
    """Character k-grams of ``text`` (the text itself when shorter than ``k``)."""
    if len(text) <= k:
        return {text} if text else set()
    return {text[i : i + k] for i in range(len(text) - k + 1)}


@dataclass
class Stats:
    """What one search did: how many pairs exist and how many were looked at."""

    items: int = 0
    possible_pairs: int = 0
    candidates: int = 0  # distinct pairs that passed the prefix and size filters


def _ranked(sets: Sequence[set[str]]) -> list[list[int]]:
    """Each set as a list of token ids, rarest first (ties broken by the token)."""
    df: Counter[str] = Counter()
    for s in sets:
        df.update(s)
    order = sorted(df, key=lambda tok: (df[tok], tok))
    rank = {tok: i for i, tok in enumerate(order)}
    return [sorted(rank[tok] for tok in s) for s in sets]


def _prefix_len(size: int, t: float) -> int:
    return size - math.ceil(t * size - 1e-9) + 1


def candidate_pairs(
    left: Sequence[set[str]],
    right: Sequence[set[str]] | None = None,
    threshold: float = 0.5,
    allowed: Callable[[int, int], bool] | None = None,
    stats: Stats | None = None,
) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` that may have Jaccard similarity ≥ ``threshold``.

    With ``right`` None, a self-join of ``left`` (``i < j``); else pairs of
    ``left[i]`` and ``right[j]``.  ``allowed(i, j)`` drops pairs the caller never
    wants (same report, same unit…) before they are counted.  Every pair whose
    sets reach the threshold is returned; others may be (the caller verifies).
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError("threshold must be in (0, 1]")
    self_join = right is None
    all_sets: list[set[str]] = list(left) if self_join else [*left, *(right or ())]
    ranked = _ranked(all_sets)
    n_left = len(left)
    lranked = ranked[:n_left]
    rranked = lranked if self_join else ranked[n_left:]
    if stats is not None:
        stats.items = len(all_sets)
        stats.possible_pairs = n_left * (n_left - 1) // 2 if self_join else n_left * (len(all_sets) - n_left)

    # Inverted index of the prefixes of the indexed side.
    postings: dict[int, list[int]] = {}
    for j, toks in enumerate(rranked):
        for tok in toks[: _prefix_len(len(toks), threshold)]:
            postings.setdefault(tok, []).append(j)

    seen: set[tuple[int, int]] = set()
    out: list[tuple[int, int]] = []
    for i, toks in enumerate(lranked):
        size = len(toks)
        if not size:
            continue
        for tok in toks[: _prefix_len(size, threshold)]:
            for j in postings.get(tok, ()):
                if self_join and j <= i:
                    continue
                other = len(rranked[j])
                if min(size, other) < threshold * max(size, other):
                    continue
                pair = (i, j)
                if pair in seen:
                    continue
                seen.add(pair)
                if allowed is not None and not allowed(i, j):
                    continue
                out.append(pair)
    if stats is not None:
        stats.candidates = len(out)
    return out


def brute_force_pairs(n_left: int, n_right: int | None = None) -> Iterable[tuple[int, int]]:
    """Every pair, for benchmarks and tests that check the index misses nothing."""
    if n_right is None:
        return ((i, j) for i in range(n_left) for j in range(i + 1, n_left))
    return ((i, j) for i in range(n_left) for j in range(n_right))
