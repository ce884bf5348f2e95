"""Property tests (hypothesis, bounded): lint never raises, spans stay inside the text,
output is deterministic and JSON-serialisable, and --fix is idempotent and local."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fzlint.engine import FileResult, file_report, lint_document, lint_text
from fzlint.fixes import apply_edits, fix_to_fixpoint
from fzlint.output import RenderOptions, write
from fzlint.packs.config import Settings
from fzlint.parse import parse

from .conftest import SEEDS

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
PUNCT = st.sampled_from([*"，。、；：？！“”《》（）()[],.:;!?- \u3000\t\n\r", "\r\n", "𠮷", "\x00", "\x0b", "\ufeff"])
NOISY = st.lists(st.one_of(CJK, PUNCT, st.characters()), max_size=400).map("".join)


@st.composite
def mutated_seed(draw):
    text = draw(st.sampled_from(SEED_TEXTS))
    for _ in range(draw(st.integers(0, 6))):
        i = draw(st.integers(0, len(text)))
        j = min(len(text), i + draw(st.integers(0, 200)))
        op = draw(st.sampled_from(["delete", "insert", "duplicate"]))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(NOISY) + text[i:]
        else:
            text = text[:i] + text[i:j] + text[i:]
    return text


TEXTS = st.one_of(NOISY, mutated_seed(), st.text(max_size=2000),
                  st.builds(lambda n: "，" * n, st.integers(0, 3000)),
                  st.builds(lambda s, n: s * n, st.sampled_from(["法制建设", "共335件，其中269件", "一、", "（二）"]),
                            st.integers(1, 300)))

SETTINGS = Settings()
COMMON = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_invariants(text: str) -> None:
    diags = lint_text(text, "p.txt", SETTINGS)
    n = len(text)
    doc = parse(text, "p.txt")
    for d in diags:
        assert 0 <= d.start <= d.end <= n
        assert (d.line, d.column) == doc.position(d.start)
        assert 1 <= d.line <= len(doc.lines)
        if d.fix is not None:
            for e in d.fix.edits:
                assert 0 <= e.start <= e.end <= n
    again = lint_text(text, "p.txt", SETTINGS)
    assert [(d.code, d.start, d.end, d.message) for d in diags] == [(d.code, d.start, d.end, d.message) for d in again]
    buf = io.StringIO()
    write("json", [file_report(FileResult("p.txt", diags, doc))], buf, RenderOptions())
    assert len(json.loads(buf.getvalue())) == len(diags)


@pytest.mark.slow
@COMMON
@given(TEXTS)
def test_lint_never_raises_and_spans_are_inside(text):
    _check_invariants(text)


def _relint(text: str):
    doc = parse(text, "p.txt")
    return lint_document(doc, SETTINGS.ruleset(), SETTINGS)[0]


@pytest.mark.slow
@COMMON
@given(mutated_seed())
def test_fix_is_idempotent_and_only_touches_claimed_spans(text):
    fixed, _, _ = fix_to_fixpoint(text, _relint, unsafe=False)
    again, n2, _ = fix_to_fixpoint(fixed, _relint, unsafe=False)
    assert again == fixed and n2 == 0
    # One pass changes only the characters its edits claim.
    diags = [d for d in _relint(text) if d.fix is not None and d.fix.safe]
    once, _ = apply_edits(text, diags)
    claimed = sorted((e.start, e.end) for d in diags for e in d.fix.edits)  # type: ignore[union-attr]
    pos = 0
    outside = []
    for a, b in claimed:
        if a >= pos:
            outside.append(text[pos:a])
            pos = b
    outside.append(text[pos:])
    rest = once
    for piece in outside:  # every unclaimed piece survives, in order
        k = rest.find(piece)
        assert k != -1
        rest = rest[k + len(piece):]


@COMMON
@given(st.sampled_from(SEED_TEXTS))
def test_no_fixable_findings_means_identical_text(text):
    diags = [d for d in _relint(text) if d.fix is not None and d.fix.safe]
    if not diags:
        fixed, n, _ = fix_to_fixpoint(text, _relint)
        assert fixed == text and n == 0
