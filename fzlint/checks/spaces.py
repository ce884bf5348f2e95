"""``spaces``: stray spaces inside Chinese text (``行政处罚 41起``, ``897  件``, ``分解表 》``).

A run of spaces (ASCII, U+3000, NBSP, tab) inside a line is reported when the
characters on both sides are Chinese or digits and at least one side is Chinese
(Han or CJK punctuation).  Not reported: spaces between Latin letters or digits
(``17:24``, ``APP 下载`` keeps its Latin spacing), indentation and trailing spaces,
heading markers, the space after an article number (``第二条　本办法…``), and a space
between two Han characters in a heading or inside “…”,
where it separates the halves of a couplet (``严格公正执法 接受群众监督``,
``“巧手剪风采 法治伴我行”``) by design.  Spaces after half-width punctuation go with
FZ503's fix.

Fields:
  defer_to     rule codes whose lines are skipped
  exceptions   regexes; a run of spaces inside one of their matches on the line is not reported
               (``中共中央办公厅 国务院办公厅``: joint issuers are written with a space)
  fix          safe | unsafe | none (deleting the run)
  suggestion
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..diagnostic import Diagnostic, Edit, Fix
from ..infra import rx
from ..packs.schema import ListOf, OneOf, param, params
from .base import Context, check_template, compile_pattern, scoped_lines
from .contract import Check
from .textutil import Spans, is_cjk, is_han, marker_spans

if TYPE_CHECKING:
    from ..packs.loader import Rule
    from ..parse.document import Document

NAME = "spaces"


@params
class Params:
    defer_to: list[str] = param(ListOf(str, allow_single=True), default=[])
    exceptions: list[str] = param(ListOf(str, allow_single=True), default=[])
    fix: str = param(OneOf(("safe", "unsafe", "none")), default="unsafe")
    suggestion: str = param(str, default="删除空格")


PLACEHOLDERS = frozenset({"match", "count"})
_NUMBER = rx.compile(r"[0-9０-９.,%．]{1,12}")
CONTEXT = 3  # characters shown on each side of the spaces in {match}
_RUN = rx.compile(r"[ \t\u3000\xa0]+")
_ARTICLE_WINDOW = 24  # 第 + a numeral + 条: never longer than this
_ARTICLE = rx.compile(r"第[〇零一二三四五六七八九十百千0-9]+[条章节款编]$")  # 第一条　正文: the layout of quoted articles


def validate(rule: Rule[Params]) -> None:
    check_template(rule.params.suggestion, PLACEHOLDERS, "suggestion")
    prepare(rule)


def prepare(rule: Rule[Params]) -> tuple[re.Pattern[str], ...]:
    return tuple(compile_pattern(p) for p in rule.params.exceptions)


def _solid(ch: str) -> bool:
    return is_cjk(ch) or ch.isdigit()


def check(doc: Document, rule: Rule[Params], state: tuple[re.Pattern[str], ...], ctx: Context) -> Iterator[Diagnostic]:
    o = rule.params
    skip_lines = ctx.analyses.lines_reported_by(o.defer_to) if o.defer_to else set()
    markers = Spans(marker_spans(doc))
    heading_lines = {h.line for h in doc.headings}
    for ln in scoped_lines(doc, rule.scope):
        if ln.number in skip_lines:
            continue
        base = ln.content_start
        content = doc.text[base : ln.content_end]
        groups: list[list[tuple[int, int]]] = []
        allowed: Spans | None = None
        for a, b in _stray(content, base, markers, ln.number in heading_lines):
            if state:
                if allowed is None:  # only for lines with a candidate
                    allowed = Spans([m.span() for p in state for m in p.finditer(content)])
                if allowed.covers(a, b):
                    continue
            if groups and _NUMBER.fullmatch(content, groups[-1][-1][1], a):
                groups[-1].append((a, b))  # ``共 16 件``: one number padded on both sides is one finding
            else:
                groups.append([(a, b)])
        for g in groups:
            a, b = g[0][0], g[-1][1]
            values: dict[str, Any] = {"match": content[max(0, a - CONTEXT) : b + CONTEXT], "count": len(g)}
            suggestion = rule.format(o.suggestion, **values)
            edits = tuple(Edit(base + x, base + y, "") for x, y in g)
            fix = Fix(edits, o.fix == "safe", suggestion) if o.fix != "none" else None
            yield ctx.report(rule, base + a, base + b, rule.format(**values), suggestion=suggestion, fix=fix)


def _stray(content: str, base: int, markers: Spans, heading: bool) -> Iterator[tuple[int, int]]:
    opens = closes = counted = 0  # quotation marks before the run, counted incrementally (a line can be 1 MB)
    for m in _RUN.finditer(content):
        a, b = m.span()
        if markers.covers(base + a):
            continue
        left, right = content[a - 1], content[b]
        if not (_solid(left) and _solid(right) and (is_cjk(left) or is_cjk(right))):
            continue
        if _ARTICLE.search(content, max(0, a - _ARTICLE_WINDOW), a):
            continue
        if is_han(left) and is_han(right):
            opens += content.count("“", counted, a)
            closes += content.count("”", counted, a)
            counted = a
            quoted = opens > closes
            if quoted or heading:
                continue
        yield a, b


CHECK: Check[tuple[re.Pattern[str], ...], Params] = Check(
    name=NAME,
    params=Params,
    placeholders=PLACEHOLDERS,
    prepare=prepare,
    check=check,
    validate=validate,
)
