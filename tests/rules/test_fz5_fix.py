"""The issue's done-when for --fix/--diff, on real seeds and on GB18030, CRLF and BOM copies.

`fzlint check --fix` on a copy of seed 003 (a web copy) removes the web boilerplate and
the half-width punctuation and nothing else; a second run is a no-op; `--diff` on a
read-only file prints the change and writes nothing.
"""

from __future__ import annotations

import codecs
import os
import re

import pytest

from ..conftest import fzlint_here, lint, seed

BOILERPLATE = {0, 3, 4, 5, 87, 88, 89, 90}  # 0-based lines of seed 003: page header and footer links
FULL = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"})
MARKER = re.compile(r"^(\s*)\(([一二三四五六七八九十]+)\)")  # `(一)` heading markers: the structure checks' own


def to_fullwidth(line: str) -> str:
    """What a careful person does to a line: every half-width mark → full width (an
    English-style space after , ; : goes too)."""
    return re.sub(r"([,;:?!]) +(?=\S)", r"\1", line).translate(FULL)


def expected_line(old: str, new: str) -> bool:
    """The line became its full-width self; a heading marker may stay for FZ1 to decide."""
    want = to_fullwidth(old)
    if new == want:
        return True
    m = MARKER.match(old)
    return m is not None and new == m.group(0) + to_fullwidth(old[m.end() :])


def encode(text: str, variant: str) -> bytes:
    if variant == "gb18030-crlf":
        return text.replace("\n", "\r\n").encode("gb18030")
    if variant == "utf-8-bom":
        return codecs.BOM_UTF8 + text.encode("utf-8")
    return text.encode("utf-8")


def decode(data: bytes, variant: str) -> str:
    if variant == "gb18030-crlf":
        return data.decode("gb18030")
    if variant == "utf-8-bom":
        assert data.startswith(codecs.BOM_UTF8)
        return data[3:].decode("utf-8")
    return data.decode("utf-8")


@pytest.mark.seed
@pytest.mark.parametrize("variant", ["utf-8", "gb18030-crlf", "utf-8-bom"])
def test_fix_on_seed_003_removes_boilerplate_and_halfwidth_punctuation_only(tmp_path, variant):
    original = seed("003").read_text(encoding="utf-8")
    f = tmp_path / "003.txt"
    f.write_bytes(encode(original, variant))
    os.chmod(f, 0o640)

    r = fzlint_here("check", str(f), "--fix", "--select", "FZ4,FZ5")
    assert r.returncode == 1, r.stderr  # what is left (stray spaces, typos…) still fails the check
    safe = [d for d in lint(original, select=("FZ4", "FZ5")) if d.fix and d.fix.safe]
    assert {d.code for d in safe} == {"FZ502", "FZ503"}
    assert f"已自动修复 {len(safe)} 处" in r.stdout
    assert oct(os.stat(f).st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["003.txt"]  # written via a temp file, renamed
    new = decode(f.read_bytes(), variant)
    nl = "\r\n" if variant.endswith("crlf") else "\n"
    assert new.count("\n") == new.count(nl)  # line endings kept

    old_lines = original.replace("\n", nl).splitlines(keepends=True)
    kept = [line for i, line in enumerate(old_lines) if i not in BOILERPLATE]
    new_lines = new.splitlines(keepends=True)
    assert len(new_lines) == len(kept)
    for old, got in zip(kept, new_lines, strict=True):
        assert old[len(old.rstrip("\r\n")) :] == got[len(got.rstrip("\r\n")) :]  # same terminator
        assert expected_line(old.rstrip("\r\n"), got.rstrip("\r\n")), (old, got)
    body = "".join(MARKER.sub("", line) for line in new_lines)
    assert not re.search(r"[,;:()?!]", body)  # no half-width mark left outside heading markers

    # The second run changes nothing.
    again = f.read_bytes()
    r2 = fzlint_here("check", str(f), "--fix", "--select", "FZ4,FZ5")
    assert f.read_bytes() == again
    assert "已自动修复 0 处" in r2.stdout


@pytest.mark.seed
def test_after_fix_the_remaining_findings_are_reported_and_none_is_safely_fixable(tmp_path):
    f = tmp_path / "003.txt"
    f.write_bytes(seed("003").read_bytes())
    r = fzlint_here("check", str(f), "--fix", "--select", "FZ5")
    assert re.search(r"发现 \d+ 个问题（错误 0，警告 \d+，提示 \d+），已自动修复 \d+ 处。", r.stdout)
    assert "FZ506" in r.stdout and "[可修复，需 --unsafe-fixes]" in r.stdout  # stray spaces: unsafe fix only
    assert "FZ503" not in r.stdout and "FZ502" not in r.stdout
    r = fzlint_here("check", str(f), "--select", "FZ5")
    assert "可用 --fix 自动修复" not in r.stdout  # nothing safe is left to fix


@pytest.mark.seed
def test_diff_on_read_only_seed_003_prints_the_change_and_writes_nothing(tmp_path):
    f = tmp_path / "003.txt"
    data = seed("003").read_bytes()
    f.write_bytes(data)
    os.chmod(f, 0o444)
    before = os.stat(f).st_mtime_ns
    r = fzlint_here("check", str(f), "--diff", "--select", "FZ5")
    assert r.returncode == 1
    assert f.read_bytes() == data and os.stat(f).st_mtime_ns == before
    assert "-当前位置:杭州道街> 政务公开> 最新文件" in r.stdout
    assert "+    2023年，杭州道街坚持以习近平新时代中国特色社会主义思想为指导，" in r.stdout
    assert re.search(r"可修复 \d+ 处（未写入文件）", r.stderr)
    assert not list(tmp_path.glob("*.tmp*")) and sorted(p.name for p in tmp_path.iterdir()) == ["003.txt"]


@pytest.mark.seed
def test_fix_on_seed_004_corrects_fazhi_in_fixed_phrases_and_keeps_legitimate_fazhi(tmp_path):
    f = tmp_path / "004.txt"
    f.write_bytes(seed("004").read_text(encoding="utf-8").replace("\n", "\r\n").encode("gb18030"))
    fzlint_here("check", str(f), "--fix")
    text = f.read_bytes().decode("gb18030")
    assert "推进法治建设第一责任人职责" in text and "加强法治宣传教育工作" in text and "把法治观念" in text
    assert "法制建设" not in text and "法制宣传" not in text
    assert "行政执法决定法制审核工作规范" in text  # the 三项制度 name is legitimate 法制
    assert "交法制办" in text  # a stale unit name is FZ3's question, not a safe rewrite
    assert "[bookmark" not in text and "维护社会稳定，结合" in text
    assert "有限提拔" in text  # a typo fix changes meaning: only with --unsafe-fixes
    fzlint_here("check", str(f), "--fix", "--unsafe-fixes")
    text = f.read_bytes().decode("gb18030")
    assert "优先提拔" in text and "合法性审查" in text and "督察工作规定" in text


def test_overlapping_fixes_reach_a_fixpoint(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text("某街道2023年法治政府建设情况报告\n工作,,完成;;成效明显。\n", encoding="utf-8")
    fzlint_here("check", str(f), "--fix")
    assert f.read_text(encoding="utf-8") == "某街道2023年法治政府建设情况报告\n工作，完成；成效明显。\n"


def test_safe_typography_fixes_keep_every_han_character_and_reach_a_fixpoint():
    """Property: --fix on any mix of Chinese, digits, spaces and punctuation only touches
    punctuation, digit width and artifacts, and leaves nothing safely fixable behind."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from fzlint.engine import lint_document
    from fzlint.fixes import applicable, fix_to_fixpoint
    from fzlint.packs.config import Settings
    from fzlint.parse import parse

    alphabet = st.sampled_from(list("法治政府建设工作依法行政年件元") + list(",;:()?!，。、；：（）《》“” 0123４５") + ["\n"])
    settings_ = Settings(select=("FZ5",))
    ruleset = settings_.ruleset()

    def relint(text: str):
        return lint_document(parse(text, "p.txt"), ruleset, settings_)[0]

    def han(text: str) -> str:
        return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")

    @settings(max_examples=150, deadline=None)
    @given(st.text(alphabet, min_size=1, max_size=80))
    def prop(body: str) -> None:
        text = "某街道2023年法治政府建设情况报告\n" + body
        new, _, diags = fix_to_fixpoint(text, relint)
        assert han(new) == han(text)
        assert applicable(diags, unsafe=False) == []

    prop()
