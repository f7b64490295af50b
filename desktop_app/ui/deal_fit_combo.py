"""The deal-fit filter: any, fits, conflict or unknown."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from desktop_app.core.pooling.deal_fit import FIT_TITLES, Fit


class DealFitCombo(QComboBox):
    """Choose which deal fit to show; its data is the :class:`Fit` or ``None`` for any."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deal_fit_filter")
        self.setToolTip(self.tr("Show only candidates whose deal fits, conflicts or is unknown"))
        self.addItem(self.tr("Any deal fit"), None)
        for fit in (Fit.AGREE, Fit.CONFLICT, Fit.UNKNOWN):
            self.addItem(self.tr("Deal: {fit}").format(fit=FIT_TITLES[fit]()), fit.value)

    def chosen(self) -> Fit | None:
        """The deal fit chosen, or ``None`` for any."""
        data = self.currentData()
        return Fit(data) if data else None
