"""``fzlint serve`` under load, on loopback: ``--uploads`` clients upload a report of about
``--kb`` kilobytes each to ``POST /api/check`` at the same moment.

Starts ``fzlint serve --port 0`` as a real process (``--workers`` worker processes; the
default is the server's: every CPU), waits until it answers, sends one warm-up upload, then
releases all clients at once (one thread each, a fresh connection each) and measures, per
upload, the time from sending to the complete answer.  Prints every answer's status count,
p50/p95/max latency, the wall time of the burst, and the server's resident memory (the
server process and its workers, sampled from /proc during the burst; the peak and after).
The reports are different (``bench/corpus.py``: clauses of the seeds recombined, figures
varied), so no answer can be cached.  The last line is JSON for ``bench/run.py``.

    python bench/serve.py --uploads 50 --kb 20
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import make_corpus, paragraph, seed_clauses  # noqa: E402


def reports(n: int, kb: int) -> list[bytes]:
    """``n`` different reports of at least ``kb`` KB: generated ones, padded with more
    paragraphs in their first part."""
    rng = random.Random(7)
    clauses = seed_clauses()
    out = []
    for r in make_corpus(n, seed=5):
        lines = list(r.lines)
        at = next(k for k, ln in enumerate(lines) if ln.startswith("二、"))
        while len("\n".join(lines).encode("utf-8")) < kb * 1024:
            lines.insert(at, paragraph(rng, clauses))
        out.append(("\n".join(lines) + "\n").encode("utf-8"))
    return out


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "fzlint-bench-boundary"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: text/plain\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def upload(url: str, name: str, data: bytes) -> tuple[int, float, int]:
    """(HTTP status, seconds, findings) of one upload."""
    body, ctype = multipart(name, data)
    req = urllib.request.Request(url + "api/check", data=body, headers={"Content-Type": ctype})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=600) as resp:
            payload = resp.read()
            status = resp.status
    except urllib.error.HTTPError as e:
        return e.code, time.perf_counter() - t0, 0
    elapsed = time.perf_counter() - t0
    return status, elapsed, len(json.loads(payload)["findings"])


def tree_rss_kb(pid: int) -> tuple[int, int]:
    """(the process's resident set, with all its descendants) in kB, from /proc."""
    own = total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii", errors="replace") as fh:
                rss = next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            total += rss
            own = rss if p == pid else own
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            continue
    return own, total


def start(workers: int | None) -> tuple[subprocess.Popen[str], str]:
    args = [sys.executable, "-m", "fzlint", "serve", "--port", "0"]
    if workers:
        args += ["--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8")
    assert proc.stdout is not None
    first = proc.stdout.readline()
    m = re.search(r"http://[^/\s]+/", first)
    if not m:
        proc.kill()
        raise SystemExit(f"fzlint serve did not start: {first}{proc.stderr.read() if proc.stderr else ''}")
    url = m.group(0)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "healthz", timeout=5):
                return proc, url
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise
            time.sleep(0.05)


def percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--uploads", type=int, default=50)
    ap.add_argument("--kb", type=int, default=20)
    ap.add_argument("--workers", type=int, default=None, help="the server's --workers (default: its own)")
    args = ap.parse_args()

    docs = reports(args.uploads + 1, args.kb)
    proc, url = start(args.workers)
    peak = [0, 0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            own, total = tree_rss_kb(proc.pid)
            peak[0], peak[1] = max(peak[0], own), max(peak[1], total)
            time.sleep(0.01)

    try:
        t0 = time.perf_counter()
        warm = upload(url, "warm-up.txt", docs[-1])
        first_ms = 1000 * (time.perf_counter() - t0)
        _, idle_total = tree_rss_kb(proc.pid)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        gate = threading.Barrier(args.uploads)

        def client(i: int) -> tuple[int, float, int]:
            gate.wait()
            return upload(url, f"报告{i:02d}.txt", docs[i])

        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.uploads) as ex:
            got = list(ex.map(client, range(args.uploads)))
        wall = time.perf_counter() - t0
        stop.set()
        sampler.join()
        after_own, after_total = tree_rss_kb(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    statuses: dict[str, int] = {}
    for status, _, _ in got:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    ms = [1000 * s for _, s, _ in got]
    sizes = [len(d) for d in docs[:-1]]
    figures = {
        "uploads": args.uploads,
        "kb_each": round(statistics.mean(sizes) / 1024, 1),
        "workers": args.workers or "default",
        "statuses": statuses,
        "answered": sum(1 for s, _, n in got if s == 200 and n > 0),
        "warm_up_status": warm[0],
        "first_request_ms": round(first_ms, 1),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(percentile(ms, 0.95), 1),
        "max_ms": round(max(ms), 1),
        "wall_s": round(wall, 2),
        "uploads_per_s": round(args.uploads / wall, 1),
        "rss_idle_mb": round(idle_total / 1024, 1),
        "rss_peak_mb": round(peak[1] / 1024, 1),
        "rss_peak_server_process_mb": round(peak[0] / 1024, 1),
        "rss_after_mb": round(after_total / 1024, 1),
        "rss_after_server_process_mb": round(after_own / 1024, 1),
    }
    print(f"{args.uploads} concurrent uploads of {figures['kb_each']} KB to POST /api/check "
          f"(server --workers {figures['workers']}):")
    print(f"  answered 200 with findings: {figures['answered']}/{args.uploads}  statuses: {statuses}")
    print(f"  latency p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms; "
          f"burst {figures['wall_s']} s ({figures['uploads_per_s']} uploads/s); first request {figures['first_request_ms']} ms")
    print(f"  server RSS (process + workers): idle {figures['rss_idle_mb']} MB, peak {figures['rss_peak_mb']} MB, "
          f"after {figures['rss_after_mb']} MB; server process alone peak {figures['rss_peak_server_process_mb']} MB")
    print(json.dumps(figures, ensure_ascii=False))
    return 0 if figures["answered"] == args.uploads else 1


if __name__ == "__main__":
    raise SystemExit(main())
