"""The Russian trade names' stems are shipped (resources/matching/ru_trade_stems.tsv.gz) so
that no name-reading process stems the 15,000 names: the file must be the one its build
script writes from the shipped table, and the index read from it the one the names give."""

from __future__ import annotations

import gzip
from collections import defaultdict
from typing import Any

import pytest

from desktop_app.core.matching import hs_bridge
from desktop_app.core.matching.hs_bridge import RussianTradeIndex, russian_trade_index
from desktop_app.core.matching.normalize import normalize_text
from desktop_app.core.paths import resource
from desktop_app.core.validation.hs_chinese import russian_trade_name_rows
from desktop_app.core.validation.hs_texts import hs2022_texts
from tests.core.validation.hs_builds import build_module


def test_the_shipped_stems_are_those_the_build_script_writes_from_the_table() -> None:
    # Fails when hs2022_ru_trade.csv, the stemming or GENERIC_WORDS changed and the file
    # was not rebuilt (.venv/bin/python resources/matching/build_ru_trade_stems.py).
    path = resource("matching", "ru_trade_stems.tsv.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        assert handle.read() == build_module("build_ru_trade_stems", "matching").build()


def _contents(index: RussianTradeIndex) -> dict[str, set[tuple[frozenset[str], tuple[str, ...]]]]:
    return {stem: set(names) for stem, names in index.names.items()}


def test_the_index_read_from_the_stems_is_the_one_the_names_give() -> None:
    subheadings: dict[str, list[str]] = defaultdict(list)
    for code in hs2022_texts():
        if len(code) == 6:
            subheadings[code[:4]].append(code)
    rows = [(row.code, row.name) for row in russian_trade_name_rows()]
    from_names = RussianTradeIndex(rows, subheadings)
    shipped = russian_trade_index()
    assert _contents(shipped) == _contents(from_names)
    assert shipped.spread == from_names.spread
    words = normalize_text("Шпатели деревянные медицинские одноразовые").words
    assert shipped.read(words) == from_names.read(words) == ("442199",)


def test_building_the_index_stems_no_name(monkeypatch: pytest.MonkeyPatch) -> None:
    # Counted, not timed: the index of a reading process comes from the shipped stems.
    calls = 0
    real = hs_bridge.normalize_text

    def counted(text: str) -> Any:
        nonlocal calls
        calls += 1
        return real(text)

    monkeypatch.setattr(hs_bridge, "normalize_text", counted)
    russian_trade_index.cache_clear()
    try:
        index = russian_trade_index()
    finally:
        russian_trade_index.cache_clear()
    assert calls == 0
    assert len(index.names) > 5000
