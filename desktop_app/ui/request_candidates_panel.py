"""The request on the card as a whole: all its candidates (accept or reject any of them),
a product linked by hand, and closing the request with a reason."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import LineOutcome, MatchSource, MatchStatus
from desktop_app.core.errors import UserError
from desktop_app.core.pooling.deal_fit import FIT_TITLES, DealFit
from desktop_app.core.pooling.fit_service import deal_fits
from desktop_app.core.services.review import CandidateView, Decision, decide, undo
from desktop_app.core.services.workbench import (
    LineChange,
    close_line,
    line_candidates,
    line_version,
    link_product,
    undo_line_change,
)
from desktop_app.ui.close_request_dialog import CloseRequestDialog
from desktop_app.ui.deal_fit_table import fit_colour
from desktop_app.ui.labels import outcome_title, status_title
from desktop_app.ui.link_product_dialog import LinkProductDialog
from desktop_app.ui.operations import Operations
from desktop_app.ui.review_history_panel import HistoryEntry


class RequestCandidatesPanel(QWidget):
    """Every candidate of the current request, and the request-wide actions."""

    changed = Signal()
    acted = Signal(object)
    problem = Signal(object)

    def __init__(
        self, operations: Operations, reviewer: Callable[[], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("request_candidates")
        self.operations = operations
        self._generation = 0
        self.reviewer = reviewer
        self.demand_line_id: int | None = None
        self.demand_text = ""
        self.version: int | None = None
        self.views: list[CandidateView] = []
        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("request_candidates_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Score"),
                self.tr("Offered product"),
                self.tr("Supplier"),
                self.tr("Status"),
                self.tr("Source"),
                self.tr("Deal fit"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.accept_button = QPushButton(self.tr("Accept selected"), self)
        self.accept_button.clicked.connect(lambda: self.decide_selected(MatchStatus.ACCEPTED))
        self.reject_button = QPushButton(self.tr("Reject selected"), self)
        self.reject_button.clicked.connect(lambda: self.decide_selected(MatchStatus.REJECTED))
        self.link_button = QPushButton(self.tr("&Link product…"), self)
        self.link_button.setToolTip(
            self.tr("Search the catalogue for a product the matcher missed")
        )
        self.link_button.clicked.connect(self.link)
        self.close_button = QPushButton(self.tr("&Close request…"), self)
        self.close_button.setToolTip(
            self.tr("Fulfilled, withdrawn, expired, or no supplier: with a reason")
        )
        self.close_button.clicked.connect(self.close_request)
        # Two by two beside the table: in one row the Russian labels alone would make the
        # window wider than 1024 pixels, and under it they would take the table's height.
        buttons = QGridLayout()
        for index, button in enumerate(
            (self.accept_button, self.reject_button, self.link_button, self.close_button)
        ):
            buttons.addWidget(button, index // 2, index % 2)
        buttons.setRowStretch(2, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._enable()

    def _enable(self) -> None:
        for button in (self.accept_button, self.reject_button, self.link_button, self.close_button):
            button.setEnabled(self.demand_line_id is not None)

    def show_request(self, view: CandidateView | None) -> None:
        """List the candidates of ``view``'s request (or nothing)."""
        self.demand_line_id = view.demand_line_id if view is not None else None
        self.demand_text = view.demand_text if view is not None else ""
        self.reload()

    def reload(self) -> None:
        """Read the request's candidates and version again (on the worker)."""
        self._enable()
        self._generation += 1
        line_id, generation = self.demand_line_id, self._generation
        if line_id is None:
            self.views = []
            self.version = None
            self.table.setRowCount(0)
            return

        def read(session: Session) -> tuple[list[CandidateView], dict[int, DealFit], int | None]:
            views = line_candidates(session, line_id)
            fits = deal_fits(session, [view.id for view in views])
            return views, fits, line_version(session, line_id)

        def arrived(request: tuple[list[CandidateView], dict[int, DealFit], int | None]) -> None:
            if generation == self._generation:
                self._show(*request)

        self.operations.read(read, arrived, parent=self)

    def _show(
        self, views: list[CandidateView], fits: dict[int, DealFit], version: int | None
    ) -> None:
        self.views, self.version = views, version
        self.table.setRowCount(len(self.views))
        for row, view in enumerate(self.views):
            manual = view.source is MatchSource.MANUAL
            fit = fits.get(view.id)
            texts = (
                f"{view.score:.0f}",
                view.product_name,
                view.company_name,
                status_title(view.status),
                self.tr("manual") if manual else self.tr("matcher"),
                FIT_TITLES[fit.overall]() if fit is not None else "",
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column == 5 and fit is not None:
                    item.setBackground(fit_colour(fit.overall))
                self.table.setItem(row, column, item)

    def selected(self) -> CandidateView | None:
        """The candidate selected in the list."""
        row = self.table.currentRow()
        return self.views[row] if 0 <= row < len(self.views) else None

    def _decision_entry(self, what: str, decision: Decision, reviewer: str) -> HistoryEntry:
        return HistoryEntry(
            what, reviewer, lambda session: undo(session, decision, reviewer), decision
        )

    def _done(self, entry: HistoryEntry) -> None:
        self.acted.emit(entry)
        self.reload()
        self.changed.emit()

    def _refused(self, error: UserError) -> None:
        self.problem.emit(error)
        self.reload()

    def decide_selected(self, status: MatchStatus) -> None:
        """Accept or reject the selected candidate, whichever rank it has."""
        view = self.selected()
        if view is None:
            return
        reviewer = self.reviewer()
        what = self.tr("{status}: {product} for “{demand}”").format(
            status=status_title(status), product=view.product_name, demand=view.demand_text
        )
        self.operations.write(
            lambda session: decide(
                session, view.id, status, reviewer, view.version, expected_status=view.status
            ),
            lambda decision: self._done(self._decision_entry(what, decision, reviewer)),
            failed=self._refused,
            parent=self,
        )

    def link(self) -> None:
        """Search a product and link it to the request as an accepted manual match."""
        if self.demand_line_id is None:
            return
        dialog = LinkProductDialog(self.operations, self.demand_text, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.selected() is None:
            return
        self.link_product(dialog.selected().id, dialog.note.text())  # type: ignore[union-attr]

    def link_product(self, product_id: int, note: str = "") -> None:
        """Link ``product_id`` to the current request."""
        line_id, version = self.demand_line_id, self.version
        if line_id is None:
            return
        reviewer = self.reviewer()
        what = self.tr("Linked by hand: product {id} to “{demand}”").format(
            id=product_id, demand=self.demand_text
        )
        self.operations.write(
            lambda session: link_product(
                session, line_id, product_id, reviewer, note or None, expected_version=version
            ),
            lambda decision: self._done(self._decision_entry(what, decision, reviewer)),
            failed=self._refused,
            parent=self,
        )

    def close_request(self) -> None:
        """Ask for the outcome and reason, then close the request."""
        if self.demand_line_id is None:
            return
        dialog = CloseRequestDialog(self.demand_text, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.close_with(*dialog.chosen())

    def close_with(self, outcome: LineOutcome, reason: str) -> None:
        """Close the current request as ``outcome`` for ``reason`` (the version seen)."""
        line_id, version = self.demand_line_id, self.version
        if line_id is None or version is None:
            return
        reviewer = self.reviewer()
        what = self.tr("Closed as {outcome}: “{demand}” ({reason})").format(
            outcome=outcome_title(outcome), demand=self.demand_text, reason=reason
        )

        def closed(change: LineChange) -> None:
            self._done(
                HistoryEntry(
                    what,
                    reviewer,
                    lambda session: undo_line_change(session, change, reviewer),
                    change,
                )
            )

        self.operations.write(
            lambda session: close_line(session, line_id, outcome, reason, reviewer, version),
            closed,
            failed=self._refused,
            parent=self,
        )
