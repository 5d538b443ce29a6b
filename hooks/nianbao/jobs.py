"""Work beside the MkDocs build on the machine's other cores: a function run in a forked child, its result collected later."""
from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from queue import Queue
from threading import Thread
from multiprocessing.connection import Connection
from typing import Any, Callable, Generic, Sequence, TypeVar

from .processes import start_worker

T = TypeVar("T")
BACKGROUND_NICENESS = 10  # a background child gets about a tenth of a core that the critical path also wants
ENV_WORKERS = "NIANBAO_WORKERS"  # "1": everything in the build's own process (tests compare its output with the default)


class JobFailed(RuntimeError):
    """A job's function raised: the message carries the child's traceback."""


def can_fork() -> bool:
    """Whether jobs run in forked children: on Linux, unless NIANBAO_WORKERS=1 asks for one process."""
    return os.environ.get(ENV_WORKERS) != "1" and "fork" in multiprocessing.get_all_start_methods() and sys.platform.startswith("linux")


def cores() -> int:
    """How many processes a build may keep busy: the cores this process may run on, or 1 with NIANBAO_WORKERS=1."""
    if os.environ.get(ENV_WORKERS) == "1":
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class ForkedJob(Generic[T]):
    """`function(*args)` in a forked child (which inherits the arguments without copying them); `result()` waits for it.

    With `stages` > 1 the function is a generator: each `result()` waits for its next value, so the parent can use the
    first part of the work while the child goes on. A `background` job (one whose result is needed only at the end of
    the build) runs at a lower priority: it takes the cores' idle time, not the time of the work the build waits for
    (the pages, the comparisons). Without fork (or with NIANBAO_WORKERS=1) it runs in a thread, so
    callers need no second code path.
    """

    def __init__(self, function: Callable[..., Any], *args: Any, stages: int = 1, background: bool = False) -> None:
        self._left = stages
        self._queue: Queue[tuple[bool, Any]] | None = None
        if can_fork():
            self._conn, child = multiprocessing.get_context("fork").Pipe(duplex=False)
            # end_workers() ends it if the build is interrupted
            self._process = start_worker(_run, child, function, stages, background, *args)
            child.close()
        else:
            self._queue = Queue()
            Thread(target=_run, args=(self._queue, function, stages, False, *args), name="nianbao-job", daemon=True).start()

    def result(self) -> T:
        """The function's return value (its next value, in stages), once there is one; JobFailed with the child's
        traceback if it raised."""
        if self._queue is not None:
            ok, value = self._queue.get()
        else:
            try:
                ok, value = self._conn.recv()
            except EOFError:
                ok, value = False, "进程意外退出"
            self._left -= 1
            if not ok or not self._left:
                self._process.join()
        if not ok:
            raise JobFailed(value)
        return value


def _run(out: Connection | Queue[tuple[bool, Any]], function: Callable[..., Any], stages: int, background: bool, *args: Any) -> None:
    send = out.send if isinstance(out, Connection) else out.put
    if background:
        os.nice(BACKGROUND_NICENESS)
    try:
        values = function(*args)
        for value in values if stages > 1 else [values]:
            send((True, value))
    except BaseException:  # noqa: BLE001 - the parent reports it
        send((False, traceback.format_exc()))
    finally:
        if isinstance(out, Connection):
            out.close()


def share(items: Sequence[T], parts: int) -> list[list[T]]:
    """Items dealt out in turn to `parts` lists, so that each gets a like mix of cheap and costly ones."""
    return [list(items[start::parts]) for start in range(parts)]
