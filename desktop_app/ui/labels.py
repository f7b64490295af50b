"""People's words for the values the matcher and the reviewers store."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop_app.core.domain.enums import MatchStatus, Verdict


def verdict_title(verdict: Verdict) -> str:
    """The matcher's verdict as the interface says it."""
    titles = {
        Verdict.SUGGESTED: QCoreApplication.translate("labels", "Suggested"),
        Verdict.AMBIGUOUS: QCoreApplication.translate("labels", "Ambiguous"),
        Verdict.BELOW_FLOOR: QCoreApplication.translate("labels", "Below floor"),
    }
    return titles[verdict]


def status_title(status: MatchStatus) -> str:
    """A reviewer's decision as the interface says it."""
    titles = {
        MatchStatus.SUGGESTED: QCoreApplication.translate("labels", "Undecided"),
        MatchStatus.ACCEPTED: QCoreApplication.translate("labels", "Accepted"),
        MatchStatus.REJECTED: QCoreApplication.translate("labels", "Rejected"),
    }
    return titles[status]
