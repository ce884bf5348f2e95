"""The per-document shortcuts of the number, date and structure checks give what the long
way round gives: sentences cut by one regex, clauses and part lines computed once, a
prefilter of heading lines, remembered part scores, and the repeated-clause prefilter."""

from __future__ import annotations

import re
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from fzlint.analysis.numbers import vocab_for
from fzlint.analysis.sentences import Sentence, analyze, split_sentences
from fzlint.checks.analyses import Analyses
from fzlint.engine import prepare_document
from fzlint.packs.config import Settings
from fzlint.packs.loader import load_ruleset
from fzlint.parse import parse
from fzlint.parse.headings import _ANY_MARKER, _HEADING_PATTERNS
from fzlint.parse.parts import _score_text, score_text

from ..conftest import SEEDS, lint

_ENDS = "。！？!?"


def _sentences_the_long_way(text: str, base: int) -> list[tuple[int, int]]:
    """Each end mark closes a sentence; what follows the last one is a sentence too."""
    out, pos = [], 0
    for i, ch in enumerate(text):
        if ch in _ENDS:
            out.append((base + pos, base + i + 1))
            pos = i + 1
    if pos < len(text):
        out.append((base + pos, base + len(text)))
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="。！？!?，；、共件5中a \u3000", max_size=60), st.integers(0, 50))
def test_short_paragraphs_are_cut_into_sentences_as_before(text, base):
    assert split_sentences(text, base) == _sentences_the_long_way(text, base)


def test_clauses_are_remembered_and_recomputed_when_the_quantities_change():
    vocab = vocab_for(load_ruleset().settings)
    text = "受理案件12件；办结10件，其中调解3件。"
    s = Sentence(0, len(text), text, vocab.reader.scan(text))
    first = s.clauses()
    assert [[q.text for q in c] for c in first] == [["12件"], ["10件", "3件"]]
    assert s.clauses() is first  # asked again (three subset rules ask): not recomputed
    s.quantities.pop()
    assert [[q.text for q in c] for c in s.clauses()] == [["12件"], ["10件"]]


PLANS_INSIDE = (
    "某区2023年法治政府建设情况报告\n"
    "一、主要举措和成效\n"
    "全年受理行政复议案件12件，2023年办结10件。\n"
    "二、存在的问题和下一步工作打算\n"
    "（一）存在的问题\n"
    "执法人员力量不足，2023年培训覆盖面不够。\n"
    "（二）2024年工作打算\n"
    "2024年将继续推进依法行政，2023年目标全部完成。\n"
    "某区人民政府\n"
    "2024年1月20日\n"
)


def test_lines_in_part_are_the_lines_in_part_asks_about_one_by_one():
    rs = Settings().ruleset()
    texts = [PLANS_INSIDE, *(p.read_text(encoding="utf-8") for p in SEEDS)]
    for text in texts:
        doc = prepare_document(parse(text, "r.txt"), rs, Settings())
        analyses = Analyses(doc, rs)
        for part in ("plans", "measures", "problems"):
            expected = {ln.number for ln in doc.paragraphs() if doc.in_part(ln.start, part)}
            assert analyses.lines_in_part(part) == expected
    # the sub-heading (二) covers the plans inside section 二: its lines are in the plans
    doc = prepare_document(parse(PLANS_INSIDE, "r.txt"), rs, Settings())
    assert Analyses(doc, rs).lines_in_part("plans") >= {7, 8}


def test_the_same_sentences_whatever_the_order_rules_ask_in():
    """figures, rate and subset read ``ctx.analyses.numbers``: the one analysis of the document."""
    rs = Settings().ruleset()
    doc = prepare_document(parse(PLANS_INSIDE, "r.txt"), rs, Settings())
    analyses = Analyses(doc, rs)
    assert analyses.numbers is analyze(doc, vocab_for(rs.settings))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="第一二十三部分、.．（()）1０9①⑳ 　，。a中", max_size=12))
def test_the_heading_prefilter_rejects_only_lines_no_heading_form_matches(line):
    assert bool(_ANY_MARKER.match(line)) == any(p.match(line) for _, _, p in _HEADING_PATTERNS)


def test_remembered_part_scores_are_the_scores_and_a_fresh_list_each_time():
    specs = load_ruleset().parts
    assert specs is not None
    for heading in ("一、2023年法治政府建设主要举措和成效", "三、存在的不足和下一步打算", "二、党政主要负责人履职情况"):
        first = score_text(heading, specs)
        assert first == _score_text(heading, specs)
        first.clear()  # a caller's list is its own
        assert score_text(heading, specs) == _score_text(heading, specs)


_PREFIX = re.compile(r"^(?:共计|共|累计|合计|全年|并且|并|还|也|又|同时|此外|另外)")
_CLAUSES = ["排查出涉企挂案5起", "共排查出涉企挂案5起", "同时排查出涉企挂案5起", "开展法治进社区活动",
            "开展法治进学校活动", "受理行政复议案件", "依法受理行政复议案件", "5起", "全年办结"]


def _repeats_the_long_way(clauses: list[str]) -> list[str]:
    """FZ408's definition: a clause of at least 8 characters (connectives taken off) that
    the clause before it ends with."""
    out = []
    for before, clause in pairwise(clauses):
        core = _PREFIX.sub("", clause, count=1)
        if len(core) >= 8 and _PREFIX.sub("", before, count=1).endswith(core):
            out.append(clause)
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_CLAUSES), min_size=1, max_size=6))
def test_repeated_clauses_are_found_as_the_definition_says(clauses):
    text = "一、主要工作\n" + "，".join(clauses) + "。\n"
    found = [d.message for d in lint(text, select=("FZ408",))]
    assert len(found) == len(_repeats_the_long_way(clauses))
    for message, clause in zip(found, _repeats_the_long_way(clauses), strict=True):
        assert clause in message


def test_headings_and_quantities_built_without_per_field_calls_are_the_dataclasses_they_were():
    import dataclasses

    from fzlint.analysis.numbers import Quantity
    from fzlint.parse.document import Heading

    a = Heading(1, "cn", 4, "四、", "2024年工作打算", 1, 0, 2, 11)
    b = Heading(rank=1, style="cn", number=4, marker="四、", text="2024年工作打算", line=1, start=0, text_start=2,
                text_end=11)
    assert a == b and a.children == [] and a.children is not b.children  # each its own list
    assert (a.run_in, a.parent, a.end, a.part, a.part_score) == (False, None, 0, None, 0.0)
    a.children.append(b)  # still built by the parse ...
    a.freeze()
    assert a.children == (b,)
    try:
        a.end = 5  # ... and finished with the Document
    except AttributeError:
        pass
    else:
        raise AssertionError("a finished heading took a new value")
    assert dataclasses.replace(b, end=7).end == 7

    vocab = vocab_for(load_ruleset().settings)
    q = vocab.reader.scan("受理案件约1.5万件")[0]
    assert q == dataclasses.replace(q) and hash(q) == hash(dataclasses.replace(q))
    assert (q.value, q.unit, q.approx, q.pre, q.digits) == (15000, "万件", True, "约", "1.5")
    assert {f.name for f in dataclasses.fields(Quantity)} == set(vars(q))
    try:
        q.value = 1  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a quantity took a new value")
