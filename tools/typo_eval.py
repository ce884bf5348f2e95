"""Measure the same-pinyin typo detector (FZ409): recall on injected typos, flags on clean text.

    python tools/typo_eval.py inject FILE... [-n 300] [--seed 1]   # recall on injected typos
    python tools/typo_eval.py flags FILE...                          # every flag on unmodified text

Injection (as in the design study): in a random line of a carrier text, a random content word
(a jieba token of 2–4 Han characters with dictionary frequency ≥ 10, not a term of the rule's
whitelist) gets one character replaced by a different GB2312 level-1 character with the same
toneless reading in that word, drawn in proportion to its frequency (an input method lists
frequent characters first); the new word must be a non-word or 10× rarer.  One typo per copy.
A *hit* is a flag that covers the changed character and whose correction restores the original.
The carrier's text is used only to carry the injected typos.  Needs pypinyin (build-time only).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fzlint.typo import HAN_RUN, Detector, index
from fzlint.typo.index import QUANT

HAN = re.compile(r"^[\u4e00-\u9fff]+$")


def level1(c: str) -> bool:
    try:
        b = c.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xD7


def whitelist() -> list[str]:
    import yaml

    pack = yaml.safe_load((Path(__file__).resolve().parent.parent / "rules" / "terms.yaml").read_text("utf-8"))
    for r in pack["rules"]:
        if r.get("check") == "homophone":
            return list(r.get("whitelist", []))
    return []


def detect(det: Detector, doc: str, text: str, offset: int, skip: list[tuple[int, int]]) -> list:
    """The detector on ``text`` (a line of ``doc`` at ``offset``) with FZ409's repeat rule."""
    flags = det.find(text, [(a - offset, b - offset) for a, b in skip])
    return [f for f in flags if doc.count(f.written) < 2]


def terms_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    out = []
    for t in terms:
        for m in re.finditer(re.escape(t), text):
            out.append(m.span())
    return out


def inject(paths: list[Path], n: int, seed: int, det: Detector) -> None:
    import jieba
    from pypinyin import Style, lazy_pinyin

    jieba.setLogLevel(60)
    ix = det.ix
    terms = whitelist()
    rng = random.Random(seed)
    docs = [p.read_text("utf-8") for p in paths]
    by_reading: dict[str, list[str]] = {}
    for c in sorted(ix.charlog):  # a fixed order, whatever the index layout
        if level1(c):
            for s in lazy_pinyin(c, style=Style.NORMAL):
                by_reading.setdefault(s, []).append(c)
    hits = tried = nonword = 0
    samples: list[str] = []
    misses: list[str] = []
    while tried < n:
        di = rng.randrange(len(docs))
        doc = docs[di]
        lines = [m for m in re.finditer(r"[^\n]+", doc) if len(m.group()) >= 20]
        ln = rng.choice(lines)
        toks, pos = [], ln.start()
        for t in jieba.lcut(ln.group()):
            if HAN.match(t) and 2 <= len(t) <= 4 and ix.word(t) is not None \
                    and not any(t in w or w in t for w in terms):
                toks.append((pos, t))
            pos += len(t)
        if not toks:
            continue
        start, word = rng.choice(toks)
        i = rng.randrange(len(word))
        reading = lazy_pinyin(word, style=Style.NORMAL)[i]
        pool = [c for c in by_reading.get(reading, []) if c != word[i]]
        if not pool:
            continue
        weights = [2.718 ** (ix.charlog[c] / QUANT) for c in pool]  # the index keeps logs ×QUANT
        new_c = rng.choices(pool, weights)[0]
        new_word = word[:i] + new_c + word[i + 1 :]
        lp, lp_new = ix.word(word), ix.word(new_word)
        if lp is not None and lp_new is not None and lp_new > lp - 2.303 * QUANT:
            continue
        tried += 1
        nonword += lp_new is None
        at = start + i
        new_doc = doc[:at] + new_c + doc[at + 1 :]
        line = new_doc[ln.start() : ln.end()]
        flags = detect(det, new_doc, line, ln.start(), terms_spans(new_doc, terms))
        ok = any(f.start <= at - ln.start() < f.end
                 and (line[: f.start] + f.right + line[f.end :]) == doc[ln.start() : ln.end()] for f in flags)
        hits += ok
        (samples if ok else misses).append(f"{new_word}→{word}")
    print(f"injected {tried} ({nonword} non-words): {hits} found at the right place with the right fix "
          f"= {100 * hits / max(tried, 1):.1f}%")
    print("hits:", " ".join(samples[:25]))
    print("misses:", " ".join(misses[:25]))


def flags(paths: list[Path], det: Detector) -> None:
    terms = whitelist()
    total = 0
    count = 0
    for p in paths:
        doc = p.read_text("utf-8")
        han = sum(len(m.group()) for m in HAN_RUN.finditer(doc))
        total += len(doc)
        for f in detect(det, doc, doc, 0, terms_spans(doc, terms)):
            count += 1
            print(f"{p.name}\t{f.written}→{f.right}\t{f.score}\t{doc[max(0, f.start - 10) : f.end + 10]!r}")
        print(f"# {p.name}: {len(doc)} characters ({han} Han)", file=sys.stderr)
    print(f"# {count} flags in {total} characters = {10000 * count / max(total, 1):.2f} per 10,000", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("inject", "flags"))
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--index", type=Path, default=None)
    a = ap.parse_args(argv)
    det = Detector(index.load(a.index))
    if a.mode == "inject":
        inject(a.files, a.n, a.seed, det)
    else:
        flags(a.files, det)
    return 0


if __name__ == "__main__":
    sys.exit(main())
