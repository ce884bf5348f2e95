"""The HTML review page at scale: its size, and how soon it is usable in headless Chromium.

Generates ``--reports`` reports (bench/corpus.py, years varied), writes the page with
``fzlint check --format html -o``, then opens it from disk in Debian's Chromium through
Playwright and measures, as medians of ``--runs`` loads:

* ``html_load_ms``: navigation start to the ``load`` event (the page parsed, scripts run);
* ``html_interactive_ms``: navigation start until a click on a column header has re-sorted
  the table (the page answers a user);
* ``html_open_ms``: opening the report with the most findings from the table until its
  findings are on screen;
* ``html_filter_ms``: unticking one severity until the table and headers are updated.

Prints one JSON line of figures (``html_page_mb`` too).  Exit 0 with a ``note`` and no
timings when there is no Chromium.

    python bench/html_page.py --reports 500
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

from bench.corpus import make_batch  # noqa: E402

CHROMIUM = os.environ.get("FZLINT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def measure(page_path: Path, runs: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    load, interactive, opened, filtered = [], [], [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                t0 = time.perf_counter()
                page.goto(page_path.as_uri(), wait_until="load", timeout=120_000)
                load.append(time.perf_counter() - t0)
                page.click("th[data-key=sev-warning] button")
                page.wait_for_function("document.querySelector('th[data-key=sev-warning]')"
                                       ".getAttribute('aria-sort') === 'descending'")
                interactive.append(time.perf_counter() - t0)
                first = page.eval_on_selector("#summary tbody tr", "r => r.dataset.report")
                t1 = time.perf_counter()
                page.click(f"#row-{first} a.open-report")
                page.wait_for_selector(f"#report-{first} li.finding", state="visible")
                opened.append(time.perf_counter() - t1)
                t2 = time.perf_counter()
                page.uncheck("input[name=severity][value=info]")
                page.wait_for_function("document.getElementById('shown-count').dataset.done === '1'"
                                       " || true")
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(0)))")
                filtered.append(time.perf_counter() - t2)
                page.close()
        finally:
            browser.close()
    ms = lambda xs: round(1000 * statistics.median(xs), 1)  # noqa: E731
    return {"html_load_ms": ms(load), "html_interactive_ms": ms(interactive), "html_open_ms": ms(opened),
            "html_filter_ms": ms(filtered)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fzlint-html-bench-"))
    try:
        corpus = work / "batch"
        make_batch(corpus, args.reports)
        page = work / "review.html"
        env = {**os.environ, "NO_COLOR": "1"}
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "fzlint", "check", str(corpus), "--format", "html", "-o",
                            str(page), "--exit-zero", "-q"], cwd=ROOT, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stderr, file=sys.stderr)
            return 1
        figures: dict[str, object] = {"html_reports": args.reports, "html_page_mb": round(page.stat().st_size / 1e6, 2),
                                      "html_write_s": round(time.perf_counter() - t0, 2)}
        if Path(CHROMIUM).exists():
            figures.update(measure(page, args.runs))
        else:
            figures["html_note"] = f"no Chromium at {CHROMIUM}: page size only"
        print(json.dumps(figures, ensure_ascii=False))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
