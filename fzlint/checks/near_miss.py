"""``near_miss``: a spelling one character off a canonical fixed phrase (rapidfuzz).

Fields:
  phrases       the canonical phrases (谁执法谁普法, 枫桥经验, 三重一大…)
  allow         legitimate spellings that happen to be near a canonical phrase
                (法律明白纸 next to 法律明白人, 以案说法 next to 以案释法)
  max_distance  the threshold: the most Levenshtein edits (insert, delete, substitute
                one character) a span may be from a phrase and still be reported
  min_length    phrases shorter than this are checked only where they are the whole
                content of a “…” quotation, and no unquoted span shorter than this is
                reported (a 3-character string one edit off a slogan is too often
                another word: 三重大 is not a misspelt 三重一大)

Candidate spans, never the whole text: ``d`` edits leave at least one of ``d + 1``
consecutive pieces of the phrase intact, near its own offset.  So each line is searched
with ``str.find`` for the pieces of every phrase, and only the few windows of length
``n - d … n + d`` anchored there go to ``rapidfuzz.distance.Levenshtein``.  A window is
skipped when it overlaps an exact occurrence of any canonical phrase or of an
``allow`` word, contains a character that is neither Han nor in the phrase, or is
inside a 《…》 title (titles are FZ405's).  Overlapping hits keep the closest one.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..diagnostic import Diagnostic, Edit, Fix
from ..infra import rx
from ..packs.schema import ListOf, OneOf, param, params
from .base import Context, check_template
from .contract import Check
from .prefilter import Prefilter
from .textutil import Spans, is_han, title_spans

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "near_miss"


@params
class Params:
    phrases: list[str] = param(ListOf(str), required=True)
    allow: list[str] = param(ListOf(str), default=[])
    max_distance: int = param(int, default=1, check=lambda v: None if 1 <= v <= 2 else "应为 1 或 2")
    min_length: int = param(int, default=4)
    fix: str = param(OneOf(("safe", "unsafe", "none")), default="unsafe")
    suggestion: str = param(str, default="改为“{right}”")


PLACEHOLDERS = frozenset({"match", "right", "distance"})
_QUOTED = rx.compile(r"“([^“”\n]{1,40})”")


@dataclass(frozen=True)
class Phrase:
    """A canonical phrase long enough to be searched for by its anchor pieces."""

    text: str
    pieces: tuple[tuple[str, int], ...]  # (piece, offset in the phrase): anchors, one survives the edits
    chars: frozenset[str]
    words: tuple[str, ...] = ()  # the pieces' texts


@dataclass(frozen=True)
class State:
    """The rule's phrases (long ones with their pieces, short ones by length), allowed spellings
    and line prefilter, built by ``prepare``."""

    long: tuple[Phrase, ...]
    short: dict[int, tuple[str, ...]]  # length → short phrases (checked in quotes only)
    all_phrases: tuple[str, ...]
    allow: frozenset[str]
    #: the lines worth looking at: "pattern" k < len(long) is the long phrase k (one of its
    #: pieces is in the line), len(long) the short phrases (a quote opens in the line)
    prefilter: Prefilter | None = None


def _pieces(p: str, d: int) -> tuple[tuple[str, int], ...]:
    """Split ``p`` into ``d + 1`` consecutive pieces (with their offsets): ``d`` edits
    can touch at most ``d`` of them, so one piece appears intact in any misspelling."""
    n, k = len(p), d + 1
    cuts = [round(i * n / k) for i in range(k + 1)]
    return tuple((p[cuts[i] : cuts[i + 1]], cuts[i]) for i in range(k))


def validate(rule: Rule[Params]) -> None:
    o = rule.params
    check_template(o.suggestion, PLACEHOLDERS, "suggestion")
    for p in o.phrases:
        if len(p) < 2:
            raise ValueError(f"phrases 中的短语太短：{p!r}")
    if any(len(p) <= 2 * o.max_distance for p in o.phrases):
        raise ValueError(f"phrases 中的短语应长于 max_distance 的两倍（{2 * o.max_distance} 个字）")


def prepare(rule: Rule[Params]) -> State:
    o = rule.params
    d = o.max_distance
    long = tuple(
        Phrase(p, pcs, frozenset(p), tuple(x for x, _ in pcs))
        for p in o.phrases if len(p) >= o.min_length for pcs in (_pieces(p, d),)
    )
    short: dict[int, list[str]] = {}
    for p in o.phrases:
        if len(p) < o.min_length:
            short.setdefault(len(p), []).append(p)
    # A line can only have a hit where a piece is (long phrases) or a quote opens (short ones).
    prefilter = Prefilter.of([frozenset(ph.words) for ph in long] + [frozenset("“" if short else "")])
    return State(long, {k: tuple(v) for k, v in short.items()}, tuple(o.phrases), frozenset(o.allow), prefilter)


_rapidfuzz_distance: Any = None


def _distance() -> Any:
    """``rapidfuzz.distance``, imported on first use (not when fzlint starts)."""
    global _rapidfuzz_distance
    if _rapidfuzz_distance is None:
        import rapidfuzz.distance

        _rapidfuzz_distance = rapidfuzz.distance
    return _rapidfuzz_distance


def _find_all(text: str, sub: str) -> Iterator[int]:
    i = text.find(sub)
    while i != -1:
        yield i
        i = text.find(sub, i + 1)


def _windows(content: str, ph: Phrase, d: int) -> Iterator[tuple[int, int]]:
    """Spans of length n-d … n+d placed so that an intact piece sits where it would
    after at most ``d`` insertions or deletions before it.

    An occurrence of a piece has no window when none can be within ``d`` edits: when it is
    part of the phrase written correctly (each of its windows overlaps that occurrence, which
    is never reported), or when the stretch its windows lie in does not hold ``n - d`` of
    the phrase's characters in order (an edit keeps at most one character out of the
    longest common subsequence: ``经验`` in ``工作经验`` is not ``枫桥经验`` one edit off)."""
    lcs = _distance().LCSseq
    n, text = len(ph.text), ph.text
    for piece, off in ph.pieces:
        for i in _find_all(content, piece):
            if i >= off and content.startswith(text, i - off):
                continue
            lo, hi = max(0, i - off - d), min(len(content), i - off + n + 2 * d)
            if lcs.similarity(text, content[lo:hi], score_cutoff=n - d) < n - d:
                continue
            for a in range(i - off - d, i - off + d + 1):
                for length in range(n - d, n + d + 1):
                    b = a + length
                    if 0 <= a <= i and i + len(piece) <= b <= len(content):
                        yield a, b


def _hits(content: str, state: State, d: int, min_length: int,
          phrases: Iterable[Phrase], quoted: bool) -> list[tuple[int, int, int, str]]:
    """``phrases``: the long phrases with a piece in ``content`` (a window holds a piece
    intact, see _pieces); ``quoted``: look for the short phrases (a quote opens in it)."""
    Levenshtein = _distance().Levenshtein

    protected: Spans | None = None  # built when the first window needs it
    hits: list[tuple[int, int, int, str]] = []
    for ph in phrases:
        seen: set[tuple[int, int]] = set()
        for a, b in _windows(content, ph, d):
            if (a, b) in seen:
                continue
            seen.add((a, b))
            w = content[a:b]
            if len(w) < min_length:
                continue
            # The conditions are independent: the distance (C) first, as it rules out most windows.
            dist = Levenshtein.distance(ph.text, w, score_cutoff=d)
            if not 0 < dist <= d:
                continue
            if not all(is_han(ch) or ch in ph.chars for ch in w):
                continue
            if protected is None:
                protected = Spans([*((i, i + len(p)) for p in (*state.all_phrases, *state.allow)
                                     for i in _find_all(content, p)), *title_spans(content)])
            if protected.overlaps(a, b):
                continue
            hits.append((a, b, dist, ph.text))
    for m in _QUOTED.finditer(content) if quoted else ():
        w = m.group(1)
        for length in range(len(w) - d, len(w) + d + 1):
            for p in state.short.get(length, ()):
                if w != p and w not in state.allow and 0 < Levenshtein.distance(p, w, score_cutoff=d) <= d:
                    hits.append((m.start(1), m.end(1), Levenshtein.distance(p, w), p))
    return hits


def _ragged(content: str, a: int, b: int, phrase: str) -> bool:
    """The window does not end with the phrase's last character and the text goes on with
    characters of the phrase right after it (or the same at its start):
    ``现代代化`` read as ``现代代`` or ``现代`` would be fixed to ``现代化化``, while the window
    that reaches the end of the run (an inserted character) is the right reading."""
    return ((b < len(content) and content[b - 1] != phrase[-1] and content[b] in phrase)
            or (a > 0 and content[a] != phrase[0] and content[a - 1] in phrase))


def _best(hits: list[tuple[int, int, int, str]], content: str = "") -> list[tuple[int, int, int, str]]:
    """Among overlapping hits keep the closest (fewest edits, a window not cut inside a run of
    the phrase's characters, length nearest the phrase, then the longer: an inserted character
    is replaced along with the rest rather than left behind)."""
    kept: list[tuple[int, int, int, str]] = []  # non-overlapping, in order: only neighbours can overlap
    for h in sorted(hits, key=lambda h: (h[2], _ragged(content, h[0], h[1], h[3]),
                                         abs((h[1] - h[0]) - len(h[3])), h[0] - h[1], h[0])):
        i = bisect.bisect_left(kept, h)
        if not any(h[0] < k[1] and k[0] < h[1] for k in kept[max(i - 1, 0) : i + 1]):
            kept.insert(i, h)
    return kept


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    o = rule.params
    # Every window a phrase is compared with holds one of its pieces intact: a phrase is
    # looked for only in the lines holding one of its pieces, the short ones only in lines
    # where a quote opens (the rule's prefilter finds both).
    assert state.prefilter is not None  # set by prepare
    long = state.long
    for ln, ks in state.prefilter.lines(ctx.analyses.lines, rule.scope):
        base = ln.content_start
        content = doc.text[base : ln.content_end]
        phrases = [long[k] for k in ks if k < len(long)]
        hits = _hits(content, state, o.max_distance, o.min_length, phrases, ks[-1] == len(long))
        for a, b, dist, phrase in _best(hits, content):
            values: dict[str, Any] = {"match": content[a:b], "right": phrase, "distance": dist}
            suggestion = rule.format(o.suggestion, **values)
            fix = Fix((Edit(base + a, base + b, phrase),), o.fix == "safe", suggestion) if o.fix != "none" else None
            yield ctx.report(rule, base + a, base + b, rule.format(**values), suggestion=suggestion, fix=fix)


CHECK: Check[State, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
