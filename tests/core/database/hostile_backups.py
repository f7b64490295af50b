"""Builders of hostile backups: portable dumps and SQLite copies changed the way an attacker would.

Each builder takes a good backup and writes a changed one, keeping everything else
consistent (a dump's row counts and checksums are recomputed), so that the restore is
refused for the reason under test and not by an earlier check.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

Lines = list[bytes]


def rewrite_dump(
    dump: Path,
    target: Path,
    manifest_change: Callable[[dict[str, Any]], None] | None = None,
    tables: dict[str, Callable[[Lines], Lines]] | None = None,
    extra: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
    manifest_raw: bytes | None = None,
) -> Path:
    """Copy ``dump`` to ``target`` with members changed and the manifest kept consistent."""
    tables = tables or {}
    with zipfile.ZipFile(dump) as source:
        manifest = json.loads(source.read("manifest.json"))
        members = {}
        for entry in manifest["tables"]:
            lines = source.read(entry["member"]).splitlines(keepends=True)
            if entry["name"] in tables:
                lines = tables[entry["name"]](lines)
                data = b"".join(lines)
                entry["rows"] = len(lines)
                entry["sha256"] = hashlib.sha256(data).hexdigest()
            members[entry["member"]] = b"".join(lines)
    if manifest_change:
        manifest_change(manifest)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for member, data in members.items():
            if member not in drop:
                out.writestr(member, data)
        for member, data in (extra or {}).items():
            out.writestr(member, data)
        out.writestr("manifest.json", manifest_raw or json.dumps(manifest).encode())
    return target


def edit_rows(
    change: Callable[[dict[str, Any]], dict[str, Any] | list[Any] | str],
) -> Callable[[Lines], Lines]:
    """A table transform that rewrites the first row with ``change`` (a dict, or raw text)."""

    def transform(lines: Lines) -> Lines:
        first = json.loads(lines[0])
        changed = change(first)
        text = changed if isinstance(changed, str) else json.dumps(changed, ensure_ascii=False)
        return [text.encode() + b"\n", *lines[1:]]

    return transform


def set_field(name: str, value: Any) -> Callable[[Lines], Lines]:
    """Set one field of the first row."""
    return edit_rows(lambda row: {**row, name: value})


def raw_first_row(text: str) -> Callable[[Lines], Lines]:
    """Replace the first row with ``text`` as written."""
    return edit_rows(lambda row: text)


def duplicate_first_row(lines: Lines) -> Lines:
    """The first row twice: a duplicate primary key."""
    return [lines[0], *lines]


def hostile_copy(good: Path, target: Path, *statements: str) -> Path:
    """Copy the SQLite file ``good`` to ``target`` and run ``statements`` on the copy."""
    target.write_bytes(good.read_bytes())
    connection = sqlite3.connect(target)
    try:
        connection.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()
    return target
