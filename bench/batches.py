"""Batch figures: a drafts folder and a folder of distinct units at two sizes, and Ctrl-C.

    python -m bench.batches [--sizes 250,1000] [--smoke]

* ``drafts``: near-copies of a few reports (each the draft of one unit: a few characters
  changed, a paragraph rewritten), the worst case of copy detection — every paragraph has
  hundreds of near-twins, all of the same unit, which FZ601 must not pair.
* ``distinct``: reports of different units (``bench.corpus.make_batch``).
* time of the whole process (``fzlint check DIR --format json``, copy detection on, default
  ``--jobs``), and the ratio time(big)/time(small) (target for 4× the reports: ≤ 4.6).
* ``interrupt_s``: SIGINT to a ``--jobs 2`` batch whose workers are busy → the process has
  exited (median of a few), and whether any process of its group was left.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.corpus import make_batch, make_corpus, paragraph, seed_clauses  # noqa: E402

FZLINT = [sys.executable, "-m", "fzlint"]
DRAFTS_TARGET = 4.6  # time(4n) / time(n)
FAMILIES = 5


def make_drafts(directory: Path, n: int, seed: int = 7) -> int:
    """``n`` drafts of ``FAMILIES`` reports (one unit each); returns the total size in bytes."""
    rng = random.Random(seed)
    clauses = seed_clauses()
    bases = make_corpus(FAMILIES, seed=seed)
    directory.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        base = bases[i % FAMILIES]
        lines = list(base.lines)
        body = [k for k, ln in enumerate(lines) if len(ln) > 40 and k > 2]
        for k in rng.sample(body, min(3, len(body))):  # a few characters changed
            text = list(lines[k])
            for _ in range(rng.randint(1, 4)):
                text[rng.randrange(len(text))] = rng.choice("的了和在是有")
            lines[k] = "".join(text)
        if body:
            lines[rng.choice(body)] = paragraph(rng, clauses)  # a paragraph rewritten
        data = ("\n".join(lines) + "\n").encode("utf-8")
        (directory / f"draft{i:05d}.txt").write_bytes(data)
        total += len(data)
    return total


def time_check(directory: Path, env: dict[str, str], runs: int) -> float:
    cmd = [*FZLINT, "check", str(directory), "--format", "json", "--exit-zero"]
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)  # warm-up
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        r = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        out.append(time.perf_counter() - t)
        if r.returncode != 0:
            raise RuntimeError(r.stderr.decode(errors="replace")[-300:])
    return statistics.median(out)


def _group(pgid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[2]) == pgid:
                        out.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return out


def _as_from_a_terminal() -> None:
    """In the child, before exec: SIGINT as a terminal's foreground job has it.  A process
    started with SIGINT ignored keeps ignoring it (and fzlint rightly leaves it so), and a
    bench started in the background (``python bench/run.py &`` in a script) passes exactly
    that on — the "interrupt" then waited for the whole batch to end (7 s instead of 0.02)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt_once(directory: Path, env: dict[str, str]) -> tuple[float, int]:
    """Seconds from SIGINT (to the process group, as a terminal sends it) to the exit of a
    ``--jobs 2`` batch with busy workers, and how many processes of the group were left."""
    proc = subprocess.Popen([*FZLINT, "check", str(directory), "--jobs", "2", "--format", "json", "--exit-zero"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                            preexec_fn=_as_from_a_terminal)
    try:
        deadline = time.monotonic() + 60
        while len(_group(proc.pid)) < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.5)
        if proc.poll() is not None:
            raise RuntimeError("the batch ended before the interrupt: use a bigger folder")
        t = time.perf_counter()
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=60)
        took = time.perf_counter() - t
        time.sleep(0.1)
        return took, len(_group(proc.pid))
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def run(sizes: tuple[int, int], runs: int, env: dict[str, str], work: Path) -> dict[str, object]:
    out: dict[str, object] = {"sizes": list(sizes)}
    for kind, make in (("drafts", make_drafts), ("distinct", make_batch)):
        times = {}
        for n in sizes:
            d = work / f"{kind}{n}"
            make(d, n)
            times[n] = time_check(d, env, runs if n < 1000 else 1)
        out[f"{kind}_s"] = {str(n): t for n, t in times.items()}
        out[f"{kind}_ratio"] = times[sizes[1]] / times[sizes[0]]
    folder = work / f"distinct{sizes[1]}"
    if sizes[1] < 400:  # the workers must still be busy half a second after they start
        folder = work / "interrupt"
        make_batch(folder, 400)
    got = [interrupt_once(folder, env) for _ in range(3)]
    out["interrupt_s"] = statistics.median(t for t, _ in got)
    out["interrupt_left"] = max(n for _, n in got)
    return out


def print_table(r: dict[str, object]) -> None:
    a, b = r["sizes"]  # type: ignore[misc]
    for kind in ("drafts", "distinct"):
        s = r[f"{kind}_s"]
        print(f"{kind + ' folder (s)':24} {a:>6}: {s[str(a)]:7.2f}  {b:>6}: {s[str(b)]:7.2f}  "  # type: ignore[index]
              f"ratio {r[f'{kind}_ratio']:.2f}" + (f" (target ≤ {DRAFTS_TARGET * (b / a) / 4:.2g})"
                                                   if kind == "drafts" else ""))
    print(f"{'Ctrl-C, --jobs 2 (s)':24} {r['interrupt_s']:.3f}  processes left: {r['interrupt_left']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="250,1000")
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    sizes = (10, 40) if args.smoke else tuple(int(x) for x in args.sizes.split(","))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "FZLINT_NO_CACHE")}
    env["NO_COLOR"] = "1"
    work = Path(tempfile.mkdtemp(prefix="fzlint-batches-"))
    env.setdefault("FZLINT_CACHE_DIR", str(work / "cache"))
    try:
        r = run(sizes, args.runs, env, work)  # type: ignore[arg-type]
    finally:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    print_table(r)
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
