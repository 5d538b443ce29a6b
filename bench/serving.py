"""A real `nianbao serve` process, driven the way a browser drives it: fetch pages, wait for live reload."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from nianbao.search.reader import search
from project import make_project

_LIVERELOAD = re.compile(r"livereload\((\d+),\s*(\d+)\)")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch_bytes(url: str, timeout: float = 30) -> bytes:
    """The body of a GET request."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


def fetch(url: str, timeout: float = 30) -> str:
    """The body of a GET request, as UTF-8 text."""
    return fetch_bytes(url, timeout).decode("utf-8")


def status(url: str) -> int:
    """The HTTP status of a GET request."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class Server:
    """The base URL of a running `nianbao serve`, and the live-reload epoch its pages carry."""

    def __init__(self, base: str, log: Path) -> None:
        self.base = base
        self.log = log

    def page(self, path: str) -> str:
        """The HTML of a page, by site-relative URL."""
        return fetch(self.base + path)

    def json(self, path: str) -> object:
        """A JSON file of the site."""
        return json.loads(fetch(self.base + path))

    def hits(self, query: str) -> list[str]:
        """The URLs the served search index answers `query` with, read the way the search page reads them."""
        return [hit.url for hit in search(HttpPath(self.base + "search/data"), query).hits]

    def epoch(self) -> int:
        """The site version the server hands out now (the number its live-reload script polls with)."""
        found = _LIVERELOAD.search(self.page(""))
        assert found, "the served page has no live-reload script"
        return int(found[1])

    def change(self, edit: Callable[[], None], timeout: float = 120) -> float:
        """Make an edit and wait until the server tells browsers to reload; return the seconds in between."""
        epoch, done = self.epoch(), threading.Event()
        answer: list[float] = []

        def poll() -> None:  # what the live-reload script in every page does
            while not done.is_set():
                new = int(fetch(f"{self.base}livereload/{epoch}/{time.monotonic_ns()}", timeout=timeout))
                if new > epoch:
                    answer.append(time.perf_counter())
                    done.set()

        watcher = threading.Thread(target=poll, daemon=True)
        watcher.start()
        time.sleep(0.05)  # the poll is waiting before the edit lands, as in a browser that has the page open
        start = time.perf_counter()
        edit()
        finished = done.wait(timeout)
        assert finished, f"no reload within {timeout} s:\n{self.log.read_text()[-3000:]}"
        return answer[0] - start


def rewrite(path: Path, *changes: tuple[str, str]) -> None:
    """Apply (pattern, replacement) regex substitutions, each exactly once, and save the file in one write as an editor does."""
    text = path.read_text(encoding="utf-8")
    for pattern, replacement in changes:
        text, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
        assert count == 1, (path, pattern)
    path.write_text(text, encoding="utf-8")


@contextmanager
def serving(root: Path, env: dict[str, str] | None = None, *, timeout: float = 300) -> Iterator[Server]:
    """Run `nianbao serve` on the project in root until its first build answers."""
    config, port = make_project(root), free_port()
    command = [sys.executable, "-m", "nianbao.cli", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"]
    log = root / "serve.log"
    hooks = str(Path(__file__).resolve().parent.parent / "hooks")
    environment = dict(os.environ, **(env or {}))
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [hooks, environment.get("PYTHONPATH", "")]))
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=root, env=environment, start_new_session=True, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fetch(base)
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        yield Server(base, log)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


class HttpPath:
    """Enough of pathlib.Path over HTTP for the search reader: `/`, read_text, read_bytes."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __truediv__(self, name: str) -> HttpPath:
        return HttpPath(self.url.rstrip("/") + "/" + urllib.parse.quote(name))

    def read_bytes(self) -> bytes:
        return fetch_bytes(self.url)

    def read_text(self, encoding: str = "utf-8") -> str:
        return self.read_bytes().decode(encoding)
