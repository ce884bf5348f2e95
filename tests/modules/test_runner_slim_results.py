"""Slim batch results (issue 18): a linted report is kept without its Document, and every
output is the same as when the Document was kept — with worker processes or without, for
the findings made per report and for those the corpus pass adds later (copy detection),
in a .txt and in a Markdown file (whose own lines are quoted too)."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

import fzlint.runner as runner
from fzlint.engine import file_report
from fzlint.packs.config import Overrides
from fzlint.runner import Mode, run

from ..conftest import SEEDS, run_fzlint, seed_text


def make_folder(d: Path) -> Path:
    """The seeds, with a paragraph of seed 000 copied into seed 003 (another unit) and into
    a Markdown copy of seed 004 (with emphasis around a word of the copied paragraph)."""
    d.mkdir()
    copied = seed_text("000").splitlines()[8]
    assert len(copied) > 200
    for p in SEEDS:
        text = p.read_text(encoding="utf-8")
        if p.name.startswith("003"):
            lines = text.splitlines()
            lines.insert(30, copied.replace("新北街道", "杭州道街道"))
            text = "\n".join(lines) + "\n"
        (d / p.name).write_text(text, encoding="utf-8")
    lines = seed_text("004").splitlines()
    lines[0] = "# " + lines[0]
    lines.insert(20, copied.replace("习近平法治思想", "**习近平法治思想**", 1))
    (d / "copy_004.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_folder(tmp_path_factory.mktemp("slim") / "reports")


def test_jobs_2_gives_the_same_json_and_html_as_jobs_1(folder: Path, tmp_path: Path) -> None:
    outputs = {}
    for jobs in ("1", "2"):
        r = run_fzlint("check", str(folder), "--jobs", jobs, "--format", "json", "--exit-zero")
        assert r.returncode == 0, r.stderr
        html = tmp_path / f"page{jobs}.html"
        h = run_fzlint("check", str(folder), "--jobs", jobs, "--format", "html", "-o", str(html), "--exit-zero")
        assert h.returncode == 0, h.stderr
        outputs[jobs] = (r.stdout, html.read_bytes())
    assert outputs["1"][0] == outputs["2"][0]
    assert outputs["1"][1] == outputs["2"][1]
    # The corpus pass found the copies on every side, the Markdown file's included, and the
    # outputs quote them.
    copies = {Path(d["path"]).name for d in json.loads(outputs["2"][0]) if d["code"] == "FZ601"}
    assert {"copy_004.md", SEEDS[0].name, SEEDS[3].name} <= copies
    assert "杭州道街道工委" in outputs["2"][1].decode("utf-8")


def _reports(folder: Path, mode: Mode, *, slim: bool, monkeypatch: pytest.MonkeyPatch, jobs: int = 1) -> list:
    with monkeypatch.context() as m:
        if not slim:  # the results as they were before: every Document kept until the output
            m.setattr(runner, "slim", lambda r, **_: r)
        results = run([str(folder)], Overrides(), mode, jobs=jobs)
    assert all((r.doc is None) == slim for r in results)
    return [file_report(r, parts=parts) for r in results for parts in (True, False)]


@pytest.mark.parametrize("mode", [Mode(), Mode(diff=True)], ids=["check", "diff"])
def test_a_slim_result_gives_the_report_the_document_gives(folder: Path, mode: Mode,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    full = _reports(folder, mode, slim=False, monkeypatch=monkeypatch)
    slim = _reports(folder, mode, slim=True, monkeypatch=monkeypatch)
    assert slim == full
    if not mode.diff:
        md = next(r for r in slim if r.path.endswith(".md"))
        late = [s for d, s in zip(md.diagnostics, md.shown, strict=True) if d.code == "FZ601"]
        assert late and all(s.in_file and s.file_line is not None and "**" in s.file_line.raw for s in late)
    # Without a document there is nothing to quote: a slim result gives the report only through its digest.
    assert all(r.shown or not r.diagnostics for r in slim)


def test_a_slim_result_keeps_the_text_not_the_parse(folder: Path) -> None:
    target = runner.Target(folder / SEEDS[3].name, SEEDS[3].name, True)
    full = runner.lint_target(target, Overrides(), Mode())
    assert full.doc is not None and full.source is not None
    text = full.doc.text
    # What the parent holds after the corpus pass (which drops the fingerprints).
    full.fingerprints = None
    before, parse = len(pickle.dumps(full)), len(pickle.dumps((full.doc, full.source)))
    kept = runner.slim(full)
    assert kept.doc is None and kept.source is None and kept.digest is not None and kept.digest.text == text
    assert len(pickle.dumps(kept.digest)) < parse / 2
    assert len(pickle.dumps(kept)) < before * 0.7
    # The digest is the text and a few integers a line, whatever the number of findings.
    assert len(pickle.dumps(kept.digest)) < len(text.encode("utf-8")) + 20 * (text.count("\n") + 1) + 1000
