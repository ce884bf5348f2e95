"""Batch throughput against zhlint, with the parent's own peak memory (issue 18).

    python -m bench.slim [--reports 1000] [--rounds 3] [--before DIR]

A folder of ``--reports`` reports of different units (``bench.corpus.make_batch``) is
checked by ``fzlint check DIR --format json`` (copy detection on, default ``--jobs``) and by
zhlint (``zhlint '*.txt'`` inside it), alternately, ``--rounds`` times each, so that the
ratio compares runs made under the same load of this shared machine.  ``--before DIR``: a
checkout of another fzlint (e.g. ``git archive main | tar -x -C DIR``) run the same way in
the same rounds (its modules first on ``PYTHONPATH``).

Printed per program: median wall time, the ratio to zhlint's median, the parent process's
peak resident set and CPU time (``getrusage(RUSAGE_SELF)`` at exit: the process that
gathers every result, without its workers) and the largest worker's peak (``RUSAGE_CHILDREN``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.corpus import make_batch  # noqa: E402
from bench.run import ENV, zhlint_cmd  # noqa: E402

# Runs ``python -m fzlint ARGS`` in this process and prints its own peak RSS (kB) when it
# exits (fzlint ends with os._exit; forked workers inherit the hook but are not the parent).
PROBE = r"""
import atexit, os, resource, sys
parent = os.getpid()
real_exit = os._exit
said = []
def tell():
    if os.getpid() == parent and not said:
        said.append(1)
        own = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        sys.stderr.write(f"\nRSS {own.ru_maxrss} {kids} {own.ru_utime + own.ru_stime}\n")
        sys.stderr.flush()
def exit_now(code):
    tell()
    real_exit(code)
os._exit = exit_now
atexit.register(tell)
sys.argv = ["fzlint", *sys.argv[1:]]
from fzlint.__main__ import run
run()
"""


def one_run(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, float, float]:
    """(wall s, parent peak RSS MB, largest worker peak RSS MB, parent CPU s) of one fzlint run.  ``cwd``: not
    a checkout (``python -c`` puts the working directory first on ``sys.path``)."""
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, check=False, cwd=cwd)
    took = time.perf_counter() - t
    tail = r.stderr.decode(errors="replace").strip().splitlines()
    rss = [ln for ln in tail if ln.startswith("RSS ")]
    if r.returncode >= 2 or not rss:
        raise RuntimeError(f"fzlint exited {r.returncode}: {' '.join(tail[-3:])}")
    _, me, kids, cpu = rss[-1].split()
    return took, int(me) / 1024, int(kids) / 1024, float(cpu)


def zh_run(zh: list[str], folder: Path) -> float:
    t = time.perf_counter()
    subprocess.run([*zh, "*.txt"], cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--before", help="another fzlint checkout to time in the same rounds")
    ap.add_argument("--variant", action="append", default=[],
                    help="NAME:KEY=VALUE: this checkout again with one more environment variable")
    ap.add_argument("--jobs", help="--jobs for fzlint (default: fzlint's own default)")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="fzlint-slim-"))
    folder = work / "batch"
    size = make_batch(folder, args.reports)
    fz_args = ["check", str(folder), "--format", "json", "--exit-zero", *(["--jobs", args.jobs] if args.jobs else [])]
    here = {**ENV, "FZLINT_CACHE_DIR": str(work / "cache-after"), "PYTHONPATH": str(HERE.parent)}
    programs: dict[str, dict[str, str]] = {"after": here}
    if args.before:
        programs["before"] = {**ENV, "FZLINT_CACHE_DIR": str(work / "cache-before"),
                              "PYTHONPATH": os.path.abspath(args.before)}
    for v in args.variant:
        name, kv = v.split(":", 1)
        key, value = kv.split("=", 1)
        programs[name] = {**programs["after"], key: value}
    zh = zhlint_cmd()
    times: dict[str, list[float]] = {name: [] for name in [*programs, *(["zhlint"] if zh else [])]}
    rss: dict[str, list[tuple[float, float, float]]] = {name: [] for name in programs}
    try:
        for env in programs.values():  # warm-up: byte-compiled modules, the user cache
            one_run(fz_args, env, work)
        for _ in range(args.rounds):
            for name, env in programs.items():
                t, me, kids, cpu = one_run(fz_args, env, work)
                times[name].append(t)
                rss[name].append((me, kids, cpu))
            if zh:
                times["zhlint"].append(zh_run(zh, folder))
    finally:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    out: dict[str, object] = {"reports": args.reports, "mb": size / 1e6, "rounds": args.rounds, "times": times,
                              "rss_mb": rss, "load": os.getloadavg()}
    zmed = statistics.median(times["zhlint"]) if zh else None
    print(f"{args.reports} reports ({size / 1e6:.1f} MB), {args.rounds} alternating rounds, load {os.getloadavg()[0]:.1f}")
    for name, ts in times.items():
        med = statistics.median(ts)
        line = f"{name:8} median {med:6.2f} s  runs {' '.join(f'{t:.2f}' for t in ts)}"
        if zmed and name != "zhlint":
            line += f"  ratio {med / zmed:.2f}"
            out[f"{name}_vs_zhlint"] = med / zmed
        if name in rss:
            line += (f"  parent RSS {statistics.median(m for m, _, _ in rss[name]):.0f} MB"
                     f"  largest worker {statistics.median(k for _, k, _ in rss[name]):.0f} MB"
                     f"  parent CPU {statistics.median(c for _, _, c in rss[name]):.1f} s")
        print(line)
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
