"""Aggregator-ready exports: supplier catalogues and accepted matches to Excel and CSV.

The use cases are in :mod:`desktop_app.core.exporting.service`; templates (which columns,
header languages, sheet names) are TOML files in ``resources/export_templates/``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop_app.core.exporting.fields import ExportKind, PerBuyer
    from desktop_app.core.exporting.queries import ExportFilters
    from desktop_app.core.exporting.service import (
        ExportSummary,
        export_catalogue,
        export_matches,
        record_failed_export,
        run_export,
    )
    from desktop_app.core.exporting.templates import (
        ExportTemplate,
        builtin_templates,
        load_template,
    )

# Each name is imported from its module on first use (PEP 562), so importing one light
# submodule such as ``exporting.files`` does not load openpyxl at the application's start.
_SOURCES = {
    "ExportKind": "fields",
    "ExportFilters": "queries",
    "ExportSummary": "service",
    "PerBuyer": "fields",
    "export_catalogue": "service",
    "export_matches": "service",
    "record_failed_export": "service",
    "run_export": "service",
    "ExportTemplate": "templates",
    "builtin_templates": "templates",
    "load_template": "templates",
}


def __getattr__(name: str) -> Any:
    if name not in _SOURCES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_SOURCES[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "ExportFilters",
    "ExportKind",
    "ExportSummary",
    "ExportTemplate",
    "PerBuyer",
    "builtin_templates",
    "export_catalogue",
    "export_matches",
    "load_template",
    "record_failed_export",
    "run_export",
]
