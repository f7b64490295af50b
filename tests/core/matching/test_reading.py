"""Reading many records: the worker processes give the same features as the main process."""

from __future__ import annotations

import pytest

from desktop_app.core.errors import Cancelled
from desktop_app.core.matching import reading
from desktop_app.core.matching.features import SharedParts, record_features
from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.matching.normalize import normalize_text
from desktop_app.core.matching.reading import ReaderPool, clear_reading_caches, read_records
from desktop_app.core.progress import CancelToken, NullProgress

RECORDS = [
    (("Минтай мороженый", "Frozen pollock"), "030367"),
    (("精炼葵花籽油 5升",), None),
    (("Sony turntable PS-LX350H",), None),
    (("精炼葵花籽油 5升",), None),  # a repeated text is read once and shared
]


@pytest.mark.slow
def test_workers_read_as_the_main_process_does() -> None:
    glossary = shipped_glossary()
    in_process = read_records(RECORDS, glossary)
    in_workers = read_records(RECORDS, glossary, parallel_above=0)
    assert in_workers == in_process
    assert in_process == [record_features(names, hs, glossary) for names, hs in RECORDS]
    assert in_process[1] is in_process[3]
    assert in_process[0].concepts and in_process[1].concepts


@pytest.mark.slow
def test_a_pool_started_ahead_reads_the_same_and_is_stopped() -> None:
    glossary = shipped_glossary()
    with ReaderPool(glossary) as pool:
        # Started before the records are known, as the engine does for a large run.
        in_pool = read_records(RECORDS, glossary, parallel_above=0, pool=pool)
        again = read_records(RECORDS[:2], glossary, parallel_above=0, pool=pool)
    assert in_pool == read_records(RECORDS, glossary)
    assert again == in_pool[:2]
    with pytest.raises(RuntimeError):
        pool.executor.submit(print)  # shut down with the block


def test_cancel_stops_reading() -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        read_records(RECORDS, shipped_glossary(), NullProgress(token))


@pytest.mark.slow
def test_records_share_equal_parts_and_keep_what_explanations_need() -> None:
    glossary = shipped_glossary()
    first, second = read_records(
        [(("Минтай мороженый отборный 25 кг",), None), (("Минтай мороженый крупный",), None)],
        glossary,
        parallel_above=0,
    )
    # Read in a worker and sent back, yet one copy of what the two have in common.
    assert first.concepts == second.concepts and first.concepts is second.concepts
    assert first.hs_guess is second.hs_guess
    assert first.concept_terms == ("минтай",) and first.state_terms
    assert first.measures and "25" in first.measures[0]
    assert not hasattr(first, "__dict__")  # slotted: no per-record dictionary


def test_reading_caches_are_cleared() -> None:
    glossary = shipped_glossary()
    record_features(("Мёд липовый",), None, glossary)
    assert sum(glossary.reader.sizes().values()) > 0
    clear_reading_caches(glossary)
    assert sum(glossary.reader.sizes().values()) == 0
    assert normalize_text.cache_info().currsize == 0


def test_a_worker_sends_its_records_with_their_equal_parts_shared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What a worker returns is pickled per task: parts the records share are sent once
    # and unpickled once by the parent, which then compacts far fewer objects.
    glossary = shipped_glossary()
    monkeypatch.setattr(reading, "_worker_glossary", glossary)
    monkeypatch.setattr(reading, "_worker_shared", SharedParts())
    first, second = reading._read_task(
        [(("Минтай мороженый отборный",), None), (("Минтай мороженый крупный",), None)]
    )
    assert first.concepts and first.concepts is second.concepts
    assert first.attributes is second.attributes
    assert first == record_features(("Минтай мороженый отборный",), None, glossary)
