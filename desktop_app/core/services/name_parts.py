"""The parts of a suggested product name besides its good: the pack size and the
designations, read from the Russian name as the exporter wrote it.

A size is a number with a unit of the unit table that stands for the product. A weight
or a volume does wherever it is written ("дезодорированное 5 л", "ж/б 380 г", "фасовка
900 г"); a length only after the good's mark, a comma or a packaging word ("ФК 18 мм",
", 0–300 мм", "пакеты 4–6 м"), since a length is mostly a parameter ("напор 50 м",
"толщина 6–40 мм"). A range is kept as a range ("4–30 мм" -> 4–30毫米). A number glued
to a sign or a word ("стол 1250×320 мм", "D=350 мм"), a side of a dimension ("7 м × 14
см"), one value of a list ("250, 350,
450 мл"), a rate ("420 л/мин") or a grade glued to its digits in capitals ("сталь 65Г",
"18G") is no pack size, and a wrong size is worse than none.

A designation is a Latin model, grade or standard mark ("N220", "12.00R20", "E27",
"10W-40", "IP65"): it reads the same in any language, so it is kept as written.
Cyrillic marks (ВВГнг, 6СТ-55) are left out: the Chinese column must hold no Cyrillic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from desktop_app.core.text import detect_language, fold
from desktop_app.core.validation.buyer_language import trade_terms
from desktop_app.core.validation.reference_tables import unit_table

# At most this many designations: more reads as a price list, not a name.
MAX_DESIGNATIONS = 3
_NUMBER = r"\d+(?:[.,]\d+)?"
# A number or range, the unit glued to it or after spaces, then an end of the word.
_SIZE = re.compile(
    rf"(?P<before>\S*)(?P<space>\s*)(?P<low>{_NUMBER})(?:\s*[–—-]\s*(?P<high>{_NUMBER}))?"
    r"(?P<gap>\s*)(?P<unit>[^\W\d]{1,6})\.?(?=$|[\s,;)])",
    re.UNICODE,
)
# A Latin mark with at least one letter and one digit, as a word of its own.
_DESIGNATION = re.compile(r"(?<![\w.])[A-Za-z0-9](?:[A-Za-z0-9.:/+–-]|,(?=\d))*[A-Za-z0-9](?![\w])")
_LATIN = re.compile(r"[A-Za-z]")
# A quantity right after a mark: the mark names what is measured.
_MEASURED = re.compile(r"\s*(?:\d+(?:[.,]\d+)?\s*%|не\s|≥|>|<|≤)")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Size:
    """A pack size in Chinese and English units: ("5升", "5 l")."""

    zh: str
    en: str


# Packaging words are compared by their first letters, so that every case and number
# of a spelling in ``trade_terms.csv`` counts (канистра, канистры; биг-бэг, биг-бэги).
_STEM = 4


@cache
def _packaging_stems() -> frozenset[str]:
    """The first letters of each word of the packaging spellings (мешки, бочка, ...)."""
    return frozenset(word[:_STEM] for words in trade_terms() for word in words if len(word) > 2)


# A size followed by a times sign is one side of a dimension.
_DIMENSION = re.compile(r"\s*[×x*]\s*\d")
# Words after which a size is one of several ("90 г и 200 г").
_SEVERAL = frozenset(("и", "или", "и/или", "/", "and", "or"))
# Kinds of unit whose quantity is a pack size wherever it stands.
_PACK_KINDS = frozenset(("mass", "volume"))


def _stands_alone(before: str, space: str, kind: str) -> bool:
    """True when what precedes a number makes it a size of the product, not of a part."""
    if not before:
        return True  # the start of the text
    if not space:
        return False  # glued to a word or a sign: "×320", "ПЭ2", "D=350"
    if before.endswith((",", ";", "(", ":")):
        # "250, 350, 450 мл": the last of a list of sizes is not the product's size.
        return not before[:-1].replace(",", "").replace(".", "").isdigit()
    if kind in _PACK_KINDS:
        return True
    words = _WORD.findall(before)
    if not words or "".join(words) != before.replace("-", ""):
        return False
    if before[0].isupper():
        return True  # a mark or a good: "ФК 18 мм", "Водка 40%"
    return all(fold(word)[:_STEM] in _packaging_stems() for word in words)


def pack_size(text: str) -> Size:
    """The last pack size of ``text`` (empty parts when it names none)."""
    table = unit_table()
    for match in reversed(list(_SIZE.finditer(text))):
        if match["before"] in _SEVERAL or match["before"].replace(",", "").isdigit():
            return Size("", "")  # "90 г и 200 г", "2 5 10 мл": one of several sizes
        unit_word = match["unit"]
        if not match["gap"] and unit_word[:1].isupper():
            continue  # 65Г, 18G: a grade, not grams
        unit = table.find(unit_word)
        if unit is None or not _stands_alone(match["before"], match["space"], unit.kind):
            continue
        if unit.kind == "length" and _DIMENSION.match(text, match.end()):
            continue  # "5 м × 10 см": one side of a dimension ("5 л × 3 шт" is a size)
        value = match["low"].replace(",", ".")
        if match["high"]:
            value += "–" + match["high"].replace(",", ".")
        chinese = next((n for n in unit.spellings if detect_language(n) == "zh"), "")
        return Size(f"{value}{chinese}" if chinese else "", f"{value} {unit.code}")
    return Size("", "")


def designations(text: str) -> tuple[str, ...]:
    """Latin marks of ``text`` as written, first ones first, at most
    :data:`MAX_DESIGNATIONS`, none that is only a size ("50mm")."""
    table = unit_table()
    found: list[str] = []
    for found_mark in _DESIGNATION.finditer(text):
        mark = found_mark.group()
        if not (_LATIN.search(mark) and _DIGIT.search(mark)) or mark in found:
            continue
        if _MEASURED.match(text, found_mark.end()):
            continue  # "K2O 60%", "N 46%": what is measured, not a mark of the product
        letters = "".join(_LATIN.findall(mark))
        if table.find(letters) is not None and mark[0].isdigit():
            continue  # "50mm", "5kg": a size, written by pack_size if it is one
        found.append(mark)
        if len(found) == MAX_DESIGNATIONS:
            break
    return tuple(found)
