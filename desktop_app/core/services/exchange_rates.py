"""Exchange rates the office keeps: typed in Settings or imported from a CSV file.

A rate says that one ``base`` is worth ``rate`` ``quote`` on a date, from a source. Deal
fit and pooled offers convert prices with the newest rate of a pair (or the inverse of
the reverse pair, or through one currency both know); a rate older than the setting
``rates/max_age_days`` on the day of the conversion is flagged, never silently used.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import AuditAction
from desktop_app.core.domain.models import AuditEvent, ExchangeRate
from desktop_app.core.errors import ConflictError, InputError, Location
from desktop_app.core.i18n import tr
from desktop_app.core.settings import RATES_MAX_AGE_DAYS, get_setting
from desktop_app.core.validation.columns import table_bounds
from desktop_app.core.validation.trade import normalize_currency

ENTITY = "exchange_rate"
CSV_COLUMNS = ("base", "quote", "rate", "date", "source")


@dataclass(frozen=True)
class RateView:
    """One stored rate."""

    id: int
    base: str
    quote: str
    rate: Decimal
    rate_date: date
    source: str | None


@dataclass(frozen=True)
class Conversion:
    """An amount converted, with the date of the oldest rate used and whether it is stale."""

    value: Decimal
    rate: Decimal
    rate_date: date | None
    stale: bool

    def describe(self) -> str:
        """The rate as a person checks it: "rate 12.45 of 2026-12-01 (old)"."""
        if self.rate_date is None:
            return ""
        text = tr("rate {rate} of {date}").format(
            rate=f"{self.rate.normalize():f}", date=self.rate_date.isoformat()
        )
        return text + (tr(" (older than the allowed age)") if self.stale else "")


class RateBook:
    """The newest rate of every pair, for converting many prices in one go."""

    def __init__(self, rates: list[RateView], today: date, max_age_days: int) -> None:
        self.today = today
        self.max_age_days = max_age_days
        self._pairs: dict[tuple[str, str], tuple[Decimal, date]] = {}
        # Oldest first, so a newer rate of a pair replaces an older one; the inverse of
        # a pair serves the reverse pair unless a rate of that pair is as new or newer.
        for rate in sorted(rates, key=lambda r: r.rate_date):
            self._pairs[(rate.base, rate.quote)] = (rate.rate, rate.rate_date)
            inverse = (rate.quote, rate.base)
            known = self._pairs.get(inverse)
            if known is None or known[1] < rate.rate_date:
                self._pairs[inverse] = (Decimal(1) / rate.rate, rate.rate_date)

    def _direct(self, source: str, target: str) -> tuple[Decimal, date] | None:
        return self._pairs.get((source, target))

    def rate(self, source: str, target: str) -> tuple[Decimal, date | None] | None:
        """The rate from ``source`` to ``target`` and its (oldest) date, if known."""
        source, target = source.upper(), target.upper()
        if source == target:
            return Decimal(1), None
        direct = self._direct(source, target)
        if direct is not None:
            return direct
        # Through one currency both sides know (RUB -> USD -> CNY).
        best: tuple[Decimal, date] | None = None
        for (first, middle), (rate_in, day_in) in self._pairs.items():
            if first != source:
                continue
            onward = self._direct(middle, target)
            if onward is None:
                continue
            candidate = (rate_in * onward[0], min(day_in, onward[1]))
            if best is None or candidate[1] > best[1]:
                best = candidate
        return best

    def convert(self, amount: Decimal, source: str, target: str) -> Conversion | None:
        """``amount`` in ``source`` as ``target``, or ``None`` with no rate for the pair."""
        found = self.rate(source, target)
        if found is None:
            return None
        rate, day = found
        stale = day is not None and (self.today - day).days > self.max_age_days
        return Conversion(amount * rate, rate, day, stale)


def list_rates(session: Session) -> list[RateView]:
    """Every stored rate, newest first."""
    rows = session.scalars(
        select(ExchangeRate).order_by(
            ExchangeRate.rate_date.desc(), ExchangeRate.base, ExchangeRate.quote
        )
    )
    return [RateView(r.id, r.base, r.quote, r.rate, r.rate_date, r.source) for r in rows]


def rate_book(session: Session, today: date | None = None) -> RateBook:
    """The stored rates as a :class:`RateBook` for conversions on ``today``."""
    return RateBook(
        list_rates(session), today or date.today(), int(get_setting(session, RATES_MAX_AGE_DAYS))
    )


def _currency(value: str, where: Location) -> str:
    check = normalize_currency(value)
    if check.value is None or not check.ok:
        raise InputError(check.message or tr("enter a currency code such as CNY"), where)
    return str(check.value)


def _rate(value: str | Decimal, where: Location) -> Decimal:
    try:
        rate = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        rate = Decimal(0)
    if not rate.is_finite() or rate <= 0:
        raise InputError(tr("the rate must be a number above zero"), where)
    return rate


def _date(value: str | date, where: Location) -> date:
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(value.strip())
        except ValueError as exc:
            raise InputError(tr("write the date as YYYY-MM-DD"), where) from exc
    # A mistyped year would make a rate the newest for decades.
    if day > date.today() + timedelta(days=1):
        raise InputError(tr("the rate's date {date} is in the future").format(date=day), where)
    return day


def save_rate(
    session: Session,
    base: str,
    quote: str,
    rate: str | Decimal,
    rate_date: str | date,
    source: str | None,
    actor: str,
    where: Location | None = None,
) -> RateView:
    """Store a rate (replacing the same pair's rate of that day), audited."""
    location = where or Location()
    base_code = _currency(base, replace(location, field="base"))
    quote_code = _currency(quote, replace(location, field="quote"))
    if base_code == quote_code:
        raise InputError(
            tr("a rate needs two different currencies"), replace(location, field="quote")
        )
    value = _rate(rate, replace(location, field="rate"))
    day = _date(rate_date, replace(location, field="date"))
    source_text = (source or "").strip() or None
    # Checked here: a longer source (a CSV's hostile cell) was refused by PostgreSQL only.
    for field, reason in table_bounds(ExchangeRate.__table__).problems({"source": source_text}):
        raise InputError(reason, replace(location, field=field))
    stored = session.scalars(
        select(ExchangeRate).where(
            ExchangeRate.base == base_code,
            ExchangeRate.quote == quote_code,
            ExchangeRate.rate_date == day,
        )
    ).first()
    old = None if stored is None else str(stored.rate)
    if stored is None:
        stored = ExchangeRate(
            base=base_code,
            quote=quote_code,
            rate_date=day,
            rate=value,
            source=source_text,
            added_by=actor,
        )
        # In a savepoint: a colleague storing the same pair and day at the same moment
        # (PostgreSQL; SQLite's write lock serialises the two) meets the unique day.
        try:
            with session.begin_nested():
                session.add(stored)
        except IntegrityError as exc:
            raise _stored_meanwhile(session, base_code, quote_code, day) from exc
    else:
        stored.rate = value
        stored.source = source_text
        stored.added_by = actor
    session.flush()
    session.add(
        AuditEvent(
            entity_type=ENTITY,
            entity_id=stored.id,
            action=AuditAction.CREATE if old is None else AuditAction.UPDATE,
            actor=actor,
            changes={"rate": [old, str(value)], "pair": [None, f"{base_code}/{quote_code}"]},
        )
    )
    return RateView(stored.id, base_code, quote_code, value, day, stored.source)


def _stored_meanwhile(session: Session, base: str, quote: str, day: date) -> ConflictError:
    """The conflict of a rate a colleague stored for the same pair and day meanwhile."""
    stored = session.scalars(
        select(ExchangeRate).where(
            ExchangeRate.base == base, ExchangeRate.quote == quote, ExchangeRate.rate_date == day
        )
    ).first()
    if stored is None:
        return ConflictError(
            tr(
                "Somebody else stored the {pair} rate of {day} at the same moment; yours was "
                "not saved."
            ).format(pair=f"{base}/{quote}", day=day.isoformat())
        )
    return ConflictError(
        tr(
            "{actor} stored the {pair} rate of {day} at the same moment: {rate}; yours was "
            "not saved. Check the rates and save yours again to replace it."
        ).format(
            actor=stored.added_by or "?",
            pair=f"{base}/{quote}",
            day=day.isoformat(),
            rate=stored.rate,
        )
    )


def delete_rate(session: Session, rate_id: int, actor: str) -> None:
    """Remove a stored rate, audited."""
    stored = session.get(ExchangeRate, rate_id)
    if stored is None:
        return
    session.add(
        AuditEvent(
            entity_type=ENTITY,
            entity_id=rate_id,
            action=AuditAction.DELETE,
            actor=actor,
            changes={"rate": [str(stored.rate), None]},
        )
    )
    session.delete(stored)


def import_rates_csv(session: Session, path: Path, actor: str) -> int:
    """Store every rate of a CSV file with columns base, quote, rate, date[, source].

    All or nothing: a bad row names its line and column, and nothing is stored.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            tr("cannot read the rates file: {reason}").format(reason=exc), Location(file=str(path))
        ) from exc
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in CSV_COLUMNS[:4] if name not in header]
    if missing:
        raise InputError(
            tr("the rates file needs the columns {columns}; missing: {missing}").format(
                columns=", ".join(CSV_COLUMNS), missing=", ".join(missing)
            ),
            Location(file=str(path), row=1),
        )
    count = 0
    with session.begin_nested():
        for number, raw in enumerate(reader, start=2):
            # Cells beyond the header (DictReader's restkey) are ignored.
            row = {
                (key or "").strip().lower(): value if isinstance(value, str) else ""
                for key, value in raw.items()
                if key is not None
            }
            if not any(value.strip() for value in row.values()):
                continue
            where = Location(file=str(path), row=number)
            save_rate(
                session,
                row["base"],
                row["quote"],
                row["rate"],
                row["date"],
                row.get("source") or path.name[:200],
                actor,
                where,
            )
            count += 1
    return count
