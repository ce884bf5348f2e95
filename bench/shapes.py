"""Shape fuzzer: inputs whose cost could grow faster than their size, timed in-process.

    python -m bench.shapes                    # every shape at 0.25 / 0.5 / 1 MB (a few minutes)
    python -m bench.shapes --smoke            # tiny sizes (CI): every figure is produced
    python -m bench.shapes --only lines-clauses,headings --limit 30

For each shape the report is generated at three sizes doubling in size, read as a file is
(``inputs.readers.load_path``: a .docx through the Word reader) and linted with every rule
(``engine.lint_document``); the table shows the seconds at each size and the ratio per
doubling.  Seconds are CPU seconds of this process (``time.process_time``): on a shared
machine they vary far less than wall time, and one lint runs on one core.  A linear path
doubles (ratio ≈ 2); the target is ≤ 2.3, taken on the median of ``--runs`` runs of each
size.  A run over ``--limit`` seconds is stopped (SIGALRM) and the shape reported as
``>limit``, with every larger size.  Besides the table: a 10 MB ordinary report
(``--big-mb``) in MB/s.

How the timings are kept comparable on a shared machine (the ratio compares sizes, so
whatever the machine does must fall on every size alike):

* the sizes of a shape are interleaved: 0.25, 0.5, 1, 0.25, 0.5, 1, … MB, and the median of
  each size is taken over its runs.  Here one size's CPU time varied by up to half between
  runs a minute apart; timed one size after the other, such a minute fell on one size;
* every timing starts from the same state: ``gc.collect()`` first, so that the previous
  lint's garbage is collected outside the timing and the collector's counters restart;
* each shape is linted once, untimed, at a tenth of its smallest size before its timings:
  its first lint builds state later lints reuse, which would otherwise be charged to
  0.25 MB only;
* after start-up the heap is frozen (``gc.freeze()``), as the ``fzlint`` command does
  (``fzlint.cli.gc_ready``): the rule set and modules are not walked by every collection.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.corpus import NUMERALS, big_report, paragraph, seed_clauses  # noqa: E402

HEAD = "某区2023年法治政府建设情况报告\n一、主要举措和成效\n"
RATIO_TARGET = 2.3
MB = 1_000_000
WARM_FRACTION = 10  # the untimed warm-up lint of a shape: a tenth of its smallest size


def _repeat(unit: str, n: int, head: str = HEAD, tail: str = "\n") -> str:
    return head + unit * max(1, n // len(unit.encode())) + tail


def _numbered(n: int, make: Callable[[int], str], head: str = HEAD, tail: str = "\n") -> str:
    out, size, i = [head], 0, 0
    while size < n:
        piece = make(i)
        out.append(piece)
        size += len(piece.encode())
        i += 1
    out.append(tail)
    return "".join(out)


def _cn(i: int) -> str:
    return NUMERALS[i % 10]


SHAPES: dict[str, Callable[[int], str]] = {
    # one line without 。: breakdown clauses (共N件，其中……) one after another
    "lines-clauses": lambda n: _repeat("共受理行政复议案件335件，其中维持269件、纠错57件，办结率为98.5%，", n),
    "lines-totals": lambda n: _repeat("共1件，其中", n),
    "lines-mixed-counts": lambda n: _numbered(
        n, lambda i: f"共办理案件{i % 97 + 3}件，其中行政处罚{i % 7 + 1}件、行政许可{i % 5 + 2}件，同比增长{i % 30}%，"),
    # tens of thousands of headings and sub-headings
    "headings": lambda n: "某区2023年法治政府建设情况报告\n" + "".join(
        f"{_cn(i // 20)}、主要举措\n（{_cn(i)}）法治建设\n{i % 9 + 1}.法制宣传{i}件。\n" for i in range(n // 90)),
    "part-sub-headings": lambda n: _repeat("（一）主要负责人履职情况\n正文内容写得比标题长。\n", n, tail=""),
    "bare-headings": lambda n: _repeat("（一）依法行政\n短标题\n正文内容写得比标题长。\n", n, tail=""),
    # 、-lists of thousands of numbered items
    "dun-list": lambda n: _numbered(n, lambda i: f"{i + 1}.事项{i}办理{i % 50 + 1}件、", head=HEAD + "其中：",
                                    tail="。\n"),
    "dun-list-counts": lambda n: _numbered(n, lambda i: f"第{i % 90 + 1}类{i % 70 + 1}件、", head=HEAD + "共办理案件1000件，其中",
                                           tail="。\n"),
    # thousands of quotes, brackets, dates, law titles
    "quotes": lambda n: _numbered(n, lambda i: f"开展“法治{i % 100}进社区”活动，"),
    "quotes-unclosed": lambda n: _repeat("《法治政府建设“实施纲要，", n),
    "brackets": lambda n: _numbered(n, lambda i: f"办结案件（含调解{i % 9}件）{i % 90 + 10}件（上年为{i % 40}件），"),
    "dates": lambda n: _numbered(n, lambda i: f"{2015 + i % 10}年{i % 12 + 1}月{i % 28 + 1}日召开会议，"),
    "law-titles": lambda n: _numbered(
        n, lambda i: f"贯彻《中华人民共和国行政{'处罚许可强制复议'[i % 4 * 2:i % 4 * 2 + 2]}法》第{i % 80 + 1}条，"),
    "years-in-parts": lambda n: "某区2023年法治政府建设情况报告\n" + "".join(
        f"{_cn(i % 4)}、{['主要举措和成效', '存在的不足和原因', '2024年工作安排', '第一责任人职责'][i % 4]}\n"
        f"2022年完成{i}件，2023年完成{i + 1}件。\n" for i in range(n // 110)),
    # an ordinary report, and a Word table
    "ordinary": lambda n: big_report(n),
    "docx-table": lambda n: "",  # built by _docx_table (rows ∝ size)
}

DOCX_ROW_BYTES = 50  # ≈ 20,000 rows per MB of the size column


def _docx_table(path: Path, n: int) -> None:
    from docx import Document as Docx

    rows = max(2, n // DOCX_ROW_BYTES)
    d = Docx()
    d.add_paragraph("某区2023年法治政府建设情况报告")
    d.add_paragraph("一、主要举措和成效")
    rng = random.Random(5)
    clauses = seed_clauses()
    d.add_paragraph(paragraph(rng, clauses))
    t = d.add_table(rows=rows, cols=3)
    # python-docx's cell access is slow: fill the XML rows directly
    for i, row in enumerate(t._tbl.tr_lst):
        cells = row.tc_lst
        for c, value in zip(cells, (str(i + 1), f"行政许可事项{i % 300}", f"{i % 97}件"), strict=True):
            c.clear_content()
            c.add_p().add_r().text = value
    d.add_paragraph("二、存在的不足和原因")
    d.add_paragraph(paragraph(rng, clauses))
    d.save(str(path))


class _Budget(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Budget


def time_file(path: Path, limit: float) -> float | None:
    """Seconds to read and lint ``path`` in this process; None when over ``limit``."""
    from fzlint.engine import lint_document
    from fzlint.inputs.readers import load_path
    from fzlint.packs.config import Settings

    settings = Settings()
    ruleset = settings.ruleset()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit * 3)  # wall-clock guard: the machine may be loaded
    try:
        t = time.process_time()
        loaded = load_path(path, path.name)
        lint_document(loaded.doc, ruleset, settings)
        return time.process_time() - t
    except _Budget:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def write_shape(name: str, n: int, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    if name == "docx-table":
        p = directory / f"{name}-{n}.docx"
        _docx_table(p, n)
    else:
        p = directory / f"{name}-{n}.txt"
        p.write_text(SHAPES[name](n), encoding="utf-8")
    return p


def _settle() -> None:
    """The same state before every timed lint: the previous lint's cycles collected now
    (not inside the next timing), the collector's generation counters at zero."""
    gc.collect()


def time_shape(paths: list[Path], runs: int, limit: float, warm: Path | None = None) -> list[float | None]:
    """Median CPU seconds of each of ``paths`` (the sizes of one shape, smallest first).

    The sizes are interleaved: run 1 times every size, then run 2 every size, and so on
    (0.25, 0.5, 1, 0.25, 0.5, 1, …), so that the shared machine's drift over the minutes of a
    shape falls on every size alike instead of on whichever size was being timed when it
    came.  ``warm`` (a small file of the same shape) is linted once, untimed, first: the
    shape's first lint pays for lazily built state (patterns, tables) that later lints
    reuse.  A size over ``limit`` is dropped with every larger size (they would be slower)."""
    if warm is not None:
        _settle()
        time_file(warm, limit)
    samples: list[list[float]] = [[] for _ in paths]
    timed = len(paths)  # sizes from here on are no longer timed
    for _ in range(runs):
        for i, path in enumerate(paths[:timed]):
            _settle()
            t = time_file(path, limit)
            if t is None:
                timed = i
                break
            samples[i].append(t)
    return [statistics.median(ts) if i < timed and ts else None for i, ts in enumerate(samples)]


def run(names: list[str], sizes: tuple[int, int, int], runs: int, limit: float) -> list[dict[str, object]]:
    from fzlint.engine import warm_up
    from fzlint.packs.config import Settings

    settings = Settings()
    warm_up(settings.ruleset(), settings)
    # As the fzlint command does after start-up (fzlint.cli.gc_ready): what start-up
    # built is kept out of the collector's way.
    gc.collect()
    gc.freeze()
    work = Path(tempfile.mkdtemp(prefix="fzlint-shapes-"))
    rows = []
    for name in names:
        paths = [write_shape(name, n, work) for n in sizes]
        warm = write_shape(name, max(1, sizes[0] // WARM_FRACTION), work / "warm")
        times = time_shape(paths, runs, limit, warm)
        for p in [*paths, warm]:
            p.unlink()
        ratios = [b / a if a and b else None for a, b in pairwise(times)]
        ok = all(r is not None and r <= RATIO_TARGET for r in ratios)
        rows.append({"shape": name, "sizes": list(sizes), "s": times, "ratios": ratios, "ok": ok})
        print(_row(rows[-1], limit), flush=True)
    return rows


def big(mb: float, limit: float) -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix="fzlint-shapes-"))
    p = work / "big.txt"
    p.write_text(big_report(int(mb * MB)), encoding="utf-8")
    size = p.stat().st_size
    _settle()
    t = time_file(p, limit)
    p.unlink()
    return {"mb": size / MB, "s": t, "mb_per_s": size / MB / t if t else None}


def _fmt(v: float | None, limit: float) -> str:
    return f">{limit:g}" if v is None else f"{v:.3f}"


def _row(r: dict[str, object], limit: float) -> str:
    times = [_fmt(t, limit) for t in r["s"]]  # type: ignore[attr-defined]
    ratios = ["n/a" if x is None else f"{x:.2f}" for x in r["ratios"]]  # type: ignore[attr-defined]
    return f"{r['shape']:20} " + " ".join(f"{t:>8}" for t in times) + "   " + " ".join(f"{x:>5}" for x in ratios) + \
        ("   ok" if r["ok"] else "   MISS")


def header(sizes: tuple[int, int, int]) -> str:
    cols = " ".join(f"{s / MB:>7.3g}M" for s in sizes)
    return f"{'shape (seconds)':20} {cols}   ratio per doubling (≤ {RATIO_TARGET})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--only", help="comma-separated shape names")
    ap.add_argument("--runs", type=int, default=None)
    ap.add_argument("--limit", type=float, default=60.0, help="seconds before a run is stopped")
    ap.add_argument("--big-mb", type=float, default=None)
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    sizes = (25_000, 50_000, 100_000) if args.smoke else (250_000, 500_000, MB)
    runs = args.runs or (1 if args.smoke else 3)
    names = args.only.split(",") if args.only else list(SHAPES)
    print(header(sizes))
    rows = run(names, sizes, runs, args.limit)
    big_mb = args.big_mb if args.big_mb is not None else (0.5 if args.smoke else 10.0)
    b = big(big_mb, args.limit * 5)
    print(f"ordinary report {b['mb']:.2f} MB: {_fmt(b['s'], args.limit * 5)} s"  # type: ignore[arg-type]
          + (f", {b['mb_per_s']:.2f} MB/s" if b["mb_per_s"] else ""))
    if args.json:
        Path(args.json).write_text(json.dumps({"shapes": rows, "big": b}, indent=2), encoding="utf-8")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
