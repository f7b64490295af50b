"""Find the sheet, the header row and which column holds which field.

Real files put a merged title ("2026年俄罗斯产品采购需求表") or a few lines of contact
details above the header. Each of the first rows of each sheet is scored by how many of
its cells name a distinct field (exactly, or by containing a known synonym); the best row
of the best sheet is the header. An explicit mapping (header text or column letter ->
field) overrides the guess, which is how saved profiles are applied.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.i18n import tr
from desktop_app.core.importing.fields import field_specs, header_synonyms, normalize_header
from desktop_app.core.importing.guards import FileRefused, column_letter
from desktop_app.core.importing.readers import WorkbookSource, preview

HEADER_SCAN_ROWS = 30
MIN_HEADER_SCORE = 2


@dataclass(frozen=True)
class Layout:
    """Where the table is and what its columns mean."""

    sheet: str
    header_row: int
    # Zero-based column index -> field name.
    mapping: dict[int, str]
    # Zero-based column index -> header text as written in the file.
    headers: dict[int, str]
    unmapped: tuple[str, ...] = field(default=())

    def column_name(self, index: int) -> str:
        """``C`` or ``C (海关编码)``: how a problem names a column."""
        # A header of several lines (our own template's: key, English, Russian, Chinese)
        # is named on one line, so a problem reads as one line in the CLI and the tables.
        lines = (line.strip() for line in self.headers.get(index, "").splitlines())
        header = " / ".join(line for line in lines if line)
        return f"{column_letter(index)} ({header})" if header else column_letter(index)

    def mapping_by_header(self) -> dict[str, str]:
        """Header text -> field: the form saved in a profile."""
        return {self.headers[index]: name for index, name in self.mapping.items()}


_HEADER_PARTS = re.compile(r"[\n\r/|]")


def match_header(text: str, synonyms: Mapping[str, str]) -> tuple[str | None, int]:
    """The field a header cell names and how sure the match is (2 exact, 1 partial)."""
    key = normalize_header(text)
    if not key:
        return None, 0
    if key in synonyms:
        return synonyms[key], 2
    # Lines are split before normalizing, which turns line breaks into spaces: an exported
    # "Product ref\n产品编号" matches by its line "product ref" exactly, and an exact line
    # beats any shorter synonym contained in the cell ("product").
    for part in _HEADER_PARTS.split(text):
        part = normalize_header(part)
        if part in synonyms:
            return synonyms[part], 2
    # "产品名称(中文)" or "Количество, т": the longest synonym inside the header wins.
    best: tuple[str | None, int] = (None, 0)
    longest = 1
    for synonym, name in synonyms.items():
        if len(synonym) > longest and synonym in key:
            best, longest = (name, 1), len(synonym)
    return best


def map_header_row(
    cells: list[object], kind: ImportKind
) -> tuple[dict[int, str], dict[int, str], int]:
    """Map one candidate header row: (column -> field, column -> header, score)."""
    synonyms = header_synonyms(kind)
    chosen: dict[str, tuple[int, int]] = {}
    headers: dict[int, str] = {}
    for index, cell in enumerate(cells):
        text = "" if cell is None else str(cell).strip()
        if not text:
            continue
        headers[index] = text
        name, strength = match_header(text, synonyms)
        if name is None:
            continue
        previous = chosen.get(name)
        # Two columns naming one field: the exact match, else the first, keeps it.
        if previous is None or strength > previous[1]:
            chosen[name] = (index, strength)
    mapping = {index: name for name, (index, _) in chosen.items()}
    return mapping, headers, sum(strength for _, strength in chosen.values())


def apply_explicit_mapping(
    headers: dict[int, str], explicit: Mapping[str, str], kind: ImportKind
) -> dict[int, str]:
    """Resolve ``explicit`` (header text or column letter -> field) against ``headers``."""
    known = field_specs(kind)
    by_header = {normalize_header(text): index for index, text in headers.items()}
    width = max(headers, default=-1) + 1
    by_letter = {column_letter(index): index for index in range(max(width, 26))}
    mapping: dict[int, str] = {}
    for key, name in explicit.items():
        if not name:
            continue
        if name not in known:
            raise FileRefused(
                tr("the mapping names an unknown field {field}; known fields: {fields}").format(
                    field=name, fields=", ".join(known)
                )
            )
        index = by_header.get(normalize_header(key))
        if index is None:
            index = by_letter.get(key.strip().upper())
        if index is not None:
            mapping[index] = name
    return mapping


def detect_layout(
    source: WorkbookSource,
    kind: ImportKind,
    sheet: str | None = None,
    explicit: Mapping[str, str] | None = None,
    header_row: int | None = None,
) -> Layout:
    """Choose the sheet and header row of ``source`` and map its columns to fields."""
    sheets = source.sheet_names
    if sheet is not None and sheet not in sheets:
        raise FileRefused(
            tr("there is no sheet {sheet}; the sheets are {sheets}").format(
                sheet=sheet, sheets=", ".join(sheets)
            )
        )
    best: tuple[int, str, int, dict[int, str], dict[int, str]] | None = None
    for name in [sheet] if sheet else sheets:
        for number, cells in preview(source, name, HEADER_SCAN_ROWS):
            if header_row is not None and number != header_row:
                continue
            mapping, headers, score = map_header_row(cells, kind)
            if explicit:
                mapping = apply_explicit_mapping(headers, explicit, kind)
                score = 2 * len(mapping)
            if best is None or score > best[0]:
                best = (score, name, number, mapping, headers)
    if best is None or best[0] < MIN_HEADER_SCORE:
        raise FileRefused(
            tr(
                "no header row found: none of the first {rows} rows names at least two "
                "{kind} columns (such as {examples}); give a mapping"
            ).format(
                rows=HEADER_SCAN_ROWS,
                kind=kind.value,
                examples=", ".join(list(field_specs(kind))[:4]),
            )
        )
    _, name, number, mapping, headers = best
    unmapped = tuple(text for index, text in headers.items() if index not in mapping)
    return Layout(name, number, mapping, headers, unmapped)
