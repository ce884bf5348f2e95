"""The HTML review page in a real browser: headless Chromium (Debian's ``chromium``
package) driven by Playwright for Python.  Playwright's own browser download does
not work here, so the test uses the system binary; it is skipped only when there
is no Chromium binary (``.ci/run`` installs one)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ..conftest import SEEDS, run_fzlint, seed
from .test_output_html import Page

pytestmark = pytest.mark.browser


@pytest.fixture
def open_page(browser):
    pages = []

    def opener(path: Path):
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.requests = []  # type: ignore[attr-defined]
        page.errors = []  # type: ignore[attr-defined]
        page.on("request", lambda r: page.requests.append(r.url))
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.goto(path.resolve().as_uri())
        pages.append(page)
        return page

    yield opener
    for p in pages:
        p.close()


def visible_rows(page) -> list[str]:
    return page.eval_on_selector_all("#summary tbody tr", "rs => rs.filter(r => !r.hidden).map(r => r.id)")


def row_order(page) -> list[str]:
    return page.eval_on_selector_all("#summary tbody tr", "rs => rs.map(r => r.id)")


def test_seeds_page_sort_filter_open_and_explain(tmp_path, open_page):
    out = tmp_path / "review.html"
    r = run_fzlint("check", "seeds/", "--format", "html", "-o", str(out))
    assert r.returncode == 1, r.stderr
    html = out.read_text(encoding="utf-8")
    # What the page's data says (read without the browser), to compare with what is shown.
    parsed = Page(html)
    counts = {a["id"]: json.loads(a["data-counts"] or "{}") for a in parsed.find("tr") if a.get("data-counts")}
    page = open_page(out)
    n = len(SEEDS)
    assert row_order(page) == [f"row-{i}" for i in range(n)]
    assert page.text_content("#shown-count") == f"显示 {n} / {n} 份报告"

    # Sort by the warning count: most first, ties keep the input order; again: ascending.
    warnings = {rid: sum(v for k, v in c.items() if k.startswith("warning|")) for rid, c in counts.items()}
    expected = sorted(warnings, key=lambda rid: (-warnings[rid], int(rid[4:])))
    page.click("th[data-key=sev-warning] button")
    assert page.get_attribute("th[data-key=sev-warning]", "aria-sort") == "descending"
    assert row_order(page) == expected
    assert row_order(page)[0] == "row-3"  # seed 003: eight lines of web-page residue
    page.click("th[data-key=sev-warning] button")
    assert page.get_attribute("th[data-key=sev-warning]", "aria-sort") == "ascending"
    assert row_order(page) == sorted(warnings, key=lambda rid: (warnings[rid], int(rid[4:])))
    # Sort by year (numeric, ascending after a second click): the 2020 report comes first.
    page.click("th[data-key=year] button")
    page.click("th[data-key=year] button")
    assert page.get_attribute("th[data-key=sev-warning]", "aria-sort") == "none"
    assert row_order(page)[0] == "row-4"

    # Filter: warnings only.
    page.uncheck("input[name=severity][value=error]")
    page.uncheck("input[name=severity][value=info]")
    with_warnings = sorted((rid for rid, w in warnings.items() if w), key=row_order(page).index)
    assert visible_rows(page) == with_warnings and {"row-3", "row-4"} <= set(with_warnings)
    assert page.text_content("#shown-count") == f"显示 {len(with_warnings)} / {n} 份报告"
    assert page.text_content("#row-3 td.matched") == str(warnings["row-3"])
    # …and not typography: the Word residue of seed 004 is filtered out of its report.
    page.uncheck("input[name=family][value=typography]")
    left = {rid for rid, c in counts.items()
            if any(k.startswith("warning|") and not k.endswith("|typography") for k in c)}
    assert set(visible_rows(page)) == left
    fz501 = page.locator("#report-4 li.finding[data-code=FZ501]")
    assert fz501.count() == 1 and fz501.get_attribute("hidden") is not None
    page.check("input[name=family][value=typography]")
    page.check("input[name=severity][value=error]")
    page.check("input[name=severity][value=info]")
    assert len(visible_rows(page)) == n

    # Open one report from the table: its findings, in document order, with the span marked.
    assert not page.eval_on_selector("#details-4", "d => d.open")
    page.click(f"#row-4 a:text('{seed('004').name}')")
    assert page.eval_on_selector("#details-4", "d => d.open")
    assert not page.eval_on_selector("#details-3", "d => d.open")
    assert fz501.is_visible()
    assert fz501.locator(".loc").text_content() == "第 50 行第 1 字"
    assert fz501.locator("mark").text_content() == "[bookmark: _GoBack]"
    assert "三、2021年推进法治政府建设的主要安排" in fz501.locator(".context").text_content()
    assert fz501.locator(".suggestion").text_content() == "建议：删除残留标记"
    lines = page.eval_on_selector_all("#report-4 li.finding", "ls => ls.map(l => +l.dataset.line)")
    assert lines == sorted(lines)
    missing = page.text_content("#report-4 .missing-parts")
    assert missing == "缺少必备部分：存在的不足和原因"

    # The rule's explanation only on demand.
    explain = fz501.locator("pre.explain")
    assert not explain.is_visible()
    fz501.locator("button.explain-btn").click()
    assert explain.is_visible()
    text = explain.text_content()
    assert text.startswith("FZ501（word-residue）") and "## 检查什么" in text and "## 如何修复" in text
    assert fz501.locator("button.explain-btn").get_attribute("aria-expanded") == "true"
    fz501.locator("button.explain-btn").click()
    assert not explain.is_visible()

    # Nothing but the file itself was requested, and the script raised nothing.
    assert page.requests == [out.resolve().as_uri()]
    assert page.errors == []


def test_copy_finding_links_to_the_other_report(tmp_path, open_page):
    corpus = tmp_path / "reports"
    shutil.copytree(Path(SEEDS[0]).parent, corpus)
    copied = seed("000").read_text(encoding="utf-8").splitlines()[8]
    target = corpus / seed("003").name
    lines = target.read_text(encoding="utf-8").splitlines()
    lines.insert(30, copied.replace("新北街道", "杭州道街道"))
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "review.html"
    run_fzlint("check", "reports", "--format", "html", "-o", str(out), cwd=tmp_path)
    page = open_page(out)
    assert page.text_content("th[data-key=fam-copy]") == "雷同"
    assert page.text_content("#row-3 td:nth-child(12)") == "1"  # the 雷同 column
    page.click("#row-3 a.open-report")
    finding = page.locator("#report-3 li.finding[data-code=FZ601]")
    assert finding.is_visible()
    assert finding.locator(".loc").text_content() == "第 31 行第 2 字"
    link = finding.locator("p.other a")
    assert "天津市滨海新区新北街道" in link.text_content() and "第 9 行" in link.text_content()
    assert not page.eval_on_selector("#details-0", "d => d.open")
    link.click()
    other = page.locator("#report-0 li.finding[data-code=FZ601]")
    assert page.eval_on_selector("#details-0", "d => d.open")
    assert other.is_visible() and other.locator(".loc").text_content() == "第 9 行第 2 字"
    box, viewport = other.bounding_box(), page.viewport_size
    assert box is not None and viewport is not None
    assert box["y"] + box["height"] > 0 and box["y"] < viewport["height"]  # scrolled into view
    assert page.errors == []


def test_the_picture_of_the_batch_is_drawn_and_opens_reports(tmp_path, open_page):
    out = tmp_path / "review.html"
    run_fzlint("check", "seeds/", "--format", "html", "-o", str(out))
    page = open_page(out)
    for chart in ("#chart-heatmap", "#chart-rules", "#chart-missing"):
        box = page.locator(chart).bounding_box()
        assert box is not None and box["width"] > 150 and box["height"] > 40, chart
    # The picture is at the top: visible without scrolling.
    assert page.locator("#chart-heatmap").bounding_box()["y"] < 800  # type: ignore[index]
    # No label is cut off at the left edge of its panel.
    xs = page.eval_on_selector_all(".chart text", "ts => ts.map(t => t.getBBox().x)")
    assert min(xs) >= 0
    # Darker cells for more findings: the largest count is the darkest cell.
    fills = page.eval_on_selector_all(
        "#chart-heatmap rect", "rs => rs.map(r => [+r.dataset.count, getComputedStyle(r).fill])")
    top = max(fills)
    assert all(f != top[1] for n, f in fills if n < top[0] / 2)
    png = page.locator("#overview-chart").screenshot()
    assert len(png) > 5000
    # A row label opens its report.
    page.click("#chart-heatmap a[href='#report-4']")
    assert page.eval_on_selector("#details-4", "d => d.open")
    assert page.errors == [] and page.requests == [out.resolve().as_uri()]


def test_sections_follow_the_table_and_headers_count_what_the_filters_show(tmp_path, open_page):
    out = tmp_path / "review.html"
    run_fzlint("check", "seeds/", "--format", "html", "-o", str(out))
    page = open_page(out)
    sections = "() => Array.from(document.querySelectorAll('#reports > section')).map(s => 'row-' + s.dataset.report)"
    assert page.evaluate(sections) == row_order(page)
    page.click("th[data-key=sev-warning] button")
    assert row_order(page)[0] == "row-3"
    assert page.evaluate(sections) == row_order(page)  # the sections follow the table's order
    page.click("th[data-key=year] button")
    assert page.evaluate(sections) == row_order(page)
    # Filter to errors only: each section header counts what is left, as the table does.
    page.uncheck("input[name=severity][value=warning]")
    page.uncheck("input[name=severity][value=info]")
    for k in range(len(SEEDS)):
        assert page.text_content(f"#report-{k} .rcount") == page.text_content(f"#row-{k} td.matched")
    assert page.text_content("#report-4 .rcount") == "9"  # seed 004: nine errors
    assert page.errors == []


def test_a_large_page_draws_a_report_when_it_is_opened(tmp_path, open_page, monkeypatch):
    """Above LAZY_REPORTS the findings are data until a report is opened; opening, filters
    and links between two reports' copy findings work the same."""
    import io

    from fzlint.engine import lint_texts
    from fzlint.output import RenderOptions, write
    from fzlint.output import html as html_out

    from ..rules.test_fz6_copy import PARA_A, PLAN_A, PLAN_B, report

    monkeypatch.setattr(html_out, "LAZY_REPORTS", 1)
    a = report("新北街道", 2023, [PARA_A + "同时,严格落实执法公示制度。"], [PLAN_A])
    b = report("杭州道街道", 2023, [PARA_A], [PLAN_B])
    from fzlint.engine import FileResult, file_report, prepare_document
    from fzlint.packs.config import Settings
    from fzlint.parse import parse

    settings = Settings()
    diags = lint_texts([("a.txt", a), ("b.txt", b)], settings=settings)
    results = [file_report(FileResult(path, found, prepare_document(parse(text, path), settings.ruleset(), settings),
                                      settings=settings))
               for (path, text), found in zip([("a.txt", a), ("b.txt", b)], diags, strict=True)]
    buf = io.StringIO()
    write("html", results, buf, RenderOptions())
    out = tmp_path / "review.html"
    out.write_text(buf.getvalue(), encoding="utf-8")
    page = open_page(out)
    assert page.locator("li.finding").count() == 0
    page.uncheck("input[name=family][value=typography]")
    page.click("#row-0 a.open-report")
    assert page.locator("#report-0 li.finding").count() > 0
    fz503 = page.locator("#report-0 li.finding[data-code=FZ503]")
    assert fz503.count() == 1 and not fz503.is_visible()  # the filter applies to what is drawn later
    copy = page.locator("#report-0 li.finding[data-code=FZ601]")
    assert copy.is_visible()
    copy.locator("p.other a").click()  # to report 1, not drawn yet
    other = page.locator("#report-1 li.finding[data-code=FZ601]")
    assert other.is_visible()
    assert page.errors == []
