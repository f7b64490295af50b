"""Reading a member of a zip package as the spreadsheet reader will read it, not as declared.

Python's ``zipfile`` stops a member at the size its directory entry declares, while
python-calamine's zip reader inflates the whole compressed stream. A member whose
directory entry understates its size would let the guards see a small harmless sheet
and the reader a huge one. So the guards read each member's compressed bytes
themselves and refuse a member that inflates to more than it declares or whose checksum
is wrong.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from typing import IO, BinaryIO

_LOCAL_HEADER = struct.Struct("<4s5H3I2H")
_LOCAL_SIGNATURE = b"PK\x03\x04"
# Compressed bytes read at a time: spreadsheets inflate 5-20 times, so a few MB out.
_READ_BYTES = 1 << 18


class MemberSizeLies(ValueError):
    """A member inflates to more bytes than its directory entry declares."""


class _InflatingReader:
    """A read-only stream over one member's data, inflated without trusting its size."""

    def __init__(self, handle: BinaryIO, member: zipfile.ZipInfo) -> None:
        self._handle = handle
        self._member = member
        self._left = member.compress_size
        self._inflater = (
            zlib.decompressobj(-15) if member.compress_type == zipfile.ZIP_DEFLATED else None
        )
        self._pending = b""
        self._produced = 0
        self._crc = 0
        self._finished = False

    def _more(self) -> bytes:
        while not self._finished:
            raw = self._handle.read(min(self._left, _READ_BYTES)) if self._left > 0 else b""
            self._left -= len(raw)
            if self._inflater is None:
                data = raw
            else:
                data = self._inflater.decompress(raw) if raw else self._inflater.flush()
            if not raw:
                self._finished = True
                if len(raw) == 0 and self._left > 0:
                    raise EOFError(f"{self._member.filename} is cut short")
            self._produced += len(data)
            if self._produced > self._member.file_size:
                raise MemberSizeLies(self._member.filename)
            self._crc = zlib.crc32(data, self._crc)
            if self._finished and self._crc != self._member.CRC:
                raise zipfile.BadZipFile(f"bad CRC-32 for {self._member.filename}")
            if data:
                return data
        return b""

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (all when negative), as a file's read."""
        if size is None or size < 0:
            parts = [self._pending, *iter(self._more, b"")]
            self._pending = b""
            return b"".join(parts)
        while len(self._pending) < size:
            data = self._more()
            if not data:
                break
            self._pending += data
        result, self._pending = self._pending[:size], self._pending[size:]
        return result

    def seekable(self) -> bool:
        """Not seekable: the guards open the member again to read it twice."""
        return False

    def tell(self) -> int:
        """Not supported (see :meth:`seekable`)."""
        raise OSError("not seekable")

    def seek(self, offset: int, whence: int = 0) -> int:
        """Not supported (see :meth:`seekable`)."""
        raise OSError("not seekable")

    def close(self) -> None:
        """Close the underlying file."""
        self._handle.close()

    def __enter__(self) -> _InflatingReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_member(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> IO[bytes]:
    """A stream of ``member``'s data as the reader will inflate it (stored or deflated).

    Raises :class:`MemberSizeLies`, :class:`zipfile.BadZipFile` or ``zlib.error`` for a
    member that is not what its directory says. Other compressions, which the reader
    does not read, are opened by ``zipfile``.
    """
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or (
        member.flag_bits & 0x1
    ):
        return archive.open(member)
    handle = path.open("rb")
    try:
        handle.seek(member.header_offset)
        header = handle.read(_LOCAL_HEADER.size)
        if len(header) < _LOCAL_HEADER.size or not header.startswith(_LOCAL_SIGNATURE):
            raise zipfile.BadZipFile(f"bad local header for {member.filename}")
        name_length, extra_length = _LOCAL_HEADER.unpack(header)[-2:]
        handle.seek(name_length + extra_length, 1)
    except BaseException:
        handle.close()
        raise
    return _InflatingReader(handle, member)  # type: ignore[return-value]
