"""Open search URLs in real headless Chromium, cold cache each time: time to results, bytes fetched, hits listed."""
from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, Request, sync_playwright
from playwright.sync_api import Error as PlaywrightError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

INDEX_PATH = "/search/data/"
# Stores, on the page's clock (0 = navigation start), when #search-results first carries data-total.
MARK_DONE = """(() => {
  const check = () => {
    const out = document.getElementById("search-results");
    if (window.__nbDone === undefined && out && out.hasAttribute("data-total")) window.__nbDone = performance.now();
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ["data-total"]});
})();"""
HITS = "#search-results li.nb-hit"


@dataclass
class Probe:
    """One query in the browser: ms to results (median of runs), bytes of the last run, hits listed."""

    ms: float | None = None
    ready: float | None = None  # DOMContentLoaded end, ms after navigation start
    total: int | None = None
    bytes_all: int = 0
    bytes_index: int = 0
    requests: int = 0
    fetched: list[tuple[str, int, int]] = field(default_factory=list)  # (url, header bytes, body bytes)
    hits: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` with `python -m http.server` in its own process on a free loopback port; yield the base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's chromium, headless, with the flags the browser tests use (never a downloaded browser)."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def watch(page: Page, errors: list[str]) -> list[Request]:
    """Collect finished requests, and failed requests, HTTP errors and JS errors as text."""
    finished: list[Request] = []
    page.on("requestfinished", lambda r: finished.append(r))
    page.on("requestfailed", lambda r: errors.append(f"request failed {r.url}: {r.failure}"))
    page.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    page.on("pageerror", lambda e: errors.append(f"JS error: {e}"))
    page.on("console", lambda m: errors.append(f"console.error: {m.text}") if m.type == "error" else None)
    return finished


def count_bytes(result: Probe, requests: list[Request]) -> None:
    """Response bytes (headers + body as transferred) of all requests and of the index files alone."""
    for r in requests:
        sizes = r.sizes()
        headers, body = max(0, sizes["responseHeadersSize"]), max(0, sizes["responseBodySize"])
        result.fetched.append((r.url, headers, body))
        result.bytes_all += headers + body
        result.bytes_index += headers + body if INDEX_PATH in r.url else 0
    result.requests = len(requests)


def listed_hits(page: Page, total: int, expand: bool) -> list[str]:
    """Site-relative URLs of the listed hits; with expand, press the visible result button until all are listed."""
    for _ in range(total):
        shown = page.locator(HITS).count()
        button = page.locator("#search-results button:visible")
        if not expand or shown >= total or not button.count():
            break
        button.first.click()
        page.wait_for_function(f"n => document.querySelectorAll('{HITS}').length > n", arg=shown, timeout=30_000)
    hrefs = page.eval_on_selector_all(HITS, "els => els.map(li => li.querySelector('a')?.href || '')")
    return [urlsplit(h).path.lstrip("/") for h in hrefs]


def probe(browser: Browser, base: str, path: str, expand: bool = False, timeout_ms: float = 30_000) -> Probe:
    """Load base+path in a new context (cold cache); wait for data-total, then for the network to go idle."""
    context = browser.new_context()
    context.add_init_script(MARK_DONE)
    page = context.new_page()
    result, errors = Probe(), []
    finished = watch(page, errors)
    try:
        page.goto(base + path, wait_until="commit")
        # A selector wait, not wait_for_function: the site's CSP forbids the eval() that a function wait needs.
        page.wait_for_selector("#search-results[data-total]", state="attached", timeout=timeout_ms)
        page.wait_for_load_state("networkidle")
        result.ms = page.evaluate("window.__nbDone")
        result.ready = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
        result.total = int(page.get_attribute("#search-results", "data-total") or -1)
        count_bytes(result, list(finished))
        result.hits = listed_hits(page, result.total, expand)
    except PlaywrightError as exc:
        errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        context.close()
    result.errors = list(dict.fromkeys(errors))
    return result


def timed(browser: Browser, base: str, path: str, runs: int, expand: bool = True) -> Probe:
    """Run the query `runs` times, each cold; keep the last probe (with expand, all hits listed) with the median time."""
    probes = [probe(browser, base, path, expand=expand and i == runs - 1) for i in range(runs)]
    last = probes[-1]
    for what in ("ms", "ready"):
        values = [getattr(p, what) for p in probes if getattr(p, what) is not None]
        setattr(last, what, statistics.median(values) if values else None)
    last.errors = list(dict.fromkeys(e for p in probes for e in p.errors))
    return last
