"""Stemming and the shipped glossary are safe when several threads ask at once.

The GUI preloads the glossary on a thread of its own once the window shows, while a
screen's concept titles (GUI thread) and a task on the worker may ask for it too.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

import pytest

from desktop_app.core.matching.normalize import stem

WORDS = [
    f"{base}{ending}"
    for base in ("подсолнечн", "замороженн", "пиломатериал", "обработанн", "sunflower", "process")
    for ending in ("ое", "ый", "ая", "ого", "ому", "ыми", "ing", "ed", "ness", "ations")
]


@pytest.fixture
def frequent_switches() -> Iterator[None]:
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads interleave inside the stemmer
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


def test_threads_stemming_at_once_get_the_stems_of_one_thread(frequent_switches: None) -> None:
    stem.cache_clear()
    expected = {word: stem(word) for word in WORDS}
    failures: list[BaseException] = []
    found: list[dict[str, str]] = []

    def work() -> None:
        try:
            for _ in range(20):
                stem.cache_clear()  # every call reaches the shared stemmer
                found.append({word: stem(word) for word in WORDS})
        except BaseException as exc:  # an IndexError inside the stemmer, before the lock
            failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stem.cache_clear()
    assert failures == []
    assert all(result == expected for result in found)
