"""Small text helpers shared by the importer, the matcher and the services."""

from __future__ import annotations

import re
import unicodedata

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
# Legal forms that do not tell two companies apart.
_LEGAL_FORMS = re.compile(
    r"\b(ооо|оао|зао|пао|ао|ип|кфх|llc|ltd|co|inc|jsc|corp|company|limited)\b|有限公司|有限责任公司|股份有限公司|公司"
)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def nfkc(text: str) -> str:
    """Unicode NFKC: full-width letters and digits become ordinary ones."""
    return unicodedata.normalize("NFKC", text)


# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space, mapped to plain ASCII.
_WIDTH_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def fold_width(text: str) -> str:
    """Full-width letters, digits, punctuation and spaces become ordinary ASCII.

    Unlike :func:`nfkc` it leaves every other character as written (``№``, ``½``, ``²``,
    ligatures), so free text such as product names keeps its meaning and a value that
    went through it once comes back unchanged: ``１８ｍｍ`` -> ``18mm``, ``№ 3`` stays.
    """
    return text.translate(_WIDTH_FOLD)


def fold(text: str) -> str:
    """The one form in which ExportMatch compares words: NFKC, case folding, ``ё`` -> ``е``.

    ``Ёлка``, ``ёлка`` and ``ЕЛКА`` fold alike, and so do full-width ``ＡＢＣ`` and ``abc``.
    Every comparison of names, terms, search words and regions goes through it.
    """
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def name_key(name: str | None) -> str:
    """A normalised company or buyer name used to recognise the same party again.

    Case, ``ё``, quotes, punctuation and legal forms (ООО, LLC, 有限公司) are ignored:
    ``ООО «Ёлка»`` and ``Елка ООО`` give the same key.
    """
    if not name:
        return ""
    # Punctuation (underscores included) becomes space first, so that a legal form glued
    # to it ("COMPANY_") is still seen as a word and the key of a key is the key itself.
    text = _NON_WORD.sub(" ", fold(name))
    text = _LEGAL_FORMS.sub(" ", text)
    return " ".join(sorted(text.split()))


def detect_language(text: str | None) -> str:
    """``zh``, ``ru``, ``en``, ``mixed`` or ``unknown`` by the scripts the text uses."""
    if not text:
        return "unknown"
    counts = {
        "zh": len(_CJK.findall(text)),
        "ru": len(_CYRILLIC.findall(text)),
        "en": len(_LATIN.findall(text)),
    }
    # A Chinese character carries about as much as two or three letters.
    counts["zh"] *= 3
    total = sum(counts.values())
    if total == 0:
        return "unknown"
    language, top = max(counts.items(), key=lambda item: item[1])
    return language if top >= 0.7 * total else "mixed"
