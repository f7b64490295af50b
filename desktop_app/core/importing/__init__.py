"""Import products and Chinese demand from real spreadsheets (xlsx, xlsm, xls, ods, csv).

The GUI wizard and the CLI use the same steps: :func:`open_workbook` (sheets, preview),
:func:`detect_layout` (header row and column mapping), :func:`validate_file` (a dry run
returning every problem) and :func:`import_file` (one transaction, progress and Cancel).
"""

from __future__ import annotations

from desktop_app.core.importing.guards import FileRefused, ImportLimits
from desktop_app.core.importing.layout import Layout, detect_layout
from desktop_app.core.importing.readers import WorkbookSource, open_workbook, preview
from desktop_app.core.importing.rows import CellProblem
from desktop_app.core.importing.service import (
    ImportOptions,
    ImportRejected,
    ImportSummary,
    import_file,
    validate_file,
)

__all__ = [
    "CellProblem",
    "FileRefused",
    "ImportLimits",
    "ImportOptions",
    "ImportRejected",
    "ImportSummary",
    "Layout",
    "WorkbookSource",
    "detect_layout",
    "import_file",
    "open_workbook",
    "preview",
    "validate_file",
]
