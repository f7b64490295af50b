"""Shared by the tests of the shipped tables' build scripts (resources/hs/build_*.py,
resources/matching/build_*.py): load a build script as a module, and the HS 2022 level of
every code."""

from __future__ import annotations

import csv
import importlib.util
import sys
from types import ModuleType

from desktop_app.core.paths import resource

HS = resource("hs")


def build_module(name: str, folder: str = "hs") -> ModuleType:
    """``resources/<folder>/<name>.py`` loaded as the module ``name``."""
    spec = importlib.util.spec_from_file_location(name, resource(folder) / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # The scripts' dataclasses look their module up by name.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def hs_levels() -> dict[str, str]:
    """``{code: level}`` of HS 2022 (``resources/hs/hs2022.csv``)."""
    with (HS / "hs2022.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {row["hscode"]: row["level"] for row in csv.DictReader(handle)}
