"""Write checked rows to the database: link parties, then insert, update or skip.

Companies and buyers are few and go through the ORM, so the audit trail records their
creation. Products and demand lines can be a hundred thousand: a chunk's existing keys are
looked up in one query, new rows are inserted with one driver ``executemany`` of
prepared tuples (:mod:`desktop_app.core.importing.bulk`), and only changed rows are loaded
as ORM objects so the audit listener records what changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.database.drivers import driver_placeholder
from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.domain.models import Buyer, Company
from desktop_app.core.i18n import tr
from desktop_app.core.importing.bulk import BulkInserter, DriverValues
from desktop_app.core.importing.records import PartyRow
from desktop_app.core.importing.rows import CellProblem
from desktop_app.core.validation.result import Severity

NEW_PARTY = -1  # a party a dry run would create


@dataclass
class Counts:
    """What happened to the rows so far."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


@dataclass(slots=True)
class Pending:
    """One accepted row waiting to be written (``number``: its row in the file)."""

    number: int
    party: PartyRow | None
    columns: dict[str, Any]
    fingerprint: str = ""
    # The columns' values (the party's excepted) already converted for the driver, in
    # ``columns`` order, when the checking process converted them (see service.py).
    driver_values: tuple[Any, ...] | None = None


@dataclass
class PartyLinker:
    """Finds or creates the company or buyer of each row; remembers what it found."""

    session: Session
    kind: ImportKind
    write: bool
    provenance: dict[str, Any]
    by_code: dict[str, int] = field(default_factory=dict)
    by_key: dict[str, int] = field(default_factory=dict)

    def link(self, party: PartyRow) -> int | None:
        """The id of the party, creating it when writing; ``NEW_PARTY`` in a dry run."""
        if party.code and party.code in self.by_code:
            return self.by_code[party.code]
        if not party.code and party.key and party.key in self.by_key:
            return self.by_key[party.key]
        model: Any = Company if self.kind is ImportKind.PRODUCTS else Buyer
        code_column = model.inn if model is Company else model.uscc
        found = None
        if party.code:
            found = self.session.scalar(select(model).where(code_column == party.code))
        if found is None and party.key:
            found = self.session.scalars(
                select(model).where(model.name_key == party.key).order_by(model.id)
            ).first()
        if found is None:
            party_id = self._create(model, party)
        else:
            self._fill_gaps(found, party)
            party_id = found.id
        if party.code:
            self.by_code[party.code] = party_id
        if party.key:
            self.by_key.setdefault(party.key, party_id)
        return party_id

    def _create(self, model: Any, party: PartyRow) -> int:
        if not self.write:
            return NEW_PARTY
        code = {"inn": party.code} if model is Company else {"uscc": party.code}
        record = model(name_key=party.key, **code, **party.columns, **self.provenance)
        self.session.add(record)
        self.session.flush()
        return int(record.id)

    def _fill_gaps(self, record: Any, party: PartyRow) -> None:
        # An existing party only gains details it lacks; the file never overwrites them.
        if not self.write:
            return
        for name, value in party.columns.items():
            if value and not getattr(record, name):
                setattr(record, name, value)
        if party.code and model_code(record) is None:
            if isinstance(record, Company):
                record.inn = party.code
            else:
                record.uscc = party.code


def model_code(record: Any) -> str | None:
    """INN of a company or USCC of a buyer."""
    return record.inn if isinstance(record, Company) else record.uscc


@dataclass
class ChunkWriter:
    """Classifies and writes chunks of rows of one import."""

    session: Session
    model: Any
    party_column: str
    write: bool
    provenance: dict[str, Any]
    counts: Counts
    problems: list[CellProblem]
    seen: dict[tuple[Any, ...], tuple[int, str]] = field(default_factory=dict)
    _inserter: BulkInserter | None = None
    _pick: Any = None

    def write_chunk(self, chunk: list[Pending]) -> None:
        """Insert new rows, update changed ones, count the unchanged."""
        by_ref, by_print = self._existing(chunk)
        inserts: list[tuple[Any, ...]] = []
        for item in chunk:
            party_id = item.columns[self.party_column]
            ref = item.columns.get("ref")
            key = ("ref", party_id, ref) if ref else ("print", item.fingerprint)
            if self._duplicate_in_file(item, key):
                continue
            existing = by_ref.get((party_id, ref)) if ref else by_print.get(item.fingerprint)
            if existing is None:
                self.counts.imported += 1
                inserts.append(self._new_row(item))
            elif existing[1] == item.fingerprint:
                self.counts.unchanged += 1
            else:
                self.counts.updated += 1
                if self.write:
                    self._update(existing[0], item)
        if inserts and self.write and self._inserter is not None:
            # Straight to the driver: no identity map, no per-row parameter compilation.
            self._inserter.insert(self.session.connection(), inserts)

    def _existing(
        self, chunk: list[Pending]
    ) -> tuple[dict[tuple[Any, str], tuple[int, str]], dict[str, tuple[int, str]]]:
        refs = {item.columns["ref"] for item in chunk if item.columns.get("ref")}
        prints = {item.fingerprint for item in chunk if not item.columns.get("ref")}
        by_ref: dict[tuple[Any, str], tuple[int, str]] = {}
        by_print: dict[str, tuple[int, str]] = {}
        if not refs and not prints:
            return by_ref, by_print
        # Driver SQL: compiling an IN of 2,000 bound values cost twice the query itself.
        # Rows this import changed through the ORM must be in the database first.
        self.session.flush()
        connection = self.session.connection()
        mark = driver_placeholder(connection.dialect)
        quote = connection.dialect.identifier_preparer.quote
        table, party = quote(self.model.__table__.name), quote(self.party_column)
        if refs:
            statement = (
                f"SELECT id, {party}, ref, fingerprint FROM {table} "
                f"WHERE ref IN ({', '.join([mark] * len(refs))})"
            )
            for id_, party_id, ref, fingerprint in connection.exec_driver_sql(
                statement, tuple(refs)
            ):
                by_ref[(party_id, ref)] = (id_, fingerprint or "")
        if prints:
            statement = (
                f"SELECT id, fingerprint FROM {table} "
                f"WHERE fingerprint IN ({', '.join([mark] * len(prints))})"
            )
            for id_, fingerprint in connection.exec_driver_sql(statement, tuple(prints)):
                by_print.setdefault(fingerprint, (id_, fingerprint))
        return by_ref, by_print

    def _duplicate_in_file(self, item: Pending, key: tuple[Any, ...]) -> bool:
        first = self.seen.get(key)
        if first is None:
            self.seen[key] = (item.number, item.fingerprint)
            return False
        number, fingerprint = first
        same = fingerprint == item.fingerprint
        reason = (
            tr("repeats row {row}; counted once").format(row=number)
            if same
            else tr("has the same reference as row {row} but other values").format(row=number)
        )
        severity = Severity.WARNING if same else Severity.ERROR
        self.problems.append(
            CellProblem(
                self.provenance["source_file"],
                self.provenance["source_sheet"],
                item.number,
                "",
                str(item.columns.get("ref") or ""),
                reason,
                severity,
                "ref",
            )
        )
        if same:
            self.counts.unchanged += 1
        else:
            self.counts.rejected += 1
        return True

    def _new_row(self, item: Pending) -> tuple[Any, ...]:
        if self._inserter is None:
            names = (*item.columns, "source_row", "fingerprint")
            converted = len(item.driver_values) if item.driver_values is not None else 0
            if converted and names[converted] != self.party_column:
                converted = 0  # not the layout the checking process converted for
            self._inserter = BulkInserter(self.model.__table__, names, self.provenance, converted)
            self._pick = itemgetter(*item.columns)
        if self._inserter.converted:
            # Converted by the checking process: only the party's id is added here. The
            # party column comes last in ``columns`` (see _Storer.store).
            values = item.driver_values
            if values is None:  # not converted there: convert here, as the rest
                values = self._driver_values(item)
            party = item.columns[self.party_column]
            return (*values, party, item.number, item.fingerprint)
        return (*self._pick(item.columns), item.number, item.fingerprint)

    def _driver_values(self, item: Pending) -> tuple[Any, ...]:
        assert self._inserter is not None
        names = self._inserter.row_columns[: self._inserter.converted]
        convert = DriverValues(self.model.__table__, names, self.session.get_bind().dialect)
        return convert([item.columns[name] for name in names])

    def _full_row(self, item: Pending) -> dict[str, Any]:
        return {
            **item.columns,
            **self.provenance,
            "source_row": item.number,
            "fingerprint": item.fingerprint,
        }

    def _update(self, record_id: int, item: Pending) -> None:
        record = self.session.get(self.model, record_id)
        for name, value in self._full_row(item).items():
            if getattr(record, name) != value:
                setattr(record, name, value)
