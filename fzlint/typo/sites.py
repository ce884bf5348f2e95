"""The detector's site search: the windows of 2–4 Han characters of a text whose reading has
candidate words, found in bulk (no Python step per window; see :func:`windows`)."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from itertools import compress, repeat
from operator import and_, is_not, ne, not_

from .index import Index

MAX_LEN = 4
#: the low 16·n bits of a reading code: a window of n characters
_LANES = {n: (1 << 16 * n) - 1 for n in range(1, MAX_LEN + 1)}
#: an array type code of 32 bits: two characters' reading
_U32 = next(t for t in "IL" if array(t).itemsize == 4)
#: characters outside the Basic Multilingual Plane (two UTF-16 units): one placeholder each
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def windows(ix: Index, text: str, blocked: Sequence[tuple[int, int]], top: bool, poly: re.Pattern[str] | None,
            alt_deltas: Sequence[dict[str, int]]) -> tuple[list[int], list[str], list[str]]:
    """(starts, written, candidates) of the windows of 2–4 Han characters whose reading has
    candidate words other than the written window itself, found in bulk: the text's reading
    is read as integers straight from its UTF-16 bytes (characters i..i+3, 16 bits each,
    :func:`~fzlint.typo.index.reading_code`) and looked up by ``map``, no string and no
    Python step per window; 3 and 4 characters only where some key begins with the shorter
    reading.  Only Han characters translate to syllables, so no window reaches past a run.
    With ``top``, a window that is its bucket's first (most frequent) word is left out (no
    other word can pass the detector's gate): the common case, a frequent word written right.
    ``blocked``: spans no window may reach; ``poly``: the polyphonic characters, each read in
    turn its other ways (``alt_deltas``: per other reading, the character → the difference of
    its code from the usual one's).  ``text`` begins with MAX_LEN newlines (a window begins at
    MAX_LEN or later)."""
    canon = text.translate(ix.primary)
    n = len(text)
    raw: bytes | bytearray = canon.encode("utf-16-le")
    if len(raw) != 2 * n:  # a character outside the BMP: one UTF-16 unit per character
        raw = _ASTRAL.sub("\ufffd", canon).encode("utf-16-le")
    raw += bytes(8)
    if blocked:  # a blocked character reads as no syllable: no window reaches it
        raw = buf = bytearray(raw)
        for a, b in blocked:
            buf[2 * a : 2 * b] = b"\xfd\xff" * (b - a)
    codes: list[int] = [0] * n
    for k in range(4):  # codes[i]: the 64 bits at byte 2i, four arrays of aligned reads
        codes[k::4] = array("Q", raw[2 * k : 2 * k + 8 * ((n - k + 3) // 4)])
    pair: list[int] = [0] * n  # the 32 bits at byte 2i: two characters' reading
    pair[0::2] = array(_U32, raw[: 4 * ((n + 1) // 2)])
    pair[1::2] = array(_U32, raw[2 : 2 + 4 * (n // 2)])
    get = ix.cands.get
    wa: list[int] = []
    ww: list[str] = []
    wb: list[str] = []
    lead = codes  # every position's code (the loop keeps only those that can grow)
    starts: list[int] | range = range(n)
    buckets = list(map(get, pair))
    length = 2
    while True:
        _keep(text, length, list(compress(starts, buckets)), list(filter(None, buckets)), top, wa, ww, wb)
        if length == MAX_LEN:
            break
        length += 1
        keep = list(map(is_not, buckets, repeat(None)))  # "" too: a prefix of longer keys
        starts = list(compress(starts, keep))
        codes = list(compress(codes, keep))
        cut = bisect_right(starts, n - length)  # a window ends inside the text
        del starts[cut:], codes[cut:]
        if not starts:
            break
        buckets = list(map(get, map(and_, codes, repeat(_LANES[length])) if length < MAX_LEN else codes))
    if poly is None:
        return wa, ww, wb
    # a polyphonic character read another common way: each of its other readings in turn (the
    # rest of the window read as usual), in bulk per (distance from the window's start, length)
    at = list(map(re.Match.start, poly.finditer(text)))
    if blocked:
        at = [p for p in at if raw[2 * p : 2 * p + 2] != b"\xfd\xff"]
    for deltas in alt_deltas:
        ps = list(compress(at, map(deltas.__contains__, map(text.__getitem__, at))))
        if not ps:
            continue
        ds = list(map(deltas.__getitem__, map(text.__getitem__, ps)))
        for d in range(MAX_LEN):  # the window begins d characters before the character
            sh = 16 * d
            sa = [p - d for p in ps]
            cs = [lead[p - d] + (x << sh) for p, x in zip(ps, ds, strict=True)]
            length = max(2, d + 1)
            while True:
                bks = list(map(get, map(and_, cs, repeat(_LANES[length]))) if length < MAX_LEN else map(get, cs))
                if any(bks):
                    _keep(text, length, list(compress(sa, bks)), list(filter(None, bks)), top, wa, ww, wb)
                if length == MAX_LEN:
                    break
                keep = list(map(is_not, bks, repeat(None)))  # no longer key without this prefix
                if not any(keep):
                    break
                sa, cs = list(compress(sa, keep)), list(compress(cs, keep))
                length += 1
    return wa, ww, wb


def _keep(text: str, length: int, found: list[int], bks: list[str], top: bool,
          wa: list[int], ww: list[str], wb: list[str]) -> None:
    """Append to (wa, ww, wb) the windows ``text[a:a + length]`` (``a`` in ``found``, candidates
    ``bks``) that are not their bucket's first word (``top``; else: not its only word)."""
    if not found:
        return
    ws = [text[a : a + length] for a in found]
    ok = list(map(not_, map(str.startswith, bks, ws))) if top else list(map(ne, bks, ws))
    wa.extend(compress(found, ok))
    ww.extend(compress(ws, ok))
    wb.extend(compress(bks, ok))
