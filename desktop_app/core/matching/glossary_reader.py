"""The memos of the analyses made with one glossary, owned by that glossary.

Kept apart from ``glossary.py`` so that modules which only decorate their functions
with :func:`per_glossary` (the services' name suggestions among them) import nothing
of the matcher until they are first called.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, ParamSpec, Protocol, TypeVar, cast


class HasReader(Protocol):
    """What :func:`per_glossary` needs of a glossary: its reader."""

    @property
    def reader(self) -> GlossaryReader:
        """The memos of the analyses made with this glossary."""
        ...


P = ParamSpec("P")
R = TypeVar("R")


class GlossaryReader:
    """The memos of the analyses made with one glossary, owned by that glossary.

    Reading a name (term look-up, bridges, features) depends only on the text and the
    glossary, and requests recombine the same words endlessly, so each analysis is kept
    per text. The memos live here, not in module-level caches keyed on the glossary: a
    glossary with a user's new term is a new glossary with empty memos, two glossaries
    never share an entry, and a glossary nobody holds is freed with everything read with
    it. A copy sent to a worker process arrives with empty memos.
    """

    def __init__(self) -> None:
        """No memos yet; each is made on first use."""
        self._memos: dict[str, Callable[..., Any]] = {}
        self._lock = threading.Lock()

    def memo(
        self, name: str, function: Callable[..., R], maxsize: int, glossary: HasReader, at: int
    ) -> Callable[..., R]:
        """The memo of ``function`` for this reader's glossary: called with the other
        arguments (the glossary, at position ``at``, left out of the key)."""
        found = self._memos.get(name)
        if found is None:
            with self._lock:
                found = self._memos.get(name)
                if found is None:

                    def bound(*args: Any) -> R:
                        position = at if at >= 0 else len(args) + at + 1
                        return function(*args[:position], glossary, *args[position:])

                    found = self._memos[name] = lru_cache(maxsize=maxsize)(bound)
        return found

    def clear(self) -> None:
        """Forget everything read (after a large run: a hundred megabytes and more)."""
        with self._lock:
            self._memos = {}

    def sizes(self) -> dict[str, int]:
        """Entries held per memo, by function name (for tests and measurements)."""
        return {name: memo.cache_info().currsize for name, memo in self._memos.items()}  # type: ignore[attr-defined]

    def __reduce__(self) -> tuple[type[GlossaryReader], tuple[()]]:
        # A copy for another process starts empty: the memos are this process's.
        return (GlossaryReader, ())


def per_glossary(maxsize: int, at: int = -1) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Memoize a function of a glossary (the argument at position ``at``, the last by
    default) in that glossary's :class:`GlossaryReader`, at most ``maxsize`` entries.

    The other arguments must be hashable and passed by position."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        name = f"{function.__module__}.{function.__qualname__}"

        @wraps(function)
        def memoized(*args: Any) -> R:
            position = at if at >= 0 else len(args) + at
            glossary: HasReader = args[position]
            memo = glossary.reader._memos.get(name) or glossary.reader.memo(
                name, function, maxsize, glossary, at
            )
            return memo(*args[:position], *args[position + 1 :])

        return cast(Callable[P, R], memoized)

    return decorate
