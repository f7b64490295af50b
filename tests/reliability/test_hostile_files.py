"""Hostile input files through the real ``exportmatch import`` command, one process each.

A file that made python-calamine abort (SIGABRT) would kill pytest itself, so every case
runs the CLI in a child process under an address-space limit: the test fails if the
child dies of a signal, and the refusal must come with the file's name and the reason,
exit status 1, nothing written to the database, and a peak resident size under 300 MB
(measured by the child itself; the time each took is the benchmark's business).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.core.importing import crafted
from tests.reliability.figures import record
from tests.reliability.hostile_files import GRID_BOMBS

PEAK_LIMIT_MB = 300
# The child may reserve this much address space; a grid of billions of cells cannot fit,
# so a guard that let one through makes the child abort instead of swapping the machine.
ADDRESS_SPACE_LIMIT = 4 * 1024**3

# The child's own peak: VmHWM belongs to its address space, made new by exec. ru_maxrss
# would not do: Linux carries the parent's high-water mark across fork and exec, so a
# child of a long pytest run would report pytest's size.
CHILD = (
    "import resource, sys\n"
    "from desktop_app.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "try:\n"
    "    with open('/proc/self/status') as status_file:\n"
    "        peak = next(int(line.split()[1]) for line in status_file"
    " if line.startswith('VmHWM:'))\n"
    "except OSError:\n"
    "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "print(f'peak-kb={peak}', file=sys.stderr)\n"
    "sys.exit(status)\n"
)


def _limit_address_space() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))


def run_cli(args: list[str]) -> tuple[int, str, str, int]:
    """Exit status, stdout, stderr and peak resident KB of ``exportmatch args``."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OPENBLAS_NUM_THREADS="1")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_address_space if sys.platform.startswith("linux") else None,
    )
    peak = 0
    lines = done.stderr.splitlines()
    if lines and lines[-1].startswith("peak-kb="):
        peak = int(lines.pop().removeprefix("peak-kb="))
    return done.returncode, done.stdout, "\n".join(lines), peak


def _rows(database: Path) -> tuple[int, int, int]:
    with sqlite3.connect(database) as connection:
        return tuple(  # type: ignore[return-value]
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("products", "demand_lines", "import_batches")
        )


@pytest.fixture
def empty_database(sqlite_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "db.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return path


def _refused(database: Path, path: Path, reason: str, kind: str = "demand") -> str:
    before = _rows(database)
    status, _, err, peak = run_cli(["--database", str(database), "import", kind, str(path)])
    assert status == 1, (status, err)
    assert f"{path.name}: " in err and reason in err, err
    assert "Traceback" not in err
    assert peak < PEAK_LIMIT_MB * 1024, f"peak {peak // 1024} MB"
    assert _rows(database) == before
    return err


@pytest.mark.parametrize("case", list(GRID_BOMBS))
def test_a_small_file_claiming_a_huge_grid_is_refused_without_a_crash(
    case: str, empty_database: Path, tmp_path: Path
) -> None:
    make, reason = GRID_BOMBS[case]
    path = make(tmp_path)
    assert path.stat().st_size < 64 * 1024
    err = _refused(empty_database, path, reason)
    assert "at most" in err
    record("inputs tried", 1, area="hostile files: grid bombs (xlsx, xls, ods) through the CLI")


def _doctype_behind_a_comment(tmp: Path) -> Path:
    good = crafted.chinese_demand_xlsx(tmp / "good.xlsx")
    with zipfile.ZipFile(good) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    # After the XML declaration when there is one, else at the very start.
    cut = sheet.index(b"?>") + 2 if sheet.startswith(b"<?xml") else 0
    head, body = sheet[:cut], sheet[cut:]
    hostile = head + b"<!--" + b"x" * 8192 + b'--><!DOCTYPE worksheet [<!ENTITY a "aaa">]>' + body
    return crafted.replace_part(
        good, tmp / "doctype-late.xlsx", "xl/worksheets/sheet1.xml", hostile
    )


def _pdf_named_csv(tmp: Path) -> Path:
    path = tmp / "invoice.csv"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    return path


def _folder(tmp: Path) -> Path:
    path = tmp / "a-folder.csv"
    path.mkdir()
    return path


def _fifo(tmp: Path) -> Path:
    path = tmp / "pipe.csv"
    os.mkfifo(path)
    return path


FILE_CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "DOCTYPE after an 8 KB comment": (_doctype_behind_a_comment, "declares XML entities"),
    "PDF renamed .csv": (_pdf_named_csv, "binary, not text"),
    "a folder given as the file": (_folder, "folder, not a file"),
    "a named pipe given as the file": (_fifo, "device, pipe or socket"),
}


@pytest.mark.parametrize("case", list(FILE_CASES))
def test_files_that_are_no_spreadsheet_get_a_message(
    case: str, empty_database: Path, tmp_path: Path
) -> None:
    make, reason = FILE_CASES[case]
    _refused(empty_database, make(tmp_path), reason)
    record("inputs tried", 1, area="hostile files: not a spreadsheet, through the CLI")


def test_a_device_given_as_the_file_gets_a_message(empty_database: Path) -> None:
    status, _, err, _ = run_cli(["--database", str(empty_database), "import", "demand", os.devnull])
    assert status == 1 and "device, pipe or socket" in err and "Traceback" not in err
    record("inputs tried", 1, area="hostile files: not a spreadsheet, through the CLI")
