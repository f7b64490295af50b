"""Normalization of product names and requests in Russian, English and Chinese.

A name is folded (NFKC, case folding, ё -> е, Traditional -> Simplified Chinese), then
split into what a matcher compares differently:

- quantities with units ("5 л", "72%", "900克") and dimensions ("1220x2440") become
  *measures*: the label rule ignores pack size, so they are kept for the explanation but
  do not make two names differ;
- standards ("ГОСТ 31981", "GB 2716") become *standards*;
- letter-and-digit tokens ("PSLX350H", "M00k", "ADC12") become *codes*, compared whole
  because a model number either matches or it does not;
- the remaining Cyrillic and Latin words are stemmed (Snowball) so word forms meet, and
  the Han text is kept as runs of characters (see :mod:`.chinese`).

Stop words are not removed here: glossary terms may contain them ("в скорлупе"), so
:mod:`.features` looks up the glossary first and sets stop words aside afterwards.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from desktop_app.core.matching.chinese import han_runs, to_simplified
from desktop_app.core.text import fold as fold_text

_UNITS = {
    "kg": "kg", "кг": "kg", "公斤": "kg", "千克": "kg",
    "g": "g", "г": "g", "гр": "g", "克": "g",
    "t": "t", "т": "t", "mt": "t", "тн": "t", "吨": "t",
    "l": "l", "л": "l", "lt": "l", "ltr": "l", "升": "l", "公升": "l",
    "ml": "ml", "мл": "ml", "毫升": "ml",
    "mm": "mm", "мм": "mm", "毫米": "mm",
    "cm": "cm", "см": "cm", "厘米": "cm",
    "m": "m", "м": "m", "米": "m",
    "%": "%",
    "kcal": "kcal", "ккал": "kcal", "大卡": "kcal",
    "度": "%", "°": "°",
    "pcs": "pcs", "шт": "pcs", "个": "pcs", "件": "pcs", "只": "pcs",
    "mg": "mg", "мг": "mg", "毫克": "mg",
    "gb": "gb", "гб": "gb", "mb": "mb", "мб": "mb", "tb": "tb",
    "w": "w", "вт": "w", "v": "v", "в": "v", "hz": "hz", "гц": "hz",
    "pk": "pcs", "pack": "pcs", "x": "pcs", "brix": "brix",
    # Ages and shelf lives ("0-6 мес.", "6-12个月", "12 months"): not editions.
    "мес": "month", "месяц": "month", "месяца": "month", "месяцев": "month",
    "months": "month", "month": "month", "个月": "month", "月龄": "month",
}  # fmt: skip
_UNIT_PATTERN = "|".join(sorted((re.escape(unit) for unit in _UNITS), key=len, reverse=True))
# A quantity or a range of them with its unit ("5 л", "1.2-1.4kg", "20~25公斤").
_MEASURE = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s*\+?\s*(" + _UNIT_PATTERN + r")(?![a-zа-я0-9])"
)
# A range of weights, volumes, shares or ages ("1.2-1.4kg", "20~25公斤", "3-5%",
# "0-6 мес."): a pack, size or age, not a number that tells editions apart. Ranges of
# lengths stay numbers, since in model names they are part of the article ("18-55mm"
# lenses).
_RANGE_UNITS = ("kg", "кг", "公斤", "千克", "g", "г", "克", "t", "т", "吨", "l", "л", "升",
                "ml", "мл", "毫升", "mg", "мг", "毫克", "%",
                "мес", "месяцев", "months", "个月", "月龄")  # fmt: skip
_RANGE = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s*[-–~]\s*(\d+(?:[.,]\d+)?)\s*("
    + "|".join(sorted((re.escape(u) for u in _RANGE_UNITS), key=len, reverse=True))
    + r")(?![a-zа-я0-9])"
)
# A grade by its number in Russian trade text ("1 сорт", "3-й класс", "категория 1"): the
# label rule ignores grade, and such a number is not an edition. (English grade numbers
# stay numbers: "1st grade" / "3rd grade" are editions of learning software.)
_GRADE_NUMBER_BEFORE = re.compile(
    r"(?<![\w.,])\d{1,2}(?:-?(?:й|я|е|го|ой))?\s*(?=сорт|класс|категор|кат\b)"
)
_GRADE_NUMBER_AFTER = re.compile(r"\b(сорт\w*|класс\w*|категори\w*)\s*\d{1,2}(?![\w.,])")
_DIMENSIONS = re.compile(r"\b\d+(?:[.,]\d+)?(?:\s*[x×х*]\s*\d+(?:[.,]\d+)?)+\b")
_STANDARD = re.compile(
    r"\b(гост|ост|ту|gost|gb|iso|din|astm|en)\s*(?:р\s*)?(\d[\d.\-/]*\d|\d)", re.IGNORECASE
)
_CODE = re.compile(r"(?<![\w])[a-zа-я0-9]+(?:[-/.][a-zа-я0-9]+)*(?![\w])")
_HAS_DIGIT = re.compile(r"\d")
_VERSION = re.compile(r"v\.?(\d+(?:\.\d+)*)")
# Up to four digits a part: longer numbers are article or catalogue numbers, not versions.
_PLAIN_NUMBER = re.compile(r"\d{1,4}(?:\.\d{1,4})*")
_HAS_LETTER = re.compile(r"[a-zа-я]")
_WORD = re.compile(r"[a-zа-я]+(?:-[a-zа-я]+)*")
_CYRILLIC = re.compile(r"[а-я]")
_SEPARATORS = re.compile(r"[-/.]")
# An offered range or list of sizes, powers or series numbers ("6200-6312", "0.37–315
# кВт", "от 10 до 50", "2/5/10/20 ml"): a request's value inside it is contained, not a
# different designation. Numbers are written "." or "," for decimals.
_NUMBER = r"\d+(?:[.,]\d+)?"
_NUMBER_RANGE = re.compile(
    r"(?<![\w.,/-])(?:от\s*|from\s+)?("
    + _NUMBER
    + r")\s*(?:[-–—~～]|\.{2,3}|до|to)\s*("
    + _NUMBER
    + r")(?![\d.,]*\d)(?![-/.]\d)"
)
_NUMBER_LIST = re.compile(
    r"(?<![\w.,/-])" + _NUMBER + r"(?:\s*/\s*" + _NUMBER + r"){2,}(?![\w.,/-])"
)

_stemmers = {
    "ru": snowballstemmer.stemmer("russian"),
    "en": snowballstemmer.stemmer("english"),
}
# A Snowball stemmer keeps the word it works on in the instance: two threads stemming at
# once (the GUI's preload, a screen's concept titles, a match on the worker) corrupt each
# other's word (IndexError inside the stemmer). Only cache misses take the lock.
_stemming = threading.Lock()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of a folded Russian or English word ("подсолнечное" -> "подсолнечн")."""
    language = "ru" if _CYRILLIC.match(word) else "en"
    # Short Russian words are kept whole: their stems collide (медь "copper" and мед
    # "honey" both give "мед"), and a short word has few forms to merge anyway.
    if len(word) <= 2 or (language == "ru" and len(word) <= 4):
        return word
    with _stemming:
        return str(_stemmers[language].stemWord(word))


def fold(text: str) -> str:
    """NFKC, case folding, ё -> е and Simplified Chinese: the form every comparison uses."""
    return to_simplified(fold_text(text))


@dataclass(frozen=True)
class Word:
    """One Cyrillic or Latin word: its script (``ru``/``en``), folded surface and stem."""

    script: str
    surface: str
    stem: str


@dataclass(frozen=True)
class NormalizedText:
    """A name or request split into the pieces the matcher compares."""

    folded: str
    words: tuple[Word, ...]
    han: tuple[str, ...]
    codes: tuple[str, ...]
    # Bare numbers and "v8.0"-style versions, as "8" ("8.0", "v8", "v.8" alike).
    numbers: tuple[str, ...]
    measures: tuple[str, ...]
    standards: tuple[str, ...]
    # Ranges and lists the text offers, as (low, high); a list's values as (v, v).
    ranges: tuple[tuple[float, float], ...] = ()


def _number_value(text: str) -> float:
    return float(text.replace(",", "."))


def offered_ranges(folded: str) -> tuple[tuple[float, float], ...]:
    """The numeric ranges ("6200-6312", "0.37–315", "от 10 до 50") and lists ("2/5/10/20")
    written in a folded text, each as (low, high); a list gives each value as (v, v).

    A range is kept only when its low end is below its high end ("95-98" years, a series
    "6200-6312"); "2-1" or a part number "12-34-56" is no range.
    """
    found: list[tuple[float, float]] = []
    for match in _NUMBER_RANGE.finditer(folded):
        low, high = _number_value(match.group(1)), _number_value(match.group(2))
        if low < high:
            found.append((low, high))
    for match in _NUMBER_LIST.finditer(folded):
        found.extend((v, v) for v in map(_number_value, re.split(r"\s*/\s*", match.group(0))))
    return tuple(dict.fromkeys(found))


def _version_number(token: str) -> str:
    """A bare number in one form: "8.0", "08" and "8" are the same version."""
    if not _PLAIN_NUMBER.fullmatch(token):
        return ""  # ranges and dates ("95-98", "12/2024") are not versions
    parts = [str(int(part)) for part in token.split(".")]
    while len(parts) > 1 and parts[-1] == "0":
        parts.pop()
    return ".".join(parts)


def _format_number(number: str) -> str:
    return (
        number.replace(",", ".").rstrip("0").rstrip(".")
        if "," in number or "." in number
        else number
    )


# Starter battery designations: the Chinese 6-QW-60 (起动型) and the Russian 6СТ-60
# (стартерная) name the same battery, six cells of 60 Ah; other letters (6-DZM-20, an
# e-bike battery) are other kinds and stay as written.
_STARTER_BATTERY = re.compile(r"(\d{1,2})(?:qw|ст|st|qa)(\d{2,3})([a-zа-я]*)")


def _battery_designation(code: str) -> str:
    match = _STARTER_BATTERY.fullmatch(code)
    if not match:
        return code
    return f"{match.group(1)}st{match.group(2)}{match.group(3)}"


@lru_cache(maxsize=100_000)
def normalize_text(text: str) -> NormalizedText:
    """Split a product name or request into words, Han runs, codes, measures and standards."""
    folded = fold(text)
    rest = folded
    standards: list[str] = []

    def take_standard(match: re.Match[str]) -> str:
        standards.append(f"{match.group(1)} {match.group(2)}")
        return " "

    rest = _STANDARD.sub(take_standard, rest)
    ranges = offered_ranges(rest)
    measures: list[str] = []

    def take_range(match: re.Match[str]) -> str:
        low, high = _format_number(match.group(1)), _format_number(match.group(2))
        measures.append(f"{low}-{high} {_UNITS[match.group(3)]}")
        return " "

    rest = _RANGE.sub(take_range, rest)

    def take_measure(match: re.Match[str]) -> str:
        measures.append(f"{_format_number(match.group(1))} {_UNITS[match.group(2)]}")
        return " "

    rest = _MEASURE.sub(take_measure, rest)
    rest = _GRADE_NUMBER_AFTER.sub(r"\1 ", _GRADE_NUMBER_BEFORE.sub(" ", rest))

    def take_dimensions(match: re.Match[str]) -> str:
        measures.append(re.sub(r"\s*[x×х*]\s*", "x", match.group(0)))
        return " "

    rest = _DIMENSIONS.sub(take_dimensions, rest)
    codes: list[str] = []

    numbers: list[str] = []

    def take_code(match: re.Match[str]) -> str:
        token = match.group(0)
        version = _VERSION.fullmatch(token)
        if version or (_HAS_DIGIT.search(token) and not _HAS_LETTER.search(token)):
            number = _version_number(version.group(1) if version else token)
            if number:
                numbers.append(number)
            return " "
        if _HAS_DIGIT.search(token) and _HAS_LETTER.search(token):
            codes.append(_battery_designation(_SEPARATORS.sub("", token)))
            return " "
        return token

    rest = _CODE.sub(take_code, rest)
    words: list[Word] = []
    for match in _WORD.finditer(rest):
        surface = match.group(0)
        script = "ru" if _CYRILLIC.match(surface) else "en"
        pieces = surface.split("-")
        for piece in pieces:
            words.append(Word(script, piece, stem(piece)))
        if len(pieces) > 1:
            # "варено-мороженый" is also looked up whole, as the glossary may write it.
            joined = "".join(pieces)
            words.append(Word(script, joined, stem(joined)))
    return NormalizedText(
        folded=folded,
        words=tuple(words),
        han=tuple(han_runs(rest)),
        codes=tuple(dict.fromkeys(codes)),
        numbers=tuple(dict.fromkeys(numbers)),
        measures=tuple(measures),
        standards=tuple(standards),
        ranges=ranges,
    )


def clear_caches() -> None:
    """Forget the stems and normalized texts met so far (after a large run)."""
    stem.cache_clear()
    normalize_text.cache_clear()
