"""Where a batch's CPU goes, check by check: every report of a folder read and linted in
this process (as ``fzlint check DIR --jobs 1`` does, fingerprints for copy detection
included, the corpus pass not), with the CPU seconds of each check type, of reading and
parsing, of finishing the parse and of the shared analyses.

    python -m bench.check_cpu DIR [--json out.json]
    python -m bench.check_cpu --batch 1000          # a generated batch (bench.corpus.make_batch)

Seconds are ``time.process_time`` and *exclusive*: a shared analysis is counted once, under
its own name, not under the check that asked first, and a rule that runs another (its
``defer_to``) does not count the other's time.  The garbage collector is frozen after the
warm-up, as the ``fzlint`` command does.  The machine is shared: compare two versions
within one run of this script each, alternated, rather than with figures from another day.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.corpus import make_batch  # noqa: E402


class Meter:
    """Exclusive CPU seconds per name of the functions wrapped by :meth:`wrap`."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._stack: list[float] = []

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._stack.append(0.0)
            t0 = time.process_time()
            try:
                result = fn(*args, **kwargs)
                return list(result) if hasattr(result, "__next__") else result  # a check's generator runs here
            finally:
                spent = time.process_time() - t0
                inner = self._stack.pop()
                self.seconds[name] += spent - inner
                if self._stack:
                    self._stack[-1] += spent
        return timed


def instrument(meter: Meter) -> None:
    from fzlint import engine
    from fzlint.analysis import sentences
    from fzlint.checks import CHECKS
    from fzlint.checks.analyses import Analyses

    for name, check in list(CHECKS.items()):
        CHECKS[name] = dataclasses.replace(check, check=meter.wrap(f"checks/{name}", check.check))
    sentences.analyze = meter.wrap("analysis/numbers (sentences.analyze)", sentences.analyze)  # type: ignore[assignment]
    for prop in ("coverage", "breakdowns"):
        cached = Analyses.__dict__[prop]
        timed = cached_property(meter.wrap(f"analysis/{prop}", cached.func))
        timed.__set_name__(Analyses, prop)
        setattr(Analyses, prop, timed)
    engine.prepare_document = meter.wrap("engine.prepare_document", engine.prepare_document)  # type: ignore[assignment]
    engine.fingerprint_document = meter.wrap("engine.fingerprint_document",  # type: ignore[assignment]
                                             engine.fingerprint_document)


def measure(folder: Path) -> dict[str, float]:
    from fzlint import engine
    from fzlint.inputs import readers
    from fzlint.packs.config import Overrides, resolve

    files = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md", ".docx"))
    if not files:
        raise SystemExit(f"{folder}: no reports")
    meter = Meter()
    instrument(meter)
    load = meter.wrap("inputs/readers.load_path (read, parse)", readers.load_path)
    settings = resolve(files[0], Overrides())
    vocab = settings.ruleset().parser_vocabulary
    mode = engine.Mode(corpus=True)
    engine.lint_loaded(load(files[0], str(files[0]), vocab), settings, mode)  # warm-up: rule states built
    meter.seconds.clear()
    gc.collect()
    gc.freeze()
    t0 = time.process_time()
    for path in files:
        engine.lint_loaded(load(path, str(path), vocab), settings, mode)
    out = dict(meter.seconds)
    out["total (per report: read, parse, lint, fingerprints)"] = time.process_time() - t0
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", type=Path)
    ap.add_argument("--batch", type=int, help="lint a generated batch of this many reports instead")
    ap.add_argument("--json")
    args = ap.parse_args()
    if (args.folder is None) == (args.batch is None):
        ap.error("give a folder or --batch N")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        if folder is None:
            folder = Path(tmp)
            make_batch(folder, args.batch)
        seconds = measure(folder)
    for name, s in sorted(seconds.items(), key=lambda kv: -kv[1]):
        print(f"{s:8.3f}  {name}")
    if args.json:
        Path(args.json).write_text(json.dumps(seconds, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
