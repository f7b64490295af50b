"""Helpers for the packaging tests: the scripts in packaging/ are loaded from their files.

packaging/ is not a Python package on purpose: the name would shadow PyPI's
``packaging``, which PyInstaller and pip import.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"


def load_packaging_script(name: str) -> ModuleType:
    """Import ``packaging/<name>.py`` as a module called ``packaging_<name>``."""
    module_name = f"packaging_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
