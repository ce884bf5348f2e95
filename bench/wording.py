"""Cost of the wording and punctuation rules of issue 16 §3–5 (FZ411–FZ414, FZ512, FZ513).

``python -m bench.wording`` prints, for a ~20 KB report built from the seeds' clauses
(bench.corpus.big_report), the warm time of each rule (best of N runs, less the time of parsing and one cheap rule; the rule's
state built once beforehand), the time of all rules together, and what the new rules add
to it; plus the time to build each new rule's state (paid once per process: the laws
index of FZ414, the sequence index of FZ413).  ``--json`` prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import big_report

NEW = ("FZ411", "FZ412", "FZ413", "FZ414", "FZ512", "FZ513")


def _median_ms(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return 1000 * min(times)  # the best run: the machine is shared, noise only adds time


def measure(runs: int = 30, kb: int = 20) -> dict[str, float]:
    from fzlint.checks import CHECKS
    from fzlint.engine import lint_text
    from fzlint.packs.config import Settings
    from fzlint.packs.loader import load_ruleset

    text = big_report(kb * 1000)
    rs = load_ruleset()
    out: dict[str, float] = {"report_kb": len(text.encode("utf-8")) / 1000}
    for code in NEW:
        rule = rs.by_code[code]
        t = time.perf_counter()
        CHECKS[rule.check].prepare(rule)
        out[f"{code}_prepare_ms"] = 1000 * (time.perf_counter() - t)
    base = Settings(select=("FZ501",))  # parsing and one cheap rule: subtracted from each figure
    lint_text(text, "r.txt", base)
    out["baseline_ms"] = _median_ms(lambda: lint_text(text, "r.txt", base), runs)
    for code in NEW:
        settings = Settings(select=("FZ501", code))
        lint_text(text, "r.txt", settings)  # warm: state built, regexes compiled
        out[f"{code}_ms"] = _median_ms(lambda s=settings: lint_text(text, "r.txt", s), runs)  # type: ignore[misc]
    everything = Settings()
    without = Settings(ignore=NEW)
    lint_text(text, "r.txt", everything)
    lint_text(text, "r.txt", without)
    out["all_rules_ms"] = _median_ms(lambda: lint_text(text, "r.txt", everything), runs)
    out["without_new_ms"] = _median_ms(lambda: lint_text(text, "r.txt", without), runs)
    out["new_rules_share"] = (out["all_rules_ms"] - out["without_new_ms"]) / out["all_rules_ms"]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--kb", type=int, default=20)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    r = measure(args.runs, args.kb)
    if args.json:
        print(json.dumps(r))
        return 0
    print(f"report: {r['report_kb']:.1f} KB; best of {args.runs} warm runs; parsing and FZ501 alone "
          f"{r['baseline_ms']:.1f} ms, subtracted below")
    for code in NEW:
        own = r[f"{code}_ms"] - r["baseline_ms"]
        print(f"  {code}: {own:6.2f} ms  (state built once in {r[f'{code}_prepare_ms']:.2f} ms)")
    print(f"  all rules: {r['all_rules_ms']:.1f} ms; without the six: {r['without_new_ms']:.1f} ms "
          f"(the six add {100 * r['new_rules_share']:.0f} %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
