"""Regenerate golden findings for one family: ``python -m tests.regen_golden FZ5``.

Golden files are ``tests/golden/<FAMILY>/<seed>.yaml``: one finding per line, each with
a ``why`` saying why a careful reviewer agrees with it.  Existing ``why`` texts are kept
for findings that did not change; new findings get ``why: TODO`` and the golden test
fails until a person has read them and written the reason.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from fzlint.engine import lint_texts  # noqa: E402
from fzlint.packs.config import Settings  # noqa: E402

KEYS = ("code", "line", "column", "end_line", "end_column", "message")
SEEDS_DIR = HERE.parent / "seeds"


@cache
def _all_seeds(family: str) -> dict[str, list[dict]]:
    """Every seed linted in one run, so corpus rules (FZ6 copy detection) see them all."""
    seeds = sorted(SEEDS_DIR.glob("*.txt"))
    texts = [(s.name, s.read_text(encoding="utf-8")) for s in seeds]
    found = lint_texts(texts, settings=Settings(select=(family,)))
    return {s.name: [{k: getattr(d, k) for k in KEYS} for d in diags] for s, diags in zip(seeds, found, strict=True)}


def findings(seed: Path, family: str) -> list[dict]:
    return _all_seeds(family)[seed.name]


def golden_path(family: str, seed: Path) -> Path:
    return HERE / "golden" / family / f"{seed.name[:3]}.yaml"


def load(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def key(item: dict) -> tuple:
    return tuple(item[k] for k in KEYS)


def dump(family: str, seed: Path, items: list[dict]) -> str:
    head = (
        f"# Golden {family} findings on seeds/{seed.name}. Every entry was read by a person;\n"
        f"# `why` says why a careful reviewer agrees. Regenerate: python -m tests.regen_golden {family}\n"
    )
    if not items:
        return head + "[]\n"
    lines = [yaml.safe_dump(item, default_flow_style=True, allow_unicode=True, width=10**6, sort_keys=False).strip()
             for item in items]
    return head + "".join(f"- {line}\n" for line in lines)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    family = argv[0].upper()
    for seed in sorted(SEEDS_DIR.glob("*.txt")):
        path = golden_path(family, seed)
        old = {key(i): i.get("why", "TODO") for i in load(path)}
        new = [{**f, "why": old.get(key(f), "TODO")} for f in findings(seed, family)]
        path.parent.mkdir(parents=True, exist_ok=True)
        text = dump(family, seed, new)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            todo = sum(1 for i in new if i["why"] == "TODO")
            print(f"wrote {path.relative_to(HERE.parent)} ({len(new)} findings, {todo} need a why)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
