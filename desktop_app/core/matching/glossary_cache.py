"""The curated glossary kept built on disk, so that a process reads it instead of building it.

Building the shipped glossary (reading its CSV files, normalising and stemming every
term in three languages, indexing them) costs about 2.3 s of CPU, and every process that
matches, glosses a request or titles a concept paid it on first use: the GUI's Review
card, a matching run, the CLI. Unpickling the same glossary costs 40-200 ms. So the
first build of a version is written to the user's cache folder and later processes read
it (issue #19: nothing shown later gets slower to first use).

The file's name carries a key of everything the build depends on: this package's
version, Python's, the versions of the libraries that normalise the terms, and the size
and modification time of every shipped resource and every source file of
``desktop_app/core``. Any change of code or data makes a new key, so a stale glossary is
never read; the older files are removed when a new one is written. The file lives in
the user's own folder (a pickle is code: it is read only from there, never from a file
someone sent), is written under a temporary name and renamed when complete, and a file
that cannot be read is removed and the glossary built again. Nothing is cached when the
folder cannot be written; the build then happens as before.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from desktop_app import __version__
from desktop_app.core.paths import install_root, resources_dir, user_cache_dir

log = logging.getLogger(__name__)

T = TypeVar("T")

SUFFIX = ".pickle"
LIBRARIES = ("snowballstemmer", "opencc", "rapidfuzz", "opencc-python-reimplemented")
"""Libraries whose version can change how a term is normalised (missing ones are skipped)."""


def _files(folder: Path, pattern: str) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(folder.rglob(pattern))


def cache_key() -> str:
    """A digest of what the built glossary depends on (see the module's docstring)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{__version__}|{sys.version}|{pickle.HIGHEST_PROTOCOL}".encode())
    for library in LIBRARIES:
        try:
            digest.update(f"|{library}={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            continue
    root = install_root()
    sources = root / "desktop_app" / "core"
    for path in (*_files(resources_dir(), "*"), *_files(sources, "*.py")):
        try:
            stat = path.stat()
        except OSError:
            continue
        if path.is_file():
            digest.update(f"|{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def cached(
    build: Callable[[], T], kind: type[T], folder: Path | None = None, name: str = "glossary"
) -> T:
    """``build()``'s result read from the cache folder, or built and written there.

    ``name`` tells apart what is kept: another index made only of shipped files and code
    (the HS texts' stems, say) may be kept the same way under a name of its own."""
    try:
        folder = folder if folder is not None else user_cache_dir()
        path = folder / f"{name}-{cache_key()}{SUFFIX}"
    except OSError:
        log.warning("no cache folder for the glossary; building it", exc_info=True)
        return build()
    found = _read(path, kind)
    if found is not None:
        return found
    built = build()
    _write(path, built, f"{name}-")
    return built


def _read(path: Path, kind: type[T]) -> T | None:
    try:
        handle = path.open("rb")
    except OSError:  # not built yet (or no folder): build it
        return None
    with handle:
        try:
            found = pickle.load(handle)
        except Exception:  # a damaged or foreign file: build again and replace it
            log.warning("the cached glossary %s cannot be read; building it again", path)
            found = None
    if not isinstance(found, kind):
        if found is not None:
            log.warning("the cached glossary %s holds a %s; building it again", path, type(found))
        path.unlink(missing_ok=True)
        return None
    return found


def _write(path: Path, value: object, prefix: str) -> None:
    try:
        handle, temporary = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as output:
                pickle.dump(value, output, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        for older in path.parent.glob(f"{prefix}*{SUFFIX}"):
            if older != path:
                older.unlink(missing_ok=True)
    except Exception:  # a full disk, a read-only folder: the next process builds it again
        log.warning("cannot keep the glossary in %s", path.parent, exc_info=True)
