"""A disk that fills up while a workbook is written, for tests of what the user is told.

Files that ``zipfile`` opens (every xlsx writer goes through it) accept ``room`` bytes,
then fail with ENOSPC on write and on every flush, as a real full disk does, so a writer
that leaves its zip open also fails again when the zip is closed or collected.
"""

from __future__ import annotations

import errno
import io
import types
import zipfile
from typing import Any

import pytest


class _FullRaw(io.FileIO):
    def __init__(self, name: Any, mode: str, room: int) -> None:
        super().__init__(name, mode)
        self.room = room

    def write(self, data: Any) -> int:
        if self.room < len(data):
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return super().write(data)


def fill_disk_for_zip_files(monkeypatch: pytest.MonkeyPatch, room: int = 2000) -> None:
    """Make every file ``zipfile`` opens for writing run out of room after ``room`` bytes."""

    def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "r" in mode and "+" not in mode:
            return open(file, mode, *args, **kwargs)
        raw = _FullRaw(file, "w+" if "+" in mode else "w", room)
        return io.BufferedRandom(raw) if "+" in mode else io.BufferedWriter(raw)

    fake = types.SimpleNamespace(**{name: getattr(io, name) for name in dir(io)})
    fake.open = open_
    monkeypatch.setattr(zipfile, "io", fake)
