"""Each output format (its content from the command's function in this process, fzlint_here), the
exit codes, colour and usage errors of the real command, rules/explain."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from ..conftest import ROOT, fzlint_here, run_fzlint, seed

SARIF_SCHEMA = json.loads((Path(__file__).parent.parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
FIELDS = {"path", "line", "column", "end_line", "end_column", "code", "severity", "message", "fix"}


def test_json_is_only_json_with_the_fields():
    r = fzlint_here("check", "seeds/", "--format", "json")
    assert r.returncode == 1
    items = json.loads(r.stdout)
    assert items and all(FIELDS <= set(i) for i in items)
    for i in items:
        assert i["severity"] in ("error", "warning", "info")
        assert i["line"] >= 1 and i["column"] >= 1 and i["location_unit"] == "line"
        assert (i["end_line"], i["end_column"]) >= (i["line"], i["column"])
    bookmark = next(i for i in items if i["code"] == "FZ501")
    assert bookmark["path"] == "seeds/004_d5b6b2e72d8ce8d7.txt"
    assert (bookmark["line"], bookmark["column"], bookmark["end_line"], bookmark["end_column"]) == (50, 1, 50, 20)
    assert bookmark["fix"]["safe"] is True
    assert bookmark["fix"]["edits"] == [{"content": "", "line": 50, "column": 1, "end_line": 50, "end_column": 20}]


def test_sarif_validates_against_the_official_schema():
    r = fzlint_here("check", "seeds/", "--format", "sarif")
    log = json.loads(r.stdout)
    jsonschema.validate(log, SARIF_SCHEMA)
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "fzlint"
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert "FZ501" in ids
    res = next(x for x in run["results"] if x["ruleId"] == "FZ501")
    region = res["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 50, "startColumn": 1, "endLine": 50, "endColumn": 20}
    assert run["columnKind"] == "unicodeCodePoints"


def test_github_annotations():
    r = fzlint_here("check", str(seed("004").relative_to(ROOT)), "--format", "github", "--select", "FZ501")
    assert r.stdout.startswith(
        "::warning file=seeds/004_d5b6b2e72d8ce8d7.txt,line=50,col=1,endLine=50,endColumn=20,title=FZ501 word-residue::"
    )


def test_concise_format():
    r = fzlint_here("check", "seeds/004_d5b6b2e72d8ce8d7.txt", "--format", "concise", "--select", "FZ501")
    assert r.stdout == "seeds/004_d5b6b2e72d8ce8d7.txt:50:1: FZ501 Word 转换残留：[bookmark: _GoBack]\n"


def test_full_format_underlines_span_and_has_summary():
    r = fzlint_here("check", "seeds/004_d5b6b2e72d8ce8d7.txt", "--select", "FZ501")
    lines = r.stdout.splitlines()
    assert lines[0] == "seeds/004_d5b6b2e72d8ce8d7.txt"
    assert "50:1" in lines[1] and "FZ501" in lines[1] and "警告" in lines[1]
    excerpt, underline = lines[2], lines[3]
    assert excerpt.endswith("│ [bookmark: _GoBack]三、2021年推进法治政府建设的主要安排")
    assert underline.split("│ ")[1] == "^" * len("[bookmark: _GoBack]")
    assert "建议：删除残留标记" in lines[4]
    assert lines[-1].startswith("检查了 1 个文件，发现 1 个问题")
    assert "\x1b[" not in r.stdout  # not a terminal → no colour


def test_underline_counts_wide_characters():
    from fzlint.engine import FileResult, file_report
    from fzlint.output.full import snippet
    from fzlint.parse import parse

    from ..conftest import lint

    text = "某局2023年度法治政府建设情况报告\n一、主要举措和成效\n全部完成。[bookmark: x]\n"
    d = next(d for d in lint(text) if d.code == "FZ501")
    excerpt, underline = snippet(file_report(FileResult("-", [d], parse(text))).shown[0], d)
    assert excerpt == "全部完成。[bookmark: x]"
    assert underline == " " * 10 + "^" * len("[bookmark: x]")  # five CJK characters are ten cells


def test_statistics_replace_the_findings():
    r = fzlint_here("check", "seeds/", "--format", "concise", "--statistics", "--select", "FZ501,FZ502")
    assert r.stdout.splitlines() == ["8  FZ502  [*] 警告  web-boilerplate", "1  FZ501  [*] 警告  word-residue"]
    r = fzlint_here("check", "seeds/", "--format", "json", "--statistics", "--select", "FZ501,FZ502")
    assert json.loads(r.stdout) == [
        {"code": "FZ502", "name": "web-boilerplate", "count": 8, "fixable": 8, "severity": "warning",
         "severities": {"warning": 8}},
        {"code": "FZ501", "name": "word-residue", "count": 1, "fixable": 1, "severity": "warning",
         "severities": {"warning": 1}},
    ]


def test_force_color_and_no_color():
    r = run_fzlint("check", "seeds/004_d5b6b2e72d8ce8d7.txt", "--select", "FZ501", env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[" in r.stdout
    r = run_fzlint("check", "seeds/004_d5b6b2e72d8ce8d7.txt", "--select", "FZ501", env={"NO_COLOR": "1"})
    assert "\x1b[" not in r.stdout


def test_output_file(tmp_path):
    out = tmp_path / "out.json"
    r = fzlint_here("check", "seeds/", "--format", "json", "-o", str(out))
    assert r.stdout == "" and json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("args", "code"), [
    (["--select", "FZ501"], 1),
    (["--select", "FZ501", "--exit-zero"], 0),
    (["--select", "FZ501", "--fail-on", "error"], 0),
    (["--select", "FZ502"], 0),
])
def test_exit_codes(args, code):
    assert run_fzlint("check", "seeds/004_d5b6b2e72d8ce8d7.txt", *args).returncode == code


def test_usage_error_exit_2():
    assert run_fzlint("check", "--format", "xml").returncode == 2


@pytest.mark.slow
def test_rules_and_explain():
    r = run_fzlint("rules")
    assert r.returncode == 0
    assert any(line.startswith("FZ501  警告  typography") for line in r.stdout.splitlines())
    r = run_fzlint("rules", "--format", "json")
    assert {"code": "FZ501", "severity": "warning", "pack": "typography"}.items() <= json.loads(r.stdout)[0].items() \
        or any(i["code"] == "FZ501" for i in json.loads(r.stdout))
    r = run_fzlint("explain", "fz501")
    assert r.returncode == 0
    for heading in ("## 检查什么", "## 为什么重要", "## 示例", "## 如何修复", "## 自动修复", "## 依据"):
        assert heading in r.stdout
    assert "安全：--fix 会自动应用" in r.stdout
    r = run_fzlint("explain", "FZ5011")
    assert r.returncode == 2 and r.stderr.startswith("fzlint: 没有规则 FZ5011")
