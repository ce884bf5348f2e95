"""Copy detection stays near-linear without losing findings: same-unit buckets are not
paired, identical paragraphs are scored once, and the findings equal those of comparing
every pair of paragraphs directly."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz, process

from bench.corpus import inject_copies, make_corpus
from fzlint.analysis.simindex import grouped_pairs, sketch
from fzlint.checks import copy
from fzlint.checks.base import CorpusDoc
from fzlint.engine import enabled_rules, fingerprint_document, prepare_document
from fzlint.packs.config import Settings
from fzlint.parse import parse


def test_grouped_pairs_never_pairs_one_group_and_bounds_a_family():
    same = sketch("依法行政制度体系进一步健全完善", 4, 75)
    other = sketch("行政执法三项制度全面落实到位", 4, 75)
    # 300 copies of one text in one group: nothing to pair
    assert grouped_pairs([same] * 300, ["A"] * 300) == set()
    # two groups: every cross pair, none inside a group
    pairs = grouped_pairs([same, same, same, other], ["A", "A", "B", "B"], cap=64)
    assert pairs == {(0, 2), (1, 2)}
    # 500 copies in 500 groups: each meets some other, but far fewer than all 124,750 pairs
    many = grouped_pairs([same] * 500, list(range(500)), cap=64)
    assert {i for p in many for i in p} == set(range(500))
    assert len(many) <= 500 * 64


def test_grouped_pairs_with_lengths_keeps_exactly_the_pairs_whose_lengths_pass():
    # Stock phrases in paragraphs of many lengths: buckets of every kind (two members, a
    # few, more than the cap with hubs; one group or several).
    rng = random.Random(3)
    stock = ["依法行政制度体系进一步健全", "行政执法三项制度全面落实", "法治宣传教育深入开展"]
    han = [chr(c) for c in range(0x4E00, 0x4E00 + 2000)]
    texts = [rng.choice(stock) + "".join(rng.choice(han) for _ in range(rng.randint(0, 40))) for _ in range(300)]
    sketches = [sketch(t, 4, 75) for t in texts]
    groups = [k // 3 for k in range(len(texts))]
    lengths = list(map(len, texts))
    ratio = 90 / 110
    for cap in (4, 64):
        every = grouped_pairs(sketches, groups, cap=cap)
        kept = grouped_pairs(sketches, groups, cap=cap, lengths=lengths, ratio=ratio)
        assert kept == {(i, j) for i, j in every if lengths[i] * ratio <= lengths[j] <= lengths[i] / ratio}
        assert 0 < len(kept) < len(every)  # stock phrases paired across lengths: dropped before they are stored


def _corpus_docs(reports):
    settings = Settings(select=("FZ601",))
    ruleset = settings.ruleset()
    docs = []
    for k, r in enumerate(reports):
        doc = prepare_document(parse(r.text, f"{k:03d}.txt"), ruleset, settings)
        fp = fingerprint_document(doc, ruleset, enabled_rules(ruleset, settings))
        docs.append(CorpusDoc(fp.path, fp.issuer, fp.year, fp.unit, False, fp.payloads["FZ601"]))
    rule = ruleset.by_code["FZ601"]
    return docs, rule, ruleset.state(rule)


@pytest.mark.slow
def test_findings_equal_a_direct_comparison_of_every_pair():
    reports = make_corpus(40, seed=11)
    inject_copies(reports, 25, edits=(0, 2, 5))
    for k in range(1, 12):  # one paragraph copied verbatim into many reports
        reports[k].lines[4] = reports[0].lines[4]
    for k in range(20, 26):  # drafts: the same unit's report several times
        reports[k].lines = [reports[20].lines[0], *reports[19].lines[1:]]
    docs, rule, state = _corpus_docs(reports)
    found = {(i, d.start): d for i, d in copy.check_corpus(docs, rule, state)}
    units = [copy._unit_key(d, state) for d in docs]
    paras = [(i, p) for i, d in enumerate(docs) for p in d.data]
    texts = [p.text for _, p in paras]
    expected = {}
    for i, p in paras:  # every pair (a C++ loop per paragraph)
        hits = process.extract(p.text, texts, scorer=fuzz.ratio, score_cutoff=rule.options["threshold"], limit=None)
        scores = [(score, paras[b][0]) for _, score, b in hits
                  if paras[b][0] != i and copy._same_unit(units[i], units[paras[b][0]]) is not True]
        if scores:
            expected[i, p.start] = (round(max(s for s, _ in scores)), len({j for _, j in scores}))
    assert expected, "the corpus has copies"
    assert set(found) == set(expected)
    for key, (score, n_reports) in expected.items():
        data = dict(found[key].data)
        assert int(data["score"]) == score
        assert int(data["other_reports"]) == n_reports


@pytest.mark.parametrize(("extra", "found"), [(20, True), (21, False)])
def test_a_pair_at_the_length_limit_of_the_threshold_is_still_scored(extra, found):
    # fuzz.ratio = 2·LCS / (len + len): a paragraph of 90 characters inside one of 110 scores
    # exactly 90, the threshold, so the pair must be scored (the length filter before
    # rapidfuzz must not drop it); one of 111 scores 89.6 and is not a copy.
    rng = random.Random(5)
    han = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    short = "".join(rng.choice(han) for _ in range(90))
    longer = short + "".join(rng.choice(han) for _ in range(extra))
    reports = make_corpus(2, seed=3)
    reports[0].lines[5], reports[1].lines[6] = short, longer
    docs, rule, state = _corpus_docs(reports)
    hits = {(i, dict(d.data)["score"]) for i, d in copy.check_corpus(docs, rule, state)}
    assert hits == ({(0, "90"), (1, "90")} if found else set())
