"""``fzlint outline FILE``: the heading tree and how it maps to the required parts.

Shows what the structure rules see — each heading's level, number, text and line,
which required part each top-level heading maps to and with what score, how every
part is covered (its own heading, a combined heading, a sub-heading, or implicitly),
and which required parts are missing — so that drafters and rule authors can see why
a finding was or was not raised.  ``build`` returns plain data (the JSON format);
``render_text`` lays it out for people.  Lines are where the user finds them
(``Document.location``): for a .docx, paragraph numbers, as in ``fzlint check``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .parse.document import Document, Heading
from .parse.parts import PartSpecs, coverage, score_heading

HOW_ZH = {
    "heading": "一级标题",
    "also": "合写在一级标题中",
    "sub": "下级小标题",
    "implicit": "未归类的一级部分（计入本部分）",  # the pack's implicit_part
    "paragraph": "正文段落",
}


def _heading(h: Heading, doc: Document, specs: PartSpecs | None) -> dict[str, Any]:
    line, column = doc.location(h.start)
    item: dict[str, Any] = {
        "level": h.depth + 1,
        "line": line,
        "column": column,
        "marker": h.marker,
        "number": h.number,
        "style": h.style,
        "text": h.text,
        "run_in": h.run_in,
    }
    if h.parent is None:
        scores = score_heading(h, specs) if specs is not None else []
        item["part"] = h.part
        item["part_score"] = round(h.part_score, 1)
        item["scores"] = {pid: round(s, 1) for pid, s in scores}
    item["children"] = [_heading(c, doc, specs) for c in h.children]
    return item


def build(doc: Document, specs: PartSpecs | None) -> dict[str, Any]:
    """The outline of a prepared document (parts already mapped) as plain data."""
    cov = coverage(doc, specs) if specs is not None else {}
    parts = []
    for p in specs.parts if specs is not None else ():
        covers = cov.get(p.id, [])
        parts.append({
            "id": p.id,
            "name": p.name,
            "required": p.required,
            "found": bool(covers),
            "covered_by": [{"line": doc.location(c.start)[0], "text": c.label, "how": c.how,
                            "score": round(c.score, 1)} for c in covers],
        })
    sig = doc.signature
    sig_span = (sig.body or sig.date_span) if sig is not None else None
    return {
        "path": doc.path,
        "location_unit": doc.unit,  # "line", or "paragraph" for a .docx
        "title": {"text": doc.title.text, "line": doc.location(doc.title.start)[0]} if doc.title else None,
        "year": doc.year,
        "year_source": doc.year_source,
        "signature": None if sig is None else {
            "body": sig.body.text if sig.body else None,
            "date": sig.date.isoformat() if sig.date else (sig.date_span.text if sig.date_span else None),
            "line": doc.location(sig_span.start)[0] if sig_span is not None else None,
            "date_under_title": sig.date_under_title,
        },
        "threshold": specs.threshold if specs is not None else None,
        "headings": [_heading(h, doc, specs) for h in doc.top],
        "parts": parts,
        "missing": [p["id"] for p in parts if p["required"] and not p["found"]],
    }


def render_json(outline: dict[str, Any]) -> str:
    return json.dumps(outline, ensure_ascii=False, indent=2) + "\n"


def _tree_lines(items: list[dict[str, Any]], names: dict[str, str], out: list[str]) -> None:
    for it in items:
        indent = "  " * (it["level"] - 1)
        marker = it["marker"] or ("（无序号）" if it["style"] == "bare" else "")
        line = f"{it['line']:>5}  {indent}{marker}{it['text']}"
        if it["level"] == 1:
            part = it.get("part")
            score = it.get("part_score", 0.0)
            line += f"    → {names.get(part, part)}（{score:.0f}）" if part else f"    → 未对应必备部分（最高 {score:.0f}）"
        out.append(line)
        _tree_lines(it["children"], names, out)


def render_text(outline: dict[str, Any]) -> str:
    names = {p["id"]: p["name"] for p in outline["parts"]}
    unit = "段" if outline.get("location_unit") == "paragraph" else "行"
    out = [outline["path"]]
    title = outline["title"]
    out.append(f"标题：{title['text']}（第 {title['line']} {unit}）" if title else "标题：未识别")
    year_src = {"title": "来自标题", "body": "来自正文", "override": "来自 --year 或配置"}.get(outline["year_source"], "")
    out.append(f"年度：{outline['year']}（{year_src}）" if outline["year"] else "年度：未识别")
    sig = outline["signature"]
    if sig:
        where = "，日期在标题下" if sig.get("date_under_title") else ""
        out.append(f"落款：{sig['body'] or '（无单位）'}  {sig['date'] or '（无日期）'}（第 {sig['line']} {unit}{where}）")
    else:
        out.append("落款：未识别")
    out.append("")
    out.append(f"标题结构（{'段落号' if unit == '段' else '行号'}  序号与标题  → 对应部分（匹配得分））：")
    if outline["headings"]:
        _tree_lines(outline["headings"], names, out)
    else:
        out.append("  （没有识别到任何标题）")
    if outline["parts"]:
        out.append("")
        threshold = outline["threshold"]
        out.append(f"必备部分（得分不低于 {threshold:.0f} 视为对应）：")
        for p in outline["parts"]:
            flag = "✓" if p["found"] else ("✗" if p["required"] else "·")
            opt = "" if p["required"] else "（可选）"
            if p["found"]:
                where = "；".join(f"第 {c['line']} {unit} {HOW_ZH.get(c['how'], c['how'])}“{c['text']}”（{c['score']:.0f}）"
                                 for c in p["covered_by"])
            else:
                where = "缺少" if p["required"] else "无"
            out.append(f"  {flag} {p['name']}{opt}：{where}")
        if outline["missing"]:
            out.append("")
            out.append("缺少必备部分：" + "、".join(names[m] for m in outline["missing"]))
    return "\n".join(out) + "\n"


def outline_file(path: str, fmt: str = "text", rule_packs: tuple[str, ...] = (), year: int | None = None,
                 stdin_data: bytes | None = None, stdin_filename: str | None = None) -> str:
    """Read, parse and map one report; return the rendered outline.

    Raises :class:`fzlint.errors.FzlintError` (one line naming the file) on bad input,
    configuration or rule packs.
    """
    from .engine import prepare_document
    from .inputs.readers import load_bytes, load_path
    from .inputs.source import display_path
    from .packs.config import Overrides, resolve

    overrides = Overrides(rule_packs=rule_packs, year=year)
    target = (Path(stdin_filename).resolve() if stdin_filename else None) if path == "-" else Path(path)
    settings = resolve(target, overrides)
    ruleset = settings.ruleset()
    if path == "-":
        shown = display_path(stdin_filename) if stdin_filename else "-"
        loaded = load_bytes(stdin_data or b"", shown, ruleset.parser_vocabulary)
    else:
        loaded = load_path(Path(path), display_path(path), ruleset.parser_vocabulary)
    doc = prepare_document(loaded.doc, ruleset, settings)
    data = build(doc, ruleset.parts)
    return render_json(data) if fmt == "json" else render_text(data)
