"""Filter combo boxes: their choices read from the database, their share of a filter row."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtWidgets import QComboBox, QSizePolicy


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
    _widen_popup(combo)


def share_filter_row(combo: QComboBox, letters: int) -> None:
    """Let ``combo`` share a filter row with its neighbours: at least ``letters``
    characters wide, growing with the room there is (so a Russian "any ..." choice is not
    cut at 1024 pixels while the list is still empty), its popup as wide as its longest
    choice."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(letters)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    _widen_popup(combo)


def _widen_popup(combo: QComboBox) -> None:
    combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
