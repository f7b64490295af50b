"""English senses of Chinese words (CC-CEDICT), ranked by the HS texts, and the markers
that make a word a modifier: kept apart from the dictionary bridge so that the term
look-up can read a compound's head without importing the bridge (which reads through it).
"""

from __future__ import annotations

from functools import lru_cache

from desktop_app.core.matching.chinese import chinese_dictionary
from desktop_app.core.matching.hs_inference import nomenclature_index
from desktop_app.core.matching.normalize import normalize_text

# Markers after a word that make it a packaging, purpose or material, not the good:
# 纸杯装 (packed in paper cups), 汽车启动用 (for starting cars), 管材专用料 (resin for
# pipes), 食品级 (food grade).
MODIFIER_AFTER = ("装", "用", "专用", "料", "级", "口味", "味", "型")


def english_senses(word: str) -> tuple[str, ...]:
    """English senses of a Simplified Chinese word, those naming goods of the HS
    descriptions first (阀 -> "valve"); empty when the dictionary lacks the word."""
    return _ranked_senses(word)


@lru_cache(maxsize=65536)
def _ranked_senses(word: str) -> tuple[str, ...]:
    senses = chinese_dictionary().senses.get(word, ())
    if len(senses) < 2:
        return senses
    index = nomenclature_index()

    def weight(sense: str) -> float:
        stems = {w.stem for w in normalize_text(sense).words}
        return sum(index.idf.get(s, 0.0) for s in stems if s in index.postings)

    # Stable: among senses the HS texts know equally, the dictionary's order stays.
    return tuple(sorted(senses, key=lambda sense: weight(sense) == 0.0))
