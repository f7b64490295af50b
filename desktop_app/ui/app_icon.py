"""The ExportMatch icon for windows, dialogs and the About box."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from desktop_app import APP_ID
from desktop_app.core.paths import resource

# The PNG sizes packaging/make_icons.py renders; loading PNGs rather than the SVG keeps
# the icon independent of Qt's SVG icon engine plugin.
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """The application icon with every shipped size (empty if the files are missing)."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource("icons", "hicolor", f"{size}x{size}", "apps", f"{APP_ID}.png")
        if path.is_file():
            icon.addFile(str(path))
    return icon
