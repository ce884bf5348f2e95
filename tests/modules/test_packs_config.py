"""Configuration: closest file wins, explicit extend, CLI overrides, clear errors."""

from __future__ import annotations

from fzlint.packs.config import Overrides, Settings, clear_caches, is_selected, resolve

from ..conftest import run_fzlint, seed_text


def make_report(d, name="r.txt", prefix="004"):
    d.mkdir(parents=True, exist_ok=True)
    f = d / name
    f.write_text(seed_text(prefix), encoding="utf-8")
    return f


def test_selection_semantics_most_specific_wins():
    s = Settings(select=("FZ5",), ignore=("FZ501",))
    assert not is_selected("FZ501", True, s) and is_selected("FZ502", True, s)
    s = Settings(select=("FZ501",), ignore=("FZ5",))
    assert is_selected("FZ501", True, s) and not is_selected("FZ502", True, s)
    assert not is_selected("FZ101", True, Settings(select=("FZ5",)))
    assert is_selected("FZ101", True, Settings())
    assert not is_selected("FZ999", False, Settings())  # disabled by default
    assert is_selected("FZ999", False, Settings(extend_select=("FZ999",)))
    assert not is_selected("FZ999", False, Settings(extend_select=("FZ9",)))  # needs the exact code


def test_closest_config_wins_and_is_not_merged(tmp_path):
    (tmp_path / ".fzlint.yaml").write_text("ignore: [FZ502]\nyear: 2019\n", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text("[tool.fzlint]\nignore = ['FZ501']\n", encoding="utf-8")
    clear_caches()
    s_top = resolve(tmp_path / "a.txt", Overrides())
    s_sub = resolve(sub / "b.txt", Overrides())
    assert s_top.ignore == ("FZ502",) and s_top.year == 2019
    assert s_sub.ignore == ("FZ501",) and s_sub.year is None  # the closest wins, no merge


def test_pyproject_without_section_is_skipped(tmp_path):
    (tmp_path / ".fzlint.yaml").write_text("ignore: [FZ502]\n", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    clear_caches()
    assert resolve(sub / "b.txt", Overrides()).ignore == ("FZ502",)


def test_extend_is_explicit(tmp_path):
    (tmp_path / "base.yaml").write_text("ignore: [FZ502]\nyear: 2022\n", encoding="utf-8")
    (tmp_path / ".fzlint.yaml").write_text("extend: base.yaml\nyear: 2023\n", encoding="utf-8")
    clear_caches()
    s = resolve(tmp_path / "r.txt", Overrides())
    assert s.ignore == ("FZ502",) and s.year == 2023


def test_cli_overrides_config(tmp_path):
    (tmp_path / ".fzlint.yaml").write_text("select: [FZ502]\nyear: 2019\n", encoding="utf-8")
    clear_caches()
    s = resolve(tmp_path / "r.txt", Overrides(select=("FZ501",), year=2024, ignore=("FZ1",)))
    assert s.select == ("FZ501",) and s.year == 2024 and s.ignore == ("FZ1",)


def test_bad_key_did_you_mean(tmp_path):
    make_report(tmp_path)
    (tmp_path / ".fzlint.yaml").write_text("select: [FZ5]\nignor: [FZ501]\n", encoding="utf-8")
    r = run_fzlint("check", str(tmp_path / "r.txt"))
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        f"fzlint: {tmp_path / '.fzlint.yaml'}:2: 未知的配置项 'ignor'（是否想写 'ignore'？）"
    ]


def test_bad_value_and_unknown_code(tmp_path):
    make_report(tmp_path)
    (tmp_path / ".fzlint.yaml").write_text("year: 二〇二三\n", encoding="utf-8")
    r = run_fzlint("check", str(tmp_path / "r.txt"))
    assert r.returncode == 2 and "'year' 应为整数" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    (tmp_path / ".fzlint.yaml").write_text("ignore: [FZ5O1]\n", encoding="utf-8")
    r = run_fzlint("check", str(tmp_path / "r.txt"))
    assert r.returncode == 2 and "'FZ5O1' 不是已知的规则代码或前缀" in r.stderr


def test_conflicting_select_and_ignore(tmp_path):
    make_report(tmp_path)
    r = run_fzlint("check", str(tmp_path / "r.txt"), "--select", "FZ501", "--ignore", "FZ501")
    assert r.returncode == 2 and "同时出现在 select 和 ignore 中" in r.stderr


def test_config_ignore_applies_via_cli(tmp_path):
    f = make_report(tmp_path)
    (tmp_path / ".fzlint.yaml").write_text("ignore: [FZ501]\n", encoding="utf-8")
    r = run_fzlint("check", str(f), "--format", "concise", "--select", "FZ5")
    assert "FZ501" not in r.stdout
    r = run_fzlint("check", str(f), "--format", "concise", "--select", "FZ5", "--isolated")
    assert "FZ501" in r.stdout


def test_pyproject_tool_section_via_cli(tmp_path):
    f = make_report(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.fzlint]\nignore = ['FZ501']\n", encoding="utf-8")
    # seed 004 also has half-width commas and stray spaces (FZ503, FZ506): ignored here so that
    # the exit code shows the config's ignore of FZ501 took effect.
    r = run_fzlint("check", str(f), "--format", "concise", "--select", "FZ5", "--ignore", "FZ503,FZ506")
    assert "FZ501" not in r.stdout and r.returncode == 0


def test_exclude_in_directory_walk_but_explicit_path_still_linted(tmp_path):
    make_report(tmp_path / "drafts", "old.txt")
    make_report(tmp_path, "final.txt")
    (tmp_path / ".fzlint.yaml").write_text("exclude: ['drafts/']\n", encoding="utf-8")
    r = run_fzlint("check", ".", "--format", "concise", "--select", "FZ501", cwd=tmp_path)
    assert "final.txt" in r.stdout and "old.txt" not in r.stdout
    r = run_fzlint("check", "drafts/old.txt", "--format", "concise", "--select", "FZ501", cwd=tmp_path)
    assert "old.txt:50:1: FZ501" in r.stdout


def test_per_file_ignores(tmp_path):
    make_report(tmp_path / "附件", "a.txt")
    make_report(tmp_path, "main.txt")
    (tmp_path / ".fzlint.yaml").write_text("per-file-ignores:\n  '附件/*.txt': [FZ501]\n", encoding="utf-8")
    r = run_fzlint("check", ".", "--format", "concise", "--select", "FZ501", cwd=tmp_path)
    assert "main.txt" in r.stdout and "a.txt" not in r.stdout


def test_severity_override_and_fail_on(tmp_path):
    f = make_report(tmp_path)
    (tmp_path / ".fzlint.yaml").write_text("select: [FZ501]\nseverity: {FZ501: info}\n", encoding="utf-8")
    r = run_fzlint("check", str(f), "--format", "json")
    assert r.returncode == 0 and '"severity": "info"' in r.stdout  # info does not fail by default
    r = run_fzlint("check", str(f), "--format", "json", "--fail-on", "info")
    assert r.returncode == 1


def test_stdin_filename_matches_config(tmp_path):
    (tmp_path / ".fzlint.yaml").write_text("select: [FZ501]\nper-file-ignores: {'skip*.txt': [FZ501]}\n",
                                           encoding="utf-8")
    data = seed_text("004").encode("utf-8")
    r = run_fzlint("check", "-", "--stdin-filename", str(tmp_path / "报告.txt"), "--format", "concise",
                   input=data, cwd=tmp_path)
    assert r.stdout.strip() == f"{tmp_path / '报告.txt'}:50:1: FZ501 Word 转换残留：[bookmark: _GoBack]"
    r = run_fzlint("check", "-", "--stdin-filename", str(tmp_path / "skip1.txt"), "--format", "concise",
                   input=data, cwd=tmp_path)
    assert r.stdout.strip() == "" and r.returncode == 0
