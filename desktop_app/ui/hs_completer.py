"""A completer for the HS code field: type words in Russian or English, pick a heading.

Typing "подсолнечное масло" or "sunflower oil" offers 1512 with its HS 2022 and TN VED
descriptions, «мёд» 0409, «доска сосна» 4407 and 4407.11 (the search reads the TN VED
texts down to ten digits and the glossary's trade names); choosing an entry puts its
code into the field.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from desktop_app.core.validation import format_hs_code, hs_catalog

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
SUGGESTIONS = 15
_preparing = threading.Lock()
_prepared: list[threading.Thread] = []


def prepare_in_background() -> None:
    """Build the catalogue's search index on a thread of its own, once per process.

    It takes a second or two; built while the form opens, the first word typed into the
    HS field is answered at once. CPU work only: no database, so not the task runner's.
    """
    with _preparing:
        if not _prepared:
            thread = threading.Thread(
                target=lambda: hs_catalog().prepare_search(), name="hs-index", daemon=True
            )
            _prepared.append(thread)
            thread.start()


class HsCompleter(QCompleter):
    """Suggestions from the HS catalogue for what is typed into ``edit``."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self.entries = QStandardItemModel(self)
        self.setModel(self.entries)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCompletionRole(CODE_ROLE)
        self.setMaxVisibleItems(10)
        self.setWidget(edit)
        self._edit = edit
        edit.textEdited.connect(self.suggest)
        self.activated.connect(edit.setText)
        prepare_in_background()

    def suggest(self, text: str) -> None:
        """Fill the popup with the catalogue's entries for ``text`` when it has words."""
        self.entries.clear()
        if not any(char.isalpha() for char in text):
            return
        catalog = hs_catalog()
        for entry in catalog.search(text, limit=SUGGESTIONS):
            russian = entry.description_ru
            shown = russian
            heading = catalog.describe_ru(entry.code[:4]) if entry.level == 6 else None
            if russian and heading and russian.startswith(heading + ": "):
                # A subheading's chain repeats its heading: show its own part.
                shown = russian[len(heading) + 2 :]
            description = f"{shown} / {entry.description_en}" if shown else entry.description_en
            item = QStandardItem(f"{format_hs_code(entry.code)} — {description}")
            item.setData(entry.code, CODE_ROLE)
            item.setToolTip(f"{russian} / {entry.description_en}" if russian else description)
            item.setEditable(False)
            self.entries.appendRow(item)
        if self.entries.rowCount():
            self.complete()

    def codes(self) -> list[str]:
        """The codes on offer now, in order."""
        return [
            str(self.entries.item(row).data(CODE_ROLE)) for row in range(self.entries.rowCount())
        ]
