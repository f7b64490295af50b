"""Who is at the keyboard, as the operating system knows them: the default reviewer name."""

from __future__ import annotations

import getpass
import os
import sys

# The most characters a person's name takes where writes are put down to someone
# (reviewer, actor, created_by, added_by: VARCHAR(120) on PostgreSQL).
ACTOR_CHARS = 120


def actor_name(name: str) -> str:
    """``name`` as a write is put down to: trimmed and cut to :data:`ACTOR_CHARS`.

    A longer reviewer name (typed in Settings, given as ``--actor`` or set as an account's
    full name) was refused by PostgreSQL on every write, as a bug report.
    """
    return name.strip()[:ACTOR_CHARS].strip()


def _windows_display_name() -> str:
    import ctypes  # Windows only

    name_display = 3  # EXTENDED_NAME_FORMAT.NameDisplay: "Anna Petrova"
    size = ctypes.c_ulong(0)
    secur32 = ctypes.windll.secur32  # type: ignore[attr-defined,unused-ignore]
    secur32.GetUserNameExW(name_display, None, ctypes.byref(size))
    if not size.value:
        return ""
    buffer = ctypes.create_unicode_buffer(size.value)
    if not secur32.GetUserNameExW(name_display, buffer, ctypes.byref(size)):
        return ""
    return str(buffer.value)


def _posix_full_name() -> str:
    import pwd  # not on Windows

    try:
        gecos = pwd.getpwuid(os.getuid()).pw_gecos
    except KeyError:  # a uid with no passwd entry (containers)
        return ""
    # GECOS is "Full Name,room,work phone,home phone,other"; macOS keeps the full name there too.
    return gecos.split(",")[0].strip()


def system_user_name() -> str:
    """The user's full name from the operating system, else the login name, else ``""``."""
    try:
        full = _windows_display_name() if sys.platform == "win32" else _posix_full_name()
    except OSError:
        full = ""
    if full:
        return full
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""
