"""Cost of the rules of issue 16 §1, §6 (FZ116 genre, FZ117 enumeration ordinals, FZ316/FZ317
calendar, FZ604 repeated paragraph, and the FZ315 patterns added there): per-rule check time
on synthetic reports (bench/corpus.py), and on reports 10× and 100× longer (linear growth).

    python -m bench.issue16_rules            # 200 reports, 1 MB report
    python -m bench.issue16_rules --smoke    # tiny sizes
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import big_report, make_corpus  # noqa: E402
from fzlint.checks import CHECKS  # noqa: E402
from fzlint.checks.genre import classify  # noqa: E402
from fzlint.engine import new_context, prepare_document  # noqa: E402
from fzlint.packs.config import Settings  # noqa: E402
from fzlint.parse import parse  # noqa: E402

CODES = ("FZ116", "FZ117", "FZ315", "FZ316", "FZ317", "FZ604")


def per_rule_ms(texts: list[str]) -> dict[str, float]:
    settings = Settings()
    ruleset = settings.ruleset()
    rules = [r for r in ruleset.rules if r.code in CODES]
    for r in rules:
        ruleset.state(r)
    docs = [prepare_document(parse(t, f"r{i}.txt"), ruleset, settings) for i, t in enumerate(texts)]
    out: dict[str, list[float]] = {r.code: [] for r in rules}
    out["FZ116 classify"] = []
    genre_state = ruleset.state(next(r for r in rules if r.code == "FZ116"))
    for doc in docs:
        ctx = new_context(doc, ruleset)
        for r in rules:
            t0 = time.perf_counter()
            list(CHECKS[r.check].check(doc, r, ruleset.state(r), ctx))
            out[r.code].append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        classify(doc, genre_state)
        out["FZ116 classify"].append((time.perf_counter() - t0) * 1000)
    return {k: statistics.median(v) for k, v in out.items()}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    args = ap.parse_args()
    n = 10 if args.smoke else 200
    reports = ["\n".join(r.lines) + "\n" for r in make_corpus(n, seed=16)]
    size = statistics.median(len(t.encode("utf-8")) for t in reports)
    results: dict[str, object] = {"reports": n, "median_bytes": size, "per_report_ms": per_rule_ms(reports)}
    growth = {}
    for target in ((20_000, 200_000) if args.smoke else (100_000, 1_000_000)):
        text = big_report(target)
        growth[str(target)] = per_rule_ms([text])
    results["big_report_ms"] = growth
    print(f"issue 16 rules: median per report ({n} synthetic reports, median {size / 1000:.1f} KB), ms")
    for k, v in results["per_report_ms"].items():  # type: ignore[attr-defined]
        print(f"  {k:16s} {v:7.3f}")
    for target, figs in growth.items():
        print(f"one report of {int(target) // 1000} KB, ms: " + ", ".join(f"{k} {v:.1f}" for k, v in figs.items()))
    if not args.smoke:  # the smoke run's tiny figures do not replace the recorded ones
        (ROOT / "bench" / "issue16_rules.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
