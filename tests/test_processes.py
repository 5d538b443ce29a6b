"""`nianbao serve` and `nianbao build` end cleanly on SIGTERM, SIGINT and SIGHUP: no process left, port free, no traceback."""
from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest

from conftest import SAMPLE, write_tree
from nianbao.processes import STOP_SIGNALS, interruptible
from project import make_project
from serving import fetch, free_port
from synth import generate_archive

NIANBAO = Path(sys.executable).parent / "nianbao"
DEADLINE = 5.0  # seconds from the signal until everything is gone


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """start(ARGS): `nianbao ARGS` on the project in tmp_path, in a session of its own; output in out.log, temporary files in tmp/."""
    started: list[subprocess.Popen[bytes]] = []

    def run(*args: str) -> subprocess.Popen[bytes]:
        (tmp_path / "tmp").mkdir()
        with (tmp_path / "out.log").open("wb") as out:
            # A shell's background job starts with SIGINT ignored, and nianbao (like Python) leaves an ignored signal ignored.
            started.append(subprocess.Popen([str(NIANBAO), *args], cwd=tmp_path, env=dict(os.environ, TMPDIR=str(tmp_path / "tmp")),
                                            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)))
        return started[-1]

    yield run
    for process in started:  # a failed test leaves nothing running either
        if members(process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def members(session: int) -> list[str]:
    """Every process (zombies included) whose session or process group is `session`, as 'pid state command'."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # ended while we looked
            continue
        state, _, group, sid = text[text.rindex(")") + 2:].split()[:4]
        if session in (int(group), int(sid)):
            found.append(f"{stat.parent.name} {state} {text[text.index('(') + 1:text.rindex(')')]}")
    return found


def wait_until(check: Callable[[], bool], deadline: float, what: str) -> None:
    """Poll check() until it is true, failing with `what` at the deadline (a time.monotonic() value)."""
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


def port_is_free(port: int) -> bool:
    """Whether a server could listen on the port now (with SO_REUSEADDR, as MkDocs' server does)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def serves(url: str) -> bool:
    """Whether the server answers at url."""
    try:
        fetch(url, timeout=5)
    except OSError:
        return False
    return True


def stop_and_check(process: subprocess.Popen[bytes], root: Path, stop: signal.Signals, *, group: bool = False, port: int = 0) -> str:
    """Send `stop` to the process (or its whole group, as a terminal's Ctrl-C does); assert it all ends in time; return its output."""
    (os.killpg if group else os.kill)(process.pid, stop)
    deadline = time.monotonic() + DEADLINE
    try:
        process.wait(DEADLINE)
    except subprocess.TimeoutExpired:
        pytest.fail(f"nianbao still ran {DEADLINE} s after {stop.name}:\n{(root / 'out.log').read_text()}")
    wait_until(lambda: not members(process.pid), deadline, f"left behind after {stop.name}: {members(process.pid)}")
    if port:
        wait_until(lambda: port_is_free(port), deadline, f"port {port} still taken after {stop.name}")
    output = (root / "out.log").read_text()
    assert "Traceback" not in output, output
    assert list((root / "tmp").iterdir()) == []  # mkdocs serve's temporary site directory is removed
    return output


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda s: s.name)
def test_serve_ends_on_a_stop_signal(tmp_path: Path, start: Callable[..., subprocess.Popen[bytes]], stop: signal.Signals) -> None:
    write_tree(tmp_path / "reports", SAMPLE)
    make_project(tmp_path)
    port = free_port()
    process = start("serve", "-a", f"127.0.0.1:{port}")
    started = time.monotonic()
    wait_until(lambda: serves(f"http://127.0.0.1:{port}/") or process.poll() is not None, started + 60, "no page within 60 s")
    assert process.poll() is None, (tmp_path / "out.log").read_text()
    epoch = re.search(r"livereload\((\d+),", fetch(f"http://127.0.0.1:{port}/"))[1]
    with contextlib.closing(http.client.HTTPConnection("127.0.0.1", port, timeout=60)) as browser:
        browser.request("GET", f"/livereload/{epoch}/{time.monotonic_ns()}")  # an open page waits for the site's next version
        stop_and_check(process, tmp_path, stop, port=port)
    assert process.returncode == 0  # a server shut down by a signal ends normally, as after Ctrl-C


def index_worker(process: subprocess.Popen[bytes]) -> bool:
    """Whether the build has forked its search index writer (its pages are being written meanwhile)."""
    return any(not line.startswith(f"{process.pid} ") for line in members(process.pid))


@pytest.mark.parametrize(("command", "stop", "group"), [
    pytest.param("build", signal.SIGINT, True, id="ctrl-c-in-a-terminal"),  # the whole process group gets it
    pytest.param("build", signal.SIGINT, False, id="sigint-to-nianbao"),  # nianbao must end the index writer itself
    pytest.param("serve", signal.SIGTERM, False, id="sigterm-to-serve"),  # in its first build: its temporary site directory goes too
])
def test_a_build_interrupted_midway_ends_with_its_workers(tmp_path: Path, start: Callable[..., subprocess.Popen[bytes]],
                                                          command: str, stop: signal.Signals, group: bool) -> None:
    generate_archive(tmp_path / "reports", 300, seed=7)
    make_project(tmp_path)
    process = start(command, *(["-a", f"127.0.0.1:{free_port()}"] if command == "serve" else []))
    started = time.monotonic()
    wait_until(lambda: index_worker(process) or process.poll() is not None, started + 60, "the build never started its index writer")
    assert process.poll() is None, (tmp_path / "out.log").read_text()
    output = stop_and_check(process, tmp_path, stop, group=group)
    assert process.returncode == 128 + stop, output
    assert "已中断" in output


def test_an_interrupt_python_could_only_report_is_raised_again() -> None:
    class Finalized:
        def __del__(self) -> None:
            # Raised in here, the KeyboardInterrupt is only reported ("Exception ignored in"), as in nh3's callbacks.
            signal.raise_signal(signal.SIGTERM)

    saved = {number: signal.getsignal(number) for number in STOP_SIGNALS}
    try:
        with pytest.raises(KeyboardInterrupt), interruptible() as stopped:
            Finalized()
            wait_until(lambda: False, time.monotonic() + DEADLINE, "the interrupt was lost")
        assert stopped() == signal.SIGTERM
    finally:  # interruptible() keeps its handlers after a stop: the process is meant to end
        for number, handler in saved.items():
            signal.signal(number, handler)
