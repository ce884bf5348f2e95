"""Typography pack (FZ503–FZ510): must-find and must-not-find cases, one finding per line."""

from __future__ import annotations

import pytest

from fzlint.fixes import apply_edits

from ..conftest import codes, lint

HEAD = "某街道2023年法治政府建设情况报告\n"


def findings(body: str, code: str):
    return [d for d in lint(HEAD + body, select=(code,)) if d.code == code]


def fixed(body: str, code: str) -> str:
    return apply_edits(HEAD + body, findings(body, code))[0][len(HEAD) :]


# ---- FZ503 half-width punctuation -----------------------------------------------------------
def test_fz503_one_finding_per_paragraph_with_one_edit_per_mark():
    body = "2023年,杭州道街坚持依法行政,围绕《纲要(2021-2025年)》推进工作;成效明显:一是…\n"
    (d,) = findings(body, "FZ503")
    assert d.message == "本段有 6 处半角标点（, ( ) ; :），中文文本应使用全角标点"
    assert d.fix is not None and d.fix.safe and len(d.fix.edits) == 6
    assert fixed(body, "FZ503") == "2023年，杭州道街坚持依法行政，围绕《纲要（2021-2025年）》推进工作；成效明显：一是…\n"


@pytest.mark.parametrize(
    "body",
    [
        "时间为2024-03-26 17:24。\n",  # a time
        "共计1,355元。\n",  # a thousands separator
        "网址为http://www.tj.gov.cn，欢迎访问。\n",
        "公式(A+B)/2。\n",
        "（一）规范文明执法，强化监督\n",
    ],
)
def test_fz503_leaves_non_chinese_contexts_alone(body):
    assert findings(body, "FZ503") == []


def test_fz503_skips_heading_markers_but_checks_heading_text():
    body = "一、主要举措\n(一)规范文明执法,强化监督\n正文。\n(二）依法决策\n正文。\n"
    (d,) = findings(body, "FZ503")
    assert d.line == 3 and len(d.fix.edits) == 1  # the comma; `(一)` and `(二）` belong to FZ1
    assert "(一)规范文明执法，强化监督" in fixed(body, "FZ503")


def test_fz503_converts_bracket_pairs_together():
    body = "做好社区戒毒(康复)工作，对(1)类人员（重点)帮扶，引入自由贸易试验区(FTA)模式。\n"
    assert fixed(body, "FZ503") == "做好社区戒毒（康复）工作，对（1）类人员（重点）帮扶，引入自由贸易试验区（FTA）模式。\n"


def test_fz503_takes_the_english_space_after_a_comma_with_it():
    assert fixed("长效机制, 着眼长远。\n", "FZ503") == "长效机制，着眼长远。\n"


def test_fz503_does_not_report_web_boilerplate_lines_that_fz502_deletes():
    body = "发布日期: 2024-03-26 17:24      来源: 杭州道\n正文,内容。\n"
    assert [d.line for d in findings(body, "FZ503")] == [3]


# ---- FZ504 unbalanced pairs ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "message", "col"),
    [
        ("完善了杭州道街“三重一大”决策制度》《议事规则》。\n", "标点不配对：》 没有对应的 《", 18),
        ("组织开展“法治进社区活动。\n", "标点不配对：“ 没有对应的 ”", 5),
        ("做好戒毒（康复工作。\n", "标点不配对：（ 没有对应的 ）", 5),
        ("学习《民法典。\n", "标点不配对：《 没有对应的 》", 3),
    ],
)
def test_fz504_reports_the_unmatched_mark(body, message, col):
    (d,) = findings(body, "FZ504")
    assert d.message == message and d.column == col


@pytest.mark.parametrize(
    "body",
    [
        "学习《关于“谁执法谁普法”的意见》和“《民法典》宣传月”活动（含线上(直播)）。\n",
        "做好戒毒(康复）工作。\n",  # the width is FZ503's; the pair balances
        "一、举措\n(二）依法决策\n正文。\n",  # a heading marker (FZ1)
    ],
)
def test_fz504_balanced_text_is_quiet(body):
    assert findings(body, "FZ504") == []


# ---- FZ505 doubled punctuation ---------------------------------------------------------------
def test_fz505_doubled_punctuation_is_fixed_safely():
    (d,) = findings("完成检查897件，，罚款500元。。\n", "FZ505")[:1]
    assert d.fix is not None and d.fix.safe
    assert fixed("完成检查897件，，罚款500元。。\n", "FZ505") == "完成检查897件，罚款500元。\n"


def test_fz505_ignores_ellipsis_written_with_full_stops():
    assert findings("等等。。。\n", "FZ505") == []


# ---- FZ506 stray spaces ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "shown", "after"),
    [
        ("2023年实施行政处罚 41起。\n", "政处罚 41起", "2023年实施行政处罚41起。\n"),
        ("制作检查记录897  件。\n", "897  件。", "制作检查记录897件。\n"),
        ("制定《普法责任分解表 》。\n", "分解表 》。", "制定《普法责任分解表》。\n"),
        ("培训不少于 40 学时。\n", "不少于 40 学时。", "培训不少于40学时。\n"),  # one number padded: one finding
        ("形成“宣传多样化” 扎实做好工作。\n", "样化” 扎实做", "形成“宣传多样化”扎实做好工作。\n"),
        ("按照《纲要(2021-2025 年)》。\n", "025 年)》", "按照《纲要(2021-2025年)》。\n"),
    ],
)
def test_fz506_finds_stray_spaces(body, shown, after):
    (d,) = findings(body, "FZ506")
    assert d.message == f"多余的空格：“{shown}”"
    assert d.fix is not None and not d.fix.safe  # sometimes a deliberate separator: --unsafe-fixes only
    assert fixed(body, "FZ506") == after


@pytest.mark.parametrize(
    "body",
    [
        "一、举措\n（五）严格公正执法 接受群众监督\n正文内容。\n",  # couplet heading
        "开展“巧手剪风采 法治伴我行”剪纸活动。\n",  # couplet in quotes
        "使用“津调通”APP 进行业务办理。\n",  # Latin-Chinese spacing is a style choice
        "时间为2024-03-26 17:24。\n",
        "第二条　本办法适用于街道。\n",  # quoted article layout
        "    缩进的段落。  \n",
    ],
)
def test_fz506_leaves_deliberate_spacing_alone(body):
    assert findings(body, "FZ506") == []


# ---- FZ507 full-width alphanumerics, FZ509 〇 in Chinese years -----------------------------
def test_fz507_fullwidth_digits_and_letters():
    (d,) = findings("受理信访事项３３５件，通过ＡＰＰ办理。\n", "FZ507")
    assert d.message == "本段有 6 个全角数字或字母（３ ５ Ａ Ｐ），应使用半角"
    assert fixed("受理信访事项３３５件，通过ＡＰＰ办理。\n", "FZ507") == "受理信访事项335件，通过APP办理。\n"


@pytest.mark.parametrize(("body", "after"), [("二0二三年三月", "二〇二三年三月"), ("二零零八年", "二〇〇八年")])
def test_fz509_zero_in_chinese_year(body, after):
    (d,) = findings(body + "\n", "FZ509")
    assert d.fix is not None and d.fix.safe
    assert fixed(body + "\n", "FZ509") == after + "\n"


@pytest.mark.parametrize("body", ["建党100年，2000年，二〇二三年。\n", "零星工作一零年代。\n"])
def test_fz509_arabic_years_and_correct_forms_are_quiet(body):
    assert findings(body, "FZ509") == []


# ---- FZ508 placeholders, FZ510 顿号 between titles --------------------------------------------
@pytest.mark.parametrize(
    "body",
    ["XX街道2023年工作情况。\n", "20XX年完成。\n", "×××同志讲话。\n", "○○社区开展活动。\n", "详见【 】。\n",
     "共（此处填写数字）件。\n"],
)
def test_fz508_placeholders(body):
    assert len(findings(body, "FZ508")) == 1


@pytest.mark.parametrize("body", ["采用XXL型号。\n", "3×4矩阵。\n", "张某某调解成功。\n"])
def test_fz508_not_placeholders(body):
    assert findings(body, "FZ508") == []


def test_fz510_one_finding_per_paragraph_and_an_unsafe_fix():
    body = "学习《民法典》、《公务员法》、《行政处罚法》等；使用“平台”、“津调通”。\n"
    (d,) = findings(body, "FZ510")
    assert d.message == "并列的书名号、引号之间通常不用顿号（本段 3 处）"
    assert not d.fix.safe
    assert fixed(body, "FZ510") == "学习《民法典》《公务员法》《行政处罚法》等；使用“平台”“津调通”。\n"


@pytest.mark.seed
def test_heading_markers_on_the_seeds_are_left_to_the_structure_checks():
    from fzlint.parse import parse

    from ..conftest import SEEDS

    for p in SEEDS:
        text = p.read_text(encoding="utf-8")
        doc = parse(text)
        markers = [(h.start, h.text_start) for h in doc.headings if h.text_start > h.start]
        for d in lint(text, select=("FZ5",)):
            spans = [(e.start, e.end) for e in d.fix.edits] if d.fix else [(d.start, d.end)]
            assert not any(a < y and x < b for a, b in spans for x, y in markers), (p.name, d)


# ---- FZ502 web boilerplate (the pack list) ----------------------------------------------------
@pytest.mark.parametrize(
    "line",
    [
        "当前位置:杭州道街> 政务公开> 最新文件",
        "您所在的位置:政务公开 > 工作报告",
        "首页 > 文章中心 > 正文",
        "发布日期: 2024-03-26 17:24      来源: 杭州道",
        "来源:上海市闵行区人民政府  发布时间:2019年3月1日",
        "文章来源:司法局 更新时间:2021/03/29 11:30:01",
        "今天是:2019年10月31日 星期三 农历十月初七",
        "【字体: 大 中 小】 打印",
        "无障碍 简体| 繁体",
        "浏览次数:",
        "【打印】 【字体:    ",
        "文号: 穗南府办函〔2020〕4号 发布日期: 2020-05-26",
        "发布机构: 某区人民政府办公室 成文日期: 2020-05-21",
        "索 引 号 | 11620300013909010R/2025-48086 | 主题分类 | 金政发 |",
        "主办单位：某区人民政府办公室",
        "津ICP备12345678号-1",
        "  • 扫一扫在手机打开当前页",
        "【打印】【关闭】",
    ],
)
def test_fz502_web_page_lines(line):
    (d,) = findings(line + "\n正文内容，依法行政。\n", "FZ502")
    assert d.line == 2 and d.fix is not None and d.fix.safe


@pytest.mark.parametrize(
    "line",
    [
        "信息来源：区司法局统计，全年共受理行政复议案件16件，均已办结。",
        "首页改版后，政务公开栏目访问量明显上升。",
        "主办单位积极配合开展普法宣传。",
        "编辑出版普法读本3册。",
        "（四）建设集约化政府网站",  # a heading about the unit's own site: --fix would delete it
        "3.规范政务网站",
        "推进全区政府网站",
        "政务公开和政府网站",
    ],
)
def test_fz502_body_sentences_mentioning_the_words_are_not_boilerplate(line):
    assert findings(line + "\n", "FZ502") == []


@pytest.mark.parametrize("line", ["全国各省市政府网站", "天津市各区政府网站", "滨海新区政府系统网站", "重点链接", "友情链接"])
def test_fz502_footer_link_groups(line):
    (d,) = findings("正文内容，依法行政。\n" + line + "\n", "FZ502")
    assert d.line == 3 and d.fix is not None and d.fix.safe


def test_a_space_between_joint_issuers_is_not_stray():
    text = ("某区2023年法治政府建设情况报告\n一、主要举措和成效\n"
            "认真贯彻中共中央办公厅 国务院办公厅印发的《法治政府建设与责任落实督察工作规定》。\n"
            "区委办公室 区政府办公室联合印发实施方案，实施行政处罚 41起。\n")
    found = [d.message for d in lint(text, select=("FZ506",))]
    assert found == ["多余的空格：“政处罚 41起”"]  # the issuers keep their space; the count does not


# ---- typography ------------------------------------------------------------------------------
@pytest.mark.published
@pytest.mark.parametrize("line", [
    "时间：2023-02-28 15:36 浏览量：1",
    "来源：某某街道 点击率：",
    "时间：2018-05-03  浏览次数：",
    "日期： 2023-02-28",
    "- 索 引 号： ab01-2025-00003",
    "- 公文生成日期： 2025-02-07",
    "- 备注/文号： 某委〔2025〕5号",
    "回到",
    "顶部",
    "首页→ 网站公告",
])
def test_web_page_metadata_lines_are_boilerplate_and_not_also_stray_spaces(line):
    text = f"{line}\n某镇2024年法治政府建设情况报告\n2024年，某镇扎实推进依法行政。\n"
    diags = lint(text, select=("FZ502", "FZ506", "FZ503"))
    assert codes(diags) == ["FZ502"] and diags[0].line == 1


@pytest.mark.published
@pytest.mark.parametrize("line", ["时间安排：2023年全年分三个阶段推进", "来源广泛，点击率高的政务新媒体作品获得表彰"])
def test_report_sentences_with_the_same_words_are_not_boilerplate(line):
    assert "FZ502" not in codes(lint(f"某镇2024年法治政府建设情况报告\n{line}。\n", select=("FZ502",)))


@pytest.mark.published
@pytest.mark.parametrize("body, flagged", [
    ("开展法律“六进”、“4·15”全民国家安全教育日等宣传活动。", False),
    ("重点学习了《民法典》、《行政处罚法》等法律法规。", True),
    ("转发“一号建议”、“二号建议”的通知。", True),
    ("使用“人民调解平台”、“调解通”APP办理业务。", True),
    ("印发《工作计划》、《任务清单》《行动方案》。", True),
])
def test_fz510_only_when_the_quoted_part_is_the_whole_item(body, flagged):
    text = "某镇2024年法治政府建设情况报告\n" + body + "\n"
    assert ("FZ510" in codes(lint(text, select=("FZ510",)))) is flagged


@pytest.mark.published
@pytest.mark.parametrize("body, flagged", [
    ("基本级执法资格考试通过率达100%.", True),
    ("学法考试全部完成.下一步继续加强。", True),
    ("1.加强组织领导。", False),
    ("全年罚没款2.5万元。", False),
    ("详见网站www.gov.cn。", False),
    ("附件为方案.docx文件。", False),
])
def test_fz511_half_width_full_stop_closing_a_chinese_sentence(body, flagged):
    text = "某镇2024年法治政府建设情况报告\n" + body + "\n"
    diags = [d for d in lint(text, select=("FZ511",)) if d.code == "FZ511"]
    assert bool(diags) is flagged
    if flagged:
        assert diags[0].fix is not None and diags[0].fix.safe and diags[0].fix.edits[0].content == "。"
