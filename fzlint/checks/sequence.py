"""``sequence``: a canonical enumeration written in another order, with an item missing or
changed (尊法学法用法守法 for 尊法学法守法用法).

Each entry of ``formulas`` is one fixed formulation that official writing repeats
verbatim: its ``items`` in the canonical order, ``also`` (other legitimate sequences of
the same items or of an older edition: never reported), an optional ``after`` regex the
enumeration must be followed by (``执法`` for 严格、规范、公正、文明; a formulation made
of common words is only recognised with its head word), ``min_items`` (how many items of
the canonical sequence make a run the formulation itself, so that a run one short is
reported as missing one; default: all of them, i.e. a shorter mention is never reported)
and the public ``source``.

A *run* is a stretch of one line where items of one formulation follow each other with
nothing but a separator between them (、，, 和 与 及 以及, or nothing).  Items split by
other words (坚持严格执法，推进公正司法) are two mentions, not a run, and a run that
repeats an item is a different sentence.  A run is then

* one of the sequences (canonical or ``also``), or a part of one in its order → nothing,
  except a run of ``min_items`` or more that lacks one item of the canonical sequence:
  when the missing item's place holds a similar string (all but one character of it, an
  item of three or more characters) that is a *changed* item, else a *missing* one;
* the same items as a sequence in another order → the *order* finding; the fix
  rewrites the run in the canonical order, keeping its separators in place.

Overlaps with the rules named in ``defer_to`` (FZ403 fixed forms, FZ404 near misses)
are left to them; 《…》 titles are not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..diagnostic import Diagnostic, Edit, Fix
from ..infra import rx
from ..packs.schema import F, ListOf, OneOf, Schema, param, params
from .base import Context, any_literal, check_template, compile_pattern, lines_holding, scoped_lines
from .contract import Check
from .textutil import Spans, title_spans

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "sequence"
FORMULA = Schema(
    {
        "items": F(ListOf(str), required=True, doc="the items in the canonical order"),
        "also": F(ListOf(ListOf(str)), default=[], doc="other legitimate sequences (never reported)"),
        "after": F(str, default=None, doc="regex that must follow the run (the formulation's head word)"),
        "min_items": F(int, default=0, doc="a run of this many canonical items lacking one is 'missing' (0: off)"),
        "joiner": F(str, default="、", doc="separator used to show the canonical form"),
        "source": F(str, required=True, doc="the public document the formulation comes from"),
    }
)


@params
class Params:
    formulas: list[dict[str, Any]] = param(ListOf(FORMULA), required=True)
    separators: str = param(str, default=r"[、，,]|以及|和|与|及|", doc="regex of what may stand between two items")
    missing_message: str = param(str, required=True)
    changed_message: str = param(str, required=True)
    defer_to: list[str] = param(ListOf(str), default=[])
    fix: str = param(OneOf(("safe", "unsafe", "none")), default="unsafe")


PLACEHOLDERS = frozenset({"match", "right", "item", "wrong", "source"})


@dataclass(frozen=True)
class Formula:
    """One canonical enumeration: its items, the orders allowed, and how it is shown."""

    items: tuple[str, ...]
    sequences: tuple[tuple[str, ...], ...]  # the canonical one first
    after: re.Pattern[str] | None
    min_items: int
    right: str  # the canonical form as shown
    source: str


@dataclass(frozen=True)
class State:
    """The rule's formulas and the patterns that find their items, built by ``prepare``."""

    formulas: tuple[Formula, ...]
    finder: re.Pattern[str] | None  # any item (base.lines_holding)
    item_re: re.Pattern[str]  # any item of any formula, longest first
    by_item: dict[str, tuple[int, ...]]  # item → indexes of the formulas holding it
    gap: re.Pattern[str]


def validate(rule: Rule[Params]) -> None:
    o = rule.params
    check_template(o.missing_message, PLACEHOLDERS, "missing_message")
    check_template(o.changed_message, PLACEHOLDERS, "changed_message")
    for i, f in enumerate(o.formulas, 1):
        items = f["items"]
        if len(items) < 2 or len(set(items)) != len(items):
            raise ValueError(f"formulas 第 {i} 项的 items 至少两项且不能重复")
        if f["min_items"] and not 2 <= f["min_items"] < len(items):
            raise ValueError(f"formulas 第 {i} 项的 min_items 应在 2 到 {len(items) - 1} 之间")
    prepare(rule)


def prepare(rule: Rule[Params]) -> State:
    o = rule.params
    formulas = []
    by_item: dict[str, list[int]] = {}
    for i, f in enumerate(o.formulas):
        seqs = (tuple(f["items"]), *(tuple(s) for s in f["also"]))
        items = tuple(dict.fromkeys(x for s in seqs for x in s))
        for x in items:
            by_item.setdefault(x, []).append(i)
        formulas.append(Formula(items, seqs, compile_pattern(f["after"]) if f["after"] else None, f["min_items"],
                                f["joiner"].join(f["items"]), f["source"]))
    words = sorted(by_item, key=lambda w: (-len(w), w))
    return State(tuple(formulas), any_literal([frozenset(words)]),
                 rx.compile("|".join(re.escape(w) for w in words)),
                 {k: tuple(v) for k, v in by_item.items()}, compile_pattern(f"(?:{o.separators})"))


@dataclass
class Run:
    """Items of one formula found in a line joined by separators only (built by ``_runs``)."""

    formula: int
    spans: list[tuple[int, int]]  # the items' spans in the line
    words: list[str]


def _runs(content: str, state: State, hits: list[tuple[int, int, str]]) -> Iterator[Run]:
    """Maximal runs of one formula's items (``hits``: where ``state.item_re`` matches in
    ``content``) joined by separators only."""
    open_runs: dict[int, Run] = {}
    for a, b, w in hits:
        for fi in state.by_item[w]:
            run = open_runs.get(fi)
            if run is not None and state.gap.fullmatch(content, run.spans[-1][1], a) and w not in run.words:
                run.spans.append((a, b))
                run.words.append(w)
                continue
            if run is not None:
                yield run
            open_runs[fi] = Run(fi, [(a, b)], [w])
    yield from open_runs.values()


def _subsequence(words: list[str], seq: tuple[str, ...]) -> bool:
    it = iter(seq)
    return all(w in it for w in words)


def _similar(written: str, item: str) -> bool:
    """All but one character of ``item`` (three or more characters), same length."""
    return (len(item) >= 3 and len(written) == len(item) and written != item
            and sum(x == y for x, y in zip(written, item, strict=True)) == len(item) - 1)


def _changed(content: str, run: Run, f: Formula, state: State) -> tuple[int, int, str] | None:
    """Where the missing item of a run in canonical order was written differently."""
    canon = f.sequences[0]
    missing = [x for x in canon if x not in run.words]
    if len(missing) != 1:
        return None
    item = missing[0]
    k = canon.index(item)  # the run's words before it are canon[:k]
    n = len(item)
    if k == 0:  # before the first item: X、first
        end = run.spans[0][0]
        sep = _sep_before(content, end, state)
        a = end - sep - n
        return (a, end - sep, item) if a >= 0 and _similar(content[a : end - sep], item) else None
    if k == len(canon) - 1:  # after the last item: last、X
        start = run.spans[-1][1]
        m = state.gap.match(content, start)
        a = m.end() if m else start
        return (a, a + n, item) if _similar(content[a : a + n], item) else None
    a0, b0 = run.spans[k - 1][1], run.spans[k][0]  # between two items: 、X、
    middle = content[a0:b0]
    for i in range(len(middle) - n + 1):
        if (state.gap.fullmatch(middle, 0, i) and state.gap.fullmatch(middle, i + n)
                and _similar(middle[i : i + n], item)):
            return a0 + i, a0 + i + n, item
    return None


def _sep_before(content: str, end: int, state: State) -> int:
    for width in (2, 1):
        if end - width >= 0 and state.gap.fullmatch(content, end - width, end):
            return width
    return 0


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    o = rule.params
    deferred: Spans | None = None
    for ln in lines_holding(doc, scoped_lines(doc, rule.scope), state.finder):
        base = ln.content_start
        content = doc.text[base : ln.content_end]
        first = state.item_re.search(content)
        if first is None or state.item_re.search(content, first.end()) is None:
            continue  # every run, merged or not, of fewer than two items is never judged
        hits = [(m.start(), m.end(), m.group(0)) for m in state.item_re.finditer(content)]
        titles = Spans(title_spans(content))
        runs = [r for r in _runs(content, state, hits) if not titles.overlaps(r.spans[0][0], r.spans[-1][1])]
        runs = _merge_changed(content, runs, state)
        for run in runs:
            found = _judge(content, run, state, rule)
            if found is None:
                continue
            if deferred is None:
                deferred = Spans(ctx.analyses.spans_of(o.defer_to))
            a, b, message, right, edit = found
            # a missing item may be written nearby in a form FZ403/FZ404 report (重要案件亲自督办)
            pad = 0 if edit is not None else max(map(len, state.formulas[run.formula].items)) + 2
            if deferred.overlaps(base + a - pad, base + b + pad):
                continue
            fix = None
            if edit is not None and o.fix != "none":
                ea, eb, text = edit
                fix = Fix((Edit(base + ea, base + eb, text),), o.fix == "safe", f"改为“{text}”")
            yield ctx.report(rule, base + a, base + b, message, suggestion=f"完整写法：“{right}”", fix=fix)


def _merge_changed(content: str, runs: list[Run], state: State) -> list[Run]:
    """Join two runs of one formula that a single changed item splits, so the changed item
    is judged with all the others (the changed string becomes a placeholder)."""
    out: list[Run] = []
    last: dict[int, int] = {}  # formula → index in out of its latest run (linear in the runs)
    for run in sorted(runs, key=lambda r: r.spans[0][0]):
        i = last.get(run.formula)
        prev = out[i] if i is not None else None
        if prev is not None and not set(prev.words) & set(run.words):
            f = state.formulas[run.formula]
            canon = f.sequences[0]
            missing = [x for x in canon if x not in prev.words + run.words]
            if (len(missing) == 1 and [*prev.words, missing[0], *run.words] == list(canon)
                    and run.spans[0][0] - prev.spans[-1][1] <= len(missing[0]) + 4):
                merged = Run(run.formula, prev.spans + run.spans, prev.words + run.words)
                if _changed(content, merged, f, state) is not None:
                    out[i] = merged  # type: ignore[index]
                    continue
        last[run.formula] = len(out)
        out.append(run)
    return out


def _judge(content: str, run: Run, state: State, rule: Rule[Params]) -> tuple[int, int, str, str, tuple[int, int, str] | None] | None:
    f = state.formulas[run.formula]
    a, b = run.spans[0][0], run.spans[-1][1]
    if f.after is not None and not f.after.match(content, b):
        return None
    words = run.words
    if len(words) < 2:
        return None
    for seq in f.sequences:
        if list(seq) == words:
            return None
    rule_values: dict[str, Any] = {"right": f.right, "source": f.source}
    canon = f.sequences[0]
    if any(_subsequence(words, seq) for seq in f.sequences):
        if len(words) != len(canon) - 1 or not set(words) < set(canon):
            return None
        if any(len(seq) == len(words) and set(seq) == set(words) for seq in f.sequences[1:]):
            return None
        changed = _changed(content, run, f, state)
        if changed is not None:
            ca, cb, item = changed
            msg = rule.format(rule.params.changed_message, match=content[min(a, ca) : max(b, cb)],
                              wrong=content[ca:cb], item=item, **rule_values)
            return min(a, ca), max(b, cb), msg, f.right, (ca, cb, item)
        if not f.min_items or len(words) < f.min_items:
            return None
        missing = "、".join(x for x in canon if x not in words)
        msg = rule.format(rule.params.missing_message, match=content[a:b], item=missing, **rule_values)
        return a, b, msg, f.right, None
    for seq in f.sequences:
        if len(seq) == len(words) and set(seq) == set(words):
            # the canonical order, the run's own separators kept where they are
            parts, pos = [], a
            for (s, e), w in zip(run.spans, seq, strict=True):
                parts.append(content[pos:s])
                parts.append(w)
                pos = e
            text = "".join(parts)
            right = f.right if seq is canon else "、".join(seq)
            msg = rule.format(match=content[a:b], **{**rule_values, "right": right})
            return a, b, msg, right, (a, b, text)
    return None


CHECK: Check[State, Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
