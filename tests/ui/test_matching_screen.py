"""Matching from the GUI: the run, its status message, Cancel leaving nothing behind."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop_app.core.domain.models import MatchCandidate
from desktop_app.core.matching.engine import MatchReport, run_matching
from desktop_app.core.services.demo import load_demo_data
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import SignalProgress


def candidates(window: MainWindow) -> int:
    with window.database.session() as session:
        return session.scalar(select(func.count()).select_from(MatchCandidate)) or 0


@pytest.mark.slow
def test_run_matching_from_the_menu_stores_candidates_and_says_so(
    main_window: MainWindow, qtbot
) -> None:
    with main_window.database.session() as session:
        load_demo_data(session)
    main_window.show_page("matches")
    assert main_window.matching.run_all_action.shortcut().toString() == "Ctrl+M"
    with qtbot.waitSignal(main_window.matching.finished, timeout=30_000) as finished:
        main_window.matching.run_all_action.trigger()
    report = finished.args[0]
    assert isinstance(report, MatchReport) and report.candidates_stored > 0
    assert candidates(main_window) == report.candidates_stored
    message = main_window.statusBar().currentMessage()
    assert "Matching done" in message and str(report.candidates_stored) in message
    matches_page = main_window.page("matches")
    assert main_window.operations.wait()  # the screen is reloaded on the worker
    assert matches_page.model.rowCount() > 0  # type: ignore[attr-defined]

    # Nothing changed since: the "changed only" run re-scores no line.
    with qtbot.waitSignal(main_window.matching.finished, timeout=30_000) as again:
        main_window.matching.run_changed_action.trigger()
    assert again.args[0].lines_rescored == 0


@pytest.mark.slow
def test_cancelling_a_long_run_writes_nothing(main_window: MainWindow, qtbot) -> None:
    with main_window.database.session() as session:
        load_demo_data(session)

    def long_run(session, progress: SignalProgress, **options) -> MatchReport:
        """The real run, then a last slow step during which the user presses Cancel."""
        report = run_matching(session, progress, **options)
        session.flush()
        assert session.scalar(select(func.count()).select_from(MatchCandidate))
        progress.token.cancel()
        progress.check_cancelled()
        return report

    main_window.matching.match = long_run
    with qtbot.waitSignal(main_window.matching.cancelled, timeout=30_000):
        main_window.matching.run()
    assert candidates(main_window) == 0
    assert "cancelled" in main_window.statusBar().currentMessage()
    assert main_window.matching.run_all_action.isEnabled()
