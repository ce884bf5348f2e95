"""``--format html``: the self-contained review page, checked without a browser
(tests/modules/test_output_html_browser.py drives it in Chromium)."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser

from fzlint.diagnostic import Diagnostic, Severity
from fzlint.engine import FileResult, file_report, prepare_document
from fzlint.explain import explain_text
from fzlint.output import RenderOptions, write
from fzlint.output.html import plain_words
from fzlint.packs.config import Settings
from fzlint.parse import parse

from ..conftest import SEEDS, fzlint_here, seed


class Page(HTMLParser):
    """Elements as (tag, attrs) in document order, and the text inside each id'd element."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text_by_id: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag not in ("input", "meta", "br"):
            self._open.append((tag, a.get("id")))
            if a.get("id"):
                self.text_by_id[a["id"]] = ""

    def handle_endtag(self, tag):
        while self._open:
            t, _ = self._open.pop()
            if t == tag:
                break

    def handle_data(self, data):
        for _, i in self._open:
            if i:
                self.text_by_id[i] += data

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def render(results, **kw) -> str:
    out = io.StringIO()
    ruleset = Settings().ruleset()
    write("html", [file_report(r, ruleset=ruleset) for r in results], out, RenderOptions(**kw))
    return out.getvalue()


def result_for(text: str, path: str, diags: list[Diagnostic] | None = None) -> FileResult:
    settings = Settings()
    doc = prepare_document(parse(text, path), settings.ruleset(), settings)
    from fzlint.engine import lint_document

    found = lint_document(doc, settings.ruleset(), settings)[0] if diags is None else diags
    return FileResult(path, found, doc, settings=settings)


def seeds_page(tmp_path) -> str:
    out = tmp_path / "review.html"
    r = fzlint_here("check", "seeds/", "--format", "html", "-o", str(out))
    assert r.returncode == 1 and r.stdout == "" and r.stderr == f"结果已写入 {out}（5 份报告，格式 html）。\n"
    return out.read_text(encoding="utf-8")


def test_the_page_is_self_contained(tmp_path):
    page = seeds_page(tmp_path)
    assert page.startswith("<!DOCTYPE html>")
    p = Page(page)
    [csp] = p.find("meta", **{"http-equiv": "Content-Security-Policy"})
    assert "default-src 'none'" in (csp["content"] or "")
    # Nothing is loaded from anywhere: no src, no stylesheet links, no CSS imports or urls.
    assert not [a for _, a in p.elements if "src" in a]
    assert not p.find("link")
    assert "@import" not in page and "url(" not in page and "@font-face" not in page
    # Every link stays inside the page.
    hrefs = [a["href"] for _, a in p.elements if a.get("href")]
    assert hrefs and all(h.startswith("#") for h in hrefs)
    scripts = [a for t, a in p.elements if t == "script"]
    assert scripts == [{"type": "application/json", "id": "explain-data"}, {}]


def test_summary_table_has_issuer_year_counts_and_missing_parts(tmp_path):
    p = Page(seeds_page(tmp_path))
    heads = [a.get("data-key") for a in p.find("th")]
    assert heads == ["path", "issuer", "year", "sev-error", "sev-warning", "sev-info", "fam-structure",
                     "fam-numbers", "fam-dates", "fam-terminology", "fam-typography", "fam-copy", "missing", "matched"]
    rows = [a for a in p.find("tr") if a.get("id", "").startswith("row-")]  # type: ignore[union-attr]
    assert len(rows) == len(SEEDS)
    text = {i: p.text_by_id[f"row-{i}"] for i in range(len(SEEDS))}
    assert seed("000").name in text[0] and "天津市滨海新区新北街道" in text[0] and "2023" in text[0]
    assert "大港街" in text[4] and "2020" in text[4]
    # Seed 004 has no 存在的不足和原因 section (domain.md); the others have all four parts.
    assert "存在的不足和原因" in text[4]
    assert all("—" in text[i] for i in range(4))
    # Severity and family counts agree with the JSON output of the same run, seed by seed.
    items = json.loads(fzlint_here("check", "seeds/", "--format", "json").stdout)
    for i, s in enumerate(SEEDS):
        expected: dict[str, int] = {}
        for item in items:
            if item["path"].endswith(s.name):
                key = f"{item['severity']}|{item['family']}"
                expected[key] = expected.get(key, 0) + 1
        assert json.loads(rows[i]["data-counts"] or "{}") == expected
    assert json.loads(rows[3]["data-counts"] or "{}")["warning|typography"] >= 8  # 003's web boilerplate


def test_findings_in_document_order_with_context_span_and_fix(tmp_path):
    page = seeds_page(tmp_path)
    p = Page(page)
    # every finding, in document order: a repeated habit is one item that lists its places
    lines = [int(x) for a in p.find("li") if (a.get("id") or "").startswith("f-3-")
             for x in (a["data-lines"] or "").split()]
    items = json.loads(fzlint_here("check", str(seed("003")), "--format", "json").stdout)
    assert sorted(lines) == [i["line"] for i in items]
    assert {1, 4, 5, 6, 88, 89, 90, 91} <= set(lines)  # the web boilerplate lines among them
    ids = [a.get("id") or "" for a in p.find("li") if (a.get("id") or "").startswith("f-4-")]
    f = next(p.text_by_id[i] for i in ids if "FZ501" in p.text_by_id[i])
    assert "第 50 行第 1 字" in f and "FZ501" in f and "警告" in f and "建议：删除残留标记" in f
    assert "<mark>[bookmark: _GoBack]</mark>三、2021年推进法治政府建设的主要安排" in page
    assert "<del>[bookmark: _GoBack]</del> → （删除）" in page
    explain = json.loads(p.text_by_id["explain-data"])
    rule = Settings().ruleset().by_code["FZ501"]
    assert explain["FZ501"] == plain_words(explain_text(rule))  # without command-line options


def test_a_word_document_shows_the_paragraph_of_each_finding(tmp_path):
    """In a .docx the line number is a paragraph number: the context is found from the
    finding's offset (here a table row, paragraph 7, which is the 5th line of the text)."""
    from ..builders import table_docx

    report = tmp_path / "report.docx"
    report.write_bytes(table_docx())
    out = tmp_path / "review.html"
    fzlint_here("check", str(report), "--format", "html", "-o", str(out))
    page = out.read_text(encoding="utf-8")
    p = Page(page)
    ids = [a.get("id") or "" for a in p.find("li") if (a.get("id") or "").startswith("f-0-")]
    f = next(p.text_by_id[i] for i in ids if "FZ201" in p.text_by_id[i])
    assert "第 7 段第 12 字" in f  # read the same way as a .txt's "第 12 行第 5 字"
    assert "信访工作，受理群众反映信访事项共<mark>335件</mark>，其中来信269件、来访57件、网上信访4件。" in page


def test_report_text_is_escaped():
    text = "某街道2023年法治政府建设情况报告\n\n[bookmark: _GoBack]<script>alert(1)</script> & “引号”\n"
    page = render([result_for(text, "<x>.txt")])
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; “引号”" in page
    assert "&lt;x&gt;.txt" in page and "<x>.txt" not in page


def test_counts_by_family_and_missing_parts_with_synthetic_findings():
    text = ("某街道2023年法治政府建设情况报告\n\n一、主要举措和成效\n依法行政工作扎实推进，成效明显。\n"
            "二、2024年工作安排\n继续推进法治政府建设。\n")
    base = result_for(text, "a.txt", [])
    doc = base.doc
    assert doc is not None

    def diag(code: str, sev: Severity, start: int) -> Diagnostic:
        line, col = doc.position(start)
        return Diagnostic(code, sev, f"{code} 消息", start, start + 2, line, col, line, col + 2, "a.txt",
                          suggestion="改正", rule=code.lower())

    diags = sorted([diag("FZ101", Severity.ERROR, 23), diag("FZ201", Severity.WARNING, 30),
                    diag("FZ301", Severity.WARNING, 31), diag("FZ401", Severity.INFO, 40),
                    diag("XQ901", Severity.INFO, 50)], key=Diagnostic.sort_key)
    page = render([FileResult("a.txt", diags, doc, settings=base.settings)],
                  failed=(("broken.txt", "broken.txt: 文件不存在"),))
    p = Page(page)
    row = p.text_by_id["row-0"]
    assert "某街道" in row and "2023" in row
    heads = [a.get("data-key") for a in p.find("th")]
    assert "fam-custom" in heads  # a custom-pack family column appears only when used
    tds = [a for t, a in p.elements if t == "td"]
    by_key = dict(zip(heads, [a.get("data-sort") for a in tds], strict=True))
    assert by_key["sev-error"] == "1" and by_key["sev-warning"] == "2" and by_key["sev-info"] == "2"
    assert by_key["fam-structure"] == "1" and by_key["fam-numbers"] == "1" and by_key["fam-dates"] == "1"
    assert by_key["fam-terminology"] == "1" and by_key["fam-custom"] == "1" and by_key["fam-copy"] == "0"
    # Two required parts mapped (measures, plans); the other two are missing, in pack order.
    assert by_key["missing"] == "2"
    assert "缺少必备部分：党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况、存在的不足和原因" in page
    assert p.text_by_id["failed"].count("broken.txt") == 2
    assert "1 个文件出错" in p.text_by_id["overview"]


def test_copy_findings_link_both_sides(tmp_path):
    from ..rules.test_fz6_copy import PARA_A, PLAN_A, PLAN_B, report

    (tmp_path / "a.txt").write_text(report("新北街道", 2023, [PARA_A], [PLAN_A]), encoding="utf-8")
    (tmp_path / "b.txt").write_text(report("杭州道街道", 2023, [PARA_A], [PLAN_B]), encoding="utf-8")
    r = fzlint_here("check", ".", "--format", "html", "-o", "out.html", cwd=tmp_path)
    assert r.returncode == 0, r.stderr  # FZ601 is info: below the default --fail-on
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    p = Page(page)
    f0, f1 = p.text_by_id["f-0-0"], p.text_by_id["f-1-0"]
    assert "FZ601" in f0 and "杭州道街道（b.txt 第 5 行）" in f0
    assert "FZ601" in f1 and "新北街道（a.txt 第 5 行）" in f1
    links = [a["href"] for a in p.find("a") if (a.get("href") or "").startswith("#f-")]
    assert links == ["#f-1-0", "#f-0-0"]


def test_no_reports():
    page = render([])
    assert "没有可显示的报告" in page and re.search(r"共 0 份报告", page)
