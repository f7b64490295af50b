"""Trade terms: Incoterms 2020 rules with their named place, currencies and units.

Currencies and units are looked up in the tables of ``resources/reference`` (see
:mod:`desktop_app.core.validation.reference_tables`), which users may extend.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.core.i18n import tr
from desktop_app.core.validation._text import RawValue, collapse_spaces, shown, to_text
from desktop_app.core.validation.reference_tables import (
    currency_table,
    spelling_key,
    unit_table,
)
from desktop_app.core.validation.result import Check


@dataclass(frozen=True, slots=True)
class Incoterm:
    """One Incoterms 2020 rule. ``any_mode`` is False for the four sea-only rules."""

    code: str
    name: str
    any_mode: bool

    @property
    def description(self) -> str:
        """What the rule means, in the interface language."""
        return _descriptions()[self.code]


INCOTERMS_2020: tuple[Incoterm, ...] = (
    Incoterm("EXW", "Ex Works", True),
    Incoterm("FCA", "Free Carrier", True),
    Incoterm("CPT", "Carriage Paid To", True),
    Incoterm("CIP", "Carriage and Insurance Paid To", True),
    Incoterm("DAP", "Delivered at Place", True),
    Incoterm("DPU", "Delivered at Place Unloaded", True),
    Incoterm("DDP", "Delivered Duty Paid", True),
    Incoterm("FAS", "Free Alongside Ship", False),
    Incoterm("FOB", "Free On Board", False),
    Incoterm("CFR", "Cost and Freight", False),
    Incoterm("CIF", "Cost, Insurance and Freight", False),
)
"""The eleven rules of Incoterms 2020, in the ICC's order. Rule names stay in English."""

_CODES = tuple(term.code for term in INCOTERMS_2020)
_OBSOLETE = {"DAT": "DPU", "DDU": "DAP", "DAF": "DAP", "DES": "DAP", "DEQ": "DPU"}
_ALIASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<![a-z])c\s*(?:&|\+|and|n)\s*f(?![a-z])", re.IGNORECASE), "CFR"),
    (re.compile(r"离岸价格?|船上交货"), "FOB"),
    (re.compile(r"到岸价格?"), "CIF"),
    (re.compile(r"成本加运费"), "CFR"),
    (re.compile(r"工厂交货|出厂价格?|франко[\s-]*(?:завод|склад)", re.IGNORECASE), "EXW"),
)
_RULE_WORD = re.compile(r"(?<![A-Za-z])(" + "|".join(_CODES) + r")(?![A-Za-z])", re.IGNORECASE)
_OBSOLETE_WORD = re.compile(
    r"(?<![A-Za-z])(" + "|".join(_OBSOLETE) + r")(?![A-Za-z])", re.IGNORECASE
)
_LEADING_WORD = re.compile(r"^([A-Za-z]{3})(?![A-Za-z])")
_EDITION = re.compile(r"\(?\s*(?:incoterms|инкотермс)\s*®?\s*(\d{4})?\s*\)?", re.IGNORECASE)
_PLACE_TRIM = " ,;:/()-–—"
_PORT_WORDS = re.compile(r"^(?:port\s+of|port|порт)\s+|\s+(?:port|порт)$", re.IGNORECASE)


def _descriptions() -> dict[str, str]:
    return {
        "EXW": tr("Ex Works: the buyer collects the goods at the seller's premises"),
        "FCA": tr(
            "Free Carrier: the seller hands the goods, cleared for export, to the buyer's carrier"
        ),
        "CPT": tr("Carriage Paid To: the seller pays carriage to the named destination"),
        "CIP": tr(
            "Carriage and Insurance Paid To: carriage and insurance to the named destination"
        ),
        "DAP": tr("Delivered at Place: the seller delivers to the named place, not unloaded"),
        "DPU": tr(
            "Delivered at Place Unloaded: the seller delivers and unloads at the named place"
        ),
        "DDP": tr("Delivered Duty Paid: the seller delivers with import duties paid"),
        "FAS": tr("Free Alongside Ship: goods placed alongside the vessel at the port of shipment"),
        "FOB": tr("Free On Board: goods loaded on board the vessel at the port of shipment"),
        "CFR": tr("Cost and Freight: the seller pays sea freight to the port of destination"),
        "CIF": tr(
            "Cost, Insurance and Freight: sea freight and insurance to the port of destination"
        ),
    }


def incoterm(code: str) -> Incoterm | None:
    """The Incoterms 2020 rule with this code (any case), or ``None``."""
    return next((term for term in INCOTERMS_2020 if term.code == code.upper()), None)


def check_incoterms(text: RawValue) -> Check[tuple[str, str | None]]:
    """Read an Incoterms 2020 rule and its named place: "FOB Qingdao" -> ("FOB", "Qingdao").

    Accepts any case, commas ("CIF, Shanghai"), a trailing "port", an "Incoterms 2020"
    mention and common informal names (C&F, 离岸价), which give a warning saying how they
    were read. Obsolete rules (DAT, DDU, ...) are errors naming their replacement.
    """
    raw = to_text(text)
    if not raw:
        return Check.empty()
    notes: list[str] = []
    edition = _EDITION.search(raw)
    body = collapse_spaces(_EDITION.sub(" ", raw))
    if edition and edition.group(1) and edition.group(1) != "2020":
        notes.append(
            tr(
                "Incoterms {year} is superseded; the rule was checked against Incoterms 2020"
            ).format(year=edition.group(1))
        )
    code, rest = _find_rule(body)
    if code is None:
        for pattern, alias_code in _ALIASES:
            match = pattern.search(body)
            if match:
                code, rest = alias_code, body[: match.start()] + " " + body[match.end() :]
                notes.append(
                    tr('"{alias}" read as the Incoterms rule {code}').format(
                        alias=match.group().strip(), code=alias_code
                    )
                )
                break
    if code is None:
        return Check.error(_no_rule_message(body or raw))
    for pattern, alias_code in _ALIASES:
        if alias_code == code:  # "EXW франко-завод": the alias repeats the rule
            rest = pattern.sub(" ", rest)
    place = _clean_place(rest)
    if notes:
        return Check.warn((code, place), "; ".join(notes))
    return Check.good((code, place))


def _find_rule(body: str) -> tuple[str | None, str]:
    leading = _LEADING_WORD.match(body)
    if leading and leading.group(1).upper() in _CODES:
        return leading.group(1).upper(), body[leading.end() :]
    anywhere = _RULE_WORD.search(body)
    if anywhere:
        return anywhere.group(1).upper(), body[: anywhere.start()] + " " + body[anywhere.end() :]
    return None, body


def _no_rule_message(body: str) -> str:
    obsolete = _OBSOLETE_WORD.search(body)
    if obsolete:
        old = obsolete.group(1).upper()
        if old == "DAT":
            return tr("DAT was replaced by DPU in Incoterms 2020; write DPU")
        return tr("{old} is no longer an Incoterms rule; use {new} (Incoterms 2020)").format(
            old=old, new=_OBSOLETE[old]
        )
    leading = _LEADING_WORD.match(body)
    if leading:
        close = difflib.get_close_matches(leading.group(1).upper(), _CODES, n=1, cutoff=0.6)
        if close:
            return tr('"{code}" is not an Incoterms 2020 rule; did you mean {suggestion}?').format(
                code=leading.group(1), suggestion=close[0]
            )
        return tr('"{code}" is not an Incoterms 2020 rule; the rules are {rules}').format(
            code=leading.group(1), rules=", ".join(_CODES)
        )
    return tr(
        'No Incoterms rule in "{text}"; write the rule and the place, e.g. FOB Qingdao'
    ).format(text=shown(body))


def _clean_place(rest: str) -> str | None:
    place = collapse_spaces(rest).strip(_PLACE_TRIM)
    place = _PORT_WORDS.sub("", place).strip(_PLACE_TRIM)
    if not place:
        return None
    if place == place.lower() and place != place.upper():
        place = place.title()
    return place


def normalize_currency(text: RawValue) -> Check[str]:
    """Return the ISO 4217 code for a currency as people write it: "руб." -> "RUB".

    Knows codes, names and symbols in English, Russian and Chinese ("¥", "元" and "RMB"
    are CNY, "$" is USD, the obsolete "RUR" is RUB). An unknown three-letter code is kept
    with a warning, since the table holds only the common currencies.
    """
    raw = to_text(text)
    if not raw:
        return Check.empty()
    currency = currency_table().find(raw)
    if currency is not None:
        return Check.good(currency.code)
    if re.fullmatch(r"[A-Za-z]{3}", raw):
        return Check.warn(
            raw.upper(),
            tr(
                "Currency code {code} is not in the currency table; check it, or add it to "
                "resources/reference/currencies.csv"
            ).format(code=raw.upper()),
        )
    return Check.error(
        tr('Unknown currency "{text}"; write an ISO code such as CNY, USD, RUB or EUR').format(
            text=shown(raw)
        )
    )


def normalize_unit(text: RawValue) -> Check[str]:
    """Return the canonical unit code for a unit as people write it: "公斤" -> "kg".

    English, Russian and Chinese spellings, any case, full-width forms, with or without
    dots ("шт.", "куб. м"). The codes are those of ``resources/reference/units.csv``.
    """
    raw = to_text(text)
    if not raw:
        return Check.empty()
    table = unit_table()
    unit = table.find(raw)
    key = spelling_key(raw)
    if unit is None and key.isascii() and key.isalpha():
        # English plurals not listed in the table: "drums" -> "drum" if "drum" is known.
        for stem in (key[:-2] if key.endswith("es") else "", key[:-1] if key.endswith("s") else ""):
            if stem and stem in table.by_spelling:
                unit = table.by_code[table.by_spelling[stem]]
                break
    if unit is not None:
        return Check.good(unit.code)
    if re.match(r"^[\d.,]+", raw):
        return Check.error(
            tr('Unit "{text}" starts with a number; give the unit alone, e.g. kg').format(
                text=shown(raw)
            )
        )
    return Check.error(
        tr('Unknown unit "{text}"; use one of {units}').format(
            text=shown(raw), units=", ".join(table.by_code)
        )
    )


def unit_kind(code: str) -> str | None:
    """The kind of a unit code (mass, volume, area, length, count, package), if known."""
    unit = unit_table().by_code.get(code)
    return unit.kind if unit else None


def convert_quantity(quantity: Decimal, from_unit: str, to_unit: str) -> Decimal | None:
    """Convert between units of one kind (t -> kg, ml -> l, dozen -> pcs).

    Returns ``None`` when the units are of different kinds or either cannot be converted
    (a box holds any number of pieces).
    """
    units = unit_table().by_code
    source, target = units.get(from_unit), units.get(to_unit)
    if source is None or target is None or source.kind != target.kind:
        return None
    if source.code == target.code:
        return quantity
    if source.factor is None or target.factor is None:
        return None
    return quantity * source.factor / target.factor
