"""A pytest plugin that makes PySide6 unimportable: the core's tests must pass without Qt.

``make test`` runs ``tests/core`` with ``-p tests.block_qt -p no:pytest-qt``; an import of
PySide6 (or shiboken6) anywhere in the core, even a lazy one, then fails the test that
reaches it, as it would on a server with no Qt installed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

BLOCKED = ("PySide6", "shiboken6", "pytestqt")


class _QtBlocker:
    """A meta-path finder that refuses the Qt packages."""

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (Qt is blocked here)", name=name)
        return None


for _name in list(sys.modules):
    if _name.split(".")[0] in BLOCKED:
        raise RuntimeError(f"{_name} was imported before Qt could be blocked")
sys.meta_path.insert(0, _QtBlocker())
