"""Ending `nianbao build|serve` cleanly: stop signals interrupt MkDocs, and worker processes end with it."""
from __future__ import annotations

import _thread
import gc
import multiprocessing
import signal
import sys
import tempfile
import threading
from contextlib import contextmanager
from multiprocessing.process import BaseProcess
from typing import Any, Callable, Iterator

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

_stopped = 0  # the first stop signal received in interruptible(), 0 before
_owed = False  # the KeyboardInterrupt for it is still to be raised
_holding = False  # a worker is being started: an interrupt now would leave it running unregistered
_workers: set[BaseProcess] = set()


@contextmanager
def interruptible() -> Iterator[Callable[[], int]]:
    """Turn the first SIGINT, SIGTERM or SIGHUP into KeyboardInterrupt; yield a getter of that signal (0 before one)."""
    global _stopped, _owed
    _stopped, _owed = 0, False
    previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}
    for number, handler in previous.items():
        if handler is not signal.SIG_IGN:  # ignored by whoever started us (nohup, a shell's background job): keep it so
            signal.signal(number, _stop)
    report = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: _redeliver(unraisable, report)
    try:
        yield lambda: _stopped
    finally:
        _owed = False
        sys.unraisablehook = report
        if not _stopped:  # after a stop the process is ending: a late signal must not interrupt that either
            for number, handler in previous.items():
                signal.signal(number, handler)


def _stop(number: int, frame: Any) -> None:
    # MkDocs cleans up on KeyboardInterrupt (server shutdown, temporary site directory, on_shutdown); once only,
    # so that a second Ctrl-C cannot break off that cleanup.
    global _stopped, _owed
    if not _stopped:
        _stopped, _owed = number, True
    _raise_owed()


def _raise_owed() -> None:
    global _owed
    if _owed and not _holding:
        _owed = False
        raise KeyboardInterrupt


def _redeliver(unraisable: Any, report: Callable[[Any], None]) -> None:
    """An interrupt raised where Python can only report it (a __del__, a callback from C such as nh3's): raise it again."""
    global _owed
    if unraisable.exc_type is KeyboardInterrupt and _stopped:
        _owed = True
        # Raised at once it would land in this hook again; a moment later, most likely in plain Python code.
        threading.Timer(0.01, _thread.interrupt_main, (_stopped,)).start()
    else:
        report(unraisable)


@contextmanager
def own_tempdir() -> Iterator[None]:
    """Make temporary files and directories inside a fresh directory that is removed on the way out, whatever happens."""
    previous = tempfile.tempdir
    with tempfile.TemporaryDirectory(prefix="nianbao-") as scratch:
        tempfile.tempdir = scratch
        try:
            yield
        finally:
            tempfile.tempdir = previous


def start_worker(target: Callable[..., None], *args: Any) -> BaseProcess:
    """Run target(*args) in a forked child that end_workers() ends; stop signals to the process group leave it to us."""
    global _holding, _workers
    _workers = {p for p in _workers if p.is_alive()}  # a long preview starts one per rebuild
    process = multiprocessing.get_context("fork").Process(target=_run_worker, args=(target, *args), daemon=True)
    _holding = True  # a stop now is only recorded: raised once the child is registered
    # Blocked across fork, the child has no moment in which a signal could reach the handlers it inherits.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    gc.freeze()  # the child's collector must not write to every object it shares with us: that would copy their pages
    try:
        process.start()
        _workers.add(process)
    finally:
        gc.unfreeze()
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        _holding = False
    _raise_owed()
    return process


def _run_worker(target: Callable[..., None], *args: Any) -> None:
    # Ctrl-C reaches the whole process group: the parent ends its workers itself, with SIGTERM.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    target(*args)


def end_workers(timeout: float = 2.0) -> None:
    """Terminate and reap every worker still running: an interrupted or failed build has no use for them."""
    running = [p for p in _workers if p.is_alive()]
    for process in running:
        process.terminate()
    for process in running:
        process.join(timeout)
        if process.is_alive():
            process.kill()
            process.join()
    _workers.clear()
