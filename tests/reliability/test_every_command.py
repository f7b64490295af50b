"""Every command of the CLI against a damaged database file and an unreachable server.

``tests/core/database/test_damaged_files.py`` runs the seven commands people use most;
here every leaf command the parser knows is run, so a command added later is covered
as soon as it is registered (the test fails on a command it has no arguments for).
Each must end with a message (exit 1) or succeed without the database (exit 0): never
exit 70 ("this is a bug"), never a traceback, and the damaged file stays byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import pytest

from desktop_app.cli import build_parser, main
from desktop_app.core.database.backup import backup_sqlite
from tests.core.database.test_damaged_files import DAMAGE, UNREACHABLE, _damaged
from tests.reliability.figures import record

# The arguments each leaf command is run with ({tmp}: a scratch folder, {csv}: a small
# CSV file, {missing}: a file that does not exist).
ARGUMENTS: dict[str, list[str]] = {
    "db upgrade": [],
    "db current": [],
    "db backup": ["-o", "{tmp}/copy.sqlite3"],
    "db restore": ["--force", "{missing}"],
    "demo": [],
    "import": ["products", "{csv}"],
    "template": ["products", "-o", "{tmp}/template.xlsx"],
    "match": [],
    "evaluate": ["--products", "{csv}", "--demand", "{csv}", "--gold", "{csv}"],
    "pool": ["REQ-1"],
    "rates list": [],
    "rates add": ["USD", "RUB", "90"],
    "rates import": ["{csv}"],
    "export catalogue": ["-o", "{tmp}/catalogue.xlsx"],
    "export matches": ["-o", "{tmp}/matches.xlsx"],
    "export templates": [],
    "names suggest": [],
    "hs search": ["离心泵"],
    "audit export": ["-o", "{tmp}/audit.csv"],
}


def _leaf_commands() -> list[str]:
    found: list[str] = []

    def walk(parser: argparse.ArgumentParser, prefix: list[str]) -> None:
        groups = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not groups:
            found.append(" ".join(prefix))
            return
        for name, child in groups[0].choices.items():
            walk(child, [*prefix, name])

    walk(build_parser(), [])
    return found


def test_every_command_has_arguments_here() -> None:
    assert sorted(_leaf_commands()) == sorted(ARGUMENTS)


def _args(command: str, tmp: Path) -> list[str]:
    csv = tmp / "rows.csv"
    if not csv.exists():
        csv.write_text("Компания,Товар\nООО Ромашка,Масло\n", encoding="utf-8")
    values = {"tmp": str(tmp), "csv": str(csv), "missing": str(tmp / "missing.emdump")}
    return [*command.split(), *(a.format(**values) for a in ARGUMENTS[command])]


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture(scope="module")
def good_file(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return backup_sqlite(sqlite_template, tmp_path_factory.mktemp("good") / "good.sqlite3")


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("command", sorted(ARGUMENTS))
def test_every_command_on_a_damaged_database_file_gives_a_message(
    command: str,
    damage: str,
    good_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = tmp_path / "db"
    home.mkdir()
    path = _damaged(damage, good_file.read_bytes(), home / "exportmatch.sqlite3")
    before = _digest(home)
    capsys.readouterr()
    status = main(["--database", str(path), *_args(command, tmp_path)])
    error = capsys.readouterr().err
    assert status in (0, 1), (status, error)
    assert "this is a bug" not in error and "Traceback" not in error, error
    assert status == 0 or error.startswith("exportmatch: "), error
    assert _digest(home) == before
    record("every command on a damaged database file", case=f"{damage}: {command}")


@pytest.mark.parametrize("command", sorted(ARGUMENTS))
def test_every_command_on_an_unreachable_server_gives_a_message(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    status = main(["--database", UNREACHABLE, *_args(command, tmp_path)])
    error = capsys.readouterr().err
    assert status in (0, 1), (status, error)
    assert "this is a bug" not in error and "Traceback" not in error, error
    assert "secret" not in error, error
    record("every command on an unreachable PostgreSQL server", case=command)
