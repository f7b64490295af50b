"""Which dictionary words are goods: the head nouns the nomenclature names goods with.

A compound or phrase names its good by its head (the last noun of a Chinese compound,
the first of a Russian phrase); the words before or after it say what the good is made
of, for, or packed in. Reading the last dictionary word of any Chinese compound as its
good was wrong most of the time (均可 "either will do", 配件 "parts", 胴体 "carcass"
after squid), because most words are no goods. Which are is read from the HS 2022
texts themselves: each heading and subheading names its goods before its first
semicolon ("Taps, cocks, valves and similar appliances for pipes ..."), and the last
word of each of those phrases before a preposition is a good's head noun ("valves").
A word that mostly opens a phrase "… of X" ("parts of", "articles of", "products of")
is relational: the good is the X, never that word.

Built on first use from the shipped ``resources/hs/hs2022.csv`` (about 0.1 s).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from desktop_app.core.matching.normalize import normalize_text
from desktop_app.core.validation.hs_texts import hs2022_texts

# Where the phrase naming the good ends: what follows is its purpose, material or a
# condition ("valves for pipes", "articles of iron", "whether or not ...").
_PREPOSITION = re.compile(
    r"\b(of|for|with|in|from|whether|not|other|containing|used|by|on|to|having|including)\b"
)
_PHRASE_SPLIT = re.compile(r",| and | or | nor ")
_BRACKETS = re.compile(r"\([^)]*\)")
# Heads the texts use as the good this many times or more count as goods...
MIN_USES = 1
# ... unless they open "… of X" this share of those times or more ("parts", "products").
RELATIONAL_SHARE = 1 / 3


@lru_cache(maxsize=1)
def english_goods() -> frozenset[str]:
    """The stems of the head nouns the HS 2022 texts name goods with ("valv", "pump",
    "wipe"...), without the relational ones ("part", "articl", "product")."""
    heads: Counter[str] = Counter()
    relational: Counter[str] = Counter()
    for description in hs2022_texts().values():
        text = _BRACKETS.sub(" ", description.casefold())
        for number, phrase in enumerate(_PHRASE_SPLIT.split(text.split(";", 1)[0])):
            found = _PREPOSITION.search(phrase)
            before = phrase[: found.start()] if found else phrase
            words = normalize_text(before).words
            if not words:
                continue
            # Goods are listed in the plural ("taps, cocks, valves"); a phrase after the
            # first that is not a plural is a qualifier ("fresh or chilled").
            if number and not _plural(words[-1].surface):
                continue
            head = words[-1].stem
            if found is not None and found.group(1) == "of":
                relational[head] += 1
            else:
                heads[head] += 1
    return frozenset(
        head
        for head, uses in heads.items()
        if uses >= MIN_USES and RELATIONAL_SHARE * uses > relational[head]
    )


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "ous", "is", "us"))


def sense_head(sense: str) -> str:
    """The stem of the head noun of an English dictionary sense ("wet wipe" -> "wipe",
    "production line" -> "line", "fuel for stoves" -> "fuel"); empty for none."""
    text = _BRACKETS.sub(" ", sense.casefold())
    found = _PREPOSITION.search(text)
    words = normalize_text(text[: found.start()] if found else text).words
    return words[-1].stem if words else ""


def names_a_good(senses: tuple[str, ...]) -> bool:
    """Whether one of these English senses (a Chinese word's first senses) has as its
    head a noun the nomenclature names goods with."""
    goods = english_goods()
    return any(sense_head(sense) in goods for sense in senses)


@lru_cache(maxsize=1)
def heading_stems() -> dict[str, frozenset[str]]:
    """Per HS heading (four digits), the stems of its text and its subheadings' texts."""
    found: dict[str, set[str]] = {}
    for code, text in hs2022_texts().items():
        words = normalize_text(text).words
        found.setdefault(code[:4], set()).update(word.stem for word in words)
    return {heading: frozenset(stems) for heading, stems in found.items()}


def category_of(senses: tuple[str, ...], codes: tuple[str, ...]) -> bool:
    """Whether a head word with these senses is the category of a good filed under these
    HS codes, as the nomenclature names it there: 燃料 "fuel" after 木质压块 (wood
    briquettes, 4401 "fuel wood ... briquettes"), so the good stays the briquettes."""
    texts = heading_stems()
    heads = {sense_head(sense) for sense in senses} - {""}
    return any(heads & texts.get(code[:4], frozenset()) for code in codes)


# A sense naming a collection or a container of something ("set of coordinated items",
# "bottle of wine"): the good is the something, not the word.
_RELATIONAL_SENSE = re.compile(r"^(?:an? |the )?[a-z-]+ of \w")


def relational(senses: tuple[str, ...]) -> bool:
    """Whether one of these senses names a collection or container of a good (套装 "set
    of coordinated items"): such a word never becomes the good of a compound."""
    return any(_RELATIONAL_SENSE.match(_BRACKETS.sub(" ", s.casefold()).strip()) for s in senses)
