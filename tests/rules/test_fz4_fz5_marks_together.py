"""The kinds of marks a 司法局 reviewer put on a published 2021 district report that fzlint
missed (issue 16): one passage written for this test holds one of each, its corrected twin
none.  Checks the rules together, through the CLI, as a user runs them."""

from __future__ import annotations

import json

from ..conftest import fzlint_here

NEW = "FZ411,FZ412,FZ413,FZ414,FZ512,FZ513"

MARKED = """某区2021年法治政府建设情况报告

一、2021年推进法治政府建设的主要举措和成效
（一）深化普法宣传。区司法局牵头开展“法润万家”系列活动，引导居民尊法学法用法守法，全年举办讲座86场，参与人数创下历史最高记录。
（二）规范行政执法。组织全区执法人员集中学习新修订的行政处罚法，区城管执法局的轻微违法免罚清单做法被人民日报报道。
（三）化解矛盾纠纷。打造调解品牌—“和事佬工作室”，全年调解纠纷412件。
二、存在的不足和原因
存在的不足主要体现在一是执法人员法治素养有待提升，二是基层法治力量较为薄弱。
"""

CORRECTED = """某区2021年法治政府建设情况报告

一、2021年推进法治政府建设的主要举措和成效
（一）深化普法宣传。区司法局牵头开展“法润万家”系列活动，引导居民尊法学法守法用法，全年举办讲座86场，参与人数创下历史最高纪录。
（二）规范行政执法。组织全区执法人员集中学习新修订的《行政处罚法》，区城管执法局的轻微违法免罚清单做法被《人民日报》报道。
（三）化解矛盾纠纷。打造调解品牌——“和事佬工作室”，全年调解纠纷412件。
二、存在的不足和原因
存在的不足主要体现在：一是执法人员法治素养有待提升，二是基层法治力量较为薄弱。
"""


def _codes(tmp_path, text: str, *extra: str) -> list[str]:
    f = tmp_path / "report.txt"
    f.write_text(text, encoding="utf-8")
    out = fzlint_here("check", str(f), "--select", NEW, "--format", "json", "--exit-zero", *extra)
    assert out.returncode == 0, out.stderr
    return sorted(d["code"] for d in json.loads(out.stdout))


def test_each_kind_of_reviewer_mark_is_found(tmp_path):
    assert _codes(tmp_path, MARKED) == ["FZ411", "FZ413", "FZ414", "FZ414", "FZ512", "FZ513"]


def test_the_corrected_report_is_clean(tmp_path):
    assert _codes(tmp_path, CORRECTED) == []


def test_fix_with_unsafe_fixes_turns_the_marked_report_into_the_corrected_one(tmp_path):
    f = tmp_path / "report.txt"
    f.write_text(MARKED, encoding="utf-8")
    out = fzlint_here("check", str(f), "--select", NEW, "--fix", "--unsafe-fixes", "--exit-zero")
    assert out.returncode == 0, out.stderr
    assert f.read_text(encoding="utf-8") == CORRECTED


def test_plain_fix_applies_only_the_safe_book_marks(tmp_path):
    f = tmp_path / "report.txt"
    f.write_text(MARKED, encoding="utf-8")
    fzlint_here("check", str(f), "--select", NEW, "--fix", "--exit-zero")
    text = f.read_text(encoding="utf-8")
    assert "《行政处罚法》" in text and "《人民日报》" in text
    assert "尊法学法用法守法" in text and "最高记录" in text  # unsafe fixes need --unsafe-fixes
