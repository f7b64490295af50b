"""The core stays free of Qt: only desktop_app/ui may import PySide6."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "desktop_app"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_outside_ui_imports_pyside6() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "ui":
            continue
        for name in _imports(path):
            if name.split(".")[0] in ("PySide6", "shiboken6") or name.startswith("desktop_app.ui"):
                # The CLI opens the GUI only when asked, with a lazy import in main(), and
                # the self-test its window step only when that step runs.
                if relative.parts == ("cli", "__init__.py") and name == "desktop_app.ui.app":
                    continue
                if (
                    relative.parts == ("cli", "self_test.py")
                    and name == "desktop_app.ui.self_test_window"
                ):
                    continue
                offenders.append(f"{relative}: {name}")
    assert offenders == []


@pytest.mark.slow
def test_core_imports_without_qt_loaded() -> None:
    code = (
        "import sys, pkgutil, importlib, desktop_app.core as core\n"
        "for m in pkgutil.walk_packages(core.__path__, 'desktop_app.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "import desktop_app.cli\n"
        "desktop_app.cli.build_parser()\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_no_module_of_desktop_app_imports_itself_back() -> None:
    """No import cycle anywhere, TYPE_CHECKING imports included (the wizard pages had one)."""
    import grimp

    graph = grimp.build_graph("desktop_app", exclude_type_checking_imports=False)
    imported = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    cycles: list[list[str]] = []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in imported[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in sorted(imported):
        if module not in index:
            visit(module)
    assert cycles == []
