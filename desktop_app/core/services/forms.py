"""What the company and product forms share: per-field findings and optimistic locking.

A form is validated as a whole by a pure function (no database), so the GUI can run it on
every keystroke and show each field's problem beside the field. Saving validates again
and raises an :class:`~desktop_app.core.errors.InputError` naming the first bad field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import FromClause
from sqlalchemy.orm import Session

from desktop_app.core.database.audit import last_audit_event
from desktop_app.core.domain.types import local_minute
from desktop_app.core.errors import ConflictError, InputError, Location
from desktop_app.core.i18n import tr
from desktop_app.core.services.labels import field_label
from desktop_app.core.text import drop_invisible
from desktop_app.core.validation import Check, Severity
from desktop_app.core.validation.columns import table_bounds


@dataclass(frozen=True)
class FieldFinding:
    """A problem or a hint for one form field."""

    severity: Severity
    message: str


@dataclass(frozen=True)
class FormCheck:
    """The outcome of validating a whole form: normalised values and findings by field.

    ``hints`` are informative texts shown beside a field, such as an HS code's
    description; they are not problems.
    """

    values: dict[str, Any]
    findings: dict[str, FieldFinding] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no field has an error (warnings allow saving)."""
        return not any(f.severity is Severity.ERROR for f in self.findings.values())

    def errors(self) -> dict[str, str]:
        """The error messages by field."""
        return {
            key: finding.message
            for key, finding in self.findings.items()
            if finding.severity is Severity.ERROR
        }

    def raise_if_invalid(self, form_name: str) -> None:
        """Raise an :class:`InputError` for the first field with an error."""
        for key, message in self.errors().items():
            raise InputError(message, Location(file=form_name, field=key))


class FormBuilder:
    """Collects values and findings while a form is checked field by field."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.findings: dict[str, FieldFinding] = {}
        self.hints: dict[str, str] = {}

    def text(self, key: str, raw: str, required: bool = False, limit: int | None = None) -> None:
        """A free-text field: without invisible characters (bidirectional controls,
        zero-width spaces, as an import drops them), trimmed; empty becomes ``None``."""
        value = drop_invisible(raw).strip() or None
        self.values[key] = value
        if required and value is None:
            self.error(key, tr("This field is required"))
        elif value is not None and limit is not None and len(value) > limit:
            self.error(key, tr("At most {limit} characters").format(limit=limit))

    def checked(self, key: str, check: Check[Any], required: bool = False) -> Any:
        """A field read by a validator; returns its normalised value."""
        self.values[key] = check.value
        if check.severity is not Severity.OK:
            self.findings[key] = FieldFinding(check.severity, check.message)
        elif required and check.value is None:
            self.error(key, tr("This field is required"))
        return check.value

    def error(self, key: str, message: str) -> None:
        """Record an error for ``key`` (the first error a field gets is kept; an error
        replaces a warning)."""
        found = self.findings.get(key)
        if found is None or found.severity is not Severity.ERROR:
            self.findings[key] = FieldFinding(Severity.ERROR, message)

    def result(self, table: FromClause | None = None) -> FormCheck:
        """The finished check; with ``table``, every value is also bounded by its column
        (length, range, decimal places, control characters), as import and restore are."""
        if table is not None:
            for key, reason in table_bounds(table).problems(self.values):
                self.error(key, reason)
        return FormCheck(dict(self.values), dict(self.findings), dict(self.hints))


def check_version(
    session: Session, entity_type: str, entity_id: int, current: int, expected: int
) -> None:
    """Raise :class:`ConflictError` when the record changed since it was read at ``expected``.

    The message names who changed it last, when, and which fields.
    """
    if current == expected:
        return
    raise _conflict(session, entity_type, entity_id)


def _conflict(session: Session, entity_type: str, entity_id: int) -> ConflictError:
    last = last_audit_event(session, entity_type, entity_id)
    if last is None:
        return ConflictError(
            tr("Somebody else changed this record since you opened it; reopen it.")
        )
    fields = ", ".join(sorted(field_label(entity_type, key) for key in last.changes)) or "-"
    return ConflictError(
        tr(
            "{actor} changed this record at {when} ({fields}) since you opened it; "
            "your changes were not saved. Reopen the record and apply them again."
        ).format(actor=last.actor, when=local_minute(last.at), fields=fields)
    )


def conflict_after_stale(session: Session, entity_type: str, entity_id: int) -> ConflictError:
    """The conflict of a save whose conditional ``UPDATE ... WHERE version = :seen`` found
    the record changed meanwhile, naming who changed it.

    ``session`` failed with that flush; a fresh session on the same database reads the
    audit trail, where the other person's committed change now is.
    """
    with Session(session.get_bind().engine) as fresh:
        return _conflict(fresh, entity_type, entity_id)
