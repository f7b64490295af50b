"""Fixtures shared by every test.

The database fixtures follow Anki's "empty collection built once": a SQLite file is
migrated to the newest schema once per session and copied for each test; on PostgreSQL a
migrated template database is cloned with ``CREATE DATABASE ... TEMPLATE``. The
``database`` fixture runs a test on both backends.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt or resolves user folders.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SESSION_DATA = Path(
    os.environ.setdefault("EXPORTMATCH_DATA_DIR", str(Path(__import__("tempfile").mkdtemp())))
)
os.environ.pop("EXPORTMATCH_DATABASE_URL", None)

from sqlalchemy.engine import make_url  # noqa: E402

from desktop_app.core.database.session import Database, open_database  # noqa: E402
from tests import pg_server  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head, built once."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    database = open_database(str(path))
    database.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """Admin URL of a PostgreSQL server: the given one, or one started for this session."""
    url = os.environ.get(pg_server.ENV_URL)
    server = None
    if not url:
        try:
            server = pg_server.LocalPostgres()
            url = server.start()
        except Exception as exc:
            if server is not None:
                server.stop()
            if os.environ.get(pg_server.ENV_REQUIRE) == "1":
                pytest.fail(f"PostgreSQL is required but could not be started: {exc}")
            pytest.skip(f"no PostgreSQL server: {exc}")
    pg_server.wait_until_ready(url)
    yield url
    if server is not None:
        server.stop()


def _admin_execute(admin_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(statement)


@pytest.fixture(scope="session")
def postgres_template(postgres_admin_url: str) -> str:
    """Name of a PostgreSQL database migrated to head, cloned by each test."""
    name = f"em_template_{uuid.uuid4().hex[:8]}"
    _admin_execute(postgres_admin_url, f'CREATE DATABASE "{name}"')
    url = make_url(postgres_admin_url).set(drivername="postgresql+psycopg", database=name)
    database = open_database(url)
    database.dispose()
    return name


def new_postgres_database(admin_url: str, template: str | None = None) -> str:
    """Create a fresh database (from ``template`` when given) and return its URL."""
    name = f"em_test_{uuid.uuid4().hex[:12]}"
    clause = f' TEMPLATE "{template}"' if template else ""
    _admin_execute(admin_url, f'CREATE DATABASE "{name}"{clause}')
    return (
        make_url(admin_url)
        .set(drivername="postgresql+psycopg", database=name)
        .render_as_string(hide_password=False)
    )


@pytest.fixture
def sqlite_database(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty SQLite database of this test's own."""
    path = tmp_path / "exportmatch.sqlite3"
    shutil.copyfile(sqlite_template, path)
    database = open_database(str(path))
    yield database
    database.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database of this test's own, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "exportmatch.sqlite3"
        shutil.copyfile(template, path)
        db = open_database(str(path))
    else:
        admin = request.getfixturevalue("postgres_admin_url")
        template_name = request.getfixturevalue("postgres_template")
        db = open_database(new_postgres_database(admin, template_name))
    yield db
    db.dispose()


@pytest.fixture
def demo_database(database: Database) -> Database:
    """The ``database`` fixture with the demo data loaded."""
    from desktop_app.core.services.demo import load_demo_data

    with database.session(actor="test") as session:
        load_demo_data(session)
    return database
