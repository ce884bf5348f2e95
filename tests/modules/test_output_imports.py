"""The formatters read the frozen FileReport only (issue 15): no module of fzlint/output —
the review page's chart and batch facts, the ledger and the grouping included — imports
the parser, the packs, the engine or the checks, at module level or inside a function."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import fzlint.output

OUTPUT = Path(fzlint.output.__file__).parent
#: What a formatter may import from the rest of fzlint: the result, the diagnostic, the
#: family labels (a table of code prefixes) and the version string.
ALLOWED = {"fzlint.result", "fzlint.diagnostic", "fzlint.families", "fzlint.version"}


def _fzlint_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0 and (node.module or "").startswith("fzlint"):
                found.add(node.module or "")
            elif node.level == 2:  # from ..x import y, from .. import y
                found.add("fzlint" + (f".{node.module}" if node.module else ""))
            elif node.level > 2:
                found.add("<outside fzlint.output's parent>")
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("fzlint")}
    return found


def test_every_output_module_imports_only_the_result_and_the_diagnostic():
    modules = sorted(OUTPUT.glob("*.py"))
    assert {"batch.py", "chart.py", "groups.py", "xlsx.py", "full.py", "html.py"} <= {p.name for p in modules}
    bad = {p.name: sorted(_fzlint_imports(p) - ALLOWED) for p in modules}
    assert {name: imports for name, imports in bad.items() if imports} == {}


def test_importing_the_formatters_loads_no_part_of_the_pipeline():
    names = ", ".join(f"fzlint.output.{p.stem}" for p in sorted(OUTPUT.glob("*.py")) if p.stem != "__init__")
    code = f"import sys, {names}\nprint(sorted(m for m in sys.modules if m.startswith('fzlint')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = set(ast.literal_eval(out))
    pipeline = {m for m in loaded if m != "fzlint" and m.split(".")[1] not in ("output", "result", "diagnostic", "families", "version")}
    assert pipeline == set()
