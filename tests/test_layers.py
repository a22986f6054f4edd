"""The house in layers (README, "Architecture"), counted statically over ``jupyter_state/``.

Every import points down: no import cycle, counting top-level and function-level imports
(``TYPE_CHECKING`` ones are only for types and are not counted); nothing below the run loop
imports it; no module reaches a private name of another module of the package; no module
is over 400 lines; a function-level import says why it is one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "jupyter_state"
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _target(module: str, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The package's modules an import statement imports."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name in MODULES]
    if node.level:
        base = module.split(".")
        if MODULES[module].name != "__init__.py":
            base = base[:-1]
        if node.level > 1:
            base = base[: len(base) - node.level + 1]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    targets = []
    for alias in node.names:
        if f"{source}.{alias.name}" in MODULES:
            targets.append(f"{source}.{alias.name}")
        elif source in MODULES:
            targets.append(source)
    return targets


class _Imports(ast.NodeVisitor):
    """The imports of one module: (target, line, inside a function) for each, TYPE_CHECKING ones left out."""

    def __init__(self, module: str) -> None:
        self.module = module
        self.depth = 0
        self.found: list[tuple[str, int, bool]] = []

    def visit_If(self, node: ast.If) -> None:
        if "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        self.found.extend((t, node.lineno, self.depth > 0) for t in _target(self.module, node) if t != self.module)

    visit_ImportFrom = visit_Import


def _graph() -> dict[str, list[tuple[str, int, bool]]]:
    graph = {}
    for module, path in MODULES.items():
        visitor = _Imports(module)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        graph[module] = visitor.found
    return graph


def _cycles(graph: dict[str, list[tuple[str, int, bool]]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w, _line, _lazy in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in graph:
        if module not in index:
            visit(module)
    return groups


def test_the_package_has_no_import_cycle() -> None:
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_one() -> None:
    # the check above can fail: a function-level import back up is a cycle
    graph = _graph()
    graph["jupyter_state.state"] = [*graph["jupyter_state.state"], ("jupyter_state.runtime", 1, True)]
    assert any("jupyter_state.runtime" in group and "jupyter_state.state" in group for group in _cycles(graph))


def test_only_the_package_and_the_apptest_import_the_run_loop() -> None:
    importers = {m for m, imports in _graph().items() for target, _line, _lazy in imports if target == "jupyter_state.runtime"}
    assert importers <= {"jupyter_state", "jupyter_state.testing"}


def test_the_run_loop_imports_what_it_runs_with_real_types() -> None:
    targets = {t for t, _line, lazy in _graph()["jupyter_state.runtime"] if not lazy}
    assert {"jupyter_state.app", "jupyter_state.widgets._base", "jupyter_state._context"} <= targets


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_are_at_most_400_lines(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module} has {lines} lines: split it by what its parts do"


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _own_names(tree: ast.AST) -> set[str]:
    """The private names a module defines: its functions and classes, assignments, attributes set on self."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                names.add(node.attr)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id == "__slots__":
                    names |= {c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    return names


def _private_reaches(source: str, package_private: set[str]) -> list[str]:
    """Private names of the package's other modules that ``source`` imports or reads off an object."""
    tree = ast.parse(source)
    own = _own_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            found += [f"line {node.lineno}: imports {a.name}" for a in node.names if _is_private(a.name)
                      and not a.name.startswith("_", 1) and a.name not in _PRIVATE_MODULES]
        elif isinstance(node, ast.Attribute) and _is_private(node.attr) and node.attr not in own:
            if node.attr in package_private:
                found.append(f"line {node.lineno}: {ast.unparse(node.value)}.{node.attr}")
    return found


#: the package's private modules: importing them is how the package is put together
_PRIVATE_MODULES = {path.stem for path in PACKAGE.rglob("_*.py")}


def _package_private_names() -> dict[str, set[str]]:
    return {m: {n for n in _own_names(ast.parse(p.read_text(encoding="utf-8"))) if _is_private(n)}
            for m, p in MODULES.items()}


def test_no_module_reaches_into_another_modules_private_names() -> None:
    private = _package_private_names()
    reaches = {}
    for module, path in MODULES.items():
        others = set().union(*(names for m, names in private.items() if m != module))
        found = _private_reaches(path.read_text(encoding="utf-8"), others)
        if found:
            reaches[module] = found
    assert reaches == {}


def test_the_private_reach_finder_finds_one() -> None:
    source = "from .state import _secret\n\ndef f(state):\n    return state._values\n"
    assert _private_reaches(source, {"_values", "_secret"}) == ["line 1: imports _secret", "line 4: state._values"]


def test_a_function_level_import_says_what_it_avoids() -> None:
    silent = []
    for module, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        for function in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
            for node in ast.walk(function):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    line, above = lines[node.lineno - 1], lines[node.lineno - 2].strip()
                    if "#" not in line and not above.startswith("#"):
                        silent.append(f"{module}:{node.lineno}: {line.strip()}")
    assert sorted(set(silent)) == []


def test_ruff_enforces_line_length_and_docstrings_on_the_package() -> None:
    import tomllib  # only this test reads the project's config

    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]
    assert config["line-length"] == 120
    ignored = set(config["lint"]["ignore"])
    assert not ignored & {"E501", "D101", "D102", "D103"}
    assert {"E", "D"} <= set(config["lint"]["select"])
