"""Export use cases: a supplier catalogue or the accepted matches, to Excel or CSV.

Each use case takes the session of one unit of work, streams the rows from the database
into the file, records an :class:`ExportRun` and returns a plain :class:`ExportSummary`.
The file appears under its final name only when complete (see ``files.py``); a cancelled
or failed export raises, and the caller's transaction rolls back, so neither the
database nor the destination changes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, groupby
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop_app import APP_NAME, __version__
from desktop_app.core.database.audit import session_actor
from desktop_app.core.domain.enums import BatchStatus
from desktop_app.core.domain.models import Buyer, ExportRun
from desktop_app.core.domain.types import utcnow
from desktop_app.core.errors import InputError, Location
from desktop_app.core.exporting.cells import Row
from desktop_app.core.exporting.csv_writer import csv_columns, write_csv
from desktop_app.core.exporting.fields import ExportKind, PerBuyer
from desktop_app.core.exporting.files import atomic_file, atomic_folder, zip_folder
from desktop_app.core.exporting.pooled import pooled_rows, write_pooled_sheet
from desktop_app.core.exporting.queries import (
    GROUP_KEYS,
    ExportFilters,
    Glosser,
    count_rows,
    resolve_filters,
    stream_rows,
)
from desktop_app.core.exporting.safety import sanitize_file_stem, unique_file_name
from desktop_app.core.exporting.summary import (
    SummaryCounts,
    SummaryInfo,
    label,
    summary_dict,
    write_summary_sheet,
)
from desktop_app.core.exporting.templates import ExportTemplate, load_template
from desktop_app.core.exporting.xlsx_writer import WorkbookBuilder, row_keys, write_table
from desktop_app.core.i18n import tr
from desktop_app.core.progress import NULL_PROGRESS, ProgressReporter


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote."""

    kind: str
    template: str
    output: Path
    files: tuple[Path, ...]
    row_count: int
    sheet_count: int
    filters: dict[str, list[str]]
    by_chapter: dict[str, int] = field(default_factory=dict)
    by_region: dict[str, int] = field(default_factory=dict)
    by_buyer: dict[str, int] = field(default_factory=dict)
    export_run_id: int | None = None


@dataclass
class _Job:
    """Everything one export run needs while it writes."""

    kind: ExportKind
    template: ExportTemplate
    positions: dict[str, int]
    info: SummaryInfo
    tick: Callable[[int], None]
    counts: SummaryCounts = field(default_factory=SummaryCounts)
    sheets: int = 0

    def counted(self, rows: Iterable[Row], counts: SummaryCounts) -> Iterator[Row]:
        return counts.counting(
            rows,
            self.positions["_chapter"],
            self.positions["_region"],
            self.positions.get("_buyer"),
        )

    def workbook(
        self,
        path: Path,
        sheets: Iterable[tuple[str, Iterable[Row]]],
        counts: SummaryCounts,
        pooled: list[Row] | None = None,
    ) -> None:
        """Write one workbook of data sheets, its pooled offers and summary to ``path``."""
        title = f"{label(self.kind.value, self.template.header_languages)} — {self.template.name}"
        builder = WorkbookBuilder(title, self.info.prepared_by, self.info.generated_by)
        try:
            for name, rows in sheets:
                write_table(builder, name, self.template.columns_for(self.kind), rows, self.tick)
            if pooled:
                write_pooled_sheet(builder, self.template, pooled)
            write_summary_sheet(builder, self.template.sheet_name("summary"), self.info, counts)
            self.sheets += builder.sheet_count
            builder.save(path)
        except BaseException:
            builder.discard()
            raise


def output_kind(path: Path, per_buyer: PerBuyer) -> str:
    """``xlsx``, ``csv``, ``zip`` or ``folder``, from the destination and the split."""
    suffix = path.suffix.lower()
    if per_buyer is PerBuyer.WORKBOOKS:
        return "zip" if suffix == ".zip" else "folder"
    if suffix in (".xlsx", ".csv"):
        if suffix == ".csv" and per_buyer is PerBuyer.SHEETS:
            raise InputError(
                tr("a CSV file has no sheets: write .xlsx for one sheet per buyer"),
                Location(file=str(path)),
            )
        return suffix[1:]
    raise InputError(
        tr("write the export to a .xlsx or .csv file (or a .zip or folder per buyer)"),
        Location(file=str(path)),
    )


def _buyer_groups(
    rows: Iterable[Row], positions: dict[str, int]
) -> Iterator[tuple[int | None, str, Iterator[Row]]]:
    """Consecutive rows of one buyer (the query orders by buyer), with its id and name.

    Each group is consumed before the next is asked for, as writing does.
    """
    buyer_id, buyer_name = positions["_buyer_id"], positions["_buyer"]
    for _, group in groupby(rows, key=lambda row: row[buyer_id]):
        first = next(group)
        name = first[buyer_name] or tr("Buyer #{id}").format(id=first[buyer_id])
        yield first[buyer_id], str(name), chain((first,), group)  # noqa: B031 - consumed once


def run_export(
    session: Session,
    kind: ExportKind,
    path: Path | str,
    template: ExportTemplate | str | None = None,
    filters: ExportFilters | None = None,
    per_buyer: PerBuyer = PerBuyer.NONE,
    progress: ProgressReporter = NULL_PROGRESS,
    actor: str | None = None,
    glosser: Glosser | None = None,
) -> ExportSummary:
    """Export ``kind`` to ``path`` and record it as an :class:`ExportRun`.

    ``glosser`` (services.naming.glosser) fills the columns that gloss a buyer's request.
    """
    path = Path(path)
    chosen = template if isinstance(template, ExportTemplate) else load_template(template)
    if per_buyer is not PerBuyer.NONE and kind is not ExportKind.MATCHES:
        raise InputError(tr("only matches can be split by buyer"), Location(field="per_buyer"))
    target = output_kind(path, per_buyer)
    resolved = resolve_filters(session, kind, filters or ExportFilters())
    columns = chosen.columns_for(kind)
    if target == "csv":
        columns = csv_columns(columns, kind, chosen.header_languages)
    keys = row_keys(columns, GROUP_KEYS[kind])
    positions = {key: position for position, key in enumerate(keys)}
    person = actor or session_actor(session)
    started = utcnow()

    total = count_rows(session, kind, resolved)
    progress.start(total, tr("Exporting {kind}").format(kind=kind.value))
    done = [0]

    def tick(count: int) -> None:
        progress.advance(done[0] + count)
        progress.check_cancelled()

    info = SummaryInfo(
        kind=kind.value,
        template_name=chosen.name,
        generated_at=started,
        generated_by=f"{APP_NAME} {__version__}",
        prepared_by=person,
        filters=resolved.describe(),
        languages=tuple(lang for lang in chosen.header_languages if lang != "key") or ("en",),
        with_buyers=kind is ExportKind.MATCHES,
    )
    job = _Job(kind, chosen, positions, info, tick)
    progress.check_cancelled()
    rows = stream_rows(session, kind, keys, resolved, glosser)
    pools = pooled_rows(session, chosen, resolved) if kind is ExportKind.MATCHES else {}
    every_pool = [row for group in pools.values() for row in group]
    files: list[Path] = []
    if target in ("xlsx", "csv"):
        counted = job.counted(rows, job.counts)
        with atomic_file(path) as temporary:
            if target == "csv":
                write_csv(temporary, columns, counted, tick)
            elif per_buyer is PerBuyer.SHEETS:
                sheets = ((name, group) for _, name, group in _buyer_groups(counted, positions))
                job.workbook(temporary, sheets, job.counts, every_pool)
            else:
                sheet = (chosen.sheet_name(kind.value), counted)
                job.workbook(temporary, [sheet], job.counts, every_pool)
        files.append(path)
    else:
        files = _write_per_buyer(job, rows, path, target == "zip", pools, session)
    progress.advance(total, tr("Export written"))

    run = ExportRun(
        kind=kind.value,
        template=chosen.name[:120],
        filters={**resolved.describe(), "per_buyer": per_buyer.value, "format": target},
        file_path=str(path),
        row_count=job.counts.rows,
        actor=person,
        started_at=started,
        finished_at=utcnow(),
        status=BatchStatus.DONE,
    )
    session.add(run)
    session.flush()
    return ExportSummary(
        kind=kind.value,
        template=chosen.name,
        output=path,
        files=tuple(files),
        row_count=job.counts.rows,
        sheet_count=job.sheets,
        filters=resolved.describe(),
        export_run_id=run.id,
        **summary_dict(job.counts),
    )


def _write_per_buyer(
    job: _Job,
    rows: Iterable[Row],
    path: Path,
    as_zip: bool,
    pools: dict[int | None, list[Row]],
    session: Session,
) -> list[Path]:
    taken: set[str] = set()
    names: list[str] = []

    def write_all(folder: Path) -> None:
        left = dict(pools)
        for buyer_id, buyer, group in _buyer_groups(rows, job.positions):
            name = unique_file_name(sanitize_file_stem(buyer, "buyer"), ".xlsx", taken)
            counts = SummaryCounts()
            sheets = [(buyer, job.counted(group, counts))]
            job.workbook(folder / name, sheets, counts, left.pop(buyer_id, None))
            job.counts.merge(counts)
            names.append(name)
        # A buyer offered only pooled suppliers still gets its workbook.
        for buyer_id, pooled in left.items():
            found = session.get(Buyer, buyer_id) if buyer_id is not None else None
            known = (found.name_zh or found.name_en) if found else None
            buyer = known or tr("Buyer #{id}").format(id=buyer_id)
            name = unique_file_name(sanitize_file_stem(buyer, "buyer"), ".xlsx", taken)
            counts = SummaryCounts()
            job.workbook(folder / name, [(buyer, iter(()))], counts, pooled)
            names.append(name)

    if as_zip:
        with (
            atomic_file(path) as temporary,
            tempfile.TemporaryDirectory(prefix=f".{path.stem}.", dir=path.parent) as scratch,
        ):
            write_all(Path(scratch))
            zip_folder(Path(scratch), temporary)
        return [path]
    with atomic_folder(path) as staging:
        write_all(staging)
    return [path / name for name in names]


def export_catalogue(
    session: Session,
    path: Path | str,
    template: ExportTemplate | str | None = None,
    filters: ExportFilters | None = None,
    progress: ProgressReporter = NULL_PROGRESS,
    actor: str | None = None,
    glosser: Glosser | None = None,
) -> ExportSummary:
    """Export every active product with its company, one row per product."""
    return run_export(
        session,
        ExportKind.CATALOGUE,
        path,
        template,
        filters,
        PerBuyer.NONE,
        progress,
        actor,
        glosser,
    )


def export_matches(
    session: Session,
    path: Path | str,
    template: ExportTemplate | str | None = None,
    filters: ExportFilters | None = None,
    per_buyer: PerBuyer = PerBuyer.NONE,
    progress: ProgressReporter = NULL_PROGRESS,
    actor: str | None = None,
    glosser: Glosser | None = None,
) -> ExportSummary:
    """Export accepted matches, optionally one sheet, workbook or zip entry per buyer."""
    return run_export(
        session, ExportKind.MATCHES, path, template, filters, per_buyer, progress, actor, glosser
    )


def record_failed_export(
    session: Session,
    kind: ExportKind,
    path: Path | str,
    template: str,
    status: BatchStatus,
    actor: str | None = None,
    filters: dict[str, Any] | None = None,
) -> int:
    """Record an export that failed or was cancelled, in a unit of work of its own.

    The export's own transaction was rolled back with it; call this afterwards so the
    history still shows the attempt.
    """
    now = utcnow()
    run = ExportRun(
        kind=kind.value,
        template=template[:120],
        filters=filters or {},
        file_path=str(path),
        row_count=0,
        actor=actor or session_actor(session),
        started_at=now,
        finished_at=now,
        status=status,
    )
    session.add(run)
    session.flush()
    return run.id
