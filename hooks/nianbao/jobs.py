"""Work beside the MkDocs build on the machine's other cores: a function run in a forked child, its result collected later."""
from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from concurrent.futures import Future, ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any, Callable, Generic, Sequence, TypeVar

from .processes import start_worker

T = TypeVar("T")
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

    Without fork (or with NIANBAO_WORKERS=1) it runs in a thread, so callers need no second code path.
    """

    def __init__(self, function: Callable[..., T], *args: Any) -> None:
        self._future: Future[T] | None = None
        if can_fork():
            self._conn, child = multiprocessing.get_context("fork").Pipe(duplex=False)
            self._process = start_worker(_run, child, function, *args)  # end_workers() ends it if the build is interrupted
            child.close()
        else:
            executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nianbao-job")
            self._future = executor.submit(function, *args)
            executor.shutdown(wait=False)

    def result(self) -> T:
        """The function's return value, once it has one; JobFailed with the child's traceback if it raised."""
        if self._future is not None:
            return self._future.result()
        try:
            ok, value = self._conn.recv()
        except EOFError:
            ok, value = False, "进程意外退出"
        self._process.join()
        if not ok:
            raise JobFailed(value)
        return value


def _run(conn: Connection, function: Callable[..., Any], *args: Any) -> None:
    try:
        conn.send((True, function(*args)))
    except BaseException:  # noqa: BLE001 - the parent reports it
        conn.send((False, traceback.format_exc()))
    finally:
        conn.close()


def share(items: Sequence[T], parts: int) -> list[list[T]]:
    """Items dealt out in turn to `parts` lists, so that each gets a like mix of cheap and costly ones."""
    return [list(items[start::parts]) for start in range(parts)]
