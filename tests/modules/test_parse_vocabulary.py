"""The genre's vocabulary is pack data (issue 15): the ``vocabulary:`` section of a rule pack,
validated, extended by a user pack wherever a report is parsed; and a finished Document
cannot be changed through its collections."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fzlint.errors import PackError
from fzlint.inputs.readers import load_path
from fzlint.inputs.word import keeps_break
from fzlint.packs.config import Settings, builtin_vocabulary
from fzlint.packs.loader import load_ruleset
from fzlint.parse import parse

# A short report whose closing line is an issuing body the built-in list does not name.
REPORT = (
    "关于2024年度工作情况的报告\n\n"
    "一、主要举措和成效\n今年我们依法推进各项工作，取得明显成效，群众满意度持续提升。\n"
    "二、存在的不足和原因\n基层执法力量仍然不足，个别人员法治意识不强。\n\n"
    "东湖高新区管委会\n"
)

EXTENDING = """\
pack: local
vocabulary:
  issuer_suffixes: [管委会]
  carries_on: [进而]
  title_topics: [依规治理]
"""


@pytest.fixture()
def pack(tmp_path: Path) -> Path:
    p = tmp_path / "local.yaml"
    p.write_text(EXTENDING, encoding="utf-8")
    return p


def test_a_pack_extends_the_issuer_suffixes(pack: Path):
    vocab = load_ruleset([pack]).parser_vocabulary
    doc = parse(REPORT, vocab=vocab)
    assert doc.signature is not None and doc.signature.body is not None
    assert doc.signature.body.text == "东湖高新区管委会"
    assert doc.issuer == "东湖高新区管委会"
    # twin: the built-in vocabulary does not take the line for a signature
    assert parse(REPORT).signature is None
    # twin: a closing line that is not an issuing body stays body text with the extension
    assert parse(REPORT.replace("东湖高新区管委会", "全体干部参加专题会"), vocab=vocab).signature is None


def test_the_extension_keeps_the_built_in_entries(pack: Path):
    lists = load_ruleset([pack]).vocabulary
    builtin = load_ruleset().vocabulary
    assert lists["issuer_suffixes"] == (*builtin["issuer_suffixes"], "管委会")
    assert lists["divisions"] == builtin["divisions"]


def test_a_pack_extends_the_title_topics(pack: Path):
    # Two title-shaped blocks with 报告 (a note between them): the one naming the genre's
    # topic is the title, else the first.
    text = "市场监管局工作报告\n（内部资料，注意保存）\n关于2024年度依规治理情况的报告\n\n一、主要举措和成效\n全年推进依法行政，成效明显，各项工作稳步推进。\n"
    assert parse(text, vocab=load_ruleset([pack]).parser_vocabulary).title.text == "关于2024年度依规治理情况的报告"
    assert parse(text).title.text == "市场监管局工作报告"  # twin: built-in topics only


def test_a_pack_extends_the_words_that_carry_on_a_sentence(pack: Path):
    vocab = load_ruleset([pack]).parser_vocabulary
    assert keeps_break("全面推行行政执法三项制度", "进而提升执法规范化水平") is True
    assert keeps_break("全面推行行政执法三项制度", "进而提升执法规范化水平", vocab) is False
    assert keeps_break("全面推行行政执法三项制度", "提升执法规范化水平", vocab) is True  # twin


def test_the_reader_and_the_cli_parse_with_the_packs_vocabulary(pack: Path, tmp_path: Path):
    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    rs = load_ruleset([pack])
    assert load_path(report, "r.txt", rs.parser_vocabulary).doc.issuer == "东湖高新区管委会"
    assert load_path(report, "r.txt").doc.issuer is None
    out = subprocess.run([sys.executable, "-m", "fzlint", "outline", "-f", "json", str(report), "--rule-pack", str(pack)],
                         capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert json.loads(out)["signature"]["body"] == "东湖高新区管委会"


@pytest.mark.parametrize(("section", "problem"), [
    ("vocabulary:\n  issuer_suffix: [管委会]\n", "未知的字段 'issuer_suffix'"),
    ("vocabulary:\n  issuer_suffixes: 管委会\n", "应为列表"),
    ("vocabulary:\n  title_chrome_patterns: ['星期[一二']\n", "无法编译"),
    ("vocabulary:\n  title_chrome_patterns: ['(a+)+$']\n", "回溯"),
    ("vocabulary:\n  carries_on: ['']\n", "空字符串"),
])
def test_a_broken_vocabulary_is_refused_with_its_line(tmp_path: Path, section: str, problem: str):
    p = tmp_path / "bad.yaml"
    p.write_text("pack: bad\n" + section, encoding="utf-8")
    with pytest.raises(PackError) as e:
        load_ruleset([p], builtin=False)
    assert problem in str(e.value)
    assert "bad.yaml:" in str(e.value) and ":1:" not in str(e.value)  # the line of the offending key


def test_carries_on_does_not_repeat_the_breakdown_words():
    rs = load_ruleset()
    breakdown = rs.settings["numbers"]["breakdown"]
    carries_on = set(rs.vocabulary["carries_on"])
    assert carries_on.isdisjoint(breakdown["break_words"])
    cue_words = {w for c in breakdown["cues"] for w in c["words"]}
    assert carries_on.isdisjoint(cue_words)
    # ...and the Word reader still reads 其中, 包括, 分别 (from break_words) as carrying on
    for word in ("其中", "包括", "分别", "以及", "同比"):
        assert keeps_break("共办理行政复议案件35件", word + "维持原行政行为20件") is False
    assert keeps_break("共办理行政复议案件35件", "：") is False  # punctuation: _NO_LINE_START's, not a word


def test_title_chrome_and_web_boilerplate_are_not_one_list_twice():
    rs = load_ruleset()
    fz502 = set(rs.by_code["FZ502"].options["patterns"])
    assert fz502.isdisjoint(rs.vocabulary["title_chrome_patterns"])


def test_the_built_in_vocabulary_is_loaded_once():
    assert builtin_vocabulary() is builtin_vocabulary()
    assert builtin_vocabulary() is Settings().ruleset().parser_vocabulary
    assert all(len(set(v)) == len(v) for v in load_ruleset().vocabulary.values())


def test_each_built_in_list_is_not_empty():
    assert all(load_ruleset().vocabulary.values())


# ---- a finished Document -------------------------------------------------------------------
def _finished():
    from fzlint.engine import prepare_document

    settings = Settings()
    return prepare_document(parse(REPORT), settings.ruleset(), settings)


def test_a_check_cannot_append_to_the_documents_collections():
    doc = _finished()
    assert doc.headings and doc.lines and doc.top
    for name in ("headings", "lines", "top", "lost_top_candidates"):
        with pytest.raises(AttributeError):
            getattr(doc, name).append(doc.headings[0])
    with pytest.raises(TypeError):
        doc.part_spans["measures"] = [(0, 1)]  # type: ignore[index]
    with pytest.raises(AttributeError):
        doc.headings = []


def test_a_finished_heading_cannot_change():
    doc = _finished()
    h = doc.top[0]
    with pytest.raises(AttributeError):
        h.part = "plans"
    with pytest.raises(AttributeError):
        h.children.append(h)  # type: ignore[attr-defined]
    assert h.part == "measures"


def test_a_document_can_still_be_changed_while_it_is_parsed():
    doc = parse(REPORT)  # not finished: the parse and the part mapping still build it
    doc.year = 2023
    doc.top[0].part = "measures"
    assert doc.year == 2023


def test_a_finished_document_pickles():
    import pickle

    doc = _finished()
    copy = pickle.loads(pickle.dumps(doc))
    assert copy.finished and copy.headings[0].text == doc.headings[0].text
    with pytest.raises(TypeError):
        copy.part_spans["x"] = ()  # type: ignore[index]
    with pytest.raises(AttributeError):
        copy.year = 1
