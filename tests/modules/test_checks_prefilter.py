"""The literal prefilters (fzlint/checks/prefilter.py) leave out only lines and patterns that
cannot match: the same lines as the long way round (every line of the scope, every pattern
tested with its required literals)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from fzlint.checks.base import lines_holding, may_match, scoped_lines
from fzlint.checks.prefilter import Lines, Prefilter, literal_trie
from fzlint.infra import rx
from fzlint.packs.config import Settings
from fzlint.parse import parse

from ..conftest import SEEDS

_PIECES = ["法治", "政府", "法治政府", "政府建设", "建设", "治", "“", "”", "（", "一、", "（一）", "2023年", "，", "。",
           " ", "\u3000", "\t", "\n", "\r\n", "\n\n", "审核", "核", "第", "共"]
_PATTERNS = ["法治政府建设", "政府(?:建设|工作)", "(?<!法)治", "[（(]一[)）]", "审核|核查", "建设$", "^法治", "\\d+年",
             "第[一二三]", "共\\s*\\d", "(?:有效|积极)的", "“[^”]{1,4}”"]


def _doc(text: str):
    doc = parse(text, "t.txt")
    rs = Settings().ruleset()
    from fzlint.engine import prepare_document

    return prepare_document(doc, rs, Settings())


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join),
       st.lists(st.sampled_from(_PATTERNS), min_size=1, max_size=6, unique=True))
def test_prefilter_keeps_every_line_and_pattern_that_can_match(body, patterns):
    doc = _doc("某区2023年法治政府建设情况报告\n一、主要举措\n" + body + "\n")
    compiled = [re.compile(p) for p in patterns]
    required = [rx.required(p) for p in compiled]
    pre = Prefilter.of(required)
    lines = Lines(doc)
    for scope in ("all", "body"):
        chosen = {ln.number: ks for ln, ks in pre.lines(lines, scope)}
        for ln in scoped_lines(doc, scope):
            content = doc.text[ln.content_start:ln.content_end]
            for k, p in enumerate(compiled):
                if any(m.end() > m.start() for m in p.finditer(content)):
                    assert k in chosen.get(ln.number, ()), (scope, ln, p.pattern)
                if may_match(required[k], content) and required[k] is not None:
                    # the prefilter admits exactly the patterns whose literals are in the line
                    assert k in chosen.get(ln.number, ()), (scope, ln, p.pattern, required[k])
        # and the lines come in the scope's order
        order = [ln.number for ln in scoped_lines(doc, scope) if ln.number in chosen]
        assert [ln.number for ln, _ in pre.lines(lines, scope)] == order


def test_scope_lines_are_the_lines_scoped_lines_yields():
    for path in SEEDS:
        doc = _doc(path.read_text(encoding="utf-8"))
        lines = Lines(doc)
        for scope in ("all", "body", "title", "signature", "headings", "preamble", "measures", "plans", "problems"):
            got, idx, whole = lines.scope(scope)
            assert list(got) == list(scoped_lines(doc, scope)), scope
            assert [lines.paras[i] for i in idx] == list(got)
            assert whole == (list(got) == list(lines.paras))
        assert lines.scope("all")[2]  # every line


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=80).map("".join),
       st.lists(st.sampled_from(["法治", "政府", "核", "，", " ", "\u3000", "第", "年"]), min_size=1, max_size=4))
def test_holding_is_the_lines_lines_holding_finds(body, words):
    doc = _doc("标题\n" + body + "\n")
    finder = rx.compile(literal_trie(sorted(set(words))))
    lines = Lines(doc)
    expected = [ln.number for ln in lines_holding(doc, scoped_lines(doc, "all"), finder)]
    assert [lines.paras[i].number for i in lines.holding(finder)] == expected
    assert [lines.paras[i].number for i in Lines(doc).holding(finder, frozenset(words))] == expected


def test_holding_a_lazy_finder_whose_literals_are_absent_does_not_compile_it():
    lines = Lines(_doc("标题\n法治政府建设\n"))
    absent = rx.lazy(literal_trie(["不在文中", "也不在"]))
    assert lines.holding(absent, frozenset({"不在文中", "也不在"})) == []
    assert "_compiled" not in vars(absent)
    present = rx.lazy(literal_trie(["政府"]))
    assert [lines.paras[i].number for i in lines.holding(present, frozenset({"政府"}))] == [2]
    # the result is kept per pattern: an equal finder (compiled this time) gets it from there
    assert lines.holding(rx.compile(literal_trie(["政府"])), frozenset({"政府"})) == lines.holding(present)


def test_literal_trie_prefers_the_longest_word():
    trie = re.compile(literal_trie(["法治", "法治政府", "政府", "法"]))
    assert [m.group(0) for m in trie.finditer("法治政府和法治及法和政府")] == ["法治政府", "法治", "法", "政府"]


def test_overlapping_literals_are_all_seen():
    # 政府建设 overlaps 法治政府: a plain alternation would see only the first
    pre = Prefilter.of([frozenset({"法治政府"}), frozenset({"政府建设"}), frozenset({"建设"})])
    doc = _doc("标题\n法治政府建设\n政府\n")
    got = [(ln.number, ks) for ln, ks in pre.lines(Lines(doc), "all")]
    assert got == [(2, (0, 1, 2))]
