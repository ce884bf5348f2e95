"""FZ411 (words that only context decides) and FZ412 (classic misspellings): each defect
with a correct twin that must stay silent.  Sentences written for these tests."""

from __future__ import annotations

import pytest

from fzlint.fixes import apply_edits

from ..conftest import lint

HEAD = "某镇2022年法治政府建设情况报告\n"


def found(body: str, code: str) -> list[tuple[str, str]]:
    """(matched text, suggested replacement) of ``code``'s findings in ``body``."""
    text = HEAD + body
    out = []
    for d in lint(text, select=(code,)):
        if d.code == code:
            out.append((text[d.start : d.end], apply_edits(text, [d])[0][len(HEAD) :]
                        if d.fix else ""))
    return out


def matched(body: str, code: str) -> list[str]:
    return [m for m, _ in found(body, code)]


# ---- FZ411: the defect, its fix, and a correct twin -------------------------------------
CASES = [
    # 纪录 / 记录
    ("本年度调解成功率创下近五年最高记录。", "记录", "创下近五年最高纪录",
     "严格落实执法全过程记录制度，配备执法记录仪42台。"),
    ("全镇农产品线上销售额刷新了历史记录。", "刷新了历史记录", "刷新了历史纪录",
     "及时调阅历史记录，核对当事人陈述。"),
    ("接待群众来访量再创新高，打破去年记录。", "", "", "创新执法记录方式，推行音像记录。"),
    # 权利 / 权力
    ("切实保障企业的合法权力不受侵害。", "合法权力", "合法权利", "依法行使法律赋予的权力，保障企业合法权利。"),
    ("以公开促规范，防止权利寻租。", "权利", "权力寻租", "引导群众依法维护自身权利。"),
    ("告知当事人依法享有的权力和义务。", "权力", "权利和义务", "告知当事人依法享有的权利和义务。"),
    # 反映 / 反应
    ("完善突发事件应急反映机制。", "应急反映", "应急反应机制", "畅通群众反映诉求渠道，及时反映基层情况。"),
    ("调查报告客观反应了辖区营商环境现状。", "客观反应", "客观反映了", "监测站对化学品泄漏反应迅速。"),
    # 截至 / 截止
    ("申报截至日期为每年3月31日。", "截至", "截止日期", "截至3月31日，共受理申报46件。"),
    ("截止去年底，全镇建成法治文化阵地18处。", "截止", "截至去年底", "报名于5月20日截止。"),
    # 作出 / 做出
    ("对违法行为人依法做出行政处罚决定。", "做出", "依法作出行政处罚决定", "为乡村振兴做出了积极贡献。"),
    # 必须 / 必需
    ("重大行政决策必需经过合法性审查。", "必需", "必须经过", "储备防汛必需物资一批。"),
    ("及时发放生活必须品。", "必须品", "生活必需品", "执法人员必须持证上岗。"),
    # 制定 / 制订 / 修订 / 订立
    ("镇政府不得自行制订涉及群众权利义务的规范性文件。", "制订", "制定涉及",
     "制订年度普法工作计划，制定行政规范性文件管理办法。"),
    ("完成权责清单修定工作。", "修定", "修订工作", "开展住宅装修定制服务质量抽查。"),
    ("依法定立劳动合同。", "定立", "订立劳动合同", "依法订立劳动合同。"),
    # 检察 / 检查
    ("与县人民检查院建立行政执法与刑事司法衔接机制。", "检查院", "人民检察院",
     "会同县人民检察院开展安全生产检查。"),
]


@pytest.mark.parametrize(("bad", "wrong", "right", "twin"), CASES)
def test_fz411_reports_the_word_context_decides_and_keeps_its_twin_silent(bad, wrong, right, twin):
    hits = found(bad, "FZ411")
    if not wrong:  # 打破去年记录 is the record sense too; the twin 创新…记录方式 must stay silent
        assert [m for m, _ in hits] and all("纪录" in fixed for _, fixed in hits)
    else:
        assert len(hits) == 1 and wrong in hits[0][0], hits
        assert right in hits[0][1]
    assert matched(twin, "FZ411") == []


def test_fz411_does_not_repeat_what_fz402_reports():
    body = "规范行政权利运行，截止目前办结案件31件。"
    fz402 = matched(body, "FZ402")
    assert fz402  # the older rule owns these two
    assert matched(body, "FZ411") == []


# ---- FZ412: classic misspellings ------------------------------------------------------------
@pytest.mark.parametrize(
    ("bad", "wrong", "twin"),
    [
        ("干部队伍踔励奋发、勇毅前行。", "踔励奋发", "干部队伍踔厉奋发、勇毅前行。"),
        ("推进法规汇编编篡工作。", "编篡", "推进法规汇编编纂工作。"),
        ("矛盾纠纷化解成效毋容置疑。", "毋容置疑", "矛盾纠纷化解成效毋庸置疑。"),
        ("这是全镇惟一一家法律服务所。", "惟一", "这是全镇唯一一家法律服务所。"),
        ("社会组织成份复杂。", "成份", "社会组织成分复杂。"),
        ("向上级交待问题。", "交待", "向上级交代问题。"),
        ("调取执法录象资料。", "录象", "调取执法录像资料，记录相关情况。"),
        ("砥励前行，再创佳绩。", "砥励", "砥砺前行，再创佳绩。"),
        ("励行节约，反对浪费。", "励行", "厉行节约，反对浪费，励精图治。"),
        ("感谢各部门鼎立支持。", "鼎立", "感谢各部门鼎力支持，形成三足鼎立之势。"),
    ],
)
def test_fz412_classic_misspellings(bad, wrong, twin):
    assert matched(bad, "FZ412") == [wrong]
    assert matched(twin, "FZ412") == []


def test_fz411_leaves_the_reporting_sense_of_fanying_and_plans_alone():
    assert matched("群众反映及时，问题反映很快得到解决。", "FZ411") == []
    assert matched("制订《2024年普法工作计划》，规范性文件按程序报备。", "FZ411") == []


def test_fz412_names_what_kind_of_slip_it_is():
    diags = [d for d in lint(HEAD + "社会组织成份复杂，成效毋容置疑。", select=("FZ412",)) if d.code == "FZ412"]
    assert [d.message.split("：")[0] for d in diags] == ["非推荐异形词（《第一批异形词整理表》）", "常见别字"]


@pytest.mark.parametrize(
    "body",
    [
        "面对严峻工作形势，按时提交待审核材料。",
        "全年完成份额内的任务，构成份额比例合理。",
        "新建一座落成于2023年的法治公园，立即然后组织验收。",
        "发展特色采摘产业，牢记念兹在兹的嘱托。",
    ],
)
def test_fz412_two_words_side_by_side_are_not_a_misspelling(body):
    assert matched(body, "FZ412") == []


def test_fz412_is_not_triggered_by_a_word_boundary_inside_another_word():
    # 录相 inside 记录相关; 修定 inside 装修定制 (FZ411)
    assert matched("及时记录相关情况，做好装修定制合同备案。", "FZ412") == []
    assert matched("及时记录相关情况，做好装修定制合同备案。", "FZ411") == []


def test_every_fz411_and_fz412_entry_has_a_public_source():
    from fzlint.packs.loader import load_ruleset

    rs = load_ruleset()
    for code in ("FZ411", "FZ412"):
        src = rs.by_code[code].source
        assert "现代汉语词典" in src
        assert "domain.md" not in src and "seed" not in src
