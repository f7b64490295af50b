"""Who a command's writes are put down to: the one actor source of the command line.

``--actor`` when given, else the operating system's user (full name, else login name), as
the GUI does when no reviewer name is set; ``cli`` only when the system names nobody.
"""

from __future__ import annotations

import argparse

from desktop_app.core.os_user import actor_name, system_user_name

FALLBACK_ACTOR = "cli"


def command_actor(args: argparse.Namespace | None = None) -> str:
    """The person a command acts for."""
    given = getattr(args, "actor", None) if args is not None else None
    return actor_name((given or "").strip() or system_user_name() or FALLBACK_ACTOR)
