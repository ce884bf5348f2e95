"""Synthetic reports for benchmarks and the 1,000-file batch test.

Real reports from hundreds of units are not available, and copies of the five
seeds would all be near-duplicates of each other (which is the worst case of copy
detection, not the usual one).  So each synthetic report has the genre's shape
(title with unit and year, opening, the four required parts with numbered
sub-headings, signature) and paragraphs built from *clauses* drawn at random from
the seeds' body text: the genre's vocabulary and stock phrases recur across reports
as they do in reality, while two reports rarely share a whole paragraph.

``inject_copies`` then copies known paragraphs between reports (optionally with a
few characters changed) so a benchmark can measure recall.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_CLAUSE_SPLIT = re.compile(r"[，。；：,;:！？]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_MARKER = re.compile(r"^[（(]?[0-9一二三四五六七八九十]+[）)、.．]")
UNITS = "东西南北中新春和平安康泰兴盛华明光远宁海河山湖港城园林"
KINDS = ("街道", "镇", "乡", "区司法局", "区市场监管局", "区城管委", "县人民政府", "区人民政府")
NUMERALS = "一二三四五六七八九十"


def seed_clauses() -> list[str]:
    """Clauses (between commas and full stops) of the seeds' body text, 6–40 characters."""
    out: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) < 40:
                continue
            for c in _CLAUSE_SPLIT.split(line):
                c = c.strip()
                if 6 <= len(c) <= 40 and len(_HAN.findall(c)) >= len(c) * 0.6 and not _MARKER.match(c):
                    out.append(c)
    return sorted(set(out))


@dataclass
class Report:
    unit: str
    year: int
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def unit_name(i: int) -> str:
    a, b = UNITS[i % len(UNITS)], UNITS[(i // len(UNITS)) % len(UNITS)]
    return f"{a}{b}{i}{KINDS[i % len(KINDS)]}"


def paragraph(rng: random.Random, clauses: list[str], n_min: int = 4, n_max: int = 9) -> str:
    parts = rng.sample(clauses, rng.randint(n_min, n_max))
    for k in range(len(parts)):  # vary the figures, as real reports do
        parts[k] = re.sub(r"\d+", lambda m: str(rng.randint(1, 999)), parts[k])
    return "，".join(parts) + "。"


def make_report(i: int, year: int, rng: random.Random, clauses: list[str]) -> Report:
    unit = unit_name(i)
    r = Report(unit, year)
    add = r.lines.append
    add(f"{unit}{year}年法治政府建设情况报告")
    add("")
    add(f"{year}年，{unit}坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
        f"{paragraph(rng, clauses, 2, 3)}")
    parts = [("主要举措和成效", 5), ("党政主要负责人履行推进法治建设第一责任人职责情况", 2),
             ("存在的不足和原因", 2), (f"{year + 1}年主要工作安排", 4)]
    for n, (heading, subs) in enumerate(parts):
        add(f"{NUMERALS[n]}、{heading}")
        for k in range(rng.randint(max(1, subs - 1), subs + 1)):
            add(f"（{NUMERALS[k]}）{rng.choice(clauses)[:16]}")
            for _ in range(rng.randint(1, 3)):
                add(paragraph(rng, clauses))
    add("")
    add(unit)
    add(f"{year + 1}年1月{rng.randint(10, 28)}日")
    return r


def make_corpus(n: int, seed: int = 1, year: int = 2023) -> list[Report]:
    rng = random.Random(seed)
    clauses = seed_clauses()
    return [make_report(i, year, rng, clauses) for i in range(n)]


def body_lines(r: Report) -> list[int]:
    """Indexes of paragraph lines (not headings, title, opening or signature)."""
    return [k for k, line in enumerate(r.lines) if len(line) > 40 and k > 2 and not line.startswith("（")
            and "、" not in line[:2]]


def inject_copies(reports: list[Report], n: int, seed: int = 2, edits: tuple[int, ...] = (0,),
                  ) -> list[tuple[int, int, int, int]]:
    """Copy ``n`` paragraphs from one report into another (replacing one of its own),
    changing ``edits[i % len(edits)]`` characters of the i-th copy; no line is used twice.
    Returns (src report, src line, dst report, dst line), 0-based."""
    rng = random.Random(seed)
    done: list[tuple[int, int, int, int]] = []
    used: set[tuple[int, int]] = set()
    while len(done) < n:
        a, b = rng.sample(range(len(reports)), 2)
        la, lb = rng.choice(body_lines(reports[a])), rng.choice(body_lines(reports[b]))
        if (a, la) in used or (b, lb) in used:
            continue
        used.update({(a, la), (b, lb)})
        text = list(reports[a].lines[la])
        for _ in range(edits[len(done) % len(edits)]):
            pos = rng.randrange(len(text))
            text[pos] = rng.choice("的了和在是有")
        reports[b].lines[lb] = "".join(text)
        done.append((a, la, b, lb))
    return done


def write_corpus(reports: list[Report], directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, r in enumerate(reports):
        p = directory / f"{i:04d}.txt"
        p.write_text(r.text, encoding="utf-8")
        paths.append(p)
    return paths


def make_batch(directory: Path, n: int, seed: int = 1) -> int:
    """``n`` reports in ``directory`` with years 2020–2025 varied across the batch (so neither
    content nor year repeats); returns the total size in bytes."""
    rng = random.Random(seed)
    clauses = seed_clauses()
    directory.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        data = make_report(i, 2020 + i % 6, rng, clauses).text.encode("utf-8")
        (directory / f"{i:05d}.txt").write_bytes(data)
        total += len(data)
    return total


def big_report(target_bytes: int, seed: int = 3) -> str:
    """One report of about ``target_bytes`` (UTF-8): a title, then many sections' worth of body."""
    rng = random.Random(seed)
    clauses = seed_clauses()
    lines = ["某区2023年法治政府建设情况报告", "", "一、主要举措和成效"]
    size = 0
    k = 0
    while size < target_bytes:
        if k % 12 == 0:
            lines.append(f"（{NUMERALS[(k // 12) % 10]}）{rng.choice(clauses)[:16]}")
        p = paragraph(rng, clauses)
        lines.append(p)
        size += len(p.encode("utf-8")) + 1
        k += 1
    return "\n".join(lines) + "\n"


def single_line(target_bytes: int, seed: int = 4) -> str:
    """A report whose body is one line of about ``target_bytes``."""
    rng = random.Random(seed)
    clauses = seed_clauses()
    parts: list[str] = []
    size = 0
    while size < target_bytes:
        p = paragraph(rng, clauses)
        parts.append(p)
        size += len(p.encode("utf-8"))
    return "某区2023年法治政府建设情况报告\n一、主要举措和成效\n" + "".join(parts) + "\n"
