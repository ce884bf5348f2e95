"""``fzlint annotate`` figures: time and peak memory to write the reviewed copy of a
report given as .docx, and how the time grows with the report (it should grow in
proportion: runs are split once per paragraph, anchors found by bisection).

    python bench/annotate.py            # 1x, 4x, 16x a 100 KB report
    python bench/annotate.py --smoke    # tiny sizes

Figures, not a timed test: the machine is shared, compare the ratios within one run.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import big_report  # noqa: E402


def as_docx(text: str) -> bytes:
    import docx

    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true")
    args = ap.parse_args()
    from fzlint.annotate import annotate
    from fzlint.packs.config import Settings

    settings = Settings()
    base = 20_000 if args.smoke else 100_000
    annotate(as_docx(big_report(5_000)), "warm.docx", settings=settings)  # rule set, segmenter
    figures: dict[str, object] = {}
    times = {}
    for k in (1, 4, 16):
        data = as_docx(big_report(base * k))
        t = time.perf_counter()
        res = annotate(data, "report.docx", settings=settings, track_changes=True)
        times[k] = time.perf_counter() - t
        figures[f"x{k}"] = {"docx_kb": round(len(data) / 1024), "findings": res.comments, "changes": res.changes,
                            "seconds": round(times[k], 3)}
    figures["ratio_16x_over_4x"] = round(times[16] / times[4], 2)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
