"""This machine's settings (language, reviewer, database, layouts) in QSettings.

The options are declared once in :mod:`desktop_app.core.settings`; this adapter only
stores them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from desktop_app import APP_ID, APP_NAME
from desktop_app.core.settings import Option, Scope


class LocalSettings:
    """Read and write ``Scope.LOCAL`` options and window state."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = settings or QSettings(APP_NAME, APP_ID)

    def get(self, option: Option) -> Any:
        """The stored value or the option's default."""
        assert option.scope is Scope.LOCAL
        value = self.qsettings.value(option.key, None)
        if value is None or value == "":
            return option.default
        return option.coerce(value)

    def set(self, option: Option, value: Any) -> None:
        """Validate and store ``value``."""
        assert option.scope is Scope.LOCAL
        self.qsettings.setValue(option.key, option.coerce(value))

    def state(self, key: str) -> QByteArray | None:
        """Saved geometry or header state, by key."""
        value = self.qsettings.value(f"state/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_state(self, key: str, value: QByteArray) -> None:
        """Remember geometry or header state."""
        self.qsettings.setValue(f"state/{key}", value)

    def sync(self) -> None:
        """Write to disk now."""
        self.qsettings.sync()
