"""The outcome of one validation: a normalized value, a severity and a reason.

Validators never raise on bad input. They return a :class:`Check` whose message says,
in words a person understands, what is wrong and, where possible, how to fix it. Empty
input is not an error here: whether a field is required is the caller's decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class Severity(StrEnum):
    """How serious a validation finding is."""

    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Check(Generic[T]):
    """A normalized value with the severity of what was found and the reason for it.

    ``value`` is ``None`` when the input was empty or could not be read (an error). A
    warning keeps the value: the input is usable but a person should look at it.
    """

    value: T | None
    severity: Severity = Severity.OK
    message: str = ""

    @property
    def ok(self) -> bool:
        """True unless the input is an error (warnings are ok)."""
        return self.severity is not Severity.ERROR

    @property
    def is_empty(self) -> bool:
        """True when the input was empty: no value and nothing to report."""
        return self.value is None and self.severity is Severity.OK

    @classmethod
    def good(cls, value: T) -> Check[T]:
        """A valid, normalized value."""
        return cls(value=value)

    @classmethod
    def warn(cls, value: T | None, message: str) -> Check[T]:
        """A usable value that a person should look at, and why."""
        return cls(value=value, severity=Severity.WARNING, message=message)

    @classmethod
    def error(cls, message: str) -> Check[T]:
        """An unusable input and the reason."""
        return cls(value=None, severity=Severity.ERROR, message=message)

    @classmethod
    def empty(cls) -> Check[T]:
        """Nothing was entered; the caller decides whether that is allowed."""
        return cls(value=None)
