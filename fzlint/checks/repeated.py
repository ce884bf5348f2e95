"""``repeated``: a clause written twice in a row (片段重复), as left by editing or pasting.

``共排查出涉企“挂案”5起，排查出涉企“挂案”5起`` — the second clause says nothing new.  Each
paragraph is cut into clauses at ``separators``; a clause is reported when, after
``ignore_prefix`` (connectives such as 共/并/同时) is taken off both, it equals the clause
before it or the one before it ends with it, and it has at least ``min_chars`` characters.
Parallel wording (``开展法治进社区活动，开展法治进学校活动``) differs in a word and is never
equal, so only true repeats are reported.  The fix (unsafe: the drafter may have meant
another figure) deletes the repeat with the separator before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from typing import TYPE_CHECKING

from ..diagnostic import Diagnostic, Edit, Fix
from ..infra import rx
from ..packs.schema import OneOf, param, params
from .base import Context, check_template, clip, compile_pattern, scoped_lines
from .contract import Check

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "repeated"


@params
class Params:
    separators: str = param(str, default="，,；;。！？!?")
    ignore_prefix: str | None = param(str, default=None, doc="regex: connectives taken off a clause's start before comparing")
    min_chars: int = param(int, default=8)
    fix: str = param(OneOf(("safe", "unsafe", "none")), default="unsafe")
    suggestion: str | None = param(str, default=None)


PLACEHOLDERS = frozenset({"match"})


def validate(rule: Rule[Params]) -> None:
    check_template(rule.params.suggestion, PLACEHOLDERS, "suggestion")
    if rule.params.min_chars < 2 or not rule.params.separators:
        raise ValueError("min_chars 至少为 2，separators 不能为空")
    prepare(rule)


def prepare(rule: Rule[Params]) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    o = rule.params
    split = rx.compile("[" + re.escape(o.separators) + "]")
    return split, compile_pattern(o.ignore_prefix) if o.ignore_prefix else None


def check(doc: Document, rule: Rule[Params], state: tuple[re.Pattern[str], re.Pattern[str] | None],
          ctx: Context) -> Iterator[Diagnostic]:
    split, prefix = state
    o = rule.params
    text = doc.text
    for ln in scoped_lines(doc, rule.scope):
        a, end = ln.content_start, ln.content_end
        # A repeat needs two clauses in a row that end in the same character (below): most
        # lines have none, found by one split and a comparison of the clauses' last characters.
        tails = [c.rstrip()[-1:] for c in split.split(text[a:end])]
        if not any(t and t == u for t, u in pairwise(tails)):
            continue
        # (end of the clause before, its text stripped at the end); its core is made only when
        # needed: a clause repeats the one before only when both end in the same character
        # (a core ends with its clause's last non-space character)
        previous: tuple[int, str] | None = None
        for m in [*split.finditer(text, a, end), None]:
            b = m.start() if m else end
            clause = text[a:b].rstrip()
            if (previous is not None and clause and previous[1] and previous[1][-1] == clause[-1]
                    and len(core := _core(clause, prefix)) >= o.min_chars and _core(previous[1], prefix).endswith(core)):
                sep = previous[0]
                values = {"match": clip(text[a:b].strip(), 30)}
                fix = (Fix((Edit(sep, b, ""),), o.fix == "safe", rule.format(o.suggestion, **values))
                       if o.fix != "none" and o.suggestion else None)
                suggestion = rule.format(o.suggestion, **values) if o.suggestion else None
                yield ctx.report(rule, a, b, rule.format(**values), suggestion=suggestion, fix=fix)
            previous = (b, clause)
            if m is None:
                break
            a = m.end()


def _core(clause: str, prefix: re.Pattern[str] | None) -> str:
    core = "".join(clause.split())
    if prefix is not None:
        m = prefix.match(core)
        if m:
            core = core[m.end():]
    return core


CHECK: Check[tuple[re.Pattern[str], re.Pattern[str] | None], Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
