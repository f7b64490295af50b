"""The window and the About box show the icon; the About box names versions and licences."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop_app import __version__
from desktop_app.ui.about_dialog import about_box
from desktop_app.ui.app import create_application
from desktop_app.ui.app_icon import ICON_SIZES, app_icon


def test_icon_has_every_shipped_size(qtbot) -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert {size.width() for size in icon.availableSizes()} == set(ICON_SIZES)


def test_application_windows_get_the_icon(qtbot) -> None:
    app = create_application()
    assert not app.windowIcon().isNull()
    window = QWidget()
    qtbot.addWidget(window)
    assert window.windowIcon().cacheKey() == app.windowIcon().cacheKey()


def test_about_box_shows_icon_version_licence_and_sources(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box = about_box(parent, "test.sqlite3")
    qtbot.addWidget(box)
    assert not box.iconPixmap().isNull()
    text = box.text()
    for expected in (__version__, "MIT", "HS 2022", "ODC-PDDL", "TN VED", "test.sqlite3"):
        assert expected in text
