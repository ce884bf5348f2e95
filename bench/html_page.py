"""The HTML review page at scale: its size, and how soon it is usable in headless Chromium.

Generates ``--reports`` reports (bench/corpus.py, years varied), writes the page with
``fzlint check --format html -o``, then opens it from disk in Debian's Chromium through
Playwright and measures, as medians of ``--runs`` loads:

* ``html_load_ms``: navigation start to the end of the ``load`` event (page parsed, scripts
  run), by the browser's navigation timing;
* ``html_interactive_ms``: that plus a click on a column header re-sorting the table and
  the report sections (the page has answered a user);
* ``html_open_ms``: opening the first report from the table until its findings are in the
  page (Playwright's clock: includes the round trip);
* ``html_filter_ms``: unticking one severity until the table, headers and findings are updated;
* ``html_dom_nodes``: elements in the page after load (what the browser lays out).

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

    load, interactive, opened, filtered, nodes = [], [], [], [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.goto(page_path.as_uri(), wait_until="load", timeout=120_000)
                # The browser's own clock (navigation timing, performance.now): the Playwright
                # round trips on a shared machine would add noise of their own.
                ready = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
                sort = page.evaluate(SORT)
                load.append(ready)
                interactive.append(ready + sort)
                filtered.append(page.evaluate(FILTER))
                nodes.append(page.evaluate("() => document.getElementsByTagName('*').length"))
                first = page.eval_on_selector("#summary tbody tr", "r => r.dataset.report")
                t1 = time.perf_counter()
                page.click(f"#row-{first} a.open-report")
                page.wait_for_selector(f"#report-{first} li.finding", state="attached")
                opened.append(1000 * (time.perf_counter() - t1))
                page.close()
        finally:
            browser.close()
    med = lambda xs: round(statistics.median(xs), 1)  # noqa: E731
    return {"html_load_ms": med(load), "html_interactive_ms": med(interactive), "html_open_ms": med(opened),
            "html_filter_ms": med(filtered), "html_dom_nodes": med(nodes)}


#: A click on the warning column's header until the table (and the sections) are re-sorted.
SORT = """() => { const t = performance.now();
  document.querySelector('th[data-key=sev-warning] button').click(); return performance.now() - t; }"""
#: Unticking one severity until the table, the section headers and the findings are updated.
FILTER = """() => { const t = performance.now(); const i = document.querySelector('input[name=severity][value=info]');
  i.checked = false; i.dispatchEvent(new Event('change')); return performance.now() - t; }"""


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
