"""Russian names in Latin letters: ICAO Doc 9303 (passports) and GOST 7.79-2000 system B.

Used where a buyer abroad must read a name nobody translated: a company without an
English name, a village used as a delivery place. ICAO is the default: it needs no
diacritics or apostrophes (``Щукино`` -> ``Shchukino``). GOST 7.79 system B is the
reversible scheme of Russian libraries and customs documents (``Щукино`` -> ``Shhukino``).
Case follows the source: ``ООО`` -> ``OOO``, ``Ёлка`` -> ``Elka`` (ICAO).
"""

from __future__ import annotations

ICAO = "icao"
GOST = "gost"
SYSTEMS = (ICAO, GOST)

_ICAO = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia",
}  # fmt: skip
_GOST = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x", "ц": "cz",
    "ч": "ch", "ш": "sh", "щ": "shh", "ъ": "``", "ы": "y`", "ь": "`", "э": "e`", "ю": "yu",
    "я": "ya",
}  # fmt: skip
# Ukrainian and Belarusian letters that turn up in names, by ICAO.
_EXTRA = {"і": "i", "ї": "i", "є": "ie", "ґ": "g", "ў": "u"}


def _letter(lower: str, following: str, system: str) -> str | None:
    if system == GOST:
        if lower == "ц":
            # GOST 7.79 B: "c" before i, e, y, j; "cz" elsewhere.
            return "c" if following in "иеыйiey" and following else "cz"
        return _GOST.get(lower, _EXTRA.get(lower))
    return _ICAO.get(lower, _EXTRA.get(lower))


def transliterate(text: str, system: str = ICAO) -> str:
    """``text`` with every Cyrillic letter replaced by Latin ones; the rest unchanged.

    A capital letter gives a capitalised group (``Щ`` -> ``Shch``), or an upper-case one
    inside a word written in capitals (``ЩИТ`` -> ``SHCHIT``).
    """
    if system not in SYSTEMS:
        raise ValueError(f"unknown transliteration system {system!r}")
    out: list[str] = []
    length = len(text)
    for position, char in enumerate(text):
        lower = char.lower()
        following = text[position + 1].lower() if position + 1 < length else ""
        latin = _letter(lower, following, system)
        if latin is None:
            out.append(char)
            continue
        if char != lower and latin:
            neighbour = text[position + 1] if position + 1 < length else ""
            previous = text[position - 1] if position else ""
            shouting = (neighbour.isalpha() and neighbour.isupper()) or (
                previous.isalpha() and previous.isupper() and not neighbour.isalpha()
            )
            latin = latin.upper() if shouting else latin[0].upper() + latin[1:]
        out.append(latin)
    return "".join(out)
