"""A wheel built from the repository, installed outside it, lints a seed with the built-in packs."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from .conftest import ROOT, seed

pytestmark = [pytest.mark.network, pytest.mark.slow]


def test_wheel_ships_rules_and_lints_outside_the_repo(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    wheel = next(dist.glob("fzlint-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    packs = sorted(n for n in names if n.startswith("fzlint/rules/") and n.endswith(".yaml"))
    assert packs == sorted(f"fzlint/rules/{p.name}" for p in (ROOT / "rules").glob("*.yaml"))
    assert "fzlint/data/typo.idx" in names  # FZ409's index ships as package data

    # A fresh venv with the wheel and its dependencies, away from the checkout.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True, timeout=900)
    work = tmp_path / "elsewhere"
    work.mkdir()
    report = work / "report.txt"
    report.write_bytes(seed("004").read_bytes())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    r = subprocess.run([str(venv / "bin" / "fzlint"), "check", "report.txt", "--format", "concise"],
                       cwd=work, capture_output=True, text=True, env=env, timeout=120)
    assert "report.txt:50:1: FZ501" in r.stdout, r.stdout + r.stderr
    where = subprocess.run([str(py), "-c", "import fzlint, sys; print(fzlint.__file__)"], cwd=work,
                           capture_output=True, text=True, env=env, check=True).stdout
    assert str(venv) in where  # the installed copy, not the checkout
    # python-docx is a declared runtime dependency: the installed fzlint reads a .docx.
    from .builders import plain_docx

    (work / "report.docx").write_bytes(plain_docx(seed("004").read_text(encoding="utf-8")))
    r = subprocess.run([str(venv / "bin" / "fzlint"), "check", "report.docx", "--format", "concise"],
                       cwd=work, capture_output=True, text=True, env=env, timeout=120)
    assert "report.docx:50:1: FZ501" in r.stdout, r.stdout + r.stderr
    # ... and writes the reviewed copy with comments (python-docx >= 1.2 is what gets installed).
    r = subprocess.run([str(venv / "bin" / "fzlint"), "annotate", "report.docx", "--track-changes"],
                       cwd=work, capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0 and "条批注" in r.stdout, r.stdout + r.stderr
    with zipfile.ZipFile(work / "report（fzlint审阅）.docx") as z:
        assert z.read("word/comments.xml").count(b"<w:comment ") == 31
    # FZ409 reads its index from the installed package
    (work / "typo.txt").write_text("关于2024年法治政府建设情况的报告\n\n一、主要举措\n组织执法人员参加培询。\n",
                                   encoding="utf-8")
    r = subprocess.run([str(venv / "bin" / "fzlint"), "check", "typo.txt", "--select", "FZ409", "--format", "concise"],
                       cwd=work, capture_output=True, text=True, env=env, timeout=120)
    assert "FZ409" in r.stdout and "培训" in r.stdout, r.stdout + r.stderr
