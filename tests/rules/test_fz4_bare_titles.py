"""FZ414 (the ``bare_titles`` check): laws, regulations, plans, newspapers and books named
in running text without 《》 — and the bare uses common usage accepts."""

from __future__ import annotations

import pytest

from fzlint.fixes import apply_edits

from ..conftest import lint

HEAD = "某县2021年法治政府建设情况报告\n"


def findings(body: str, code: str = "FZ414"):
    return [d for d in lint(HEAD + body, select=(code,)) if d.code == code]


def matched(body: str) -> list[str]:
    text = HEAD + body
    return [text[d.start : d.end] for d in findings(body)]


def fixed(body: str) -> str:
    return apply_edits(HEAD + body, findings(body))[0][len(HEAD) :]


@pytest.mark.parametrize(
    ("bad", "name", "right"),
    [
        ("组织执法人员学习新修订的行政处罚法。", "行政处罚法", "组织执法人员学习新修订的《行政处罚法》。"),
        ("依据中华人民共和国安全生产法第九十九条作出处罚。", "中华人民共和国安全生产法",
         "依据《中华人民共和国安全生产法》第九十九条作出处罚。"),
        ("全面贯彻政府信息公开条例，主动公开信息3200余条。", "政府信息公开条例",
         "全面贯彻《政府信息公开条例》，主动公开信息3200余条。"),
        ("对照法治政府建设实施纲要（2021－2025年）逐项落实。", "法治政府建设实施纲要（2021－2025年）",
         "对照《法治政府建设实施纲要（2021－2025年）》逐项落实。"),
        ("调解经验被法治日报专题报道。", "法治日报", "调解经验被《法治日报》专题报道。"),
        ("相关做法在贵州日报头版刊发。", "贵州日报", "相关做法在《贵州日报》头版刊发。"),
        ("干部职工集中学习习近平谈治国理政第四卷。", "习近平谈治国理政", "干部职工集中学习《习近平谈治国理政》第四卷。"),
        ("在求是杂志发表署名文章。", "求是", "在《求是》杂志发表署名文章。"),
        ("严格执行行政复议法实施条例。", "行政复议法实施条例", "严格执行《行政复议法实施条例》。"),
        ("开展反有组织犯罪法专题培训2场。", "反有组织犯罪法", "开展《反有组织犯罪法》专题培训2场。"),
    ],
)
def test_a_name_without_book_marks_is_reported_with_a_safe_fix(bad, name, right):
    diags = findings(bad)
    assert [(HEAD + bad)[d.start : d.end] for d in diags] == [name]
    assert diags[0].fix is not None and diags[0].fix.safe
    assert fixed(bad) == right
    assert findings(right) == []  # the twin with 《》


@pytest.mark.parametrize(
    "body",
    [
        # the codes' names bare in campaign and study wording
        "组织开展宪法宣传周活动，举行宪法宣誓仪式。",
        "开展民法典宣传月活动，推动民法典进社区、进家庭。",
        "引导群众学习宪法、尊崇宪法、遵守宪法。",
        "组织学习宪法、民法典、行政许可法等法律法规。",
        # campaign names built on a law's name
        "举办国家安全法宣传周系列活动。",
        # the name continues into another word
        "为企业提供劳动法律咨询服务，开展公司法务培训。",
        "坚持预算法定原则，严格预算执行。",
        "人民日报社记者到街道采访。",
        "推进统计法治建设，加强监察法规学习。",
        # a longer title or a place name may start earlier: the extent is not certain
        "贯彻落实天津市优化营商环境条例。",
        "宣传家庭教育法有关规定。",
        # in 《》 or quotation marks already, or cut by an unbalanced mark (FZ504's)
        "学习《中华人民共和国行政处罚法》和《优化营商环境条例》。",
        "开展“学习行政处罚法、争做守法好公民”主题活动。",
        "学习行政处罚法》等法律。",
        # 求是 is only a magazine next to 杂志/刊发/发表…
        "坚持实事求是，求是务实。",
        # a line that is only a name: a list or a heading, not running text
        "中华人民共和国行政处罚法",
    ],
)
def test_accepted_bare_uses_stay_silent(body):
    assert findings(body) == []


def test_names_already_in_book_marks_are_left_to_fz405():
    body = "学习《中华人民共和国行政处罚罚法》。"
    assert findings(body) == []
    assert [d.code for d in lint(HEAD + body, select=("FZ405",))] == ["FZ405"]


def test_the_law_list_covers_the_national_laws_in_force():
    from fzlint.packs.loader import load_ruleset

    rule = load_ruleset().by_code["FZ414"]
    laws = next(g for g in rule.options["groups"] if g["kind"] == "法律")["titles"]
    assert len(laws) >= 250
    for title in ("中华人民共和国行政处罚法", "中华人民共和国法律援助法", "中华人民共和国反电信网络诈骗法"):
        assert title in laws
    papers = next(g for g in rule.options["groups"] if g["kind"] == "报纸")["titles"]
    # every province's party paper, not one city's
    for p in ("北京日报", "南方日报", "大众日报", "新疆日报", "西藏日报", "黑龙江日报", "海南日报"):
        assert p in papers


def test_it_costs_one_pass_on_a_long_line():
    import time

    line = "依法行政，严格执法，推进法治建设，" * 4000  # ~68 K characters full of 法
    t = time.perf_counter()
    assert findings(line + "学习行政处罚法。") != []
    assert time.perf_counter() - t < 2.0
