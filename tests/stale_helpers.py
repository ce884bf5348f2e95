"""A small synthetic report for the FZ3 tests: every required part, the year in the title."""

from __future__ import annotations


def report(year: int, measures: str = "街道深入推进依法行政，全面落实行政执法三项制度。", *,
           plans: str = "继续推进依法行政，加强法治宣传教育。", preamble: str | None = None,
           plans_heading: str | None = None, measures_heading: str | None = None,
           signature: str | None = None, title: str | None = None) -> str:
    lines = [
        title if title is not None else f"某某街道{year}年法治政府建设情况报告",
        "",
        preamble if preamble is not None else f"{year}年，某某街道坚持依法行政，法治政府建设取得新成效。",
        measures_heading or f"一、{year}年推进法治政府建设的主要举措和成效",
        "（一）加强组织领导",
        measures,
        "（二）严格规范执法",
        "全面落实行政执法公示、执法全过程记录、重大执法决定法制审核制度。",
        "二、党政主要负责人履行推进法治建设第一责任人职责情况",
        "主要负责人认真履行推进法治建设第一责任人职责，重要工作亲自部署。",
        "三、存在的不足和原因",
        "一是执法人员能力有待提升，主要原因是培训不够系统。",
        plans_heading or f"四、{year + 1}年推进法治政府建设的主要安排",
        plans,
    ]
    if signature:
        lines += ["", "某某街道办事处", signature]
    return "\n".join(lines) + "\n"
