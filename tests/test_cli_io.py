"""The command's own input and output: standard input and output that are closed or fail,
an output file that cannot be written, a console that is not UTF-8, Ctrl-C.  Each is one
Chinese line on stderr naming what failed, with exit code 2 (130 for Ctrl-C), never a
traceback and never click's English "Aborted!"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import run_fzlint, seed

SEED = str(seed("004"))


def test_sarif_describes_the_rules_of_a_rule_pack(tmp_path):
    pack = tmp_path / "mine.yaml"
    pack.write_text(
        "pack: mine\nrules:\n  - code: XQ101\n    name: go-back\n    check: pattern\n    severity: warning\n"
        "    message: '书签：{match}'\n    summary: 书签残留\n    words: [_GoBack]\n", encoding="utf-8")
    r = run_fzlint("check", SEED, "--rule-pack", str(pack), "--select", "XQ", "--format", "sarif")
    rules = json.loads(r.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert rules == [{"id": "XQ101", "name": "go-back", "shortDescription": {"text": "书签残留"},
                      "defaultConfiguration": {"level": "warning"}, "properties": {"pack": "mine", "source": ""}}]


@pytest.mark.parametrize("fmt", ["sarif", "html"])
def test_a_broken_config_in_the_working_directory_does_not_matter_when_not_used(tmp_path, fmt):
    """--isolated: the working directory's config is not read, not even to describe rules."""
    (tmp_path / ".fzlint.yaml").write_text("ignor: [FZ1]\n", encoding="utf-8")
    r = run_fzlint("check", SEED, "--isolated", "--format", fmt, cwd=Path(tmp_path))
    assert r.returncode == 1 and r.stderr == "" and "FZ501" in r.stdout
