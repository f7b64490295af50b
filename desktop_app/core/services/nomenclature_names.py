"""Chinese names of goods through the nomenclature, for product names the glossary
reads no good in and for glossary goods that group several items.

A product's HS subheading says what its good is: its own code when it carries one at
six digits or more, else the subheadings its Russian head noun reaches in the complete
TN VED (:func:`~desktop_app.core.matching.hs_bridge.russian_hs_bridge`). From there:

- **a grouped glossary good** (hoists, winches and jacks; ploughs, harrows and
  cultivators; starters and alternators) is named by the Chinese term of the group
  whose own reading (CC-CEDICT senses through the HS texts) reaches the product's
  subheading: 千斤顶 for a jack, not the group's first term 葫芦. When the product's
  subheading is known, the group's terms read to other subheadings and none to it, no
  name is given: a wrong name is worse than none.
- **a good the glossary does not know** is named from the subheading's English text:
  its head noun ("Linoleum, whether or not cut to shape"; "Pumps; vacuum" read as
  "vacuum pump") looked up among CC-CEDICT's senses, and a Chinese word is kept only when
  its own senses lead back to the same subheading (the HS text picks the sense).

Read-only use of :mod:`desktop_app.core.matching`, loaded on first use.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from functools import cache
from typing import TYPE_CHECKING

from desktop_app.core.matching.glossary_reader import per_glossary
from desktop_app.core.paths import resource

if TYPE_CHECKING:
    from desktop_app.core.matching.glossary import Glossary

# HS subheadings ending so are "other": such a code names no particular good.
_RESIDUAL = ("9", "90")
_WORD = re.compile(r"[a-z][a-z-]+")


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@cache
def _subheading_texts() -> dict[str, str]:
    """``{six-digit subheading: its HS 2022 English text}``."""
    texts: dict[str, str] = {}
    with resource("hs", "hs2022.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row.get("hscode", "")
            if code.isdigit() and len(code) == 6:
                texts[code] = row.get("description", "")
    return texts


@cache
def _words_by_sense() -> dict[str, tuple[str, ...]]:
    """CC-CEDICT reversed: ``{English sense, folded and singular: Chinese words}``, the
    words of two or more characters whose sense it is."""
    from desktop_app.core.matching.bridge import chinese_dictionary  # the matcher, on first use

    found: dict[str, list[str]] = defaultdict(list)
    for word, senses in chinese_dictionary().senses.items():
        if len(word) < 2:
            continue
        for sense in senses:
            words = _WORD.findall(sense.casefold())
            if words and len(words) <= 3 and " ".join(words) == sense.casefold().strip():
                found[" ".join(_singular(w) for w in words)].append(word)
    return {sense: tuple(words) for sense, words in found.items()}


def product_subheadings(glossary: Glossary, name_ru: str, hs_code: str | None) -> tuple[str, ...]:
    """The HS subheadings a product is about: its own code's (when it has six digits or
    more), else those its Russian name's head noun reaches in the TN VED; empty when
    neither says."""
    from desktop_app.core.matching.hs_bridge import russian_hs_bridge
    from desktop_app.core.matching.hs_inference import hs_digits
    from desktop_app.core.matching.normalize import normalize_text

    digits = hs_digits(hs_code)
    if len(digits) >= 6:
        return (digits[:6],)
    bridged = russian_hs_bridge(normalize_text(name_ru).words, glossary)
    codes = bridged.codes if bridged is not None else ()
    if len(digits) >= 4:
        # A heading alone: the name's words pick its subheading, never another heading.
        return tuple(code for code in codes if code.startswith(digits[:4]))
    return codes


@per_glossary(maxsize=4096, at=0)
def _codes_of_chinese(glossary: Glossary, word: str) -> frozenset[str]:
    from desktop_app.core.matching.hs_bridge import chinese_hs_bridge

    bridged = chinese_hs_bridge((word,), glossary)
    return frozenset(bridged.codes) if bridged is not None else frozenset()


def nomenclature_name(glossary: Glossary, codes: tuple[str, ...]) -> str:
    """A Chinese name for the good of the best subheading in ``codes`` from its English
    text's head noun, kept only when the Chinese word reads back to that subheading;
    empty for an "other" subheading or when no word does."""
    if not codes or codes[0].endswith(_RESIDUAL):
        return ""
    code = codes[0]
    text = _subheading_texts().get(code, "")
    if not text:
        return ""
    parts = [part.strip() for part in re.split(r"[;,(]", text.casefold())]
    head = _WORD.findall(parts[0]) if parts else []
    if not head:
        return ""
    phrases: list[str] = []
    qualifier = _WORD.findall(parts[1]) if len(parts) > 1 else []
    if qualifier and len(qualifier) <= 2 and len(head) == 1:
        # "Pumps; vacuum": the qualifier goes before the head noun.
        phrases.append(" ".join([*qualifier, _singular(head[-1])]))
    phrases.append(" ".join(_singular(word) for word in head))
    by_sense = _words_by_sense()
    for phrase in phrases:
        for word in by_sense.get(phrase, ()):
            if code in _codes_of_chinese(glossary, word):
                return word
    return ""
