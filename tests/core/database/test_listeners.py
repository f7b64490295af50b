"""The audit trail and the search index are installed where the app's sessions are made.

They used to hang on SQLAlchemy's global ``Session`` class, attached by importing
``services``: any session, the app's or not, was audited, and whether one was depended on
what had been imported. Now the app's session factory carries them and nothing else does.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from desktop_app.core.database.listeners import has_session_listeners
from desktop_app.core.database.session import Database
from desktop_app.core.domain.models import AuditEvent, Company, SearchEntry


def test_the_apps_sessions_audit_and_index_what_they_write(database: Database) -> None:
    assert has_session_listeners(database.sessions)
    with database.session(actor="Анна") as session:
        session.add(Company(name_ru="ООО «Ёлка»", name_key="елка"))
    with database.session() as session:
        events = session.scalars(select(AuditEvent)).all()
        texts = session.scalars(select(SearchEntry.text)).all()
    assert [(event.actor, event.entity_type) for event in events] == [("Анна", "company")]
    assert texts == ["ооо елка"]


def test_a_session_made_elsewhere_is_neither_audited_nor_indexed(database: Database) -> None:
    foreign = sessionmaker(database.engine)
    assert not has_session_listeners(foreign)
    with foreign() as session, session.begin():
        session.add(Company(name_ru="Сторонняя", name_key="сторонняя"))
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0
        assert session.scalar(select(func.count()).select_from(SearchEntry)) == 0


@pytest.mark.slow
def test_nothing_is_installed_by_importing_a_module() -> None:
    # Importing every layer of the core installs no listener on the global Session.
    script = textwrap.dedent(
        """
        import pkgutil, importlib
        import desktop_app.core as core
        for module in pkgutil.walk_packages(core.__path__, "desktop_app.core."):
            importlib.import_module(module.name)
        from sqlalchemy import event
        from sqlalchemy.orm import Session
        names = ("before_flush", "after_flush", "after_flush_postexec")
        from desktop_app.core.database import listeners
        found = [
            (name, listener.__name__)
            for name, listener in listeners._LISTENERS
            if event.contains(Session, name, listener)
        ]
        print(found)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_every_new_factory_is_equipped_even_when_an_old_one_was_collected(
    database: Database,
) -> None:
    # SQLAlchemy keys its registry by id(): a factory made after another was collected
    # may reuse its id. Each must still audit what it writes.
    import gc

    from desktop_app.core.database.engine import make_session_factory

    for attempt in range(30):
        factory = make_session_factory(database.engine)
        with factory() as session, session.begin():
            session.add(Company(name_ru=f"Завод {attempt}", name_key=f"zavod {attempt}"))
        del factory, session
        gc.collect()
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 30
