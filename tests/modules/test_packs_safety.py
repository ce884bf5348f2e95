"""Third-party rule packs cannot hang or crash a lint: catastrophic-backtracking regexes
are refused at load (fzlint/infra/regexsafe.py), every pack regex is compiled through the one
checking function, YAML alias bombs and deep nesting are refused, and wrong types in every
kind of field give one line naming file, line and rule."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import time

import pytest
import yaml

from fzlint.errors import PackError
from fzlint.infra.regexsafe import problem
from fzlint.packs.loader import builtin_pack_paths, load_ruleset

from ..conftest import ROOT, run_fzlint, seed

# Each backtracks exponentially (or with a high polynomial degree) on a failing match.
HOSTILE = [
    r"(a+)+$",
    r"(\w+\s?)*$",
    r"(.*,)*x",
    r"(?:\s*\S+){2,}x",
    r"(.*a){20}",
    r"(a*)*b",
    r"(x+x+)+y",
    r"(\w|\d+)*!",
    r"(a|ab|b)*c",
    r"^(([a-z])+.)+[A-Z]([a-z])+$",
    r"(?:[，、]?[^，]+)+。",
    r"(?=(a+)+b)",
    r"\s*\s*\s*\s*x",
    r".*a.*a.*a.*a.*b",
    r"(?i)(A+)+$",
]
# Safe shapes that pack authors write: each iteration is pinned by a character the
# inner repeat cannot eat, the alternatives cannot spell the same text, or the
# repeat cannot backtrack.
SAFE = [
    r"(\d+、)*",
    r"(?:第一|第二)*",
    r"(?>a+)+",
    r"a++b",
    r"(?:[^,]+,)*",
    r"(?:“[^”]*”)*",
    r".*法制.*",
    r"(?:\d+\.)*\d+",
    r"[^。]*违法",
    r"(?:19|20)\d{2}\s*年",
    r"(ab|a)*c",
    r"截[至止]到?\s*(?:(?P<y>(?:19|20)\d{2})\s*年\s*)?(?P<m>\d{1,2})\s*月",
]


@pytest.mark.parametrize("pattern", HOSTILE)
def test_catastrophic_patterns_are_refused(pattern):
    assert problem(pattern) is not None


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_patterns_are_accepted(pattern):
    assert problem(pattern) is None


def test_a_refused_pattern_really_is_catastrophic():
    """The threat is real: 2²² steps for 23 characters with Python's re."""
    rx = re.compile(HOSTILE[0])
    t = time.perf_counter()
    assert rx.search("a" * 22 + "!") is None
    assert time.perf_counter() - t > 0.02


GOOD_RULE = """\
pack: mine
rules:
  - code: XQ101
    name: hostile
    check: pattern
    severity: warning
    message: "命中：{match}"
"""


def write(tmp_path, text, name="pack.yaml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def load_error(tmp_path, text, name="pack.yaml") -> str:
    p = write(tmp_path, text, name)
    with pytest.raises(PackError) as err:
        load_ruleset([p], builtin=False)
    msg = str(err.value)
    assert "\n" not in msg
    return msg


# One hostile regex in each kind of regex field of each check type that takes one.
FIELDS = {
    "pattern.patterns": "    check: pattern\n    patterns: ['{rx}']\n",
    "pattern.exceptions": "    check: pattern\n    words: [XX]\n    exceptions: ['{rx}']\n",
    "substitution.pattern": "    check: substitution\n    swap:\n      - {{pattern: '{rx}', right: 对}}\n",
    "substitution.context": "    check: substitution\n    swap:\n      - {{wrong: 错, right: 对, context: '{rx}'}}\n",
    "charmap.within": "    check: charmap\n    map: {{',': '，'}}\n    within: '{rx}'\n",
    "closing_block.date_pattern": "    check: closing_block\n    date_pattern: '{rx}'\n"
                                  "    message_no_date: 无日期\n    message_no_body: 无落款\n",
    "dates.patterns": "    check: dates\n    test: partial-window\n    patterns: ['{rx}']\n",
    "years.year_pattern": "    check: years\n    test: plans-heading\n    year_pattern: '(?P<y>{rx})'\n    parts: [x]\n",
    "modal_share.exceptions": "    check: modal_share\n    parts: [x]\n    words: [应当]\n    exceptions: ['{rx}']\n",
    "causes.cause_cues": "    check: causes\n    cause_cues: ['{rx}']\n",
    "copy.normalize": "    check: copy\n    mode: across-reports\n    normalize: ['{rx}']\n",
    "topics.patterns": "    check: topics\n    part: x\n    topics:\n      - {{name: t, patterns: ['{rx}']}}\n",
    "report_title.require": "    check: report_title\n    message_missing: 缺\n    require:\n      - {{name: t, pattern: '{rx}'}}\n",
    "rate.rate_pattern": "    check: rate\n    relation: bound\n    rate_pattern: '{rx}'\n",
}


@pytest.mark.parametrize("field", list(FIELDS))
def test_a_hostile_regex_in_any_regex_field_is_refused_naming_file_line_and_rule(tmp_path, field):
    rule = GOOD_RULE.replace("    check: pattern\n", "").replace("命中：{match}", "命中") + FIELDS[field].format(
        rx=r"(\w+\s?)*$")
    msg = load_error(tmp_path, rule)
    assert "pack.yaml:3: 规则 XQ101: " in msg and "回溯失控" in msg, msg


@pytest.mark.parametrize("fields", [
    "{historical: ['{rx}']}",
    "{terms: [{id: a, name: A, patterns: ['{rx}'], valid_until: 2020}]}",
    "{terms: [{id: a, name: A, terms: [甲乙], valid_until: 2020, retrospective: '{rx}'}]}",
])
def test_a_hostile_regex_in_a_stale_terms_timeline_is_refused(tmp_path, fields):
    # stale_terms rules need a full `wording`, so a built-in one is overridden (macros expanded first)
    p = write(tmp_path, "pack: mine\noverride:\n  FZ301: " + fields.replace("{rx}", r"(\w+\s?)*{year}") + "\n")
    with pytest.raises(PackError) as err:
        load_ruleset([p])
    msg = str(err.value)
    assert "pack.yaml:3: 规则 FZ301: " in msg and "回溯失控" in msg, msg


def test_a_hostile_cue_in_the_required_parts_is_refused(tmp_path):
    base = next(p for p in builtin_pack_paths() if p.name == "structure.yaml")
    raw = yaml.safe_load(base.read_text(encoding="utf-8"))
    parts = raw["parts"]
    first = parts["list"][0]
    first["cues"] = [r"(.*,)*x"]
    p = tmp_path / "parts.yaml"
    p.write_text(yaml.safe_dump({"pack": "mine", "parts": parts}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PackError, match="回溯失控"):
        load_ruleset([p], builtin=False)


def _strings(value, out):
    if isinstance(value, str):
        out.add(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            _strings(k, out)
            _strings(v, out)
    elif isinstance(value, list):
        for v in value:
            _strings(v, out)


def test_every_regex_the_built_in_packs_give_is_compiled_through_the_checking_function(monkeypatch):
    """A check type that called re.compile on pack text directly would bypass the
    backtracking check: spy on every compilation while the packs load, prepare and
    lint the seeds, and require that each pack string with regex syntax that reached
    the regex compiler also went through ``regexsafe.problem``."""
    import fzlint.infra.regexsafe as regexsafe
    from fzlint.checks import _time
    from fzlint.engine import lint_text
    from fzlint.infra import patterns as base
    from fzlint.packs.config import Settings

    # load and validate the packs here, not from the user cache, with nothing judged safe yet
    monkeypatch.setenv("FZLINT_NO_CACHE", "1")
    monkeypatch.setattr(base, "_SAFE", set())

    pack_strings: set[str] = set()
    for p in builtin_pack_paths():
        _strings(yaml.safe_load(p.read_text(encoding="utf-8")), pack_strings)
    regexes = {s for s in pack_strings if re.escape(s) != s} | {
        _time.expand(s) for s in pack_strings if re.escape(_time.expand(s)) != _time.expand(s)}

    checked: set[str] = set()
    compiled: set[str] = set()
    real_problem, real_compile = regexsafe.problem, re._compile  # type: ignore[attr-defined]

    inside = []

    def spy_problem(pattern, flags=0):
        checked.add(pattern)
        inside.append(1)
        try:
            return real_problem(pattern, flags)
        finally:
            inside.pop()

    def spy_compile(pattern, flags):
        if isinstance(pattern, str) and not inside:  # not the checker's own probes
            compiled.add(pattern)
        return real_compile(pattern, flags)

    import fzlint.infra.rx as rx

    real_rx_compile = rx.compile

    def spy_rx_compile(pattern, flags=0):  # the regex program cache compiles without re._compile
        if isinstance(pattern, str) and not inside:
            compiled.add(pattern)
        return real_rx_compile(pattern, flags)

    monkeypatch.setenv("FZLINT_NO_CACHE", "1")  # every pack is loaded and validated afresh
    monkeypatch.setattr(regexsafe, "problem", spy_problem)
    monkeypatch.setattr(re, "_compile", spy_compile)
    monkeypatch.setattr(rx, "compile", spy_rx_compile)
    re.purge()
    ruleset = load_ruleset()
    for rule in ruleset.rules:
        ruleset.state(rule)
    for path in ROOT.glob("seeds/*.txt"):
        lint_text(path.read_text(encoding="utf-8"), path.name, Settings())
    from_packs = compiled & regexes
    assert len(from_packs) > 100  # the spy sees the packs' patterns
    assert from_packs <= checked, sorted(from_packs - checked)[:5]


def test_a_hostile_pack_cannot_hang_a_lint(tmp_path):
    """A real process with a hard timeout: the pack is refused at load, in well under
    the time one search with that pattern would take on the report."""
    pack = write(tmp_path, GOOD_RULE + "    patterns: ['(\\w+\\s?)*$']\n")
    report = tmp_path / "r.txt"
    report.write_text("某局2023年度法治政府建设情况报告\n" + "a" * 5000 + "!\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "fzlint", "check", str(report), "--rule-pack", str(pack)],
                          cwd=ROOT, capture_output=True, timeout=60, env={"PYTHONPATH": str(ROOT), "NO_COLOR": "1"})
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8").strip().splitlines()
    assert len(err) == 1 and "pack.yaml:3: 规则 XQ101:" in err[0] and "回溯失控" in err[0], err


# ---- YAML: bombs, self-reference, depth -------------------------------------------------
def _billion_laughs(key: str) -> str:
    lines = [f"  l0: &l0 [{', '.join(['lol'] * 9)}]"]
    for i in range(1, 9):
        lines.append(f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]")
    return f"{key}:\n" + "\n".join(lines) + "\n"


def test_billion_laughs_pack_is_refused_quickly(tmp_path):
    t = time.perf_counter()
    msg = load_error(tmp_path, "pack: bomb\n" + _billion_laughs("settings") + "rules: []\n")
    assert "YAML 炸弹" in msg and "pack.yaml:" in msg
    assert time.perf_counter() - t < 5


def test_self_referencing_alias_and_deep_nesting_are_refused(tmp_path):
    assert "引用了包含它自己的节点" in load_error(tmp_path, "pack: x\nrules: &r\n  - *r\n")
    deep = "pack: x\nsettings: {a: " + "[" * 200 + "]" * 200 + "}\n"
    msg = load_error(tmp_path, deep)
    assert "嵌套" in msg or "nesting" in msg


def test_anchors_within_bounds_still_work(tmp_path):
    rs = load_ruleset([write(tmp_path, "pack: x\nsettings:\n  a: &w [XX, YY]\n  b: *w\nrules: []\n")], builtin=False)
    assert rs.settings["b"] == ["XX", "YY"]


def test_billion_laughs_config_is_one_line_exit_2(tmp_path):
    (tmp_path / ".fzlint.yaml").write_text(_billion_laughs("severity"), encoding="utf-8")
    (tmp_path / "r.txt").write_text(seed("004").read_text(encoding="utf-8"), encoding="utf-8")
    r = run_fzlint("check", str(tmp_path / "r.txt"))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and ".fzlint.yaml" in lines[0] and "YAML 炸弹" in lines[0], lines


# ---- wrong types in every kind of field -------------------------------------------------
WRONG = {
    "str": ("    words: [XX]\n    message: [a, b]\n", "'message' 应为字符串"),
    "int": ("    check: approximation\n    min_value: 很多\n", "'min_value' 应为整数"),
    "float": ("    check: copy\n    mode: across-reports\n    threshold: high\n", "'threshold' 应为数字"),
    "bool": ("    words: [XX]\n    ignore_case: sometimes\n", "'ignore_case' 应为 true 或 false"),
    "list": ("    words: {XX: 1}\n", "'words' 应为列表"),
    "list item": ("    words: [XX, [YY]]\n", "'words' 应为字符串"),
    "map": ("    check: charmap\n    map: [',']\n", "'map' 应为映射"),
    "one-of": ("    words: [XX]\n    severity: fatal\n", "取值 'fatal' 无效"),
    "schema": ("    words: [XX]\n    explain: 一段话\n", "'explain' 应为映射"),
    "schema field": ("    check: substitution\n    swap:\n      - {wrong: 错, right: 对, whatever: 1}\n",
                     "未知的字段 'whatever'"),
}


@pytest.mark.parametrize("kind", list(WRONG))
def test_wrong_type_in_every_kind_of_field(tmp_path, kind):
    body, expected = WRONG[kind]
    rule = GOOD_RULE
    if "check:" in body:
        rule = rule.replace("    check: pattern\n", "")
    if "severity:" in body:
        rule = rule.replace("    severity: warning\n", "")
    msg = load_error(tmp_path, rule + body)
    assert "pack.yaml:" in msg and "规则 XQ101" in msg and expected in msg, msg


def test_pack_top_level_wrong_types(tmp_path):
    assert "应为列表" in load_error(tmp_path, "pack: x\nrules: {a: 1}\n")
    assert "顶层应为映射" in load_error(tmp_path, "- a\n- b\n")
    assert "每条规则应为映射" in load_error(tmp_path, "pack: x\nrules: [just-a-string]\n")


def test_include_of_a_missing_file_or_a_directory(tmp_path):
    msg = load_error(tmp_path, "pack: x\ninclude: [gone.yaml]\n")
    assert msg.endswith("pack.yaml:2: include 的规则包 gone.yaml 不存在")
    (tmp_path / "sub").mkdir()
    assert "include 的规则包 sub 是目录" in load_error(tmp_path, "pack: x\ninclude: [sub]\n")


def test_two_packs_including_each_other(tmp_path):
    write(tmp_path, "pack: b\ninclude: [a.yaml]\n", "b.yaml")
    assert "包含了自己" in load_error(tmp_path, "pack: a\ninclude: [b.yaml]\n", "a.yaml")


def test_rule_pack_that_is_a_directory_or_not_utf8(tmp_path):
    d = tmp_path / "dir.yaml"
    d.mkdir()
    with pytest.raises(PackError, match="是目录"):
        load_ruleset([d], builtin=False)
    bad = tmp_path / "gbk.yaml"
    bad.write_bytes("pack: 本单位\nrules: []\n".encode("gbk"))
    with pytest.raises(PackError, match="无法读取规则包"):
        load_ruleset([bad], builtin=False)
