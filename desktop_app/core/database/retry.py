"""A bounded retry for the moment a SQLite transaction takes the write lock.

Several ExportMatch processes may share one SQLite file. SQLite lets one writer at a time
in; the busy timeout (see ``engine.py``) makes the others wait, but a transaction that
read first and then wants to write can be refused at once ("database is locked") when
another process committed in between: waiting cannot help it, starting again can. So
write transactions take the lock up front (``BEGIN IMMEDIATE``) and, should even that
wait run out, try a few more times with a growing pause before giving up with a message.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import OperationalError

log = logging.getLogger(__name__)

T = TypeVar("T")

BUSY_MARKERS = ("database is locked", "database is busy", "database table is locked")
DEFAULT_ATTEMPTS = 4
FIRST_PAUSE_SECONDS = 0.05
LONGEST_PAUSE_SECONDS = 1.0


def is_busy_error(exc: BaseException) -> bool:
    """True when ``exc`` says another connection holds the SQLite write lock."""
    if not isinstance(exc, OperationalError):
        return False
    text = str(exc.orig if exc.orig is not None else exc).lower()
    return any(marker in text for marker in BUSY_MARKERS)


def retry_when_busy(
    action: Callable[[], T],
    attempts: int = DEFAULT_ATTEMPTS,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run ``action``; when it fails because the database is busy, pause and run it again.

    At most ``attempts`` runs; the pause doubles from 50 ms up to a second, with jitter so
    that processes that collided do not collide again. Other errors pass through at once.
    """
    pause = FIRST_PAUSE_SECONDS
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except OperationalError as exc:
            if attempt == attempts or not is_busy_error(exc):
                raise
            log.info("database busy (attempt %d of %d); retrying", attempt, attempts)
            sleep(pause * (0.5 + random.random()))
            pause = min(pause * 2, LONGEST_PAUSE_SECONDS)
    raise AssertionError("unreachable: the loop returns or raises")
