"""``homophone``: input-method slips that no list names (疑似同音错字).

The detector (:mod:`fzlint.typo`) looks for a window of 2–4 Han characters that is rare or
unknown while a frequent word with the same toneless reading fits its neighbours better.
Its data (``fzlint/data/typo.idx``, built by ``tools/build_typo_index.py`` from PyPI
packages) is read on the first document a rule of this type checks, never at start-up.

What stays quiet:

- a span another rule reports (``defer_to``: FZ401/FZ402/FZ404 findings, read as
  ``ctx.analyses.spans_of``: each rule runs once per document, for the engine and for us);
- a window overlapping a term of ``whitelist`` (the genre's own terms: 法治政府, 三书同达 …)
  or of ``allow`` (the user's; a pack override adds to it);
- a spelling written ``repeat`` or more times in the same document (intended);
- in a batch, a spelling flagged in the reports of ``units`` or more different units (a
  term of the trade, not a slip): the corpus pass withdraws those findings.

Fields:
  whitelist    the genre's terms (pack data)
  allow        the user's terms
  defer_to     rule codes whose findings' spans are skipped
  repeat       a spelling written this many times in a document is intended (default 2)
  units        a spelling flagged in this many units' reports of a batch is intended (default 2)
  threshold    the score bar (default 10; a window that is itself a word: 5 more)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..diagnostic import Diagnostic, Edit, Fix
from ..packs.schema import ListOf, OneOf, param, params
from .base import Context, CorpusDoc, literal_alternation
from .contract import Check, Corpus

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document


@params
class Params:
    whitelist: list[str] = param(ListOf(str), default=[])
    allow: list[str] = param(ListOf(str), default=[])
    defer_to: list[str] = param(ListOf(str, allow_single=True), default=[])
    repeat: int = param(int, default=2, check=lambda v: None if v >= 2 else "应不小于 2")
    units: int = param(int, default=2, check=lambda v: None if v >= 2 else "应不小于 2")
    threshold: float = param(float, default=10.0, check=lambda v: None if 4 <= v <= 40 else "应在 4–40 之间")
    suggestion: str | None = param(str, default=None)
    fix: str = param(OneOf(("unsafe", "none")), default="unsafe")


PLACEHOLDERS = frozenset({"match", "right"})
REAL_WORD_EXTRA = 5.0


@dataclass(frozen=True)
class State:
    """The rule's whitelist and allowed words as one pattern, built by ``prepare``."""

    terms: re.Pattern[str] | None  # whitelist + allow


def validate(rule: Rule[Params]) -> None:
    for w in (*rule.params.whitelist, *rule.params.allow):
        if not w.strip():
            raise ValueError("whitelist/allow 中不能有空词")


def prepare(rule: Rule[Params]) -> State:
    terms = [w for w in (*rule.params.whitelist, *rule.params.allow) if w]
    return State(literal_alternation(terms) if terms else None)


def _flags(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> tuple[list[Any], frozenset[str]]:
    """The document's flags (after the repeat rule) and the spellings it was looked at for."""

    def make() -> tuple[list[Any], frozenset[str]]:
        from .. import typo

        text = doc.text
        skip: list[tuple[int, int]] = []
        if state.terms is not None:
            skip.extend(m.span() for m in state.terms.finditer(text))
        skip.extend(ctx.analyses.spans_of(rule.params.defer_to))
        bar = rule.params.threshold
        det = typo.detector(bar, bar + REAL_WORD_EXTRA)
        sites: set[str] = set()
        found = det.find(text, skip, sites)
        # how often each flagged spelling is written: one pass over the text, however many flags
        counts: Counter[str] = Counter()
        if found:  # (re, not rx: a pattern of this document only, not worth the user cache)
            words = sorted({f.written for f in found}, key=lambda w: (-len(w), w))
            counts.update(re.findall("|".join(map(re.escape, words)), text))
        out = [f for f in found if counts[f.written] < rule.params.repeat]
        return out, frozenset(sites)

    return ctx.shared(("homophone.flags", rule.code), make)


def check(doc: Document, rule: Rule[Params], state: State, ctx: Context) -> Iterator[Diagnostic]:
    o = rule.params
    for f in _flags(doc, rule, state, ctx)[0]:
        yield ctx.report(rule, f.start, f.end, match=f.written, right=f.right,
                         suggestion=rule.format(o.suggestion, match=f.written, right=f.right)
                         if o.suggestion else None,
                         fix=Fix((Edit(f.start, f.end, f.right),), False, rule.format(o.suggestion or "{right}", match=f.written, right=f.right))
                         if o.fix == "unsafe" else None,
                         data=(("right", f.right), ("score", f"{f.score:.1f}")))


def fingerprint(doc: Document, rule: Rule[Params], state: State,
                ctx: Context) -> tuple[tuple[tuple[int, int, str], ...], frozenset[str]]:
    """This document's findings (span, spelling) and the non-word spellings it uses that the
    detector looked at (a spelling flagged anywhere is looked at wherever it is written)."""
    flags, sites = _flags(doc, rule, state, ctx)
    return tuple((f.start, f.end, f.written) for f in flags), sites


def _unit(d: CorpusDoc) -> str:
    return (d.issuer or d.path).replace(" ", "")


def check_corpus(docs: Sequence[CorpusDoc], rule: Rule[Params], state: State) -> Iterator[tuple[int, Diagnostic]]:
    return iter(())  # the corpus pass only withdraws (see withdraw)


def withdraw(docs: Sequence[CorpusDoc], rule: Rule[Params], state: State) -> Iterator[tuple[int, int, int]]:
    """(document index, start, end) of findings whose spelling was flagged in the reports of
    ``units`` or more different units of the batch: a term of the trade, not a slip."""
    flagged = {w for d in docs for _, _, w in d.data[0]}
    units: dict[str, set[str]] = {}
    for d in docs:
        for w in flagged & d.data[1]:
            units.setdefault(w, set()).add(_unit(d))
    common = {w for w, us in units.items() if len(us) >= rule.params.units}
    for i, d in enumerate(docs):
        for a, b, w in d.data[0]:
            if w in common:
                yield i, a, b


CHECK: Check[State, Params] = Check(
    name="homophone",
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
    corpus=Corpus(fingerprint, check_corpus, withdraw),
)
