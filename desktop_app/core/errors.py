"""Expected errors: problems a person can act on, as opposed to bugs.

Anything raised as a :class:`UserError` is shown to the user as its message, with no
traceback. Every other exception is a bug: it is logged with its traceback and the user
is told where the log is.
"""

from __future__ import annotations

from dataclasses import dataclass


class UserError(Exception):
    """An expected failure with a message a person can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Location:
    """Where in an input a problem was found; every part is optional."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    field: str | None = None

    def describe(self) -> str:
        """Return the location as "file, sheet, row, column" text."""
        from desktop_app.core.i18n import tr

        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(tr("sheet {sheet}").format(sheet=self.sheet))
        if self.row is not None:
            parts.append(tr("row {row}").format(row=self.row))
        if self.column:
            parts.append(tr("column {column}").format(column=self.column))
        if self.field:
            parts.append(tr("field {field}").format(field=self.field))
        return ", ".join(parts)


class InputError(UserError):
    """Bad input at a known place: a file, sheet, row, column or form field."""

    def __init__(self, reason: str, location: Location | None = None) -> None:
        self.reason = reason
        self.location = location or Location()
        where = self.location.describe()
        super().__init__(f"{where}: {reason}" if where else reason)


class DatabaseError(UserError):
    """The database cannot be opened, is busy, read-only or of an unknown version."""


class DatabaseBusyError(DatabaseError):
    """Another process holds the database longer than the busy timeout."""


class SchemaTooNewError(DatabaseError):
    """The database was written by a newer ExportMatch than this one."""


class ConflictError(UserError):
    """Somebody else changed the same record since it was read (optimistic locking)."""


class Cancelled(Exception):
    """Raised inside long work when the user pressed Cancel; not an error."""
