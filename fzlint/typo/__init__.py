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

Speed: a line's reading is made with one ``str.translate`` and read as integers straight
from its UTF-16 bytes, so the windows whose reading has candidates are found with ``map``
over the whole line, no Python step per window.  Before the costly part (the LM, then the
segmentation of the context) sites are pruned: a window written as its reading's most
frequent word (in bulk), a non-word straddling two words (治政 in 法治|政府), candidates the
cheap gate rules out (memoised per spelling; the candidates are sorted by frequency, so the
scan stops early), and LM terms bounded before they are all computed (a log-probability is at
most 0).  A line's result is memoised (repeated paragraphs, an editor's re-lint).
"""

from __future__ import annotations

import math
import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import compress, repeat
from operator import add, and_, is_not, ne, not_

from .index import QUANT, Index

HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
#: a run of Han characters with the number before it (20余场): the number is read as 十
NUM_RUN = re.compile(r"([0-9０-９]+(?:\.[0-9]+)?)?([\u4e00-\u9fff]{2,})(?=([0-9０-９])?)")
#: a short quotation: a name (“宁川通”, “浙里办”), or a campaign slogan of four-character
#: phrases (“与法童行 健康成长”, puns are their habit): written on purpose
SHORT_QUOTE = re.compile(r"“(?:[^“”\n]{1,6}|[\u4e00-\u9fff]{4}(?:[ 　，·、][\u4e00-\u9fff]{4})+)”")
#: characters outside the Basic Multilingual Plane (two UTF-16 units): one placeholder each
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
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
#: the low 16·n bits of a reading code: a window of n characters
_LANES = {n: (1 << 16 * n) - 1 for n in range(1, MAX_LEN + 1)}
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
        self._line_memo: dict[tuple[str, bytes], tuple[tuple[Flag, ...], tuple[str, ...]]] = {}
        self._p = _lm_term(index)
        self._poly = re.compile("[" + "".join(sorted(index.alternates)) + "]") if index.alternates else None
        self._survivors: dict[tuple[str, str], tuple[bool, tuple[Survivor, ...]]] = {}
        #: the gate's margin is below the real-word bar, so a word that heads its own bucket (no
        #: candidate more frequent) has nothing to offer: such windows are dropped in bulk
        self._top_done = _LM_GATE < real_bar * QUANT

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
        memo = self._line_memo
        if len(memo) > 20000:
            memo.clear()
        off = 0
        for line in text.split("\n"):
            end = off + len(line)
            blk = bytes(blocked[off:end])
            key = (line, blk if 1 in blk else b"")
            hit = memo.get(key)
            if hit is None:  # a paragraph is scored once per detector (an editor re-lints)
                seen: list[str] = []
                hit = memo[key] = (tuple(self._line(line, key[1], seen)), tuple(seen))
            if sites is not None:
                sites.update(hit[1])
            flags.extend(Flag(f.start + off, f.end + off, f.written, f.right, f.score) for f in hit[0])
            off = end + 1
        flags.sort(key=lambda f: (-f.score, f.start, f.end, f.right))
        kept: list[Flag] = []
        taken = bytearray(n)
        for f in flags:  # overlapping flags: the best one
            if taken.find(1, f.start, f.end) == -1:
                kept.append(f)
                taken[f.start : f.end] = b"\x01" * (f.end - f.start)
        kept.sort(key=lambda f: f.start)
        return kept

    def _windows(self, line: str) -> list[tuple[int, str, str]]:
        """(start, written, candidates) of each window of 2–4 Han characters whose reading has
        candidate words other than the written window itself, found in bulk: the line's reading
        is read as integers straight from its UTF-16 bytes (characters i..i+3, 16 bits each,
        :func:`~fzlint.typo.index.reading_code`) and looked up by ``map``, no string and no
        Python step per window; 3 and 4 characters only where some key begins with the shorter
        reading.  Only Han characters translate to syllables, so no window reaches past a run.
        A window that is its bucket's first (most frequent) word is left out when no other word
        can pass the gate (see :meth:`_gate`): the common case, a frequent word written right."""
        ix = self.ix
        canon = line.translate(ix.primary)
        n = len(line)
        if n and max(canon) > "\uffff":  # one UTF-16 unit per character
            canon = _ASTRAL.sub("\ufffd", canon)
        raw = canon.encode("utf-16-le") + bytes(8)
        codes: list[int] = [0] * n
        for k in range(4):  # codes[i]: the 64 bits at byte 2i, four arrays of aligned reads
            codes[k::4] = array("Q", raw[2 * k : 2 * k + 8 * ((n - k + 3) // 4)])
        get = ix.cands.get
        out: list[tuple[int, str, str]] = []
        lead = codes  # every position's code (the loop keeps only those that can grow)
        starts: list[int] | range = range(n)
        length = 2
        while starts:
            if length < MAX_LEN:
                buckets = list(map(get, map(and_, codes, repeat(_LANES[length]))))
            else:
                buckets = list(map(get, codes))
            found = list(compress(starts, buckets))  # a non-empty bucket: the reading has words
            if found:
                bks = list(filter(None, buckets))
                ws = list(map(line.__getitem__, map(slice, found, map(add, found, repeat(length)))))
                out.extend(compress(zip(found, ws, bks, strict=True),
                                    map(not_, map(str.startswith, bks, ws)) if self._top_done else map(ne, bks, ws)))
            if length == MAX_LEN:
                break
            length += 1
            keep = list(map(is_not, buckets, repeat(None)))  # "" too: a prefix of longer keys
            starts = list(compress(starts, keep))
            codes = list(compress(codes, keep))
            cut = bisect_right(starts, n - length)  # a window ends inside the line
            del starts[cut:], codes[cut:]
        if self._poly is None or self._poly.search(line) is None:
            return out
        alts = ix.alternates
        for m in self._poly.finditer(line):  # a polyphonic character read another common way
            p = m.start()
            lane = ord(canon[p])
            for alt in alts[line[p]]:
                for a in range(max(0, p - MAX_LEN + 1), p + 1):
                    shift = 16 * (p - a)
                    code = lead[a] + ((ord(alt) - lane) << shift)
                    for b in range(max(a + 2, p + 1), min(a + MAX_LEN, n) + 1):
                        bucket = get(code & _LANES[b - a])
                        if bucket is None:
                            break  # no key begins with this reading: no longer window either
                        written = line[a:b]
                        if bucket and bucket != written and not (self._top_done and bucket.startswith(written)):
                            out.append((a, written, bucket))
        return out

    def _gate(self, written: str, bucket: str) -> tuple[bool, tuple[Survivor, ...]]:
        """Whether ``written`` is a word, and the candidates of ``bucket`` that pass the cheap
        gate (the change inside the window alone, with room for the LM and the context):
        (candidate, changed positions, bar, base score, local score).  Context-free, so
        memoised per spelling: a report repeats its words."""
        words = self.ix.words
        charlog = self.ix.charlog
        unk = self.ix.unk_word
        length = len(written)
        own = words.get(written)
        is_word = own is not None
        bar = (self.real_bar if is_word else self.bar) * QUANT
        # local <= words[cand] - seg(written) (base <= 0), and the bucket is sorted by frequency:
        # its first word bounds them all; a word's segmentation is at least the word itself
        if own is not None and words.get(bucket[:length], _NO_WORD) - own + _LM_GATE < bar:
            return True, ()
        win = None
        out: list[Survivor] = []
        changed: tuple[int, ...]
        for j in range(0, len(bucket), length):
            cand = bucket[j : j + length]
            if cand == written:
                continue
            if win is not None and words.get(cand, _NO_WORD) - win + _LM_GATE < bar:
                break  # this word and every later one (none more frequent) is too rare
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
                if length == 2:  # the segmentation of two characters: both, or the word
                    win = words.get(written[0], unk) + words.get(written[1], unk)
                    if own is not None and own > win:
                        win = own
                else:
                    win = self.seg(written)
            local = base + words.get(cand, _NO_WORD) - win
            if local + _LM_GATE >= bar:
                out.append((cand, changed, bar, base, local))
        return is_word, tuple(out)

    def _line(self, line: str, blocked: bytes, seen: list[str]) -> Iterator[Flag]:
        """Flags in one line (positions in the line); ``blocked``: 1 where a window may not
        reach (empty: nowhere)."""
        windows = self._windows(line)
        if not windows:
            return
        words = self.ix.words
        n = len(line)
        survivors = self._survivors
        if len(survivors) > 50000:
            survivors.clear()
        runs: list[tuple[int, int, int, str]] | None = None  # (start, end, offset, run with context)
        starts: list[int] = []
        state: dict[int, tuple[str, str, dict[int, int]]] = {}
        for a, written, bucket in windows:
            b = a + len(written)
            if blocked and blocked.find(1, a, b) != -1:
                continue
            key = (written, bucket)
            pre = survivors.get(key)
            if pre is None:
                if written not in words and a and b < n and line[a - 1 : a + 1] in words \
                        and line[b - 1 : b + 1] in words:
                    # the window's first character ends a word begun before it, its last begins
                    # a word that goes on after it (治政 in 法治|政府): read as two words' edges,
                    # not as a slip, which would have to make a word on both sides by chance
                    seen.append(written)
                    continue
                pre = survivors[key] = self._gate(written, bucket)
            if not pre[0]:
                seen.append(written)
                if pre[1] and a and b < n and line[a - 1 : a + 1] in words and line[b - 1 : b + 1] in words:
                    continue  # straddles two words (above)
            if not pre[1]:
                continue
            if runs is None:
                runs = [(m.start(2), m.end(2), m.start(2) - (1 if m.group(1) else 0),
                         ("十" if m.group(1) else "") + m.group(2) + ("十" if m.group(3) else ""))
                        for m in NUM_RUN.finditer(line)]
                starts = [r[0] for r in runs]
            j = bisect_right(starts, a) - 1
            st = state.get(j)
            if st is None:
                run = runs[j][3]
                st = state[j] = (run, "^" + run + "$", {})
            yield from self._score(a - runs[j][2], b - runs[j][2], pre[1], st, runs[j][2])

    def _score(self, a: int, b: int, survivors: tuple[Survivor, ...], st: tuple[str, str, dict[int, int]],
               off: int) -> Iterator[Flag]:
        """Flags of the window ``run[a:b]`` (run positions; ``off``: the run's offset in the line)
        among the candidates past the cheap gate: the LM terms that differ, then the context's
        segmentation."""
        run, framed, here = st  # here: the written text's LM term per run position
        lm = self._p
        n = len(run)
        o = a - 1 if a else 0
        for cand, changed, bar, base, local in survivors:
            # ΔLM: only the terms that differ, those of each changed character and of the two
            # after it (a term sees its two predecessors); framed[k + 1] is run[k]
            p = a + changed[0]
            ks = range(p, min(p + 3, n + 1)) if len(changed) == 1 else \
                sorted({k for i in changed for k in range(a + i, min(a + i + 3, n + 1))})
            old = 0
            for k in ks:
                w = here.get(k)
                if w is None:
                    w = here[k] = lm(framed, k + 1, k >= 1)
                old += w
            # the gate: LM_WEIGHT·ΔLM + local + CONTEXT_GATE >= bar.  A log-probability is at
            # most 0, so ΔLM <= -old (the written text is likely enough: no candidate can beat
            # it by enough), and the candidate's terms computed so far bound ΔLM: stop at the
            # first that rules it out (usually the changed character's own)
            need = bar - local - _CONTEXT_GATE
            if LM_WEIGHT * -old < need:
                continue
            loc = framed[o : a + 1] + cand + framed[b + 1 : min(b + 3, n + 2)]
            new = 0
            for k in ks:
                new += lm(loc, k + 1 - o, k >= 1)
                if LM_WEIGHT * (new - old) < need:
                    break
            else:
                part = base + LM_WEIGHT * (new - old)
                lo, up = max(0, a - CONTEXT), min(n, b + CONTEXT)
                score = part + self.seg(run[lo:a] + cand + run[b:up]) - self.seg(run[lo:up])
                if score > bar:  # exact sums: a tie with the bar is no evidence either way
                    yield Flag(a + off, b + off, run[a:b], cand,
                               math.floor(score * (100 / QUANT) + 0.5) / 100)


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
