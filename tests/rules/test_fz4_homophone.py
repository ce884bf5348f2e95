"""FZ409: same-pinyin typos that no list names (fzlint/typo, checks/homophone.py).

Every sentence here was written for these tests; each typo has its correct twin pinned silent.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from fzlint.engine import lint_texts
from fzlint.packs.config import Settings

from ..conftest import ROOT, lint

HEAD = "关于2024年法治政府建设情况的报告\n\n一、主要举措\n"
CODE = "FZ409"

TYPOS = [
    ("全年共办理法律援助案件35件，群众满意率持续提声。", "提声", "提升"),
    ("组织机关干部旁听庭审，增强依法行政意市。", "意市", "意识"),
    ("依托互脸网平台公开执法信息。", "互脸", "互联"),
    ("广泛开展宪法宣传活懂，营造良好氛围。", "活懂", "活动"),
    ("认真落实行政执法公示制度，执法信息及时向社会公凯。", "公凯", "公开"),
    ("建立健全重大行政决策程序，坚持集题讨论决定。", "集题", "集体"),
    ("组织执法人员参加培询，提升执法能力。", "培询", "培训"),
]


def fz409(text: str):
    return [d for d in lint(text, select=(CODE,)) if d.code == CODE]


@pytest.mark.parametrize(("body", "wrong", "right"), TYPOS)
def test_a_same_pinyin_slip_is_reported_with_its_word(body, wrong, right):
    text = HEAD + body + "\n"
    (d,) = fz409(text)
    assert text[d.start : d.end] == wrong
    assert d.message == f"疑似同音错字：“{wrong}”是否应为“{right}”？"
    assert d.severity.name == "WARNING"
    assert d.fix is not None and not d.fix.safe  # the drafter confirms: --unsafe-fixes only
    (edit,) = d.fix.edits
    assert text[: edit.start] + edit.content + text[edit.end :] == text.replace(wrong, right)


@pytest.mark.parametrize(("body", "wrong", "right"), TYPOS)
def test_the_correct_twin_is_silent(body, wrong, right):
    assert fz409(HEAD + body.replace(wrong, right) + "\n") == []


def test_the_rule_is_opt_in():
    text = HEAD + TYPOS[0][0] + "\n"
    assert [d for d in lint(text) if d.code == CODE] == []
    assert [d for d in lint(text, select=("FZ4",)) if d.code == CODE] == []  # a prefix does not enable it
    assert len(fz409(text)) == 1


def test_a_spelling_written_twice_in_a_report_is_intended():
    once = HEAD + "组织机关干部旁听庭审，增强依法行政意市。\n"
    twice = once + "二、存在的问题\n部分干部的依法行政意市仍需提高。\n"
    assert len(fz409(once)) == 1
    assert fz409(twice) == []


def _batch(texts: list[tuple[str, str]]) -> list[list]:
    found = lint_texts(texts, settings=Settings(select=(CODE,)))
    return [[d for d in ds if d.code == CODE] for ds in found]


def _report(unit: str, body: str) -> str:
    return f"{unit}关于2024年法治政府建设情况的报告\n\n一、主要举措\n{body}\n\n{unit}\n2025年1月10日\n"


def test_a_spelling_in_two_units_reports_of_a_batch_is_intended():
    body = "组织机关干部旁听庭审，增强依法行政意市。"
    a = _report("东城区司法局", body)
    b = _report("西河镇人民政府", "全镇推进依法行政意市提升工程。")
    c = _report("南湖街道办事处", "全年开展普法活动12场。")
    assert [len(x) for x in _batch([("a.txt", a), ("c.txt", c)])] == [1, 0]
    assert [len(x) for x in _batch([("a.txt", a), ("b.txt", b), ("c.txt", c)])] == [0, 0, 0]


def test_the_same_unit_twice_in_a_batch_is_not_two_units():
    a = _report("东城区司法局", "组织机关干部旁听庭审，增强依法行政意市。")
    a2 = _report("东城区司法局", "组织新任干部旁听庭审，增强依法行政意市。")
    assert [len(x) for x in _batch([("2023.txt", a), ("2024.txt", a2)])] == [1, 1]


@pytest.mark.parametrize(
    "body",
    [
        "完善诉源治理机制，推动矛盾纠纷源头化解。",
        "在每个社区设立法援工作站，方便群众求助。",
        "严格落实党政主要负责人述法制度，压实责任。",
    ],
)
def test_terms_of_the_genre_are_whitelisted(body):
    from fzlint.typo import Detector, index

    assert Detector(index.load()).find(body)  # the dictionary alone would take them for slips
    assert fz409(HEAD + body + "\n") == []


def test_a_users_allow_list_silences_a_term(tmp_path):
    pack = tmp_path / "mine.yaml"
    pack.write_text("pack: 本单位\noverride:\n  FZ409: {allow: [意市]}\n", encoding="utf-8")
    text = HEAD + "组织机关干部旁听庭审，增强依法行政意市。\n"
    from fzlint.engine import lint_text

    diags = lint_text(text, "r.txt", Settings(select=(CODE,), rule_packs=(str(pack),)))
    assert [d for d in diags if d.code == CODE] == []


def test_quiet_where_another_rule_reports_the_span():
    # FZ404 (a near-miss of a fixed slogan) reports 执发 inside 严格规范公正文明执发.
    text = HEAD + "坚持严格规范公正文明执发。\n"
    assert [d.code for d in lint(text, select=("FZ404", CODE))] == ["FZ404"]
    assert fz409(text) == []
    # the same slip outside the slogan is FZ409's
    (d,) = fz409(HEAD + "全面推进依法行政，规范执发行为。\n")
    assert d.message.startswith("疑似同音错字：“执发”")


@pytest.mark.parametrize(
    "body",
    [
        "全年开展普法讲座20余场，受众3000余人次。",  # a number is context: 余场 is not 渔场
        "依托“浙里办”平台办理。",  # a short quotation is a name
        "开展“法润童心 与法童行”主题活动。",  # a campaign slogan's pun
        "一是加强组织领导；二是完善制度机制。",
        "抓好行政执法和网格化管理这两个重点。",  # 这 is a word of its own, not 管理者
    ],
)
def test_numbers_names_slogans_and_ordinals_are_not_slips(body):
    assert fz409(HEAD + body + "\n") == []


def test_the_index_is_loaded_only_when_the_rule_runs():
    code = textwrap.dedent(
        """
        import sys
        from fzlint import lint_text
        from fzlint.packs.config import Settings
        text = "关于2024年法治政府建设情况的报告\\n\\n一、主要举措\\n增强依法行政意市。\\n"
        lint_text(text)
        print("fzlint.typo.index" in sys.modules, "fzlint.typo" in sys.modules)
        lint_text(text, settings=Settings(select=("FZ409",)))
        from fzlint.typo import index
        print(index.loaded())
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                         env={"FZLINT_NO_CACHE": "1", "PATH": "/usr/bin:/bin"})
    assert out.stdout.split() == ["False", "False", "True"]


def test_the_build_script_makes_an_index_from_a_tiny_input(tmp_path):
    pytest.importorskip("pypinyin")
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import build_typo_index
    finally:
        sys.path.remove(str(ROOT / "tools"))
    words = {"执法": 5000, "人员": 8000, "依法": 4000, "行政": 6000, "规范": 3000, "执": 300, "法": 900,
             "发": 800, "人": 2000, "员": 500, "依": 400, "行": 1500, "政": 700, "规": 200, "范": 300}
    d = tmp_path / "dict.txt"
    d.write_text("".join(f"{w} {f} n\n" for w, f in words.items()), encoding="utf-8")
    corpus = tmp_path / "laws.txt"
    corpus.write_text("行政执法人员应当依法行政。\n执法人员规范执法。\n" * 5, encoding="utf-8")
    out = tmp_path / "typo.idx"
    assert build_typo_index.main(["--dict", str(d), "--corpus", str(corpus), "-o", str(out)]) == 0
    first = out.read_bytes()
    assert build_typo_index.main(["--dict", str(d), "--corpus", str(corpus), "-o", str(out)]) == 0
    assert out.read_bytes() == first  # reproducible

    from fzlint.typo import Detector, index

    ix = index.load(out)
    assert ix.word("执法") > ix.word("规范")  # type: ignore[operator]
    assert "执法" in (ix.candidates("执发") or "")
    (flag,) = Detector(ix).find("行政执发人员")
    assert (flag.written, flag.right) == ("执发", "执法")
    assert Detector(ix).find("行政执法人员") == []


# -- the detector's pruning (fzlint/typo: sites found in bulk, then pruned before the LM) -------


def test_a_window_straddling_two_words_is_not_scored_but_the_same_slip_elsewhere_is():
    from fzlint.typo import Detector, index

    # 宣传|阵地: 传阵 is the tail of one word and the head of the next, not a slip for 传真, even
    # at the lowest bar (it scored 1.6 before the pruning); written alone, 传阵 is the slip
    low = Detector(index.load(), 0.0, 5.0)
    assert low.find("加强宣传阵地建设，扩大普法覆盖面。") == []
    (flag,) = low.find("会议材料已通过传阵发送各单位。")
    assert (flag.written, flag.right) == ("传阵", "传真")
    (d,) = fz409(HEAD + "会议材料已通过传阵发送各单位。\n")
    assert d.message == "疑似同音错字：“传阵”是否应为“传真”？"
    assert fz409(HEAD + "加强宣传阵地建设，扩大普法覆盖面。\n") == []


def test_a_pruned_straddle_is_still_a_spelling_the_batch_rule_sees():
    from fzlint.typo import Detector, index

    sites: set[str] = set()
    Detector(index.load()).find("加强宣传阵地建设。", sites=sites)
    assert "传阵" in sites  # written in another unit's report, a flagged 传阵 would be withdrawn


def test_dropping_windows_written_as_their_readings_first_word_changes_no_flag():
    from fzlint.typo import Detector, index

    text = "".join(body for body, _, _ in TYPOS) + "坚持依法行政，规范执发行为，优先办理群众来信。"
    fast = Detector(index.load())
    slow = Detector(index.load())
    slow._top_done = False  # every window goes through the gate
    assert fast._top_done
    assert fast.find(text) == slow.find(text) != []


def test_the_lines_searched_as_one_text_give_what_each_line_gives_alone():
    from fzlint.typo import Detector, index

    # the lines are searched as one text (one bulk pass): no window, word or run may reach across
    # a newline, and a skipped span blocks its own characters only; at bar 0 most lines flag
    ix = index.load()
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0].read_text("utf-8")
    text = "\n".join([*seed.splitlines()[:80], *(body for body, _, _ in TYPOS), "规范执发\n行为", "20余场次，“宁川通”"])
    skip = [(a, a + 3) for a in range(0, len(text), 97)]
    sites: set[str] = set()
    together = Detector(ix, 0.0, 5.0).find(text, skip, sites)
    alone: list = []
    alone_sites: set[str] = set()
    off = 0
    for line in text.split("\n"):
        end = off + len(line)
        spans = [(max(a, off) - off, min(b, end) - off) for a, b in skip if a < end and b > off]
        alone.extend((f.start + off, f.end + off, f.written, f.right, f.score)
                     for f in Detector(ix, 0.0, 5.0).find(line, spans, alone_sites))
        off = end + 1
    assert [(f.start, f.end, f.written, f.right, f.score) for f in together] == alone
    assert sites == alone_sites
    assert len({text.count("\n", 0, f.start) for f in together}) > 20  # flags on many lines
    assert any(f.written == "执发" for f in together) and "执发" in sites
    i = text.index("执发")  # a skipped character: no window reaches it, flagged or looked at
    blocked_sites: set[str] = set()
    assert all(f.written != "执发" for f in Detector(ix, 0.0, 5.0).find(text, [(i + 1, i + 2)], blocked_sites))
    assert "执发" not in blocked_sites


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("😀规范执发行为。", 3),  # an astral character is one position, as in the text
        ("规范执发\U00020000行为", 2),
        ("\ue071\ue041规范执发\x00行为", 4),  # private-use characters and NUL read as no syllable
    ],
)
def test_positions_hold_next_to_astral_private_use_and_nul_characters(text, where):
    from fzlint.typo import Detector, index

    (flag,) = Detector(index.load()).find(text)
    assert (flag.start, flag.end, flag.written, flag.right) == (where, where + 2, "执发", "执法")
    assert Detector(index.load()).find("\ue000\ue001\ue002\ue003") == []


def test_the_shipped_character_model_has_no_log_value_above_zero():
    from fzlint.typo import index

    # the LM step bounds a candidate's change by taking each of its terms as at most 0
    ix = index.load()
    for table in (ix.tri, ix.bi, ix.bow2, ix.uni, ix.bow1):
        assert max(table.values()) <= 0
    assert ix.unk_char <= 0


def test_every_shipped_bucket_lists_its_words_most_probable_first():
    from fzlint.typo import _NO_WORD, index

    # the gate stops at the first candidate too rare to pass: none after it may be more probable
    ix = index.load()
    for key, bucket in ix.cands.items():
        n = (key.bit_length() + 15) // 16  # syllables of the reading: the words' length
        lps = [ix.words.get(bucket[j : j + n], _NO_WORD) for j in range(0, len(bucket), n)]
        assert lps == sorted(lps, reverse=True), bucket


def test_the_two_character_gate_keeps_what_a_scan_of_the_whole_bucket_keeps():
    from fzlint.typo import _FIRST, _LM_GATE, _NO_WORD, _SECOND, CHANNEL_WEIGHT, QUANT, Detector, index

    # _gate_pair looks only at the candidates that keep one written character (found by
    # str.find) and stops at the first too rare: the same survivors as scoring every word of the
    # bucket; spellings of text written here, slips and words alike, at several bars
    ix = index.load()
    text = "".join(body for body, _, _ in TYPOS) + "依法行政规范执发行为优先办理群众来信执法公事事实实施时事适时重新宣传阵地"
    pairs = {text[i : i + 2] for i in range(len(text) - 1)}
    looked = 0
    for bar, real_bar in ((10.0, 15.0), (0.0, 5.0), (-20.0, -15.0)):
        det = Detector(ix, bar, real_bar)
        for written in sorted(pairs):
            bucket = ix.candidates(written)
            if not bucket:
                continue
            own = ix.words.get(written)
            b = (real_bar if own is not None else bar) * QUANT
            win = ix.words.get(written[0], ix.unk_word) + ix.words.get(written[1], ix.unk_word)
            win = max(win, own) if own is not None else win
            want = []
            for j in range(0, len(bucket), 2):
                cand = bucket[j : j + 2]
                if cand == written or (cand[0] != written[0] and cand[1] != written[1]):
                    continue
                i = 0 if cand[1] == written[1] else 1
                d = ix.charlog.get(written[i], 0) - ix.charlog.get(cand[i], 0)
                base = CHANNEL_WEIGHT * min(d, 0)
                local = base + ix.words.get(cand, _NO_WORD) - win
                if local + _LM_GATE >= b:
                    want.append((cand, _FIRST if i == 0 else _SECOND, b, base, local))
            got = det._gate(written, bucket)
            assert got == (own is not None, tuple(want)), written
            looked += len(want)
    assert looked > 20  # the scan had survivors to compare
