"""The document model: headings (every form seen in the seeds), title, year, signature."""

from __future__ import annotations

import pytest

from fzlint.parse import parse

from ..conftest import seed_text


def outline(text: str) -> list[tuple[int, str, int | None, str, int]]:
    doc = parse(text)
    return [(h.rank, h.style, h.number, h.text, h.line) for h in doc.headings]


def heading_on(doc, line: int):
    return next(h for h in doc.headings if h.line == line)


# ---- heading forms, each taken from a seed -------------------------------------------
def test_cn_dun_heading_seed000():
    doc = parse(seed_text("000"))
    h = heading_on(doc, 6)
    assert (h.rank, h.style, h.number, h.marker, h.text) == (1, "cn", 1, "一、", "主要举措和成效")


def test_fullwidth_paren_heading_with_indentation_seed000():
    doc = parse(seed_text("000"))
    h = heading_on(doc, 11)  # "   （二）强化合规审查，科学依法决策"
    assert (h.rank, h.number, h.marker, h.text) == (2, 2, "（二）", "强化合规审查，科学依法决策")
    assert doc.position(h.start) == (11, 4)  # three spaces of indentation skipped


def test_halfwidth_and_mismatched_paren_headings_seed000():
    doc = parse(seed_text("000"))
    mixed = heading_on(doc, 59)  # " (二）工作人员配备力量薄弱"
    half = heading_on(doc, 68)  # "(一)深入组织学习培训，强化法治学习教育   "
    assert (mixed.rank, mixed.number, mixed.marker) == (2, 2, "(二）")
    assert (half.rank, half.number, half.marker, half.text) == (2, 1, "(一)", "深入组织学习培训，强化法治学习教育")


def test_paren_heading_with_redundant_dun_seed004():
    h = heading_on(parse(seed_text("004")), 17)  # "（一）、加强党政主要负责人推进法制建设工作"
    assert (h.rank, h.number, h.marker, h.text) == (2, 1, "（一）、", "加强党政主要负责人推进法制建设工作")


def test_arabic_dot_and_dun_headings_seed003():
    doc = parse(seed_text("003"))
    dot = heading_on(doc, 15)  # "1.城市综合执法工作:街综合…"
    dun = heading_on(doc, 29)  # "3、社会治安综合治理工作:…"
    assert (dot.rank, dot.style, dot.number, dot.text, dot.run_in) == (3, "arabic", 1, "城市综合执法工作", True)
    assert (dun.rank, dun.number, dun.marker, dun.text) == (3, 3, "3、", "社会治安综合治理工作")


def test_arabic_heading_whole_line_seed004():
    h = heading_on(parse(seed_text("004")), 10)
    assert (h.rank, h.number, h.text, h.run_in) == (3, 1, "提高政务公开工作制度化标准化水平", False)


def test_run_in_paren_heading_seed001():
    h = heading_on(parse(seed_text("001")), 5)  # "（一）强化统筹谋划。区委、区政府…"
    assert (h.rank, h.text, h.run_in) == (2, "强化统筹谋划", True)


def test_other_forms_synthetic():
    text = "一、主要举措和成效\n（一）依法行政\n1．完善制度\n（1）规范性文件\n①备案审查\n正文内容。\n"
    assert outline(text) == [
        (1, "cn", 1, "主要举措和成效", 1),
        (2, "cn-paren", 1, "依法行政", 2),
        (3, "arabic", 1, "完善制度", 3),
        (4, "arabic-paren", 1, "规范性文件", 4),
        (5, "circled", 1, "备案审查", 5),
    ]
    doc = parse(text)
    assert [h.depth for h in doc.headings] == [0, 1, 2, 3, 4]


def test_ideographic_space_is_indentation():
    doc = parse("\u3000\u3000一、主要举措和成效\n\u3000\u3000正文。\n")
    h = doc.headings[0]
    assert h.text == "主要举措和成效"
    assert doc.position(h.start) == (1, 3)


def test_decimal_number_is_not_a_heading():
    assert outline("1.5万件工单已办结。\n") == []


def test_bookmark_residue_does_not_hide_a_heading_seed004():
    doc = parse(seed_text("004"))
    h = heading_on(doc, 50)
    assert (h.rank, h.number, h.text) == (1, 3, "2021年推进法治政府建设的主要安排")


# ---- bare headings among numbered siblings (domain.md §6) ------------------------------
@pytest.mark.parametrize(
    ("seed", "line", "text"),
    [
        ("000", 8, "加强法治建设，提升法治保障"),
        ("000", 40, "完善公共法律服务体系，推进基层法治建设"),
        ("000", 43, "落实普法责任制，强化法治宣传教育"),
        ("000", 51, "科学民主决策，推进依法行政"),
        ("000", 62, "法治意识有待进一步提升"),
        ("002", 10, "重要工作亲自布置"),
        ("002", 22, "重大纠纷亲自督办"),
        ("002", 31, "积极推动平安建设工作，筑牢辖区内安全底线"),
        ("002", 58, "加强统筹协调力度，力推积案化解"),
        ("002", 61, "紧盯维稳主线，营造稳定的发展环境"),
    ],
)
def test_bare_headings(seed, line, text):
    h = heading_on(parse(seed_text(seed)), line)
    assert (h.style, h.rank, h.text, h.number) == ("bare", 2, text, None)


def test_items_of_a_list_and_document_titles_are_not_bare_headings():
    text = ("一、主要举措和成效\n（一）完善制度体系\n全年出台规范性文件3件，分别是：\n《某某区行政执法公示办法》\n"
            "《某某区重大行政决策程序规定》\n《某某区法律顾问工作规则》\n以上文件均经合法性审核，并按规定报送备案。\n"
            "建立了两项制度：\n重大行政决策合法性审查制度\n行政执法公示制度\n各项制度运行良好，取得了较好的效果。\n"
            "全年修订规范性文件1件，进一步规范了信息公开。\n《某某区政府信息公开办法》\n修订后的办法明确了公开的内容、程序和方式。\n"
            "（二）严格规范执法\n全年开展行政执法检查156次。\n")
    assert [(h.line, h.style) for h in parse(text).headings] == [(1, "cn"), (2, "cn-paren"), (15, "cn-paren")]
    # A lone line after a colon can still be a heading that lost its number.
    lone = "一、主要举措和成效\n主要做法如下：\n加强组织领导\n成立了以主要负责人为组长的领导小组。\n（二）严格规范执法\n正文。\n"
    assert [(h.line, h.style) for h in parse(lone).headings] == [(1, "cn"), (3, "bare"), (5, "cn-paren")]


def test_a_short_sentence_stating_a_figure_is_not_a_bare_heading():
    text = ("一、主要举措和成效\n（一）依法行政\n全年共办理行政复议案件12件。\n"
            "复议案件全部在法定期限内审结，纠错率处于合理区间，群众满意度较高。\n（二）严格执法\n正文。\n")
    assert [h.style for h in parse(text).headings] == ["cn", "cn-paren", "cn-paren"]


def test_the_first_line_under_a_numbered_heading_is_not_its_sibling():
    text = ("一、主要举措和成效\n（一）坚持依法科学民主决策\n严格落实重大行政决策程序。\n"
            "街道全年作出重大行政决策4项，均经过合法性审查和集体讨论决定等程序。\n"
            "（二）深入推进普法工作\n开展八五普法中期评估\n组织开展宪法宣传周、民法典宣传月等主题活动，累计开展活动45场次。\n")
    assert [h.style for h in parse(text).headings] == ["cn", "cn-paren", "cn-paren"]


def test_body_lines_are_not_bare_headings():
    doc = parse(seed_text("004"))
    bare = [h for h in doc.headings if h.style == "bare"]
    assert bare == []  # 004 numbers all its headings
    doc1 = parse(seed_text("001"))
    assert [h for h in doc1.headings if h.style == "bare"] == []


def test_tree_nesting_seed002():
    doc = parse(seed_text("002"))
    top = [(h.number, h.text) for h in doc.top]
    assert top == [(1, "履行第一责任人职责情况"), (2, "主要举措与成效"), (3, "工作中存在的问题"), (4, "下一步工作举措")]
    first = doc.top[0]
    assert [c.text for c in first.children] == ["重要工作亲自布置", "重大问题亲自过问", "重要环节亲自协调", "重大纠纷亲自督办"]
    assert [c.text for c in first.children[0].children] == ["深入谋划部署"]


def test_section_ranges_cover_the_body_seed003():
    doc = parse(seed_text("003"))
    assert [doc.position(h.start)[0] for h in doc.top] == [11, 59, 69, 73]
    assert doc.top[0].end == doc.lines[58].start  # section 一 ends where 二 starts
    assert doc.top[-1].end == doc.body_end  # the last section stops at the signature
    assert doc.position(doc.body_end)[0] == 83


# ---- title, issuer, year, signature ----------------------------------------------------
@pytest.mark.parametrize(
    ("seed", "title", "issuer", "year"),
    [
        ("000", "天津市滨海新区新北街道2023年度法治政府建设情况报告", "天津市滨海新区新北街道", 2023),
        ("001", "滨海新区2023年法治政府建设情况报告", "滨海新区", 2023),
        ("002", "天津市西青区西营门街道办事处2023年度法治政府建设情况报告", "天津市西青区西营门街道办事处", 2023),
        ("003", "天津市滨海新区杭州道街道办事处2023年法治政府建设工作报告", "天津市滨海新区杭州道街道办事处", 2023),
        ("004", "大港街2020年法治政府建设情况报告", "大港街", 2020),
    ],
)
def test_title_issuer_year(seed, title, issuer, year):
    doc = parse(seed_text(seed))
    assert doc.title is not None and doc.title.text == title
    assert (doc.issuer, doc.year, doc.year_source) == (issuer, year, "title")


def test_title_split_over_two_lines_keeps_lines_seed000():
    doc = parse(seed_text("000"))
    assert doc.title_lines == (1, 3)


def test_signature_seed000_and_003():
    for prefix, body, line in (("000", "天津市滨海新区人民政府新北街道办事处", 80), ("003", "滨海新区人民政府杭州道街道办事处", 85)):
        doc = parse(seed_text(prefix))
        sig = doc.signature
        assert sig is not None and sig.body is not None and sig.date_span is not None
        assert sig.body.text == body
        assert str(sig.date) == "2023-11-20"
        assert doc.position(sig.date_span.start)[0] == line


def test_no_signature_seeds_001_002_004():
    for prefix in ("001", "002", "004"):
        assert parse(seed_text(prefix)).signature is None


def test_web_footer_after_the_date_is_trailer_seed003():
    doc = parse(seed_text("003"))
    assert doc.position(doc.trailer_start)[0] == 85
    assert all(h.line < 83 for h in doc.headings)


def test_chinese_numeral_year_and_date():
    doc = parse("某某局二〇二三年度法治政府建设情况报告\n\n一、主要举措和成效\n正文。\n\n某某局\n二〇二四年一月十五日\n")
    assert doc.year == 2023
    assert doc.signature is not None and str(doc.signature.date) == "2024-01-15"


@pytest.mark.parametrize(
    ("issuer", "year", "date"),
    [
        ("某街道", "２０２３", "２０２４年１月１５日"),  # full-width digits (FZ507 reports them)
        ("某局", "二0二三", "二0二四年一月十五日"),  # 0 typed for 〇 (FZ509 reports it)
        ("某局", "二O二三", "二○二四年一月十五日"),  # the letter O, the circle ○
    ],
)
def test_miswritten_year_digits_still_give_the_year_and_the_date(issuer, year, date):
    doc = parse(f"{issuer}{year}年度法治政府建设情况报告\n一、主要举措和成效\n正文。\n{issuer}\n{date}\n")
    assert (doc.year, doc.year_source, doc.issuer) == (2023, "title", issuer)
    assert doc.signature is not None and str(doc.signature.date) == "2024-01-15"


def test_year_unknown_without_title():
    doc = parse("一、主要举措和成效\n今年我们做了很多工作。\n")
    assert doc.title is None and doc.year is None and doc.year_source == "none"


# ---- positions and line endings --------------------------------------------------------
@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"])
def test_positions_with_every_line_ending(nl):
    text = nl.join(["标题2023年度法治政府建设情况报告", "", "一、主要举措和成效", "正文𠮷内容。"]) + nl
    doc = parse(text)
    assert len([ln for ln in doc.lines if not ln.blank]) == 3
    off = text.index("内容")
    assert doc.position(off) == (4, 4)  # 𠮷 is one character (a code point)
    assert doc.offset(4, 4) == off
    assert doc.headings[0].line == 3


def test_sentences_split_on_terminal_punctuation():
    doc = parse("一、主要举措和成效\n第一句。第二句；第三句\n")
    sents = [doc.text[a:b] for a, b in doc.sentences(doc.lines[1].start)]
    assert sents == ["第一句。", "第二句；", "第三句"]


# ---- structure queries ----------------------------------------------------------------
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_headings_between_answers_as_a_scan_does(prefix):
    """``Document.headings_between`` (a bisect, issue 18) against the scan it replaced, on
    every boundary: heading starts, one off them, the ends of the text."""
    doc = parse(seed_text(prefix))
    assert len(doc.headings) > 3
    cuts = sorted({0, len(doc.text)} | {h.start + d for h in doc.headings for d in (-1, 0, 1)})
    for i, start in enumerate(cuts):
        for end in cuts[i::7]:
            want = [h for h in doc.headings if start <= h.start < end]
            assert list(doc.headings_between(start, end)) == want
    assert list(doc.headings_between(len(doc.text), 0)) == []
