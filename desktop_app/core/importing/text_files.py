"""Encoding and delimiter detection for CSV, TSV and TXT files.

Files from Chinese partners come in GB18030/GBK, from Russian offices in CP1251, and from
Excel's "Unicode text" in UTF-16. A byte-order mark settles it; otherwise a file that
decodes as UTF-8 is UTF-8, and anything else is decided by charset-normalizer among the
encodings we actually meet (a free guess among all codecs picks exotic ones on short files).
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from desktop_app.core.i18n import tr
from desktop_app.core.importing.guards import refuse

SAMPLE_BYTES = 256 * 1024
CANDIDATE_ENCODINGS = ["utf_8", "gb18030", "cp1251", "big5", "koi8_r", "cp866", "utf_16"]
DELIMITERS = ",;\t|"


@dataclass(frozen=True)
class TextLayout:
    """How a text file is decoded and split."""

    encoding: str
    delimiter: str


def detect_encoding(sample: bytes, complete: bool) -> str | None:
    """The encoding of ``sample`` (the file's first bytes; ``complete`` if all of it)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    # The UTF-32 little-endian mark begins with the UTF-16 one: test it first.
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A sample cut inside a multi-byte character is still UTF-8.
        if not complete and exc.start >= len(sample) - 3:
            return "utf-8"
    best = charset_normalizer.from_bytes(sample, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        return None
    # GBK is a subset of GB18030; decoding with the superset never loses a character.
    return "gb18030" if best.encoding in ("gbk", "gb2312") else best.encoding


def _field_counts(text: str, delimiter: str, limit: int = 50) -> list[int]:
    """How many fields each of the first non-blank records has when split by ``delimiter``.

    The records are parsed as CSV (quotes respected), so a quoted cell holding a comma or
    a line break counts as one field. The last record of a cut sample may be incomplete
    and is left out when there are others.
    """
    counts: list[int] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                counts.append(len(cells))
                if len(counts) > limit:
                    break
    except csv.Error:
        pass
    return counts[:-1] if len(counts) > 1 else counts


def detect_delimiter(text: str, suffix: str) -> str:
    """The delimiter that splits the header and the first rows into the same number of fields.

    Each candidate splits the first records as CSV; the one whose records most often
    have the same number of fields (more than one) wins, then the one with more fields.
    A tab or a ``|`` inside a few cells of a comma-separated file ("\t=1+1",
    "cmd|' /C calc'!A0") splits only those rows, so it loses to the comma that splits
    every row alike; quoted commas inside cells do not count.
    """
    if suffix == ".tsv":
        return "\t"
    best, best_score = ",", -1.0
    for delimiter in DELIMITERS:
        counts = _field_counts(text, delimiter)
        if not counts or max(counts) < 2:
            continue
        common = max(set(counts), key=lambda width: (counts.count(width), width))
        if common < 2:
            continue
        # Agreement across records matters more than sheer number of fields.
        score = counts.count(common) / len(counts) * 10 + min(common, 9) / 10
        if score > best_score:
            best, best_score = delimiter, score
    return best


def first_undecodable_line(path: Path, encoding: str) -> tuple[int, int]:
    """The line (1-based) and byte offset of the first bytes ``encoding`` cannot decode.

    Python decodes a text file a block ahead of the line the csv module is on, so the
    line of a decoding error is counted here from the bytes.
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    lines, offset = 1, 0
    with path.open("rb") as handle:
        while block := handle.read(SAMPLE_BYTES):
            try:
                lines += decoder.decode(block).count("\n")
            except UnicodeDecodeError as exc:
                good = codecs.decode(block[: max(exc.start, 0)], encoding, errors="ignore")
                return lines + good.count("\n"), offset + max(exc.start, 0)
            offset += len(block)
    return lines, offset


def detect_text_layout(path: Path) -> TextLayout:
    """Detect the encoding and delimiter of a text file, or refuse it."""
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
        complete = not handle.read(1)
    encoding = detect_encoding(sample, complete)
    if encoding is None:
        raise refuse(path, tr("the text encoding of the file cannot be recognised"))
    text = sample.decode(encoding, errors="ignore")
    return TextLayout(encoding, detect_delimiter(text, path.suffix.lower()))
