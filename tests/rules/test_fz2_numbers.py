"""FZ2xx: totals and parts, subsets, rates — must-find and must-not-flag cases."""

from __future__ import annotations

import textwrap

import pytest

from fzlint.analysis.numbers import vocab_for
from fzlint.analysis.sentences import analyze
from fzlint.engine import lint_text
from fzlint.packs.config import Settings
from fzlint.packs.loader import load_ruleset
from fzlint.parse import parse

from ..conftest import lint, seed_text

HEAD = "某街道2023年法治政府建设情况报告\n一、主要举措和成效\n"


def fz2(body: str):
    return lint(HEAD + body + "\n", select=("FZ2",))


def found(body: str) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in fz2(body)]


def seed_line(prefix: str, needle: str) -> str:
    return next(ln for ln in seed_text(prefix).splitlines() if needle in ln).strip()


def seed_sentence(prefix: str, needle: str) -> str:
    line = seed_line(prefix, needle)
    return next(x + "。" for x in line.split("。") if needle in x)


def breakdowns(body: str):
    from fzlint.checks.breakdown import find_breakdowns

    doc = parse(HEAD + body + "\n")
    vocab = vocab_for(load_ruleset().settings)
    out = []
    for para in analyze(doc, vocab).paragraphs:
        for i, s in enumerate(para):
            out.extend(find_breakdowns(s, para[i - 1] if i else None, vocab))
    return out


# ---- must find, in the seeds -----------------------------------------------------------


@pytest.mark.seed
def test_seed_000_petitions_do_not_add_up():
    diags = [d for d in lint(seed_text("000"), select=("FZ201",))]
    (d,) = diags
    assert d.message == "其中各项合计330件（269+57+4），与总数335件不符（相差5件）"
    assert d.severity.label == "error"
    assert seed_text("000")[d.start : d.end] == "335件"  # the finding spans the total


@pytest.mark.seed
def test_seed_003_petition_batches_do_not_add_up():
    (d,) = lint(seed_text("003"), select=("FZ201",))
    assert d.message.startswith("所列各项合计1345批次（631批次+318批次+184批次+212件次），与总数1355批次不符（相差10批次）")
    assert "件次与批次按同一种计数相加" in d.message
    assert seed_text("003")[d.start : d.end] == "1355批次"


@pytest.mark.seed
def test_the_two_seed_inconsistencies_are_found_in_their_sentences_alone():
    assert [c for c, _ in found(seed_line("000", "受理群众反映信访事项共335件"))] == ["FZ201"]
    assert "FZ201" in [c for c, _ in found(seed_line("003", "共1355批次"))]


# ---- must not flag, in the seeds (each one a test) ---------------------------------------

CONSISTENT = {
    "002-visits": ("002", "共接待群众223批次1578人次"),
    "002-families": ("002", "共排查出风险家庭91户"),
    "003-lawsuits": ("003", "行政诉讼案件9件"),
    "003-reconsideration": ("003", "行政复议案件 16件"),
    "000-mediation": ("000", "排查矛盾纠纷293起，调解293起，成功率100%"),  # a sentence of the 335 line
    "000-enterprises": ("000", "15家企业落户"),
}


@pytest.mark.seed
@pytest.mark.parametrize("case", sorted(CONSISTENT))
def test_consistent_seed_statements_are_not_flagged(case):
    prefix, needle = CONSISTENT[case]
    line = seed_sentence(prefix, needle) if case == "000-mediation" else seed_line(prefix, needle)
    assert needle in line
    bad = [(c, m) for c, m in found(line) if c in {"FZ201", "FZ202", "FZ203", "FZ204", "FZ207", "FZ208"}]
    assert bad == []


@pytest.mark.seed
@pytest.mark.parametrize(
    ("prefix", "needle", "total", "parts"),
    [
        ("002", "共排查出风险家庭91户", "91户", ["72户", "0", "19户"]),
        ("003", "行政诉讼案件9件", "9件", ["1件", "3件", "4件", "1件"]),
        ("003", "行政复议案件 16件", "16件", ["6件", "3件", "4件", "3件"]),
        ("000", "15家企业落户", "15家", ["5家", "3家", "7家"]),
    ],
)
def test_consistent_breakdowns_are_read_not_missed(prefix, needle, total, parts):
    """Silence must come from checking the sum, not from failing to see the breakdown."""
    (b,) = [b for b in breakdowns(seed_line(prefix, needle)) if b.total.text.strip() == total]
    assert [p.quantity.text if p.quantity else "0" for p in b.parts] == parts
    assert b.whole in {"always", "likely"}
    assert sum(p.value for p in b.parts) == b.total.value


def test_breakdown_in_two_units_checks_each_unit():
    text = "共接待群众223批次1578人次，其中个访145批次215人次，集访78批次1363人次。"
    assert found(text) == []
    assert {b.total.text for b in breakdowns(text)} == {"223批次", "1578人次"}
    assert found(text.replace("1363人次", "1364人次")) == [
        ("FZ201", "其中各项合计1579人次（215+1364），与总数1578人次不符（相差1人次）")]


# ---- FZ201 / FZ202 / FZ203 ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("共受理案件100件，其中行政案件60件、民事案件38件。", "FZ201"),
        ("共受理案件100件，其中行政案件60件、民事案件48件。", "FZ201"),  # more than the total
        ("共计受理案件100件：维持50件，驳回40件；撤回9件。", "FZ201"),  # colon lists: any gap
        ("受理行政复议案件16件：维持6件，驳回3件，终止4件，2件正审理中。", "FZ201"),
        ("共办理政府信息公开申请120件，其中当面申请20件、网络申请80件、信函申请15件，均已按时答复。", "FZ201"),
        ("共受理案件100件，分别为行政案件50件、民事案件30件。", "FZ201"),
        ("全年共办理案件1.5万件，其中行政案件0.8万件、民事案件0.6万件。", "FZ201"),
        ("共受理案件一百件，其中行政案件六十件、民事案件三十五件。", "FZ201"),
        ("共受理１００件，其中行政案件６０件、民事案件３５件。", "FZ201"),
        ("新增市场主体5800户，其中企业1200户、个体工商户4500户，农民专业合作社200户。", "FZ201"),  # no reading adds up
        ("共受理案件100件，其中行政案件60件，民事案件30件，另有其他案件12件。", "FZ201"),  # no reading adds up
        ("共受理案件100件，其中行政案件120件。", "FZ202"),
        ("共受理案件100件，其中行政案件60件、民事案件50件等。", "FZ202"),
        ("全年共开展活动50场，其中法治讲座20场、送法进社区15场。", "FZ203"),
    ],
)
def test_breakdown_findings(body, code):
    assert [c for c, _ in found(body)] == [code]


@pytest.mark.parametrize(
    "body",
    [
        "共受理案件100件，其中行政案件60件、民事案件40件。",
        "共受理案件100件，其中行政案件60件、民事案件40件，办结95件。",  # 办结 is not a part of the 、 list
        "共受理案件100件，其中行政案件30件、民事案件50件等。",  # 等: a partial list may fall short
        "共受理案件100件，其中包括行政案件30件。",  # one example
        "共受理案件100件，其中包括行政案件30件、民事案件50件。",  # examples
        "共受理案件100件，其中办结90件，群众满意80件。",  # nested parts overlap
        "受理来信20件、来访30件，其中重复访15件、初次访20件。",  # which total? unclear
        "共排查矛盾纠纷293起，调解293起，其中成功调解280起、调解中13起。",  # which total? unclear
        "共有12个社区，各社区分别开展活动3场。",
        "共受理案件100余件，其中行政案件60件、民事案件30件。",  # inexact total
        "共受理案件100件，其中行政案件60余件、民事案件30件。",  # inexact part
        "共受理案件100件，其中行政、民事案件各50件。",  # distributive
        "共100件：A 50件；B 40件；C 10件。",
        "共罚款2.5万元，其中个人1.2万元、单位13000元。",
        "共 16 件次(其中环保类 16 件次)。",
        "受理案件9件，占全年的30%，其中行政案件5件、民事案件4件。",
        "全年共办理行政复议案件56件，其中维持原行政行为32件，撤销3件，确认违法2件，终止10件，驳回申请9件。",
        "全区共有人民调解组织468个，人民调解员2000余名，其中专职调解员300名。",
        "共审核规范性文件15件，其中提出修改意见30条。",
        "全年共接听热线电话1.2万个，其中咨询类8000个、投诉类3000个、建议类1000个。",
        "处理群众来信来访156件次，其中来信89件次，来访67批次。",
        "共开展执法检查1200余次，查处违法行为56起，其中简易程序45起、普通程序11起。",
        "共收到群众来信30封，其中已回复28封，正在处理2封。",
        "共有网格员120名，分别为专职网格员80名、兼职网格员40名。",
        "受理行政复议案件584件，办结448件，其中维持300件、撤销48件、驳回100件。",  # 其中 of which count?
        "共收到群众来信30封，其中已回复28封、等待答复2封。",
        "新增市场主体5800户，其中企业1200户、个体工商户4500户，农民专业合作社100户。",  # 、 then ，: one list
        "全街共有社区12个，其中：老旧小区8个，新建小区4个，另有村改居社区2个。",  # 另有: beyond the total
        "共受理案件100件，其中行政案件60件，民事案件30件，另有其他案件10件。",  # …or within it
    ],
)
def test_breakdowns_not_flagged(body):
    assert [c for c, _ in found(body) if c in {"FZ201", "FZ202", "FZ203"}] == []


def test_a_sentence_that_opens_with_qizhong_refers_to_the_previous_total():
    assert [c for c, _ in found("共排查出风险家庭91户。其中，一类家庭72户、二类家庭无、三类家庭18户。")] == ["FZ201"]


def test_breakdown_message_shows_the_arithmetic_and_spans_the_total():
    body = "共受理案件335件，其中行政案件269件，民事案件57件，刑事案件4件，回复率100%。"
    (d,) = fz2(body)
    assert d.message == "其中各项合计330件（269+57+4），与总数335件不符（相差5件）"
    assert (HEAD + body)[d.start : d.end] == "335件"
    assert d.suggestion and "其他" in d.suggestion


def test_parts_exceeding_message():
    assert found("共受理案件100件，其中行政案件120件。") == [("FZ202", "行政案件120件超过总数100件（多20件）")]
    assert found("共受理案件100件，其中行政案件60件、民事案件50件等。") == [
        ("FZ202", "各项合计110件超过总数100件（多10件）")]
    assert found("共受理案件100件，其中行政案件120件等。") == [("FZ202", "行政案件120件超过总数100件（多20件）")]


def test_partial_list_is_only_info():
    (d,) = fz2("全年共开展活动50场，其中法治讲座20场、送法进社区15场。")
    assert d.severity.label == "info"
    assert d.message == "其中各项合计35场（20+15），比总数50场少15场（30.0%）"


# ---- FZ204 / FZ205 / FZ206: subsets ------------------------------------------------------


def test_subset_exceeds_with_hint():
    (d,) = fz2("受理行政复议案件400件，办结448件。")
    assert (d.code, d.message) == ("FZ204", "“办结”448件多于“受理行政复议案件”400件（多48件）")
    assert d.suggestion and "上年结转" in d.suggestion
    assert (HEAD + "受理行政复议案件400件，办结448件。")[d.start : d.end] == "448件"


@pytest.mark.parametrize(
    "body",
    ["调解纠纷50起，成功调解60起。", "共排查矛盾纠纷40起，化解矛盾纠纷45起。", "受理信息公开申请10件，答复12件。"],
)
def test_subset_pairs(body):
    assert [c for c, _ in found(body)] == ["FZ204"]


@pytest.mark.parametrize(
    "body",
    [
        "受理行政复议案件400件，办结448件（含上年结转60件）。",
        "受理行政复议案件584件，办结448件，其余136件正在办理中。",
        "调解纠纷50起，成功调解50起。",
        "受理案件100件；另办结往年积案120件。",
        "受理案件100件，办结120件次。",  # different kinds of count
    ],
)
def test_subsets_not_flagged(body):
    assert [c for c, _ in found(body) if c in {"FZ204", "FZ206"}] == []


def test_handled_exceeds_received_is_info():
    (d,) = fz2("办理举报投诉13起现场处理投诉16起，处罚8起。")
    assert (d.code, d.severity.label) == ("FZ205", "info")
    assert d.message == "“现场处理投诉”16起多于“办理举报投诉”13起（多3起），需要说明"


def test_handled_and_received_must_be_about_one_thing():
    assert found("接到报警30起，处置突发事件32起。") == []
    assert [c for c, _ in found("受理群众投诉100件，处理群众投诉120件。")] == ["FZ205"]


def test_unexplained_backlog_is_info():
    (d,) = fz2("2023年受理行政复议案件584件，办结448件；行政应诉案件201件。")
    assert (d.code, d.severity.label) == ("FZ206", "info")
    assert "尚有136件（23.3%）未说明办理情况" in d.message


@pytest.mark.parametrize(
    "body",
    [
        "受理行政复议案件584件，办结448件。其余136件在法定期限内办理中。",
        "受理行政复议案件100件，办结98件。",  # a small gap
        "受理案件16件：维持6件，驳回3件，终止4件，3件正审理中。",
    ],
)
def test_backlog_not_flagged(body):
    assert [c for c, _ in found(body) if c == "FZ206"] == []


# ---- FZ207 / FZ208: rates ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "computed"),
    [
        ("受理100件，办结90件，办结率95%。", "90.0%"),
        ("受理3件，办结2件，办结率100%。", "66.7%"),
        ("调解纠纷200起，成功调解150起，调解成功率80%。", "75.0%"),
        ("受理3件，办结2件，办结率66.6%。", None),  # truncation is accepted
    ],
)
def test_rate_against_counts(body, computed):
    got = [m for c, m in found(body) if c == "FZ207"]
    if computed is None:
        assert got == []
    else:
        (m,) = got
        assert m.endswith(f"（按数量计算为{computed}）")


@pytest.mark.parametrize(
    "body",
    [
        "受理3件，办结2件，办结率67%。",
        "受理3件，办结2件，办结率66.7%。",
        "受理100件，办结100件，办结率100%。",
        "共排查矛盾纠纷293起，调解293起，成功率100%。",  # the numerator is not given
        "受理行政诉讼案件30件，审结25件，败诉2件，败诉率8%。",  # 2/25: one denominator agrees
        "共排查各类矛盾纠纷352件，化解346件，化解率98.3%。",
        "共排查各类矛盾纠纷352件，化解346件，化解率98%。",
    ],
)
def test_rates_that_agree(body):
    assert [c for c, _ in found(body) if c == "FZ207"] == []


@pytest.mark.parametrize(
    "body",
    [
        "受理0.00000000000001件，办结999999999999999亿件，办结率50.0000000000000%。",  # 1e39 % at 13 decimals
        "受理1件，办结" + "9" * 40 + "件，办结率50%。",  # not a count: no reading, no arithmetic
    ],
)
def test_huge_counts_and_long_rates_raise_nothing(body):
    from fzlint.engine import lint_document

    settings = Settings(select=("FZ2",))
    diags, errors = lint_document(parse(HEAD + body + "\n"), settings.ruleset(), settings)
    assert errors == []
    assert [d.code for d in diags if d.code == "FZ207"] == (["FZ207"] if "亿" in body else [])


def test_rate_over_100():
    assert found("群众满意率105%。") == [("FZ208", "“群众满意率105%”：比率超过100%")]
    for body in ["同比增长150%。", "年度目标完成率120%。", "满意率不超过100%。", "较上年提高120%。"]:
        assert [c for c, _ in found(body) if c == "FZ208"] == []


def test_a_list_of_rates_is_not_checked_rate_by_rate():
    # Which value is which rate is not known after 分别 (pack: list_words).
    body = "受理100件，办结90件，答复90件，办结率、回复率分别为90%、100%，满意率、参与率分别为105%、98%。"
    assert [c for c, _ in found(body) if c in {"FZ207", "FZ208"}] == []
    assert [c for c, _ in found("受理100件，办结90件，办结率100%，满意率105%。") if c in {"FZ207", "FZ208"}] == [
        "FZ207", "FZ208"]


def test_a_bound_rule_needs_its_rate_pattern(tmp_path):
    from fzlint.errors import PackError

    pack = tmp_path / "mine.yaml"
    pack.write_text("pack: 本单位\nrules:\n  - {code: XQ208, name: over, check: rate, relation: bound, "
                    "severity: error, message: '{rate}'}\n", encoding="utf-8")
    with pytest.raises(PackError, match="rate_pattern"):
        load_ruleset([pack], builtin=False)


# ---- FZ209 / FZ210 -----------------------------------------------------------------------


def test_restated_count():
    body = "全年受理行政复议案件584件。\n二、其他\n全年受理行政复议案件548件。"
    (d,) = [d for d in fz2(body) if d.code == "FZ209"]
    assert d.message == "“全年受理行政复议案件”在第 3 行为584件，此处为548件"
    assert d.line == 5


@pytest.mark.parametrize(
    "body",
    [
        "2022年受理行政复议案件500件。2023年受理行政复议案件584件。",  # different years
        "全年受理行政复议案件584件。全年受理行政复议案件584件。",  # same value
        "罚款650元。罚款24879.5元。",  # a short label is not a metric
        # parts of different totals: the year is on the total, not on the part
        "2022年共受理行政复议案件100件，其中行政处罚类案件60件、行政许可类案件40件。"
        "2023年共受理行政复议案件120件，其中行政处罚类案件70件、行政许可类案件50件。",
        "街道共有社区12个，其中老旧小区社区8个。镇共有村15个，其中老旧小区社区3个。",
        # a scope that opens the clause: a different year, half-year, level
        "2022年，受理行政复议案件500件；2023年，受理行政复议案件584件。",
        "上半年，办理法律援助案件30件。下半年，办理法律援助案件45件。",
        "区级层面，开展执法检查120次。街道层面，开展执法检查80次。",
    ],
)
def test_restated_not_flagged(body):
    assert [c for c, _ in found(body) if c == "FZ209"] == []


def test_the_same_scope_restated_differently():
    body = "全年，受理行政复议案件584件。\n二、其他\n全年，受理行政复议案件548件，办结500件。"
    assert [m for c, m in found(body) if c == "FZ209"] == ["“受理行政复议案件”在第 3 行为584件，此处为548件"]


def test_a_part_of_the_same_total_restated_differently():
    body = "全年共受理行政复议案件100件，其中行政处罚类案件60件。\n二、其他\n全年共受理行政复议案件100件，其中行政处罚类案件65件。"
    assert [m for c, m in found(body) if c == "FZ209"] == ["“其中行政处罚类案件”在第 3 行为60件，此处为65件"]


def test_targets_in_the_plans_are_not_restated_counts():
    body = "全年开展普法宣传活动120场。\n二、2024年工作安排\n全年开展普法宣传活动150场。"
    assert [c for c, _ in found(body) if c == "FZ209"] == []
    assert [c for c, _ in found(body.replace("二、2024年工作安排", "二、其他")) if c == "FZ209"] == ["FZ209"]


def test_approximation_after_exact_number():
    assert found("接待居民来访631批次996余人次。") == [
        ("FZ210", "“996余人次”：“余”“多”表示约数，应跟在整十、整百等整数后面")]
    for body in ["新增市场主体1100余家。", "共用款26万余元。", "开展活动10余次。", "参与群众5余人。"]:
        assert [c for c, _ in found(body) if c == "FZ210"] == []


@pytest.mark.parametrize(("body", "exact"), [("接待居民来访631批次996余人次。", "（996人次）"),
                                             ("参与群众二十三余人。", "（二十三人）"), ("来访９９６多人次。", "（９９６人次）")])
def test_approximation_suggests_the_number_as_written_without_the_mark(body, exact):
    (d,) = [d for d in fz2(body) if d.code == "FZ210"]
    assert d.suggestion is not None and d.suggestion.startswith(f"确切数字请去掉“余”“多”{exact}")


# ---- seeds, extension, performance -------------------------------------------------------


@pytest.mark.seed
@pytest.mark.parametrize("prefix", ["002", "004"])
def test_seeds_without_number_defects(prefix):
    assert lint(seed_text(prefix), select=("FZ2",)) == []


def test_user_pack_adds_a_subset_pair_and_a_unit(tmp_path):
    pack = tmp_path / "mine.yaml"
    pack.write_text(textwrap.dedent("""\
        pack: 本单位
        settings:
          numbers+本单位:
            units: [[株, 棵]]
        rules:
          - code: XQ201
            name: planted-survived
            check: subset
            relation: exceeds
            severity: warning
            message: "“{sub_label}”{sub}多于“{sup_label}”{sup}"
            pairs:
              - {sub: [成活], sup: [种植]}
        """), encoding="utf-8")
    text = HEAD + "种植树木100株，成活120棵。共种树10株，其中杨树6株、柳树5棵。\n"
    assert lint_text(text, "x.txt", Settings(select=("FZ2",))) == []  # 株 is not a built-in unit
    settings = Settings(rule_packs=(str(pack),), select=("XQ201", "FZ201"))
    diags = lint_text(text, "x.txt", settings)
    assert [(d.code, d.message) for d in diags] == [
        ("XQ201", "“成活”120棵多于“种植树木”100株"),
        ("FZ201", "其中各项合计11株（6株+5棵），与总数10株不符（相差1株）；棵与株按同一种计数相加"),
    ]


@pytest.mark.seed
def test_one_reading_per_document_is_shared_by_the_rules(monkeypatch):
    import fzlint.analysis.numbers as numbers

    calls = []
    real = numbers.Reader.scan
    monkeypatch.setattr(numbers.Reader, "scan", lambda self, text, *a: calls.append(1) or real(self, text, *a))
    text = seed_text("000")
    lint(text, select=("FZ2",))
    doc = parse(text)
    assert len(calls) == len(list(doc.paragraphs(doc.body_start, doc.body_end)))  # not once per rule


# ---- the parts' kind picks the total when an amount stands between -------------------------
@pytest.mark.parametrize("body", [
    "全年共查处各类违法案件1536件，同比增长8.3%，罚没款合计3215.6万元。其中，食品安全案件632件，药品案件215件，"
    "价格违法案件187件，其他案件511件。",
    "全年共查处各类违法案件1536件，罚没款3215.6万元，其中食品安全案件632件，药品案件215件，价格违法案件187件，"
    "其他案件511件。",
])
def test_a_breakdown_after_an_amount_of_money_is_checked_against_the_count_before_it(body):
    assert found(body) == [("FZ201", "其中各项合计1545件（632+215+187+511），与总数1536件不符（相差9件）")]
    assert found(body.replace("632件", "623件")) == []  # 623+215+187+511 = 1536


@pytest.mark.parametrize("body", [
    # two counts of the kind before the amount: which one the parts break down is not clear
    "受理案件1536件，办结1490件，罚没款3215.6万元，其中食品安全案件632件，药品案件215件，价格违法案件187件。",
    # an approximate count is never a total to check against
    "查处案件1500余件，罚没款3215.6万元，其中食品安全案件632件，药品案件215件，价格违法案件187件。",
])
def test_no_earlier_total_is_guessed_when_it_is_not_clear(body):
    assert found(body) == []
