"""People's words for the values the matcher and the reviewers store."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QCoreApplication

from desktop_app.core.domain.enums import (
    DemandStatus,
    Language,
    MatchStatus,
    ProductStatus,
    Verdict,
)


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


def enum_title(value: Enum) -> str:
    """Any stored choice (statuses, verdicts, languages) as the interface says it."""
    if isinstance(value, Verdict):
        return verdict_title(value)
    if isinstance(value, MatchStatus):
        return status_title(value)
    titles: dict[Enum, str] = {
        ProductStatus.DRAFT: QCoreApplication.translate("labels", "Draft"),
        ProductStatus.ACTIVE: QCoreApplication.translate("labels", "Active"),
        ProductStatus.ARCHIVED: QCoreApplication.translate("labels", "Archived"),
        DemandStatus.OPEN: QCoreApplication.translate("labels", "Open"),
        DemandStatus.CLOSED: QCoreApplication.translate("labels", "Closed"),
        Language.RU: QCoreApplication.translate("labels", "Russian"),
        Language.EN: QCoreApplication.translate("labels", "English"),
        Language.ZH: QCoreApplication.translate("labels", "Chinese"),
        Language.MIXED: QCoreApplication.translate("labels", "Mixed"),
        Language.UNKNOWN: QCoreApplication.translate("labels", "Unknown"),
    }
    return titles.get(value, str(value.value))
