"""Aggregator-ready exports: supplier catalogues and accepted matches to Excel and CSV.

The use cases are in :mod:`desktop_app.core.exporting.service`; templates (which columns,
header languages, sheet names) are TOML files in ``resources/export_templates/``.
"""

from desktop_app.core.exporting.fields import ExportKind
from desktop_app.core.exporting.queries import ExportFilters
from desktop_app.core.exporting.service import (
    ExportSummary,
    PerBuyer,
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
