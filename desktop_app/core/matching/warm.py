"""The matcher's per-process data, read ahead of a first use, one small step at a time.

A matching run, a review card's gloss and a concept title each read shipped data on
first use and keep it for the process: the glossary, the regional words of Chinese
names, the CC-CEDICT extract, the indexes of the HS and TN VED texts. The GUI's preload
(``desktop_app/ui/preload.py``) walks :data:`STEPS` on its own thread between two turns
of the GUI, so that the first use finds them read. Each step calls the reader its
feature calls (each keeps its result once per process); nothing here holds data of its
own. Engineers of the matcher: a new reader read on first use belongs in this list, in
the order a run needs it, the cheap ones first.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable


def _glossary() -> object:
    from desktop_app.core.matching.glossary import shipped_glossary

    return shipped_glossary()


def _regional_words() -> object:
    from desktop_app.core.matching import chinese

    return chinese.regional_words(), chinese._unknown_regional_words()


def _taiwan_words() -> object:
    from desktop_app.core.matching import chinese

    return chinese._taiwan_words()


def _dictionary() -> object:
    from desktop_app.core.matching.chinese import chinese_dictionary

    return chinese_dictionary()


def _hs_texts() -> object:
    from desktop_app.core.validation.hs_texts import hs2022_texts

    return hs2022_texts()


def _kinds() -> object:
    from desktop_app.core.matching.nomenclature_kinds import kind_index

    return kind_index()


def _russian_subheadings() -> object:
    from desktop_app.core.matching.hs_bridge import russian_subheadings

    return russian_subheadings()


def _module(name: str) -> Callable[[], object]:
    return lambda: importlib.import_module(name)


GLOSSARY: tuple[tuple[str, Callable[[], object]], ...] = (
    ("desktop_app.core.matching.chinese", _module("desktop_app.core.matching.chinese")),
    ("desktop_app.core.matching.normalize", _module("desktop_app.core.matching.normalize")),
    ("desktop_app.core.matching.glossary", _module("desktop_app.core.matching.glossary")),
    ("glossary", _glossary),
)
"""What a review card's gloss and a concept title need: the modules that read a name
(OpenCC's tables, the stemmers, RapidFuzz), then the glossary (read from the user's
cache), each a step of its own."""

STEPS: tuple[tuple[str, Callable[[], object]], ...] = (
    ("regional words", _regional_words),
    ("Taiwan words", _taiwan_words),
    ("CC-CEDICT extract", _dictionary),
    ("HS 2022 texts", _hs_texts),
    ("nomenclature kinds", _kinds),
    ("TN VED subheadings", _russian_subheadings),
)
"""What a matching run reads beside the glossary, each in 10-120 ms of CPU.

Not here: ``hs_inference.nomenclature_index`` and ``hs_bridge.english_subheadings``
(about 1.5-1.8 s of CPU each, read by a run as before). Their readers hold no lock, so a
run started while this thread built one would build it a second time beside it, each at
half speed: a first run then waits longer than without any warming."""
