"""A completer for the HS code field: type words in Russian or English, pick a heading.

Typing "подсолнечное масло" or "sunflower oil" offers 1512 with its HS 2022 and TN VED
descriptions, «мёд» 0409, «доска сосна» 4407 and 4407.11 (the search reads the TN VED
texts down to ten digits, the glossary's terms and the names Russian exporters write:
«рохля» offers 8427 and 8427.90, shown with the name that found them); choosing an
entry puts its code into the field.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from desktop_app.core.validation import format_hs_code, hs_catalog
from desktop_app.core.validation.hs_chinese import has_han

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
SUGGESTIONS = 15
READY_POLL_MS = 150
_preparing = threading.Lock()
_prepared: list[threading.Thread] = []


def prepare_in_background() -> None:
    """Build the catalogue's search index on a thread of its own, once per process.

    It takes a few seconds; built while the form opens. Its first half second reads the
    texts a plain scan searches, so a word typed before the index is ready is answered
    from them (and again once the index is there) without the GUI ever waiting for it.
    CPU work only: no database, so not the task runner's.
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

    # The entries on offer changed (they may arrive after the words were typed).
    suggested = Signal()

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
        # While the index is being built, suggestions come from a scan; once it is ready
        # they are asked for again, ranked by the index.
        self._until_ready = QTimer(self)
        self._until_ready.setInterval(READY_POLL_MS)
        self._until_ready.timeout.connect(self._index_ready)
        self._scanned = False
        prepare_in_background()

    def suggest(self, text: str) -> None:
        """Fill the popup with the catalogue's entries for ``text`` when it has words."""
        self.entries.clear()
        if not any(char.isalpha() for char in text):
            return
        catalog = hs_catalog()
        # Never wait for the index on the GUI thread (it may still be building).
        found = catalog.search(text, limit=SUGGESTIONS, wait=False)
        if not catalog.search_ready:
            self._scanned = catalog.scan_ready
            self._until_ready.start()
        for entry in found:
            label = format_hs_code(entry.code)
            russian = entry.description_ru
            shown = russian
            heading = catalog.describe_ru(entry.code[:4]) if entry.level == 6 else None
            if russian and heading and russian.startswith(heading + ": "):
                # A subheading's chain repeats its heading: show its own part.
                shown = russian[len(heading) + 2 :]
            if not has_han(text):
                # Found through the name Russian exporters write (рохля, УЗО): show it
                # so the person sees why the code is offered: after a subheading's own
                # words, beside a heading's code (its long text would hide it).
                trade = catalog.trade_name_for(entry.code, text)
                if trade and entry.level == 6 and shown:
                    shown = f"{shown} ({trade})"
                elif trade:
                    label = f"{label} ({trade})"
            description = f"{shown} / {entry.description_en}" if shown else entry.description_en
            if has_han(text) and entry.description_zh:
                # A Chinese query found the code by its Chinese tariff name, or by a name
                # buyers write for it (地牛): show them first.
                chinese = entry.description_zh
                trade = catalog.trade_name_for(entry.code, text)
                if trade:
                    chinese = f"{chinese}（{trade}）"
                description = f"{chinese} / {description}"
            item = QStandardItem(f"{label} — {description}")
            item.setData(entry.code, CODE_ROLE)
            item.setToolTip(f"{russian} / {entry.description_en}" if russian else description)
            item.setEditable(False)
            self.entries.appendRow(item)
        if self.entries.rowCount():
            self.complete()
        self.suggested.emit()

    def _index_ready(self) -> None:
        catalog = hs_catalog()
        if catalog.search_ready:
            self._until_ready.stop()
        elif self._scanned or not catalog.scan_ready:
            return  # nothing new to answer with yet
        if self._edit.isVisible():
            self.suggest(self._edit.text())

    def answered(self) -> bool:
        """False while the catalogue has not read the texts a search needs yet."""
        catalog = hs_catalog()
        return catalog.search_ready or catalog.scan_ready

    def codes(self) -> list[str]:
        """The codes on offer now, in order."""
        return [
            str(self.entries.item(row).data(CODE_ROLE)) for row in range(self.entries.rowCount())
        ]
