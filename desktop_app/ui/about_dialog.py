"""The About box: icon, version, licence and the data sources with their licences."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app import APP_NAME, __version__
from desktop_app.ui.app_icon import app_icon

ICON_SIZE = 64


def about_box(parent: QWidget, database_description: str) -> QMessageBox:
    """The About box, ready to show."""
    text = parent.tr(
        "<h3>{name} {version}</h3>"
        "<p>Matches Russian exporters' products to Chinese buyers' demand and exports "
        "aggregator-ready Excel lists.</p>"
        "<p>Licence: MIT.</p>"
        "<p>Data: HS 2022 nomenclature (UN Comtrade, ODC-PDDL 1.0); EAEU TN VED classifier "
        "(Eurasian Economic Commission, an official document, free of copyright); "
        "trilingual glossary by the ExportMatch developers (MIT).</p>"
        "<p>Database: {database}</p>"
    ).format(name=APP_NAME, version=__version__, database=database_description)
    box = QMessageBox(parent)
    box.setWindowTitle(parent.tr("About {name}").format(name=APP_NAME))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(text)
    box.setIconPixmap(app_icon().pixmap(ICON_SIZE, ICON_SIZE))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


def show_about(parent: QWidget, database_description: str) -> None:
    """Show the About box until it is closed."""
    about_box(parent, database_description).exec()
