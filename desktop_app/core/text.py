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


# Characters that change how text is shown or split but are no part of what it says:
# bidirectional marks, embeddings, overrides and isolates (LRM, RLM, ALM, U+202A..U+202E,
# U+2066..U+2069), which make «Мёд \u202eгалп» display as «Мёд плаг»; zero-width spaces,
# the word joiner and invisible operators, the byte-order mark and the soft hyphen.
_INVISIBLE = "\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
# Joiners (ZWNJ, ZWJ) are dropped too, except where a script needs them: a ZWJ inside an
# emoji sequence (a pictograph, its variation selector or skin tone, then ZWJ, then the
# next pictograph) and either joiner between two letters of the Arabic or Indic scripts.
_EMOJI = "\u2600-\u27bf\U0001f000-\U0001faff"
_JOINING_SCRIPTS = "\u0600-\u06ff\u0750-\u077f\u0900-\u0dff\ufb50-\ufdff\ufe70-\ufefe"
_HIDDEN_OR_JOINER = re.compile(
    f"[{_INVISIBLE}]"
    f"|(?<![{_EMOJI}\ufe0f\U0001f3fb-\U0001f3ff{_JOINING_SCRIPTS}])\u200d"
    f"|(?<=[{_EMOJI}\ufe0f\U0001f3fb-\U0001f3ff])\u200d(?![{_EMOJI}])"
    f"|(?<=[{_JOINING_SCRIPTS}])\u200d(?![{_JOINING_SCRIPTS}])"
    f"|(?<![{_JOINING_SCRIPTS}])\u200c|\u200c(?![{_JOINING_SCRIPTS}])"
)
_JOINERS = re.compile(f"[{_INVISIBLE}\u200c\u200d]")


def drop_invisible(text: str) -> str:
    """``text`` without the invisible characters that could disguise it.

    Every name, description or note entering the database (an imported cell, a form
    field) goes through it, so what is stored is what a reader sees: bidirectional
    controls, zero-width spaces, the word joiner, the byte-order mark and soft hyphens
    are dropped; a zero-width joiner is kept inside an emoji sequence (``👩\u200d💻``)
    and the joiners between letters of scripts that need them (Arabic, Devanagari).
    Chinese, Russian and plain Latin text is never otherwise changed.
    """
    if text.isascii() or not _JOINERS.search(text):
        return text
    return _HIDDEN_OR_JOINER.sub("", text)


def drop_all_invisible(text: str) -> str:
    """``text`` without any invisible character, joiners included: for codes, numbers and
    other values where no script's joiner belongs."""
    if text.isascii():
        return text
    return _JOINERS.sub("", text)


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
