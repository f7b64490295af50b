"""Make the units written inside quantities agree with the row's unit column.

A quantity cell may carry its own unit ("5 т", "5 пакетов") while the row also has a unit
column ("kg"). The record keeps one unit, so a disagreement cannot be stored as written:
when both units are of one kind the quantity is converted to the unit column's unit and
the conversion reported as a warning (5 t -> 5000 kg); otherwise (5 bags against kg) the
row is rejected with an error naming both units. Without a unit column the first
quantity's unit is the row's unit, and the other quantities of a product (MOQ, monthly
capacity) must agree with it in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from desktop_app.core.i18n import tr
from desktop_app.core.validation.result import Severity
from desktop_app.core.validation.trade import convert_quantity

UNIT_FIELD = "unit"


@dataclass(frozen=True)
class UnitMismatch:
    """A quantity whose own unit was not the row's unit: converted (a warning) or not."""

    field: str
    written: str
    reason: str
    severity: Severity
    converted: tuple[Decimal, str] | None


def shown_number(value: Decimal) -> str:
    """``value`` without exponent or trailing zeros: 5000, 0.005, 1.5."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _row_unit(values: dict[str, Any], quantity_fields: tuple[str, ...]) -> str | None:
    unit = values.get(UNIT_FIELD)
    if unit:
        return str(unit)
    for name in quantity_fields:
        found = values.get(name)
        if found and found[1]:
            return str(found[1])
    return None


def quantity_unit_mismatches(
    values: dict[str, Any], quantity_fields: tuple[str, ...]
) -> list[UnitMismatch]:
    """The quantities of a row's ``values`` whose own unit is not the row's unit.

    ``quantity_fields`` are the row's quantity fields in order of precedence (without a
    unit column the first one with a unit sets the row's unit). A convertible quantity
    comes with its value in the row's unit; the caller stores it.
    """
    unit = _row_unit(values, quantity_fields)
    if unit is None:
        return []
    mismatches: list[UnitMismatch] = []
    for name in quantity_fields:
        found = values.get(name)
        if not found or found[1] is None or found[1] == unit:
            continue
        number, own_unit = found
        written = f"{shown_number(number)} {own_unit}"
        converted = convert_quantity(number, own_unit, unit)
        if converted is None:
            reason = tr(
                "the quantity is in {quantity_unit} but the unit of the row is {unit}; "
                "these units cannot be converted, so write the quantity in {unit}"
            ).format(quantity_unit=own_unit, unit=unit)
            mismatches.append(UnitMismatch(name, written, reason, Severity.ERROR, None))
            continue
        reason = tr("{number} {quantity_unit} converted to {converted} {unit}").format(
            number=shown_number(number),
            quantity_unit=own_unit,
            converted=shown_number(converted),
            unit=unit,
        )
        mismatches.append(UnitMismatch(name, written, reason, Severity.WARNING, (converted, unit)))
    return mismatches
