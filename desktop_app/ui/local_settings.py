"""This machine's settings (language, reviewer, database, layouts) in QSettings.

The options are declared once in :mod:`desktop_app.core.settings`; this adapter only
stores them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from desktop_app import APP_ID, APP_NAME
from desktop_app.core.os_user import actor_name, system_user_name
from desktop_app.core.settings import REVIEWER, Option, Scope

FALLBACK_ACTOR = "user"


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


def current_actor(settings: LocalSettings | None) -> str:
    """Who this machine's changes are recorded as: the one answer the whole GUI uses.

    The reviewer name from Settings; without one, the computer user's full name (else
    login name), the name Review offers to confirm, so that an edit, an import, an export
    or a matching run is never put down to "gui".
    """
    name = str(settings.get(REVIEWER) or "").strip() if settings is not None else ""
    return actor_name(name or system_user_name() or FALLBACK_ACTOR)
