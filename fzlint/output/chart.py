"""The picture of a batch at the top of the review page: inline SVG drawn here, so the page
needs no chart library and no network.

Three panels, each an ``<svg>`` with a ``<title>`` and the numbers written in it (the
picture must be readable without hovering):

* a heat map, one row per report (its unit, or its file when the unit is unknown) and one
  column per rule family, each cell the number of findings, darker for more; a report
  whose year differs from the batch's is marked in its row label;
* the rules found most often across the batch, as bars;
* the required parts each report lacks, as a grid of reports × parts.

A large batch shows the reports with the most findings and says how many are left out
(the table below lists every report)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from .full import cells

if TYPE_CHECKING:
    from .batch import ReportFacts

MAX_ROWS = 40  # reports drawn in the heat map and the missing-parts grid
TOP_RULES = 10
ROW_H = 22
CELL_W = 64
FONT = 13  # px; a CJK character is about FONT wide, a Latin one about half
LABEL_MAX = 22  # columns of a row label before it is cut with …


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _cut(label: str, limit: int = LABEL_MAX) -> str:
    if cells(label) <= limit:
        return label
    out = ""
    for ch in label:
        if cells(out + ch) > limit - 1:
            break
        out += ch
    return out + "…"


def _px(label: str) -> int:
    return int(cells(label) * FONT * 0.56) + 12  # a little wider than the glyphs: never clipped


def _shade(n: int, top: int) -> str:
    """White for 0, deepening to a dark red for the batch's largest count."""
    if n <= 0 or top <= 0:
        return "#ffffff"
    t = 0.15 + 0.85 * (n / top) ** 0.6
    lo, hi = (255, 243, 224), (179, 38, 30)
    r, g, b = (round(lo[i] + (hi[i] - lo[i]) * t) for i in range(3))
    return f"#{r:02x}{g:02x}{b:02x}"


def label(f: ReportFacts) -> str:
    name = f.unit or f.path.rsplit("/", 1)[-1]
    return name


def _year_note(f: ReportFacts, batch_year: int | None) -> str:
    return f"{f.year} 年度（本批多为 {batch_year} 年度）" if f.odd_year else ""


def heatmap(facts: list[ReportFacts], families: list[tuple[str, str]], batch_year: int | None) -> str:
    order = sorted(range(len(facts)), key=lambda i: (-sum(facts[i].families.values()), i))
    shown = order[:MAX_ROWS]
    labels = [_cut(label(facts[i])) + (" ⚠" if facts[i].odd_year else "") for i in shown]
    left = max([_px(x) for x in labels] + [80])
    top_n = max((facts[i].families[fid] for i in shown for fid, _ in families), default=0)
    width = left + CELL_W * len(families) + 10
    height = 28 + ROW_H * len(shown) + 8
    out = [f'<svg class="chart" id="chart-heatmap" role="img" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
           '<title>各报告按规则类别的问题数（颜色越深问题越多）</title>']
    for j, (_, name) in enumerate(families):
        x = left + CELL_W * j + CELL_W / 2
        out.append(f'<text class="col" x="{x:.0f}" y="18" text-anchor="middle">{_e(name)}</text>')
    for row, i in enumerate(shown):
        f = facts[i]
        y = 28 + ROW_H * row
        note = _year_note(f, batch_year)
        cls = "row odd-year" if f.odd_year else "row"
        tip = f"{f.path}" + (f"：{note}" if note else "")
        out.append(f'<a href="#report-{i}" class="open-report"><text class="{cls}" x="{left - 6}" y="{y + 15}" '
                   f'text-anchor="end" data-report="{i}"><title>{_e(tip)}</title>{_e(labels[row])}</text></a>')
        for j, (fid, name) in enumerate(families):
            n = f.families[fid]
            x = left + CELL_W * j
            fill = _shade(n, top_n)
            out.append(f'<rect x="{x}" y="{y}" width="{CELL_W - 2}" height="{ROW_H - 2}" fill="{fill}" '
                       f'stroke="#ddd" data-report="{i}" data-family="{fid}" data-count="{n}">'
                       f'<title>{_e(label(f))} · {_e(name)}：{n} 个问题</title></rect>')
            if n:
                dark = n / top_n > 0.45 if top_n else False
                out.append(f'<text class="n{" dark" if dark else ""}" x="{x + (CELL_W - 2) / 2:.0f}" y="{y + 15}" '
                           f'text-anchor="middle">{n}</text>')
    out.append("</svg>")
    more = len(facts) - len(shown)
    note = f'<p class="chart-note">另有 {more} 份报告问题较少，未画出；下表列出全部报告。</p>' if more > 0 else ""
    return "".join(out) + note


def top_rules(facts: list[ReportFacts], names: dict[str, str]) -> str:
    from collections import Counter

    total: Counter[str] = Counter()
    reports: Counter[str] = Counter()
    for f in facts:
        total.update(f.codes)
        reports.update(f.codes.keys())
    rows = sorted(total, key=lambda c: (-total[c], c))[:TOP_RULES]
    if not rows:
        return '<p class="chart-note">本批报告没有发现问题。</p>'
    labels = [f"{c} {_cut(names.get(c, ''), 26)}".rstrip() for c in rows]
    left = max(_px(x) for x in labels) + 4
    bar_max = 300
    width = left + bar_max + 140
    height = 8 + ROW_H * len(rows) + 8
    top = total[rows[0]]
    out = [f'<svg class="chart" id="chart-rules" role="img" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
           f'<title>本批最常见的 {len(rows)} 条规则（问题数）</title>']
    for k, code in enumerate(rows):
        y = 8 + ROW_H * k
        w = max(2, round(bar_max * total[code] / top))
        out.append(f'<text class="row" x="{left - 6}" y="{y + 15}" text-anchor="end">{_e(labels[k])}</text>')
        out.append(f'<rect x="{left}" y="{y + 2}" width="{w}" height="{ROW_H - 6}" fill="#1f5f8b" '
                   f'data-code="{_e(code)}" data-count="{total[code]}"><title>{_e(code)}：{total[code]} 个问题，'
                   f'{reports[code]} 份报告</title></rect>')
        out.append(f'<text class="n" x="{left + w + 6}" y="{y + 15}">{total[code]}（{reports[code]} 份报告）</text>')
    out.append("</svg>")
    return "".join(out)


def missing_grid(facts: list[ReportFacts]) -> str:
    parts: list[str] = []
    for f in facts:
        for p in f.missing or ():
            if p not in parts:
                parts.append(p)
    lacking = [i for i, f in enumerate(facts) if f.missing]
    if not lacking:
        known = any(f.missing is not None for f in facts)
        return ('<p class="chart-note">每份报告都有全部必备部分。</p>' if known
                else '<p class="chart-note">规则集没有定义必备部分。</p>')
    shown = lacking[:MAX_ROWS]
    labels = [_cut(label(facts[i])) for i in shown]
    left = max([_px(x) for x in labels] + [80])
    heads = [_cut(p, 14) for p in parts]
    col_w = max([_px(h) for h in heads] + [CELL_W])
    width = left + col_w * len(parts) + 10
    height = 28 + ROW_H * len(shown) + 8
    out = [f'<svg class="chart" id="chart-missing" role="img" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
           f'<title>缺少必备部分的报告（{len(lacking)} 份）</title>']
    for j, h in enumerate(heads):
        out.append(f'<text class="col" x="{left + col_w * j + col_w / 2:.0f}" y="18" text-anchor="middle">'
                   f'<title>{_e(parts[j])}</title>{_e(h)}</text>')
    for row, i in enumerate(shown):
        f = facts[i]
        y = 28 + ROW_H * row
        out.append(f'<a href="#report-{i}" class="open-report"><text class="row" x="{left - 6}" y="{y + 15}" '
                   f'text-anchor="end"><title>{_e(f.path)}</title>{_e(labels[row])}</text></a>')
        for j, p in enumerate(parts):
            miss = p in (f.missing or ())
            out.append(f'<rect x="{left + col_w * j}" y="{y}" width="{col_w - 2}" height="{ROW_H - 2}" '
                       f'fill="{"#b3261e" if miss else "#f3f3f3"}" stroke="#ddd" data-report="{i}" '
                       f'data-missing="{"1" if miss else "0"}"><title>{_e(label(f))}：'
                       f'{"缺少" if miss else "有"}“{_e(p)}”</title></rect>')
            if miss:
                out.append(f'<text class="n dark" x="{left + col_w * j + (col_w - 2) / 2:.0f}" y="{y + 15}" '
                           'text-anchor="middle">缺</text>')
    out.append("</svg>")
    more = len(lacking) - len(shown)
    note = f'<p class="chart-note">另有 {more} 份报告缺少必备部分，见下表。</p>' if more > 0 else ""
    return "".join(out) + note


def overview(facts: list[ReportFacts], families: list[tuple[str, str]], names: dict[str, str],
             batch_year: int | None) -> str:
    """The whole picture: the three panels and the reports whose year is not the batch's."""
    odd = [(i, f) for i, f in enumerate(facts) if f.odd_year]
    years = ""
    if odd:
        items = "、".join(f'<a href="#report-{i}" class="open-report">{_e(label(f))}（{f.year} 年度）</a>'
                         for i, f in odd[:20])
        more = f" 等 {len(odd)} 份" if len(odd) > 20 else ""
        years = (f'<p class="odd-years" id="odd-years">⚠ 年度与本批不同（本批多为 {batch_year} 年度）：'
                 f"{items}{more}</p>")
    return ('<section id="overview-chart" aria-label="本批概览"><h2>本批概览</h2>' + years +
            '<div class="panels">'
            f'<figure><figcaption>各报告的问题（按规则类别）</figcaption>{heatmap(facts, families, batch_year)}</figure>'
            f'<figure><figcaption>最常见的规则</figcaption>{top_rules(facts, names)}</figure>'
            f'<figure><figcaption>缺少的必备部分</figcaption>{missing_grid(facts)}</figure>'
            "</div></section>\n")


CSS = """
#overview-chart h2{font-size:1.15rem;margin:.5rem 0}
#overview-chart .panels{display:flex;flex-wrap:wrap;gap:1.25rem;align-items:flex-start}
#overview-chart figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:.5rem .75rem;background:#fff;
max-width:100%;overflow-x:auto}
#overview-chart figcaption{font-weight:600;margin-bottom:.25rem}
.chart text{font-size:13px;fill:#1d1d1d}.chart text.col{font-weight:600}.chart text.n{font-size:12px}
.chart text.n.dark{fill:#fff}.chart text.odd-year{fill:#b3261e;font-weight:600}
.chart a text{text-decoration:underline;cursor:pointer}
.chart-note{color:#555;font-size:.9rem;margin:.25rem 0}
.odd-years{color:#b3261e;margin:.25rem 0 .5rem}
td.odd-year{color:#b3261e;font-weight:600}
"""
