"""FZ116: the genre.  Documents of another genre (政府工作报告, 政府信息公开工作年度报告, 工作要点,
通知, 讲话, a 工作总结 on another topic) get one finding naming what they look like and none of
the rules that only make sense for an annual 法治政府建设 report; reports of the genre — the
seeds, the unseen reports, the shapes of the published excerpts (tests/fixtures/real/SOURCES.md),
untitled and oddly titled ones — are never taken for another genre.  The specimens below were
written for this test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fzlint.checks.genre import classify
from fzlint.engine import lint_text
from fzlint.packs.config import Overrides, Settings
from fzlint.parse import parse
from fzlint.runner import Mode, lint_stdin

from ..conftest import ROOT, SEEDS, codes, run_fzlint

RULESET = Settings().ruleset()
STATE = RULESET.state(next(r for r in RULESET.rules if r.code == "FZ116"))
GENRE_ONLY = {"FZ101", "FZ102", "FZ103", "FZ104", "FZ105", "FZ106", "FZ107", "FZ310", "FZ311", "FZ312",
              "FZ313", "FZ314", "FZ315"}

GOV_WORK = """2025年临河市政府工作报告
——2025年2月10日在临河市第十七届人民代表大会第四次会议上
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协各位委员提出意见。
一、2024年工作回顾
过去一年，全市地区生产总值增长5.6%，深入开展法制宣传教育。
（一）坚持依法行政，建设法治政府
全年办理人大代表建议185件、政协提案243件，办复率100%。
二、2025年主要目标任务
今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右。
"""
GOV_WORK_UNTITLED = GOV_WORK.split("\n", 2)[2]
OPEN_GOV = """临河市自然资源局2024年政府信息公开工作年度报告
本报告依据《中华人民共和国政府信息公开条例》第五十条的规定编制。
一、总体情况
2024年，我局坚持以公开为常态、不公开为例外，全年主动公开政府信息326条。
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
全年共收到政府信息公开申请41件，均在法定期限内答复。
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
六、其他需要报告的事项
"""
OPEN_GOV_UNTITLED = OPEN_GOV.split("\n", 1)[1]
POINTS = """柳岸区2025年法治政府建设工作要点
为深入贯彻落实上级部署，结合我区实际，制定本要点。
一、深入学习贯彻习近平法治思想
1.把学习贯彻习近平法治思想纳入区政府常务会议学法计划。
二、健全依法行政制度体系
2.严格落实重大行政决策程序，全年组织合法性审查不少于20件。
"""
PLAN = "柳岸区司法局2025年普法依法治理工作计划\n一、指导思想\n坚持以人民为中心。\n二、主要任务\n组织宪法宣传周活动。\n"
NOTICE = """关于做好2024年度法治政府建设情况报告报送工作的通知
各镇人民政府、街道办事处，区政府各部门：
为做好年度报告工作，现将有关事项通知如下。
一、报送内容
各单位报告应包括主要举措和成效、存在的不足和原因等内容。
二、报送时间
请于2025年1月20日前报送区司法局。
柳岸区全面依法治区委员会办公室
2025年1月6日
"""
NOTICE_UNTITLED = """各镇人民政府、街道办事处：
现将《柳岸区2025年法治政府建设工作要点》印发给你们，请结合实际认真贯彻落实。
"""
SPEECH = """同志们：
今天召开全区法治政府建设推进会，主要任务是总结去年工作，部署今年任务。
一、充分肯定成绩
过去一年，各部门依法履职，全区行政复议纠错率下降到6.2%。
二、清醒认识不足
个别部门重大决策合法性审查走过场。
三、抓好今年重点工作
各单位要把法治建设摆在更加突出的位置。
"""
SPEECH_TITLED = "在全区法治政府建设推进会上的讲话\n" + SPEECH
OTHER_SUMMARY = "柳岸镇2024年农业农村工作总结\n今年，我镇扎实推进乡村振兴。\n一、主要做法\n新建高标准农田1200亩。\n二、存在问题\n资金不足。\n"

SCHEME = "柳岸区行政执法案卷评查实施方案\n一、工作目标\n全面提升执法案卷质量。\n二、评查范围\n2024年办结的行政处罚案卷。\n"

OTHERS = [
    ("scheme", SCHEME, "工作方案"),
    ("gov-work", GOV_WORK, "政府工作报告"),
    ("gov-work-untitled", GOV_WORK_UNTITLED, "政府工作报告"),
    ("open-gov", OPEN_GOV, "政府信息公开工作年度报告"),
    ("open-gov-untitled", OPEN_GOV_UNTITLED, "政府信息公开工作年度报告"),
    ("points", POINTS, "工作要点"),
    ("plan", PLAN, "工作计划"),
    ("notice", NOTICE, "通知"),
    ("notice-untitled", NOTICE_UNTITLED, "通知"),
    ("speech", SPEECH, "讲话"),
    ("speech-titled", SPEECH_TITLED, "讲话"),
    ("other-summary", OTHER_SUMMARY, "工作总结"),
]

# Reports of the genre with no title, or a title unlike the usual one.
UNTITLED = """2024年，柳岸街道坚持以习近平法治思想为指导，全面推进法治政府建设，现将有关情况报告如下。
一、主要举措和成效
全年开展法治讲座12场，参与群众860人次。
二、党政主要负责人履行推进法治建设第一责任人职责情况
街道党工委书记带头学法4次。
三、存在的不足和原因
基层执法人员法律素养有待提高，主要原因是培训不够系统。
四、2025年工作安排
继续加强执法队伍建设。
"""
UNTITLED_PLAIN = """今年以来，我镇在县委县政府的领导下，着力提升依法行政水平。
一、2023年推进法治政府建设的主要举措和成效
全年审查合同31份。
二、存在的问题
执法力量不足。
"""
ODD_TITLES = [
    "2024年度述法报告",
    "区司法局关于2022年法治政府建设工作情况的报告",
    "柳岸镇法治建设工作总结",
    "关于法治政府建设的情况报告（2025）",
    "白沙乡2023年度依法行政工作报告",
    "柳岸街道2024年度法治政府建设工作汇报",
    "区委书记2024年度述职述法报告",
    "柳岸县2021年依法治县工作情况报告",
    "关于2023年度法治政府建设情况和2024年工作安排的报告",
    "柳岸区司法局2023年法治政府建设工作总结和2024年工作安排",
    "柳岸镇2024年法治建设工作情况及2025年工作要点",
]
ODD_BODY = "2024年，我单位坚持依法行政，深入推进各项工作。\n一、主要工作\n全年开展普法活动20场。\n二、存在的问题\n执法力量不足。\n"


def decision(text: str) -> str | None:
    return classify(parse(text, "x.txt"), STATE).other


def fz116(text: str, **kw: object) -> list[str]:
    return [d.message for d in lint_text(text, "x.txt", Settings(**kw)) if d.code == "FZ116"]  # type: ignore[arg-type]


@pytest.mark.parametrize("name,text,genre", OTHERS, ids=[o[0] for o in OTHERS])
def test_another_genre_gets_one_finding_naming_it_and_no_genre_only_rule(name: str, text: str, genre: str) -> None:
    diags = lint_text(text, "x.txt", Settings())
    found = [d for d in diags if d.code == "FZ116"]
    assert len(found) == 1
    assert genre in found[0].message and "结构类检查未运行" in found[0].message
    assert not GENRE_ONLY & set(codes(diags))


def test_language_checks_still_run_on_another_genre() -> None:
    assert "FZ401" in codes(lint_text(GOV_WORK, "x.txt", Settings()))  # 法制宣传教育


def test_the_same_text_as_a_report_of_the_genre_gets_the_structure_checks() -> None:
    diags = codes(lint_text(GOV_WORK, "x.txt", Settings(genre="report")))
    assert "FZ116" not in diags and "FZ101" in diags


@pytest.mark.parametrize("text", [UNTITLED, UNTITLED_PLAIN], ids=["reported-as-follows", "plain-opening"])
def test_untitled_reports_of_the_genre_are_the_genre(text: str) -> None:
    assert decision(text) is None
    diags = codes(lint_text(text, "x.txt", Settings()))
    assert "FZ116" not in diags and "FZ104" in diags  # checked as a report: no title


@pytest.mark.parametrize("title", ODD_TITLES)
def test_oddly_titled_reports_of_the_genre_are_the_genre(title: str) -> None:
    text = f"{title}\n{ODD_BODY}"
    assert decision(text) is None
    assert "FZ101" in codes(lint_text(text, "x.txt", Settings()))


def _reports() -> list[Path]:
    unseen = ROOT / "tests" / "fixtures" / "unseen"
    return [*SEEDS, *sorted((unseen / "reports").iterdir()), unseen / "clean_bureau_2021.txt",
            unseen / "clean_township_2024.txt", unseen / "web_page.txt"]


@pytest.mark.seed
@pytest.mark.unseen
@pytest.mark.parametrize("path", _reports(), ids=lambda p: p.name)
def test_every_seed_and_unseen_report_is_the_genre_with_or_without_its_title(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = re.sub(r"(?m)^#+\s*", "", text)
    doc = parse(text, path.name)
    assert classify(doc, STATE).other is None
    assert not fz116(text)
    # The same report pasted without its title (and whatever stood above it).
    assert doc.title is not None
    untitled = text[doc.lines[doc.title_lines[-1] - 1].end :].lstrip("\r\n")
    assert classify(parse(untitled, path.name), STATE).other is None, untitled[:60]


def _published_titles() -> list[tuple[str, str]]:
    rows = (ROOT / "tests" / "fixtures" / "real" / "SOURCES.md").read_text(encoding="utf-8").splitlines()
    out = []
    for row in rows:
        m = re.match(r"\| (r\d\d) \| ([^|]+?)(?:（[^|]*?）)? \|", row)
        if m:
            out.append((m.group(1), m.group(2).strip()))
    return out


PUBLISHED = _published_titles()


@pytest.mark.published
def test_the_published_excerpts_are_all_read() -> None:
    assert len(PUBLISHED) >= 39


@pytest.mark.published
@pytest.mark.parametrize("rid,title", PUBLISHED, ids=[p[0] for p in PUBLISHED])
def test_published_excerpt_shapes_are_the_genre(rid: str, title: str) -> None:
    # Each excerpt's title over a body that says nothing of the topic: the title alone decides.
    text = f"{title}\n全年开展各项活动20场。\n一、主要工作\n完成任务。\n"
    # r20 and r66 are 政府信息公开 reports (fzlint was run on them as neighbours of the genre).
    expected = "政府信息公开工作年度报告" if "政府信息公开" in title else None
    assert decision(text) == expected


def test_override_other_skips_the_genre_only_rules_without_a_finding() -> None:
    text = f"柳岸镇2024年法治政府建设情况报告\n{ODD_BODY}"
    assert "FZ101" in codes(lint_text(text, "x.txt", Settings()))
    diags = codes(lint_text(text, "x.txt", Settings(genre="other")))
    assert "FZ101" not in diags and "FZ116" not in diags


def test_ignoring_fz116_silences_it_but_still_skips_the_genre_only_rules() -> None:
    diags = codes(lint_text(GOV_WORK, "x.txt", Settings(ignore=("FZ116",))))
    assert not diags.count("FZ116") and "FZ101" not in diags


def test_cli_option_and_config_key(tmp_path: Path) -> None:
    f = tmp_path / "gov.txt"
    f.write_text(GOV_WORK, encoding="utf-8")
    auto = run_fzlint("check", "--isolated", "--format", "concise", str(f))
    assert "FZ116" in auto.stdout and "FZ101" not in auto.stdout
    forced = run_fzlint("check", "--isolated", "--genre", "report", "--format", "concise", str(f))
    assert "FZ116" not in forced.stdout and "FZ101" in forced.stdout
    (tmp_path / ".fzlint.yaml").write_text("genre: report\n", encoding="utf-8")
    by_config = run_fzlint("check", "--format", "concise", str(f))
    assert "FZ116" not in by_config.stdout and "FZ101" in by_config.stdout
    (tmp_path / ".fzlint.yaml").write_text("genre: sometimes\n", encoding="utf-8")
    bad = run_fzlint("check", "--format", "concise", str(f))
    assert bad.returncode == 2 and "genre" in bad.stderr and "Traceback" not in bad.stderr


def test_batch_with_workers_decides_per_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOV_WORK, encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"柳岸镇2024年法治政府建设情况报告\n{ODD_BODY}", encoding="utf-8")
    out = run_fzlint("check", "--isolated", "-j", "2", "--format", "concise", str(tmp_path)).stdout
    lines = out.splitlines()
    assert any("a.txt" in ln and "FZ116" in ln for ln in lines)
    assert not any("a.txt" in ln and "FZ101" in ln for ln in lines)
    assert any("b.txt" in ln and "FZ101" in ln for ln in lines)
    assert not any("b.txt" in ln and "FZ116" in ln for ln in lines)


def test_the_language_server_path_respects_it() -> None:
    # The LSP lints every buffer through runner.lint_stdin.
    result = lint_stdin(SPEECH.encode("utf-8"), "speech.txt", Overrides(isolated=True), Mode(corpus=False))
    got = codes(result.diagnostics)
    assert got.count("FZ116") == 1 and not GENRE_ONLY & set(got)


def test_corpus_rules_skipped_for_another_genre_are_not_fingerprinted() -> None:
    from fzlint.engine import lint_texts

    plan = "今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，城镇新增就业2.6万人，居民收入增长与经济增长同步。"
    this_year = GOV_WORK.replace("今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右。", plan)
    last_year = this_year.replace("2025", "2024").replace("2024年工作回顾", "2023年工作回顾")

    def fz602(genre: str) -> list[str]:
        (diags,) = lint_texts([("a.txt", this_year)], previous=[("old.txt", last_year)],
                              settings=Settings(genre=genre))
        return [d.code for d in diags if d.code == "FZ602"]

    assert fz602("report")  # read as a report, the plans paragraph is carried over
    assert not fz602("auto")  # a 政府工作报告: the parts-based copy rules do not apply


@pytest.mark.published
def test_the_published_excerpt_shapes_kept_in_test_real_text_are_the_genre() -> None:
    from .. import published

    shapes = {k: v for k, v in vars(published).items() if k.isupper() and isinstance(v, str) and len(v) > 40}
    assert "COVER" in shapes and len(shapes) >= 5
    for name, text in shapes.items():
        text = text.replace("{date}", "2024年3月8日")
        assert decision(text) is None, name
        assert not fz116(text), name
