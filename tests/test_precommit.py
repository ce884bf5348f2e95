"""The pre-commit hooks, tested with the real pre-commit: a commit of a defective report is
rejected with fzlint's findings, a clean one is accepted, and fzlint-fix repairs what it can."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, run_fzlint, seed_text

BOOKMARK = "[bookmark: _GoBack]"
#: What a pip install of the repository needs (pyproject's readme and force-include).
HOOK_REPO_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "fzlint", "rules")


def test_hooks_file_declares_both_hooks():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"fzlint", "fzlint-fix"}
    assert all(h["language"] == "python" and h["entry"].startswith("fzlint check") for h in hooks.values())
    assert "--fix" in hooks["fzlint-fix"]["entry"] and "--fix" not in hooks["fzlint"]["entry"]


def test_force_exclude_applies_the_config_exclude_to_explicit_files(tmp_path):
    (tmp_path / "草稿").mkdir()
    (tmp_path / "草稿" / "old.txt").write_text(BOOKMARK + "正文\n", encoding="utf-8")
    (tmp_path / "final.txt").write_text(BOOKMARK + "正文\n", encoding="utf-8")
    (tmp_path / ".fzlint.yaml").write_text("select: [FZ501]\nexclude: ['草稿/**']\n", encoding="utf-8")
    args = ("check", "草稿/old.txt", "final.txt", "--format", "concise")
    r = run_fzlint(*args, cwd=tmp_path)
    assert "草稿/old.txt:1:1: FZ501" in r.stdout  # without the flag an explicit file is always linted
    r = run_fzlint(*args, "--force-exclude", cwd=tmp_path)
    assert "final.txt:1:1: FZ501" in r.stdout and "old.txt" not in r.stdout and r.returncode == 1
    r = run_fzlint("check", "草稿/old.txt", "--force-exclude", "--format", "concise", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.strip() == "", r.stdout + r.stderr


# ---- the real thing ---------------------------------------------------------------------------
def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PRE_COMMIT")}
    env.update({
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),  # a fresh hook environment
        "GIT_CONFIG_GLOBAL": os.devnull,  # no global hooks, signing or templates from the machine
        "GIT_CONFIG_NOSYSTEM": "1",
        "NO_COLOR": "1",
        "PRE_COMMIT_COLOR": "never",
    })
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: int = 120,
         check: bool = True) -> subprocess.CompletedProcess[str]:
    r = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise AssertionError(f"{args} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return r


def _git_repo(path: Path, env: dict[str, str]) -> None:
    path.mkdir(parents=True, exist_ok=True)
    _run(["git", "init", "-q"], path, env)
    _run(["git", "config", "user.name", "fzlint test"], path, env)
    _run(["git", "config", "user.email", "fzlint-test@example.invalid"], path, env)
    _run(["git", "config", "commit.gpgsign", "false"], path, env)


def _hook_repository(tmp_path: Path, env: dict[str, str]) -> tuple[Path, str]:
    """This checkout's working tree (not its last commit) as a git repository pre-commit can clone."""
    repo = tmp_path / "fzlint-hooks"
    _git_repo(repo, env)
    for name in HOOK_REPO_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, repo / name)
    _run(["git", "add", "-A"], repo, env)
    _run(["git", "commit", "-q", "-m", "fzlint under test"], repo, env)
    return repo, _run(["git", "rev-parse", "HEAD"], repo, env).stdout.strip()


def _commit(repo: Path, env: dict[str, str], files: list[str], message: str,
            skip: str) -> subprocess.CompletedProcess[str]:
    _run(["git", "add", "--", *files], repo, env)
    return _run(["git", "commit", "-m", message], repo, {**env, "SKIP": skip}, timeout=300, check=False)


def _head_count(repo: Path, env: dict[str, str]) -> int:
    return int(_run(["git", "rev-list", "--count", "HEAD"], repo, env).stdout)


@pytest.mark.network
@pytest.mark.slow
def test_pre_commit_rejects_defective_reports_and_accepts_clean_ones(tmp_path):
    env = _env(tmp_path)
    hooks, rev = _hook_repository(tmp_path, env)
    docs = tmp_path / "reports"
    _git_repo(docs, env)
    config = {"repos": [{"repo": str(hooks), "rev": rev, "hooks": [{"id": "fzlint"}, {"id": "fzlint-fix"}]}]}
    (docs / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    # Only the rules this test is about, so that new rule families cannot change its outcome.
    (docs / ".fzlint.yaml").write_text("select: [FZ501, FZ502]\nexclude: ['草稿/**']\n", encoding="utf-8")
    pre_commit = [sys.executable, "-m", "pre_commit"]
    _run([*pre_commit, "install"], docs, env)
    _run([*pre_commit, "install-hooks"], docs, env, timeout=1800)  # builds the hook's virtualenv
    r = _commit(docs, env, [".pre-commit-config.yaml", ".fzlint.yaml"], "configure fzlint", skip="")
    assert r.returncode == 0, r.stdout + r.stderr

    defective = seed_text("004")
    assert BOOKMARK in defective
    clean = defective.replace(BOOKMARK, "")

    # A defective report is rejected, with fzlint's findings in the output.
    (docs / "report.txt").write_text(defective, encoding="utf-8")
    before = _head_count(docs, env)
    r = _commit(docs, env, ["report.txt"], "add report", skip="fzlint-fix")
    out = r.stdout + r.stderr
    assert r.returncode != 0, out
    assert "FZ501" in out and "report.txt" in out and "bookmark: _GoBack" in out
    assert _head_count(docs, env) == before

    # The clean report is accepted.
    (docs / "report.txt").write_text(clean, encoding="utf-8")
    r = _commit(docs, env, ["report.txt"], "add report", skip="fzlint-fix")
    assert r.returncode == 0, r.stdout + r.stderr
    assert _head_count(docs, env) == before + 1

    # The repository's exclude holds for staged files; README-like files are not reports.
    (docs / "草稿").mkdir()
    (docs / "草稿" / "draft.txt").write_text(defective, encoding="utf-8")
    (docs / "README.md").write_text("# 报告仓库\n" + BOOKMARK + "\n", encoding="utf-8")
    r = _commit(docs, env, ["草稿/draft.txt", "README.md"], "add a draft", skip="fzlint-fix")
    assert r.returncode == 0, r.stdout + r.stderr

    # fzlint-fix repairs the safe problems; the commit stops so the change can be reviewed.
    (docs / "report2.txt").write_text(defective, encoding="utf-8")
    r = _commit(docs, env, ["report2.txt"], "add report 2", skip="fzlint")
    assert r.returncode != 0, r.stdout + r.stderr
    assert "files were modified by this hook" in r.stdout + r.stderr
    assert (docs / "report2.txt").read_text(encoding="utf-8") == clean
    r = _commit(docs, env, ["report2.txt"], "add report 2", skip="fzlint")
    assert r.returncode == 0, r.stdout + r.stderr
