"""The one place packs' regexes are compiled, and the set of patterns already found safe.

It lived in ``checks/base.py``; ``packs`` and ``parts`` compile patterns too, and importing
it from the checks made an import cycle (checks.base ↔ parts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import rx

#: (pattern, flags) already found safe in this process, or by the validation of a rule set
#: kept in the user cache (:func:`fzlint.packs.loader.load_ruleset` restores them with the set):
#: the safety analysis parses the pattern again and cost ~15 ms of every run's first lint.
_SAFE: set[tuple[str, int]] = set()


def compile_pattern(pattern: str, ignore_case: bool = False) -> re.Pattern[str]:
    """The one place packs' regexes are compiled.  ValueError on a pattern that does not
    compile or that could backtrack catastrophically (:mod:`fzlint.infra.regexsafe`)."""
    flags = re.IGNORECASE if ignore_case else 0
    try:
        compiled = rx.compile(pattern, flags)
    except re.error as e:
        raise ValueError(f"正则表达式无法编译：{pattern!r}（{e}）") from None
    if (pattern, flags) not in _SAFE:
        from .regexsafe import problem

        why = problem(pattern, flags)
        if why:
            raise ValueError(f"正则表达式可能回溯失控，已拒绝：{pattern!r}（{why}；可改用占有量词 a++ 或原子组 (?>…)）")
        _SAFE.add((pattern, flags))
    return compiled


def safe_patterns() -> frozenset[tuple[str, int]]:
    """The patterns found safe so far (kept with a validated rule set in the user cache)."""
    return frozenset(_SAFE)


def trust_patterns(patterns: Iterable[tuple[str, int]]) -> None:
    """Patterns a cached, validated rule set was checked with: not analysed again."""
    _SAFE.update(patterns)
