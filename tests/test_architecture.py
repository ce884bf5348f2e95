"""The layout holds (issue 15): no import cycle among fzlint's modules, counting the imports
made inside functions (only ``if TYPE_CHECKING:`` blocks are left out: they never run), and
no module over 500 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import fzlint

PACKAGE = Path(fzlint.__file__).parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node except those under ``if TYPE_CHECKING:``."""
    out: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        out.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return out


def imports_of(name: str) -> set[str]:
    """The fzlint modules ``name`` imports, at module level or in a function: ``from a.b
    import c`` is an import of ``a.b.c`` when that is a module, else of ``a.b``."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in MODULES}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("fzlint"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    return found - {name}


def _cycles() -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    graph = {m: sorted(imports_of(m) & MODULES.keys()) for m in MODULES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for m in graph:
        if m not in index:
            visit(m)
    return out


def test_the_import_graph_sees_function_level_imports():
    # (the graph is only worth something if it finds what it is asked about)
    assert "fzlint.engine" in imports_of("fzlint")  # the lazy lint_text in fzlint/__init__.py
    assert "fzlint.inputs.word" in imports_of("fzlint.inputs.readers")  # imported inside a function
    assert "fzlint.inputs.source" not in imports_of("fzlint.digest")  # only under TYPE_CHECKING


def test_no_import_cycle_in_fzlint():
    assert _cycles() == []


def test_no_module_over_500_lines():
    long = {name: n for name, p in MODULES.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}


def test_the_layout_has_no_module_at_an_old_path():
    """Input formats live in fzlint/inputs (``formats`` would read as output formats, like
    ``--format``); the parse, packs, analysis and infra layers have their packages."""
    old = {"fzlint.formats", "fzlint.document", "fzlint.parts", "fzlint.numbers", "fzlint.segment",
           "fzlint.simindex", "fzlint.spans", "fzlint.packs.packs", "fzlint.schema", "fzlint.config",
           "fzlint.rx", "fzlint.regexsafe", "fzlint.cache", "fzlint.source", "fzlint.readers", "fzlint.textmap"}
    assert old & MODULES.keys() == set()
    assert {"fzlint.inputs", "fzlint.parse", "fzlint.packs", "fzlint.analysis", "fzlint.infra"} <= MODULES.keys()
