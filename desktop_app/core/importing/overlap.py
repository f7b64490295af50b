"""Read and check a file in a second process while this one stores what is checked.

An import reads a chunk, checks it (Python, a row at a time or a column at a time) and
stores it (SQLite or PostgreSQL, in the caller's transaction). One after the other, the
import can never come below the raw read plus the storing; on two cores the checking of
the next chunk can run while the previous one is stored. Threads cannot give that: the
checks are Python and hold the GIL, and the driver takes it back to bind every row.

:func:`in_second_process` runs a generator of chunks in a forked child and yields what it
yields, pickled through a pipe. The pipe holds about one chunk: the child checks the next
chunk while this process stores the current one, then waits until it is taken, so at
most two chunks are on their way (memory stays bounded). The child only reads the file
and checks: it never touches the database, the session or a widget, and it leaves with
``os._exit`` (no finalizer of the parent's objects runs there, no connection is closed).

Errors keep their meaning: a :class:`UserError` raised in the child (a refused file, a
row limit) is raised here with the same message; a bug in the child is raised here with
the child's traceback; a child that dies (killed, out of memory, a reader that aborts)
refuses the file naming it. Cancel is checked while this process waits for a chunk and
ends the child; so does any error here. Nothing is written by the child, so nothing is
half-written by it.

The child is forked: it inherits the opened file and the loaded sheet (calamine has
loaded it to find the header), so it starts in milliseconds and reads nothing twice.
Forking is used on Linux only (macOS's system frameworks are not safe across fork; Windows
has none): elsewhere, and for small files where a process is not worth starting,
:func:`overlap_available` says no and the import runs in one process as before.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Generator, Iterator
from typing import Any, TypeVar

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import tr
from desktop_app.core.importing.guards import FileRefused, refuse
from desktop_app.core.progress import ProgressReporter

T = TypeVar("T")

# Below this many bytes a file is imported in one process: forking and pickling cost
# about as much as the overlap saves on a file of a few thousand rows.
OVERLAP_MIN_BYTES = 1 << 20
# How often (seconds) Cancel is checked while waiting for the child's next chunk.
WAIT_SLICE = 0.2

_CHUNK, _DONE, _USER_ERROR, _BUG = "chunk", "done", "user_error", "bug"


def overlap_available(size: int) -> bool:
    """True when a file of ``size`` bytes is read and checked in a second process."""
    return (
        size >= OVERLAP_MIN_BYTES
        and sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
    )


def in_second_process(
    produce: Callable[[], Iterator[T]],
    path: Any,
    progress: ProgressReporter,
) -> Generator[T, None, None]:
    """Yield what ``produce()`` yields, run in a forked child while the caller works.

    ``path`` (the imported file) names the file when the child dies.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child_main, args=(produce, sender), name="exportmatch-import-check", daemon=True
    )
    child.start()
    sender.close()  # the child's end: its exit then reads as end of file here
    try:
        while True:
            while not receiver.poll(WAIT_SLICE):
                progress.check_cancelled()
            try:
                data = receiver.recv_bytes()
            except EOFError:
                child.join()
                raise _died(path, child.exitcode) from None
            kind, payload = pickle.loads(data)
            if kind == _CHUNK:
                yield payload
            elif kind == _DONE:
                break
            elif kind == _USER_ERROR:
                raise payload
            else:
                raise RuntimeError(f"the import's checking process failed:\n{payload}")
        child.join()
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
        child.close()


def _died(path: Any, exitcode: int | None) -> FileRefused:
    if exitcode is not None and exitcode < 0:
        try:
            how = signal.Signals(-exitcode).name
        except ValueError:
            how = str(-exitcode)
    else:
        how = str(exitcode)
    return refuse(
        path,
        tr("the file could not be read to the end: the reading process stopped ({how})").format(
            how=how
        ),
    )


def _child_main(produce: Callable[[], Iterator[Any]], sender: Any) -> None:
    # Ctrl+C is the parent's to handle: it ends this process.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        try:
            for item in produce():
                sender.send_bytes(pickle.dumps((_CHUNK, item), pickle.HIGHEST_PROTOCOL))
            message: tuple[str, Any] = (_DONE, None)
        except UserError as exc:
            message = (_USER_ERROR, _portable(exc))
        except BrokenPipeError:
            os._exit(0)  # the parent stopped listening (an error or Cancel there)
        except BaseException:
            message = (_BUG, traceback.format_exc())
        sender.send_bytes(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))
        sender.close()
    except BaseException:  # the parent is gone: nobody to tell
        os._exit(1)
    os._exit(0)


def _portable(exc: UserError) -> UserError:
    """``exc`` itself when it survives pickling (its class and fields), else its message."""
    try:
        copy = pickle.loads(pickle.dumps(exc, pickle.HIGHEST_PROTOCOL))
    except Exception:
        return UserError(str(exc))
    return copy if isinstance(copy, UserError) and str(copy) == str(exc) else UserError(str(exc))
