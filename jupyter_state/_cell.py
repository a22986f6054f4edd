"""The ``%%app`` cell: compile it once, with Streamlit's magic display, and run it as an app.

``run_app_cell`` is what the magic does: it defines (or replaces) the cell's :class:`App`,
shows its container and runs it. ``compile_cell`` applies IPython's transforms and wraps
bare expressions so they display, as Streamlit's magic does.
"""

from __future__ import annotations

import ast
import hashlib
import linecache
from typing import Any

from ._context import current
from ._kernel import cell_id, running_cell_number
from ._kernel import shell as ipython_shell
from .app import App, display_app
from .blocks import METHODS
from .elements import magic

__all__ = ["MAGIC_NAME", "compile_cell", "remember_source", "run_app_cell"]

MAGIC_NAME = "__jupyter_state_magic__"


def _is_package(value: Any) -> bool:
    """Whether ``value`` is this package, imported under some name (``import jupyter_state as st``)."""
    return getattr(value, "__name__", None) == "jupyter_state" and hasattr(value, "__path__")


class _Magic(ast.NodeTransformer):
    """Display bare expressions like Streamlit's magic: ``x`` on its own line shows ``x``.

    Calls of this package's functions (``st.slider(...)`` on its own line) are left alone,
    as Streamlit does, so a widget's return value is not echoed; so are its functions called
    as methods of a container (``col.button(...)``, ``placeholder.text(...)``). Function
    and class bodies are not touched.
    """

    def __init__(self, st_names: set[str]) -> None:
        self.st_names = st_names

    def visit_FunctionDef(self, node: ast.AST) -> ast.AST:
        return node

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_ClassDef = visit_FunctionDef

    def visit_Expr(self, node: ast.Expr) -> ast.AST:
        value = node.value
        if isinstance(value, (ast.Await, ast.Yield, ast.YieldFrom)):
            return node
        if isinstance(value, ast.Call) and self._is_st_call(value):
            return node
        call = ast.Call(func=ast.Name(id=MAGIC_NAME, ctx=ast.Load()), args=[value], keywords=[])
        return ast.copy_location(ast.Expr(value=call), node)

    def _is_st_call(self, call: ast.Call) -> bool:
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in METHODS:
            return True
        while isinstance(func, ast.Attribute):
            func = func.value
        return isinstance(func, ast.Name) and func.id in self.st_names


def compile_cell(source: str, namespace: dict[str, Any], shell: Any = None) -> Any:
    """Compile an app cell's source once, with IPython's transforms and the magic display."""
    transformed = shell.transform_cell(source) if shell is not None else source
    if shell is not None:
        transformed = "\n" + transformed  # line 1 of the cell is the %%app line
    tree = ast.parse(transformed)
    st_names = {name for name, value in namespace.items() if _is_package(value)}
    st_names |= {"st", "jupyter_state", "streamlit"}
    body = tree.body
    first = body[0] if body else None
    first_value = first.value if isinstance(first, ast.Expr) else None
    is_docstring = isinstance(first_value, ast.Constant) and isinstance(first_value.value, str)
    docstring = body[:1] if is_docstring else []
    tree.body = docstring + [_Magic(st_names).visit(node) for node in body[len(docstring):]]
    ast.fix_missing_locations(tree)
    if shell is not None:
        filename = shell.compile.cache(transformed, running_cell_number(shell), raw_code=source)
    else:
        filename = f"<app-{hashlib.md5(source.encode(), usedforsecurity=False).hexdigest()[:12]}>"
        remember_source(filename, transformed)
    return compile(tree, filename, "exec")


def remember_source(filename: str, source: str) -> None:
    """Put an app's source in ``linecache`` (as IPython does for cells): ``st.echo`` and tracebacks read it."""
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)


_cell_apps: dict[str, App] = {}


def run_app_cell(source: str, name: str | None = None, reactive: bool = True) -> App:
    """What ``%%app`` does: define (or replace) the cell's app, display it and run it."""
    shell = ipython_shell()
    session = current()
    code = compile_cell(source, shell.user_ns, shell)
    shell.user_ns_hidden[MAGIC_NAME] = magic
    shell.user_ns[MAGIC_NAME] = magic

    def body() -> None:
        exec(code, shell.user_global_ns, shell.user_ns)

    cell = name or cell_id(shell) or hashlib.md5(source.encode(), usedforsecurity=False).hexdigest()
    existing = _cell_apps.get(cell)
    if existing is not None and not existing.closed and existing.session is session:
        existing.body = body  # the same cell run again: same widgets, same container
        the_app = existing
    else:
        the_app = App(session, body, cell)
        _cell_apps[cell] = the_app
    the_app.given_name = name
    the_app.cell_number = running_cell_number(shell)  # the prompt the cell shows now
    the_app.reactive = reactive
    the_app.cell_id = cell_id(shell)
    display_app(the_app)
    with session.timeline.caused_by("app cell", f"app cell {the_app.label} run", number=the_app.cell_number):
        the_app.run()
    return the_app
