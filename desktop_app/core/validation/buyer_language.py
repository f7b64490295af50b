"""Russian regions, delivery places and company names as a buyer in China reads them.

The tables are plain CSV in ``resources/reference`` (``regions.csv``: the 89 federal
subjects; ``places.csv``: border crossings, ports, rail stations and cities suppliers
name in their Incoterms; ``legal_forms.csv``: ООО, АО, ИП, КФХ, ...), read once. A name
the tables do not know is transliterated (ICAO) so that no Cyrillic reaches the buyer,
and reported as untranslated by the pre-export check.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from desktop_app.core.errors import InputError, Location
from desktop_app.core.i18n import tr
from desktop_app.core.paths import resource
from desktop_app.core.text import fold
from desktop_app.core.transliteration import transliterate

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Words that only say what kind of subject or settlement a name is.
_KIND_WORDS = re.compile(
    r"\b(область|обл|край|кр|республика|респ|город|гор|г|поселок|пос|пгт|село|с|станция|ст"
    r"|порт|мапп|тлц|автономный|округ)\b"
)
_NOT_WORD = re.compile(r"[\W_]+")
_QUOTES = "«»\"'„“”‘’`"
# Renderings kept per function: company, region and place names repeat on many rows.
MEMO_SIZE = 8192


def has_cyrillic(text: str | None) -> bool:
    """True when ``text`` holds a Cyrillic letter."""
    return bool(text) and _CYRILLIC.search(text or "") is not None


def place_key(text: str) -> str:
    """How region and place names are compared: folded, without kind words or punctuation.

    ``г. Москва``, ``Москва`` and ``МОСКВА`` share a key; so do ``Алтайский край`` and
    ``Алтайский кр.`` (but not ``Республика Алтай``, whose key is ``алтай``).
    """
    words = _NOT_WORD.sub(" ", fold(text)).replace("-", " ")
    return " ".join(_KIND_WORDS.sub(" ", words).split())


@dataclass(frozen=True, slots=True)
class NamedPlace:
    """A region or place with its names in Russian, English and Chinese."""

    name_ru: str
    name_en: str
    name_zh: str
    kind: str
    code: str = ""
    # For a border crossing: the Chinese town across the border (满洲里 for Забайкальск).
    across_zh: str = ""

    @property
    def zh(self) -> str:
        """The Chinese name, with the town across the border for a crossing."""
        if self.across_zh:
            return f"{self.name_zh}（对岸：{self.across_zh}）"
        return self.name_zh

    def bilingual(self) -> str:
        """``Altai Krai 阿尔泰边疆区``: English then Chinese."""
        return f"{self.name_en} {self.zh}"


@dataclass(frozen=True, slots=True)
class LegalForm:
    """A Russian legal form (``ООО``) with its long name and its English and Chinese."""

    short_ru: str
    long_ru: tuple[str, ...]
    en: str
    zh: str


def _read(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [name for name in required if name not in (reader.fieldnames or [])]
            if missing:
                raise InputError(
                    tr("missing column {columns}").format(columns=", ".join(missing)),
                    Location(file=str(path)),
                )
            rows = []
            for number, row in enumerate(reader, start=2):
                values = {key: (value or "").strip() for key, value in row.items() if key}
                for name in required:
                    if not values.get(name) and name not in ("spellings", "across_zh", "region"):
                        raise InputError(
                            tr("the {column} cell is empty").format(column=name),
                            Location(file=str(path), row=number, column=name),
                        )
                rows.append((number, values))
            return rows
    except OSError as exc:
        raise InputError(
            tr("cannot read the table: {reason}").format(reason=exc.strerror or exc),
            Location(file=str(path)),
        ) from exc


def _index(entries: list[tuple[int, NamedPlace, list[str]]], path: Path) -> dict[str, NamedPlace]:
    by_key: dict[str, NamedPlace] = {}
    for number, entry, spellings in entries:
        for spelling in [entry.name_ru, entry.name_en, entry.name_zh, *spellings]:
            key = place_key(spelling)
            if not key:
                continue
            known = by_key.get(key)
            if known is not None and known != entry:
                raise InputError(
                    tr("{spelling!r} already names {other}").format(
                        spelling=spelling, other=known.name_ru
                    ),
                    Location(file=str(path), row=number),
                )
            by_key[key] = entry
    return by_key


@cache
def regions(path: Path | None = None) -> dict[str, NamedPlace]:
    """The federal subjects by :func:`place_key` of each of their spellings."""
    path = path or resource("reference", "regions.csv")
    entries = []
    for number, row in _read(path, ("code", "name_ru", "name_en", "name_zh", "spellings")):
        entry = NamedPlace(row["name_ru"], row["name_en"], row["name_zh"], "region", row["code"])
        entries.append((number, entry, [s for s in row["spellings"].split("|") if s.strip()]))
    return _index(entries, path)


@cache
def places(path: Path | None = None) -> dict[str, NamedPlace]:
    """Delivery places (crossings, ports, stations, cities) by :func:`place_key`."""
    path = path or resource("reference", "places.csv")
    required = ("name_ru", "name_en", "name_zh", "kind", "region", "across_zh", "spellings")
    entries = []
    for number, row in _read(path, required):
        entry = NamedPlace(
            row["name_ru"],
            row["name_en"],
            row["name_zh"],
            row["kind"],
            row["region"],
            row["across_zh"],
        )
        entries.append((number, entry, [s for s in row["spellings"].split("|") if s.strip()]))
    return _index(entries, path)


@cache
def legal_forms(path: Path | None = None) -> tuple[LegalForm, ...]:
    """The legal forms, longest Russian spelling first (so ``ПАО`` wins over ``АО``)."""
    path = path or resource("reference", "legal_forms.csv")
    forms = [
        LegalForm(
            row["short_ru"],
            tuple(s.strip() for s in row["long_ru"].split("|") if s.strip()),
            row["en"],
            row["zh"],
        )
        for _number, row in _read(path, ("short_ru", "long_ru", "en", "zh"))
    ]
    return tuple(forms)


@dataclass(frozen=True, slots=True)
class Rendered:
    """A name as the buyer will read it, and whether a table knew it."""

    text: str
    translated: bool


@lru_cache(maxsize=MEMO_SIZE)
def region_for_buyer(region: str | None) -> Rendered | None:
    """A region in English and Chinese; an unknown one transliterated."""
    if not region or not region.strip():
        return None
    if not has_cyrillic(region):
        return Rendered(region, True)
    table = regions()
    found = table.get(place_key(region))
    if found is None:
        # "Алтайский край, г. Барнаул": the first part that names a region.
        parts = (table.get(place_key(part)) for part in re.split(r"[,;/]", region))
        found = next((part for part in parts if part is not None), None)
    if found is None:
        return Rendered(transliterate(region), False)
    return Rendered(found.bilingual(), True)


@lru_cache(maxsize=MEMO_SIZE)
def place_for_buyer(place: str | None) -> Rendered | None:
    """A delivery place in English and Chinese; an unknown one transliterated."""
    if not place or not place.strip():
        return None
    if not has_cyrillic(place):
        return Rendered(place, True)
    found = _named_place(place)
    if found is None:
        # "Барнаул, Алтайский край": a place and where it is; the place names it.
        parts = [part for part in re.split(r"[,;/]", place) if part.strip()]
        if len(parts) > 1:
            found = _named_place(parts[0])
    if found is None:
        return Rendered(transliterate(place), False)
    return Rendered(found.bilingual(), True)


def _named_place(text: str) -> NamedPlace | None:
    key = place_key(text)
    return places().get(key) or regions().get(key)


@lru_cache(maxsize=MEMO_SIZE)
def incoterms_for_buyer(code: str | None, place: str | None) -> Rendered | None:
    """``FCA Barnaul 巴尔瑙尔`` from ``FCA`` and ``Барнаул``."""
    shown = place_for_buyer(place)
    if shown is None:
        return Rendered(code, True) if code else None
    if not code:
        return shown
    return Rendered(f"{code} {shown.text}", shown.translated)


def split_legal_form(name: str) -> tuple[LegalForm | None, str]:
    """The legal form a Russian company name starts or ends with, and the rest of it.

    ``ООО «Золотая Нива»`` -> (ООО, ``Золотая Нива``); quotes around the rest go.
    """
    text = " ".join(name.split())
    folded = fold(text)
    for form in sorted(legal_forms(), key=lambda f: -max(len(s) for s in (f.short_ru, *f.long_ru))):
        for spelling in sorted((form.short_ru, *form.long_ru), key=len, reverse=True):
            word = fold(spelling)
            if folded.startswith(word) and (
                len(folded) == len(word) or not folded[len(word)].isalnum()
            ):
                return form, _unquote(text[len(spelling) :])
            if folded.endswith(word) and (
                len(folded) == len(word) or not folded[-len(word) - 1].isalnum()
            ):
                return form, _unquote(text[: -len(spelling)])
    return None, _unquote(text)


def _unquote(text: str) -> str:
    for quote in _QUOTES:
        text = text.replace(quote, "")
    return " ".join(text.split()).strip(" ,")


@lru_cache(maxsize=MEMO_SIZE)
def company_for_buyer(name_ru: str | None, name_en: str | None) -> Rendered | None:
    """The company's English name, else its Russian one transliterated (ICAO) with the
    legal form in English and Chinese: ``ООО «Золотая Нива»`` ->
    ``Zolotaia Niva LLC 有限责任公司``."""
    if name_en and name_en.strip() and not has_cyrillic(name_en):
        return Rendered(name_en.strip(), True)
    source = name_ru if name_ru and name_ru.strip() else name_en
    if not source or not source.strip():
        return None
    if not has_cyrillic(source):
        return Rendered(source.strip(), True)
    form, rest = split_legal_form(source)
    core = transliterate(rest) if rest else ""
    # A standard transliteration is the company's name abroad: nothing is left untranslated.
    if form is None:
        return Rendered(core, True)
    return Rendered(" ".join(part for part in (core, form.en, form.zh) if part), True)


@dataclass(frozen=True, slots=True)
class TradeTerm:
    """A packaging or certificate word or phrase in English and Chinese."""

    en: str
    zh: str


_TOKEN = re.compile(r"\w+(?:[-.]\w+)*|\s+|[^\w\s]", re.UNICODE)
_MAX_PHRASE_WORDS = 6
_CJK_NEIGHBOURS = re.compile(r"(?<=[\d\u3400-\u9fff）]) (?=[\u3400-\u9fff（])")


@cache
def trade_terms(path: Path | None = None) -> dict[tuple[str, ...], TradeTerm]:
    """Packaging and certificate terms by the folded words of each Russian spelling."""
    path = path or resource("reference", "trade_terms.csv")
    terms: dict[tuple[str, ...], TradeTerm] = {}
    for number, row in _read(path, ("spellings_ru", "en")):
        term = TradeTerm(row["en"], row.get("zh", ""))
        for spelling in row["spellings_ru"].split("|"):
            words = tuple(fold(word) for word in _TOKEN.findall(spelling) if word.strip())
            if not words:
                continue
            known = terms.get(words)
            if known is not None and known != term:
                raise InputError(
                    tr("{spelling!r} already means {other}").format(
                        spelling=spelling, other=known.en
                    ),
                    Location(file=str(path), row=number, column="spellings_ru"),
                )
            terms[words] = term
    return terms


@lru_cache(maxsize=MEMO_SIZE)
def free_text_for_buyer(text: str | None) -> Rendered | None:
    """Packaging or certificates in English and Chinese, phrase by phrase from
    ``trade_terms.csv``: ``ПЭТ 5 л в коробе 3 шт`` -> ``PET 5 l in carton 3 pcs /
    PET瓶 5升 纸箱 3件``. Words the table does not know are transliterated, and the
    result is reported as untranslated."""
    if not text or not text.strip():
        return None
    if not has_cyrillic(text):
        return Rendered(text, True)
    terms = trade_terms()
    tokens = _TOKEN.findall(text)
    english: list[str] = []
    chinese: list[str] = []
    translated = True
    position = 0
    while position < len(tokens):
        token = tokens[position]
        found = None
        if token.strip() and token[0].isalnum():
            # The longest phrase starting here: words with the spaces between them.
            words: list[str] = []
            end = position
            while end < len(tokens) and len(words) < _MAX_PHRASE_WORDS:
                if tokens[end].strip():
                    if not tokens[end][0].isalnum():
                        break
                    words.append(fold(tokens[end]))
                    term = terms.get(tuple(words))
                    if term is not None:
                        found = (term, end + 1)
                elif not tokens[end].isspace():
                    break
                end += 1
        if found is not None:
            term, position = found
            english.append(term.en)
            chinese.append(term.zh)
            continue
        if has_cyrillic(token):
            translated = False
            token = transliterate(token)
        english.append(token)
        chinese.append(token)
        position += 1
    en = " ".join("".join(english).split())
    zh = _CJK_NEIGHBOURS.sub("", " ".join("".join(chinese).split()))
    if not translated or zh == en:
        return Rendered(en, translated)
    return Rendered(f"{en} / {zh}", translated)


@lru_cache(maxsize=MEMO_SIZE)
def person_for_buyer(name: str | None) -> Rendered | None:
    """A contact person's name in Latin letters (ICAO)."""
    if not name or not name.strip():
        return None
    return Rendered(transliterate(name.strip()), True)
