"""HS codes as people write them: "0409.00.000.0", "1512 11 910 1", "ТН ВЭД 040900".

:func:`normalize_hs_code` reduces a code to its digits (4 to 10) and checks its chapter,
heading and subheading against HS 2022. The catalogue itself lives in
:mod:`desktop_app.core.validation.hs_catalog` and is re-exported here.
"""

from __future__ import annotations

import re

from desktop_app.core.i18n import tr
from desktop_app.core.validation._text import DASHES, RawValue, shown, to_text
from desktop_app.core.validation.hs_catalog import HsCatalog, HsEntry, hs_catalog
from desktop_app.core.validation.result import Check

__all__ = [
    "HsCatalog",
    "HsEntry",
    "format_hs_code",
    "hs_catalog",
    "normalize_hs_code",
    "restore_leading_zero",
]

_PREFIX = re.compile(
    r"^(?:(?:код\s*)?(?:ТН\s*ВЭД(?:\s*ЕАЭС)?|TN\s*VED|H\.?S\.?)(?:\s*code)?"
    r"|код|海关编码|HS编码|商品编码|税则号|税号)\s*(?:[:#№]|no\.?)?\s*",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(f"[\\s.{re.escape(DASHES)}]+")


def restore_leading_zero(text: RawValue) -> str:
    """Put back the leading zero a spreadsheet drops from a numeric HS code.

    An all-digit code of odd length (3, 5, 7 or 9 digits, e.g. 30367) gets a ``0`` in
    front (030367); anything else is returned as cleaned text. Call this only for a
    column known to hold HS codes: elsewhere a five-digit number is just a number.
    """
    cleaned = to_text(text)
    if cleaned.isascii() and cleaned.isdigit() and len(cleaned) in (3, 5, 7, 9):
        return "0" + cleaned
    return cleaned


def format_hs_code(code: str) -> str:
    """Show a code of digits the customary way: 0409, 0409.00, 0409.00.00, 0409.00.000.0."""
    if not code.isdigit():
        return code
    if len(code) == 6:
        return f"{code[:4]}.{code[4:]}"
    if len(code) == 8:
        return f"{code[:4]}.{code[4:6]}.{code[6:]}"
    if len(code) == 10:
        return f"{code[:4]}.{code[4:6]}.{code[6:9]}.{code[9]}"
    return code


def normalize_hs_code(text: RawValue, catalog: HsCatalog | None = None) -> Check[str]:
    """Reduce an HS / TN VED code to its digits and check it against HS 2022.

    Accepts dots, spaces and hyphens between digits, full-width digits and prefixes such
    as "HS", "HS code:", "ТН ВЭД". The result has 4 to 10 digits. An unknown chapter or
    heading is an error; an unknown six-digit subheading of a known heading is a warning
    (it may come from another edition of the nomenclature).
    """
    raw = to_text(text)
    if not raw:
        return Check.empty()
    body = _PREFIX.sub("", raw)
    digits = _SEPARATORS.sub("", body)
    if not digits:
        return Check.error(tr('HS code "{text}" has no digits').format(text=shown(raw)))
    bad = next((char for char in digits if not (char.isascii() and char.isdigit())), None)
    if bad is not None:
        return Check.error(
            tr(
                'HS code may contain only digits, spaces and dots; found "{char}" in "{text}"'
            ).format(char=bad, text=shown(raw))
        )
    catalog = catalog or hs_catalog()
    if len(digits) not in (4, 6, 8, 10):
        message = tr("HS code must have 4, 6, 8 or 10 digits, this one has {count}").format(
            count=len(digits)
        )
        if len(digits) in (3, 5, 7, 9) and catalog.heading("0" + digits) is not None:
            message += tr(
                " (if a spreadsheet dropped its leading zero, the code is 0{digits})"
            ).format(digits=digits)
        return Check.error(message)
    return _check_in_catalog(digits, catalog)


def _check_in_catalog(digits: str, catalog: HsCatalog) -> Check[str]:
    chapter = catalog.chapter(digits)
    if chapter is None:
        return Check.error(
            tr("HS code {code}: there is no chapter {chapter} in HS 2022").format(
                code=format_hs_code(digits), chapter=digits[:2]
            )
        )
    heading = catalog.heading(digits)
    if heading is None:
        return Check.error(
            tr(
                "HS code {code}: there is no heading {heading} in HS 2022 "
                "(chapter {chapter}: {description})"
            ).format(
                code=format_hs_code(digits),
                heading=digits[:4],
                chapter=chapter.code,
                description=shown(chapter.description_en, 80),
            )
        )
    if len(digits) >= 6 and catalog.subheading(digits) is None:
        known = [format_hs_code(entry.code) for entry in catalog.children(heading.code)]
        listed = ", ".join(known[:8]) + (", …" if len(known) > 8 else "")
        return Check.warn(
            digits,
            tr(
                "HS code {code}: subheading {subheading} is not in HS 2022; heading {heading} "
                "({description}) has {subheadings}"
            ).format(
                code=format_hs_code(digits),
                subheading=format_hs_code(digits[:6]),
                heading=heading.code,
                description=shown(heading.description_en, 60),
                subheadings=listed,
            ),
        )
    return Check.good(digits)
