"""``html``: one self-contained review page for a reviewer (``--format html -o review.html``).

The page opens from disk with no network: CSS and JavaScript are inline, there are
no fonts, images or external links, and a Content-Security-Policy forbids loading
anything.  It holds

* a summary table, one row per report: issuing body (``FileReport.issuer``), report year
  (``FileReport.year``), counts by severity and by family, the required parts no section
  was mapped to, and the number of findings the filters let through; every column
  sorts (click its header), and the severity and family checkboxes filter rows and
  findings;
* per report (a collapsed ``<details>``, opened from the table): its findings in
  document order with the surrounding text and the span highlighted, the
  suggestion and the fix's edits, links between the two sides of a copy finding,
  and the rule's ``explain`` text on demand (kept once per rule in a JSON block);
* the inputs that could not be linted (or fixed), each with its error line.

The output is deterministic (no timestamp) so it can be compared and tested.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from ..families import FAMILIES
from ..version import __version__
from . import RenderOptions, counts, rule_for
from .chart import CSS as CHART_CSS

if TYPE_CHECKING:
    from ..diagnostic import Diagnostic
    from ..result import FileReport, Shown

SEVERITIES = (("error", "错误"), ("warning", "警告"), ("info", "提示"))
CONTEXT = 60  # characters shown on each side of a span
MAX_SPAN = 240  # a longer span (a copied paragraph) is shown clipped
#: Above this many reports (or findings), a report's findings are kept as data in the page
#: and drawn when the report is opened: a page of 500 reports then lays out only its table.
LAZY_REPORTS = 60
LAZY_FINDINGS = 3000
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; form-action 'none'"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _families(results: Sequence[FileReport]) -> list[tuple[str, str]]:
    used = {d.family for r in results for d in r.diagnostics}
    return [(fid, label) for fid, label in FAMILIES.values() if fid != "custom" or fid in used]


def context_html(shown: Shown | None, d: Diagnostic) -> str:
    """The span's line with up to CONTEXT characters each side, the span in <mark>.

    The line is found from the diagnostic's offset, not its line number (as in the ``full``
    format): for a .docx the number is a paragraph number."""
    ln = shown.line if shown is not None else None
    if ln is None:
        return ""
    a = max(d.start, ln.content_start)
    b = max(a, min(d.end, ln.content_end))
    lo = max(ln.content_start, a - CONTEXT)
    hi = min(ln.content_end, b + CONTEXT)
    span = ln.slice(a, b)
    clipped = ""
    if len(span) > MAX_SPAN:
        clipped = f'<span class="clip">…（共 {len(span)} 字）</span>'
        span = span[:MAX_SPAN]
    before = ("…" if lo > ln.content_start else "") + ln.slice(lo, a)
    after = ln.slice(b, hi) + ("…" if hi < ln.content_end or d.end > ln.end else "")
    mark = _e(span) if span else "&#8203;"
    return f"{_e(before)}<mark>{mark}</mark>{clipped}{_e(after)}"


def page_where(d: Diagnostic) -> str:
    """The location as the page shows it, the same way for every kind of file: ``第 12 行第 5 字``,
    or ``第 12 段第 5 字`` for the paragraphs of a .docx."""
    unit = "段" if d.unit == "paragraph" else "行"
    return f"第 {d.line} {unit}第 {d.column} 字"


#: Command-line words in the rules' explain text, and what the page says instead.
_JARGON = ((re.compile(r"只有加 `?--unsafe-fixes`? ?才会"), "属于需人工确认的修改，确认后才会"),
           (re.compile(r"`?--unsafe-fixes`?"), "需人工确认的修改"),
           (re.compile(r"`?--fix`? ?会"), "自动修复会"),
           (re.compile(r"`?--fix`?"), "自动修复"))


def plain_words(text: str) -> str:
    """``text`` without command-line options (the page is read by reviewers, not typed in)."""
    for rx, words in _JARGON:
        text = rx.sub(words, text)
    return text


def _fix_html(shown: Shown | None, d: Diagnostic) -> str:
    if d.fix is None:
        return ""
    kind = "可自动修复" if d.fix.safe else "可修复：需人工确认的修改"
    parts = [f'<span class="fixkind">{kind}</span>']
    if d.fix.description and d.fix.description != d.suggestion:
        parts.append(_e(d.fix.description))
    for k, e in enumerate(d.fix.edits[:3]):
        old = shown.edits[k].old.strip("\r\n") if shown is not None and shown.edits is not None else ""
        new = e.content
        if len(old) > 80:
            old = old[:79] + "…"
        edit = f"<del>{_e(old)}</del> → " + (f"<ins>{_e(new)}</ins>" if new else "（删除）")
        parts.append(f'<span class="edit">{edit}</span>')
    return f'<p class="fix">{" ".join(parts)}</p>'


def _other_html(d: Diagnostic, anchors: dict[tuple[str, int], str], reports: dict[str, int]) -> str:
    data = dict(d.data)
    path = data.get("other_path")
    if not path:
        return ""
    line = int(data.get("other_line", "0") or 0)
    label = f"{path} {data.get('other_where') or f'第 {line} 行'}"
    if data.get("other_unit"):
        label = f"{data['other_unit']}（{label}）"
    target = anchors.get((path, line)) or (f"report-{reports[path]}" if path in reports else None)
    link = f'<a href="#{target}">{_e(label)}</a>' if target else _e(label)
    kind = "往年报告" if data.get("previous") == "true" else "相似段落"
    text = f"：<q>{_e(data['other_text'])}</q>" if data.get("other_text") else ""
    return f'<p class="other">{kind}：{link}{text}</p>'


def write(results: Sequence[FileReport], out: TextIO, options: RenderOptions) -> None:
    families = _families(results)
    reports = {r.path: k for k, r in enumerate(results)}
    anchors = {(r.path, d.line): f"f-{k}-{n}" for k, r in enumerate(results)
               for n, d in enumerate(r.diagnostics) if dict(d.data).get("other_path")}
    codes = sorted({d.code for r in results for d in r.diagnostics})
    explain: dict[str, str] = {}
    for code in codes:
        rule = rule_for(code, results)
        if rule is not None:
            explain[code] = plain_words(rule.explain)
    from . import batch, chart

    facts = batch.facts(results, options)
    names: dict[str, str] = {}
    for code in codes:  # the rule's one-line Chinese summary, else its name
        rule = rule_for(code, results)
        names[code] = rule.summary if rule is not None and rule.summary else next(
            (d.rule for r in results for d in r.diagnostics if d.code == code), "")
    lazy = len(results) > LAZY_REPORTS or sum(len(r.diagnostics) for r in results) > LAZY_FINDINGS
    deferred: dict[int, str] = {}

    w = out.write
    total = counts(results)
    n_findings = sum(total.values())
    w("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
    w(f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    w(f"<meta name=\"generator\" content=\"fzlint {_e(__version__)}\">\n<title>fzlint 审核页面</title>\n")
    w(f"<style>{CSS}</style>\n</head>\n<body>\n")
    w('<header><h1>法治政府建设年度报告审核</h1>\n<p class="meta" id="overview">')
    w(f"共 {len(results)} 份报告，{n_findings} 个问题（错误 {total['error']}，警告 {total['warning']}，"
      f"提示 {total['info']}）")
    if options.failed:
        w(f"；{len(options.failed)} 个文件出错")
    w(f"。由 fzlint {_e(__version__)} 生成。</p>\n")
    if lazy:
        w("<noscript><p>本页报告较多，问题列表在打开报告时才显示，需要启用 JavaScript。</p></noscript></header>\n")
    else:
        w("<noscript><p>排序、筛选和规则说明需要启用 JavaScript；问题列表不需要。</p></noscript></header>\n")
    w(chart.overview(facts, families, names, batch.batch_year(results)))

    # ---- filters --------------------------------------------------------------------
    w('<form id="filters" onsubmit="return false"><fieldset><legend>级别</legend>')
    for sev, label in SEVERITIES:
        w(f'<label><input type="checkbox" name="severity" value="{sev}" checked> {label}</label>')
    w('</fieldset><fieldset><legend>类别</legend>')
    for fid, label in families:
        w(f'<label><input type="checkbox" name="family" value="{fid}" checked> {_e(label)}</label>')
    w(f'</fieldset><p id="shown-count" aria-live="polite">显示 {len(results)} / {len(results)} 份报告</p>'
      '<button type="button" id="expand-all">全部展开</button>'
      '<button type="button" id="collapse-all">全部收起</button></form>\n')

    # ---- summary table --------------------------------------------------------------
    cols: list[tuple[str, str, str]] = [("path", "报告", "text"), ("issuer", "单位", "text"), ("year", "年度", "num")]
    cols += [(f"sev-{s}", label, "num") for s, label in SEVERITIES]
    cols += [(f"fam-{f}", label, "num") for f, label in families]
    cols += [("missing", "缺少的必备部分", "num"), ("matched", "问题数（按筛选）", "num")]
    w('<table id="summary"><thead><tr>')
    for key, label, typ in cols:
        w(f'<th scope="col" data-key="{key}" data-type="{typ}" aria-sort="none">'
          f'<button type="button">{_e(label)}</button></th>')
    w("</tr></thead>\n<tbody>\n")
    for k, r in enumerate(results):
        _row(w, k, r, families, options, facts[k].odd_year)
    w("</tbody></table>\n")
    if not results:
        w('<p class="empty">没有可显示的报告。</p>\n')

    if options.failed:
        w('<section id="failed"><h2>出错的文件</h2><ul>')
        for path, error in options.failed:
            w(f'<li data-path="{_e(path)}"><code>{_e(path)}</code>：{_e(error)}</li>')
        w("</ul></section>\n")

    # ---- reports --------------------------------------------------------------------
    w('<main id="reports">\n')
    for k, r in enumerate(results):
        _report(w, k, r, options, anchors, reports, deferred if lazy else None)
    w("</main>\n")
    if lazy:
        data = json.dumps({str(k): v for k, v in deferred.items()}, ensure_ascii=False).replace("</", "<\\/")
        w(f'<script type="application/json" id="findings-data">{data}</script>\n')
    payload = json.dumps(explain, ensure_ascii=False).replace("</", "<\\/")
    w(f'<script type="application/json" id="explain-data">{payload}</script>\n')
    w(f"<script>{JS}</script>\n</body>\n</html>\n")


def _row(w: Any, k: int, r: FileReport, families: list[tuple[str, str]], options: RenderOptions,
         odd_year: bool = False) -> None:
    sev = Counter(d.severity.label for d in r.diagnostics)
    fam = Counter(d.family for d in r.diagnostics)
    matrix = Counter(f"{d.severity.label}|{d.family}" for d in r.diagnostics)
    issuer = r.issuer or ""
    year = r.year or None
    missing = r.missing_parts
    w(f'<tr id="row-{k}" data-index="{k}" data-report="{k}" data-counts="{_e(json.dumps(matrix, sort_keys=True))}">')
    w(f'<td data-sort="{_e(r.path)}"><a class="open-report" href="#report-{k}">{_e(r.path)}</a></td>')
    w(f'<td data-sort="{_e(issuer)}">{_e(issuer) or "<span class=unknown>未识别</span>"}</td>')
    if odd_year:
        w(f'<td class="odd-year" data-sort="{year}" title="与本批多数报告的年度不同">{year} ⚠</td>')
    else:
        w(f'<td data-sort="{year if year is not None else ""}">{year if year is not None else "<span class=unknown>未识别</span>"}</td>')
    for s, _ in SEVERITIES:
        w(f'<td class="num" data-sort="{sev[s]}">{sev[s]}</td>')
    for f, _ in families:
        w(f'<td class="num" data-sort="{fam[f]}">{fam[f]}</td>')
    if missing is None:
        w('<td data-sort="-1"><span class="unknown">未定义必备部分</span></td>')
    elif missing:
        w(f'<td class="missing" data-sort="{len(missing)}">{_e("、".join(missing))}</td>')
    else:
        w('<td data-sort="0">—</td>')
    w(f'<td class="num matched" data-sort="{len(r.diagnostics)}">{len(r.diagnostics)}</td></tr>\n')


def _report(w: Any, k: int, r: FileReport, options: RenderOptions, anchors: dict[tuple[str, int], str],
            reports: dict[str, int], deferred: dict[int, str] | None = None) -> None:
    """One report's section.  With ``deferred`` its findings go there (drawn when opened)."""
    from .groups import group, places_text

    issuer = r.issuer or "单位未识别"
    year = f"{r.year} 年度" if r.year else "年度未识别"
    missing = r.missing_parts
    w(f'<section class="report" id="report-{k}" data-report="{k}"><details id="details-{k}">'
      f'<summary><span class="rpath">{_e(r.path)}</span> <span class="rmeta">{_e(issuer)} · {year} · '
      f'<span class="rcount">{len(r.diagnostics)}</span> 个问题</span></summary>\n')
    if missing:
        w(f'<p class="missing-parts">缺少必备部分：{_e("、".join(missing))}</p>\n')
    if not r.diagnostics:
        w('<p class="clean">没有发现问题。</p>\n')
    items: list[str] = []
    add = items.append
    for g in group(r.diagnostics):
        d = g.first
        n = g.index
        shown = r.shown_for(n)
        lines = " ".join(str(x.line) for x in g.places)
        add(f'<li class="finding sev-{d.severity.label}" id="f-{k}-{n}" data-severity="{d.severity.label}" '
            f'data-family="{d.family}" data-code="{_e(d.code)}" data-line="{d.line}" data-places="{g.count}" '
            f'data-lines="{lines}">')
        add(f'<div class="head"><span class="loc">{page_where(d)}</span> '
            f'<span class="badge {d.severity.label}">{d.severity.zh}</span> <code class="code">{_e(d.code)}</code> '
            f'<span class="msg">{_e(d.message)}</span></div>')
        ctx = context_html(shown, d)
        if ctx:
            add(f'<blockquote class="context">{ctx}</blockquote>')
        if d.suggestion:
            add(f'<p class="suggestion">建议：{_e(d.suggestion)}</p>')
        add(_fix_html(shown, d))
        add(_other_html(d, anchors, reports))
        if g.count > 1:
            add(f'<p class="places">{_e(places_text(g))}</p>')
        add(f'<button type="button" class="explain-btn" data-code="{_e(d.code)}" aria-expanded="false">规则说明</button>'
            '<pre class="explain" hidden></pre></li>\n')
    if deferred is not None and items:
        deferred[k] = "".join(items)
        w(f'<ol class="findings" data-lazy="{k}"></ol>')
    else:
        w('<ol class="findings">\n')
        w("".join(items))
        w("</ol>")
    w('<p class="back"><a href="#summary">返回汇总表</a></p></details></section>\n')


CSS = """
:root{--err:#b3261e;--warn:#8a5a00;--info:#1f5f8b;--line:#d7d7d7;--bg:#fafafa}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
margin:0 auto;max-width:1400px;padding:1rem 1.5rem;color:#1d1d1d;background:#fff;line-height:1.55}
h1{font-size:1.5rem;margin:.2rem 0}.meta{color:#555;margin:.2rem 0 1rem}
#filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin-bottom:.75rem}
#filters fieldset{border:1px solid var(--line);border-radius:6px;padding:.25rem .75rem;margin:0}
#filters label{margin-right:.6rem;white-space:nowrap}#shown-count{margin:0 .5rem;color:#555}
#filters button{font:inherit;padding:.2rem .6rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f0f0f0;position:sticky;top:0;white-space:nowrap}
th button{all:unset;cursor:pointer;font-weight:600;display:block}
th button:focus-visible{outline:2px solid #3367d6}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
td.num{text-align:right;font-variant-numeric:tabular-nums}td.missing{color:var(--err)}
tr[hidden],.finding[hidden],.report[hidden]{display:none}
.unknown{color:#888}
#failed li{color:var(--err)}
.report{border:1px solid var(--line);border-radius:6px;margin:.75rem 0;background:var(--bg)}
.report summary{cursor:pointer;padding:.5rem .75rem;font-weight:600}
.rmeta{font-weight:400;color:#555;margin-left:.5rem}
.missing-parts{color:var(--err);margin:.25rem 1rem}.clean{margin:.25rem 1rem;color:#2e7d32}
.findings{margin:0;padding:0 1rem 0 2.5rem}
.finding{background:#fff;border:1px solid var(--line);border-left:4px solid var(--line);border-radius:4px;
margin:.5rem 0;padding:.4rem .6rem}
.finding.sev-error{border-left-color:var(--err)}.finding.sev-warning{border-left-color:var(--warn)}
.finding.sev-info{border-left-color:var(--info)}.finding:target,.finding.flash{outline:3px solid #f5c518}
.loc{color:#555;font-variant-numeric:tabular-nums}
.badge{display:inline-block;border-radius:3px;padding:0 .35rem;color:#fff;font-size:.85em}
.badge.error{background:var(--err)}.badge.warning{background:var(--warn)}.badge.info{background:var(--info)}
.context{margin:.35rem 0;padding:.35rem .6rem;background:#f6f6f6;border-left:3px solid #bbb;white-space:pre-wrap;
word-break:break-all}
mark{background:#ffe08a;padding:0 1px}.clip{color:#888}
.suggestion{margin:.2rem 0;color:#1b5e20}.fix{margin:.2rem 0;color:#333}.fixkind{color:#1b5e20;font-weight:600}
.edit{margin-left:.5rem}del{background:#fde2e1}ins{background:#dff5e1;text-decoration:none}
.other{margin:.2rem 0}.other q{color:#444}
.places{margin:.2rem 0;color:#555}
.explain-btn{font:inherit;font-size:.85em;margin-top:.2rem}
.explain{white-space:pre-wrap;background:#f4f7fb;border:1px solid #d9e2ef;padding:.5rem;margin:.35rem 0}
.back{margin:.25rem 1rem .75rem}
"""
CSS += CHART_CSS  # one <style>, exactly CSS: a server may allow it by its hash

JS = r"""
(function () {
  "use strict";
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  var table = document.getElementById("summary");
  var tbody = table.tBodies[0];
  var heads = $$("thead th", table);
  var matchedCol = heads.findIndex(function (th) { return th.dataset.key === "matched"; });
  var explain = JSON.parse(document.getElementById("explain-data").textContent);
  var lazyData = document.getElementById("findings-data");
  var deferred = lazyData ? JSON.parse(lazyData.textContent) : {};
  var main = document.getElementById("reports");

  // A report's findings, kept as data on a large page, are drawn the first time it is opened.
  function render(k) {
    var ol = document.querySelector("#report-" + k + " ol[data-lazy]");
    if (!ol || ol.dataset.drawn) { return; }
    ol.innerHTML = deferred[k] || "";
    ol.dataset.drawn = "1";
    filterFindings(ol);
  }
  $$(".report details").forEach(function (d) {
    d.addEventListener("toggle", function () { if (d.open) { render(d.parentElement.dataset.report); } });
  });

  function sortKey(cell, type) {
    var v = cell.dataset.sort;
    if (type === "num") { var n = parseFloat(v); return isNaN(n) ? -Infinity : n; }
    return v || "";
  }
  heads.forEach(function (th, col) {
    th.querySelector("button").addEventListener("click", function () {
      var type = th.dataset.type;
      var cur = th.getAttribute("aria-sort");
      var dir = cur === "none" ? (type === "num" ? "descending" : "ascending")
                               : (cur === "ascending" ? "descending" : "ascending");
      heads.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", dir);
      var rows = Array.prototype.slice.call(tbody.rows);
      rows.sort(function (a, b) {
        var x = sortKey(a.cells[col], type), y = sortKey(b.cells[col], type);
        var c = type === "num" ? (x < y ? -1 : x > y ? 1 : 0) : x.localeCompare(y, "zh-CN");
        if (dir === "descending") { c = -c; }
        return c || (a.dataset.index - b.dataset.index);
      });
      rows.forEach(function (r) {
        tbody.appendChild(r);
        var section = document.getElementById("report-" + r.dataset.report);
        if (section) { main.appendChild(section); }  // the sections follow the table's order
      });
    });
  });

  function checked(name) {
    return $$("input[name=" + name + "]").filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
  }
  function filterFindings(root) {
    var sev = checked("severity"), fam = checked("family");
    $$(".finding", root).forEach(function (li) {
      li.hidden = sev.indexOf(li.dataset.severity) < 0 || fam.indexOf(li.dataset.family) < 0;
    });
  }
  function applyFilters() {
    var sev = checked("severity"), fam = checked("family");
    var narrowed = sev.length < $$("input[name=severity]").length || fam.length < $$("input[name=family]").length;
    var shown = 0;
    Array.prototype.forEach.call(tbody.rows, function (row) {
      var counts = JSON.parse(row.dataset.counts), matched = 0;
      sev.forEach(function (s) { fam.forEach(function (f) { matched += counts[s + "|" + f] || 0; }); });
      var cell = row.cells[matchedCol];
      cell.textContent = matched;
      cell.dataset.sort = matched;
      row.hidden = narrowed && matched === 0;
      if (!row.hidden) { shown += 1; }
      var section = document.getElementById("report-" + row.dataset.report);
      if (section) {
        section.hidden = row.hidden;
        var count = section.querySelector(".rcount");
        if (count) { count.textContent = matched; }  // the header counts what the filters let through
      }
    });
    filterFindings(document);
    document.getElementById("shown-count").textContent = "显示 " + shown + " / " + tbody.rows.length + " 份报告";
  }
  $$("#filters input").forEach(function (i) { i.addEventListener("change", applyFilters); });

  function reveal(id) {
    var m = /^(?:f|report|details)-(\d+)/.exec(id);
    if (m) { render(m[1]); }
    var target = document.getElementById(id);
    if (!target) { return; }
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") { el.open = true; }
      if (el.hidden) { el.hidden = false; }
    }
    var details = target.querySelector && target.querySelector("details");
    if (details) { details.open = true; }
    if (target.classList.contains("finding")) {
      target.classList.add("flash");
      setTimeout(function () { target.classList.remove("flash"); }, 2000);
    }
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest("a[href^='#']");
    if (a) { reveal(a.getAttribute("href").slice(1)); return; }
    var b = e.target.closest(".explain-btn");
    if (b) {
      var pre = b.nextElementSibling;
      if (!pre.textContent) { pre.textContent = explain[b.dataset.code] || "没有这条规则的说明。"; }
      pre.hidden = !pre.hidden;
      b.setAttribute("aria-expanded", String(!pre.hidden));
    }
  });
  window.addEventListener("hashchange", function () { reveal(location.hash.slice(1)); });
  if (location.hash) { reveal(location.hash.slice(1)); }
  document.getElementById("expand-all").addEventListener("click", function () {
    $$(".report details").forEach(function (d) { render(d.parentElement.dataset.report); d.open = true; });
  });
  document.getElementById("collapse-all").addEventListener("click", function () {
    $$(".report details").forEach(function (d) { d.open = false; });
  });
})();
"""
