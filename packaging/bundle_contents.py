"""What goes into the standalone build and what stays out, for ``exportmatch.spec``.

Kept apart from the spec, and free of PyInstaller imports, so that the tests can check
the lists against the source tree without building anything.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Shipped data, copied as files to the bundle root, where install_root() looks in a
# frozen build. Alembic reads db/env.py and db/versions/*.py as scripts, so the
# migrations travel as source, not compiled into the archive.
DATA_FOLDERS = ("resources", "db")
# Files at the top of the source tree that travel with the build.
TOP_LEVEL_FILES = ("LICENSE",)
# What the data folders hold for developers only: translation sources, the script that
# rebuilds the TN VED table, caches.
SKIPPED_SUFFIXES = frozenset({".ts", ".pyc"})
SKIPPED_NAMES = frozenset({"build_tnved_csv.py", "__pycache__"})

# Developer tools inside the package, left out of the build.
DEVELOPER_MODULES = frozenset({"desktop_app.ui.screenshots", "desktop_app.ui.i18n_build"})
# Loaded by name at run time, so PyInstaller's import analysis cannot see them (the CLI
# subcommands come from desktop_app.cli.COMMAND_MODULES in the spec).
RUNTIME_IMPORTS = (
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.postgresql.psycopg",
    "psycopg_binary",
)

# Qt modules PySide6-Essentials ships that the application never imports; some would
# come along through plugins. Leaving them out keeps the build smaller and faster to start.
UNUSED_QT_MODULES = tuple(
    f"PySide6.{name}"
    for name in [
        "Qt3DCore",
        "Qt3DRender",
        "QtCharts",
        "QtDataVisualization",
        "QtDesigner",
        "QtGraphs",
        "QtHelp",
        "QtMultimedia",
        "QtMultimediaWidgets",
        "QtNetwork",
        "QtOpenGL",
        "QtOpenGLWidgets",
        "QtPdf",
        "QtPdfWidgets",
        "QtPositioning",
        "QtQml",
        "QtQuick",
        "QtQuick3D",
        "QtQuickControls2",
        "QtQuickWidgets",
        "QtSql",
        "QtSvg",
        "QtSvgWidgets",
        "QtTest",
        "QtUiTools",
        "QtWebChannel",
        "QtWebEngineCore",
        "QtWebEngineWidgets",
        "QtWebSockets",
        "QtXml",
    ]
)
# The matcher uses scipy.sparse; pooled offers use scipy.optimize.milp (HiGHS), whose
# package imports scipy.linalg (with its OpenBLAS), sparse.linalg, special, spatial, fft
# and constants. The rest of SciPy stays out.
UNUSED_SCIPY_MODULES = tuple(
    f"scipy.{name}"
    for name in [
        "cluster",
        "datasets",
        "differentiate",
        "fftpack",
        "integrate",
        "interpolate",
        "io",
        "misc",
        "ndimage",
        "odr",
        "signal",
        "stats",
    ]
)
DEVELOPER_TOOLS = ("pytest", "pytestqt", "hypothesis", "mypy", "ruff", "IPython")
EXCLUDES = (
    "tkinter",
    "matplotlib",
    "PIL",
    *UNUSED_QT_MODULES,
    *UNUSED_SCIPY_MODULES,
    *DEVELOPER_TOOLS,
)

# Qt's own translations: only those of the languages the interface offers (the others
# are about 7 MiB). Ours are in resources/translations.
QT_TRANSLATIONS = "PySide6/Qt/translations/"
INTERFACE_LANGUAGE_SUFFIXES = ("_ru.qm", "_zh_CN.qm")


def data_files(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source file, destination folder) pairs for every shipped data file."""
    pairs = []
    for folder in DATA_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            relative = path.relative_to(root)
            if not path.is_file() or path.suffix in SKIPPED_SUFFIXES:
                continue
            if SKIPPED_NAMES.intersection(relative.parts):
                continue
            pairs.append((str(path), relative.parent.as_posix()))
    pairs.extend((str(root / name), ".") for name in TOP_LEVEL_FILES)
    return pairs


def keep_collected_data(destination: str) -> bool:
    """False for a file PyInstaller's hooks collected that the build does not need."""
    name = destination.replace("\\", "/")
    return not name.startswith(QT_TRANSLATIONS) or name.endswith(INTERFACE_LANGUAGE_SUFFIXES)
