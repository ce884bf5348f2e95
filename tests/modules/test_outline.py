"""``fzlint outline FILE``: the heading tree, part mapping with scores, missing parts."""

from __future__ import annotations

import json

from ..conftest import fzlint_here, run_fzlint, seed


def test_outline_text_seed004():
    r = fzlint_here("outline", str(seed("004")))
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "标题：大港街2020年法治政府建设情况报告（第 1 行）" in out
    assert "年度：2020（来自标题）" in out
    assert "落款：未识别" in out
    assert "   50  三、2021年推进法治政府建设的主要安排    → 下一年度推进法治政府建设的主要安排（90）" in out
    assert "   17    （一）、加强党政主要负责人推进法制建设工作" in out  # level 2 indented once
    assert "   18      1.党政主要负责人履行推进法制建设第一责任人职责" in out  # level 3 indented twice
    assert "  ✗ 存在的不足和原因：缺少" in out
    assert "  · 其他需要报告的情况（可选）：无" in out
    assert out.rstrip().endswith("缺少必备部分：存在的不足和原因")


def test_outline_marks_unnumbered_headings_seed000():
    out = fzlint_here("outline", str(seed("000"))).stdout
    assert "    8    （无序号）加强法治建设，提升法治保障" in out
    assert "落款：天津市滨海新区人民政府新北街道办事处  2023-11-20（第 78 行）" in out
    assert "缺少必备部分" not in out


def test_outline_json_seed001():
    r = fzlint_here("outline", str(seed("001")), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["path"].endswith("001_58c44a24423f34bb.txt")
    assert data["title"] == {"text": "滨海新区2023年法治政府建设情况报告", "line": 1}
    assert (data["year"], data["year_source"], data["signature"]) == (2023, "title", None)
    top = data["headings"]
    assert [(h["line"], h["marker"], h["part"]) for h in top] == [
        (4, "一、", "first_resp"), (8, "二、", "measures"), (24, "三、", "shortcomings"), (27, "四、", "plans")]
    assert top[3]["part_score"] >= data["threshold"] and top[3]["scores"]["plans"] == top[3]["part_score"]
    assert [c["line"] for c in top[0]["children"]] == [5, 6, 7]
    assert top[0]["children"][0] == {"level": 2, "line": 5, "column": 1, "marker": "（一）", "number": 1,
                                     "style": "cn-paren", "text": "强化统筹谋划", "run_in": True, "children": []}
    assert data["missing"] == []
    parts = {p["id"]: p for p in data["parts"]}
    assert parts["plans"]["covered_by"] == [{"line": 27, "text": "2024年主要工作安排", "how": "heading", "score": 90.0}]
    assert parts["other"] == {"id": "other", "name": "其他需要报告的情况", "required": False, "found": False,
                              "covered_by": []}


def test_outline_json_missing_part_seed004():
    data = json.loads(fzlint_here("outline", str(seed("004")), "-f", "json").stdout)
    assert data["missing"] == ["shortcomings"]


def test_outline_reads_stdin():
    text = "某局2023年法治政府建设情况报告\n一、主要举措和成效\n正文。\n二、2024年工作打算\n正文。\n"
    r = run_fzlint("outline", "-", "--format", "json", input=text.encode("gb18030"))
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["path"] == "-"
    assert [h["part"] for h in data["headings"]] == ["measures", "plans"]
    assert data["missing"] == ["first_resp", "shortcomings"]


def test_outline_bad_input_is_one_line_exit_2(tmp_path):
    r = run_fzlint("outline", str(tmp_path / "没有这个文件.txt"))
    assert r.returncode == 2
    assert r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "没有这个文件.txt" in r.stderr
    assert "Traceback" not in r.stderr
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02\xff\xfe\x00" * 50)
    r = run_fzlint("outline", str(binary))
    assert r.returncode == 2 and "x.txt" in r.stderr and "Traceback" not in r.stderr


def test_outline_uses_a_user_pack_that_replaces_the_parts(tmp_path):
    pack = tmp_path / "parts.yaml"
    pack.write_text(
        "pack: mine\nparts:\n  list:\n    - id: summary\n      name: 工作总结\n      cues: ['总结']\n",
        encoding="utf-8",
    )
    report = tmp_path / "r.txt"
    report.write_text("某局2023年法治政府建设情况报告\n一、工作总结\n正文。\n", encoding="utf-8")
    data = json.loads(fzlint_here("outline", str(report), "--rule-pack", str(pack), "-f", "json").stdout)
    assert [(p["id"], p["found"]) for p in data["parts"]] == [("summary", True)]
    assert data["missing"] == []


def test_outline_names_implicit_covers_without_assuming_the_part(tmp_path):
    # The unmapped sections count towards the pack's implicit_part, whichever part that is.
    pack = tmp_path / "parts.yaml"
    pack.write_text("pack: mine\nparts:\n  implicit_part: summary\n  list:\n"
                    "    - {id: summary, name: 工作总结, cues: ['总结']}\n"
                    "    - {id: plans, name: 工作计划, cues: ['计划']}\n", encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text("某局2023年法治政府建设情况报告\n一、依法行政\n正文。\n二、明年工作计划\n正文。\n", encoding="utf-8")
    out = fzlint_here("outline", str(report), "--rule-pack", str(pack)).stdout
    assert "  ✓ 工作总结：第 2 行 未归类的一级部分（计入本部分）“依法行政”" in out
