"""Damaged and foreign database files, unreachable servers, killed backups: messages, not bugs.

Every command a person runs against a database that is random bytes, plain text,
truncated, has a damaged header or schema page, or belongs to another program, exits
1 with a message (never 70) and leaves the file byte for byte as it was: no WAL switch,
no new files beside it.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from desktop_app.cli import main
from desktop_app.core.database.backup import backup_sqlite, remove_stale_partials
from desktop_app.core.database.portable import dump_database
from desktop_app.core.database.session import Database, open_database
from desktop_app.core.errors import DatabaseError
from tests.reliability.figures import record


def _damaged(kind: str, good: bytes, path: Path) -> Path:
    if kind == "random bytes":
        path.write_bytes(os.urandom(64 * 1024))
    elif kind == "plain text":
        path.write_bytes(b"name,price\nsunflower oil,12\n" * 100)
    elif kind == "truncated":
        path.write_bytes(good[: len(good) // 3])
    elif kind == "damaged header":
        path.write_bytes(good[:16] + b"\xff" * 84 + good[100:])
    elif kind == "damaged schema page":
        path.write_bytes(good[:100] + b"\x0d" * 3996 + good[4096:])
    elif kind == "another program's database":
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE contacts (name TEXT)")
            connection.execute("INSERT INTO contacts VALUES ('Анна')")
        connection.close()
    return path


DAMAGE = [
    "random bytes",
    "plain text",
    "truncated",
    "damaged header",
    "damaged schema page",
    "another program's database",
]
COMMANDS = [
    ("db", "current"),
    ("db", "upgrade"),
    ("db", "backup", "--portable", "-o", "{tmp}/out.emdump"),
    ("db", "restore", "--force", "{dump}"),
    ("match",),
    ("import", "products", "{csv}"),
    ("export", "catalogue", "-o", "{tmp}/catalogue.xlsx"),
]


@pytest.fixture(scope="module")
def good_file(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("good-file")
    return backup_sqlite(sqlite_template, folder / "good.sqlite3")


@pytest.fixture(scope="module")
def good_dump(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("good-dump")
    copy = backup_sqlite(sqlite_template, folder / "source.sqlite3")
    database = open_database(str(copy))
    try:
        dump_database(database.engine, folder / "good.emdump")
    finally:
        database.dispose()
    return folder / "good.emdump"


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.mark.parametrize("damage", DAMAGE)
def test_every_command_on_a_damaged_file_gives_a_message_and_touches_nothing(
    damage: str,
    good_file: Path,
    good_dump: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = tmp_path / "db"
    home.mkdir()
    path = _damaged(damage, good_file.read_bytes(), home / "exportmatch.sqlite3")
    before = _digest(home)
    csv = tmp_path / "products.csv"
    csv.write_text("Компания,Товар\nООО Ромашка,Масло\n", encoding="utf-8")
    for command in COMMANDS:
        args = [a.format(tmp=tmp_path, dump=good_dump, csv=csv) for a in command]
        capsys.readouterr()
        assert main(["--database", str(path), *args]) == 1, (damage, args)
        error = capsys.readouterr().err
        assert "this is a bug" not in error and error.startswith("exportmatch: "), error
        assert _digest(home) == before, (damage, args)
        record("commands on damaged database files", case=f"{damage}: {' '.join(command)}")
    with pytest.raises(DatabaseError, match="left untouched"):
        open_database(str(path))  # what the GUI opens at start, and shows as a message
    assert _digest(home) == before


def test_a_foreign_sqlite_file_is_not_switched_to_wal(tmp_path: Path) -> None:
    path = _damaged("another program's database", b"", tmp_path / "contacts.sqlite3")
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="not created by ExportMatch; it is left untouched"):
        open_database(str(path))
    assert path.read_bytes() == before
    assert before[18:20] == b"\x01\x01"  # still a rollback-journal file, not WAL


def test_a_folder_given_as_the_database_is_refused(tmp_path: Path, capsys) -> None:
    assert main(["--database", str(tmp_path), "db", "current"]) == 1
    assert "is a folder" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_database_or_backup_is_refused_without_blocking(tmp_path: Path, capsys) -> None:
    fifo = tmp_path / "pipe.sqlite3"
    os.mkfifo(fifo)
    assert main(["--database", str(fifo), "db", "current"]) == 1
    assert "not a regular file" in capsys.readouterr().err
    target = tmp_path / "db.sqlite3"
    assert main(["--database", str(target), "db", "restore", str(fifo)]) == 1
    assert "not a backup file" in capsys.readouterr().err


UNREACHABLE = "postgresql://someone:secret@127.0.0.1:1/exportmatch"


@pytest.mark.parametrize(
    "command",
    [
        ("current",),
        ("upgrade",),
        ("backup",),
        ("restore", "{dump}"),
        ("restore", "--force", "{dump}"),
    ],
)
def test_db_commands_on_an_unreachable_server_give_a_message(
    command: tuple[str, ...], good_dump: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [a.format(dump=good_dump) for a in command]
    assert main(["--database", UNREACHABLE, "db", *args]) == 1
    error = capsys.readouterr().err
    assert "Cannot use the database" in error and "secret" not in error, error
    record("db commands on an unreachable PostgreSQL server", case=" ".join(command))


@pytest.mark.postgres
@pytest.mark.parametrize("fault", ["wrong password", "no such database"])
@pytest.mark.parametrize("command", [("current",), ("upgrade",), ("backup",)])
def test_db_commands_on_a_refusing_server_give_a_message(
    fault: str, command: tuple[str, ...], postgres_admin_url: str, capsys
) -> None:
    url = make_url(postgres_admin_url).set(drivername="postgresql")
    if fault == "wrong password":
        url = url.set(username="nobody_here", password="wrong")
    else:
        url = url.set(database="em_does_not_exist")
    assert main(["--database", url.render_as_string(hide_password=False), "db", *command]) == 1
    error = capsys.readouterr().err
    assert "Cannot use the database" in error, error
    record("db commands on a refusing PostgreSQL server", case=f"{fault}: {command[0]}")


def test_partial_backups_of_killed_writers_are_removed(
    sqlite_database: Database, tmp_path: Path
) -> None:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = int(finished.stdout)
    killed_copy = tmp_path / f"exportmatch.backup-1.sqlite3.{dead}.partial"
    killed_dump = tmp_path / f"exportmatch.backup-2.emdump.{dead}.partial"
    old_style = tmp_path / "exportmatch.backup-3.sqlite3.partial"
    running = tmp_path / f"exportmatch.backup-4.sqlite3.{os.getpid()}.partial"
    recent_old_style = tmp_path / "exportmatch.backup-5.emdump.partial"
    export = tmp_path / "catalogue.xlsx.partial"  # not a backup: never ours to remove
    for path in (killed_copy, killed_dump, old_style, running, recent_old_style, export):
        path.write_bytes(b"half")
    os.utime(old_style, (0, 0))
    os.utime(export, (0, 0))
    path = Path(str(sqlite_database.url.database))
    assert main(["--database", str(path), "db", "backup", "-o", str(tmp_path / "b.sqlite3")]) == 0
    left = {p.name for p in tmp_path.iterdir()}
    assert killed_copy.name not in left and killed_dump.name not in left
    assert old_style.name not in left
    assert {running.name, recent_old_style.name, export.name} <= left
    assert remove_stale_partials(tmp_path) == []


def test_a_database_on_a_read_only_disk_is_not_called_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A database in WAL mode cannot be opened where its -shm file cannot be created (a
    # read-only disk, a folder without write access): it was called "damaged or not a
    # database" and a restore from a backup was advised.
    from desktop_app.core.database import engine

    path = tmp_path / "офис.sqlite3"
    open_database(str(path)).dispose()
    for companion in tmp_path.glob("офис.sqlite3-*"):
        companion.unlink()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    if os.geteuid() == 0:  # root writes to a read-only folder: only a read-only disk stops it
        monkeypatch.setattr(engine, "folder_is_writable", lambda folder: folder != tmp_path)

        def cannot_open(*args: object, **kwargs: object) -> sqlite3.Connection:
            raise sqlite3.OperationalError("unable to open database file")

        monkeypatch.setattr(engine.sqlite3, "connect", cannot_open)
    else:
        tmp_path.chmod(0o555)
    try:
        status = main(["--database", str(path), "db", "current"])
    finally:
        tmp_path.chmod(0o755)
    err = capsys.readouterr().err
    assert status == 1, err
    assert "read-only disk" in err and "damaged" not in err and "restore" not in err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
