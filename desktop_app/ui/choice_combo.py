"""Filling a filter combo box with choices read from the database."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtWidgets import QComboBox


def refill_choices(combo: QComboBox, items: Iterable[tuple[Any, str]], everyone: str) -> None:
    """Replace the choices of ``combo`` by "everyone" plus ``items`` of (data, text).

    The current choice is kept when it is still offered, and no change signal fires, so
    refreshing the lists does not re-run the filters.
    """
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everyone, None)
    for data, text in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)
