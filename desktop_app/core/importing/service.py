"""The import use case: one file, one transaction, a summary with every problem.

``import_file`` takes the database's run lock (one import or matching run at a time: see
:mod:`desktop_app.core.database.run_lock`), reads the chosen sheet in chunks, checks each
row, links its company or buyer, and inserts, updates or skips it. It never commits: the
caller's unit of work does, so Cancel (raised by ``progress.check_cancelled``) or a crash
rolls everything back. With ``all_or_nothing`` a single rejected row raises
:class:`ImportRejected` after the whole file was checked, carrying the summary so the user
sees every problem at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Generator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Dialect
from sqlalchemy.orm import Session

from desktop_app.core.collector import collector_paused
from desktop_app.core.database.run_lock import IMPORT, acquire_run_lock
from desktop_app.core.domain.enums import BatchStatus, ImportKind
from desktop_app.core.domain.models import ImportBatch
from desktop_app.core.domain.types import utcnow
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import tr
from desktop_app.core.importing.bookkeeping import audit_batch, index_batch, own_search_text
from desktop_app.core.importing.bulk import DriverValues, larger_page_cache
from desktop_app.core.importing.guards import FileRefused, ImportLimits
from desktop_app.core.importing.layout import Layout, detect_layout
from desktop_app.core.importing.overlap import in_second_process, overlap_available
from desktop_app.core.importing.readers import WorkbookSource, open_workbook
from desktop_app.core.importing.records import (
    MODELS,
    PARTY_FIELDS,
    PartyRow,
    column_reasons,
    column_reasons_of_rows,
    demand_columns,
    demand_party,
    product_columns,
    product_party,
    report_reasons,
)
from desktop_app.core.importing.rows import CellProblem, ParsedRow, RowParser
from desktop_app.core.importing.store import ChunkWriter, Counts, PartyLinker, Pending
from desktop_app.core.progress import NULL_PROGRESS, ProgressReporter

CHUNK_ROWS = 2000
MAX_PARTIES_REMEMBERED = 4096
NOT_LINKED: Any = object()


@dataclass(frozen=True)
class ImportOptions:
    """How to import a file: which sheet and mapping, and what to do with bad rows."""

    sheet: str | None = None
    header_row: int | None = None
    # Header text or column letter -> field; replaces the automatic mapping.
    mapping: dict[str, str] | None = None
    dry_run: bool = False
    all_or_nothing: bool = False
    actor: str | None = None
    limits: ImportLimits | None = None


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, for a dry run, would do)."""

    file: str
    kind: ImportKind
    sheet: str
    header_row: int
    mapping: dict[str, str]
    unmapped: tuple[str, ...]
    imported: int
    updated: int
    unchanged: int
    rejected: int
    problems: tuple[CellProblem, ...]
    batch_id: int | None
    dry_run: bool

    @property
    def rows(self) -> int:
        """Data rows read."""
        return self.imported + self.updated + self.unchanged + self.rejected

    def describe(self) -> str:
        """The one-line outcome shown at the end of a CLI run or in the wizard."""
        text = tr(
            "{imported} imported, {updated} updated, {unchanged} unchanged, {rejected} rejected"
        ).format(
            imported=self.imported,
            updated=self.updated,
            unchanged=self.unchanged,
            rejected=self.rejected,
        )
        return tr("dry run: {text}").format(text=text) if self.dry_run else text


class ImportRejected(UserError):
    """An all-or-nothing import found rejected rows; nothing was written."""

    def __init__(self, summary: ImportSummary) -> None:
        super().__init__(
            tr("{file}: {rejected} rows rejected; nothing imported (all or nothing)").format(
                file=summary.file, rejected=summary.rejected
            )
        )
        self.summary = summary


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, kept with the batch."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def import_file(
    session: Session,
    path: Path | str,
    kind: ImportKind,
    options: ImportOptions | None = None,
    progress: ProgressReporter = NULL_PROGRESS,
) -> ImportSummary:
    """Import ``path`` as products or demand into ``session`` (not committed here)."""
    path = Path(path)
    options = options or ImportOptions()
    limits = options.limits or ImportLimits.from_settings(session)
    source = open_workbook(path, limits)
    try:
        layout = detect_layout(source, kind, options.sheet, options.mapping, options.header_row)
        if not options.dry_run:
            # Before anything is read: a second import of the same file must see the
            # first one's rows, or both would insert them.
            acquire_run_lock(session, IMPORT, options.actor, path.name, progress)
        with collector_paused(), larger_page_cache(session.connection()):
            return _run(session, source, path, kind, layout, options, limits, progress)
    finally:
        source.close()


def validate_file(
    session: Session,
    path: Path | str,
    kind: ImportKind,
    options: ImportOptions | None = None,
    progress: ProgressReporter = NULL_PROGRESS,
) -> ImportSummary:
    """Check ``path`` and count what an import would do, writing nothing."""
    base = options or ImportOptions()
    dry = ImportOptions(**{**base.__dict__, "dry_run": True})
    return import_file(session, path, kind, dry, progress)


@dataclass
class _Waiting:
    """A row read and parsed, its columns' bounds not yet checked (with its chunk's)."""

    row: ParsedRow
    columns: dict[str, Any] | None  # None: rejected while parsing
    party: PartyRow | None = None
    party_reasons: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class CheckedChunk:
    """A chunk of rows read and checked, ready to be stored (picklable for the overlap).

    ``read`` counts the data rows read so far; ``rows`` holds the accepted rows as
    ``(row number, party index, columns, fingerprint, own search text, driver values)``
    with their parties in ``parties`` (rows naming one party share it); ``problems`` and
    ``rejected`` are the checks'. The search text and the driver values (the columns as
    the driver takes them) are computed only when another process stores the rows.
    """

    read: int
    rows: list[tuple[int, int | None, dict[str, Any], str, str | None, tuple[Any, ...] | None]]
    parties: list[PartyRow]
    problems: list[CellProblem]
    rejected: int
    last: bool = False

    def __getstate__(self) -> tuple[Any, ...]:
        # A chunk crosses the pipe as tuples: each row's columns as values in one order.
        keys: tuple[str, ...] = tuple(self.rows[0][2]) if self.rows else ()
        rows = [
            (number, party, tuple(columns.values()) if tuple(columns) == keys else columns, *rest)
            for number, party, columns, *rest in self.rows
        ]
        return (self.read, keys, rows, self.parties, self.problems, self.rejected, self.last)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        read, keys, rows, parties, problems, rejected, last = state
        self.read, self.parties, self.problems = read, parties, problems
        self.rejected, self.last = rejected, last
        self.rows = [
            (
                number,
                party,
                dict(zip(keys, columns, strict=True)) if type(columns) is tuple else columns,
                fp,
                own,
                driver_values,
            )
            for number, party, columns, fp, own, driver_values in rows
        ]


@dataclass
class _Checker:
    """Reads and checks rows a chunk at a time; never touches the database."""

    kind: ImportKind
    layout: Layout
    parser: RowParser
    # When another process stores: also each accepted row's own search text and its
    # columns converted for the driver of this dialect.
    search_texts: bool = False
    dialect: Dialect | None = None
    _converters: dict[tuple[str, ...], DriverValues] = field(default_factory=dict)
    parties: dict[Any, tuple[PartyRow | None, list[tuple[str, str]]]] = field(default_factory=dict)
    read: list[tuple[int, list[Any]]] = field(default_factory=list)
    party_fields: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        mapped = set(self.layout.mapping.values())
        self.party_fields = tuple(name for name in PARTY_FIELDS[self.kind] if name in mapped)

    def accept(self, number: int, cells: list[Any]) -> None:
        """Keep one row read from the file; its cells are checked with its chunk's."""
        self.read.append((number, cells))

    def check(self, read_so_far: int, last: bool = False) -> CheckedChunk:
        """Check the rows accepted since the last chunk and return them as one chunk."""
        chunk = CheckedChunk(read_so_far, [], [], [], 0, last)
        self._settle(self._parse_read(), chunk)
        return chunk

    def _parse_read(self) -> list[_Waiting]:
        """Check the cells of the rows read, a column at a time, and build their columns."""
        read, self.read = self.read, []
        products = self.kind is ImportKind.PRODUCTS
        build = product_columns if products else demand_columns
        waiting: list[_Waiting] = []
        for row in self.parser.parse_rows(read):
            if row.rejected:
                waiting.append(_Waiting(row, None))
                continue
            party, reasons = self._party(row.values)
            waiting.append(_Waiting(row, build(row.values), party, reasons))
        return waiting

    def _settle(self, waiting: list[_Waiting], chunk: CheckedChunk) -> None:
        """Check the waiting rows' columns, a column at a time, and settle each row in order.

        A row's problems keep the order the row-at-a-time check gave them: the cells',
        then its columns', then its party's; rows in file order.
        """
        model, _ = MODELS[self.kind]
        file_name, sheet = self.parser.file_name, self.layout.sheet
        built = [(id(item), item.columns) for item in waiting if item.columns is not None]
        found = column_reasons_of_rows(model, [columns for _, columns in built])
        reasons_by_id = {built[index][0]: reasons for index, reasons in found.items()}
        rows, problems = chunk.rows, chunk.problems
        # Rows naming one party share its PartyRow (see _party): one index a chunk.
        party_index: dict[int, int] = {}
        for item in waiting:
            row, columns, party = item.row, item.columns, item.party
            if columns is None:
                problems.extend(row.problems)
                chunk.rejected += 1
                continue
            # Most rows have no reason at all: report_reasons is called for those that do.
            reasons = reasons_by_id.get(id(item))
            fits = not reasons or report_reasons(row, reasons, columns, file_name, sheet)
            if party is not None and item.party_reasons:
                fits = (
                    report_reasons(row, item.party_reasons, party.columns, file_name, sheet)
                    and fits
                )
            if row.problems:
                problems.extend(row.problems)
            if not fits:
                chunk.rejected += 1
                continue
            at: int | None = None
            if party is not None:
                at = party_index.get(id(party))
                if at is None:
                    at = party_index[id(party)] = len(chunk.parties)
                    chunk.parties.append(party)
            own = own_search_text(self.kind, columns) if self.search_texts else None
            rows.append((row.number, at, columns, row.fingerprint(), own, self._driver(columns)))

    def _driver(self, columns: dict[str, Any]) -> tuple[Any, ...] | None:
        """``columns``' values as the driver takes them, when another process stores."""
        if self.dialect is None:
            return None
        names = tuple(columns)
        convert = self._converters.get(names)
        if convert is None:
            table = MODELS[self.kind][0].__table__  # type: ignore[attr-defined]
            convert = self._converters[names] = DriverValues(table, names, self.dialect)
        return convert(tuple(columns.values()))

    def _party(self, values: dict[str, Any]) -> tuple[PartyRow | None, list[tuple[str, str]]]:
        # A file names a few hundred parties over thousands of rows: build and check each once.
        # Only the party fields the file maps can hold a value: the others need no look-up.
        key: tuple[Any, ...] | None = tuple([values.get(n) for n in self.party_fields])
        try:
            found = self.parties.get(key)
        except TypeError:  # an unhashable value: build it every time
            found, key = None, None
        if found is None:
            products = self.kind is ImportKind.PRODUCTS
            party = product_party(values) if products else demand_party(values)
            _, party_model = MODELS[self.kind]
            found = (party, column_reasons(party_model, party.columns) if party else [])
            if key is not None:
                if len(self.parties) >= MAX_PARTIES_REMEMBERED:
                    self.parties.clear()
                self.parties[key] = found
        return found


def checked_chunks(
    source: WorkbookSource, path: Path, layout: Layout, limits: ImportLimits, checker: _Checker
) -> Generator[CheckedChunk, None, None]:
    """Read the data rows of ``layout``'s sheet and yield them checked, a chunk at a time.

    The last chunk (possibly empty) has ``last`` set. Pure: no database, no progress (the
    caller, which stores the chunks, reports progress and checks Cancel between them).
    """
    read = 0
    for number, cells in source.rows(layout.sheet):
        if number <= layout.header_row:
            continue
        read += 1
        if read > limits.max_rows:
            raise FileRefused(
                tr("{file}: more than {limit} rows; split the file or raise the limit").format(
                    file=path.name, limit=limits.max_rows
                )
            )
        checker.accept(number, cells)
        if len(checker.read) >= CHUNK_ROWS:
            yield checker.check(read)
    yield checker.check(read, last=True)


@dataclass
class _Storer:
    """Links the parties of checked chunks and writes their rows, in the caller's session."""

    linker: PartyLinker
    writer: ChunkWriter
    counts: Counts
    problems: list[CellProblem]
    # Source row -> the record's own search text, computed while checking.
    own_texts: dict[int, str] = field(default_factory=dict)

    def store(self, chunk: CheckedChunk) -> None:
        """Count and report the chunk's checks, link its parties, write its rows."""
        self.problems.extend(chunk.problems)
        self.counts.rejected += chunk.rejected
        column = self.writer.party_column
        link = self.linker.link
        # Each party of the chunk is linked once; a party with neither code nor name key
        # is created per row, as before.
        linked: dict[int, int | None] = {}
        pending: list[Pending] = []
        parties = chunk.parties
        own_texts = self.own_texts
        for number, at, columns, fingerprint, own, driver_values in chunk.rows:
            if own is not None:
                own_texts[number] = own
            party = None
            if at is None:
                columns[column] = None
            else:
                party = parties[at]
                found = linked.get(at, NOT_LINKED)
                if found is NOT_LINKED:
                    found = link(party)
                    if party.code or party.key:
                        linked[at] = found
                columns[column] = found
            pending.append(Pending(number, party, columns, fingerprint, driver_values))
        self.writer.write_chunk(pending)


def _run(
    session: Session,
    source: WorkbookSource,
    path: Path,
    kind: ImportKind,
    layout: Layout,
    options: ImportOptions,
    limits: ImportLimits,
    progress: ProgressReporter,
) -> ImportSummary:
    batch: ImportBatch | None = None
    mapping = layout.mapping_by_header()
    if not options.dry_run:
        batch = ImportBatch(
            kind=kind,
            file_name=path.name[:260],
            file_sha256=file_sha256(path),
            sheet=layout.sheet[:120],
            actor=options.actor,
            mapping={"sheet": layout.sheet, "header_row": layout.header_row, "columns": mapping},
        )
        session.add(batch)
        session.flush()
    provenance = {
        "import_batch_id": batch.id if batch else None,
        "source_file": path.name[:260],
        "source_sheet": layout.sheet[:120],
    }
    counts, problems = Counts(), list[CellProblem]()
    model, _ = MODELS[kind]
    party_column = "company_id" if kind is ImportKind.PRODUCTS else "buyer_id"
    storer = _Storer(
        PartyLinker(session, kind, not options.dry_run, provenance),
        ChunkWriter(
            session, model, party_column, not options.dry_run, provenance, counts, problems
        ),
        counts,
        problems,
    )
    # A big file is read and checked in a second process while this one stores (see
    # overlap.py), which also normalizes the rows' search texts; a small one, or where
    # forking is not safe, in this process.
    overlap = overlap_available(path.stat().st_size)
    writes = overlap and not options.dry_run
    checker = _Checker(
        kind,
        layout,
        RowParser(kind, layout, path.name),
        search_texts=writes,
        dialect=session.get_bind().dialect if writes else None,
    )
    progress.start(None, tr("Importing {file}").format(file=path.name))

    def produce() -> Generator[CheckedChunk, None, None]:
        return checked_chunks(source, path, layout, limits, checker)

    chunks = in_second_process(produce, path, progress) if overlap else produce()
    # Closed at once on an error here too: a traceback kept by the caller would otherwise
    # keep the generator, and the checking process waiting on its pipe, alive.
    with closing(chunks):
        for chunk in chunks:
            if not chunk.last:
                progress.check_cancelled()
            storer.store(chunk)
            progress.advance(chunk.read)
    summary = ImportSummary(
        file=path.name,
        kind=kind,
        sheet=layout.sheet,
        header_row=layout.header_row,
        mapping=mapping,
        unmapped=layout.unmapped,
        imported=counts.imported,
        updated=counts.updated,
        unchanged=counts.unchanged,
        rejected=counts.rejected,
        problems=tuple(problems),
        batch_id=batch.id if batch else None,
        dry_run=options.dry_run,
    )
    if options.all_or_nothing and counts.rejected and not options.dry_run:
        raise ImportRejected(summary)
    if batch is not None:
        batch.imported, batch.updated = counts.imported, counts.updated
        batch.unchanged, batch.rejected = counts.unchanged, counts.rejected
        batch.status, batch.finished_at = BatchStatus.DONE, utcnow()
        if counts.imported or counts.updated:
            index_batch(session, kind, batch.id, progress, storer.own_texts)
        audit_batch(session, batch, options.actor)
    return summary
