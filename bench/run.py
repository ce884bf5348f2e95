"""fzlint benchmark: prints a table and writes JSON.  Run by hand; CI runs ``--smoke``.

    python bench/run.py                # full run (a few minutes)
    python bench/run.py --smoke        # tiny sizes, checks that every figure can be produced
    python bench/run.py --json out.json

Figures (medians; the machine is shared and noisy, so zhlint is timed in the same run
and the comparison is printed as a ratio):

1. cold single-file latency, whole process, ``full`` and ``--format json``
2. batch throughput, 1,000 generated reports, ``--jobs 1`` and default ``--jobs``
3. scaling: 250 / 1,000 / 4,000 reports (wall, and CPU of the process and its workers);
   a 10 MB report; a 1 MB single line
4. LSP: ``didChange`` → ``publishDiagnostics`` on a 20 KB report, median of 50 edits;
   the HTML review page of 500 reports: size, load and time to interactive (bench/html_page.py)
7. hostile shapes at 0.25/0.5/1 MB with the ratio per doubling (``bench/shapes.py``); a
   drafts folder and a folder of distinct units at 250 and 1,000 reports, and Ctrl-C of a
   ``--jobs 2`` batch (``bench/batches.py``)
5. peak RSS for 1 and for 1,000 reports (the largest process, and for the batch also the
   whole process tree: the parent plus its workers, sampled from /proc; and the parent's
   own, ``bench/slim.py``)
6. zhlint (npm) on the same inputs, as a ratio; skipped with a note when npm is missing.  The
   cold single file and the 1,000-report batch are timed in alternation with zhlint (fzlint,
   zhlint, fzlint, zhlint…: the machine's speed drifts over minutes), medians of each

fzlint runs as an installed copy would: byte-compiled modules and its user cache
(rule packs, compiled regexes; ``fzlint/infra/cache.py``) filled by the warm-up run, in a
cache directory of the bench's own.  ``cold_nocache_ms`` is the first run ever (or
``FZLINT_NO_CACHE=1``).  ``--smoke`` exits 1 when a figure is missing (never because a
target is missed: the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import big_report, make_batch, single_line  # noqa: E402

SEED = ROOT / "seeds" / "000_1fc3b7a414b55ec1.txt"



def fzlint_command() -> list[str]:
    """How a user starts fzlint: the ``fzlint`` command pip installed next to this
    interpreter (``python -m fzlint`` also loads :mod:`runpy` and its imports, ~5 ms of a
    ~150 ms cold run that no user pays); ``python -m fzlint`` when there is no such command."""
    script = Path(sys.executable).with_name("fzlint.exe" if os.name == "nt" else "fzlint")
    return [str(script)] if script.is_file() and os.access(script, os.X_OK) else [sys.executable, "-m", "fzlint"]


FZLINT = fzlint_command()
# As an installed copy runs: byte-compiled modules (a pip install writes them; a checkout
# writes them on the warm-up run) and a user cache, here one of the bench's own.
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "FZLINT_NO_CACHE")}
ENV["NO_COLOR"] = "1"
ZHLINT_VERSION = "0.8.2"
ZHLINT_HOME = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "fzlint-bench" / f"zhlint-{ZHLINT_VERSION}"

TARGETS = {
    "cold_full_ms": ("≤", 150.0),
    "batch_1000_default_s": ("≤", 3.0),
    "lsp_change_ms": ("≤", 20.0),
    "rss_1_mb": ("≤", 120.0),
    "typo_load_ms": ("≤", 150.0),
    "typo_ms_per_20kb": ("≤", 20.0),
    "scaling_4x_ratio": ("≤", 4.2),
    "cold_vs_zhlint": ("≤", 0.6),
    "batch_vs_zhlint": ("≤", 0.8),
    "drafts_ratio": ("≤", 4.6),
    "interrupt_s": ("≤", 0.5),
}


def run_timed(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> float:
    """Wall time of one run; a run that fails (exit ≥ 2) is an error, not a figure."""
    t = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - t
    if r.returncode >= 2 and "zhlint" not in cmd[0]:
        raise RuntimeError(f"{' '.join(cmd)} exited {r.returncode}: {r.stderr.decode(errors='replace')[:300]}")
    return elapsed


def median_time(cmd: list[str], runs: int, cwd: Path | None = None, env: dict[str, str] | None = None) -> float:
    run_timed(cmd, cwd, env)  # warm-up (page cache, pyc, fzlint's user cache)
    return statistics.median(run_timed(cmd, cwd, env) for _ in range(runs))


def cpu_and_wall(cmd: list[str], runs: int) -> tuple[float, float]:
    """Medians of the CPU time (user + system of the process and every worker it waited for:
    this process's children rusage before and after) and of the wall time, after a warm-up.
    CPU is the figure to compare between sizes on a shared machine: it does not count the
    time other processes held the cores."""
    import resource

    run_timed(cmd)
    cpu, wall = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall.append(run_timed(cmd))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(cpu), statistics.median(wall)


def paired_medians(a: list[str], b: list[str], runs: int, cwd_b: Path | None = None) -> tuple[float, float]:
    """Medians of ``a`` and ``b`` run in alternation (a, b, a, b…) after one warm-up each: the
    shared machine's speed drifts over minutes, so two figures to be compared as a ratio are
    taken side by side, not minutes apart."""
    run_timed(a)
    run_timed(b, cwd_b)
    ta, tb = [], []
    for _ in range(runs):
        ta.append(run_timed(a))
        tb.append(run_timed(b, cwd_b))
    return statistics.median(ta), statistics.median(tb)


def peak_rss_mb(cmd: list[str]) -> float:
    """Largest resident set of the command or any of its worker processes (rusage)."""
    probe = (
        "import resource,subprocess,sys;"
        "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *cmd], env=ENV, capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024.0


def _tree_rss_kb(pid: int) -> int:
    """Resident set of ``pid`` and all its descendants now (Linux /proc), in kB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii", errors="replace") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            continue
    return total


def peak_tree_rss_mb(cmd: list[str]) -> float | None:
    """Largest sum of resident sets of the command and its workers, sampled every 5 ms."""
    if not Path("/proc/self/task").is_dir():
        return None
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(0.005)
    return peak / 1024.0


def zhlint_cmd() -> list[str] | None:
    """zhlint, installed once with npm into a cache directory; None when npm is unavailable."""
    if not shutil.which("npm"):
        return None
    prefix = ZHLINT_HOME
    binary = prefix / "node_modules" / ".bin" / "zhlint"
    if not binary.exists():
        prefix.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(prefix),
                            f"zhlint@{ZHLINT_VERSION}"], capture_output=True, text=True, timeout=600)
        if r.returncode != 0 or not binary.exists():
            return None
    return [str(binary)]


REQUIRED = ("cold_full_ms", "cold_json_ms", "cold_nocache_ms", "batch_1000_jobs1_s", "batch_1000_default_s",
            "batch_files_per_s", "batch_mb_per_s", "scaling_4x_ratio", "scaling_4x_cpu_ratio", "big_report_s", "single_line_s",
            "lsp_change_ms", "rss_1_mb", "rss_1000_mb", "rss_1000_tree_mb", "drafts_ratio", "distinct_ratio",
            "interrupt_s", "typo_load_ms", "typo_ms_per_20kb")
ZHLINT_FIGURES = ("zhlint_cold_ms", "zhlint_batch_s", "cold_vs_zhlint", "batch_vs_zhlint")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="tiny sizes: check that every figure is produced (CI)")
    ap.add_argument("--json", default=str(HERE / "results.json"), help="where to write the figures")
    ap.add_argument("--no-zhlint", action="store_true")
    args = ap.parse_args()

    smoke = args.smoke
    runs = 3 if smoke else 15
    batch = 20 if smoke else 1000
    scale_sizes = (5, 10, 20) if smoke else (250, 1000, 4000)
    big_bytes = 200_000 if smoke else 10_000_000
    line_bytes = 50_000 if smoke else 1_000_000
    lsp_edits = 5 if smoke else 50

    work = Path(tempfile.mkdtemp(prefix="fzlint-bench-"))
    ENV["FZLINT_CACHE_DIR"] = str(work / "cache")
    results: dict[str, object] = {"smoke": smoke, "cpus": os.cpu_count(), "jobs_default": _default_jobs(),
                                  "python": sys.version.split()[0], "seed": SEED.name,
                                  "command": "fzlint" if len(FZLINT) == 1 else "python -m fzlint"}
    try:
        seed = SEED
        json_args = ["--format", "json", "--exit-zero"]
        zh = None if args.no_zhlint else zhlint_cmd()
        # 1. cold single file (the warm-up run fills the user cache, as any earlier run would),
        # in alternation with zhlint on the same file when it is there (section 6)
        cold = [*FZLINT, "check", str(seed), "--exit-zero"]
        if zh is None:
            results["cold_full_ms"] = 1000 * median_time(cold, runs)
        else:
            fz_s, zh_s = paired_medians(cold, [*zh, str(seed)], runs)
            results["cold_full_ms"], results["zhlint_cold_ms"] = 1000 * fz_s, 1000 * zh_s
        results["cold_json_ms"] = 1000 * median_time([*FZLINT, "check", str(seed), *json_args], runs)
        nocache = {**ENV, "FZLINT_NO_CACHE": "1"}
        results["cold_nocache_ms"] = 1000 * median_time([*FZLINT, "check", str(seed), "--exit-zero"],
                                                        max(3, runs // 3), env=nocache)
        # 2. batch throughput
        corpus = work / "batch"
        size = make_batch(corpus, batch)
        results["batch_files"] = batch
        results["batch_mb"] = size / 1e6
        brun = 1 if batch >= 1000 else runs
        t1 = median_time([*FZLINT, "check", str(corpus), "--jobs", "1", *json_args], brun)
        batch_cmd = [*FZLINT, "check", str(corpus), *json_args]
        if zh is None:
            td = median_time(batch_cmd, brun)
        else:  # zhlint lints a folder through one quoted glob run inside it
            td, results["zhlint_batch_s"] = paired_medians(batch_cmd, [*zh, "*.txt"], max(brun, 3), cwd_b=corpus)
        results["batch_1000_jobs1_s"] = t1
        results["batch_1000_default_s"] = td
        results["batch_jobs1_files_per_s"] = batch / t1
        results["batch_jobs1_mb_per_s"] = size / 1e6 / t1
        results["batch_files_per_s"] = batch / td
        results["batch_mb_per_s"] = size / 1e6 / td
        # 3. scaling
        times, cpu = {}, {}
        for n in scale_sizes:
            d = work / f"scale{n}"
            make_batch(d, n, seed=n)
            cpu[n], times[n] = cpu_and_wall([*FZLINT, "check", str(d), *json_args], 1 if n >= 1000 else 3)
            shutil.rmtree(d, ignore_errors=True)
        results["scaling_s"] = {str(n): t for n, t in times.items()}
        results["scaling_4x_ratio"] = times[scale_sizes[2]] / times[scale_sizes[1]]
        results["scaling_cpu_s"] = {str(n): t for n, t in cpu.items()}
        results["scaling_4x_cpu_ratio"] = cpu[scale_sizes[2]] / cpu[scale_sizes[1]]
        big = work / "big.txt"
        big.write_text(big_report(big_bytes), encoding="utf-8")
        results["big_report_mb"] = big.stat().st_size / 1e6
        results["big_report_s"] = median_time([*FZLINT, "check", str(big), *json_args], 1)
        results["big_report_mb_per_s"] = results["big_report_mb"] / results["big_report_s"]  # type: ignore[operator]
        line = work / "line.txt"
        line.write_text(single_line(line_bytes), encoding="utf-8")
        results["single_line_mb"] = line.stat().st_size / 1e6
        results["single_line_s"] = median_time([*FZLINT, "check", str(line), *json_args], 1)
        # 4. LSP
        lsp = subprocess.run([sys.executable, str(HERE / "lsp_latency.py"), "--kb", "20", "--edits", str(lsp_edits)],
                             capture_output=True, text=True, env=ENV, timeout=600)
        if lsp.returncode == 0:
            figures = json.loads(lsp.stdout.strip().splitlines()[-1])
            results["lsp_change_ms"] = figures["median_ms"]
            results["lsp_change_p90_ms"] = figures["p90_ms"]
            results["lsp_first_open_ms"] = figures["first_open_ms"]
        else:  # the figure is reported as missing, with the reason
            results["lsp_change_ms"] = None
            results["lsp_note"] = lsp.stderr.strip().splitlines()[-1] if lsp.stderr.strip() else "lsp bench failed"
        # 4b. the HTML review page at 500 reports: size, load and time to interactive in Chromium
        page = subprocess.run([sys.executable, str(HERE / "html_page.py"), "--reports", "20" if smoke else "500",
                               "--runs", "1" if smoke else "3"], capture_output=True, text=True, env=ENV, timeout=1200)
        results.update(json.loads(page.stdout.strip().splitlines()[-1]) if page.returncode == 0 else
                       {"html_note": (page.stderr.strip().splitlines() or ["html bench failed"])[-1]})
        # 4d. fzlint serve: concurrent uploads of 20 KB reports on loopback (bench/serve.py)
        srv = subprocess.run([sys.executable, str(HERE / "serve.py"), "--uploads", "10" if smoke else "50", "--kb", "20"],
                             capture_output=True, text=True, env=ENV, timeout=900)
        if srv.returncode == 0:
            fig = json.loads(srv.stdout.strip().splitlines()[-1])
            results.update({f"serve_{k}": fig[k] for k in ("uploads", "answered", "p50_ms", "p95_ms", "rss_peak_mb")})
        else:
            results["serve_note"] = (srv.stderr.strip() or srv.stdout.strip() or "serve bench failed").splitlines()[-1]
        # 4b. the wording and punctuation rules of issue 16 §3-5 (bench/wording.py), in process
        from bench.wording import measure as measure_wording
        results["wording"] = measure_wording(runs=5 if smoke else 30)
        # 4b. FZ409's typo detector (bench/typo.py): load, per 20 KB report, cost of enabling it
        typo = subprocess.run([sys.executable, str(HERE / "typo.py"), *(["--smoke"] if smoke else [])],
                              capture_output=True, text=True, env=ENV, timeout=900)
        if typo.returncode == 0:
            results.update(json.loads(typo.stdout.strip().splitlines()[-1]))
        else:
            results["typo_note"] = typo.stderr.strip().splitlines()[-1] if typo.stderr.strip() else "typo bench failed"
        # 5. peak RSS
        results["rss_1_mb"] = peak_rss_mb([*FZLINT, "check", str(seed), *json_args])
        results["rss_1000_mb"] = peak_rss_mb([*FZLINT, "check", str(corpus), *json_args])
        results["rss_1000_tree_mb"] = peak_tree_rss_mb([*FZLINT, "check", str(corpus), *json_args])
        from bench.slim import one_run  # the parent alone: the process that gathers every result
        results["rss_1000_parent_mb"] = one_run(["check", str(corpus), *json_args], ENV, work)[1]
        # 6. zhlint on the same files, timed in alternation with fzlint (sections 1 and 2)
        if zh is None:
            results["zhlint_note"] = "zhlint skipped (npm unavailable or --no-zhlint)"
        else:
            results["zhlint_version"] = ZHLINT_VERSION
            results["cold_vs_zhlint"] = float(results["cold_full_ms"]) / float(results["zhlint_cold_ms"])  # type: ignore[arg-type]
            results["batch_vs_zhlint"] = float(results["batch_1000_default_s"]) / float(results["zhlint_batch_s"])  # type: ignore[arg-type]
        # 7. hostile shapes (bench/shapes.py), drafts and distinct-unit scaling, Ctrl-C (bench/batches.py)
        from bench import batches, shapes

        shape_sizes = (25_000, 50_000, 100_000) if smoke else (250_000, 500_000, 1_000_000)
        print(shapes.header(shape_sizes))
        results["shapes"] = shapes.run(list(shapes.SHAPES), shape_sizes, 1 if smoke else 3, 60.0)
        results.update(batches.run((10, 40) if smoke else (250, 1000), 1 if smoke else 3, ENV, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    # 7. the cost of the issue 16 rules, per rule (bench/issue16_rules.py prints its own table)
    subprocess.run([sys.executable, "-m", "bench.issue16_rules", *(["--smoke"] if smoke else [])],
                   cwd=HERE.parent, env=ENV, timeout=900)

    print_table(results, batch)
    Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.json}")
    missing = [k for k in REQUIRED if not isinstance(results.get(k), (int, float))]
    missing += [f"shape {row['shape']}" for row in results.get("shapes", [])  # type: ignore[attr-defined]
                if any(t is None for t in row["s"])]
    if "zhlint_note" not in results:
        missing += [k for k in ZHLINT_FIGURES if not isinstance(results.get(k), (int, float))]
    if missing:
        print(f"missing figures: {', '.join(missing)}", file=sys.stderr)
        return 1
    return 0


def _default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _fmt(v: object) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:.3g}" if v < 100 else f"{v:.0f}"
    return str(v)


def print_table(r: dict[str, object], batch: int) -> None:
    big = _fmt(r.get("big_report_mb"))
    rows = [
        (f"cold single file, full, `{r.get('command')} check` (ms)", "cold_full_ms"),
        ("cold single file, json (ms)", "cold_json_ms"),
        ("cold single file, empty cache (ms)", "cold_nocache_ms"),
        ("zhlint cold single file (ms)", "zhlint_cold_ms"),
        ("cold ratio fzlint/zhlint", "cold_vs_zhlint"),
        (f"{batch} reports, --jobs 1 (s)", "batch_1000_jobs1_s"),
        ("  files/s", "batch_jobs1_files_per_s"),
        ("  MB/s", "batch_jobs1_mb_per_s"),
        (f"{batch} reports, default --jobs={r.get('jobs_default')} (s)", "batch_1000_default_s"),
        ("  files/s", "batch_files_per_s"),
        ("  MB/s", "batch_mb_per_s"),
        (f"zhlint {batch} reports (s)", "zhlint_batch_s"),
        ("batch ratio fzlint/zhlint", "batch_vs_zhlint"),
        ("scaling: time(4x)/time(1x) reports", "scaling_4x_ratio"),
        ("  CPU of all processes: cpu(4x)/cpu(1x)", "scaling_4x_cpu_ratio"),
        (f"{big} MB report (s)", "big_report_s"),
        ("  MB/s", "big_report_mb_per_s"),
        (f"{_fmt(r.get('single_line_mb'))} MB single line (s)", "single_line_s"),
        ("LSP didChange→diagnostics, 20 KB (ms)", "lsp_change_ms"),
        ("  p90 (ms)", "lsp_change_p90_ms"),
        ("LSP first open, 20 KB (ms)", "lsp_first_open_ms"),
        (f"HTML page, {r.get('html_reports')} reports (MB)", "html_page_mb"),
        ("  load / interactive in Chromium (ms)", "html_interactive_ms"),
        (f"serve: {r.get('serve_uploads')} concurrent 20 KB uploads, p50 (ms)", "serve_p50_ms"),
        ("  p95 (ms)", "serve_p95_ms"),
        ("  server RSS peak, with workers (MB)", "serve_rss_peak_mb"),
        ("drafts folder: time(4x)/time(1x) reports", "drafts_ratio"),
        ("distinct units: time(4x)/time(1x) reports", "distinct_ratio"),
        ("Ctrl-C of a --jobs 2 batch → exit (s)", "interrupt_s"),
        ("FZ409 index load (ms, CPU)", "typo_load_ms"),
        ("FZ409 detector, 20 KB report (ms, CPU)", "typo_ms_per_20kb"),
        ("  same report again (ms, CPU)", "typo_warm_ms_per_20kb"),
        ("cold single file with --select FZ409 (ms)", "cold_fz409_ms"),
        ("peak RSS, 1 report (MB)", "rss_1_mb"),
        (f"peak RSS, {batch} reports, largest process (MB)", "rss_1000_mb"),
        (f"peak RSS, {batch} reports, all processes (MB)", "rss_1000_tree_mb"),
        (f"peak RSS, {batch} reports, the parent process (MB)", "rss_1000_parent_mb"),
    ]
    print(f"{'figure':48} {'value':>10}  target")
    for label, key in rows:
        target = TARGETS.get(key)
        value = r.get(key)
        mark = ""
        if target and isinstance(value, (int, float)):
            mark = f"{target[0]} {target[1]:g}  " + ("ok" if value <= target[1] else "MISS")
        print(f"{label:48} {_fmt(value):>10}  {mark}")
    print(f"scaling detail (s): {r.get('scaling_s')}  CPU (s): {r.get('scaling_cpu_s')}")
    if "drafts_s" in r:
        from bench import batches

        batches.print_table(r)
    for note in ("lsp_note", "serve_note", "zhlint_note", "typo_note"):
        if note in r:
            print(f"note: {r[note]}")


if __name__ == "__main__":
    raise SystemExit(main())
