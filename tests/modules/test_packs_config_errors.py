"""Broken configuration: every mistake is one line naming the file (and line), exit 2."""

from __future__ import annotations

import pytest

from ..conftest import run_fzlint, seed_text


def _check(tmp_path, config: str, name: str = ".fzlint.yaml"):
    (tmp_path / name).write_text(config, encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text(seed_text("004"), encoding="utf-8")
    r = run_fzlint("check", str(report), "--format", "concise")
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2, r.stdout
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("year: 二〇二三\n", ".fzlint.yaml:1: 'year' 应为整数"),
        ("year: 1800\n", ".fzlint.yaml:1: 'year' 应为 1990–2100 之间的年份"),
        ("severity: [FZ501]\n", ".fzlint.yaml:1: 'severity' 应为映射，实际是列表"),
        ("severity: {FZ501: fatal}\n", "取值 'fatal' 无效"),
        ("per-file-ignores: [a.txt]\n", ".fzlint.yaml:1: 'per-file-ignores' 应为映射，实际是列表"),
        ("builtin-packs: 'no'\n", ".fzlint.yaml:1: 'builtin-packs' 应为 true 或 false"),
        ("exclude: {a: 1}\n", ".fzlint.yaml:1: 'exclude' 应为列表，实际是映射"),
        ("fail-on: fatal\n", "'fail-on' 取值 'fatal' 无效，可选：error、warning、info"),
        ("select: [[FZ5]]\n", "'select' 应为字符串"),
        ("- FZ5\n", "配置顶层应为映射"),
    ],
    ids=["year-text", "year-range", "severity-list", "severity-value", "pfi-list", "bool", "exclude-map",
         "fail-on", "nested-list", "top-level-list"],
)
def test_wrong_types(tmp_path, config, expected):
    assert expected in _check(tmp_path, config)


def test_per_file_ignores_with_a_code_that_does_not_exist(tmp_path):
    line = _check(tmp_path, 'per-file-ignores:\n  "*.txt": [FZ5011]\n')
    assert "per-file-ignores 中的 'FZ5011' 不是已知的规则代码或前缀" in line


def test_extend_of_a_missing_file_names_the_config_and_line(tmp_path):
    line = _check(tmp_path, "year: 2020\nextend: ../nosuch.yaml\n")
    assert line.endswith(".fzlint.yaml:2: extend 指向的配置文件 ../nosuch.yaml 不存在")


def test_extend_of_a_directory(tmp_path):
    (tmp_path / "base").mkdir()
    assert "extend 指向的配置文件 base 是目录" in _check(tmp_path, "extend: base\n")


def test_extend_cycle(tmp_path):
    (tmp_path / "b.yaml").write_text("extend: .fzlint.yaml\n", encoding="utf-8")
    assert "extend 形成了循环" in _check(tmp_path, "extend: b.yaml\n")


def test_broken_pyproject(tmp_path):
    assert "TOML 语法错误" in _check(tmp_path, "[tool.fzlint\nyear = 1\n", "pyproject.toml")
    assert "'year' 应为整数" in _check(tmp_path, '[tool.fzlint]\nyear = "x"\n', "pyproject.toml")


def test_a_directory_named_like_the_config_is_not_a_config(tmp_path):
    """A folder called .fzlint.yaml is skipped; the next config up applies."""
    (tmp_path / ".fzlint.yaml").write_text("ignore: [FZ501]\n", encoding="utf-8")
    sub = tmp_path / "sub"
    (sub / ".fzlint.yaml").mkdir(parents=True)
    (sub / "r.txt").write_text(seed_text("004"), encoding="utf-8")
    r = run_fzlint("check", str(sub / "r.txt"), "--format", "concise")
    assert r.returncode == 1 and r.stderr == ""
    assert "FZ501" not in r.stdout and "FZ" in r.stdout  # the parent's ignore applied
    r = run_fzlint("check", str(sub / "r.txt"), "--config", str(sub / ".fzlint.yaml"))
    assert r.returncode == 2 and r.stderr == f"fzlint: {sub / '.fzlint.yaml'}: 是目录，不是配置文件\n"


def test_config_that_is_not_utf8(tmp_path):
    (tmp_path / ".fzlint.yaml").write_bytes("# 本单位配置\nyear: 2023\n".encode("gbk"))
    (tmp_path / "r.txt").write_text(seed_text("004"), encoding="utf-8")
    r = run_fzlint("check", str(tmp_path / "r.txt"))
    assert r.returncode == 2
    assert r.stderr == f"fzlint: {tmp_path / '.fzlint.yaml'}: 无法读取配置文件：第 1 行不是 UTF-8 编码，请另存为 UTF-8\n"
