"""FZ409 (same-pinyin typo detector) cost: load, per-report time, and what enabling it adds.

    python bench/typo.py              # prints a table, then one JSON line (bench/run.py reads it)
    python bench/typo.py --smoke      # fewer repetitions

Figures (CPU time of this process, so other load on the shared machine counts less):

- ``typo_load_ms``: reading and unpacking ``fzlint/data/typo.idx`` in a fresh process
  (``index.load()``), median of fresh processes; ``typo_import_ms``: importing ``fzlint.typo``
  before it in the same processes (mostly ``re``, ``dataclasses`` and ``importlib.resources``,
  which a lint run has imported already);
- ``typo_ms_per_20kb``: the detector on a 20 KB report (the seeds' text, cut to 20,000 UTF-8
  bytes) with a fresh detector (nothing memoised), median; ``typo_warm_ms_per_20kb``: the same
  text again with the same detector (an editor re-linting after an edit);
- ``typo_default_loads``: whether a default run (FZ409 not selected) loaded the index (must be
  false); ``cold_fz409_ms`` / ``cold_default_ms``: ``fzlint check`` of one seed with and without
  ``--select FZ409`` (wall time, fresh processes, median);
- ``ref_loop_ms``: an empty 2-million-iteration Python loop in the same run (CPU time; ~25 ms
  on an idle core of this machine's class), to scale the figures of a loaded machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = ROOT / "seeds" / "000_1fc3b7a414b55ec1.txt"

LOAD = """
import time
t = time.process_time()
from fzlint.typo import index
t1 = time.process_time()
index.load()
print((t1 - t) * 1000, (time.process_time() - t1) * 1000)
"""

DEFAULT_LOADS = """
import sys
from fzlint import lint_text
from fzlint.typo import index
lint_text(open(sys.argv[1], encoding="utf-8").read())
print("true" if index.loaded() else "false")
"""


def text_20kb() -> str:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    return text.encode("utf-8")[:20_000].decode("utf-8", "ignore")


def py(code: str, *args: str) -> str:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
                          cwd=ROOT).stdout.strip()


def wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False, cwd=ROOT)
        times.append(time.perf_counter() - t)
    return 1000 * statistics.median(times)


def measure(runs: int) -> dict[str, object]:
    sys.path.insert(0, str(ROOT))
    from fzlint.typo import Detector, index

    out: dict[str, object] = {}
    # a fixed pure-Python workload timed in the same run: how slow the shared machine is now
    refs = []
    for _ in range(runs):
        t = time.process_time()
        for _i in range(2_000_000):
            pass
        refs.append(time.process_time() - t)
    out["ref_loop_ms"] = 1000 * statistics.median(refs)
    loads = [tuple(map(float, py(LOAD).split())) for _ in range(runs)]
    out["typo_import_ms"] = statistics.median(i for i, _ in loads)
    out["typo_load_ms"] = statistics.median(x for _, x in loads)
    out["typo_data_mb"] = (ROOT / "fzlint" / "data" / "typo.idx").stat().st_size / 1e6
    ix = index.load()
    text = text_20kb()
    cold, warm = [], []
    for _ in range(runs):
        det = Detector(ix)
        t = time.process_time()
        det.find(text)
        cold.append(time.process_time() - t)
        t = time.process_time()
        det.find(text)
        warm.append(time.process_time() - t)
    out["typo_ms_per_20kb"] = 1000 * statistics.median(cold)
    out["typo_warm_ms_per_20kb"] = 1000 * statistics.median(warm)
    out["typo_default_loads"] = py(DEFAULT_LOADS, str(SEED)) == "true"
    fz = [sys.executable, "-m", "fzlint", "check", str(SEED), "--exit-zero", "--format", "json"]
    wall(fz, 1)  # fill the user cache
    out["cold_default_ms"] = wall(fz, runs)
    out["cold_fz409_ms"] = wall([*fz, "--select", "FZ409"], runs)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    a = ap.parse_args()
    r = measure(3 if a.smoke else 11)
    for k, v in r.items():
        print(f"{k:28} {v:.1f}" if isinstance(v, float) else f"{k:28} {v}", file=sys.stderr)
    print(json.dumps(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
