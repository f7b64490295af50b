"""Reading the names of many records: features once per distinct text, in worker processes
when there are many.

Reading a name (normalisation, stemming, glossary look-up, HS inference) is pure Python
and costs about a third of a millisecond per distinct text. A trade office's demand file
of 100,000 lines holds some 70,000 distinct texts, so above :data:`PARALLEL_ABOVE`
distinct records the work is split over :data:`WORKERS` processes. They are started with
``spawn`` (safe under Qt and on every platform; nothing of the parent's state is
inherited) and receive the glossary once, in their initializer. Below that size,
and so in the tests and in everyday GUI runs, everything stays in-process, where the
start-up of the workers would cost more than it saves.

A caller that knows a run will be large starts a :class:`ReaderPool` before it loads
the rows: the workers' start-up (interpreter, imports, glossary, the nomenclature index
each builds) then overlaps the loading instead of following it.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from desktop_app.core.matching import bridge, chinese, normalize
from desktop_app.core.matching.features import RecordFeatures, SharedParts, record_features
from desktop_app.core.matching.glossary import Glossary
from desktop_app.core.matching.hs_inference import nomenclature_index
from desktop_app.core.progress import NULL_PROGRESS, ProgressReporter

# A record to read: its names (any languages) and its declared HS code.
RecordText = tuple[tuple[str, ...], str | None]

PARALLEL_ABOVE = 20_000
WORKERS = 2
# Records per task sent to a worker: large enough that pickling stays cheap, small
# enough that Cancel is honoured within a second or two.
TASK_SIZE = 2_000

_worker_glossary: Glossary | None = None
# A worker's records share their equal parts before they are sent: pickled once per task
# instead of once per record, the parent unpickles and compacts far fewer objects.
_worker_shared: SharedParts | None = None


def _start_worker(glossary: Glossary) -> None:
    global _worker_glossary, _worker_shared
    _worker_glossary = glossary
    _worker_shared = SharedParts()


def _read_task(records: list[RecordText]) -> list[RecordFeatures]:
    assert _worker_glossary is not None, "the worker was started without a glossary"
    shared = _worker_shared or SharedParts()
    read = [shared.compact(record_features(names, hs, _worker_glossary)) for names, hs in records]
    # The caches only grow and hold no cycles: the collector need not walk them again.
    gc.freeze()
    return read


def _warm_up() -> None:
    """Index the nomenclature now: the records without concepts or HS code need it."""
    nomenclature_index()


class ReaderPool:
    """The worker processes of one large reading, started ahead of it.

    Processes are spawned as tasks are submitted, so one warm-up task per worker starts
    them at once; they build the nomenclature index while the caller loads its rows.
    :meth:`close` (or leaving the ``with`` block) stops them.
    """

    def __init__(self, glossary: Glossary) -> None:
        """Start :data:`WORKERS` processes, each holding ``glossary``."""
        self.glossary = glossary
        self.executor = ProcessPoolExecutor(
            max_workers=WORKERS,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(glossary,),
        )
        for _ in range(WORKERS):
            self.executor.submit(_warm_up)

    def close(self) -> None:
        """Stop the workers; tasks not started are dropped."""
        self.executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ReaderPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def read_records(
    records: Sequence[RecordText],
    glossary: Glossary,
    progress: ProgressReporter = NULL_PROGRESS,
    parallel_above: int = PARALLEL_ABOVE,
    pool: ReaderPool | None = None,
) -> list[RecordFeatures]:
    """Features of every record, each distinct (names, HS code) read once.

    With more than ``parallel_above`` distinct records the reading runs in worker
    processes (those of ``pool`` when given, started with the same glossary); the
    result is the same either way. Cancel is checked between tasks.
    """
    distinct = list(dict.fromkeys(records))
    shared = SharedParts()
    if len(distinct) > parallel_above:
        if pool is not None:
            assert pool.glossary is glossary, "the pool was started with another glossary"
            read = _read_in_workers(distinct, pool.executor, progress, shared)
        else:
            with ReaderPool(glossary) as own:
                read = _read_in_workers(distinct, own.executor, progress, shared)
    else:
        read = []
        for number, (names, hs) in enumerate(distinct):
            if number % 1000 == 0:
                progress.check_cancelled()
            read.append(shared.compact(record_features(names, hs, glossary)))
    by_record = dict(zip(distinct, read, strict=True))
    return [by_record[record] for record in records]


def clear_reading_caches(glossary: Glossary) -> None:
    """Forget what reading kept per text: the analyses memoized in ``glossary``'s reader,
    and the stems, conversions and dictionary words of the modules that read names
    (these depend on the text alone).

    They hold every text read, a hundred megabytes and more after a large run; the
    features built from them carry all that scoring needs.
    """
    glossary.reader.clear()
    for module in (normalize, chinese, bridge):
        module.clear_caches()


def _read_in_workers(
    distinct: list[RecordText],
    executor: ProcessPoolExecutor,
    progress: ProgressReporter,
    shared: SharedParts,
) -> list[RecordFeatures]:
    tasks = [distinct[start : start + TASK_SIZE] for start in range(0, len(distinct), TASK_SIZE)]
    read: list[RecordFeatures] = []
    futures = deque(executor.submit(_read_task, task) for task in tasks)
    try:
        while futures:
            progress.check_cancelled()
            # Compacted as they arrive, and the future let go: the copies of a task
            # are freed before the next one arrives.
            result = futures.popleft().result()
            read.extend(shared.compact(features) for features in result)
            del result
    except BaseException:
        for future in futures:
            future.cancel()
        raise
    return read
