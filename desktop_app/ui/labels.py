"""People's words for the values the matcher and the reviewers store.

The words themselves live in the core's :mod:`desktop_app.core.services.labels` (one
mapping, also used by the audit trail); these are the typed doors the screens use.
"""

from __future__ import annotations

from enum import Enum

from desktop_app.core.domain.enums import LineOutcome, MatchStatus, Verdict
from desktop_app.core.services.labels import choice_title


def verdict_title(verdict: Verdict) -> str:
    """The matcher's verdict as the interface says it."""
    return choice_title(verdict)


def status_title(status: MatchStatus) -> str:
    """A reviewer's decision as the interface says it."""
    return choice_title(status)


def outcome_title(outcome: LineOutcome) -> str:
    """A request's outcome as the interface says it."""
    return choice_title(outcome)


def enum_title(value: Enum) -> str:
    """Any stored choice (statuses, verdicts, languages) as the interface says it."""
    return choice_title(value)
