"""A bounded, seeded fuzz run of the importer over mutated xlsx files.

Valid workbooks (a Chinese buyer's request with a merged title, a generated product list,
spreadsheets of the shared corpus, the broken files of tests/data) are mutated: bytes of a
zip member changed, inserted, deleted or repeated (the zip stays readable, its XML does
not), or the zip itself damaged (bytes flipped, truncated, a member dropped or doubled).
Each mutant is imported into a session that is rolled back. The importer must import it
or raise its own :class:`~desktop_app.core.errors.UserError`; any other exception, or a
file that takes longer than :data:`SECONDS_PER_FILE`, fails the test with the seed and
mutation needed to reproduce it.
"""

from __future__ import annotations

import io
import random
import re
import signal
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.errors import UserError
from desktop_app.core.importing import import_file
from tests.conftest import SHARED_DATA, TEST_DATA
from tests.core.importing import crafted
from tests.reliability.figures import record

SEED = 20261129
MUTANTS = 200
SECONDS_PER_FILE = 10
CORPUS = SHARED_DATA / "xlsx-corpus" / "sheetjs-test_files"
CORPUS_FILES = ("DataTypesFormats.xlsx", "ErrorTypes.xlsx", "RkNumber.xlsx", "column_width.xlsx")


class FileHung(Exception):
    """The importer spent longer than allowed on one file."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise :class:`FileHung` in this (main) thread once ``seconds`` have passed."""

    def expire(signum: int, frame: object) -> None:
        raise FileHung(f"no answer after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def product_workbook(path: Path) -> Path:
    """A valid product list in the notations people use."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["product_ref", "company_name", "company_inn", "product_name_ru", "hs_code",
                  "moq", "unit", "price", "currency", "incoterms"])  # fmt: skip
    for n in range(30):
        sheet.append([f"F-{n}", f"ООО «Фазз {n % 3}»", "7707083893", f"Мёд гречишный {n}",
                      "0409.00" if n % 2 else 40900, f"{n + 1},5 т", "т", f"{100 + n}-{120 + n} $",
                      "USD", "FCA Москва"])  # fmt: skip
    book.save(path)
    return path


def seeds(folder: Path) -> list[tuple[str, bytes, ImportKind]]:
    """The files to mutate: name, bytes, and the kind they are imported as."""
    files = [
        ("demand-zh.xlsx", crafted.chinese_demand_xlsx(folder / "d.xlsx"), ImportKind.DEMAND),
        ("products.xlsx", product_workbook(folder / "p.xlsx"), ImportKind.PRODUCTS),
        ("pass_protected.xlsx", TEST_DATA / "importing" / "pass_protected.xlsx", ImportKind.DEMAND),
    ]
    files += [(name, CORPUS / name, ImportKind.DEMAND) for name in CORPUS_FILES]
    return [
        (name, _canonical(path.read_bytes()), kind) for name, path, kind in files if path.is_file()
    ]


_TIMESTAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")


def _canonical(data: bytes) -> bytes:
    """The workbook without the times of its writing, so mutants repeat from the seed."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return data

    def drop_times(members: list[tuple[zipfile.ZipInfo, bytes]]) -> None:
        for index, (info, body) in enumerate(members):
            if info.filename == "docProps/core.xml":
                members[index] = (info, _TIMESTAMP.sub(b"2020-01-01T00:00:00Z", body))

    return _rezip(data, drop_times)


def _rezip(data: bytes, change: Callable[[list[tuple[zipfile.ZipInfo, bytes]]], None]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as original:
        members = [(info, original.read(info)) for info in original.infolist()]
    change(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info, body in members:
            # A fixed time stamp keeps the mutants byte for byte the same on every run.
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            copy.writestr(fixed, body)
    return out.getvalue()


def mutate_bytes(rng: random.Random, body: bytes) -> tuple[str, bytes]:
    """One change to ``body``: flip, insert, delete, repeat a run, or swap digits."""
    if not body:
        return "fill", bytes(rng.randrange(256) for _ in range(16))
    at = rng.randrange(len(body))
    span = rng.randint(1, 64)
    how = rng.choice(("flip", "insert", "delete", "repeat", "digits"))
    if how == "flip":
        changed = bytearray(body)
        for spot in rng.sample(range(len(body)), min(len(body), rng.randint(1, 8))):
            changed[spot] = rng.randrange(256)
        return how, bytes(changed)
    if how == "insert":
        noise = rng.choice((b"<", b">", b"&", b'"', b"\x00", b'<row r="999999999">', b"]]>"))
        return how, body[:at] + noise * rng.randint(1, 4) + body[at:]
    if how == "delete":
        return how, body[:at] + body[at + span :]
    if how == "repeat":
        return how, body[:at] + body[at : at + span] * rng.randint(2, 50) + body[at:]
    digits = bytes(rng.choice(b"0123456789-.eE") for _ in range(span))
    return how, body[:at] + digits + body[at + span :]


def mutate(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    """A mutant of the workbook ``data`` and a description of the change."""
    if rng.random() < 0.7 and zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
        # Sheets and shared strings hold the values: mutate them more often.
        weighted = [n for n in names if "sheet" in n or "sharedStrings" in n] * 3 + names
        member = rng.choice(weighted)
        description = ""

        def change(members: list[tuple[zipfile.ZipInfo, bytes]]) -> None:
            nonlocal description
            for index, (info, body) in enumerate(members):
                if info.filename == member:
                    how, new = mutate_bytes(rng, body)
                    members[index] = (info, new)
                    description = f"{how} in {member}"

        mutant = _rezip(data, change)
        return description, mutant
    how = rng.choice(("flip", "truncate", "drop", "double"))
    if how == "truncate":
        return how, data[: rng.randrange(len(data))]
    if how == "flip" or not zipfile.is_zipfile(io.BytesIO(data)):
        return "flip zip bytes", mutate_bytes(rng, data)[1]

    def structure(members: list[tuple[zipfile.ZipInfo, bytes]]) -> None:
        index = rng.randrange(len(members))
        if how == "drop":
            members.pop(index)
        else:
            members.append(members[index])

    return f"{how} a member", _rezip(data, structure)


def mutants(folder: Path) -> Iterator[tuple[str, Path, ImportKind]]:
    """The seeded mutants, written into ``folder``: what was changed, the file, its kind."""
    rng = random.Random(SEED)
    originals = seeds(folder)
    assert len(originals) >= 3
    for number in range(MUTANTS):
        name, data, kind = originals[number % len(originals)]
        how, mutant = mutate(rng, data)
        path = folder / f"mutant-{number:03d}-{name}"
        path.write_bytes(mutant)
        yield f"mutant {number} of {name} ({how})", path, kind


def import_mutant(database: Database, path: Path, kind: ImportKind) -> None:
    """Import ``path`` within the time limit, in a session that is rolled back."""
    with time_limit(SECONDS_PER_FILE), database.sessions() as session:
        try:
            import_file(session, path, kind)
        finally:
            session.rollback()


def known_finding(exc: BaseException) -> str | None:
    """Which reported (and since fixed) importer bug ``exc`` is, if any."""
    if type(exc).__name__ == "PanicException":
        return "reader panic"  # python-calamine's Rust panic: a BaseException
    if isinstance(exc, zlib.error):
        return "zlib error"  # a damaged deflate stream read by the guards
    return None


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")
def test_mutated_workbooks_import_or_raise_the_importers_own_error(
    sqlite_database: Database, tmp_path: Path
) -> None:
    outcomes = {"imported": 0, "refused": 0}
    failures: list[str] = []
    started = time.perf_counter()
    for what, path, kind in mutants(tmp_path):
        try:
            import_mutant(sqlite_database, path, kind)
            outcomes["imported"] += 1
        except UserError:
            outcomes["refused"] += 1
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # anything else is what this test looks for
            failures.append(f"{what}: {type(exc).__name__}: {exc}")
            continue
        path.unlink()  # failing mutants stay in tmp_path to reproduce the failure
    seconds = time.perf_counter() - started
    record("inputs tried", MUTANTS, area="importer: mutated xlsx files")
    for outcome, count in outcomes.items():
        record("mutated xlsx files by outcome", count, outcome=outcome)
    assert failures == [], "\n".join(failures)
    assert sum(outcomes.values()) == MUTANTS
    # Both ends are exercised: some mutants still import, others are refused.
    assert outcomes["imported"] > 0 and outcomes["refused"] > 0, outcomes
    assert seconds < 60


FINDINGS = {
    "reader panic": "python-calamine panics (pyo3 PanicException, a BaseException) on some "
    "damaged workbooks; readers.CalamineSource now refuses them as damaged files",
    "zlib error": "a damaged deflate stream raised zlib.error in the guards; "
    "the guards now refuse it as a damaged file",
}


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")
@pytest.mark.parametrize("finding", list(FINDINGS))
def test_known_findings_are_refused_as_broken_files(
    sqlite_database: Database, tmp_path: Path, finding: str
) -> None:
    for what, path, kind in mutants(tmp_path):
        try:
            import_mutant(sqlite_database, path, kind)
        except UserError:
            continue
        except BaseException as exc:
            if known_finding(exc) == finding:
                raise AssertionError(f"{what}: {type(exc).__name__}: {exc}") from None
            if known_finding(exc) is None:
                raise
