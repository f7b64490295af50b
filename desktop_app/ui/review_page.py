"""The review workbench, the trade officer's main screen.

A queue of candidates (by demand line, best score first) beside a side-by-side card.
Keyboard: A accept, R reject, S skip, Ctrl+Z undo, J/K or the arrows to move. Every
decision is stamped with the reviewer name from Settings. A key acts at once: the row
shows the decision and the next candidate is selected while the decision is written on
the database worker; when it cannot be saved (someone else decided first), the row is put
back and a message says why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.domain.enums import MatchStatus
from desktop_app.core.errors import ConflictError, UserError
from desktop_app.core.os_user import actor_name, system_user_name
from desktop_app.core.services.glossary_terms import (
    add_term_pair,
    concept_title,
    concept_words,
    suggest_term_pair,
)
from desktop_app.core.services.naming import gloss_for
from desktop_app.core.services.review import (
    BulkResult,
    BulkSelection,
    CandidateView,
    Decision,
    ReviewCounts,
    ReviewFilters,
    bulk_accept,
    decide,
    review_counts,
    select_for_bulk_accept,
    undo,
    undo_all,
)
from desktop_app.core.settings import REVIEWER
from desktop_app.ui.bulk_accept_dialog import BulkAcceptDialog
from desktop_app.ui.confidence import ConfidenceDelegate
from desktop_app.ui.labels import status_title
from desktop_app.ui.local_settings import LocalSettings
from desktop_app.ui.match_card import MatchCard
from desktop_app.ui.operations import Operations
from desktop_app.ui.pool_dialog import PoolDialog
from desktop_app.ui.request_candidates_panel import RequestCandidatesPanel
from desktop_app.ui.review_filter_bar import ReviewFilterBar
from desktop_app.ui.review_history_panel import HistoryEntry, ReviewHistoryPanel
from desktop_app.ui.review_queue_model import (
    BUYER_COLUMN,
    FIT_COLUMN,
    STATUS_COLUMN,
    ReviewQueueModel,
)
from desktop_app.ui.translations import current_language

# Below this width the queue shows score, status, wanted product, buyer and offered
# product only (supplier, verdict, reviewer and deal fit are on the card too).
WIDE_QUEUE = 760
OPTIONAL_COLUMNS = (5, 6, 7, FIT_COLUMN)


class ReviewPage(QWidget):
    """Queue, card, decisions, undo and bulk accept."""

    status_message = Signal(str)

    def __init__(
        self,
        operations: Operations,
        settings: LocalSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page_review")
        self.operations = operations
        self.settings = settings
        # One entry per user action: a decision, or every decision of a bulk accept,
        # with the words the status bar uses when it is undone.
        self.undo_stack: list[tuple[str, list[Decision]]] = []
        self.model = ReviewQueueModel(operations, self)
        self._keep_selected: int | None = None
        self._build_filters()
        self.view = QTableView(self)
        self.view.setObjectName("review_queue")
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(0, ConfidenceDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        # The wanted and offered products and the buyer share the width, so the buyer
        # never scrolls out of sight; supplier, verdict and reviewer (on the card too)
        # step aside when the queue is narrow.
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(48)
        # Narrow headers show their first letters, not a clipped middle.
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        modes = {
            0: QHeaderView.ResizeMode.Fixed,
            STATUS_COLUMN: QHeaderView.ResizeMode.ResizeToContents,
            2: QHeaderView.ResizeMode.Stretch,
            BUYER_COLUMN: QHeaderView.ResizeMode.Stretch,
            4: QHeaderView.ResizeMode.Stretch,
        }
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(
                column, modes.get(column, QHeaderView.ResizeMode.Interactive)
            )
        for column, width in ((0, 56), (5, 140), (6, 90), (7, 90), (FIT_COLUMN, 90)):
            self.view.setColumnWidth(column, width)
        self.view.installEventFilter(self)
        self.card = MatchCard(self)
        # Glosses of demand texts by (interface language, text), read on the worker.
        self._glosses: dict[tuple[str, str, str], str] = {}
        self._glosses_asked: set[tuple[str, str, str]] = set()
        self.card.gloss_of = self.gloss_of
        self._concept_titles: dict[tuple[str, str], str] = {}
        self.card.concept_title_of = self.concept_title_of
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.show_row(current.row())
        )
        # Rows arrive from the database worker: the card and the selection follow them.
        self.model.dataChanged.connect(self._rows_arrived)
        self.model.modelReset.connect(self._queue_shown)
        buttons = QHBoxLayout()
        for text, tip, slot in (
            (self.tr("&Accept"), self.tr("Accept this match (A)"), self.accept_current),
            (self.tr("&Reject"), self.tr("Reject this match (R)"), self.reject_current),
            (self.tr("&Skip"), self.tr("Leave it undecided and go on (S)"), self.skip),
            (self.tr("&Undo"), self.tr("Undo your last action (Ctrl+Z)"), self.undo_last),
        ):
            buttons.addWidget(self._button(text, tip, slot))
        buttons.addStretch(1)
        # Bulk accept (it acts on the queue's filters) and the counter go under the queue,
        # so the card's side keeps to the width of the four decision buttons.
        bulk_button = self._button(
            self.tr("&Bulk accept…"), self.tr("Accept every strong suggestion"), self.bulk
        )
        self.counter = QLabel(self)
        self.counter.setObjectName("review_counter")
        under_queue = QHBoxLayout()
        under_queue.addWidget(self.counter, 1)
        under_queue.addWidget(bulk_button)
        under_queue.addWidget(
            self._button(
                self.tr("&Pool…"),
                self.tr("Split this request among several suppliers (a pooled offer)"),
                self.open_pool,
            )
        )
        under_queue.addSpacing(12)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        left_layout.addLayout(under_queue)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.card, 1)
        right_layout.addLayout(buttons)
        self._build_request_tabs(right_layout)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([500, 500])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addWidget(splitter, 1)
        self.offer_glossary = True

    def show_row(self, row: int) -> None:
        """Put the candidate at ``row`` on the card, with its deal fit and its request."""
        self.card.show_candidate(self.model.view_at(row))
        self.card.deal_fit.show_fit(self.model.fit_at(row))
        self.request_panel.show_request(self.model.view_at(row))

    def _build_request_tabs(self, layout: QVBoxLayout) -> None:
        self.request_panel = RequestCandidatesPanel(self.operations, lambda: self.reviewer, self)
        self.history = ReviewHistoryPanel(self.operations, self)
        self.request_panel.acted.connect(self.history.record)
        self.request_panel.changed.connect(self.refresh)
        self.request_panel.problem.connect(self._show_problem)
        self.history.undone.connect(self._undone_from_history)
        self.history.failed.connect(self._history_failed)
        tabs = QTabWidget(self)
        tabs.setObjectName("request_tabs")
        tabs.addTab(self.request_panel, self.tr("This request"))
        tabs.addTab(self.history, self.tr("History"))
        layout.addWidget(tabs)

    def _history_failed(self, error: UserError) -> None:
        self._show_problem(error)
        self.refresh()

    def _undone_from_history(self, token: object) -> None:
        # A decision or a bulk accept undone from the history leaves the Ctrl+Z stack too.
        if isinstance(token, list):
            self.undo_stack = [
                (text, action) for text, action in self.undo_stack if action is not token
            ]
        if isinstance(token, Decision):
            self.undo_stack = [
                (text, action)
                for text, action in self.undo_stack
                if not any(d.candidate_id == token.candidate_id for d in action)
            ]
        self.refresh()
        self._update_counter()
        self.status_message.emit(self.tr("Undone."))

    def _button(self, text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        return button

    # Filters -------------------------------------------------------------------
    def _build_filters(self) -> None:
        # The same bar as the Matches screen: one way to filter candidates.
        self.filter_bar = ReviewFilterBar(self.operations, self)
        self.filter_bar.changed.connect(self.apply_filters)
        self.model.fit_filter_cancelled.connect(self.filter_bar.drop_fit_filter)
        self.model.busy_changed.connect(self._show_busy)

    def _fill_choices(self) -> None:
        self.filter_bar.fill_choices()

    def filters(self) -> ReviewFilters:
        """The filters as chosen."""
        return self.filter_bar.filters()

    def apply_filters(self) -> None:
        """Reload the queue for the filters."""
        self.model.fit_filter = self.filter_bar.fit()
        self.model.refresh(self.filters())
        self._update_counter()

    def _show_busy(self, busy: bool) -> None:
        if busy:
            self.counter.setText(self.tr("Judging the deal fit…"))
        else:
            self._update_counter()

    def refresh(self) -> None:
        """Reload choices and queue, keeping the current candidate selected."""
        current = self.current_view()
        self._keep_selected = current.id if current is not None else None
        self._glosses.clear()  # the glossary may have been taught since
        self._fill_choices()
        self.apply_filters()

    def _queue_shown(self) -> None:
        keep, self._keep_selected = self._keep_selected, None
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.view.selectRow(row)
        elif self.model.rowCount():
            self.view.selectRow(0)
        else:
            self.show_row(-1)

    def _rows_arrived(self, first: QModelIndex, last: QModelIndex) -> None:
        row = self.view.currentIndex().row()
        if first.row() <= row <= last.row():
            self.show_row(row)

    def _update_counter(self) -> None:
        filters = self.model.filters
        self.operations.read(
            lambda session: review_counts(session, filters), self._show_counter, parent=self
        )

    def _show_counter(self, counts: ReviewCounts) -> None:
        if self.model.busy:
            return  # it says the deal fit is being judged; counted again when done
        self.counter.setText(
            self.tr("{reviewed} of {total} reviewed").format(
                reviewed=counts.reviewed, total=counts.total
            )
        )

    # Keyboard ------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self.handle_key(event)
        if watched is self.view and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        narrow = self.view.width() < WIDE_QUEUE
        for column in OPTIONAL_COLUMNS:
            self.view.setColumnHidden(column, narrow)

    def handle_key(self, event: QKeyEvent) -> bool:
        """Run the workbench action bound to ``event``'s key; True when there was one."""
        key, modifiers = event.key(), event.modifiers()
        if key == Qt.Key.Key_Z and modifiers & Qt.KeyboardModifier.ControlModifier:
            self.undo_last()
            return True
        if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        actions = {
            Qt.Key.Key_A: self.accept_current,
            Qt.Key.Key_R: self.reject_current,
            Qt.Key.Key_S: self.skip,
            Qt.Key.Key_J: lambda: self.move_by(1),
            Qt.Key.Key_K: lambda: self.move_by(-1),
        }
        action = actions.get(Qt.Key(key))
        if action is None:
            return False
        action()
        return True

    def move_by(self, step: int) -> None:
        """Select the row ``step`` rows away."""
        row = self.view.currentIndex().row() + step
        if 0 <= row < self.model.rowCount():
            self.view.selectRow(row)

    def skip(self) -> None:
        """Go on to the next candidate without deciding."""
        self.move_by(1)

    # Decisions -----------------------------------------------------------------
    @property
    def reviewer(self) -> str:
        """The reviewer name from Settings, as decisions are put down to it."""
        return actor_name(str(self.settings.get(REVIEWER) or ""))

    def confirm_reviewer(self) -> bool:
        """Make sure decisions have a name to carry; the first time, offer the system's.

        The operating system's full name for the user is offered, to confirm or change;
        it is kept in Settings (where it can be changed later). False when declined.
        """
        if self.reviewer.strip():
            return True
        name, ok = QInputDialog.getText(
            self,
            self.tr("Your name as reviewer"),
            self.tr(
                "Every decision is recorded with who made it. Record yours as:\n"
                "(you can change it later in File > Settings)"
            ),
            QLineEdit.EchoMode.Normal,
            system_user_name(),
        )
        if not ok or not name.strip():
            self.status_message.emit(self.tr("No reviewer name; nothing was decided."))
            return False
        self.settings.set(REVIEWER, name.strip())
        return True

    def current_view(self) -> CandidateView | None:
        """The candidate on the card."""
        return self.model.view_at(self.view.currentIndex().row())

    def accept_current(self) -> None:
        """Accept the candidate on the card."""
        self._decide(MatchStatus.ACCEPTED)

    def reject_current(self) -> None:
        """Reject the candidate on the card."""
        self._decide(MatchStatus.REJECTED)

    def _decide(self, status: MatchStatus) -> None:
        view = self.current_view()
        if view is None or not self.confirm_reviewer():
            return
        reviewer = self.reviewer
        # At once: the row shows the decision and the next candidate is selected.
        self.model.show_view(replace(view, status=status, reviewer=reviewer))
        self.move_by(1)

        def saved(decision: Decision) -> None:
            described = self.tr("{status}: {product} for “{demand}”").format(
                status=status_title(status), product=view.product_name, demand=view.demand_text
            )
            self.undo_stack.append((described, [decision]))
            self.history.record(
                HistoryEntry(
                    described,
                    reviewer,
                    lambda session: undo(session, decision, reviewer),
                    decision,
                )
            )
            self.model.reload(view.id)
            self._update_counter()
            self.status_message.emit(described + ".")
            if status is MatchStatus.ACCEPTED and self.offer_glossary:
                self._offer_term_pair(view)

        def refused(exc: UserError) -> None:
            self.model.show_view(view)  # put back as it was
            self._show_problem(exc)
            if isinstance(exc, ConflictError):
                self.refresh()

        self.operations.write(
            lambda session: decide(
                session, view.id, status, reviewer, view.version, expected_status=view.status
            ),
            saved,
            failed=refused,
            parent=self,
        )

    def undo_last(self) -> None:
        """Undo this session's last action: one decision, or a whole bulk accept."""
        if not self.undo_stack:
            self.status_message.emit(self.tr("Nothing to undo."))
            return
        described, decisions = self.undo_stack.pop()
        reviewer = self.reviewer
        # A single decision is put back at once (confirmed or restored when the worker
        # answers); a bulk accept is undone as a whole, then the queue is read again.
        shown: CandidateView | None = None
        if len(decisions) == 1:
            decision = decisions[0]
            row = self.model.row_of(decision.candidate_id)
            shown = self.model.view_at(row) if row is not None else None
            if shown is not None:
                assert row is not None
                self.model.show_view(
                    replace(shown, status=decision.from_status, reviewer=decision.previous_reviewer)
                )
                self.view.selectRow(row)

        def undone(done: list[Decision]) -> None:
            # A bulk accept is one history entry, found by its list of decisions.
            self.history.mark_undone(decisions[0] if len(decisions) == 1 else decisions)
            # The candidates are back as the earlier actions left them, at a new version:
            # those actions stay undoable (decide, decide again, Ctrl+Z, Ctrl+Z). Each list
            # is updated in place: a bulk accept's history entry holds the same list.
            versions = {decision.candidate_id: decision.version for decision in done}
            for _text, action in self.undo_stack:
                action[:] = [
                    replace(d, version=versions.get(d.candidate_id, d.version)) for d in action
                ]
            if len(decisions) == 1:
                self.model.reload(decisions[0].candidate_id)
                self._update_counter()
            else:
                self.refresh()
            self.status_message.emit(self.tr("Undone: {action}.").format(action=described))

        def refused(exc: UserError) -> None:
            if shown is not None:
                self.model.show_view(shown)
            self._show_problem(exc)
            self.refresh()

        self.operations.write(
            lambda session: undo_all(session, decisions, reviewer),
            undone,
            failed=refused,
            parent=self,
        )

    def open_candidate(self, candidate_id: int) -> None:
        """Select ``candidate_id``, clearing the filters when they hide it.

        The queue is read again on the worker; the candidate is selected when it arrives.
        """
        self._keep_selected = candidate_id
        if self.model.row_of(candidate_id) is None:
            self.filter_bar.clear()  # reads the queue again
            self.view.setFocus()
            return
        self._keep_selected = candidate_id
        self.apply_filters()
        self.view.setFocus()

    def _select_candidate(self, candidate_id: int) -> None:
        row = self.model.row_of(candidate_id)
        if row is not None:
            self.view.selectRow(row)

    def gloss_of(self, text: str, hs_code: str = "") -> str:
        """The demand text in the interface language (葵花籽油 -> масло подсолнечное); where
        the glossary cannot read it, the nomenclature's text of the line's HS code or of the
        code its Chinese tariff name reads as.

        Read on the worker: the first time a text is asked for this returns "" and the card
        is shown again with the gloss once it has arrived.
        """
        key = (current_language(), text, hs_code)
        if key in self._glosses:
            return self._glosses[key]
        if key not in self._glosses_asked:
            self._glosses_asked.add(key)
            language = key[0]
            self.operations.read(
                lambda session: gloss_for(session, text, language, hs_code or None),
                lambda gloss: self._gloss_arrived(key, gloss),
                failed=lambda _error: self._glosses_asked.discard(key),
                parent=self,
            )
        return ""

    def concept_title_of(self, concept: str) -> str:
        """A glossary concept by its name in the interface language, read on the worker.

        Until the name arrives the key is shown as words; the card is shown again then.
        """
        language = current_language().split("_")[0]
        key = (language, concept)
        if key not in self._concept_titles:
            self._concept_titles[key] = concept_words(concept)
            self.operations.read(
                lambda session: concept_title(concept, language),
                lambda title: self._concept_title_arrived(key, title),
                parent=self,
            )
        return self._concept_titles[key]

    def _concept_title_arrived(self, key: tuple[str, str], title: str) -> None:
        changed = self._concept_titles.get(key) != title
        self._concept_titles[key] = title
        view = self.card.view
        if changed and view is not None and key[1] in view.evidence.pair.concepts_met:
            self.card.show_candidate(view)

    def _gloss_arrived(self, key: tuple[str, str, str], gloss: str) -> None:
        self._glosses_asked.discard(key)
        self._glosses[key] = gloss
        view = self.card.view
        if gloss and view is not None and view.demand_text == key[1]:
            self.card.show_candidate(view)

    def _show_problem(self, error: UserError) -> None:
        QMessageBox.warning(self, self.tr("Review"), error.message)

    def _offer_term_pair(self, view: CandidateView) -> None:
        pair = suggest_term_pair(view)
        if pair is None:
            return
        terms = "\n".join(f"{language.value}: {term}" for language, term in pair.terms.items())
        answer = QMessageBox.question(
            self,
            self.tr("Teach the glossary?"),
            self.tr(
                "This match crossed languages without a glossary concept explaining it. "
                "Add these terms to the glossary as one concept, so the next match is found "
                "by meaning?\n\n{terms}"
            ).format(terms=terms),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        reviewer = self.reviewer
        self.operations.write(
            lambda session: add_term_pair(session, pair, reviewer),
            lambda added: self.status_message.emit(
                self.tr("%n term(s) added to the glossary.", "", len(added))
            ),
            failed=self._show_problem,
            parent=self,
        )

    def open_pool(self) -> None:
        """Propose, adjust and accept a pooled offer for the current candidate's request."""
        view = self.current_view()
        if view is None:
            return
        PoolDialog(self.operations, view.demand_line_id, self.reviewer, self).exec()
        self.refresh()

    def bulk(self) -> None:
        """Preview, confirm and run a bulk accept on the worker thread (cancellable)."""
        if not self.confirm_reviewer():
            return
        dialog = BulkAcceptDialog(self.operations, self.model.filters, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.run_bulk_accept(dialog.threshold.value(), dialog.selection)

    def run_bulk_accept(self, threshold: float, selection: BulkSelection | None = None) -> None:
        """Accept on the worker thread the strong suggestions scoring ``threshold`` or more.

        ``selection`` is what the confirmation showed (read now when not given); a match
        somebody decided since then keeps that decision and is named in the message.
        """
        filters, reviewer = self.model.filters, self.reviewer

        def done(result: BulkResult) -> None:
            self.refresh()
            decisions = list(result.decisions)
            if decisions:
                described = self.tr("bulk accept of %n match(es)", "", len(decisions))
                self.undo_stack.append((described, decisions))
                # One entry in the history for the whole bulk accept, undone as a whole
                # (with the versions Ctrl+Z keeps up to date in the same list).
                self.history.record(
                    HistoryEntry(
                        described[:1].upper() + described[1:],
                        reviewer,
                        lambda session: undo_all(session, list(decisions), reviewer),
                        decisions,
                    )
                )
            if result.conflicts:
                QMessageBox.information(self, self.tr("Review"), result.describe())
            self.status_message.emit(
                self.tr("%n match(es) accepted (Ctrl+Z undoes them all).", "", len(decisions))
            )

        self.operations.write(
            lambda session, progress: bulk_accept(
                session,
                selection or select_for_bulk_accept(session, threshold, filters),
                reviewer,
                progress,
            ),
            done,
            parent=self,
            label=self.tr("Accepting matches…"),
            cancelled=lambda: self.status_message.emit(
                self.tr("Bulk accept cancelled; nothing was changed.")
            ),
        )
