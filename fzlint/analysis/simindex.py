"""Candidate pairs of near-duplicate strings without comparing every pair.

Each string is summarised by a MinHash sketch of its character *k*-grams
(shingles): *one-permutation hashing* (Li, Owen & Zhang 2012) hashes every shingle
once, puts it in one of ``m`` bins by its hash and keeps each bin's minimum;
bins left empty by a short string borrow the value of a bin chosen by a fixed
pseudo-random sequence per bin (*optimal densification*, Shrivastava 2017; borrowing
from the next bin instead would make the bins of a band copies of one value), so
every bin of two sketches agrees with probability ≈ the Jaccard similarity ``J``
of the two shingle sets.

Locality-sensitive hashing then splits the ``m = bands × rows`` bins into bands;
two strings become a candidate pair when all ``rows`` bins of at least one band
agree, which happens with probability ``1 − (1 − J^rows)^bands``.  With the
defaults (25 bands of 3 rows) that is 0.96 at J = 0.5, 0.998 at J = 0.6 and
> 0.9999 at J ≥ 0.7, but 0.01 at J = 0.08 — the similarity of two paragraphs of
the genre that share a stock phrase.  Each string goes into ``bands`` hash
buckets, so the work grows with the number of strings plus the number of
candidates, not with the number of pairs.  The caller verifies candidates with an
exact measure (fzlint uses rapidfuzz's ``fuzz.ratio``).

Hashes are CRC-32 with a murmur3 finaliser: the same in every process (Python's own
``hash`` of a string is salted per process), so sketches can be computed in worker
processes and the results do not change from run to run.
"""

from __future__ import annotations

import random
import sys
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, compress, repeat
from operator import itemgetter, ne

_CODE = "I" if array("I").itemsize == 4 else "L"  # uint32 sketch values
_SIZE = array(_CODE).itemsize


def shingles(text: str, k: int) -> set[str]:
    """Character k-grams of ``text`` (the text itself when shorter than ``k``)."""
    if len(text) <= k:
        return {text} if text else set()
    return {text[i : i + k] for i in range(len(text) - k + 1)}


@lru_cache(maxsize=8)
def _borrow_order(m: int) -> tuple[tuple[int, ...], ...]:
    """For each bin, the other bins in the fixed pseudo-random order it borrows from."""
    rng = random.Random(m)  # fixed: the same in every process and run
    out = []
    for j in range(m):
        others = [i for i in range(m) if i != j]
        rng.shuffle(others)
        out.append(tuple(others))
    return tuple(out)


def sketch(text: str, k: int, m: int) -> bytes:
    """The densified one-permutation MinHash of ``text``'s k-grams: ``m`` uint32 values.

    Each k-gram's hash is CRC-32 + the murmur3 finaliser ``h``; its bin is ``h % m`` and
    its value ``h // m``.  Only the CRC is per k-gram (``map``, in C); the finaliser and
    the division run on all k-grams at once, as one big integer holding each hash in a
    128-bit lane (a lane's products stay below 2**96, so lanes never carry into each
    other); each bin's minimum comes from sorting ``bin << 32 | value``.
    """
    # Shingles as byte slices of UTF-16 (two bytes per character of the BMP): one
    # encode per text instead of one per shingle.
    enc, w = text.encode("utf-16-le"), 2 * k
    if not enc:
        return bytes(_SIZE * m)
    stop = max(len(enc) - w, 0) + 1
    grams = {enc[i : i + w] for i in range(0, stop, 2)}
    n = len(grams)
    lanes = array("Q", bytes(16 * n))  # two uint64 words per lane, the high one 0
    lanes[::2] = array("Q", map(zlib.crc32, grams))
    low = _low_words(n)
    h = _to_int(lanes)
    h ^= (h >> 16) & low
    h = (h * 0x85EBCA6B) & low
    h ^= (h >> 13) & low
    h = (h * 0xC2B2AE35) & low
    h ^= (h >> 16) & low
    q = ((h * ((1 << 64) // m + 1)) >> 64) & low  # h // m, exactly for h < 2**32
    keys = _from_int((h - q * m) << 32 | q, 2 * n)[::2]  # bin << 32 | value, per k-gram
    # Bins descending, values descending within a bin: the dict keeps each bin's minimum.
    halves = array(_CODE, array("Q", sorted(keys, reverse=True)).tobytes())
    lo, hi = (halves[0::2], halves[1::2]) if _LITTLE else (halves[1::2], halves[0::2])
    best = dict(zip(hi, lo, strict=True))
    if len(best) == m:
        vals = list(map(best.__getitem__, range(m)))
    else:  # empty bins borrow: the first filled bin in the bin's own fixed order
        order = _borrow_order(m)
        vals = [best[j] if j in best else best[next(filter(best.__contains__, order[j]))] for j in range(m)]
    return array(_CODE, vals).tobytes()


@lru_cache(maxsize=1024)
def cached_sketch(text: str, k: int, m: int) -> bytes:
    """:func:`sketch`, remembered for the last 1,024 texts of this process: a batch
    sketches a paragraph that recurs in many reports (a drafts folder, a template handed
    down to every unit) once per process instead of once per report."""
    return sketch(text, k, m)


_LITTLE = sys.byteorder == "little"


@lru_cache(maxsize=512)
def _low_words(n: int) -> int:
    """``n`` 128-bit lanes, each 0xFFFFFFFF: the mask that keeps every lane a uint32."""
    return int.from_bytes((b"\xff\xff\xff\xff" + bytes(12)) * n, "little")


def _to_int(words: array[int]) -> int:
    """uint64 words, least significant first, as one integer."""
    if not _LITTLE:
        words = array("Q", words)
        words.byteswap()
    return int.from_bytes(words, "little")


def _from_int(value: int, n: int) -> array[int]:
    """The inverse of :func:`_to_int` for ``n`` words."""
    words = array("Q", value.to_bytes(8 * n, "little"))
    if not _LITTLE:
        words.byteswap()
    return words


@dataclass
class Stats:
    """What one search did: how many pairs exist and how many were looked at."""

    items: int = 0
    possible_pairs: int = 0
    candidates: int = 0  # distinct allowed pairs that shared a band


def _shared_buckets(keys: list[bytes]) -> Iterator[list[int]]:
    """The indexes of ``keys`` that share a key with another, one increasing list per shared
    key.  Nearly every bucket holds one sketch: the shared ones are found with a dict built in
    C (key → last index), and only the sketches that are not a key's last are grouped."""
    n = len(keys)
    last = dict(zip(keys, range(n), strict=True))
    if len(last) == n:
        return
    shared: dict[bytes, list[int]] = {}
    for j in compress(range(n), map(ne, map(last.__getitem__, keys), range(n))):  # not a key's last
        shared.setdefault(keys[j], []).append(j)
    for k, members in shared.items():
        members.append(last[k])
        yield members


def candidate_pairs(
    left: Sequence[bytes],
    right: Sequence[bytes] | None = None,
    bands: int = 25,
    rows: int = 3,
    allowed: Callable[[int, int], bool] | None = None,
    stats: Stats | None = None,
    sort: bool = True,
) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` whose sketches agree on a whole band, sorted (``sort=False``: in no
    particular order, for a caller that groups them itself).

    With ``right`` None, a self-join of ``left`` (``i < j``); else pairs of
    ``left[i]`` and ``right[j]``.  ``allowed(i, j)`` drops pairs the caller never
    wants (same report, same unit…).  Sketches must all have ``bands × rows`` bins.
    """
    step = rows * _SIZE
    self_join = right is None
    indexed: Sequence[bytes] = left if right is None else right
    if {len(sk) for sk in indexed} - {bands * step}:
        raise ValueError("sketch size does not match bands × rows")
    # Distinct pairs first (set operations run in C), then the caller's filter once per pair.
    pairs: set[tuple[int, int]] = set()
    if self_join:
        for b in range(bands):
            for members in _shared_buckets([sk[b * step : (b + 1) * step] for sk in indexed]):
                pairs.update(combinations(members, 2))  # members in increasing order: (i, j) with i < j
    else:
        tables: list[dict[bytes, list[int]]] = [{} for _ in range(bands)]  # one per band
        for j, sk in enumerate(indexed):
            for b, table in enumerate(tables):
                table.setdefault(sk[b * step : (b + 1) * step], []).append(j)
        for i, sk in enumerate(left):
            for b, table in enumerate(tables):
                hits = table.get(sk[b * step : (b + 1) * step])
                if hits:
                    pairs.update(zip(repeat(i), hits))
    out = list(pairs) if allowed is None else [p for p in pairs if allowed(*p)]
    if sort:
        out.sort()
    if stats is not None:
        n, r = len(left), len(indexed)
        stats.items = n if self_join else n + r
        stats.possible_pairs = n * (n - 1) // 2 if self_join else n * r
        stats.candidates = len(out)
    return out


def candidate_probability(jaccard: float, bands: int, rows: int) -> float:
    """Probability that two strings with this Jaccard similarity become candidates."""
    return 1.0 - (1.0 - jaccard**rows) ** bands


def grouped_pairs(
    sketches: Sequence[bytes],
    groups: Sequence[object],
    bands: int = 25,
    rows: int = 3,
    cap: int = 64,
    lengths: Sequence[int] | None = None,
    ratio: float = 0.0,
) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, whose sketches agree on a whole band and whose groups
    differ (items of one group are never wanted together: the same unit's paragraphs).

    Filtering inside each bucket keeps the work near-linear where ``candidate_pairs`` with
    an ``allowed`` filter would build every pair first: a bucket whose members all share a
    group is skipped whole, and a bucket of more than ``cap`` members (hundreds of near-copies
    of one paragraph in hundreds of units) pairs each member with at most ``cap`` hub members
    (two of each group, in order) — enough to find that it has near-copies and a best one,
    without every pair of the family.

    ``lengths`` (with ``0 < ratio ≤ 1``): a pair is kept only when
    ``lengths[i] * ratio <= lengths[j] <= lengths[i] / ratio`` — the caller's own test of
    whether two texts can still be similar enough, applied here before the pair is stored.
    In a large batch most candidates are paragraphs that merely share stock phrases and
    differ in length; they are never stored nor handed back.
    """
    step = rows * _SIZE
    if {len(sk) for sk in sketches} - {bands * step}:
        raise ValueError("sketch size does not match bands × rows")
    pairs: set[tuple[int, int]] = set()
    group_of = groups.__getitem__
    for b in range(bands):
        for members in _shared_buckets(list(map(itemgetter(slice(b * step, (b + 1) * step)), sketches))):
            distinct = len(set(map(group_of, members)))
            if distinct == 1:
                continue  # one group: nothing to pair
            if len(members) <= cap:
                found: Iterable[tuple[int, int]]
                if distinct == len(members):  # each of its own group (the usual bucket): every pair
                    found = combinations(members, 2)
                else:
                    found = ((i, j) for i, j in combinations(members, 2) if groups[i] != groups[j])
                if lengths is None:
                    pairs.update(found)
                else:
                    pairs.update((i, j) for i, j in found if lengths[i] * ratio <= lengths[j] <= lengths[i] / ratio)
                continue
            hubs: list[int] = []
            per_group: dict[object, int] = {}  # a few of each group, so that every member meets other groups
            for m in members:
                g = groups[m]
                if per_group.get(g, 0) < 2 and len(hubs) < cap:
                    per_group[g] = per_group.get(g, 0) + 1
                    hubs.append(m)
            for j in members:
                g = groups[j]
                if lengths is None:
                    pairs.update((i, j) if i < j else (j, i) for i in hubs if groups[i] != g and i != j)
                    continue
                # the length test of the pair (min, max), as above, in one pass over the hubs
                n = lengths[j]
                lo, hi = n * ratio, n / ratio
                pairs.update((i, j) if i < j else (j, i) for i in hubs if groups[i] != g and i != j and (
                    lengths[i] * ratio <= n <= lengths[i] / ratio if i < j else lo <= lengths[i] <= hi))
    return pairs
