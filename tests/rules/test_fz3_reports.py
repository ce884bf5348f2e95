"""Dates and stale references (FZ3) on the held-out reports of tests/fixtures/unseen/reports/
(marked ``unseen``): each clean report draws nothing, and a defect injected into a copy of it is
reported with the right code, message and place (tests/rules/test_fz1_reports.py does the same
for structure)."""

from __future__ import annotations

import re

import pytest

from fzlint.parse.parts import coverage

from ..conftest import lint
from ..unseen_reports import SPECS, TXT, TXT_IDS, at, first_body_offset, insert, prepared


@pytest.mark.unseen
@pytest.mark.parametrize("path", TXT, ids=TXT_IDS)
def test_plans_heading_naming_the_report_year_is_an_error(path):
    text = path.read_text(encoding="utf-8")
    doc = prepared(text, path.name)
    h = next(c.heading for c in coverage(doc, SPECS)["plans"] if c.heading is not None)
    head = text[h.text_start : h.text_end]
    wrong = re.sub(r"\d{4}(?=\s*年)", str(doc.year), head, count=1) if re.search(r"\d{4}\s*年", head) \
        else f"{doc.year}年{head}"
    mutated = text[: h.text_start] + wrong + text[h.text_end :]
    diags = lint(mutated, select=("FZ3",))
    assert [(d.code, d.line) for d in diags] == [("FZ311", h.line)]
    assert f"应为{doc.year + 1}年" in diags[0].message


STALE = [
    # (sentence, first report year it is stale in, code)
    ("深入开展“七五”普法宣传教育。", 2021, "FZ301"),
    ("深入开展扫黑除恶专项斗争。", 2021, "FZ303"),
    ("在《法制日报》刊发经验文章2篇。", 2021, "FZ305"),
    ("严格落实《信访条例》，依法处理信访事项。", 2022, "FZ304"),
    ("深入学习贯彻党的十九大精神。", 2023, "FZ302"),
    ("扎实做好新冠肺炎疫情防控工作。", 2023, "FZ303"),
    ("全面落实“十三五”规划目标任务。", 2022, "FZ301"),
]


@pytest.mark.unseen
@pytest.mark.parametrize(("sentence", "since", "code"), STALE, ids=[s[2] + "-" + s[0][:6] for s in STALE])
@pytest.mark.parametrize("path", TXT, ids=TXT_IDS)
def test_stale_reference_in_the_measures_is_reported_only_when_stale(path, sentence, since, code):
    text = path.read_text(encoding="utf-8")
    doc = prepared(text, path.name)
    mutated = insert(text, first_body_offset(doc, "measures"), sentence)
    found = [d for d in lint(mutated, select=("FZ3",)) if d.code == code]
    if doc.year >= since:
        assert len(found) == 1 and at(mutated, found[0]) in sentence
    else:
        assert found == []


@pytest.mark.unseen
@pytest.mark.parametrize("path", TXT, ids=TXT_IDS)
def test_next_five_year_pufa_before_it_starts_is_an_anachronism(path):
    text = path.read_text(encoding="utf-8")
    doc = prepared(text, path.name)
    mutated = insert(text, first_body_offset(doc, "measures"), "深入实施“九五”普法规划。")
    found = [d for d in lint(mutated, select=("FZ301",))]
    assert len(found) == 1 and found[0].severity.label == "error" and "早于其适用期" in found[0].message


@pytest.mark.unseen
@pytest.mark.parametrize("path", TXT, ids=TXT_IDS)
def test_opening_with_the_previous_year_is_reported(path):
    text = path.read_text(encoding="utf-8")
    y = prepared(text, path.name).year
    m = re.search(rf"\n{y}年(?:度)?(?:以来)?[，,]", text)
    assert m is not None  # every fixture opens its body with the year ("2023年，" / "2023年以来，")
    mutated = text[: m.start() + 1] + f"{y - 1}年以来，" + text[m.end() :]
    diags = [d for d in lint(mutated, select=("FZ3",)) if d.code == "FZ312"]
    assert [at(mutated, d) for d in diags] == [f"{y - 1}年以来"]


@pytest.mark.unseen
@pytest.mark.parametrize("path", TXT, ids=TXT_IDS)
def test_dates_after_the_signature(path):
    text = path.read_text(encoding="utf-8")
    doc = prepared(text, path.name)
    sd = doc.signature.date
    offset = first_body_offset(doc, "measures")
    assert sd.month < 12
    later = f"{sd.year}年{sd.month + 1}月10日"
    diags = [d for d in lint(insert(text, offset, f"{later}，召开法治建设推进会。"), select=("FZ3",))]
    assert [d.code for d in diags] == ["FZ314"] and later in diags[0].message
    # the same date before the signature is fine
    earlier = f"{doc.year}年12月10日"
    assert lint(insert(text, offset, f"{earlier}，召开法治建设推进会。"), select=("FZ3",)) == []
    # signed in November, yet "截至…年底": both the signature and the contradiction
    span = doc.signature.date_span
    nov = text[: span.start] + span.text.replace(span.text.strip("（）()"), f"{doc.year}年11月20日") + text[span.end :]
    nov = insert(nov, offset, f"截至{doc.year}年底，共办理案件12件。")
    codes = [d.code for d in lint(nov, select=("FZ313", "FZ314"))]
    assert "FZ313" in codes and "FZ314" in codes


@pytest.mark.synthetic
def test_previous_year_opening_after_a_lead_in_line():
    lead = "根据《法治政府建设与责任落实督察工作规定》要求，现将我街道2023年度法治政府建设情况报告如下：\n"
    text = ("某街道2023年度法治政府建设情况报告\n\n" + lead +
            "2022年以来，某街道坚持以习近平法治思想为指导，推进依法行政。\n一、主要举措和成效\n召开会议4次。\n")
    d = lint(text, select=("FZ312",))
    assert [at(text, x) for x in d] == ["2022年以来"]
    assert lint(text.replace("2022年以来", "2023年以来"), select=("FZ312",)) == []
    # a multi-year look back later in the body is not the opening
    later = text.replace("召开会议4次。", "2021年以来，累计清理规范性文件56件。")
    assert [at(later, x) for x in lint(later, select=("FZ312",))] == ["2022年以来"]


@pytest.mark.unseen
@pytest.mark.parametrize("path", TXT, ids=TXT_IDS)
def test_plans_opening_with_the_report_year(path):
    text = path.read_text(encoding="utf-8")
    doc = prepared(text, path.name)
    y = doc.year
    h = next(c.heading for c in coverage(doc, SPECS)["plans"] if c.heading is not None)
    # the heading without its year, the first paragraph opening with the report year
    head = text[h.text_start : h.text_end]
    plain = re.sub(r"\d{4}\s*年度?", "下一年度", head, count=1)
    a = text.index("\n", h.text_end) + 1
    mutated = text[: h.text_start] + plain + text[h.text_end : a] + f"{y}年，我们将重点抓好以下工作：" + text[a:]
    d = lint(mutated, select=("FZ3",))
    assert [(x.code, at(mutated, x)) for x in d] == [("FZ311", f"{y}年")]
    assert d[0].message == f"下一年度安排以“{y}年”开头：{y}年度报告的下一年度应为{y + 1}年"
    # the next year, or the year in a phrase that is not the opening, is right
    right = mutated.replace(f"{y}年，我们将", f"{y + 1}年，我们将", 1)
    assert lint(right, select=("FZ3",)) == []
    base = mutated.replace(f"{y}年，我们将", f"在{y}年工作基础上，我们将", 1)
    assert lint(base, select=("FZ3",)) == []
