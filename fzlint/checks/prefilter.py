"""Which lines a literal-driven rule needs to look at, found without a test per line and pattern.

Many checks (``pattern``, ``substitution``, ``stale_terms``, ``near_miss``, ``bare_titles``,
``charmap``, ``pairs``) run regexes line by line, and a regex can only match a line holding one
of its required literals (:func:`fzlint.infra.rx.required`).  Testing every line against every
pattern's literals costs a Python call per line × pattern, which on ordinary reports costs
more than the matching itself.  Two pieces replace it:

* :class:`Lines` (one per document, ``ctx.analyses.lines``): the non-blank lines, the lines of
  each scope (built once, exactly as :func:`~fzlint.checks.base.scoped_lines` yields them) and
  :meth:`Lines.holding` — the lines a regex of literals (or a character class) starts a match in,
  one ``search`` per such line, however many lines lie between;
* :class:`Prefilter` (one per rule, built by its ``prepare``): from the required literals of
  each of the rule's patterns, the lines worth looking at and, on each, the patterns that can
  match there — read from one scan of the line by a regex that reports, at every position where
  a literal starts, the longest one (the shorter ones starting there are its prefixes), so
  overlapping literals are all seen.

Both are exact prefilters: a line or pattern they leave out cannot have a match.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..infra import rx

if TYPE_CHECKING:
    from ..parse.document import Document, Line

#: Up to this many literals, ``in`` (a fast C scan each) tells a finder has nothing to find
#: sooner than the finder's own search, which tests the literals' first characters everywhere.
_FEW = 8
#: Lines found by jumping from match to match before the rest are tested one by one.
_JUMPS = 6
#: A scope's lines: the lines (as scoped_lines yields them), their indices into
#: Lines.paras, and whether they are all the document's non-blank lines in order.
Scope = tuple[tuple["Line", ...], tuple[int, ...], bool]


class Lines:
    """A document's non-blank lines with the indexes the literal prefilters need."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.paras: tuple[Line, ...] = tuple(ln for ln in doc.lines if not ln.blank)
        self.starts = [ln.start for ln in self.paras]
        self._content = ([ln.content_start for ln in self.paras], [ln.content_end for ln in self.paras])
        self._scopes: dict[str, Scope] = {}
        self._held: dict[tuple[str, int], list[int]] = {}

    def scope(self, scope: str) -> Scope:
        """The lines of ``scope`` in the order :func:`~fzlint.checks.base.scoped_lines` yields
        them (range by range of ``doc.scope_ranges``), computed once per document."""
        got = self._scopes.get(scope)
        if got is None:
            paras, starts = self.paras, self.starts
            idx: list[int] = []
            for a, b in self.doc.scope_ranges(scope):
                # as Document.paragraphs: the lines from the last one starting at or before a
                # (unless it ends by a) to the last one starting before b
                first = max(bisect.bisect_right(starts, a) - 1, 0)
                if first < len(paras) and paras[first].end <= a:
                    first += 1
                idx.extend(range(first, bisect.bisect_left(starts, b)))
            whole = idx == list(range(len(paras)))
            got = self._scopes[scope] = (tuple(paras[i] for i in idx), tuple(idx), whole)
        return got

    def holding(self, finder: re.Pattern[str], literals: Collection[str] | None = None) -> list[int]:
        """Indices (into :attr:`paras`, ascending) of the lines in whose content a match of
        ``finder`` starts, found by searching from each line's content onwards: a match that
        starts in a line is found whatever lies between (the same lines as
        :func:`~fzlint.checks.base.lines_holding`).  After the first few such lines, the
        remaining lines are searched one by one (a match must then also end in the line: the
        same lines for a finder of literals without spaces).  ``literals``: what ``finder`` matches,
        when it is a few literal strings (none in the text: no line, without a regex scan).
        Computed once per document and finder (rules share literals)."""
        key = rx.identity(finder)  # not the pattern itself: hashing a lazy one would compile it
        got = self._held.get(key)
        if got is None:
            if literals is not None and len(literals) <= _FEW and not any(map(self.text.__contains__, literals)):
                got = []
            else:
                got = self._holding(finder)
            self._held[key] = got
        return got

    def _holding(self, finder: re.Pattern[str]) -> list[int]:
        text, starts = self.text, self.starts
        cs, ce = self._content
        search, bisect_right = finder.search, bisect.bisect_right
        out: list[int] = []
        n = len(starts)
        if not n:
            return out
        pos = cs[0]
        while len(out) < _JUMPS:
            m = search(text, pos)
            if m is None:
                return out
            p = m.start()
            i = bisect_right(starts, p) - 1  # >= 0: p >= pos >= cs[0] >= starts[0]
            if p < cs[i]:  # in the indentation: the line's content is searched next
                pos = cs[i]
            elif p < ce[i]:
                out.append(i)
                i += 1
                if i == n:
                    return out
                pos = cs[i]
            elif i + 1 < n:  # after the content (trailing spaces, blank lines): the next line
                pos = cs[i + 1]
            else:
                return out
        # Many lines hold one (punctuation, common words): each remaining line's content is
        # searched, a call in C per line instead of a jump in Python per line holding one.
        out.extend([j for j in range(out[-1] + 1, n) if search(text, cs[j], ce[j])])
        return out

    def select(self, scope: str, held: Sequence[int] | None) -> list[tuple[int, Line]]:
        """(index, line) of the lines of ``scope`` that are in ``held`` (None: all of them),
        in the scope's order."""
        lines, idx, whole = self.scope(scope)
        if held is None:
            return list(zip(idx, lines, strict=True))
        if whole:
            paras = self.paras
            return [(i, paras[i]) for i in held]
        keep = set(held)
        return [(i, ln) for i, ln in zip(idx, lines, strict=True) if i in keep]


def literal_trie(words: Sequence[str]) -> str:
    """A regex matching any of ``words``, written as a trie (one alternative per first
    character, then per next character…) that prefers the longest word at a position."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


@dataclass(frozen=True)
class Prefilter:
    """The lines of a document where a rule's patterns can match, and which of them can.

    Built once per rule from each pattern's required literals (None: no prefilter, the
    pattern is tried on every line)."""

    count: int  # how many patterns
    finder: re.Pattern[str] | None  # any literal of any pattern (None: every line)
    words: frozenset[str]  # the literals ``finder`` matches
    #: at each position where a literal starts, the longest one (group 1); None when one test
    #: per line is enough (a single pattern, or every pattern on every line)
    each: re.Pattern[str] | None
    patterns_of: dict[str, tuple[int, ...]]  # a literal found by ``each`` → the patterns it admits
    always: tuple[int, ...]  # the patterns without a prefilter
    all_patterns: tuple[int, ...] = field(default=())  # the patterns a set of literals can admit

    @classmethod
    def of(cls, required: Sequence[frozenset[str] | None]) -> Prefilter:
        n = len(required)
        always = tuple(k for k, req in enumerate(required) if req is None)
        # A line's content never holds a line break: a literal with one is never found.
        reqs = [frozenset(x for x in req if "\n" not in x and "\r" not in x) if req is not None else None
                for req in required]
        words = sorted({w for req in reqs if req is not None for w in req})
        finder = None
        if not always:
            finder = rx.compile(literal_trie(words)) if words else rx.compile("(?!)")
        each = None
        patterns_of: dict[str, tuple[int, ...]] = {}
        live = tuple(k for k, req in enumerate(reqs) if req is None or req)  # an empty set admits no line
        if len(live) - len(always) > 1 and len({req for req in reqs if req}) > 1:
            first = "".join(sorted({re.escape(w[0]) for w in words}))
            each = rx.compile(f"[{first}](?<=(?=({literal_trie(words)})).)")
            # A literal found by ``each`` admits the patterns of every literal it starts with
            # (itself included): read off its prefixes, not by testing every pair of literals.
            admits: dict[str, list[int]] = {}
            for k, req in enumerate(reqs):
                for v in req or ():
                    admits.setdefault(v, []).append(k)
            for w in words:
                ks: set[int] = set()
                for j in range(1, len(w) + 1):
                    ks.update(admits.get(w[:j], ()))
                patterns_of[w] = tuple(sorted(ks))
        return cls(n, finder, frozenset(words), each, patterns_of, always, live)

    def lines(self, lines: Lines, scope: str) -> Iterator[tuple[Line, tuple[int, ...]]]:
        """Each line of ``scope`` (in order) where one of the patterns can match, with the
        indices of those patterns, ascending."""
        held = lines.holding(self.finder, self.words) if self.finder is not None else None
        for _, ln, ks in self._admit(lines, lines.select(scope, held)):
            yield ln, ks

    def admitted(self, lines: Lines) -> Iterator[tuple[int, tuple[int, ...]]]:
        """(index into ``lines.paras``, pattern indices) of every line where one can match."""
        paras = lines.paras
        held: Iterable[int] = lines.holding(self.finder, self.words) if self.finder is not None else range(len(paras))
        for i, _, ks in self._admit(lines, ((i, paras[i]) for i in held)):
            yield i, ks

    def _admit(self, lines: Lines, held: Iterable[tuple[int, Line]]) -> Iterator[tuple[int, Line, tuple[int, ...]]]:
        each, text = self.each, lines.text
        if each is None:
            for i, ln in held:
                yield i, ln, self.all_patterns
            return
        patterns_of, always = self.patterns_of, self.always
        for i, ln in held:
            found = each.findall(text, ln.content_start, ln.content_end)
            if not found:
                if always:
                    yield i, ln, always
                continue
            ks = set(always)
            for w in set(found):
                ks.update(patterns_of[w])
            if ks:
                yield i, ln, tuple(sorted(ks))
