"""The About box: version, licence and the data sources with their licences."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app import APP_NAME, __version__


def show_about(parent: QWidget, database_description: str) -> None:
    """Show the About box."""
    text = parent.tr(
        "<h3>{name} {version}</h3>"
        "<p>Matches Russian exporters' products to Chinese buyers' demand and exports "
        "aggregator-ready Excel lists.</p>"
        "<p>Licence: MIT.</p>"
        "<p>Data: HS 2022 nomenclature (UN Comtrade, ODC-PDDL 1.0); EAEU TN VED classifier "
        "(Eurasian Economic Commission, official classifier); trilingual glossary by the "
        "ExportMatch developers.</p>"
        "<p>Database: {database}</p>"
    ).format(name=APP_NAME, version=__version__, database=database_description)
    QMessageBox.about(parent, parent.tr("About {name}").format(name=APP_NAME), text)
