"""Benchmark: copy detection (FZ601) with the MinHash-LSH index vs all pairs.

    python -m bench.copy_index [--sizes 100,250,500,1000] [--brute-max 250] [--json out.json]

For each corpus size N (synthetic reports, bench/corpus.py, with N/10 paragraphs
copied between reports: half verbatim, half with 3 characters changed) it reports

* ``paragraphs`` compared and ``possible`` pairs of paragraphs (all pairs);
* ``candidates``: pairs the index hands to rapidfuzz, and their share of all pairs;
* ``corpus s``: time of FZ601's corpus pass (index + rapidfuzz verification);
* ``recall``: injected copies found;
* for N ≤ ``--brute-max``: the brute-force time (rapidfuzz ``process.extract`` of each
  paragraph against all later ones, score_cutoff = the rule's threshold) and whether the index found
  every cross-report pair that brute force found.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from fzlint.analysis.simindex import Stats, candidate_pairs
from fzlint.checks.base import CorpusDoc
from fzlint.engine import enabled_rules, fingerprint_document, prepare_document
from fzlint.packs.config import Settings
from fzlint.parse import parse

from .corpus import inject_copies, make_corpus


def run(n: int, brute_max: int, lsh: tuple[int, int] | None = None) -> dict[str, object]:
    from rapidfuzz import fuzz

    from fzlint.checks import copy

    reports = make_corpus(n, seed=n)
    injected = inject_copies(reports, max(2, n // 10), seed=1, edits=(0, 3))
    packs: tuple[str, ...] = ()
    if lsh is not None:  # try other LSH parameters without editing rules/copy.yaml
        import tempfile

        pack = Path(tempfile.mkdtemp()) / "lsh.yaml"
        pack.write_text(f"pack: bench\noverride:\n  FZ601: {{bands: {lsh[0]}, rows: {lsh[1]}}}\n", encoding="utf-8")
        packs = (str(pack),)
    settings = Settings(select=("FZ601",), rule_packs=packs)
    ruleset = settings.ruleset()
    rule = ruleset.by_code["FZ601"]
    state = ruleset.state(rule)
    t0 = time.perf_counter()
    docs = []
    for i, r in enumerate(reports):
        doc = prepare_document(parse(r.text, f"{i:04d}.txt"), ruleset, settings)
        fp = fingerprint_document(doc, ruleset, enabled_rules(ruleset, settings))
        assert fp is not None
        docs.append(CorpusDoc(fp.path, fp.issuer, fp.year, fp.unit, False, fp.payloads["FZ601"]))
    t_fp = time.perf_counter() - t0

    t0 = time.perf_counter()
    found = list(copy.check_corpus(docs, rule, state))
    t_corpus = time.perf_counter() - t0

    paras = [(i, p) for i, d in enumerate(docs) for p in d.data]
    stats = Stats()
    candidate_pairs([p.sketch for _, p in paras], None, rule.options["bands"], rule.options["rows"],
                    lambda a, b: paras[a][0] != paras[b][0], stats)
    flagged = {(i, d.line) for i, d in found}
    # Injected copies that reach the threshold after normalisation (an edit can land on
    # punctuation and become an insertion) are the ones that must be found.
    text_at = {(i, p.line): p.text for i, d in enumerate(docs) for p in d.data}
    due = [(a, la + 1, b, lb + 1) for a, la, b, lb in injected
           if (a, la + 1) in text_at and (b, lb + 1) in text_at
           and fuzz.ratio(text_at[a, la + 1], text_at[b, lb + 1]) >= rule.options["threshold"]]
    recall = sum((b, lb) in flagged and (a, la) in flagged for a, la, b, lb in due) / max(1, len(due))
    out: dict[str, object] = {
        "reports": n, "paragraphs": len(paras), "possible": stats.possible_pairs, "candidates": stats.candidates,
        "candidate_share": stats.candidates / max(1, stats.possible_pairs), "fingerprint_s": round(t_fp, 3),
        "corpus_s": round(t_corpus, 3), "findings": len(found), "injected": len(injected), "injected_due": len(due), "recall": recall,
        "bands": rule.options["bands"], "rows": rule.options["rows"],
    }
    if n <= brute_max:
        from rapidfuzz import fuzz, process

        texts = [p.text for _, p in paras]
        t0 = time.perf_counter()
        brute = set()
        for a, text in enumerate(texts):
            # C++ loop over the later paragraphs: every pair once.
            for _, _, b in process.extract(text, texts[a + 1 :], scorer=fuzz.ratio,
                                           score_cutoff=rule.options["threshold"], limit=None):
                if paras[a][0] != paras[a + 1 + b][0]:
                    brute.add((a, a + 1 + b))
        t_brute = time.perf_counter() - t0
        brute_lines = {(paras[a][0], paras[a][1].line) for pair in brute for a in pair}
        out.update(brute_s=round(t_brute, 3), brute_pairs=len(brute),
                   index_found_all_brute=brute_lines <= flagged,
                   index_missed=len(brute_lines - flagged))
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,250,500,1000")
    ap.add_argument("--brute-max", type=int, default=250)
    ap.add_argument("--lsh", help="bands,rows instead of the pack's values")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    lsh = tuple(int(x) for x in args.lsh.split(",")) if args.lsh else None
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        row = run(n, args.brute_max, lsh)  # type: ignore[arg-type]
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, ensure_ascii=False, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
