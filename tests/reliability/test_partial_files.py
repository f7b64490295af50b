"""Temporary files of killed writers are cleaned; names no file system takes are refused."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.errors import InputError
from desktop_app.core.exporting.files import (
    STALE_PARTIAL_SECONDS,
    atomic_file,
    atomic_folder,
    remove_stale_partials,
)
from desktop_app.core.services.import_report import write_report


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _host_part(folder: Path) -> str:
    """How this computer is named in a temporary file's name (``.stem.token.host-pid``)."""
    with atomic_file(folder / "probe.csv") as temporary:
        host_and_pid = temporary.name.split(".")[3]
    host, pid = host_and_pid.rsplit("-", 1)
    assert pid == str(os.getpid())
    return host


def test_a_killed_writers_file_is_removed_and_a_live_ones_kept(tmp_path: Path) -> None:
    host = _host_part(tmp_path)
    dead = f".catalogue.0123abcd.{host}-{_dead_pid()}.partial.xlsx"
    live = f".catalogue.4567abcd.{host}-{os.getpid()}.partial.xlsx"
    (tmp_path / dead).write_bytes(b"PK half a workbook")
    (tmp_path / live).write_bytes(b"PK being written")
    other_host = tmp_path / ".x.0123abcd.elsewhere-1.partial.xlsx"
    other_host.write_bytes(b"PK written by a colleague")
    stale_folder = tmp_path / f".out.89abcdef.{host}-{_dead_pid()}.partial"
    stale_folder.mkdir()
    (stale_folder / "buyer.xlsx").write_bytes(b"PK")
    removed = remove_stale_partials(tmp_path)
    assert sorted(path.name for path in removed) == sorted([dead, stale_folder.name])
    assert (tmp_path / live).exists() and other_host.exists()
    # A day later even another computer's file is stale.
    later = time.time() + STALE_PARTIAL_SECONDS + 1
    assert other_host in remove_stale_partials(tmp_path, now=later)


def test_every_atomic_write_cleans_the_folder_first(tmp_path: Path) -> None:
    dead = f".catalogue.0123abcd.{_host_part(tmp_path)}-{_dead_pid()}.partial.xlsx"
    (tmp_path / dead).write_bytes(b"PK")
    with atomic_folder(tmp_path / "per-buyer") as staging:
        (staging / "a.xlsx").write_bytes(b"PK")
    assert not (tmp_path / dead).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["per-buyer", "probe.csv"]


def test_a_nul_in_an_export_or_report_path_is_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(InputError, match="NUL character"), atomic_file(tmp_path / "a\x00.xlsx"):
        pass
    with pytest.raises(InputError, match="NUL character"):
        write_report([], tmp_path / "r\x00.csv")
    database = str(tmp_path / "db.sqlite3")
    status = main(
        ["--database", database, "export", "catalogue", "-o", str(tmp_path / "c\x00.xlsx")]
    )
    assert status == 1
    assert "NUL character" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "db.sqlite3") == []
