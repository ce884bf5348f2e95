"""Make benchmark corpora from the seeds, varied so caching by content cannot cheat.

Each generated report is a seed with a different report year, its body paragraphs
shuffled within each top-level section, and its numbers changed; the result is
deterministic for a given index.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
_NUM = re.compile(r"(?<![0-9年])\d{1,5}(?![0-9年月日])")
_YEAR = re.compile(r"20\d{2}(?=年)")


def variant(index: int) -> str:
    rng = random.Random(index)
    text = SEEDS[index % len(SEEDS)].read_text(encoding="utf-8")
    shift = rng.randint(-3, 2)
    text = _YEAR.sub(lambda m: str(int(m.group(0)) + shift), text)
    text = _NUM.sub(lambda m: str(max(0, int(m.group(0)) + rng.randint(-3, 3))), text)
    lines = text.split("\n")
    # Shuffle runs of body paragraphs (long lines) between short lines (headings, blanks).
    out: list[str] = []
    run: list[str] = []
    for line in lines:
        if len(line.strip()) > 40:
            run.append(line)
            continue
        rng.shuffle(run)
        out.extend(run)
        run = []
        out.append(line)
    rng.shuffle(run)
    out.extend(run)
    return "\n".join(out) + f"\n（第{index}号）\n"


def make_corpus(directory: Path, count: int) -> int:
    """Write ``count`` reports into ``directory``; return the total size in bytes."""
    directory.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(count):
        data = variant(i).encode("utf-8")
        (directory / f"r{i:05d}.txt").write_bytes(data)
        total += len(data)
    return total


def big_report(target_bytes: int) -> str:
    """One long report (about ``target_bytes`` of UTF-8) made of many seed bodies."""
    parts: list[str] = []
    size = 0
    i = 0
    while size < target_bytes:
        body = variant(i)
        parts.append(body)
        size += len(body.encode("utf-8"))
        i += 1
    return "".join(parts)


def single_line(target_bytes: int) -> str:
    """A report whose body is one line of about ``target_bytes``."""
    seed = SEEDS[0].read_text(encoding="utf-8").replace("\n", "")
    reps = target_bytes // len(seed.encode("utf-8")) + 1
    return "某街道2023年度法治政府建设情况报告\n一、主要举措和成效\n" + seed * reps + "\n"
