"""Reading the findings in a terminal (issue 19): a bounded window for long spans, lines
no wider than the terminal, a repeated habit shown once, ``--statistics`` that marks only
what plain ``--fix`` fixes, an honest summary, ``-o`` saying where the output went,
usage errors and help in Chinese, and ``explain`` without install paths or regex syntax."""

from __future__ import annotations

import json
import re

import pytest

from fzlint.output.full import _head, cells, terminal_width, window

from ..conftest import fzlint_here, run_fzlint

# Three long paragraphs of the genre (written for this test), shared by two units' reports.
SHARED = [
    "围绕优化营商环境，全面推行证明事项告知承诺制和涉企经营许可事项清单管理，梳理公布告知承诺事项四十二项，"
    "编制办事指南并在政务服务大厅和网上平台同步公开，企业群众办事提交材料平均减少三成，办理时限平均压缩一半以上，"
    "全年未发生因证明材料问题被投诉的情况。",
    "健全重大行政决策程序，严格落实公众参与、专家论证、风险评估、合法性审查和集体讨论决定等法定程序，"
    "全年作出重大行政决策六项，均在决策前通过政府网站公开征求意见，收到意见建议八十余条，采纳情况在决策公布时一并说明，"
    "决策后评估工作同步启动。",
    "加强行政执法监督，组织开展行政执法案卷评查两次，抽查执法案卷一百二十卷，对发现的文书不规范、证据不充分等问题"
    "逐一反馈整改，建立执法问题整改台账，整改完成率百分之百，并将评查结果纳入年度依法行政考核，推动执法质量持续提升。",
]


def unit_report(unit: str, year: int = 2023) -> str:
    return "\n".join([
        f"{unit}{year}年法治政府建设情况报告", "",
        f"{year}年，{unit}深入学习贯彻习近平法治思想，认真落实法治政府建设各项任务，现将有关情况报告如下。",
        "一、主要举措和成效", *SHARED,
        "二、党政主要负责人履行推进法治建设第一责任人职责情况",
        "主要负责人带头学法，全年主持召开专题会议四次，研究解决法治建设重要问题。",
        "三、存在的不足和原因", "基层执法力量不足，原因是编制有限、培训不够。",
        f"四、{year + 1}年主要工作安排", "继续深化行政执法三项制度，完善执法监督机制，提升执法规范化水平。",
        "", unit, f"{year + 1}年1月20日", "",
    ])


@pytest.fixture
def copy_batch(tmp_path):
    (tmp_path / "a.txt").write_text(unit_report("某市甲区司法局"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(unit_report("某市乙县司法局"), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("columns", [None, "60", "80", "132"])
def test_the_copy_heavy_batch_prints_no_line_wider_than_the_terminal(copy_batch, columns):
    env = {"COLUMNS": columns} if columns else {}
    r = fzlint_here("check", "a.txt", "b.txt", "--select", "FZ6", cwd=copy_batch, env=env)
    assert r.returncode == 0, r.stderr  # FZ601 is a hint
    width = int(columns or 100)  # not a terminal: 100 columns
    lines = r.stdout.splitlines()
    assert sum("FZ601" in line for line in lines) == 6  # three paragraphs, found on both sides
    assert max(cells(line) for line in lines) <= width
    excerpts = [line for line in lines if line.startswith("      │ ") and "^" not in line]
    markers = [line for line in lines if line.startswith("      │ ^")]
    assert len(excerpts) == len(markers) == 6
    # The start and the end of each copied paragraph, with … between.
    for paragraph in SHARED:
        shown = [e for e in excerpts if e[8:].startswith(paragraph[:4])]
        assert shown and all("…" in e and e.rstrip().endswith(paragraph[-3:]) for e in shown)
    assert all(cells(m) <= width for m in markers)


def test_wide_characters_count_two_columns():
    assert cells("法治") == 4 and cells("ab") == 2 and cells("，") == 2 and cells("“") == 1
    before, span, after = window("前文", "很长的段落" * 40, "后文", 40)
    assert cells(before + span + after) <= 40
    assert span.startswith("很长") and span.endswith("段落") and "…" in span


def test_cells_are_unicodedatas_widths_character_by_character():
    # cells looks widths up in a table filled on first sight: the same as asking unicodedata
    from unicodedata import combining, east_asian_width

    def slow(s: str) -> int:
        return sum(0 if combining(ch) else 2 if east_asian_width(ch) in "WF" else 1 for ch in s)

    chars = "a\t\x01\u0301\u200b\u3000，“”《》法治ＡＢ１２①ｶ\uff61가😀\U00020000"
    sample = chars + "".join(chr(c) for c in range(0, 0x3100, 7))
    for ch in sample:
        assert cells(ch) == slow(ch), repr(ch)
    assert cells(sample) == slow(sample) and cells(sample[::-1]) == slow(sample)
    assert cells("e\u0301法") == 3  # a combining accent takes no column
    assert _head("法治ab政府", 5) == "法治a" and _head("法\u0301治", 2) == "法\u0301"


def test_width_is_columns_or_100_when_not_a_terminal(monkeypatch):
    import io

    monkeypatch.delenv("COLUMNS", raising=False)
    assert terminal_width(io.StringIO()) == 100
    monkeypatch.setenv("COLUMNS", "72")
    assert terminal_width(io.StringIO()) == 72


# ---- a habit repeated -------------------------------------------------------------------
def habit_report() -> str:
    """Half-width commas in five paragraphs (one FZ503 each) and two different typos."""
    body = [f"第{k}项工作,按计划推进,群众满意度明显提升。" for k in "一二三四五"]
    return "\n".join(["某县2023年法治政府建设情况报告", "", *body,
                      "截止年底完成全部任务。", "认真作好行政复议应诉工作。", ""])


def test_a_repeated_habit_is_shown_once_in_full_with_its_places(tmp_path):
    (tmp_path / "r.txt").write_text(habit_report(), encoding="utf-8")
    full = fzlint_here("check", "r.txt", "--select", "FZ503,FZ402", cwd=tmp_path).stdout
    assert full.count("FZ503") == 1
    assert "本文共 5 处：第 3、4、5、6、7 行" in full
    assert full.count("FZ402") == 2  # two different typos: two causes, never one group
    assert "共 6 个问题" not in full and "发现 7 个问题" in full  # the summary counts every place


@pytest.mark.parametrize("fmt", ["json", "concise", "github", "sarif"])
def test_tools_keep_one_finding_per_place(tmp_path, fmt):
    (tmp_path / "r.txt").write_text(habit_report(), encoding="utf-8")
    out = fzlint_here("check", "r.txt", "--select", "FZ503", "--format", fmt, cwd=tmp_path).stdout
    if fmt == "json":
        assert len(json.loads(out)) == 5
    elif fmt == "sarif":
        assert len(json.loads(out)["runs"][0]["results"]) == 5
    else:
        assert len([line for line in out.splitlines() if "FZ503" in line]) == 5


def test_fix_still_fixes_every_place(tmp_path):
    (tmp_path / "r.txt").write_text(habit_report(), encoding="utf-8")
    r = fzlint_here("check", "r.txt", "--select", "FZ503", "--fix", cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    assert "," not in (tmp_path / "r.txt").read_text(encoding="utf-8")


def test_the_places_of_a_docx_habit_are_paragraphs():
    from fzlint.diagnostic import Diagnostic, Severity
    from fzlint.output.groups import group, places_text

    ds = [Diagnostic("FZ503", Severity.WARNING, f"本段有 {n} 处半角标点（,），中文文本应使用全角标点", 10 * n, 10 * n + 1,
                     n, 2, n, 3, suggestion="改为全角标点", unit="paragraph") for n in range(1, 21)]
    [g] = group(ds)
    assert g.count == 20 and places_text(g, limit=3) == "本文共 20 处：第 1、2、3… 段"


# ---- statistics -------------------------------------------------------------------------
def test_statistics_mark_only_what_plain_fix_fixes_and_show_both_severities():
    r = fzlint_here("check", "seeds/", "--statistics", "--select", "FZ402,FZ503,FZ315")
    rows = {line.split()[1]: line for line in r.stdout.splitlines()}
    assert "[*]" in rows["FZ503"]  # a safe fix
    assert "[*]" not in rows["FZ402"]  # fixes that need confirmation: plain --fix leaves them
    assert re.search(r"警告 \d+、提示 \d+", rows["FZ315"])  # the seeds have FZ315 at two severities
    data = json.loads(fzlint_here("check", "seeds/", "--statistics", "--format", "json",
                                 "--select", "FZ402,FZ315").stdout)
    by = {row["code"]: row for row in data}
    assert by["FZ402"]["fixable"] == 0
    assert set(by["FZ315"]["severities"]) == {"warning", "info"}
    assert sum(by["FZ315"]["severities"].values()) == by["FZ315"]["count"]


# ---- summary, -o ------------------------------------------------------------------------
def test_the_summary_after_an_unreadable_file_does_not_say_no_problems(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"PK\x03\x04\x00\x00binary\x00" * 40)
    r = fzlint_here("check", "bad.txt", cwd=tmp_path)
    assert r.returncode == 2
    last = r.stdout.splitlines()[-1]
    assert "未发现问题" not in last and "出错" in last and "结果不完整" in last
    (tmp_path / "ok.txt").write_text("某县2023年法治政府建设情况报告\n", encoding="utf-8")
    last = fzlint_here("check", "bad.txt", "ok.txt", "--select", "FZ501", cwd=tmp_path).stdout.splitlines()[-1]
    assert last.startswith("检查了 1 个文件") and "已检查的文件未发现问题" in last


def test_output_file_says_where_the_output_went(tmp_path):
    r = run_fzlint("check", "seeds/", "--format", "json", "-o", str(tmp_path / "out.json"))
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.splitlines() == [f"结果已写入 {tmp_path / 'out.json'}（5 份报告，格式 json）。"]
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))


# ---- usage errors and help in Chinese --------------------------------------------------
@pytest.mark.parametrize("args", [("check", "--bogus"), ("check", "--format", "nope"), ("nosuch",),
                                  ("check", "--year", "3000")])
def test_usage_errors_are_chinese(args):
    r = run_fzlint(*args)
    assert r.returncode == 2 and r.stdout == ""
    assert "用法：" in r.stderr and "错误：" in r.stderr and "查看帮助" in r.stderr
    for english in ("Usage:", "Error:", "Try ", "No such", "Invalid value", "is not"):
        assert english not in r.stderr


def test_help_headings_are_chinese():
    for args in (("--help",), ("check", "--help")):
        out = run_fzlint(*args).stdout
        assert "用法：" in out and "选项" in out
        assert "Usage:" not in out and "Options:" not in out and "Commands:" not in out and "[OPTIONS]" not in out


# ---- explain ----------------------------------------------------------------------------
def _explains() -> dict[str, str]:
    from fzlint.explain import explain_text
    from fzlint.packs.config import Overrides, resolve

    return {r.code: explain_text(r) for r in resolve(None, Overrides()).ruleset().rules}


def test_explain_names_the_pack_not_an_install_path():
    from fzlint.packs.loader import builtin_rules_dir

    root = str(builtin_rules_dir())
    for code, text in _explains().items():
        last = text.splitlines()[-1]
        assert root not in text and "site-packages" not in text and "rules/" not in last, code
        assert last.startswith("定义于内置规则包 "), last
    r = fzlint_here("explain", "FZ301")
    assert r.stdout.rstrip().splitlines()[-1].startswith("定义于内置规则包 stale（stale.yaml 第 ")


def test_a_user_pack_rule_shows_its_file(tmp_path):
    from fzlint.explain import explain_text
    from fzlint.packs.config import Overrides, resolve

    pack = tmp_path / "my.yaml"
    pack.write_text("pack: mine\nrules:\n  - code: XQ101\n    name: no-xx\n    check: pattern\n"
                    "    severity: warning\n    message: \"占位符未填写：{match}\"\n    words: [XX]\n", encoding="utf-8")
    rules = resolve(None, Overrides(rule_packs=(str(pack),))).ruleset().by_code
    assert explain_text(rules["XQ101"]).splitlines()[-1] == f"定义于规则包 mine（{pack} 第 3 行）"


def test_a_relative_pack_path_is_judged_in_its_own_directory(tmp_path, monkeypatch):
    from fzlint.explain import _builtin_pack
    from fzlint.packs.loader import builtin_rules_dir

    # the same relative path names the built-in pack in one working directory and a user's
    # copy in another: neither answer may be remembered for the other
    rules = builtin_rules_dir().resolve()
    (tmp_path / rules.name).mkdir()
    (tmp_path / rules.name / "stale.yaml").write_text("pack: mine\nrules: []\n", encoding="utf-8")
    relative = f"{rules.name}/stale.yaml"
    monkeypatch.chdir(rules.parent)
    assert _builtin_pack(relative)
    monkeypatch.chdir(tmp_path)
    assert not _builtin_pack(relative)
    monkeypatch.chdir(rules.parent)
    assert _builtin_pack(relative)


_REGEX = re.compile(r"\(\?[:=!]|\\[sdwbSDW]|\[[\u4e00-\u9fff0-9]{2,}\]|[\u4e00-\u9fff]\|[\u4e00-\u9fff]")


def test_explain_prose_has_no_regex_left_in_it():
    for code, text in _explains().items():
        assert not _REGEX.search(text), (code, _REGEX.search(text))
    assert "贯彻落实五年来" in _explains()["FZ301"]


def test_explain_directions_match_the_layout():
    for code, text in _explains().items():
        heads = [(m.start(), m.group(1)) for m in re.finditer(r"^## (.+)$", text, re.M)]
        for m in re.finditer(r"见(下方|上方)", text):
            later = any(pos > m.start() for pos, _ in heads)
            earlier = any(pos < m.start() for pos, _ in heads)
            assert (later if m.group(1) == "下方" else earlier), code
        for m in re.finditer(r"见“([^”]+)”一节", text):
            assert any(h.startswith(m.group(1)) for _, h in heads), (code, m.group(1))
