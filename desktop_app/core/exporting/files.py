"""Writing export files so that a failed or cancelled export leaves nothing half-written.

Every file is written under a temporary name in the destination folder and renamed into
place only when complete: the rename is atomic on one file system, so the final name
holds either the previous file or the whole new one, never a broken workbook.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import socket
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.core.errors import InputError, Location, UserError
from desktop_app.core.i18n import tr

PARTIAL_MARK = ".partial"
# A temporary file is named after the computer and process writing it. One whose writer
# on this computer no longer runs (killed, power cut) is removed by the next write to the
# same folder; one from another computer sharing the folder only once it is this old,
# which no export takes.
STALE_PARTIAL_SECONDS = 24 * 3600
_PARTIAL_NAME = re.compile(r"^\..*\.[0-9a-f]{8}\.([A-Za-z0-9-]*)-(\d+)\.partial(?:\.[^.]*)?$")


def _check_folder(folder: Path, target: Path) -> None:
    if "\x00" in str(target):
        # The operating system cannot take such a name; Python raises ValueError for it.
        raise InputError(
            tr("the file name contains a NUL character"),
            Location(file=str(target).replace("\x00", "\\x00")),
        )
    if not folder.is_dir():
        raise InputError(
            tr("the folder {folder} does not exist").format(folder=folder),
            Location(file=str(target)),
        )


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError), path.open("rb") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows cannot open a folder)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _writer_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True
    return True


def remove_stale_partials(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files and folders of writes that were killed half-way.

    A write that ends in any ordinary way removes its own temporary file; one killed
    (SIGKILL, power cut) leaves it. Such a file is stale when it was written on this
    computer by a process that no longer runs, or when it is older than
    :data:`STALE_PARTIAL_SECONDS` whoever wrote it. Returns what was removed.
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _PARTIAL_NAME.match(entry.name)
        if match is None:
            continue
        try:
            age = now - entry.lstat().st_mtime
        except OSError:
            continue
        host, pid = match.group(1), int(match.group(2))
        if age < STALE_PARTIAL_SECONDS and (host != _host() or _writer_alive(pid)):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry)
    return removed


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9-]", "", socket.gethostname())[:24]


def _partial_name(target: Path) -> str:
    """``.name.<random>.<host>-<pid>.partial``: hidden, unique, telling who writes it."""
    return f".{target.stem}.{secrets.token_hex(4)}.{_host()}-{os.getpid()}{PARTIAL_MARK}"


def write_failed(path: Path, exc: OSError) -> UserError:
    """The message for a file that could not be written (full disk, no permission)."""
    return InputError(
        tr("cannot write the export: {reason}").format(reason=exc.strerror or exc),
        Location(file=str(path)),
    )


def _close_abandoned_zips(exc: BaseException) -> None:
    """Close the zip files a failed writer left open (openpyxl's ``save`` does, on a full
    disk), so the temporary file is released (Windows cannot remove an open file) and
    the zip does not fail a second time when collected, which Python reports on stderr
    as "Exception ignored in: ZipFile.__del__ ... No space left on device"."""
    traceback = exc.__traceback__
    while traceback is not None:
        for value in list(traceback.tb_frame.f_locals.values()):
            candidates = [value, *getattr(value, "__dict__", {}).values()]
            for candidate in candidates:
                if isinstance(candidate, zipfile.ZipFile) and candidate.fp is not None:
                    # close() writes the directory (failing again), then closes the file.
                    with contextlib.suppress(OSError, ValueError):
                        candidate.close()
        traceback = traceback.tb_next


@contextmanager
def atomic_file(target: Path) -> Iterator[Path]:
    """A temporary path next to ``target``; renamed to ``target`` if the block succeeds.

    On any exception (including cancellation) the temporary file is removed and
    ``target``, if it existed, is left as it was.
    """
    target = Path(target)
    _check_folder(target.parent, target)
    remove_stale_partials(target.parent)
    # Created like any new file (honouring the umask), unlike mkstemp's private 0600.
    temporary = target.parent / (_partial_name(target) + target.suffix)
    try:
        temporary.open("xb").close()
    except OSError as exc:
        raise write_failed(target, exc) from exc
    try:
        yield temporary
        _fsync(temporary)
        os.replace(temporary, target)
        fsync_folder(target.parent)
    except OSError as exc:
        _close_abandoned_zips(exc)
        temporary.unlink(missing_ok=True)
        raise write_failed(target, exc) from exc
    except BaseException as exc:
        _close_abandoned_zips(exc)
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_folder(target: Path) -> Iterator[Path]:
    """A temporary folder whose files are moved into ``target`` if the block succeeds.

    ``target`` is created when missing; files of the same name in it are replaced one
    by one (each replacement atomic), other files in it are left alone.
    """
    target = Path(target)
    _check_folder(target.parent, target)
    if target.exists() and not target.is_dir():
        raise InputError(
            tr("not a folder: expected a folder for one file per buyer"), Location(file=str(target))
        )
    remove_stale_partials(target.parent)
    try:
        staging = target.parent / _partial_name(target)
        staging.mkdir()
    except OSError as exc:
        raise write_failed(target, exc) from exc
    try:
        yield staging
        target.mkdir(exist_ok=True)
        for item in sorted(staging.iterdir()):
            _fsync(item)
            os.replace(item, target / item.name)
        fsync_folder(target)
    except OSError as exc:
        raise write_failed(target, exc) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def zip_folder(folder: Path, archive: Path) -> None:
    """Put every file of ``folder`` into the zip ``archive`` (stored: xlsx is compressed)."""
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as bundle:
        for item in sorted(folder.iterdir()):
            bundle.write(item, arcname=item.name)
