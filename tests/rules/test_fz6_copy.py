"""FZ6 copy detection: across reports in one run, and carried over from --previous reports."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fzlint.analysis.simindex import Stats, candidate_pairs, candidate_probability, shingles, sketch
from fzlint.engine import lint_text, lint_texts
from fzlint.packs.config import Settings

from ..conftest import SEEDS, run_fzlint, seed, seed_text

OPENING = ("{y}年，{u}坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
           "全面贯彻党的二十大精神，认真贯彻落实党中央、国务院关于法治政府建设的决策部署，现将有关情况报告如下。")


def report(unit: str, year: int, measures: list[str], plans: list[str], shortcomings: list[str] | None = None) -> str:
    """A small report in the genre's shape: title, opening, the four parts, signature."""
    lines = [f"{unit}{year}年法治政府建设情况报告", "", OPENING.format(y=year, u=unit),
             "一、主要举措和成效", *measures,
             "二、党政主要负责人履行推进法治建设第一责任人职责情况",
             f"主要负责人带头学法，全年主持专题会议{year % 7 + 2}次。",  # short: not compared
             "三、存在的不足和原因", *(shortcomings or ["普法针对性不强，原因是形式单一。"]),
             f"四、{year + 1}年主要工作安排", *plans,
             "", unit, f"{year + 1}年1月20日", ""]
    return "\n".join(lines)


PARA_A = ("聚焦群众反映强烈的噪声扰民、占道经营、违规停车等突出问题，联合公安、市场监管等部门开展联合执法行动十二次，"
          "出动执法人员三百余人次，清理占道经营摊点一百二十处，群众满意度明显提升。")
PARA_B = ("建立健全行政规范性文件合法性审核机制，明确由司法所牵头、法律顾问参与审核，全年审核规范性文件和重大合同二十六件，"
          "提出修改意见四十三条，全部被采纳。")
PARA_C = ("深化“谁执法谁普法”普法责任制，组织“法律明白人”培训班四期，开展民法典进社区、进企业宣讲活动三十场，"
          "发放宣传资料五千余份，居民群众的法治意识明显增强。")
PLAN_A = ("继续深化行政执法“三项制度”，推进执法全过程记录设备全覆盖，每季度开展一次执法案卷评查，"
          "确保行政执法案卷合格率达到百分之百，进一步规范执法行为。")
PLAN_B = ("持续推进基层依法治理，培育一批民主法治示范社区，完善社区法律顾问制度，"
          "每个社区每月至少开展一次法律咨询服务，把矛盾纠纷化解在基层。")


def fz6(diags, code: str | None = None):
    # The copy rules that compare reports (FZ604, a paragraph repeated inside one report, is not one).
    return [d for d in diags if d.code.startswith(code or "FZ6") and d.code != "FZ604"]


def line_of(text: str, snippet: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if snippet in line)


# ---- across reports -----------------------------------------------------------------------
@pytest.mark.seed
def test_a_paragraph_copied_from_one_seed_into_another_is_found_on_both_sides():
    lines = seed_text("000").splitlines()
    copied = lines[8]  # 新北街道工委及时组织班子成员认真学习领会贯彻习近平法治思想…
    assert len(copied) > 200
    target = seed_text("003").splitlines()
    inserted = copied.replace("新北街道", "杭州道街道")  # the copier changed the unit name
    target.insert(30, inserted)
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in SEEDS]
    texts[3] = (texts[3][0], "\n".join(target))
    found = lint_texts(texts, settings=Settings(select=("FZ6",)))
    by_name = {name: fz6(d) for (name, _), d in zip(texts, found, strict=True)}
    src, dst = by_name[seed("000").name], by_name[seed("003").name]
    assert [(d.code, d.line) for d in src] == [("FZ601", 9)]
    assert [(d.code, d.line) for d in dst] == [("FZ601", 31)]
    assert src[0].severity.label == "info"
    # Each side names the other report and paragraph.
    assert dict(src[0].data)["other_path"] == seed("003").name and dict(src[0].data)["other_line"] == "31"
    assert dict(dst[0].data)["other_path"] == seed("000").name and dict(dst[0].data)["other_line"] == "9"
    assert "天津市滨海新区新北街道" in dst[0].message and f"{seed('000').name} 第 9 行" in dst[0].message
    # The whole paragraph (after its indentation) is the span.
    assert (dst[0].column, dst[0].end_line, dst[0].end_column) == (2, 31, len(inserted.rstrip()) + 1)
    # The other seeds, which share only the genre's phrases, get nothing.
    assert all(not v for k, v in by_name.items() if k not in (seed("000").name, seed("003").name))


@pytest.mark.seed
def test_the_unmodified_seeds_share_no_paragraph():
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in SEEDS]
    assert all(not fz6(d) for d in lint_texts(texts))


def test_the_standard_opening_is_ignored_and_the_exclusion_list_is_what_does_it(tmp_path):
    a = report("新北街道", 2023, [PARA_A], [PLAN_A])
    b = report("杭州道街道", 2023, [PARA_B], [PLAN_B])
    # Both openings are the standard boilerplate: nearly identical paragraphs (only the unit differs).
    assert a.splitlines()[2].replace("新北街道", "") == b.splitlines()[2].replace("杭州道街道", "")
    assert not fz6(lint_texts([("a.txt", a), ("b.txt", b)])[0])
    # Without the pack's boilerplate list the openings are reported.
    pack = tmp_path / "no-boilerplate.yaml"
    pack.write_text("pack: test\noverride:\n  FZ601: {boilerplate: []}\n", encoding="utf-8")
    found = lint_texts([("a.txt", a), ("b.txt", b)], settings=Settings(rule_packs=(str(pack),)))
    assert [(d.code, d.line) for d in fz6(found[0])] == [("FZ601", 3)]


def test_reports_of_the_same_unit_are_not_compared():
    a = report("天津市滨海新区新北街道办事处", 2023, [PARA_A], [PLAN_A])
    b = report("新北街", 2023, [PARA_A], [PLAN_A])  # the same unit, written shorter: a second draft
    c = report("杭州道街道", 2023, [PARA_A], [PLAN_B])
    found = lint_texts([("a.txt", a), ("b.txt", b), ("c.txt", c)])
    assert [dict(d.data)["other_path"] for d in fz6(found[0])] == ["c.txt"]
    assert [dict(d.data)["other_path"] for d in fz6(found[1])] == ["c.txt"]
    # c matches both a and b; it names the best (first on a tie) and counts the rest.
    [d] = fz6(found[2])
    assert dict(d.data)["other_path"] == "a.txt" and dict(d.data)["other_reports"] == "2"
    assert d.message.endswith("；另有 1 份报告含相似段落")


def test_short_paragraphs_and_headings_are_not_compared():
    short = "加强法治宣传教育，提升群众法治素养。"
    a = report("新北街道", 2023, [short, PARA_B], [PLAN_A])
    b = report("杭州道街道", 2023, [short, PARA_C], [PLAN_B])
    assert not fz6(lint_texts([("a.txt", a), ("b.txt", b)])[0])


def test_a_lightly_edited_copy_is_found_but_a_rewritten_paragraph_is_not():
    edited = PARA_A.replace("十二次", "十五次").replace("三百余人次", "四百余人次")
    rewritten = ("针对占道经营和违规停车问题，街道城管科会同派出所建立常态巡查机制，"
                 "划定临时疏导点三处，引导流动摊贩入点经营，相关投诉同比下降三成。")
    a = report("新北街道", 2023, [PARA_A], [PLAN_A])
    b = report("杭州道街道", 2023, [edited], [PLAN_B])
    c = report("西营门街道", 2023, [rewritten], [PLAN_B.replace("每月", "每两周")])
    found = lint_texts([("a.txt", a), ("b.txt", b), ("c.txt", c)])
    assert [dict(d.data)["other_path"] for d in fz6(found[0])] == ["b.txt"]
    assert int(dict(fz6(found[0])[0].data)["score"]) >= 90
    # b's and c's plans differ by two characters: found too.
    assert [dict(d.data)["other_path"] for d in fz6(found[2])] == ["b.txt"]


def test_one_report_alone_gets_no_copy_finding():
    a = report("新北街道", 2023, [PARA_A, PARA_A], [PLAN_A])
    diags = lint_text(a, "a.txt")
    assert not fz6(diags)
    assert [d.code for d in diags].count("FZ604") == 1  # the paragraph given twice inside it


def test_severity_override_applies_to_corpus_findings():
    a = report("新北街道", 2023, [PARA_A], [PLAN_A])
    b = report("杭州道街道", 2023, [PARA_A], [PLAN_B])
    found = lint_texts([("a.txt", a), ("b.txt", b)], settings=Settings(severity={"FZ601": "warning"}))
    assert [d.severity.label for d in fz6(found[0])] == ["warning"]


# ---- carried over from an earlier year ------------------------------------------------------
def test_paragraphs_carried_over_from_last_year():
    last = report("新北街道", 2022, [PARA_A, PARA_B], [PLAN_A], ["法治宣传形式单一，主要原因是街道专职普法人员不足，"
                                                           "社区法律顾问每月到岗时间有限，难以满足居民需求。"])
    this = report("新北街道", 2023, [PARA_A.replace("十二次", "十四次"), PARA_C], [PLAN_A],
                  ["法治宣传形式单一，主要原因是街道专职普法人员不足，社区法律顾问每月到岗时间有限，难以满足居民需求。"])
    [diags] = lint_texts([("2023.txt", this)], previous=[("2022.txt", last)])
    got = [(d.code, d.line, d.severity.label) for d in fz6(diags)]
    # measures and plans: warning; shortcomings: info; PARA_C is new; the opening differs only
    # by the year, but it is boilerplate, so it is not compared.
    measures, cause, plan = line_of(this, "聚焦群众"), line_of(this, "专职普法人员"), line_of(this, PLAN_A[:10])
    assert got == [("FZ602", measures, "warning"), ("FZ603", cause, "info"), ("FZ602", plan, "warning")]
    d = fz6(diags)[0]
    assert dict(d.data)["previous"] == "true" and f"2022.txt 第 {line_of(last, '聚焦群众')} 行" in d.message
    # The previous report itself is never reported.
    assert all(d.path == "2023.txt" for d in diags)


def test_years_are_normalised_when_comparing_with_last_year():
    plan_2022 = "2023年，我街将继续深化行政执法“三项制度”，推进执法全过程记录设备全覆盖，每季度开展一次执法案卷评查，规范执法行为。"
    plan_2023 = plan_2022.replace("2023年", "2024年")
    [diags] = lint_texts([("b.txt", report("新北街道", 2023, [PARA_B], [plan_2023]))],
                         previous=[("a.txt", report("新北街道", 2022, [PARA_A], [plan_2022]))])
    assert [(d.code, dict(d.data)["score"]) for d in fz6(diags)] == [("FZ602", "100")]


def test_previous_reports_of_other_units_or_later_years_are_not_used():
    this = report("新北街道", 2023, [PARA_A], [PLAN_A])
    other_unit = report("杭州道街道", 2022, [PARA_A], [PLAN_A])
    later = report("新北街道", 2024, [PARA_A], [PLAN_A])
    [diags] = lint_texts([("this.txt", this)], previous=[("x.txt", other_unit), ("y.txt", later)])
    assert not fz6(diags)


def test_cli_previous_folder_and_json_data(tmp_path):
    (tmp_path / "2023").mkdir()
    (tmp_path / "2022").mkdir()
    (tmp_path / "2023" / "xinbei.txt").write_text(report("新北街道", 2023, [PARA_A], [PLAN_A]), encoding="utf-8")
    (tmp_path / "2023" / "hangzhoudao.txt").write_text(report("杭州道街道", 2023, [PARA_B], [PLAN_B]),
                                                       encoding="utf-8")
    (tmp_path / "2022" / "xinbei.txt").write_text(report("新北街道", 2022, [PARA_C], [PLAN_A]), encoding="utf-8")
    (tmp_path / "2022" / "hangzhoudao.txt").write_text(report("杭州道街道", 2022, [PARA_A], [PLAN_A]),
                                                       encoding="utf-8")
    r = run_fzlint("check", "2023", "--previous", "2022", "--format", "json", "--select", "FZ6", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    items = json.loads(r.stdout)
    got = [(i["path"], i["code"], i["line"], i["data"]["other_path"]) for i in items]
    # 新北街道 2023 plans = its own 2022 plans; 杭州道街道's 2022 report shares PARA_A with
    # 新北街道 2023, but it is another unit's, so that is not "carried over".
    plan = line_of((tmp_path / "2023" / "xinbei.txt").read_text(encoding="utf-8"), PLAN_A[:10])
    assert got == [("2023/xinbei.txt", "FZ602", plan, "2022/xinbei.txt")]
    assert items[0]["severity"] == "warning" and items[0]["family"] == "copy"


def test_copies_between_word_documents_are_located_by_paragraph(tmp_path):
    """In a .docx a finding is (paragraph, character): the copied paragraph comes after a
    table whose six cells are six paragraphs but three lines of text, so it is paragraph 9."""
    import docx

    from ..builders import TABLE_ROWS, save

    for unit in ("新北街道", "杭州道街道"):
        d = docx.Document()
        d.add_paragraph(f"{unit}2023年法治政府建设情况报告")
        d.add_paragraph("一、主要举措和成效")
        table = d.add_table(rows=len(TABLE_ROWS), cols=2)
        for r, row in enumerate(TABLE_ROWS):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        d.add_paragraph(PARA_A)
        (tmp_path / f"{unit}.docx").write_bytes(save(d))
    r = run_fzlint("check", ".", "--select", "FZ601", "--format", "json", cwd=tmp_path)
    items = json.loads(r.stdout)
    assert [(i["path"], i["line"], i["column"], i["end_line"], i["end_column"], i["location_unit"]) for i in items] == [
        (f"{unit}.docx", 9, 1, 9, len(PARA_A) + 1, "paragraph") for unit in ("新北街道", "杭州道街道")]
    assert items[0]["message"].endswith("见 杭州道街道.docx 第 9 段）")
    assert items[0]["data"]["other_line"] == "9"


def test_cli_unreadable_previous_report_is_one_error_line(tmp_path):
    (tmp_path / "a.txt").write_text(report("新北街道", 2023, [PARA_A], [PLAN_A]), encoding="utf-8")
    r = run_fzlint("check", "a.txt", "--previous", "missing.txt", "--format", "concise", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == ["fzlint: missing.txt: 文件不存在（--previous）"]


def test_parts_option_limits_where_findings_are_reported(tmp_path):
    a = report("新北街道", 2023, [PARA_A], [PLAN_A])
    b = report("杭州道街道", 2023, [PARA_A], [PLAN_A])
    pack = tmp_path / "p.yaml"
    pack.write_text("pack: t\noverride:\n  FZ601: {parts: [plans]}\n", encoding="utf-8")
    found = lint_texts([("a.txt", a), ("b.txt", b)], settings=Settings(rule_packs=(str(pack),)))
    assert [d.line for d in fz6(found[0])] == [line_of(a, PLAN_A[:10])]
    found = lint_texts([("a.txt", a), ("b.txt", b)])
    assert [d.line for d in fz6(found[0])] == [line_of(a, "聚焦群众"), line_of(a, PLAN_A[:10])]


# ---- the index ---------------------------------------------------------------------------------
def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _agreement(a: bytes, b: bytes) -> float:
    from array import array

    x, y = array("I"), array("I")
    x.frombytes(a)
    y.frombytes(b)
    return sum(p == q for p, q in zip(x, y, strict=True)) / len(x)


@pytest.mark.seed
def test_sketches_estimate_jaccard_and_identical_texts_always_collide():
    rng = random.Random(3)
    pool = "".join(ch for p in SEEDS for ch in p.read_text(encoding="utf-8") if "\u4e00" <= ch <= "\u9fff")
    errors = []
    for _ in range(60):
        start = rng.randrange(len(pool) - 400)
        a = pool[start : start + rng.randint(40, 200)]
        b = a[: len(a) // 2] + pool[start + 200 : start + 200 + rng.randint(10, 150)]
        errors.append(abs(_agreement(sketch(a, 4, 75), sketch(b, 4, 75)) - _jaccard(shingles(a, 4), shingles(b, 4))))
        assert sketch(a, 4, 75) == sketch(a, 4, 75)
        assert candidate_pairs([sketch(a, 4, 75)], [sketch(a, 4, 75)], 25, 3) == [(0, 0)]
    assert sum(errors) / len(errors) < 0.06  # an unbiased estimate: 75 bins give about ±0.05


@pytest.mark.seed
def test_sketches_are_the_same_in_every_process():
    import subprocess
    import sys

    code = "from fzlint.analysis.simindex import sketch; print(sketch('法治政府建设示范创建深入推进', 4, 12).hex())"
    out = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"PYTHONHASHSEED": str(seed), "PYTHONPATH": "."}).stdout for seed in (1, 2)}
    assert out == {sketch("法治政府建设示范创建深入推进", 4, 12).hex() + "\n"}


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet="法治政府建设推进依法行政执法监督审核备案", min_size=30, max_size=120),
       cut=st.integers(0, 3))
def test_near_copies_become_candidates(text, cut):
    # Changing a few characters at one end keeps Jaccard high: LSH must pair them.
    copy = text[cut:] + "和" * cut
    a, b = shingles(text, 4), shingles(copy, 4)
    if _jaccard(a, b) >= 0.8:
        assert candidate_pairs([sketch(text, 4, 75)], [sketch(copy, 4, 75)], 25, 3) == [(0, 0)]


def test_candidate_pairs_self_join_bipartite_and_allowed():
    sk = [sketch(t, 4, 75) for t in (PARA_A, PARA_B, PARA_A + "。", PARA_C)]
    assert candidate_pairs(sk, None, 25, 3) == [(0, 2)]
    assert candidate_pairs(sk[:2], sk[2:], 25, 3) == [(0, 0)]
    assert candidate_pairs(sk, None, 25, 3, allowed=lambda i, j: False) == []
    stats = Stats()
    candidate_pairs(sk, None, 25, 3, stats=stats)
    assert (stats.possible_pairs, stats.candidates) == (6, 1)
    with pytest.raises(ValueError):
        candidate_pairs(sk, None, 20, 3)
    assert candidate_probability(0.7, 25, 3) > 0.9999 and candidate_probability(0.05, 25, 3) < 0.01


def test_the_index_looks_at_few_pairs_of_a_synthetic_corpus_and_finds_the_copies():
    from bench.corpus import inject_copies, make_corpus

    reports = make_corpus(120, seed=5)
    injected = inject_copies(reports, 12, seed=6)
    found = lint_texts([(f"{i}.txt", r.text) for i, r in enumerate(reports)], settings=Settings(select=("FZ601",)))
    flagged = {(i, d.line) for i, diags in enumerate(found) for d in diags}
    assert all((a, la + 1) in flagged and (b, lb + 1) in flagged for a, la, b, lb in injected)
    # Verbatim copies are the only findings: clause-level overlap of the genre is not copying.
    assert len(flagged) == 2 * len(injected)


HEAD = "柳岸镇2023年法治政府建设情况报告\n一、主要举措和成效\n"


def found(body: str, code: str, head: str = HEAD):
    return [d for d in lint_text(head + body, "x.txt", Settings(select=(code,))) if d.code == code]


# ---- FZ604 ------------------------------------------------------------------------------
PARA = "全年共举办法治讲座12场，参与群众860人次，发放宣传资料3000余份。"


@pytest.mark.synthetic
def test_a_paragraph_given_twice_is_reported_at_the_second() -> None:
    body = f"{PARA}\n二、存在的不足和原因\n执法人员不足。\n{PARA.replace('，', ', ')}\n"
    (d,) = found(body, "FZ604")
    assert d.line == 6 and "第 3 行" in d.message and d.fix is not None and not d.fix.safe


@pytest.mark.synthetic
def test_a_similar_but_different_paragraph_or_a_short_refrain_is_not() -> None:
    other = PARA.replace("12场", "13场")
    assert not found(f"{PARA}\n{other}\n", "FZ604")
    assert not found("继续加强执法队伍建设。\n继续加强执法队伍建设。\n", "FZ604")
