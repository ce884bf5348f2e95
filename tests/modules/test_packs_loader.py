"""Rule packs: validation errors name file, line and rule; only plain data is accepted."""

from __future__ import annotations

import textwrap

import pytest

from fzlint.errors import PackError
from fzlint.packs.loader import builtin_pack_paths, load_ruleset

from ..conftest import run_fzlint

GOOD_RULE = """\
pack: mine
rules:
  - code: XQ101
    name: no-xx
    check: pattern
    severity: warning
    message: "占位符未填写：{match}"
    words: [XX, ×××]
"""


def write(tmp_path, text, name="pack.yaml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def load_error(tmp_path, text) -> str:
    p = write(tmp_path, text)
    with pytest.raises(PackError) as err:
        load_ruleset([p], builtin=False)
    msg = str(err.value)
    assert "\n" not in msg
    return msg


def test_good_pack_loads(tmp_path):
    rs = load_ruleset([write(tmp_path, GOOD_RULE)], builtin=False)
    assert [r.code for r in rs.rules] == ["XQ101"]
    assert rs.rules[0].options["words"] == ["XX", "×××"]


def test_unknown_field_names_line_rule_and_suggestion(tmp_path):
    msg = load_error(tmp_path, GOOD_RULE + "    wordz: [a]\n")
    assert msg.endswith("pack.yaml:9: 规则 XQ101: 未知的字段 'wordz'（是否想写 'words'？）")


def test_unknown_check_type(tmp_path):
    msg = load_error(tmp_path, GOOD_RULE.replace("check: pattern", "check: patern"))
    assert "pack.yaml:5: 规则 XQ101: 未知的检查类型 'patern'（是否想写 'pattern'？）" in msg


def test_bad_severity_and_wrong_type(tmp_path):
    assert "取值 'fatal' 无效" in load_error(tmp_path, GOOD_RULE.replace("severity: warning", "severity: fatal"))
    assert "应为列表" in load_error(tmp_path, GOOD_RULE.replace("words: [XX, ×××]", "words: {a: 1}"))


def test_missing_required_field(tmp_path):
    assert "缺少必填字段 'message'" in load_error(tmp_path, GOOD_RULE.replace('    message: "占位符未填写：{match}"\n', ""))


def test_regex_that_does_not_compile(tmp_path):
    msg = load_error(tmp_path, GOOD_RULE.replace("words: [XX, ×××]", "patterns: ['(未闭合']"))
    assert "规则 XQ101" in msg and "正则表达式无法编译" in msg


def test_unknown_placeholder(tmp_path):
    msg = load_error(tmp_path, GOOD_RULE.replace("{match}", "{matchh}"))
    assert "pack.yaml:7: 规则 XQ101: message 中的占位符 {matchh} 不可用" in msg


def test_python_object_tag_is_refused(tmp_path):
    msg = load_error(tmp_path, "pack: evil\nrules: !!python/object/apply:os.system ['true']\n")
    assert "pack.yaml:2" in msg and "YAML 标签" in msg


def test_invalid_yaml(tmp_path):
    assert "YAML 语法错误" in load_error(tmp_path, "pack: x\nrules: [\n")


def test_pack_including_itself(tmp_path):
    msg = load_error(tmp_path, "pack: loop\ninclude: [pack.yaml]\n")
    assert "包含了自己" in msg


def test_include_and_override(tmp_path):
    write(tmp_path, GOOD_RULE, "base.yaml")
    p = write(tmp_path, "pack: team\ninclude: [base.yaml]\noverride:\n  XQ101: {severity: error, words: [XX]}\n")
    rs = load_ruleset([p], builtin=False)
    rule = rs.by_code["XQ101"]
    assert rule.severity.label == "error" and rule.options["words"] == ["XX"]


def test_override_unknown_code(tmp_path):
    write(tmp_path, GOOD_RULE, "base.yaml")
    p = write(tmp_path, "pack: team\ninclude: [base.yaml]\noverride:\n  XQ102: {severity: error}\n")
    with pytest.raises(PackError, match="override 的规则 XQ102 不存在（是否想写 'XQ101'？）"):
        load_ruleset([p], builtin=False)


def test_duplicate_code(tmp_path):
    a = write(tmp_path, GOOD_RULE, "a.yaml")
    b = write(tmp_path, GOOD_RULE, "b.yaml")
    with pytest.raises(PackError, match="规则代码重复"):
        load_ruleset([a, b], builtin=False)


def test_bad_code_format(tmp_path):
    assert "应形如 FZ123" in load_error(tmp_path, GOOD_RULE.replace("XQ101", "xq-1"))


def test_builtin_packs_load_and_have_explain_and_source():
    rs = load_ruleset()
    assert builtin_pack_paths(), "rules/*.yaml must exist"
    assert rs.rules, "at least one built-in rule"
    for r in rs.rules:
        assert r.code.startswith("FZ")
        assert r.explain.what and r.explain.fix, f"{r.code} needs explain.what/fix"
        assert r.source, f"{r.code} needs a source"
        assert r.summary


def test_cli_pack_error_exit_2_one_line(tmp_path):
    p = write(tmp_path, GOOD_RULE + "    valid_untill: 2020\n")
    r = run_fzlint("check", "seeds/000_1fc3b7a414b55ec1.txt", "--rule-pack", str(p))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "规则 XQ101: 未知的字段 'valid_untill'" in lines[0]


def test_user_pack_finds_placeholders(tmp_path):
    p = write(tmp_path, GOOD_RULE)
    report = tmp_path / "r.txt"
    report.write_text("某局2023年度法治政府建设情况报告\n一、主要举措和成效\n共办理XX件。\n", encoding="utf-8")
    r = run_fzlint("check", str(report), "--rule-pack", str(p), "--select", "XQ", "--format", "concise")
    assert r.stdout.strip() == f"{report}:3:4: XQ101 占位符未填写：XX"
    assert r.returncode == 1


@pytest.mark.parametrize("value", ["4月1日", "04-31", "april"])
def test_a_signature_deadline_that_is_not_a_month_and_day_is_refused(tmp_path, value):
    p = write(tmp_path, f"pack: mine\noverride:\n  FZ313: {{deadline: '{value}'}}\n")
    with pytest.raises(PackError) as err:
        load_ruleset([p])
    assert "FZ313" in str(err.value) and "deadline 应写成“月-日”" in str(err.value)
