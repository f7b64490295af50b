"""Writing export files so that a failed or cancelled export leaves nothing half-written.

Every file is written under a temporary name in the destination folder and renamed into
place only when complete: the rename is atomic on one file system, so the final name
holds either the previous file or the whole new one, never a broken workbook.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.core.errors import InputError, Location, UserError
from desktop_app.core.i18n import tr

PARTIAL_MARK = ".partial"


def _check_folder(folder: Path, target: Path) -> None:
    if not folder.is_dir():
        raise InputError(
            tr("the folder {folder} does not exist").format(folder=folder),
            Location(file=str(target)),
        )


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError), path.open("rb") as handle:
        os.fsync(handle.fileno())


def write_failed(path: Path, exc: OSError) -> UserError:
    """The message for a file that could not be written (full disk, no permission)."""
    return InputError(
        tr("cannot write the export: {reason}").format(reason=exc.strerror or exc),
        Location(file=str(path)),
    )


@contextmanager
def atomic_file(target: Path) -> Iterator[Path]:
    """A temporary path next to ``target``; renamed to ``target`` if the block succeeds.

    On any exception (including cancellation) the temporary file is removed and
    ``target``, if it existed, is left as it was.
    """
    target = Path(target)
    _check_folder(target.parent, target)
    # Created like any new file (honouring the umask), unlike mkstemp's private 0600.
    temporary = (
        target.parent / f".{target.stem}.{secrets.token_hex(4)}{PARTIAL_MARK}{target.suffix}"
    )
    try:
        temporary.open("xb").close()
    except OSError as exc:
        raise write_failed(target, exc) from exc
    try:
        yield temporary
        _fsync(temporary)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise write_failed(target, exc) from exc
    except BaseException:
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
    try:
        staging = Path(
            tempfile.mkdtemp(prefix=f".{target.name}.", suffix=PARTIAL_MARK, dir=target.parent)
        )
    except OSError as exc:
        raise write_failed(target, exc) from exc
    try:
        yield staging
        target.mkdir(exist_ok=True)
        for item in sorted(staging.iterdir()):
            _fsync(item)
            os.replace(item, target / item.name)
    except OSError as exc:
        raise write_failed(target, exc) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def zip_folder(folder: Path, archive: Path) -> None:
    """Put every file of ``folder`` into the zip ``archive`` (stored: xlsx is compressed)."""
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as bundle:
        for item in sorted(folder.iterdir()):
            bundle.write(item, arcname=item.name)
