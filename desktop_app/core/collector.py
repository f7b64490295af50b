"""The two ways the pipelines steer Python's cyclic garbage collector, each scoped.

The collector is process-wide, so neither switch is ever left set by library code: each
is a context manager around one unit of work (a bulk import, a matching run) that puts
the collector back as it found it, whether the work ends, fails or is cancelled. In the
GUI that work runs on the database worker while the GUI thread goes on; reference
counting still frees the GUI's objects at once, and only reference cycles wait for the
end of the unit of work. Both pay for themselves (``benchmarks/bench_collector.py``
measures them against the same work with the collector left alone):

* :func:`collector_paused` during a bulk import, which allocates millions of
  short-lived, acyclic objects (cells, tuples, dicts) that the collector would otherwise
  walk thousands of times for nothing;
* :func:`long_lived_frozen` around a whole matching run: what is alive when it starts
  (the glossary, the nomenclature and dictionary indexes, the application's own objects)
  and, once read, the features of every record live to the end of the run and hold no
  cycles; frozen, they are left out of the collector's full passes. The scope yields a
  function that freezes what has been made since (the records read), for the rest of
  the block.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block; it resumes after only if it was running."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def long_lived_frozen() -> Iterator[Callable[[], None]]:
    """Move every object alive now out of the collector's sight for the block, then back.

    The block is given a function that does the same for the objects made since
    (``gc.freeze`` again): they, too, are back in sight when the block ends. Freezes do
    not nest: an inner scope's end would unfreeze the outer one's objects, so a unit of
    work takes one scope and calls the function it yields.
    """
    gc.freeze()
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()
