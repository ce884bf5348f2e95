"""Refuse rule-pack regexes that can backtrack catastrophically, at load time.

Python's ``re`` is a backtracking engine: ``(a+)+$`` takes 2ⁿ steps on ``aaaa…!`` and
a third-party pack with such a pattern would hang a lint (or a language server) on
the wrong report.  Two ways out were considered: the ``regex`` package, which can
abort a search after a timeout, and rejecting dangerous patterns when the pack is
loaded.  fzlint does the latter, here, for every pattern a pack gives
(:func:`fzlint.infra.patterns.compile_pattern` calls :func:`problem`):

* **deterministic** — whether a pattern is accepted does not depend on the machine's
  load, and a lint never silently loses a rule's findings because a search timed out;
* **early and clear** — the pack's author gets ``rules/x.yaml:12: 规则 XQ101: …`` when
  the pack is loaded, not a reviewer a missing finding weeks later;
* **free at run time** — the check runs once per pattern on the parsed regex, and
  every search keeps ``re``'s speed and exact semantics (the built-in packs' golden
  results do not move to another engine).

What is refused (each is a way for the same text to be matched in exponentially or
high-polynomially many ways, which a failing search then tries one by one):

1. **nested quantifiers** — a repeated group whose body holds a variable-width
   repeat ``S`` and can match a string made only of ``S``'s characters:
   ``(a+)+``, ``(\\w+\\s?)*``, ``(.*,)*``, ``(?:\\s*\\S+){2,}``, ``(.*a){20}``.
   ``(\\d+、)*`` is accepted: every iteration needs a ``、`` that ``\\d+`` cannot eat.
2. **alternatives that spell each other under a quantifier** — a repeated alternation
   where one branch can be written with the characters of the others and another
   branch with its characters, so one text splits into iterations in many ways:
   ``(\\w|\\d+)*``, ``(a|ab|b)*``.  ``(?:第一|第二)*`` and ``(ab|a)*c`` are accepted.
3. **long chains of quantifiers that trade characters** — :data:`MAX_CHAIN` or more
   unbounded repeats in a row where each can take over the next one's characters
   (``\\s*\\s*\\s*\\s*``, ``.*a.*a.*a.*``): polynomial, but of a degree that hangs on a 1 MB line.

Possessive quantifiers and atomic groups (``a++``, ``(?>…)``) do not backtrack and are
accepted.  The analysis is conservative (it may refuse a pattern whose ambiguity
is harmless, e.g. ``(ab|ba)*``); rewrite such a pattern with a possessive quantifier
or an atomic group.  Characters are compared on a probe alphabet (ASCII, common CJK
text and punctuation, and every character the pattern names).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

#: Chains of this many character-trading unbounded repeats in a row are refused.
MAX_CHAIN = 4

_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT)
_POSSESSIVE = getattr(C, "POSSESSIVE_REPEAT", None)
_ATOMIC = getattr(C, "ATOMIC_GROUP", None)
_ASSERTS = (C.ASSERT, C.ASSERT_NOT)
_UNBOUNDED = C.MAXREPEAT

# Text-level prefilter (most patterns have no quantified group and few unbounded quantifiers).
_QUANTIFIED_GROUP = re.compile(r"\)(?:[*+]|\{)")
_UNBOUNDED_QUANTIFIER = re.compile(r"[*+]|\{\d*,\}")

_BASE_PROBES = (
    [chr(i) for i in range(128)]
    + list("中一〇年法，。、；：？！“”‘’《》（）【】\u3000\xa0０９ＡＺａé ßİΩ①\u2028\ufeff𠮷")
)
_CATEGORIES = {
    C.CATEGORY_DIGIT: r"\d",
    C.CATEGORY_NOT_DIGIT: r"\D",
    C.CATEGORY_SPACE: r"\s",
    C.CATEGORY_NOT_SPACE: r"\S",
    C.CATEGORY_WORD: r"\w",
    C.CATEGORY_NOT_WORD: r"\W",
}


class _Analysis:
    def __init__(self, parsed: Any, flags: int) -> None:
        codes: set[int] = set()
        _collect_literals(parsed, codes)
        probes = dict.fromkeys(_BASE_PROBES)
        for c in codes:
            for d in (c - 1, c, c + 1):
                if 0 <= d <= 0x10FFFF and not 0xD800 <= d <= 0xDFFF:
                    probes[chr(d)] = None
        self.probe_text = "".join(probes)
        self.all = (1 << len(self.probe_text)) - 1
        self.flags = flags & (re.IGNORECASE | re.DOTALL | re.ASCII)
        self._leaves: dict[tuple[Any, str], int] = {}

    # -- character sets as bit masks over the probes --------------------------------
    def leaf(self, op: Any, av: Any) -> int:
        """The probes a one-character item matches, as a bit mask (cached per item)."""
        key = (op, repr(av))
        m = self._leaves.get(key)
        if m is None:
            m = self._leaves[key] = self._leaf(op, av)
        return m

    def _leaf(self, op: Any, av: Any) -> int:
        if op is C.LITERAL:
            source = "[" + re.escape(chr(av)) + "]"
        elif op is C.NOT_LITERAL:
            source = "[^" + re.escape(chr(av)) + "]"
        elif op is C.ANY:
            source = "."
        elif op is C.IN:
            parts: list[str] = []
            for iop, iav in av:
                if iop is C.NEGATE:
                    parts.insert(0, "^")
                elif iop is C.LITERAL:
                    parts.append(re.escape(chr(iav)))
                elif iop is C.RANGE:
                    parts.append(re.escape(chr(iav[0])) + "-" + re.escape(chr(iav[1])))
                elif iop is C.CATEGORY and iav in _CATEGORIES:
                    parts.append(_CATEGORIES[iav])
                else:
                    return self.all  # something else: assume it may match anything
            source = "[" + "".join(parts) + "]"
        else:
            return self.all  # group references and the like: anything
        m = 0
        for hit in re.finditer(source, self.probe_text, self.flags):
            m |= 1 << hit.start()
        return m

    def chars(self, seq: Any) -> int:
        """Every character ``seq`` can consume (assertions are zero-width)."""
        m = 0
        for op, av in seq:
            if op in _REPEATS or op is _POSSESSIVE:
                m |= self.chars(av[2])
            elif op is C.SUBPATTERN:
                m |= self.chars(av[3])
            elif op is _ATOMIC:
                m |= self.chars(av)
            elif op is C.BRANCH:
                for b in av[1]:
                    m |= self.chars(b)
            elif op is C.GROUPREF_EXISTS:
                m |= self.chars(av[1]) | (self.chars(av[2]) if av[2] else 0)
            elif op is C.AT or op in _ASSERTS:
                continue
            else:
                m |= self.leaf(op, av)
        return m

    def within(self, seq: Any, allowed: int) -> tuple[bool, bool]:
        """(can ``seq`` match some string using only ``allowed`` characters,
        can it match a non-empty one)."""
        nonempty = False
        for op, av in seq:
            ok, ne = self._within_item(op, av, allowed)
            if not ok:
                return False, False
            nonempty = nonempty or ne
        return True, nonempty

    def _within_item(self, op: Any, av: Any, allowed: int) -> tuple[bool, bool]:
        if op in _REPEATS or op is _POSSESSIVE:
            lo, hi, body = av
            ok, ne = self.within(body, allowed)
            if lo == 0:
                return True, ne and hi > 0
            return ok, ok and ne
        if op is C.SUBPATTERN:
            return self.within(av[3], allowed)
        if op is _ATOMIC:
            return self.within(av, allowed)
        if op is C.BRANCH:
            results = [self.within(b, allowed) for b in av[1]]
            return any(ok for ok, _ in results), any(ne for _, ne in results)
        if op is C.GROUPREF_EXISTS:
            results = [self.within(av[1], allowed)] + ([self.within(av[2], allowed)] if av[2] else [(True, False)])
            return any(ok for ok, _ in results), any(ne for _, ne in results)
        if op is C.AT or op in _ASSERTS:
            return True, False
        if op is C.GROUPREF:
            return True, bool(allowed)
        m = self.leaf(op, av)
        return bool(m & allowed), bool(m & allowed)


def _collect_literals(seq: Any, out: set[int]) -> None:
    for op, av in seq:
        if op is C.LITERAL or op is C.NOT_LITERAL:
            out.add(av)
        elif op is C.IN:
            for iop, iav in av:
                if iop is C.LITERAL:
                    out.add(iav)
                elif iop is C.RANGE:
                    out.update(iav)
        else:
            for sub in _children(op, av):
                _collect_literals(sub, out)


def _children(op: Any, av: Any) -> list[Any]:
    if op in _REPEATS or op is _POSSESSIVE:
        return [av[2]]
    if op is C.SUBPATTERN:
        return [av[3]]
    if op is _ATOMIC:
        return [av]
    if op is C.BRANCH:
        return list(av[1])
    if op is C.GROUPREF_EXISTS:
        return [av[1]] + ([av[2]] if av[2] else [])
    if op in _ASSERTS:
        return [av[1]]
    return []


def _backtracking(seq: Any) -> list[tuple[Any, Any]]:
    """Repeats and alternations inside ``seq`` that a failing match backtracks into
    (not inside atomic groups, possessive repeats or lookarounds)."""
    out: list[tuple[Any, Any]] = []
    for op, av in seq:
        if op is _ATOMIC or op is _POSSESSIVE or op in _ASSERTS:
            continue
        if op in _REPEATS or op is C.BRANCH:
            out.append((op, av))
        for sub in _children(op, av):
            out += _backtracking(sub)
    return out


def _problem(an: _Analysis, seq: Any) -> str | None:
    if _chain(an, seq) >= MAX_CHAIN:
        return f"连续 {MAX_CHAIN} 个以上可以互相让出字符的无界量词（如 .*a.*a.*a.*）：匹配失败时耗时为长度的高次方"
    for op, av in seq:
        if op in _REPEATS and av[1] >= 2:
            found = _repeat_problem(an, av[2])
            if found:
                return found
        for sub in _children(op, av):
            found = _problem(an, sub)
            if found:
                return found
    return None


def _repeat_problem(an: _Analysis, body: Any) -> str | None:
    """Can an iteration of ``body`` be matched, or split between iterations, in more than one way?"""
    for op, av in _backtracking(body):
        if op in _REPEATS and av[1] > av[0]:
            if an.within(body, an.chars(av[2]))[1]:
                return "嵌套的量词（如 (a+)+、(\\w+\\s?)*）：同一段文字有指数多种匹配方式"
        elif op is C.BRANCH:
            branches = [b for b in av[1] if b]
            masks = [an.chars(b) for b in branches]
            for i, bi in enumerate(branches):
                others = 0
                for j, m in enumerate(masks):
                    if j != i:
                        others |= m
                if not an.within(bi, others)[1]:
                    continue
                if any(j != i and an.within(bj, masks[i])[1] for j, bj in enumerate(branches)):
                    return "量词下的分支可以拼出相同的文字（如 (a|ab|b)*）：同一段文字有指数多种匹配方式"
    return None


def _chain(an: _Analysis, seq: Any) -> int:
    """The longest run of unbounded repeats in ``seq`` where each can take over the
    characters between it and the next (so a failing match tries every split)."""
    best = run = 0
    prev_mask = 0
    between: list[tuple[Any, Any]] = []
    for op, av in seq:
        if op in _REPEATS and av[1] == _UNBOUNDED:
            mask = an.chars(av[2])
            common = mask & prev_mask
            if run and common and all(an._within_item(bop, bav, common)[0] for bop, bav in between):
                run += 1
            else:
                run = 1
            prev_mask = mask
            between = []
            best = max(best, run)
        elif op is C.AT or op in _ASSERTS:
            continue
        else:
            between.append((op, av))
    return best


def _suspicious(seq: Any) -> bool:
    """Cheap structural test: is there anything the full analysis could refuse?"""
    unbounded = 0
    for op, av in seq:
        if op in _REPEATS:
            if av[1] == _UNBOUNDED:
                unbounded += 1
            if av[1] >= 2 and _backtracking(av[2]):
                return True
        if any(_suspicious(sub) for sub in _children(op, av)):
            return True
    return unbounded >= MAX_CHAIN


@lru_cache(maxsize=4096)
def problem(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` may backtrack catastrophically, or None.  (Compile ``pattern``
    first: a pattern that does not parse may or may not raise ``re.error`` here.)"""
    if not _QUANTIFIED_GROUP.search(pattern) and len(_UNBOUNDED_QUANTIFIER.findall(pattern)) < MAX_CHAIN:
        return None
    parsed = sre_parse.parse(pattern, flags)
    if not _suspicious(parsed):
        return None
    an = _Analysis(parsed, flags | parsed.state.flags)
    return _problem(an, parsed)
