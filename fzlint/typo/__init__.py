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

Speed: the lines of a text that are not memoised are searched as one text (newlines between
them: no window crosses one), so the bulk steps run once per text, not once per line.  Its
reading is made with one ``str.translate`` and read as integers straight from its UTF-16 bytes,
so the windows whose reading has candidates are found with ``map`` over the whole text, no
Python step per window (a character another rule's finding covers reads as no syllable).
Before the costly part (the LM, then the segmentation of the context) sites are pruned: a
window written as its reading's most frequent word (in bulk), a non-word straddling two
words (治政 in 法治|政府), candidates the cheap gate rules out (memoised per spelling; the
candidates are sorted by frequency, so the scan stops early), and LM terms bounded before
they are all computed (a log-probability is at most 0).  A line's result is memoised
(repeated paragraphs, an editor's re-lint).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, repeat
from operator import add

from .index import QUANT, Index
from .sites import MAX_LEN, windows

HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
#: a digit next to a Han run (20余场, 第3次): the run is scored with it read as 十
DIGITS = frozenset("0123456789０１２３４５６７８９")
#: a short quotation: a name (“宁川通”, “浙里办”), or a campaign slogan of four-character
#: phrases (“与法童行 健康成长”, puns are their habit): written on purpose
SHORT_QUOTE = re.compile(r"“(?:[^“”\n]{1,6}|[\u4e00-\u9fff]{4}(?:[ 　，·、][\u4e00-\u9fff]{4})+)”")
#: the blocked stretches of a line's mask
_ONES = re.compile(b"\x01+")
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
#: the lines are read as one text after these (a window starts at MAX_LEN or later)
_PAD = "\n" * MAX_LEN
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


_FIRST, _SECOND = (0,), (1,)  # the changed position of a two-character window


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
        #: per other reading (first, second …): polyphonic character → its code minus the usual one's
        self._alt_deltas = [{c: ord(alts[k]) - index.primary[ord(c)] for c, alts in index.alternates.items()
                             if len(alts) > k} for k in range(max(map(len, index.alternates.values()), default=0))]
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
        get = self.ix.words.get
        unk = self.ix.unk_word
        n = len(s)
        best = [0] * (n + 1)
        for i in range(1, n + 1):  # the last word: 1–4 characters (MAX_LEN), unrolled
            b = best[i - 1] + get(s[i - 1], unk)
            if i >= 2:
                lp = get(s[i - 2 : i])
                if lp is not None and best[i - 2] + lp > b:
                    b = best[i - 2] + lp
                if i >= 3:
                    lp = get(s[i - 3 : i])
                    if lp is not None and best[i - 3] + lp > b:
                        b = best[i - 3] + lp
                    if i >= 4:
                        lp = get(s[i - 4 : i])
                        if lp is not None and best[i - 4] + lp > b:
                            b = best[i - 4] + lp
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
        keys: list[tuple[str, bytes]] = []
        offs: list[int] = []
        off = 0
        some = 1 in blocked
        for line in text.split("\n"):
            end = off + len(line)
            blk = bytes(blocked[off:end]) if some else b""
            keys.append((line, blk if 1 in blk else b""))
            offs.append(off)
            off = end + 1
        todo = [k for k in dict.fromkeys(keys) if k not in memo]
        if todo:  # a paragraph is scored once per detector (an editor re-lints)
            memo.update(zip(todo, self._lines(todo), strict=True))
        for key, off in zip(keys, offs, strict=True):
            hit = memo[key]
            if sites is not None:
                sites.update(hit[1])
            if hit[0]:
                flags.extend(Flag(f.start + off, f.end + off, f.written, f.right, f.score) for f in hit[0])
        flags.sort(key=lambda f: (-f.score, f.start, f.end, f.right))
        kept: list[Flag] = []
        taken = bytearray(n)
        for f in flags:  # overlapping flags: the best one
            if taken.find(1, f.start, f.end) == -1:
                kept.append(f)
                taken[f.start : f.end] = b"\x01" * (f.end - f.start)
        kept.sort(key=lambda f: f.start)
        return kept

    def _lines(self, keys: list[tuple[str, bytes]]) -> list[tuple[tuple[Flag, ...], tuple[str, ...]]]:
        """(flags at line positions, the non-word spellings looked at) of each line ``(line,
        blocked)`` (blocked: 1 where a window may not reach, empty: nowhere).  The lines are read
        as one text (newlines between them, and before and after: no window, word or run crosses
        one), so the bulk steps run once, not once a line; the results are then cut per line."""
        lines = [k[0] for k in keys]
        text = _PAD + "\n".join(lines) + "\n"
        starts = list(accumulate(map(add, map(len, lines[:-1]), repeat(1)), initial=len(_PAD)))
        # the line (number + 1) of each position
        lineof = [0] * len(_PAD) + list(chain.from_iterable(map(repeat, range(1, len(lines) + 1),
                                                                map(add, map(len, lines), repeat(1)))))
        blocked: list[tuple[int, int]] = []
        for s, k in zip(starts, keys, strict=True):
            if k[1]:
                blocked.extend((s + m.start(), s + m.end()) for m in _ONES.finditer(k[1]))
        words = self.ix.words
        survivors = self._survivors
        if len(survivors) > 50000:
            survivors.clear()
        seen: list[list[str]] = [[] for _ in range(len(keys) + 1)]  # by line number + 1
        flags: list[list[Flag]] = [[] for _ in range(len(keys) + 1)]
        runs: list[re.Match[str]] = []  # the Han runs (found on first need) …
        heads: list[int] | None = None  # … and where they begin
        state: dict[int, tuple[int, str, list[int], dict[int, int]]] = {}  # by run start
        known = survivors.get
        gate = self._gate
        wa, ww, wb = self._windows(text, blocked)
        for a, written, bucket, word in zip(wa, ww, wb, map(words.__contains__, ww), strict=True):
            key = (written, bucket)
            pre = known(key)
            if not word:
                seen[lineof[a]].append(written)
                if pre is not None and not pre[1]:
                    continue
                b = a + len(written)
                if text[a - 1 : a + 1] in words and text[b - 1 : b + 1] in words:
                    # the window's first character ends a word begun before it, its last begins
                    # a word that goes on after it (治政 in 法治|政府): read as two words' edges,
                    # not as a slip, which would have to make a word on both sides by chance
                    continue
            if pre is None:
                pre = survivors[key] = gate(written, bucket)
            if not pre[1]:
                continue
            b = a + len(written)
            if heads is None:
                runs = list(HAN_RUN.finditer(text))
                heads = list(map(re.Match.start, runs))
            r = bisect_right(heads, a) - 1
            s = heads[r]
            st = state.get(s)
            if st is None:  # the run with a digit before or after it read as 十 (20余场)
                e = runs[r].end()  # the text begins with _PAD and ends with "\n": s > 0, e < len
                num = text[s - 1] in DIGITS
                run = ("十" if num else "") + text[s:e] + ("十" if text[e] in DIGITS else "")
                st = state[s] = (s - num, run, list(map(ord, "^" + run + "$")), {})
            li = lineof[a]
            self._score(a - st[0], b - st[0], pre[1], st, st[0] - starts[li - 1], flags[li])
        return [(tuple(f), tuple(s)) for f, s in zip(flags[1:], seen[1:], strict=True)]

    def _windows(self, text: str, blocked: Sequence[tuple[int, int]] = ()) -> tuple[list[int], list[str], list[str]]:
        """(starts, written, candidates) of the windows whose reading has candidate words other
        than the written window itself (:func:`.sites.windows`)."""
        return windows(self.ix, text, blocked, self._top_done, self._poly, self._alt_deltas)

    def _gate(self, written: str, bucket: str) -> tuple[bool, tuple[Survivor, ...]]:
        """Whether ``written`` is a word, and the candidates of ``bucket`` that pass the cheap
        gate (the change inside the window alone, with room for the LM and the context):
        (candidate, changed positions, bar, base score, local score).  Context-free, so
        memoised per spelling: a report repeats its words."""
        words = self.ix.words
        charlog = self.ix.charlog
        length = len(written)
        own = words.get(written)
        is_word = own is not None
        bar = (self.real_bar if is_word else self.bar) * QUANT
        # local <= words[cand] - seg(written) (base <= 0), and the bucket is sorted by frequency:
        # its first word bounds them all; a word's segmentation is at least the word itself
        if own is not None and words.get(bucket[:length], _NO_WORD) - own + _LM_GATE < bar:
            return True, ()
        if length == 2:
            return is_word, self._gate_pair(written, bucket, own, bar)
        win = None
        out: list[Survivor] = []
        changed: tuple[int, ...]
        for j in range(0, len(bucket), length):
            cand = bucket[j : j + length]
            if cand == written:
                continue
            if win is not None and words.get(cand, _NO_WORD) - win + _LM_GATE < bar:
                break  # this word and every later one (none more frequent) is too rare
            changed = tuple(i for i in range(length) if cand[i] != written[i])
            if len(changed) > 1 and is_word:
                continue  # whole-word swaps: only a non-word of 3+ characters (和发行/合法性)
            if len(changed) == 1:
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
        return is_word, tuple(out)

    def _gate_pair(self, written: str, bucket: str, own: int | None, bar: float) -> tuple[Survivor, ...]:
        """:meth:`_gate` for a window of two characters: only a candidate that keeps one of them in
        place can be a slip (a whole-word swap is none), and those are found with ``str.find`` (in
        C), not by cutting every word of the bucket.  The found ones are looked at in the bucket's
        order (most frequent first), so the scan stops at the first too rare, as in :meth:`_gate`."""
        w0, w1 = written[0], written[1]
        js = []
        j = bucket.find(w0)
        while j >= 0:  # the candidates that begin with the written first character …
            if not j & 1:
                js.append(j)
            j = bucket.find(w0, j + 1)
        j = bucket.find(w1, 1)
        while j >= 0:  # … and those that end with its second
            if j & 1:
                js.append(j - 1)
            j = bucket.find(w1, j + 1)
        if not js:
            return ()
        if len(js) > 1:
            js.sort()
        words = self.ix.words
        charlog = self.ix.charlog
        unk = self.ix.unk_word
        win = words.get(w0, unk) + words.get(w1, unk)  # the two characters' segmentation: both, or the word
        if own is not None and own > win:
            win = own
        out: list[Survivor] = []
        for j in js:
            cand = bucket[j : j + 2]
            if cand == written:
                continue  # found twice, once by each character
            lp = words.get(cand, _NO_WORD)
            if lp - win + _LM_GATE < bar:
                break  # this word and every later one (none more frequent) is too rare
            if cand[1] == w1:
                changed, d = _FIRST, charlog.get(w0, 0) - charlog.get(cand[0], 0)
            else:
                changed, d = _SECOND, charlog.get(w1, 0) - charlog.get(cand[1], 0)
            base = CHANNEL_WEIGHT * (d if d < 0 else 0)
            local = base + lp - win
            if local + _LM_GATE >= bar:
                out.append((cand, changed, bar, base, local))
        return tuple(out)

    def _score(self, a: int, b: int, survivors: tuple[Survivor, ...], st: tuple[int, str, list[int], dict[int, int]],
               off: int, out: list[Flag]) -> None:
        """Append to ``out`` the flags of the window ``run[a:b]`` (run positions; ``off``: the run's
        offset in the line) among the candidates past the cheap gate: the LM terms that differ,
        then the context's segmentation."""
        # framed: the character codes of ^run$; here: the written text's LM term per run position
        _, run, framed, here = st
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
                    w = here[k] = lm(framed[k - 1] if k else 0, framed[k], framed[k + 1])
                old += w
            # the gate: LM_WEIGHT·ΔLM + local + CONTEXT_GATE >= bar.  A log-probability is at
            # most 0, so ΔLM <= -old (the written text is likely enough: no candidate can beat
            # it by enough), and the candidate's terms computed so far bound ΔLM: stop at the
            # first that rules it out (usually the changed character's own)
            need = bar - local - _CONTEXT_GATE
            if LM_WEIGHT * -old < need:
                continue
            loc = [*framed[o : a + 1], *map(ord, cand), *framed[b + 1 : min(b + 3, n + 2)]]
            new = 0
            for k in ks:
                j = k + 1 - o
                new += lm(loc[j - 2] if k else 0, loc[j - 1], loc[j])
                if LM_WEIGHT * (new - old) < need:
                    break
            else:
                part = base + LM_WEIGHT * (new - old)
                lo, up = max(0, a - CONTEXT), min(n, b + CONTEXT)
                score = part + self.seg(run[lo:a] + cand + run[b:up]) - self.seg(run[lo:up])
                if score > bar:  # exact sums: a tie with the bar is no evidence either way
                    out.append(Flag(a + off, b + off, run[a:b], cand,
                                    math.floor(score * (100 / QUANT) + 0.5) / 100))


def _lm_term(ix: Index) -> Callable[[int, int, int], int]:
    """``term(x, y, z)``: the log-probability of the character coded ``z`` given ``x y`` or, when
    ``x`` is 0, given ``y`` alone (the first character of a run, after ^), in backoff form.  The
    n-gram tables are keyed by :func:`~fzlint.typo.index.code`: the characters' ``ord``, shifted."""
    tri, bow2, bi, bow1, uni = ix.tri.get, ix.bow2.get, ix.bi.get, ix.bow1.get, ix.uni.get
    unk = ix.unk_char

    def term(x: int, y: int, z: int) -> int:
        if x:
            p = tri(x << 32 | y << 16 | z)
            if p is not None:
                return p
            w = bow2(x << 16 | y, 0)
        else:
            w = 0
        p2 = bi(y << 16 | z)
        if p2 is None:
            p2 = bow1(chr(y), 0) + uni(chr(z), unk)
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
