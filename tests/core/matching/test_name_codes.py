"""What a record's names read as through the nomenclature (``features.NameCodes``) is
looked up only for the records of pairs that need it, once per record: it costs more than
the rest of a record's features, and a large catalogue's pairs almost never need it."""

from __future__ import annotations

import numpy as np

from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.features import NameCodes, RecordFeatures, record_features
from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.matching.index import CandidateIndex
from desktop_app.core.matching.parts import PartTables
from desktop_app.core.matching.pipeline import score_candidates


def _read(text: str, hs: str | None = None) -> RecordFeatures:
    return record_features((text,), hs, shipped_glossary())


def test_names_are_read_only_for_pairs_whose_names_and_goods_say_nothing() -> None:
    glossary = shipped_glossary()
    settings = MatchSettings()
    # Boric acid, unknown to the glossary on both sides, names in two scripts; pollock,
    # which the glossary reads, asked and offered in Russian.
    demand = [_read("硼酸 工业级 99.5% 25公斤袋"), _read("Минтай мороженый")]
    products = [
        _read("Кислота борная техническая, мешки 25 кг"),
        _read("Минтай мороженый отборный"),
    ]
    assert not demand[0].concepts and not products[0].concepts
    reader = NameCodes(glossary)
    tables = PartTables(demand, products, glossary, reader)
    # Pairs whose names share a script: the names are compared, never read as codes.
    same_script = tables.values(
        np.asarray([1, 1]), np.asarray([1, 0]), np.asarray([80.0, 30.0]), settings
    )
    assert reader.computed == 0
    assert same_script.score[0] >= settings.suggest_threshold
    # Names in two scripts and no good read on either side: both records are read, and
    # the names agree through the nomenclature (2810 00), so the pair is suggested.
    bridged = tables.values(np.asarray([0]), np.asarray([0]), np.asarray([np.nan]), settings)
    assert reader.computed == 2
    assert "281000" in reader.of(demand[0]) and "281000" in reader.of(products[0])
    assert bridged.score[0] >= settings.suggest_threshold
    # Read once per record for the reader's lifetime, whatever the pairs that follow.
    tables.values(np.asarray([0, 0]), np.asarray([0, 0]), np.asarray([np.nan, np.nan]), settings)
    assert reader.computed == 2
    assert "281000" not in reader.of(_read("Бура техническая (тетраборат натрия)"))
    assert reader.computed == 3


def test_a_run_of_goods_the_glossary_reads_reads_no_names_as_codes() -> None:
    glossary = shipped_glossary()
    # Requests in Chinese, offers in Russian: names in two scripts, but the glossary
    # reads the goods of both sides, so the concept part judges and nothing is read.
    demand = [_read("冷冻 狭鳕 特级 20公斤"), _read("精炼葵花籽油 5升")]
    products = [
        _read("Минтай мороженый отборный"),
        _read("Масло подсолнечное рафинированное"),
        _read("Сахар белый"),
    ]
    assert all(record.concepts for record in [*demand, *products])
    reader = NameCodes(glossary)
    index = CandidateIndex(products, demand)
    keep = np.full(len(demand), len(products), dtype=np.int64)
    (chunk,) = score_candidates(
        index, demand, products, [0, 1], glossary, MatchSettings(), keep=keep, name_codes=reader
    )
    assert chunk[0][0].product_row == 0 and chunk[1][0].product_row == 1
    assert reader.computed == 0
