"""The start path leaves heavy modules for later, and the quick schema check is right."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop_app.core.database.migrate import head_revision, quick_head

ROOT = Path(__file__).resolve().parents[1]


def _start_spied(url: str) -> str:
    """The end of a script that defines an event filter ``Spy``: start the application
    on ``url`` as ``exportmatch`` does, with the spy watching every object's events."""
    return (
        "app = QApplication(sys.argv)\n"
        "spy = Spy()\n"
        "app.installEventFilter(spy)\n"
        "from desktop_app.cli import main\n"
        f"sys.exit(main(['--database', {url!r}]))\n"
    )


def _run(tmp_path: Path, code: str, demo: str | None = None, timeout: int = 300) -> list[str]:
    """Run ``code`` in a fresh Python with the offscreen platform and a throwaway home
    (after loading the demo into the database at ``demo``); its output lines."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["EXPORTMATCH_DATA_DIR"] = str(tmp_path / "data")
    if demo is not None:
        load = [sys.executable, "-m", "desktop_app", "--database", demo, "demo"]
        subprocess.run(load, env=env, cwd=ROOT, check=True, capture_output=True, timeout=300)
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()


def test_quick_head_agrees_with_alembic() -> None:
    assert quick_head() == head_revision()


def test_quick_head_gives_up_on_two_heads(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "a.py").write_text('revision = "a"\ndown_revision = None\n')
    (versions / "b.py").write_text('revision = "b"\ndown_revision = "a"\n')
    (versions / "c.py").write_text('revision = "c"\ndown_revision = "a"\n')
    assert quick_head(tmp_path) is None
    (versions / "c.py").unlink()
    assert quick_head(tmp_path) == "b"


def test_opening_the_main_window_imports_no_openpyxl_alembic_or_matcher(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from desktop_app.core.database.session import open_database\n"
        "from desktop_app.ui.app import create_application\n"
        "from desktop_app.ui.local_settings import LocalSettings\n"
        "from desktop_app.ui.main_window import MainWindow\n"
        "app = create_application([])\n"
        f"db = open_database({str(tmp_path / 'a.sqlite3')!r})\n"  # new: migrates
        "db.dispose()\n"
        "for name in [m for m in sys.modules if m.startswith('alembic')]:\n"
        "    del sys.modules[name]\n"
        f"db = open_database({str(tmp_path / 'a.sqlite3')!r})\n"  # at head: no Alembic
        "window = MainWindow(db, LocalSettings())\n"
        "window.show()\n"
        "heavy = ('openpyxl', 'alembic', 'desktop_app.core.matching.engine', 'rapidfuzz')\n"
        "print(sorted(n for n in heavy if n in sys.modules))\n"
        "db.dispose()\n"
    )
    output = _run(tmp_path, code)
    assert output[-1] == "[]"


def test_the_preload_loads_what_the_start_path_left_for_later(tmp_path: Path) -> None:
    # run_gui starts it once the window shows: the first matching run, export, pool
    # proposal and concept title then find their modules and data loaded.
    code = (
        "import sys\n"
        "from desktop_app.ui.preload import start_preload\n"
        "thread = start_preload()\n"
        "assert start_preload() is thread  # once per process\n"
        "thread.join()\n"
        "from desktop_app.core.matching.glossary import _read_shipped_glossary\n"
        "heavy = ('openpyxl', 'alembic.script', 'desktop_app.core.matching.engine',\n"
        "         'rapidfuzz', 'scipy.optimize', 'desktop_app.core.exporting.service',\n"
        "         'desktop_app.ui.import_wizard', 'desktop_app.ui.review_page')\n"
        "print(sorted(n for n in heavy if n not in sys.modules),\n"
        "      _read_shipped_glossary.cache_info().currsize)\n"
    )
    output = _run(tmp_path, code, timeout=600)
    assert output[-1] == "[] 1"


def test_the_window_shows_before_sqlalchemy_the_models_and_the_screens(tmp_path: Path) -> None:
    # The real entry (`exportmatch --database URL`): at the main window's first Show event,
    # none of the heavy modules is loaded; the same window then opens the database and
    # shows the dashboard with its data.
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    code = (
        "import sys\n"
        "from PySide6.QtCore import QEvent, QObject\n"
        "from PySide6.QtWidgets import QApplication, QMainWindow\n"
        "HEAVY = ('sqlalchemy', 'alembic', 'openpyxl', 'rapidfuzz',\n"
        "         'desktop_app.core.domain.models', 'desktop_app.core.database.session',\n"
        "         'desktop_app.core.matching.engine', 'desktop_app.ui.dashboard_page',\n"
        "         'desktop_app.ui.review_page', 'desktop_app.ui.export_page')\n"
        "class Spy(QObject):\n"
        "    def eventFilter(self, obj, event):\n"
        "        if event.type() == QEvent.Type.Show and isinstance(obj, QMainWindow):\n"
        "            QApplication.instance().removeEventFilter(self)\n"
        "            print('loaded at show:', sorted(n for n in HEAVY if n in sys.modules))\n"
        "            print('screens:', obj.nav.count())\n"
        "            obj.first_screen_ready.connect(lambda: ready(obj))\n"
        "        return False\n"
        "def ready(window):\n"
        "    page = window.stack.currentWidget()\n"
        "    print('ready:', type(page).__name__, page.tiles['companies'].value.text())\n"
        "    window.close()\n" + _start_spied(url)
    )
    output = _run(tmp_path, code, demo=url)
    assert output == ["loaded at show: []", "screens: 8", "ready: DashboardPage 8"]


def test_the_preload_starts_at_the_first_paint_before_the_first_screen_has_its_data(
    tmp_path: Path,
) -> None:
    # The real entry: the preload thread starts once the window has painted, while the
    # worker opens the database, and the first screen still shows with its data.
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    code = (
        "import sys\n"
        "from PySide6.QtCore import QEvent, QObject\n"
        "from PySide6.QtWidgets import QApplication, QMainWindow\n"
        "from desktop_app.ui import preload\n"
        "events = []\n"
        "real_start = preload.start_preload\n"
        "def start(*args):\n"
        "    events.append('preload')\n"
        "    return real_start(*args)\n"
        "preload.start_preload = start\n"
        "class Spy(QObject):\n"
        "    def eventFilter(self, obj, event):\n"
        "        if event.type() == QEvent.Type.Show and isinstance(obj, QMainWindow):\n"
        "            obj.first_screen_ready.connect(lambda: ready(obj))\n"
        "        elif event.type() == QEvent.Type.Paint and 'painted' not in events:\n"
        "            window = obj.window() if hasattr(obj, 'window') else None\n"
        "            if isinstance(window, QMainWindow):\n"
        "                events.append('painted')\n"
        "        return False\n"
        "def ready(window):\n"
        "    events.append('ready')\n"
        "    print(events, type(window.stack.currentWidget()).__name__)\n"
        "    window.close()\n" + _start_spied(url)
    )
    output = _run(tmp_path, code, demo=url)
    assert output[-1] == "['painted', 'preload', 'ready'] DashboardPage"


def test_review_and_matches_load_neither_the_importing_layer_nor_numpy(tmp_path: Path) -> None:
    # A click on Review or Matches before the preload reached them imports their modules
    # on the GUI thread: they must not pull in every reader of the import (0.23 s of CPU).
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "import desktop_app.ui.matches_page, desktop_app.ui.review_page\n"
        "heavy = ('desktop_app.core.importing.service', 'desktop_app.core.importing.readers',\n"
        "         'numpy', 'scipy', 'openpyxl')\n"
        "print(sorted(n for n in heavy if n in sys.modules))\n"
    )
    output = _run(tmp_path, code)
    assert output[-1] == "[]"
