"""A same-pinyin typo detector (noisy channel), offline.

A window of 2–4 Han characters is a *site* when a frequent dictionary word (jieba
frequency ≥ 30) has the same toneless reading and differs from it in one character (or,
for a window of 3+ characters or a window that is itself a word at least as frequent, in
2–3 characters).  Each (site, word) is scored in natural-log units::

    score = Δseg + 0.75·ΔLM − 2·(changed − 1) + chan

- Δseg: change of the best unigram segmentation log-probability (jieba frequencies) of the
  window with up to 4 characters each side;
- ΔLM: change of the character trigram log-probability (counted from the national laws)
  over the characters whose context changed;
- chan: Σ min(0, log f(written char) − log f(candidate char)): an input method rarely offers
  a rare character, so a rare written character is probably meant (names).

A site is reported when its score is above ``THRESHOLD`` (10), or above
``REAL_WORD_THRESHOLD`` (15) when the written window is itself a word (a real-word slip:
有限/优先).  Values are integers (logs ×20, see :mod:`.index`), so scores are exact and a tie
with the bar is not reported.  Overlapping flags keep the best.

Speed: the text's reading string is made once per run of Han characters with
``str.translate`` (one private-use character per syllable), so finding the sites is one
slice and one dict lookup per window; the scoring, the costly part, runs only on sites, is
gated by its cheap terms (channel and the window's own segmentation, memoised per spelling;
then the LM terms that differ) before the segmentation of the context, and is memoised per
run of text (repeated phrases in a report are scored once).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .index import QUANT, Index

HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
#: a run of Han characters with the number before it (20余场): the number is read as 十
NUM_RUN = re.compile(r"([0-9０-９]+(?:\.[0-9]+)?)?([\u4e00-\u9fff]{2,})(?=([0-9０-９])?)")
#: a short quotation: a name (“宁川通”, “浙里办”), or a campaign slogan of four-character
#: phrases (“与法童行 健康成长”, puns are their habit): written on purpose
SHORT_QUOTE = re.compile(r"“(?:[^“”\n]{1,6}|[\u4e00-\u9fff]{4}(?:[ 　，·、][\u4e00-\u9fff]{4})+)”")
#: a character this frequent as a word of its own (这, 的, 在 …) at the edge of a window whose
#: rest is a word is read as that word (管理这|两个), not as a slip for 管理者
FUNCTION_CHAR = -7.0
#: the log-probability of a window that is no word, for the cheap gate
NO_WORD = -99.0
THRESHOLD = 10.0
REAL_WORD_THRESHOLD = THRESHOLD + 5.0  # the written window is itself a word
LM_WEIGHT = 0.75
CHANNEL_WEIGHT = 1.0
CHANGE_COST = 2.0
CONTEXT = 4
MAX_LEN = 4
#: heuristic margins of the cheap gates (measured: they cost no injected hit on the seeds):
#: what the LM may add to the window's own change, what the context may add to Δseg
LM_GATE = 14.0
CONTEXT_GATE = 4.0
#: the same in the index's integer units
_FUNCTION_CHAR = round(FUNCTION_CHAR * QUANT)
_NO_WORD = round(NO_WORD * QUANT)
_CHANGE_COST = round(CHANGE_COST * QUANT)
_LM_GATE = round(LM_GATE * QUANT)
_CONTEXT_GATE = round(CONTEXT_GATE * QUANT)


#: a candidate past the cheap gate: (candidate, changed positions, bar, base score, local score)
Survivor = tuple[str, tuple[int, ...], float, float, float]


@dataclass(frozen=True)
class Flag:
    start: int
    end: int
    written: str
    right: str
    score: float


class Detector:
    def __init__(self, index: Index, bar: float = THRESHOLD, real_bar: float = REAL_WORD_THRESHOLD) -> None:
        self.ix = index
        self.bar = bar
        self.real_bar = real_bar
        self._seg_memo: dict[str, int] = {}
        self._run_memo: dict[tuple[str, int, int, bytes], tuple[tuple[Flag, ...], tuple[str, ...]]] = {}
        self._p = _lm_term(index)
        self._poly = re.compile("[" + "".join(sorted(index.alternates)) + "]") if index.alternates else None
        self._survivors: dict[tuple[str, str], tuple[bool, tuple[Survivor, ...]]] = {}

    # -- models (integer values: natural logs ×QUANT, so sums are exact) ----------------
    def seg(self, s: str) -> int:
        """Best unigram segmentation log-probability of ``s``."""
        memo = self._seg_memo
        v = memo.get(s)
        if v is not None:
            return v
        words = self.ix.words
        unk = self.ix.unk_word
        n = len(s)
        best = [0] * (n + 1)
        for i in range(1, n + 1):
            b = best[i - 1] + words.get(s[i - 1], unk)
            for k in range(2, min(MAX_LEN, i) + 1):
                lp = words.get(s[i - k : i])
                if lp is not None:
                    c = best[i - k] + lp
                    if c > b:
                        b = c
            best[i] = b
        if len(memo) > 50000:
            memo.clear()
        memo[s] = best[n]
        return best[n]

    # -- search -------------------------------------------------------------------------
    def find(self, text: str, skip: Iterable[tuple[int, int]] = (), sites: set[str] | None = None) -> list[Flag]:
        """Flags in ``text``, best first where they overlap; ``skip``: spans (start, end) not to
        look into (another rule's finding, a whitelisted term).  ``sites``, when given, receives
        every non-word spelling that has a same-pinyin candidate, flagged or not: where a flagged
        spelling is *used* elsewhere (it is a site wherever it is written)."""
        flags: list[Flag] = []
        blocked = bytearray(len(text))  # 1 where a window may not reach
        n = len(text)
        for a, b in (*skip, *(m.span() for m in SHORT_QUOTE.finditer(text))):
            a, b = max(a, 0), min(b, n)
            if a < b:
                blocked[a:b] = b"\x01" * (b - a)
        memo = self._run_memo
        if len(memo) > 20000:
            memo.clear()
        for m in NUM_RUN.finditer(text):
            # a number before or after is context (read as 十), never part of a window
            before, after = (1, "十") if m.group(1) else (0, "")
            run = after + m.group(2) + ("十" if m.group(3) else "")
            off = m.start(2) - before
            last = len(run) - (1 if m.group(3) else 0)
            blk = bytes(blocked[off : off + len(run)])
            key = (run, before, last, blk if 1 in blk else b"")
            hit = memo.get(key)
            if hit is None:  # a paragraph's runs are scored once per detector (an editor re-lints)
                seen: list[str] = []
                hit = memo[key] = (tuple(self._run(run, blk, before, last, seen)), tuple(seen))
            found = hit[0]
            if sites is not None:
                sites.update(hit[1])
            flags.extend(Flag(f.start + off, f.end + off, f.written, f.right, f.score) for f in found)
        flags.sort(key=lambda f: (-f.score, f.start, f.end))
        kept: list[Flag] = []
        taken = bytearray(n)
        for f in flags:  # overlapping flags: the best one
            if taken.find(1, f.start, f.end) == -1:
                kept.append(f)
                taken[f.start : f.end] = b"\x01" * (f.end - f.start)
        kept.sort(key=lambda f: f.start)
        return kept

    def _sites(self, run: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, candidates) of each window whose reading has candidate words.  A reading
        that only begins longer keys maps to "" (see the index), so a window is lengthened only
        while some key still begins with its reading."""
        ix = self.ix
        canon = run.translate(ix.primary)
        get = ix.cands.get
        n = len(run)
        for a in range(n - 1):
            bucket = get(canon[a : a + 2])
            if bucket is None:
                continue
            if bucket:
                yield a, a + 2, bucket
            for b in range(a + 3, min(a + MAX_LEN, n) + 1):
                bucket = get(canon[a:b])
                if bucket is None:
                    break
                if bucket:
                    yield a, b, bucket
        if self._poly is None or self._poly.search(run) is None:
            return
        alts = ix.alternates
        for m in self._poly.finditer(run):  # a polyphonic character read another common way
            p = m.start()
            for alt in alts[run[p]]:
                for length in range(2, MAX_LEN + 1):
                    for a in range(max(0, p - length + 1), min(p, n - length) + 1):
                        b = a + length
                        bucket = get(canon[a:p] + alt + canon[p + 1 : b])
                        if bucket:
                            yield a, b, bucket

    def _gate(self, written: str, bucket: str) -> tuple[bool, tuple[Survivor, ...]]:
        """Whether ``written`` is a word, and the candidates of ``bucket`` that pass the cheap
        gate (the change inside the window alone, with room for the LM and the context):
        (candidate, changed positions, bar, base score, local score).  Context-free, so
        memoised per spelling: a report repeats its words."""
        words = self.ix.words
        charlog = self.ix.charlog
        length = len(written)
        is_word = written in words
        bar = (self.real_bar if is_word else self.bar) * QUANT
        win = None
        out: list[Survivor] = []
        changed: tuple[int, ...]
        for j in range(0, len(bucket), length):
            cand = bucket[j : j + length]
            if cand == written:
                continue
            if length == 2:
                changed = (0,) if cand[1] == written[1] else (1,) if cand[0] == written[0] else (0, 1)
            else:
                changed = tuple(i for i in range(length) if cand[i] != written[i])
            if len(changed) > 1 and (length < 3 or is_word):
                continue  # whole-word swaps: only a non-word of 3+ characters (和发行/合法性)
            if len(changed) == 1 and length >= 3:
                i = changed[0]
                if (i == 0 or i == length - 1) and words.get(written[i], _NO_WORD) >= _FUNCTION_CHAR \
                        and (written[1:] if i == 0 else written[:-1]) in words:
                    continue
            chan = 0
            for i in changed:
                d = charlog.get(written[i], 0) - charlog.get(cand[i], 0)
                if d < 0:
                    chan += d
            base = CHANNEL_WEIGHT * chan - _CHANGE_COST * (len(changed) - 1)
            if win is None:
                win = self.seg(written)
            local = base + words.get(cand, _NO_WORD) - win
            if local + _LM_GATE >= bar:
                out.append((cand, changed, bar, base, local))
        if len(self._survivors) > 50000:
            self._survivors.clear()
        return is_word, tuple(out)

    def _run(self, run: str, blocked: bytes, first: int, last: int, seen: list[str]) -> Iterator[Flag]:
        """Flags in one run of Han characters (positions in the run); ``blocked``: 1 where a
        window may not reach; windows lie within ``run[first:last]``."""
        seg = self.seg
        lm = self._p
        framed = "^" + run + "$"
        n = len(run)
        here: dict[int, int] = {}  # the written text's LM term per run position
        any_blocked = 1 in blocked
        survivors = self._survivors
        for a, b, bucket in self._sites(run):
            written = run[a:b]
            if bucket == written or a < first or b > last or (any_blocked and blocked.find(1, a, b) != -1):
                continue
            key = (written, bucket)
            pre = survivors.get(key)
            if pre is None:
                pre = survivors[key] = self._gate(written, bucket)
            if not pre[0]:
                seen.append(written)
            for cand, changed, bar, base, local in pre[1]:
                # ΔLM: only the terms that differ, those of each changed character and of the two
                # after it (a term sees its two predecessors); framed[k + 1] is run[k]
                off = a - 1 if a else 0
                loc = framed[off : a + 1] + cand + framed[b + 1 : min(b + 3, n + 2)]
                p = a + changed[0]
                ks = range(p, min(p + 3, n + 1)) if len(changed) == 1 else \
                    sorted({k for i in changed for k in range(a + i, min(a + i + 3, n + 1))})
                dlm = 0
                for k in ks:
                    w = here.get(k)
                    if w is None:
                        w = here[k] = lm(framed, k + 1, k >= 1)
                    dlm += lm(loc, k + 1 - off, k >= 1) - w
                part = base + LM_WEIGHT * dlm
                if part + (local - base) + _CONTEXT_GATE < bar:
                    continue
                lo, up = max(0, a - CONTEXT), min(n, b + CONTEXT)
                dseg = seg(run[lo:a] + cand + run[b:up]) - seg(run[lo:up])
                score = part + dseg
                if score > bar:  # exact sums: a tie with the bar is no evidence either way
                    yield Flag(a, b, written, cand, math.floor(score * (100 / QUANT) + 0.5) / 100)


def _lm_term(ix: Index) -> Callable[[str, int, bool], int]:
    """``term(s, j, full)``: the log-probability of ``s[j]`` given ``s[j-2:j]`` (``full``) or
    given ``s[j-1]`` alone (the first character of a run, after ^), in backoff form.  The
    n-gram tables are keyed by :func:`~fzlint.typo.index.code`, computed here with ``ord``."""
    tri, bow2, bi, bow1, uni = ix.tri.get, ix.bow2.get, ix.bi.get, ix.bow1.get, ix.uni.get
    unk = ix.unk_char

    def term(s: str, j: int, full: bool) -> int:
        y, z = ord(s[j - 1]), ord(s[j])
        if full:
            x = ord(s[j - 2])
            p = tri(x << 32 | y << 16 | z)
            if p is not None:
                return p
            w = bow2(x << 16 | y, 0)
        else:
            w = 0
        p2 = bi(y << 16 | z)
        if p2 is None:
            p2 = bow1(s[j - 1], 0) + uni(s[j], unk)
        return w + p2

    return term


_DETECTORS: dict[tuple[float, float], Detector] = {}


def detector(bar: float = THRESHOLD, real_bar: float = REAL_WORD_THRESHOLD) -> Detector:
    """The process's detector for these bars over the shipped index (built on first use): its
    memo of scored runs lets an editor's re-lint pay only for the paragraph that changed."""
    key = (bar, real_bar)
    det = _DETECTORS.get(key)
    if det is None:
        from . import index

        det = _DETECTORS[key] = Detector(index.load(), bar, real_bar)
    return det
