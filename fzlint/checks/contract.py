"""The check contract: what a check type is, checked by mypy.

A check type is one :class:`Check` value, ``CHECK`` in its module, listed by import in
:data:`fzlint.checks.CHECKS` (a literal registry: no lookup by module name)::

    @params                              # fzlint.packs.schema: frozen, keyword-only, typed
    class Params:                        # its own rule fields, each with its pack spec
        threshold: float = param(float, default=90.0)

    CHECK: Check[State, Params] = Check(
        name="pattern",                  # the `check:` value in a pack
        params=Params,                   # the loader validates a pack's fields against it and
                                         # builds one instance per rule: ``rule.params``
        placeholders=PLACEHOLDERS,       # names its message templates may use
        prepare=prepare,                 # (rule) -> State: compile what the rule needs, once, lazily
        check=check,                     # (doc, rule, state, ctx) -> Iterable[Diagnostic]
        validate=validate,               # (rule) -> None: cheap load-time checks; raise ValueError
        fix_safety=fix_from_option,      # (rule) -> "safe" | "unsafe" | "none"; the default reads `fix`
        corpus=Corpus(fingerprint, check_corpus),   # only checks that compare documents
        explain=explain_details,         # (rule) -> lines: extra ``fzlint explain`` sections
    )

``State`` is the type ``prepare`` returns and ``check`` receives; ``Params`` is the type of
``rule.params`` in every hook (``Rule[Params]``), so ``rule.params.threshold`` is a ``float`` to
mypy; mypy checks that the hooks agree on both.  The loader stores the answer of ``fix_safety`` on every rule
(:attr:`fzlint.packs.loader.Rule.fix_safety`), so explain, the LSP and the outputs read a field.

A *corpus* check (one that compares documents, e.g. ``copy``) also gives
:class:`Corpus`: ``fingerprint(doc, rule, state, ctx)`` runs where the document is
(maybe a worker process) and returns small picklable data; ``check_corpus(docs, rule,
state)`` runs once per rule after every document of the run was linted and yields
(index into ``docs``, diagnostic).  Its optional ``withdraw(docs, rule, state)`` names
(index into ``docs``, start, end) of the check's own per-document findings that the batch
shows to be intended; the engine removes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

if TYPE_CHECKING:
    from ..diagnostic import Diagnostic
    from ..packs.loader import Rule
    from ..packs.schema import F
    from ..parse.document import Document
    from .base import Context, CorpusDoc

S = TypeVar("S")
P = TypeVar("P")

FixSafety = Literal["safe", "unsafe", "none"]

FIX_SAFETY_TEXT: Mapping[str, str] = {
    "safe": "安全：--fix 会自动应用。",
    "unsafe": "不安全（可能改变含义）：只有加 --unsafe-fixes 才会应用。",
    "none": "无自动修复。",
}


def no_state(rule: Rule[Any]) -> None:
    """``prepare`` of a check type that compiles nothing."""
    return None


def no_fix(rule: Rule[Any]) -> FixSafety:
    """The default: the check never offers a fix."""
    return "none"


def fix_from_option(rule: Rule[Any]) -> FixSafety:
    """A check whose ``fix`` field says it: ``safe`` | ``unsafe`` | ``none`` (a string), or a
    mapping with ``safe: true|false`` (a fix description), or absent."""
    fix = rule.options.get("fix")
    if isinstance(fix, str):
        return fix if fix in ("safe", "unsafe") else "none"  # type: ignore[return-value]
    if isinstance(fix, Mapping) and fix:
        return "safe" if fix.get("safe") else "unsafe"
    return "none"


@dataclass(frozen=True)
class Corpus(Generic[S, P]):
    """The two hooks of a check that compares documents."""

    fingerprint: Callable[[Document, Rule[P], S, Context], Any]
    check_corpus: Callable[[Sequence[CorpusDoc], Rule[P], S], Iterable[tuple[int, Diagnostic]]]
    # (index into docs, start, end) of the check's own per-document findings that the batch
    # shows to be intended (e.g. a spelling several units write): the engine drops them
    withdraw: Callable[[Sequence[CorpusDoc], Rule[P], S], Iterable[tuple[int, int, int]]] | None = None


@dataclass(frozen=True)
class Check(Generic[S, P]):
    """One check type (see the module docstring)."""

    name: str
    params: type[P]  # its parameters class (fzlint.packs.schema.params)
    placeholders: frozenset[str]
    prepare: Callable[[Rule[P]], S]
    check: Callable[[Document, Rule[P], S, Context], Iterable[Diagnostic]]
    validate: Callable[[Rule[P]], None] | None = None
    fix_safety: Callable[[Rule[P]], FixSafety] = fix_from_option
    fix_note: Callable[[Rule[P]], str | None] | None = None  # explain wording, when the generic one is too vague
    corpus: Corpus[S, P] | None = None
    explain: Callable[[Rule[P]], Iterable[str]] | None = None

    @property
    def fields(self) -> Mapping[str, F]:
        """The check type's own pack fields (name → spec), read from :attr:`params`."""
        from ..packs.schema import fields_of

        return fields_of(self.params)

    def build_params(self, values: Mapping[str, Any]) -> P:
        """The parameters of one rule from its validated fields (every field present)."""
        return self.params(**{name: values[name] for name in self.fields})

    def load_check(self, rule: Rule[P]) -> None:
        """What the loader runs on a new rule: ``validate``, or ``prepare`` when there is none."""
        if self.validate is not None:
            self.validate(rule)
        else:
            self.prepare(rule)
