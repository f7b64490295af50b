"""Two people saving the same record at the same moment, on PostgreSQL: the first one's
write is flushed but not committed when the second one saves. The second one's check
cannot see the first write, and the second insert waits on the first transaction, so the
database's constraint is what decides. Shared by the race tests of the services."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy.orm import Session

from desktop_app.core.database.session import Database


def second_save_while_first_uncommitted(
    database: Database,
    first: tuple[str, Callable[[Session], object]],
    second: tuple[str, Callable[[Session], object]],
) -> BaseException | None:
    """Run ``first`` (actor, write) in a write session, and ``second`` in another thread's
    write session before the first commits; what the second person was told (the
    exception raised), or None when the second save went through."""
    outcome: list[BaseException | None] = []
    second_actor, second_write = second

    def save_second() -> None:
        try:
            with database.session(actor=second_actor, write=True) as session:
                second_write(session)
            outcome.append(None)
        except BaseException as exc:  # the test reads what was told
            outcome.append(exc)

    first_actor, first_write = first
    with database.session(actor=first_actor, write=True) as session:
        first_write(session)
        session.flush()
        worker = threading.Thread(target=save_second)
        worker.start()
        # Long enough for the second insert to reach the first one's row lock.
        time.sleep(1.0)
    worker.join(30)
    (result,) = outcome
    return result
