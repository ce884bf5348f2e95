"""The held-out reports of tests/fixtures/unseen/reports/ (other units and years than the seeds)
and the helpers the rule tests use to inject a defect into a copy of one, located through the
parser (a part's section, the plans heading, the signature), never through a file's name."""

from __future__ import annotations

from fzlint.engine import prepare_document
from fzlint.packs.config import Settings
from fzlint.parse import parse
from fzlint.parse.parts import coverage

from .conftest import ROOT

UNSEEN = sorted(p for p in (ROOT / "tests" / "fixtures" / "unseen" / "reports").iterdir()
                if p.suffix in (".txt", ".md")
                and p.name != "README.md")
IDS = [p.stem for p in UNSEEN]
TXT = [p for p in UNSEEN if p.suffix == ".txt"]
TXT_IDS = [p.stem for p in TXT]
SETTINGS = Settings()
RULESET = SETTINGS.ruleset()
SPECS = RULESET.parts
assert SPECS is not None
NAMES = {p.id: p.name for p in SPECS.parts}
REQUIRED = [p.id for p in SPECS.parts if p.required]


def prepared(text: str, path: str = "report.txt"):
    return prepare_document(parse(text, path), RULESET, SETTINGS)


def serious(diags):
    return [d for d in diags if d.severity.label in ("error", "warning")]


def at(text: str, d) -> str:
    return text[d.start : d.end]


def first_body_offset(doc, part: str) -> int:
    """End of the first prose line (a paragraph or a run-in heading) of the part's section."""
    cover = coverage(doc, SPECS)[part][0]
    heading_lines = {h.line: h for h in doc.headings}
    for ln in doc.paragraphs(cover.start, cover.end):
        h = heading_lines.get(ln.number)
        if h is None or h.run_in:
            return ln.content_end
    raise AssertionError(f"no prose in {part}")


def insert(text: str, offset: int, s: str) -> str:
    return text[:offset] + s + text[offset:]
