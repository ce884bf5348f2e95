"""``bare_titles``: a law, regulation, plan, newspaper or book named in running text
without 《》 (新修订的行政处罚法, 据人民日报报道).

Names are pack data in ``groups``, each with its ``kind`` (法律, 报纸…) and ``titles``.
A title that starts with one of ``strip_prefixes`` (中华人民共和国) also counts in its
short form (行政处罚法) when that is at least ``min_short`` characters long; names in
``bare_ok`` are never reported (宪法, 民法典 are written bare as the names of the codes
in campaign and study wording).  A group may ask for a ``context`` regex near the name
(求是 is a magazine only next to 杂志/刊发/发表…, else it is 实事求是), and a plan's name
may carry its year span (（2021－2025年）), which then belongs to the title.

Found with a suffix index, never a regex alternation of hundreds of names: for each
position holding the last character of a name after a character that precedes it in
some name (one regex finds them), the few lengths of names ending with it are looked
up in a set (longest first), so a report costs one pass.

A name is not reported when

* it lies inside 《…》 or “…” or touches a 《 or 》 (an unbalanced title is FZ504's);
* the next characters continue it into another word (``not_after``: 行政处罚法律、
  预算法定、公司法务, 行政复议法实施条例 when that is not itself listed);
* the next characters make it part of a campaign or event name (``allow_after``:
  宪法宣传周, 民法典进社区) — the bare use those names have in common usage.

* the character before it is a Han character that may belong to a longer title
  (天津市优化营商环境条例 is Tianjin's regulation; 学前教育法 is not 教育法): only
  names after punctuation, at the start of a line or after one of ``before_chars`` (the
  last characters of the verbs and particles a citation follows: 学习、贯彻、根据、新、的…)
  are reported.

So the name's extent is certain, and the fix, 《》 around it (its year span included),
is safe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..diagnostic import Diagnostic, Edit, Fix
from ..infra import rx
from ..packs.schema import F, ListOf, OneOf, Schema, param, params
from .base import Context, check_template, compile_pattern
from .contract import Check
from .textutil import Spans, is_han

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "bare_titles"
GROUP = Schema(
    {
        "kind": F(str, required=True, doc="what the names are (法律, 行政法规, 报纸…), shown in the message"),
        "titles": F(ListOf(str), required=True),
        "strip_prefixes": F(ListOf(str), default=[], doc="prefixes a short form may omit"),
        "min_short": F(int, default=3, doc="the shortest short form reported"),
        "context": F(str, default=None, doc="regex that must match within 12 characters around the name"),
        "years": F(bool, default=False, doc="a year span （2021－2025年） after the name belongs to it"),
    }
)


@params
class Params:
    groups: list[dict[str, Any]] = param(ListOf(GROUP), required=True)
    bare_ok: list[str] = param(ListOf(str), default=[], doc="names never reported bare")
    not_after: str | None = param(str, default=None, doc="regex: the name continues into another word")
    allow_after: str | None = param(str, default=None, doc="regex: a campaign or event name built on the name")
    before_chars: str = param(str, default="", doc="Han characters after which a name starts unambiguously")
    fix: str = param(OneOf(("safe", "unsafe", "none")), default="safe")
    suggestion: str = param(str, default="改为《{right}》")


PLACEHOLDERS = frozenset({"match", "right", "kind"})
_QUOTE = rx.compile(r"“[^“”\n]{0,60}”|「[^「」\n]{0,60}」")
_YEARS = rx.compile(r"[（(]\s*\d{4}\s*[-－—–~～至]\s*\d{4}\s*年?\s*[）)]")
WINDOW = 12


@dataclass(frozen=True)
class Name:
    """A name the rule knows: its text, its kind (法律, 报纸…), the context it needs near it, and whether
    a year span may follow it."""

    text: str
    kind: str
    context: re.Pattern[str] | None
    years: bool


@dataclass(frozen=True)
class State:
    """The prepared rule: its names, the suffix index that finds them, and what may come before and after one."""

    names: dict[str, Name]
    lengths: dict[str, tuple[int, ...]]  # last character → lengths of names ending with it, longest first
    not_after: re.Pattern[str] | None
    allow_after: re.Pattern[str] | None
    before_chars: frozenset[str]
    finder: re.Pattern[str]  # the last character of a name, after a character that comes before it in one
    bare_list: re.Pattern[str] | None = None  # a bare_ok name as an item of an enumeration


def validate(rule: Rule[Params]) -> None:
    check_template(rule.params.suggestion, PLACEHOLDERS, "suggestion")
    prepare(rule)


def prepare(rule: Rule[Params]) -> State:
    o = rule.params
    ok = set(o.bare_ok)
    names: dict[str, Name] = {}
    for g in o.groups:
        ctx = compile_pattern(g["context"]) if g["context"] else None
        for t in g["titles"]:
            if g["years"] and "年" in t:
                t = _YEARS.sub("", t).strip()
            forms = [t]
            for p in g["strip_prefixes"]:
                if t.startswith(p) and len(t) - len(p) >= g["min_short"]:
                    forms.append(t[len(p) :])
            for n in forms:
                if n not in ok:
                    names.setdefault(n, Name(n, g["kind"], ctx, g["years"]))
    lengths: dict[str, set[int]] = {}
    for n in names:
        lengths.setdefault(n[-1], set()).add(len(n))
    return State(
        names,
        {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
        compile_pattern(o.not_after) if o.not_after else None,
        compile_pattern(o.allow_after) if o.allow_after else None,
        frozenset(o.before_chars),
        _last_characters(names),
        _bare_list(sorted(ok, key=len, reverse=True)),
    )


def _last_characters(names: dict[str, Name]) -> re.Pattern[str]:
    """A regex matching the last character of a name where the character before it is the
    one before that character in some name (``法`` after ``罚``, not after ``执``): most
    ``法`` in a report end 执法, 依法, 普法, which no name does.  Each alternative starts with
    its last character, so the search skips any other character at C speed."""
    before: dict[str, set[str]] = {}
    alone: set[str] = set()  # names of one character
    for n in names:
        (before.setdefault(n[-1], set()).add(n[-2]) if len(n) > 1 else alone.add(n))
    alts = []
    for last in sorted({*before, *alone}):
        c = re.escape(last)
        prev = "".join(re.escape(p) for p in sorted(before.get(last, ())))
        alts.append(c if last in alone else f"{c}(?<=[{prev}]{c})")
    return rx.compile("|".join(alts)) if alts else rx.compile("(?!)")


def _bare_list(ok: list[str]) -> re.Pattern[str] | None:
    """A bare_ok name written bare as an item of an enumeration (宪法、民法典、行政处罚法)."""
    if not ok:
        return None
    alt = "|".join(re.escape(n) for n in ok)
    return rx.compile(f"(?<![《\u4e00-\u9fff])(?:{alt})(?:[、和与及]|以及)|(?:[、和与及]|以及)(?:{alt})(?![》\u4e00-\u9fff])")


def _found(content: str, state: State) -> Iterator[tuple[int, int, Name]]:
    """Names ending at each candidate position, the longest one; leftmost first, no overlaps."""
    cands: list[tuple[int, int, Name]] = []
    not_after = state.not_after
    for m in state.finder.finditer(content):
        end = m.end()
        if not_after is not None and not_after.match(content, end):
            continue  # 法治, 法律…: whatever name ended here continues into another word
        for n in state.lengths[m.group(0)]:
            a = end - n
            if a >= 0:
                name = state.names.get(content[a:end])
                if name is not None:
                    cands.append((a, end, name))
                    break
    last = -1
    for a, b, name in sorted(cands, key=lambda c: (c[0], -c[1])):
        if a >= last:
            yield a, b, name
            last = b


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    o = rule.params
    lines = ctx.analyses.lines
    for _, ln in lines.select(rule.scope, lines.holding(state.finder)):  # lines where a name may end
        base = ln.content_start
        content = doc.text[base : ln.content_end]
        protected: Spans | None = None
        for a, b, name in _found(content, state):
            if name.years:
                m = _YEARS.match(content, b)
                if m:
                    b = m.end()
            if a > 0 and is_han(content[a - 1]) and content[a - 1] not in state.before_chars:
                continue  # 天津市优化营商环境条例, 家庭教育法: the title may start earlier
            if (a > 0 and content[a - 1] in "《“") or (b < len(content) and content[b] in "》”"):
                continue
            if not content[:a].strip(_FRAME) and not content[b:].strip(_FRAME):
                continue  # the whole line is the name: a list of titles or a heading, not running text
            if state.bare_list is not None and state.bare_list.search(content, *_clause(content, a, b)):
                continue  # 学习宪法、民法典、行政处罚法: a list of codes written bare on purpose
            if state.not_after is not None and state.not_after.match(content, b):
                continue
            if state.allow_after is not None and state.allow_after.match(content, b):
                continue
            if name.context is not None and not name.context.search(
                    content, max(0, a - WINDOW), min(len(content), b + WINDOW)):
                continue
            if protected is None:
                protected = Spans([*((m.start(), m.end()) for m in _QUOTE.finditer(content)),
                                   *((m.start(), m.end()) for m in _TITLE.finditer(content))])
            if protected.overlaps(a, b):
                continue
            right = content[a:b]
            values = {"match": right, "right": right, "kind": name.kind}
            suggestion = rule.format(o.suggestion, **values)
            fix = None
            if o.fix != "none":
                fix = Fix((Edit(base + a, base + b, f"《{right}》"),), o.fix == "safe", suggestion)
            yield ctx.report(rule, base + a, base + b, rule.format(**values), suggestion=suggestion, fix=fix)


_TITLE = rx.compile(r"《[^《》\n]*》")
_CLAUSE_STOP = rx.compile("[，。；：！？,;:!?]")


def _clause(content: str, a: int, b: int) -> tuple[int, int]:
    """The clause around [a, b): between the punctuation marks that end clauses."""
    starts = [m.end() for m in _CLAUSE_STOP.finditer(content, max(0, a - 80), a)]
    m = _CLAUSE_STOP.search(content, b, b + 80)
    return (starts[-1] if starts else max(0, a - 80)), (m.start() if m else min(len(content), b + 80))


_FRAME = " \t\u3000。，；：、"


CHECK: Check[State, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
