"""The review page (issue 19), read without a browser: the picture of the batch, the marked
off-year report, one location style, no command-line words or install paths, a repeated
habit shown once, and a large batch's findings kept as data until a report is opened."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from fzlint.output import html as html_out
from fzlint.packs.loader import builtin_rules_dir

from ..conftest import fzlint_here
from .test_output_html import Page, render, result_for


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    out = tmp_path_factory.mktemp("page") / "review.html"
    r = fzlint_here("check", "seeds/", "--format", "html", "-o", str(out))
    assert r.returncode == 1, r.stderr
    items = json.loads(fzlint_here("check", "seeds/", "--format", "json").stdout)
    return out.read_text(encoding="utf-8"), items


def test_the_heat_map_has_a_cell_per_report_and_family_with_the_counts(seeds):
    page, items = seeds
    p = Page(page)
    assert p.find("svg", id="chart-heatmap") and p.find("svg", id="chart-rules") and p.find("svg", id="chart-missing")
    paths = sorted({i["path"] for i in items})
    cells = {(int(a["data-report"] or 0), a["data-family"]): int(a["data-count"] or 0)
             for a in p.find("rect") if a.get("data-family")}
    expected = Counter((paths.index(i["path"]), i["family"]) for i in items)
    assert len(cells) == 5 * 6  # five reports x six families (no custom rules)
    assert all(cells[k] == expected.get(k, 0) for k in cells)
    # The picture comes before the table, at the top of the page.
    assert page.index('id="overview-chart"') < page.index('id="summary"')


def test_the_most_frequent_rules_and_the_missing_parts(seeds):
    page, items = seeds
    p = Page(page)
    total = Counter(i["code"] for i in items)
    bars = [(a["data-code"], int(a["data-count"] or 0)) for a in p.find("rect") if a.get("data-code")]
    assert bars[0] == total.most_common(1)[0] and len(bars) == 10
    assert [n for _, n in bars] == sorted((n for _, n in bars), reverse=True)
    assert all(total[c] == n for c, n in bars)
    missing = [a for a in p.find("rect") if a.get("data-missing") == "1"]
    assert [a["data-report"] for a in missing] == ["4"]  # seed 004 has no 存在的不足和原因
    assert "存在的不足和原因" in p.text_by_id["chart-missing"]


def test_a_report_of_another_year_is_marked(seeds):
    page, _ = seeds
    p = Page(page)
    assert "大港街（2020 年度）" in p.text_by_id["odd-years"] and "本批多为 2023 年度" in p.text_by_id["odd-years"]
    odd = [a for a in p.find("td") if a.get("class") == "odd-year"]
    assert [a["data-sort"] for a in odd] == ["2020"]
    assert [a["data-report"] for a in p.find("text") if "odd-year" in (a.get("class") or "")] == ["4"]


def test_no_command_line_words_and_no_install_path(seeds):
    page, _ = seeds
    text = re.sub(r"<script>.*?</script>", "", page, flags=re.S)  # the page's own program is not shown
    assert "--unsafe-fixes" not in text and "--fix" not in text
    assert "需人工确认的修改" in text
    assert str(builtin_rules_dir()) not in page and "site-packages" not in page and "定义于 rules/" not in page


def test_locations_read_the_same_way(seeds):
    page, _ = seeds
    p = Page(page)
    locs = [p.text_by_id[a["id"]] for a in p.find("li") if (a.get("id") or "").startswith("f-")]
    assert locs and all(re.match(r"第 \d+ 行第 \d+ 字", loc) for loc in locs)


def test_a_habit_is_one_item_with_its_places(seeds):
    page, items = seeds
    p = Page(page)
    fz503 = [a for a in p.find("li") if a.get("data-code") == "FZ503" and (a.get("id") or "").startswith("f-3-")]
    n = sum(1 for i in items if i["code"] == "FZ503" and i["path"].startswith("seeds/003"))
    assert len(fz503) == 1 and fz503[0]["data-places"] == str(n) and n > 10
    assert f"本文共 {n} 处：第 " in p.text_by_id[fz503[0]["id"]]


def test_a_large_batch_keeps_findings_as_data_until_opened(monkeypatch):
    monkeypatch.setattr(html_out, "LAZY_REPORTS", 1)
    texts = [f"某县{u}2023年法治政府建设情况报告\n\n[bookmark: _GoBack]一、主要举措和成效\n工作扎实推进,成效明显。\n"
             for u in ("甲镇", "乙镇")]
    page = render([result_for(t, f"{k}.txt") for k, t in enumerate(texts)])
    p = Page(page)
    assert not [a for a in p.find("li") if "finding" in (a.get("class") or "")]  # nothing laid out up front
    assert [a["data-lazy"] for a in p.find("ol")] == ["0", "1"]
    data = json.loads(p.text_by_id["findings-data"])
    assert set(data) == {"0", "1"} and all('data-code="FZ501"' in v for v in data.values())
    assert "需要启用 JavaScript" in page


def test_one_style_and_one_script_exactly_css_and_js(monkeypatch):
    """A server may allow the page's inline style and script by their hashes (of html.CSS and
    html.JS): the picture's CSS is part of CSS, and the data blocks are not scripts."""
    for lazy in (100, 0):
        monkeypatch.setattr(html_out, "LAZY_REPORTS", lazy)
        page = render([result_for("某县2023年法治政府建设情况报告\n\n一、主要举措和成效\n工作,推进。\n", "a.txt")])
        assert re.findall(r"<style>(.*?)</style>", page, re.S) == [html_out.CSS]
        assert re.findall(r"<script>(.*?)</script>", page, re.S) == [html_out.JS]
        assert "#overview-chart" in html_out.CSS
