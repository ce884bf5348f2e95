"""Terminology pack (FZ4xx): must-find and must-not-find cases, fixes and their safety."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fzlint.fixes import apply_edits

from ..conftest import ROOT, codes, lint

HEAD = "某街道2023年法治政府建设情况报告\n"


def findings(body: str, code: str, year: int | None = None):
    return [d for d in lint(HEAD + body, select=(code,), year=year) if d.code == code]


def matched(body: str, code: str, year: int | None = None) -> list[str]:
    text = HEAD + body
    return [text[d.start : d.end] for d in findings(body, code, year)]


def fixed(body: str, code: str, year: int | None = None) -> str:
    diags = findings(body, code, year)
    return apply_edits(HEAD + body, diags)[0][len(HEAD) :]


# ---- FZ401 法治 vs 法制 -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "wrong"),
    [
        ("党政主要负责人履行推进法制建设第一责任人职责。", "法制建设"),
        ("（四）加强法制宣传教育工作", "法制宣传教育"),
        ("把法制观念和素质作为衡量干部德才的重要标准。", "法制观念"),
        ("通过张贴海报、法制课堂等形式开展宣传。", "法制课堂"),
        ("针对执法部门进行单独的依法行政法制培训。", "法制培训"),
        ("推动网络监督规范化、法制化。", "法制化"),
        ("深入学习习近平法制思想。", "法制思想"),
        ("创建民主法制示范村。", "法制示范"),
        ("提升领导干部法制思维和依法行政能力。", "法制思维"),
        ("加强社会主义法制建设。", "法制建设"),
    ],
)
def test_fz401_finds_fazhi_written_with_zhi(body, wrong):
    assert matched(body, "FZ401") == [wrong]
    assert "法治" + wrong[2:] in fixed(body, "FZ401")


@pytest.mark.parametrize(
    "body",
    [
        "依法制定规范性文件，依法制止违法行为。",
        "健全执法制度，深化司法制度改革，完善立法制度。",
        "各部门依法制发文件，确保合法制定和执行规范性文件。",
        "执行学法制度，落实普法制度。",
        "落实重大执法决定法制审核制度，配齐法制审核人员。",
        "各街镇没有专门的内设法制机构负责法治建设工作。",
        "全国人大常委会法制工作委员会来调研。",
        "维护社会主义法制的统一和尊严。",
        "合同交法制办审查。",
        "在《法制日报》刊发经验做法。",
        "召开“六五”普法总结大会，回顾法制宣传教育成效。",
        "印发《关于开展法制宣传教育的第六个五年规划》。",
    ],
)
def test_fz401_leaves_legitimate_fazhi_alone(body):
    assert findings(body, "FZ401") == []


def test_segmentation_keeps_fazhi_inside_other_words_out(tmp_path):
    """With a pattern as broad as bare 法制, only the segmenter tells 依法/制定 from 法制."""
    from fzlint.engine import lint_text
    from fzlint.packs.config import Settings

    pack = tmp_path / "broad.yaml"
    pack.write_text(
        "pack: broad\nrules:\n  - code: XQ401\n    name: bare-fazhi\n    check: substitution\n"
        "    severity: info\n    message: '{match}'\n    segment: unit\n    swap: [{wrong: 法制, right: 法治}]\n",
        encoding="utf-8",
    )
    text = HEAD + "依法制定文件，依法制止违法，健全执法制度，深化司法制度改革，依法制裁；推进法制建设，创建民主法制示范村。\n"
    diags = lint_text(text, "r.txt", Settings(select=("XQ401",), rule_packs=(str(pack),)))
    found = [text[d.start - 2 : d.end + 2] for d in diags]
    assert found == ["推进法制建设", "民主法制示范"]


def test_fz401_wording_before_2016_is_not_reported():
    body = "加强法制宣传教育工作。"
    assert findings(body, "FZ401", year=2015) == []
    assert matched(body, "FZ401", year=2016) == ["法制宣传教育"]


def test_fz401_fix_is_safe_and_replaces_only_the_phrase():
    (d,) = findings("将法制建设工作作为重要述职内容。", "FZ401")
    assert d.fix is not None and d.fix.safe
    assert fixed("将法制建设工作作为重要述职内容。", "FZ401") == "将法治建设工作作为重要述职内容。"


def test_segmenter_loads_only_when_a_candidate_survives_the_prefilter_and_whitelist():
    script = (
        "import sys\n"
        "from fzlint.packs.config import Settings\n"
        "from fzlint.engine import lint_text\n"
        "s = Settings(select=('FZ4',))\n"
        "lint_text('某街道2023年法治政府建设情况报告\\n落实法制审核制度，依法制定文件。\\n', 'a.txt', s)\n"
        "loaded = lambda: 'jieba' in sys.modules or 'rjieba' in sys.modules\n"
        "print(loaded(), end=' ')\n"
        "lint_text('某街道2023年法治政府建设情况报告\\n推进法制建设。\\n', 'b.txt', s)\n"
        "print(loaded())\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


# ---- FZ402 typos and confusables --------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "wrong", "right"),
    [
        ("严格履行公众参与、专家论证，风险评估、和发行审核、集体讨论决定的程序。", "和发行审核", "合法性审查"),
        ("对行政规范性文件进行和法性审核。", "和法性审核", "合法性审核"),
        ("在相同条件下要有限提拔使用法治素养好的干部。", "有限提拔", "优先提拔"),
        ("社区居民对改造方案提出不同一件的，由街道负责解释。", "不同一件", "不同意见"),
        ("草案公开征求一件，共收到建议12条。", "一件", "意见"),
        ("区里成立了矛盾纠纷多元化解协调解领导小组。", "协调解", "协调"),
        ("对政策措施是时候未达到预期目标的及时调整。", "是时候", "实施后"),
        ("对涉及劳动的纠纷案件主动调节并及时妥善予以化解。", "主动调节", "主动调解"),
        ("按照法治政府建设与责任落实督查工作规定的要求。", "督查工作规定", "督察工作规定"),
        ("截止目前，综合执法大队取得执法证人员23人。", "截止", "截至"),
        ("截止2023年底，共收到举报16件。", "截止", "截至"),
        ("要作好人民群众的法治宣传教育。", "作好", "做好"),
        ("由处级领导实行包报工作制。", "包报", "包保"),
        ("规范行政权利运行。", "行政权利", "行政权力"),
        ("全面推行权利清单和责任清单制度。", "权利", "权力"),
        ("周密布署各项工作。", "布署", "部署"),
    ],
)
def test_fz402_finds_typos(body, wrong, right):
    (d,) = findings(body, "FZ402")
    assert (HEAD + body)[d.start : d.end] == wrong
    assert f"应为“{right}”" in d.message
    assert d.fix is not None and not d.fix.safe  # meaning changes: --unsafe-fixes only


@pytest.mark.parametrize(
    "body",
    [
        "发挥税收调节作用，主动调节经济运行。",  # 调节 without a dispute in the sentence
        "负责股票承销和发行审核工作。",  # securities, not the decision procedure
        "合法性审核率达到100%。",
        "申报时间截止2024年3月31日。",
        "明确申报截止日期。",
        "提前作好准备。",
        "确保各项工作好落实。",
        "尊重公民权利，保障合法权利。",
        "截至目前，共排查信访隐患46起。",
        "社区居民对改造方案提出不同意见的，由街道负责解释。",  # the twins of the 一件 typos
        "草案公开征求意见，共收到建议12条。",
        "他提出一件提案。",  # 一件 counting a thing
        "区里成立了矛盾纠纷多元化解协调领导小组，协调解决重大纠纷。",
        "对政策措施实施后未达到预期目标的及时调整。",
        "现在是时候未雨绸缪了。",  # 是时候 in its own sense
    ],
)
def test_fz402_context_keeps_correct_text_quiet(body):
    assert findings(body, "FZ402") == []


def test_fz402_skips_titles_which_fz405_checks():
    body = "根据《法治政府建设与责任落实督查工作规定》开展督察。"
    assert findings(body, "FZ402") == []
    assert codes(lint(HEAD + body, select=("FZ4",))) == ["FZ405"]


# ---- FZ403 fixed political and legal phrases -------------------------------------------
FOUR = "二、第一责任人职责\n坚持“四个亲自”。\n{}\n"


@pytest.mark.parametrize(
    ("clause", "right"),
    [
        ("重要工作亲自布置", "重要工作亲自部署"),
        ("重要环节亲自协调", "重点环节亲自协调"),
        ("重大纠纷亲自督办", "重要任务亲自督办"),
        ("重要案件亲自督办", "重要任务亲自督办"),
        ("重要问题亲自过问", "重大问题亲自过问"),
    ],
)
def test_fz403_four_personal_duties(clause, right):
    (d,) = findings(FOUR.format(clause), "FZ403")
    assert d.message == f"固定提法不规范：“{clause}”应为“{right}”"


def test_fz403_four_duties_need_context():
    assert findings(FOUR.format("重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要任务亲自督办。"), "FZ403") == []
    # a lone clause outside a 四个亲自 enumeration is someone's own sentence, not the fixed formula
    assert findings("一、主要举措\n对重大案件亲自督办，确保依法处理。\n", "FZ403") == []


@pytest.mark.parametrize(
    ("body", "wrong"),
    [
        ("保证全街工作在法治思想统领下推进。", "法治思想"),
        ("以新时代法治思想武装头脑。", "新时代法治思想"),
        ("落实中央全面依法治国会议精神。", "中央全面依法治国会议"),
        ("注重运用法治思维和法治意识推动解决问题。", "法治思维和法治意识"),
        ("党政主要负责人作为推进法治政府第一责任人。", "推进法治政府第一责任人"),
        ("落实党政主要负责人履行推进法治政府建设第一责任职责制度。", "推进法治政府建设第一责任"),
        ("履行公众参与、专家论证、风险评估、合法性审核、集体讨论决定等程序。", "合法性审核"),
    ],
)
def test_fz403_finds_wrong_forms(body, wrong):
    assert matched(body, "FZ403") == [wrong]


@pytest.mark.parametrize(
    "body",
    [
        "深入学习贯彻习近平法治思想。",
        "学习习近平总书记法治思想。",
        "召开中央全面依法治国委员会会议。",
        "运用法治思维和法治方式深化改革。",
        "扎实开展文件合法性审核和行政规范性文件备案审查工作。",
        "增强干部法治思想观念。",
        "切实有效地提高广大党员的法治意识和法治思想。",  # the generic sense, paired with 法治意识
        "树立法治思想，养成守法习惯。",
    ],
)
def test_fz403_correct_forms_are_quiet(body):
    assert findings(body, "FZ403") == []


def test_fz403_bare_fazhi_sixiang_only_after_the_2020_meeting():
    assert findings("加强法治思想宣传。", "FZ403", year=2019) == []
    assert matched("加强法治思想宣传。", "FZ403", year=2020) == ["法治思想"]


# ---- FZ404 near-miss spellings: what the threshold catches and misses ------------------
@pytest.mark.parametrize(
    ("body", "wrong", "right"),
    [
        ("落实“谁执法谁谱法”普法责任制。", "谁执法谁谱法", "谁执法谁普法"),  # one substitution
        ("发扬新时代“风桥经验”。", "风桥经验", "枫桥经验"),
        ("严格执行三重一打议事规则。", "三重一打", "三重一大"),
        ("培养法律明人200名。", "法律明人", "法律明白人"),  # one deletion
        ("落实谁执法谁来普法责任制。", "谁执法谁来普法", "谁执法谁普法"),  # one insertion
        ("深化“放管复”改革。", "放管复", "放管服"),  # a 3-character slogan, quoted on its own
    ],
)
def test_fz404_catches_one_edit(body, wrong, right):
    (d,) = findings(body, "FZ404")
    assert (HEAD + body)[d.start : d.end] == wrong
    assert right in d.message


@pytest.mark.parametrize(
    "body",
    [
        "落实“谁执法谁普法”“谁主管谁普法”普法责任制。",  # exact; 谁主管谁普法 is two edits away
        "发放法律明白纸，培养“法律明白人”。",  # allow list; exact
        "推进“一网通办”“一网统管”。",
        "深化放管结合改革。",  # 3-character slogans are not checked outside quotes
        "学习《谁执法谁谱法手册》。",  # titles are FZ405's
        "开展“以案说法”活动。",
        "总结七五普法，启动八五普法。",  # not in the list: both editions are real
    ],
)
def test_fz404_misses_exact_allowed_far_and_short_forms(body):
    assert findings(body, "FZ404") == []


def test_fz404_threshold_is_one_edit():
    from fzlint.packs.loader import load_ruleset

    rule = load_ruleset().by_code["FZ404"]
    assert rule.options["max_distance"] == 1 and rule.options["min_length"] == 4
    assert findings("严格执行三重大一议事规则。", "FZ404") == []  # a transposition is two edits: missed


# ---- FZ405 titles ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "right"),
    [
        ("根据《法治政府建设与责任落实督查工作规定》。", "法治政府建设与责任落实督察工作规定"),
        ("按照《重大行政决策程序条例》。", "重大行政决策程序暂行条例"),
        ("按照《法制政府建设实施纲要(2015-2020年)》。", "法治政府建设实施纲要（2015－2020年）"),
        ("落实《天津市法制政府建设实施纲要》。", "天津市法治政府建设实施纲要"),
    ],
)
def test_fz405_near_miss_titles(body, right):
    (d,) = findings(body, "FZ405")
    assert d.message.endswith(f"正式名称为《{right}》")
    assert d.fix is not None and not d.fix.safe


@pytest.mark.parametrize(
    "body",
    [
        "学习《行政处罚法》《中华人民共和国行政复议法》《民法典》。",
        "围绕《天津市法治政府建设实施纲要(2021-2025 年)》。",  # a region's own plan
        "按照《法治政府建设实施纲要（2015-2020年）》。",  # another edition: a date question (FZ3)
        "按照《法治政府建设实施纲要(2015-2020)》。",
        "研读《习近平法治思想学习纲要》。",  # unknown titles are not findings
        "落实《北京市生活垃圾管理条例》《天津市物业管理条例》。",
    ],
)
def test_fz405_known_regional_edition_and_unknown_titles_are_quiet(body):
    assert findings(body, "FZ405") == []


def test_fz405_one_wrong_character_is_caught_and_real_neighbours_are_not():
    """One wrong Chinese character in a title of 5+ characters (without 中华人民共和国) is a
    slip, with or without the prefix; a real title one inserted character or two characters
    away (《监察官法》 next to 《监察法》, 《法官法》 next to 《立法法》) is not, and the
    prefix no longer makes them look alike (it scored 95 %)."""
    for body in ("依据《中华人民共和国行政处发法》。", "依据《行政处发法》。", "贯彻落实《优化营商坏境条例》。"):
        (d,) = findings(body, "FZ405")
        assert "行政处罚法" in d.message or "优化营商环境条例" in d.message
    (d,) = findings("依据《中华人民共和国行政复义法》。", "FZ405")
    assert d.message.endswith("正式名称为《中华人民共和国行政复议法》")
    for title in ("监察官法", "中华人民共和国监察官法", "中华人民共和国法官法", "中华人民共和国人民警察法",
                  "中华人民共和国反间谍法", "中华人民共和国个人所得税法", "中华人民共和国基本医疗卫生与健康促进法"):
        assert findings(f"依据《{title}》。", "FZ405") == [], title
    assert findings("依据《行政复议》。", "FZ405") == []  # four characters: too short to tell


def test_fz405_local_regulation_without_region_takes_the_full_name_from_the_document():
    body = "落实《生活垃圾管理条例》。\n在执行《天津市生活垃圾管理条例》上。\n"
    (d,) = findings(body, "FZ405")
    assert d.message == "《生活垃圾管理条例》是地方性法规的名称，应写明地区：《天津市生活垃圾管理条例》"
    assert fixed(body, "FZ405").startswith("落实《天津市生活垃圾管理条例》")


def test_fz405_local_regulation_without_region_and_no_full_name_has_no_fix():
    (d,) = findings("落实《文明行为促进条例》。", "FZ405")
    assert "××市文明行为促进条例" in d.message and d.fix is None


# ---- FZ406 的地得, FZ407 wording --------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "right"),
    [
        ("较好的提升了辖区的生态环境质量。", "较好地提升"),
        ("有效的弥补了人员不足的劣势。", "有效地弥补"),
        ("法治政府建设意识树立的不够牢固。", "树立得不够"),
        ("全局意识树的不牢。", "树得不牢"),
    ],
)
def test_fz406_de_di_de(body, right):
    (d,) = findings(body, "FZ406")
    assert f"应为“{right}”" in d.message


@pytest.mark.parametrize("body", ["起到了积极的推动作用。", "取得了较好的提升。", "有效的措施。"])
def test_fz406_noun_uses_are_quiet(body):
    assert findings(body, "FZ406") == []


@pytest.mark.parametrize(
    ("body", "wrong"),
    [
        ("创建全国法治政府建设综合示范区。", "法治政府建设综合示范区"),
        ("及时向公众对外公示办理结果。", "向公众对外"),
        ("镇政府与两家律所签署了常年法律顾问，每月坐班两天。", "签署了常年法律顾问"),
        ("把书记作为依法治县重要组织者、推动者和实践者。", "依法治县重要组织者"),
        ("挽回经济损失约1700多万元。", "约1700多"),
        ("受理各类案件约1.5万余件。", "约1.5万余"),
        ("累计培训执法人员100余人左右。", "100余人左右"),
    ],
)
def test_fz407_wording(body, wrong):
    assert matched(body, "FZ407") == [wrong]


@pytest.mark.parametrize(
    "body", ["创建全国法治政府建设示范地区。", "入选国家知识产权保护示范区。", "签订法律顾问合同。",
             "与律所签署常年法律顾问合同。", "及时向公众公示办理结果。", "履行依法治国重要组织者、推动者和实践者的职责。",
             "挽回经济损失约1700万元，近千名群众受益，培训100余人，120人左右参加。"]
)
def test_fz407_standard_wording_is_quiet(body):
    assert findings(body, "FZ407") == []


# ---- packs and explain ------------------------------------------------------------------
def test_explain_states_fix_safety():
    from fzlint.explain import explain_text
    from fzlint.packs.loader import load_ruleset

    rs = load_ruleset()
    assert "安全：--fix 会自动应用" in explain_text(rs.by_code["FZ401"])
    assert "只有加 --unsafe-fixes" in explain_text(rs.by_code["FZ402"])


def test_substitution_pack_errors_name_the_problem(tmp_path):
    from fzlint.errors import PackError
    from fzlint.packs.loader import load_ruleset

    base = "pack: x\nrules:\n  - code: XQ401\n    name: t\n    check: substitution\n    severity: info\n    message: m\n"
    p = tmp_path / "p.yaml"
    p.write_text(base + "    swap: [{wrong: a, pattern: b, right: c}]\n", encoding="utf-8")
    with pytest.raises(PackError, match="wrong 或 pattern 之一"):
        load_ruleset([p], builtin=False)
    p.write_text(base + "    swap: [{pattern: 'a(b)', right: '\\\\2'}]\n", encoding="utf-8")
    with pytest.raises(PackError, match="分组引用"):
        load_ruleset([p], builtin=False)


# ---- pinned on the seeds ----------------------------------------------------------------
@pytest.mark.seed
@pytest.mark.parametrize(
    ("prefix", "line", "legit"),
    [
        ("004", 40, "行政执法决定法制审核工作规范"),  # the 三项制度 name
        ("004", 28, "交法制办及法律顾问处"),  # a unit name: staleness is FZ3's
        ("004", 36, "法制办对行政诉讼"),
        ("000", 60, "内设法制机构"),
        ("003", 63, "执行学法制度"),  # 学法/制度
        ("003", 67, "确保合法制定"),  # 合法/制定
    ],
)
def test_seed_legitimate_fazhi_is_not_reported(prefix, line, legit):
    from ..conftest import seed_text

    text = seed_text(prefix)
    ln = text.splitlines()[line - 1]
    assert legit in ln
    start = text.index(ln) + ln.index(legit)
    diags = lint(text, select=("FZ4",), path=f"{prefix}.txt")
    assert not [d for d in diags if d.start < start + len(legit) and start < d.end]


@pytest.mark.seed
def test_near_miss_threshold_draws_no_false_positive_on_the_seeds():
    from ..conftest import SEEDS

    for p in SEEDS:
        assert codes(lint(p.read_text(encoding="utf-8"), select=("FZ404",))) == [], p.name


@pytest.mark.parametrize(
    ("body", "wrong"),
    [
        (FOUR.format("重要任务亲自督查"), "重要任务亲自督查"),  # right subject, another verb
        ("坚持以新时代中国特色社会主义思想为指导。", "新时代中国特色社会主义思想"),
        ("坚定走中国特色社会主义法制道路。", "法制道路"),
    ],
)
def test_more_fixed_phrase_forms(body, wrong):
    code = "FZ401" if "法制" in wrong else "FZ403"
    assert matched(body, code) == [wrong]


def test_full_name_of_the_guiding_thought_is_quiet():
    assert findings("坚持以习近平新时代中国特色社会主义思想为指导。", "FZ403") == []


# ---- FZ408 a clause written twice ---------------------------------------------------------
@pytest.mark.parametrize(("body", "repeat"), [
    ("共排查出涉民营企业刑事诉讼“挂案” 5起，排查出涉民营企业刑事诉讼“挂案” 5起，已全部清理。",
     "排查出涉民营企业刑事诉讼“挂案” 5起"),
    ("继续将法治政府建设工作贯穿于各项工作中，将法治政府建设工作贯穿于各项工作中。", "将法治政府建设工作贯穿于各项工作中"),
    ("组织执法人员参加专题培训；同时组织执法人员参加专题培训。", "同时组织执法人员参加专题培训"),
])
def test_fz408_a_clause_written_twice(body, repeat):
    d = findings(body, "FZ408")
    assert [x.message for x in d] == [f"分句重复：“{repeat}”与前一分句相同"]
    assert d[0].fix is not None and not d[0].fix.safe  # the drafter may have meant another figure


@pytest.mark.parametrize("body", [
    "开展法治进社区活动，开展法治进学校活动，开展法治进企业活动。",  # parallel wording differs in a word
    "办理行政复议案件12件，办理行政复议案件的平均用时缩短3天。",
    "依法依规，依法依规。",  # shorter than min_chars
    "共排查矛盾纠纷293起，调解293起，成功率100%。",
])
def test_fz408_parallel_or_short_clauses_are_not_repeats(body):
    assert findings(body, "FZ408") == []


def texts(diags, text: str) -> list[str]:
    return [text[d.start : d.end] for d in diags]


# ---- terminology -----------------------------------------------------------------------------
HEAD_2022 = "某街道2022年法治政府建设情况报告\n"


@pytest.mark.published
@pytest.mark.parametrize("body, code, wrong, right", [
    ("党政主要负责人履行推行法治建设第一责任人职责。", "FZ403", "推行法治建设第一责任人", "推进法治建设第一责任人"),
    ("以习总书记系列重要讲话精神为导向。", "FZ403", "习总书记", "习近平总书记"),
    ("全面贯彻党的十九大和历届全会精神。", "FZ403", "历届全会", "历次全会"),
    ("严格落实党政主负责人履行推进法治建设第一责任人职责规定。", "FZ402", "党政主负责", "党政主要负责"),
    ("街道采取了一下措施：一是建立制度。", "FZ402", "一下", "以下"),
    ("确实加强行政执法监督检查。", "FZ402", "确实", "切实"),
])
def test_wording_slips_seen_in_real_reports(body, code, wrong, right):
    text = HEAD_2022 + body + "\n"
    diags = [d for d in lint(text, select=(code,)) if d.code == code]
    assert texts(diags, text) == [wrong] and right in diags[0].message


@pytest.mark.published
@pytest.mark.parametrize("body", [
    "党政主要负责人履行推进法治建设第一责任人职责。",
    "以习近平总书记重要讲话精神为指导。",
    "深入学习党的十九届历次全会精神。",
    "执法监督确实加强了，群众满意度提高。",
    "切实加强行政执法监督检查。",
    "了解一下群众诉求。",
    "强化干部职工法治思想，提高法律意识。",
])
def test_the_correct_forms_stay_quiet(body):
    assert not [c for c in codes(lint(HEAD_2022 + body + "\n", select=("FZ402", "FZ403"))) if c in ("FZ402", "FZ403")]


@pytest.mark.published
@pytest.mark.parametrize("title, right", [
    ("法治政府建设实施纲要（2022—2025年）", "法治政府建设实施纲要（2021－2025年）"),
    ("某某区法治政府建设实施纲要（20212025年）", "某某区法治政府建设实施纲要（2021－2025年）"),
])
def test_fz405_a_plan_span_that_names_no_edition(title, right):
    text = HEAD_2022 + f"认真落实《{title}》要求。\n"
    diags = [d for d in lint(text, select=("FZ405",)) if d.code == "FZ405"]
    assert texts(diags, text) == [title] and f"《{right}》" in diags[0].message


@pytest.mark.published
@pytest.mark.parametrize("title", ["法治政府建设实施纲要（2026—2030年）", "某某省法治政府建设实施纲要（2016—2020年）",
                                   "法治政府建设实施纲要（2015-2020年）"])
def test_fz405_leaves_other_editions_and_regional_plans_alone(title):
    assert "FZ405" not in codes(lint(HEAD_2022 + f"认真落实《{title}》要求。\n", select=("FZ405",)))
