"""FZ413 (the ``sequence`` check): fixed formulations in another order, one item missing
or changed — and the ways a sentence legitimately uses part of a formulation."""

from __future__ import annotations

import pytest

from fzlint.fixes import apply_edits

from ..conftest import lint

HEAD = "某街道2023年法治政府建设情况报告\n"


def findings(body: str, code: str = "FZ413"):
    return [d for d in lint(HEAD + body, select=(code,)) if d.code == code]


def fixed(body: str) -> str:
    return apply_edits(HEAD + body, findings(body))[0][len(HEAD) :]


@pytest.mark.parametrize(
    ("bad", "right"),
    [
        ("教育引导居民尊法学法用法守法。", "教育引导居民尊法学法守法用法。"),
        ("全面推进严格执法、科学立法、公正司法、全民守法。", "全面推进科学立法、严格执法、公正司法、全民守法。"),
        ("坚持法治政府、法治国家、法治社会一体建设。", "坚持法治国家、法治政府、法治社会一体建设。"),
        ("推进依法执政、依法治国、依法行政共同推进。", "推进依法治国、依法执政、依法行政共同推进。"),
        ("全面落实规范严格公正文明执法要求。", "全面落实严格规范公正文明执法要求。"),
        # the separators stay where the writer put them
        ("严格履行公众参与、风险评估、专家论证、合法性审查和集体讨论决定程序。",
         "严格履行公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序。"),
        ("深化简政放权、优化服务、放管结合改革。", "深化简政放权、放管结合、优化服务改革。"),
        ("全面落实“谁普法谁执法”责任制。", "全面落实“谁执法谁普法”责任制。"),
        ("牢固树立政治意识、核心意识、大局意识、看齐意识。", "牢固树立政治意识、大局意识、核心意识、看齐意识。"),
    ],
)
def test_order_is_reported_and_fixed_in_the_canonical_order(bad, right):
    diags = findings(bad)
    assert len(diags) == 1, diags
    assert "顺序" in diags[0].message and "（" in diags[0].message  # names its source
    assert diags[0].fix is not None and not diags[0].fix.safe
    assert fixed(bad) == right
    assert findings(right) == []  # the correct twin


def test_a_missing_item_of_the_four_qinzi_is_reported_without_a_fix():
    bad = "主要负责人对法治建设重要工作亲自部署、重大问题亲自过问、重要任务亲自督办。"
    diags = findings(bad)
    assert len(diags) == 1 and "缺少“重点环节亲自协调”" in diags[0].message
    assert diags[0].fix is None
    twin = "主要负责人对法治建设重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要任务亲自督办。"
    assert findings(twin) == []


def test_a_missing_aim_of_the_2021_plan_is_reported():
    bad = "加快建设职能科学、权责法定、执法严明、公开公正、廉洁诚信、人民满意的法治政府。"
    diags = findings(bad)
    assert len(diags) == 1 and "智能高效" in diags[0].message


def test_a_changed_item_is_named_and_fixed():
    bad = "建设职能科学、权责法定、执法严格、公开公正、智能高效、廉洁诚信、人民满意的法治政府。"
    diags = findings(bad)
    assert len(diags) == 1 and "“执法严格”应为“执法严明”" in diags[0].message
    assert "执法严明" in fixed(bad) and "执法严格" not in fixed(bad)


@pytest.mark.parametrize(
    "body",
    [
        # only part of a formulation, on purpose, in its order or not
        "机关干部带头学法用法，群众守法意识明显增强。",
        "坚持严格执法和公正司法，推动全民守法。",
        "推动公正司法、严格执法，维护群众合法权益。",
        "推进公正文明执法，规范执法行为。",
        "对重大问题亲自过问、重要任务亲自督办。",
        # items separated by other words are two mentions, not a run
        "坚持严格执法，推进科学立法，保障公正司法，引导全民守法。",
        "法治政府建设走在前列，法治国家、法治社会建设协同推进。",
        # other legitimate formulations of the same content
        "领导干部带头学法尊法守法用法。",
        "建设职能科学、权责法定、执法严明、公开公正、廉洁高效、守法诚信的法治政府。",
        "完善党委领导、政府负责、社会协同、公众参与、法治保障的社会治理体制。",
        "协调推进全面建成小康社会、全面深化改革、全面依法治国、全面从严治党。",
        "引导群众办事依法、遇事找法、解决问题靠法。",
        # a run without the head word it needs is ordinary prose
        "执法程序规范、严格，结果公正、文明。",
        "法治政府、法治国家、法治社会建设的总体要求。",
        # the formulation as a title is FZ405's business
        "印发《关于科学立法、公正司法、严格执法、全民守法的实施意见》。",
    ],
)
def test_legitimate_uses_stay_silent(body):
    assert findings(body) == []


def test_near_misses_already_reported_by_fz404_or_fz403_are_not_repeated():
    body = "推进科学立法、严格执法、公正司法、全面守法。"
    assert [d.code for d in lint(HEAD + body, select=("FZ404", "FZ413"))] == ["FZ404"]
    body = "对重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要案件亲自督办。"
    assert [d.code for d in lint(HEAD + body, select=("FZ403", "FZ413"))] == ["FZ403"]


def test_every_formula_names_a_public_source():
    from fzlint.packs.loader import load_ruleset

    rule = load_ruleset().by_code["FZ413"]
    for f in rule.options["formulas"]:
        assert "《" in f["source"] or "报告" in f["source"], f["items"]
        assert "domain.md" not in f["source"]


def test_a_pack_formula_with_a_repeated_item_is_refused(tmp_path):
    from fzlint.packs.loader import load_ruleset

    pack = tmp_path / "p.yaml"
    pack.write_text(
        "pack: p\nrules:\n  - code: XQ413\n    name: x\n    check: sequence\n    severity: warning\n"
        "    summary: s\n    message: '{match}'\n    missing_message: '{item}'\n    changed_message: '{item}'\n"
        "    explain: {what: w, why: y, example: e, fix: f}\n    source: s\n"
        "    formulas:\n      - {items: [甲乙, 甲乙], source: s}\n", encoding="utf-8")
    with pytest.raises(Exception, match="不能重复"):
        load_ruleset([pack], builtin=False)


def test_a_long_line_of_formulations_costs_one_pass():
    import time

    line = "尊法学法用法守法，科学立法、严格执法、公正司法、全面守法，重要工作亲自部署；" * 1000  # ~35 K characters on one line
    t = time.perf_counter()
    diags = findings(line)
    assert len(diags) == 1000  # one order finding per repetition; the near miss is FZ404's
    assert time.perf_counter() - t < 10.0
