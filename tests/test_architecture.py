"""The shape of the package, checked from its source: which layer may import which, no cycles
between packages, and each rule in its one home. Data flows one way: read → model → (diff |
metrics | graph) → present; nothing in the core reaches up to the reports or the CLI."""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest

from orgmodel.formats.registry import EXTENSIONS

SRC = Path(__file__).resolve().parents[1] / "src" / "orgmodel"
# The core, and what it must never import.
CORE = ("graph", "diff", "structure", "model", "formats", "check")
# The presentation: reports, the CLI, and the shells docs tools and CI load (MkDocs, Sphinx,
# the pull-request review).
ABOVE = ("report", "cli", "mkdocs", "sphinx", "review")
MAX_LINES = 500


def _module(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every orgmodel module `path` imports, at the top or inside a function."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "orgmodel" or name.startswith("orgmodel.")}


def _part(module: str) -> str:
    """The package (or top-level module) a module belongs to: `graph`, `structure`, …"""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


MODULES = {_module(p): p for p in sorted(SRC.rglob("*.py"))}
KNOWN = set(MODULES)


def _edges() -> dict[str, set[str]]:
    """module → the orgmodel modules it imports (names that are not modules are dropped)."""
    return {m: {i for i in _imports(p) if i in KNOWN and i != m} for m, p in MODULES.items()}


@pytest.mark.parametrize("module", sorted(m for m in KNOWN if _part(m) in CORE))
def test_the_core_never_imports_a_report_or_the_cli(module: str) -> None:
    upward = sorted(i for i in _edges()[module] if _part(i) in ABOVE)
    assert not upward, f"{module} imports {upward}"


@pytest.mark.parametrize("module", sorted(m for m in KNOWN if _part(m) not in (*ABOVE, "__main__")))
def test_only_the_presentation_imports_the_presentation(module: str) -> None:
    """Beyond the core: no library module (a chart, the pipeline, build) leans on a report or
    the CLI either; only `python -m orgmodel` starts the CLI."""
    upward = sorted(i for i in _edges()[module] if _part(i) in ABOVE)
    assert not upward, f"{module} imports {upward}"


def test_no_import_cycle_between_packages() -> None:
    graph: dict[str, set[str]] = {}
    for module, imported in _edges().items():
        source = _part(module)
        graph.setdefault(source, set()).update(
            target for i in imported if (target := _part(i)) != source and target
        )
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert not cycles, " ; ".join(" → ".join(c) for c in cycles)


@pytest.mark.parametrize("module", sorted(KNOWN))
def test_no_module_is_over_the_size_limit(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module}: {lines} lines"


def test_extensions_are_told_from_one_table() -> None:
    """Only the format registry lists file extensions: no other dict, tuple, list or set holds
    two of them."""
    tables = []
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            items = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", None)
            if not isinstance(node, ast.Dict | ast.Tuple | ast.List | ast.Set) or items is None:
                continue
            named = [
                k.value for k in items if isinstance(k, ast.Constant) and k.value in EXTENSIONS
            ]
            if len(named) >= 2:
                tables.append(f"{path.relative_to(SRC)}:{node.lineno}")
    home = SRC / "formats" / "registry.py"
    assert tables == [f"{home.relative_to(SRC)}:{_line_of(home, 'EXTENSIONS')}"]


def _line_of(path: Path, name: str) -> int:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                return node.value.lineno if node.value is not None else node.lineno
    raise AssertionError(f"no {name} in {path}")


def _comments(path: Path) -> list[str]:
    source = io.StringIO(path.read_text(encoding="utf-8"))
    return [
        t.string for t in tokenize.generate_tokens(source.readline) if t.type == tokenize.COMMENT
    ]


def test_the_cli_needs_no_type_ignores_and_src_no_fmt_skip() -> None:
    ignored = [
        _module(p) for p in (SRC / "cli").glob("*.py") if "type: ignore" in str(_comments(p))
    ]
    skipped = [m for m, p in MODULES.items() if any("fmt: skip" in c for c in _comments(p))]
    assert (ignored, skipped) == ([], [])


def test_each_command_has_its_own_module_named_after_it() -> None:
    commands: dict[str, list[str]] = {}
    for path in sorted((SRC / "cli").glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and ast.unparse(d.func) == "app.command"
                for d in node.decorator_list
            ):
                commands.setdefault(path.stem, []).append(node.name)
    assert commands == {name: [name] for name in commands}
    expected = "validate show diff history render stats whatif convert schema build"
    assert set(commands) == set(expected.split())


def test_the_cli_does_not_special_case_an_invalid_org() -> None:
    """Every error says its own lines: the CLI's error path names no kind of error."""
    tree = ast.parse((SRC / "cli" / "app.py").read_text(encoding="utf-8"))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    names |= {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert "InvalidOrgError" not in names
