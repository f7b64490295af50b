"""The session listeners every unit of work of the app relies on, installed in one place.

They are attached to the application's own session factory where it is made
(:func:`desktop_app.core.database.engine.make_session_factory`), never to SQLAlchemy's
global ``Session`` class, so whether a write is audited and indexed does not depend on
which modules happen to have been imported:

* the audit trail (:func:`desktop_app.core.database.audit.record_audit`);
* the search index upkeep (:func:`desktop_app.core.database.search_index.index_flushed`);
* the notes that turn a lost optimistic lock into a message naming the record
  (:mod:`desktop_app.core.database.conflicts`).
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.core.database.audit import record_audit
from desktop_app.core.database.conflicts import forget_versioned_writes, remember_versioned_writes
from desktop_app.core.database.search_index import index_flushed

_LISTENERS = (
    ("before_flush", remember_versioned_writes),
    ("after_flush", record_audit),
    ("after_flush", index_flushed),
    ("after_flush_postexec", forget_versioned_writes),
)


def install_session_listeners(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    """Attach the audit, search-index and conflict listeners to a new ``factory``'s sessions.

    Called once, where the factory is made. It does not ask ``event.contains`` first:
    SQLAlchemy's registry is keyed by ``id()``, and a new factory can be given the id of
    one collected earlier, which would make a fresh factory look equipped already and
    leave a whole database unaudited and unindexed.
    """
    for name, listener in _LISTENERS:
        event.listen(factory, name, listener)
    return factory


def has_session_listeners(factory: sessionmaker[Session]) -> bool:
    """Whether ``factory`` audits and indexes what its sessions write."""
    return all(event.contains(factory, name, listener) for name, listener in _LISTENERS)
