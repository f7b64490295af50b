"""Making user data safe to put in a spreadsheet or a file name.

Everything here is about values that came from imported files and may be hostile or
simply broken: a demand line reading ``=HYPERLINK("http://evil", "click")``, a control
character pasted from a PDF, a 100,000-character description, a buyer called ``CON`` or
``a/b:c``.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from desktop_app.core.validation.contact import check_email, check_website

# OWASP "CSV injection": a cell starting with one of these may be read as a formula.
FORMULA_STARTS = frozenset("=+-@\t\r")
# The most characters an Excel cell holds.
MAX_CELL_CHARS = 32_767
TRUNCATION_MARK = " … [{omitted} characters cut]"
# Characters XML 1.0 forbids (the same set openpyxl refuses with IllegalCharacterError).
ILLEGAL_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Bidirectional controls (marks, embeddings, overrides, isolates): no Russian, English or
# Chinese text needs them, and a hostile name uses them to show a buyer other text than
# it holds («мёд \u202eгалп» reads «мёд плаг»). Dropped with the illegal characters.
BIDI_CONTROLS = "\u200e\u200f\u202a-\u202e\u2066-\u2069"
_DROPPED_CHARS = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f{BIDI_CONTROLS}]")
# Excel keeps at most this many hyperlinks on one worksheet; more make it repair the file.
MAX_HYPERLINKS_PER_SHEET = 65_530

_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{n}" for n in range(1, 10)}
    | {f"LPT{n}" for n in range(1, 10)}
)
_FILE_NAME_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]+")
MAX_FILE_STEM_BYTES = 150
# The East Asian Wide and Fullwidth blocks text in our data uses (UAX #11): Hangul Jamo,
# CJK radicals to CJK symbols, kana, CJK ideographs and their extensions, Yi, Hangul
# syllables, compatibility ideographs, vertical and fullwidth forms, common emoji.
# A short character class runs at C speed; unicodedata.east_asian_width() per character
# made measuring Russian text ten times slower. Rare wide symbols outside these blocks
# count as one cell, which only makes a column a little narrow.
_WIDE_CHARS = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f"
    "\uff00-\uff60\uffe0-\uffe6\U0001f300-\U0001f64f\U0001f900-\U0001f9ff"
    "\U00020000-\U0002fffd\U00030000-\U0003fffd]"
)
MAX_SHEET_NAME_CHARS = 31


def starts_like_formula(text: str) -> bool:
    """True when a spreadsheet could take ``text`` for a formula."""
    return text[:1] in FORMULA_STARTS


def drop_illegal_chars(text: str) -> str:
    """``text`` without the control characters XML cannot hold (tab, LF, CR stay) and
    without bidirectional controls."""
    return _DROPPED_CHARS.sub("", text)


def cut_to_cell_limit(text: str, limit: int = MAX_CELL_CHARS) -> str:
    """``text`` cut to fit a cell, ending with a visible mark saying how much was cut."""
    if len(text) <= limit:
        return text
    # The mark's length depends on the number it shows: settle it in a pass or two.
    keep = limit
    while True:
        mark = TRUNCATION_MARK.format(omitted=len(text) - keep)
        if keep + len(mark) == limit:
            break
        keep = limit - len(mark)
    return text[:keep] + mark


def clean_cell_text(text: str) -> str:
    """Illegal characters dropped and the length cut; formula guarding is the writer's."""
    if _DROPPED_CHARS.search(text):
        text = drop_illegal_chars(text)
    if len(text) > MAX_CELL_CHARS:
        text = cut_to_cell_limit(text)
    return text


def inert_csv_text(text: str) -> str:
    """A CSV field that no spreadsheet evaluates: formula-like text gets a leading ``'``.

    CSV has no cell types, so OWASP's advice applies as written: prefix the apostrophe,
    which Excel and LibreOffice show as "this is text".
    """
    text = clean_cell_text(text)
    return "'" + text if starts_like_formula(text) else text


def display_width(text: str) -> int:
    """Width of ``text`` in character cells: a CJK (wide) character counts double."""
    if text.isascii():
        return len(text)
    return len(text) + len(_WIDE_CHARS.findall(text))


def hyperlink_target(value: str, kind: str) -> str | None:
    """The link for an e-mail or web address, or ``None`` when it is not a safe link.

    The addresses are checked by the validators (``check_email``, ``check_website``),
    and only ``mailto:``, ``http:`` and ``https:`` links are made: an imported
    "website" of ``javascript:...`` or ``file://...`` stays plain text.
    """
    value = value.strip()
    if not value or len(value) > 2000:
        return None
    if kind == "email":
        email = check_email(value)
        return "mailto:" + email.value if email.ok and email.value else None
    website = check_website(value)
    if not website.ok or not website.value:
        return None
    if urlsplit(website.value).scheme.lower() not in ("http", "https"):
        return None
    return website.value


def sanitize_file_stem(name: str, fallback: str = "export") -> str:
    """A file name part built from user data that is valid on Windows, macOS and Linux.

    Path separators, reserved characters and control characters become ``_``; leading
    and trailing dots and spaces go; reserved device names (``CON``, ``LPT1``) get a
    ``_`` suffix; the result fits in :data:`MAX_FILE_STEM_BYTES` bytes of UTF-8.
    """
    text = unicodedata.normalize("NFC", name)
    text = _FILE_NAME_FORBIDDEN.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip(" ._")
    encoded = text.encode("utf-8")[:MAX_FILE_STEM_BYTES]
    text = encoded.decode("utf-8", errors="ignore").rstrip(" .")
    if not text:
        return fallback
    if text.split(".")[0].upper() in _WINDOWS_RESERVED:
        text += "_"
    return text


def sanitize_sheet_name(name: str, taken: set[str] | None = None) -> str:
    """A worksheet name Excel accepts (31 characters, no ``[]:*?/\\``), unique in ``taken``.

    The comparison with ``taken`` ignores case as Excel does; the name chosen is added.
    """
    text = _SHEET_NAME_FORBIDDEN.sub("_", name).strip(" '") or "Sheet"
    text = text[:MAX_SHEET_NAME_CHARS]
    used = taken if taken is not None else set()
    candidate, number = text, 2
    while candidate.casefold() in used:
        suffix = f" ({number})"
        candidate = text[: MAX_SHEET_NAME_CHARS - len(suffix)] + suffix
        number += 1
    used.add(candidate.casefold())
    return candidate


def unique_file_name(stem: str, suffix: str, taken: set[str]) -> str:
    """``stem + suffix``, numbered when a file of that name (any case) was already made."""
    candidate, number = stem + suffix, 2
    while candidate.casefold() in taken:
        candidate = f"{stem} ({number}){suffix}"
        number += 1
    taken.add(candidate.casefold())
    return candidate
