"""The Matches screen: every stored candidate, with Review's filters and "Open in Review"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from desktop_app.core.services.browse import table_spec
from desktop_app.core.services.review import filter_conditions
from desktop_app.ui.local_settings import LocalSettings
from desktop_app.ui.matches_table_model import MatchesTableModel
from desktop_app.ui.operations import Operations
from desktop_app.ui.review_filter_bar import ReviewFilterBar
from desktop_app.ui.table_page import TablePage


class MatchesPage(TablePage):
    """Candidates as a searchable table, filtered as in Review, with their deal fit."""

    open_in_review = Signal(int)
    model_class = MatchesTableModel

    def __init__(
        self,
        operations: Operations,
        settings: LocalSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(operations, table_spec("matches"), parent, settings)
        self.filter_bar = ReviewFilterBar(operations, self)
        self.filter_bar.changed.connect(self.apply_filters)
        self.body.insertWidget(0, self.filter_bar)
        assert isinstance(self.model, MatchesTableModel)
        self.model.fit_filter_cancelled.connect(self.filter_bar.drop_fit_filter)
        self.open_button = QPushButton(self.tr("Open in &Review"), self)
        self.open_button.setToolTip(self.tr("Show the selected match on the review workbench"))
        self.open_button.clicked.connect(self.open_selected)
        self.tools.addWidget(self.open_button)
        self.view.doubleClicked.connect(lambda _index: self.open_selected())

    def apply_filters(self) -> None:
        """List the candidates the filters let through."""
        self.model.conditions = filter_conditions(self.filter_bar.filters())
        assert isinstance(self.model, MatchesTableModel)
        self.model.fit_filter = self.filter_bar.fit()
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        """Reload the choices of the filters and the table."""
        if hasattr(self, "filter_bar"):
            self.filter_bar.fill_choices()
        super().refresh(select)

    def open_selected(self) -> None:
        """Ask for the selected candidate on the review workbench."""
        candidate_id = self.current_id()
        if candidate_id is not None:
            self.open_in_review.emit(candidate_id)
