"""Portable dumps built by an attacker: each is refused with a message, the database unchanged.

Every case is restored with ``db restore --force`` over a database that holds data, on
SQLite and on PostgreSQL: the command exits 1 (never 70) with a message naming what is
wrong, and every row of the target is as it was.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.core.database.portable import DumpLimits, dump_database, read_manifest
from desktop_app.core.database.portable_restore import DumpSource, check_dump_rows, restore_dump
from desktop_app.core.database.session import Database, open_database
from desktop_app.core.domain.models import Company
from desktop_app.core.errors import DatabaseError
from tests.core.database.hostile_backups import (
    duplicate_first_row,
    edit_rows,
    raw_first_row,
    rewrite_dump,
    set_field,
)
from tests.core.database.portable_data import fill, snapshot
from tests.reliability.figures import record


@pytest.fixture(scope="module")
def good_dump(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("good-dump")
    path = folder / "source.sqlite3"
    path.write_bytes(sqlite_template.read_bytes())
    source = open_database(str(path))
    try:
        fill(source)
        dump = folder / "good.emdump"
        dump_database(source.engine, dump)
    finally:
        source.dispose()
    return dump


def _without(name: str) -> Any:
    def change(manifest: dict[str, Any]) -> None:
        manifest["tables"] = [t for t in manifest["tables"] if t["name"] != name]

    return change


def _twice(name: str) -> Any:
    def change(manifest: dict[str, Any]) -> None:
        manifest["tables"] += [t for t in manifest["tables"] if t["name"] == name]

    return change


def _unknown_table(manifest: dict[str, Any]) -> None:
    manifest["tables"].append(
        {
            "name": "evil",
            "member": "tables/evil.jsonl",
            "columns": [],
            "rows": 0,
            "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        }
    )


# (case, rewrite_dump arguments, what the message says)
CASES: list[tuple[str, dict[str, Any], str]] = [
    (
        "a table left out",
        {"manifest_change": _without("products"), "drop": ("tables/products.jsonl",)},
        "lacks the table products",
    ),
    ("a table listed twice", {"manifest_change": _twice("companies")}, "listed twice"),
    (
        "tables not a list",
        {"manifest_change": lambda m: m.update(tables="all")},
        "manifest is wrong",
    ),
    (
        "rows not a number",
        {"manifest_change": lambda m: m["tables"][0].update(rows="many")},
        "manifest is wrong",
    ),
    ("manifest not JSON", {"manifest_raw": b"{not json"}, "not an ExportMatch portable dump"),
    ("manifest a list", {"manifest_raw": b"[]"}, "not a JSON object"),
    (
        "a missing member",
        {"drop": ("tables/companies.jsonl",)},
        "tables/companies.jsonl is missing",
    ),
    ("an unlisted member", {"extra": {"../../evil.sh": b"rm -rf /"}}, "does not list"),
    (
        "no schema revision",
        {"manifest_change": lambda m: m.update(schema_revision=None)},
        "records no schema revision",
    ),
    (
        "a table the schema lacks",
        {"manifest_change": _unknown_table, "extra": {"tables/evil.jsonl": b""}},
        "holds a table evil",
    ),
    (
        "text in an integer column",
        {"tables": {"products": set_field("shelf_life_days", "abc")}},
        "shelf_life_days",
    ),
    (
        "a boolean as an id",
        {"tables": {"search_entries": set_field("record_id", True)}},
        "not a whole number",
    ),
    (
        "infinity",
        {"tables": {"match_candidates": set_field("score", float("inf"))}},
        "not valid JSON",
    ),
    ("1e308 as a price", {"tables": {"products": set_field("price_min", "1e308")}}, "too large"),
    (
        "a price of 10^20",
        {"tables": {"products": set_field("price_max", "99999999999999999999")}},
        "too large",
    ),
    (
        "a price with 3 decimals",
        {"tables": {"products": set_field("price_max", "1.005")}},
        "decimal places",
    ),
    (
        "10^12 days of shelf life",
        {"tables": {"products": set_field("shelf_life_days", 10**12)}},
        "out of range",
    ),
    (
        "a NUL in a name",
        {"tables": {"companies": set_field("name_ru", "ООО\x00Ромашка")}},
        "U+0000",
    ),
    (
        "40,000 characters in a 500 column",
        {"tables": {"products": set_field("name_ru", "x" * 40_000)}},
        "at most 500 fit",
    ),
    (
        "NULL in a required column",
        {"tables": {"companies": set_field("name_ru", None)}},
        "a value is required",
    ),
    ("an unknown status", {"tables": {"products": set_field("status", "pwned")}}, "not one of"),
    (
        "a date that is no date",
        {"tables": {"demand_lines": set_field("deadline", "2027-02-30")}},
        "cannot be read",
    ),
    (
        "a number as a timestamp",
        {"tables": {"companies": set_field("created_at", 17)}},
        "not a date and time",
    ),
    (
        "invalid JSON",
        {"tables": {"companies": raw_first_row('{"id": 1, "name_ru": ')}},
        "not valid JSON",
    ),
    (
        "a row that is a list",
        {"tables": {"companies": raw_first_row("[1, 2, 3]")}},
        "not a JSON object",
    ),
    (
        "a field the manifest lacks",
        {"tables": {"companies": set_field("evil", 1)}},
        "fields differ",
    ),
    (
        "a dangling foreign key",
        {"tables": {"products": set_field("company_id", 999_999)}},
        "products, line 1",
    ),
    ("a duplicate key", {"tables": {"companies": duplicate_first_row}}, "companies, line 2"),
    (
        "JSON nested 10,000 deep",
        {
            "tables": {
                "settings": edit_rows(
                    lambda r: json.dumps({**r, "value": 1}).replace(
                        "1}", "[" * 10_000 + "]" * 10_000 + "}"
                    )
                )
            }
        },
        "settings, line 1",
    ),
    (
        "a 40 MB member packed 1000 times",
        {"tables": {"companies": lambda lines: [*lines, b" " * 40_000_000 + b"\n"]}},
        "times its packed size",
    ),
]


def _restore_cli(database: Database, dump: Path) -> int:
    url = database.url.render_as_string(hide_password=False)
    return main(["--database", url, "db", "restore", "--force", str(dump)])


@pytest.mark.parametrize(("case", "change", "message"), CASES, ids=[c[0] for c in CASES])
def test_a_hostile_dump_is_refused_and_changes_nothing(
    database: Database,
    good_dump: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    case: str,
    change: dict[str, Any],
    message: str,
) -> None:
    with database.session(actor="test") as session:
        session.add(Company(name_ru="Была до восстановления"))
    before = snapshot(database)
    hostile = rewrite_dump(good_dump, tmp_path / "hostile.emdump", **change)
    capsys.readouterr()
    assert _restore_cli(database, hostile) == 1, case
    error = capsys.readouterr().err
    assert message in error, error
    assert "this is a bug" not in error
    assert snapshot(database) == before
    record("hostile portable dumps refused", backend=database.backend, case=case)


def test_a_refused_restore_names_the_safety_copy(
    sqlite_database: Database, good_dump: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite_database.session(actor="test") as session:
        session.add(Company(name_ru="Была до восстановления"))
    hostile = rewrite_dump(
        good_dump, tmp_path / "h.emdump", tables={"companies": duplicate_first_row}
    )
    capsys.readouterr()
    assert _restore_cli(sqlite_database, hostile) == 1
    error = capsys.readouterr().err
    safety = list(tmp_path.glob("exportmatch.pre-restore-*.sqlite3"))
    assert len(safety) == 1
    assert "was not changed" in error and str(safety[0]) in error


def test_a_line_longer_than_the_limit_is_refused(
    sqlite_database: Database, good_dump: Path, tmp_path: Path
) -> None:
    hostile = rewrite_dump(
        good_dump, tmp_path / "long.emdump", tables={"companies": set_field("notes", "n" * 5000)}
    )
    with pytest.raises(DatabaseError, match="longer than 1000 bytes"):
        restore_dump(sqlite_database.engine, hostile, limits=DumpLimits(max_line_bytes=1000))
    assert all(rows == [] for rows in snapshot(sqlite_database).values())


def test_tables_listed_children_first_restore_in_order(
    database: Database, good_dump: Path, tmp_path: Path
) -> None:
    reordered = rewrite_dump(
        good_dump,
        tmp_path / "reversed.emdump",
        manifest_change=lambda m: m.update(tables=list(reversed(m["tables"]))),
    )
    report = restore_dump(database.engine, reordered)
    assert report.rows["match_candidates"] > 0
    assert report.rows["companies"] > 0


def _last_row_holds_a_nul(lines: list[bytes]) -> list[bytes]:
    last = json.loads(lines[-1])
    last["name_ru"] = "Последняя\x00"
    return [*lines[:-1], json.dumps(last, ensure_ascii=False).encode() + b"\n"]


def test_a_bad_last_row_is_refused_before_the_safety_copy_and_any_write(
    database: Database, good_dump: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with database.session(actor="test") as session:
        session.add(Company(name_ru="Была до восстановления"))
    before = snapshot(database)
    hostile = rewrite_dump(
        good_dump, tmp_path / "last.emdump", tables={"companies": _last_row_holds_a_nul}
    )
    with zipfile.ZipFile(hostile) as archive:
        last_line = len(archive.read("tables/companies.jsonl").splitlines())
    capsys.readouterr()
    assert _restore_cli(database, hostile) == 1
    error = capsys.readouterr().err
    assert f"companies, line {last_line}" in error and "name_ru" in error, error
    # Refused by the check that reads every row first: no safety copy was needed.
    assert not list(tmp_path.glob("exportmatch.pre-restore-*"))
    assert "copy taken before the restore" not in error
    assert snapshot(database) == before
    record("hostile portable dumps refused", backend=database.backend, case="bad last row")


def test_a_member_whose_checksum_differs_is_refused_before_anything_is_written(
    sqlite_database: Database, good_dump: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite_database.session(actor="test") as session:
        session.add(Company(name_ru="Была до восстановления"))
    before = snapshot(sqlite_database)
    hostile = rewrite_dump(good_dump, tmp_path / "swapped.emdump")
    # Two rows swapped after the manifest's checksum was taken: every row is valid.
    with zipfile.ZipFile(hostile) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    lines = members["tables/companies.jsonl"].splitlines(keepends=True)
    members["tables/companies.jsonl"] = b"".join([lines[1], lines[0], *lines[2:]])
    with zipfile.ZipFile(hostile, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(DatabaseError, match="table companies is damaged"):
        check_dump_rows(DumpSource(hostile, read_manifest(hostile)))
    capsys.readouterr()
    assert _restore_cli(sqlite_database, hostile) == 1
    assert "table companies is damaged" in capsys.readouterr().err
    assert not list(tmp_path.glob("exportmatch.pre-restore-*"))
    assert snapshot(sqlite_database) == before
