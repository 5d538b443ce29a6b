"""Word files in the site: a .docx beside each report page and a compilation per year, written beside the MkDocs build."""
from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from multiprocessing.synchronize import Event
from typing import Any, Iterator, Mapping
from urllib.parse import quote, unquote

from .archive import Archive
from .jobs import ForkedJob, can_fork, cores
from .model import Report
from .problems import Problem
from .publish import local_links
from .wordout import render_compilation_docx, render_report_docx
from .wordout.mdtree import reuse_trees

WORD_ENV = "NIANBAO_WORD"  # "0": no Word files are written (benchmarks compare the build with and without them)
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f\s]+')


def stamp(*parts: object) -> str:
    """A hash of the parts' reprs (reports and the catalog are dataclasses, whose reprs show every field)."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "backslashreplace"), digest_size=16).hexdigest()


def file_name(title: str) -> str:
    """A file name from a title, safe on Windows and in a URL path: the title with unsafe characters as '_'."""
    return (_UNSAFE.sub("_", title).strip("._ ")[:80] or "报告") + ".docx"


def report_docx(report: Report) -> str:
    """Site path of a report's Word file: in the folder of its page (reports/2021/zgh/ or, without directory URLs, beside zgh.html)."""
    url = unquote(report.url)
    folder = url.rstrip("/") if url.endswith("/") else url.removesuffix(".html")
    return f"{folder}/{file_name(report.title)}"


def compilation_docx(year: int) -> str:
    """Site path of a year's compilation, in the year page's folder."""
    return f"years/{year}/{year}年度工作报告汇编.docx"


def word_link(path: str) -> dict[str, str]:
    """What a page needs to offer a file: its site-relative href (percent-encoded) and its name for `download`."""
    return {"href": quote(path), "name": path.rsplit("/", 1)[-1]}


@dataclass(frozen=True)
class WordTask:
    """One file to write: a report's (`source`) or a year's compilation (`year`)."""

    path: str
    source: str = ""
    year: int = 0


def plan_word_files(archive: Archive, site_name: str, reports_dir: Path) -> dict[str, tuple[str, WordTask]]:
    """Every Word file of the site: path → (stamp of what it is made from, task)."""
    catalog = stamp(archive.catalog)
    reports = {r.source: stamp(r, catalog, _linked_files(r, reports_dir)) for r in archive.reports}
    planned = {report_docx(r): (reports[r.source], WordTask(report_docx(r), source=r.source)) for r in archive.reports}
    for year, mine in archive.by_year.items():
        made_from = stamp(year, site_name, catalog, sorted(reports[r.source] for r in mine))
        planned[compilation_docx(year)] = (made_from, WordTask(compilation_docx(year), year=year))
    return planned


def _linked_files(report: Report, reports_dir: Path) -> list[tuple[str, Any]]:
    """Size and time of each file the report links (its images): a changed image changes the Word file."""
    found = []
    for target, _ in local_links(report):
        try:
            info = os.stat(reports_dir / target)
            found.append((target, info.st_size, info.st_mtime_ns))
        except OSError:
            found.append((target, None))
    return found


def by_year(archive: Archive, tasks: list[WordTask], parts: int) -> list[list[WordTask]]:
    """The tasks in `parts` shares of whole years (a year's reports before its compilation), the largest years first,
    each to the share with least work so far."""
    years: dict[int, list[WordTask]] = {}
    for task in tasks:
        years.setdefault(archive.by_source[task.source].year if task.source else task.year, []).append(task)
    shares: list[list[WordTask]] = [[] for _ in range(max(1, min(parts, len(years))))]
    for year in sorted(years, key=lambda y: (-len(years[y]), y)):
        min(shares, key=len).extend(sorted(years[year], key=lambda t: (not t.source, t.path)))
    return shares


def write_word_files(site_dir: Path, archive: Archive, tasks: list[WordTask], site_name: str, reports_dir: Path,
                     display: str, parent: int = 0, ready: Event | None = None) -> list[Problem]:
    """Write each task's file under site_dir, in order (a year's compilation reuses its reports' parsed bodies); return
    the warnings (file:line). A forked child (not `parent`) runs as a background job (jobs.py): the build's pages come
    first. Until `ready` is set (MkDocs has cleaned the site directory) the files are kept in memory, then written."""
    found: list[Problem] = []
    held: list[tuple[Path, bytes]] = []
    for _, year in itertools.groupby(tasks, key=lambda t: t.year or archive.by_source[t.source].year):
        with reuse_trees():  # one year's parsed bodies at a time
            for task, data in _render_tasks(archive, list(year), site_name, reports_dir, display, found):
                held.append((site_dir / task.path, data))
                if ready is None or ready.is_set():
                    _write(held)
    while held and ready is not None and not ready.wait(1.0):
        if parent and os.getppid() != parent:  # the build is gone: nothing will clean the directory or read the files
            return found
    _write(held)
    return found


def _render_tasks(archive: Archive, tasks: list[WordTask], site_name: str, reports_dir: Path, display: str,
                  found: list[Problem]) -> Iterator[tuple[WordTask, bytes]]:
    """Each task with its file's bytes, adding their warnings to `found`."""
    for task in tasks:
        if task.source:
            data = render_report_docx(archive.by_source[task.source], archive.catalog, reports_dir=reports_dir, display=display, warnings=found)
        else:
            data = render_compilation_docx(task.year, archive.by_year[task.year], archive.catalog, site_name,
                                           reports_dir=reports_dir, display=display, warnings=found)
        yield task, data


def _write(held: list[tuple[Path, bytes]]) -> None:
    """Write the held files and forget them."""
    for path, data in held:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    held.clear()


@dataclass
class WordMemo:
    """What a `serve` process keeps between rebuilds: the stamp of each Word file in the site directory, and each
    report's page HTML (the year's print view shows them, and a rebuild renders only the reports that changed)."""

    stamps: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # report source → (page URL, packed sanitized HTML)


_memo: tuple[object, WordMemo] = (None, WordMemo())


def word_memo(session: object) -> WordMemo:
    """The memo of this build or serve session (a new session starts empty)."""
    global _memo
    if _memo[0] is not session:
        _memo = (session, WordMemo())
    return _memo[1]


class WordJob:
    """The site's Word files, written in a forked child (in a preview rebuild, one per core, a share of the years each);
    in an incremental rebuild only those whose stamp changed since the memo's. Started before MkDocs cleans the site
    directory (on_pre_build), the children render at once and write once `release()` says the directory is clean;
    threads (no fork) start then."""

    def __init__(self, site_dir: Path, archive: Archive, site_name: str, reports_dir: Path, display: str,
                 memo: WordMemo, incremental: bool) -> None:
        planned = plan_word_files(archive, site_name, reports_dir)
        self.paths = frozenset(planned)
        self.stamps = {path: made_from for path, (made_from, _) in planned.items()}
        known = memo.stamps if incremental else {}
        tasks = [task for path, (made_from, task) in sorted(planned.items()) if known.get(path) != made_from]
        self.tasks = tuple(tasks)
        self._memo = memo
        # A build's Word files are background work that fits in the cores' idle time, and each long-lived child keeps
        # its own copy of the build's memory as the build changes it (178 MB each at 3,000 reports): one child. A preview
        # rebuild waits for them: one per core.
        shares = by_year(archive, tasks, cores() if incremental else 1) if tasks else []
        self._shares = [(site_dir, archive, share, site_name, reports_dir, display, os.getpid()) for share in shares]
        self._ready = multiprocessing.get_context("fork").Event() if can_fork() and tasks else None
        self._jobs = self._start(self._ready) if self._ready else []

    def _start(self, *ready: Event) -> list[ForkedJob[list[Problem]]]:
        """One job per share. Background in a preview too, whose reload also waits for them: the search index child,
        the longest job of a rebuild, comes first (bench/serve-results.md)."""
        return [ForkedJob(write_word_files, *share, *ready, background=True) for share in self._shares]

    def release(self) -> None:
        """MkDocs has cleaned the site directory: the files may be written."""
        if self._ready is not None:
            self._ready.set()
        elif not self._jobs:
            self._jobs = self._start()

    def result(self) -> list[Problem]:
        """The warnings (each once, by file and line), once every file is written; the memo then records the files."""
        self.release()
        found = [problem for job in self._jobs for problem in job.result()]
        self._memo.stamps = self.stamps
        return sorted(dict.fromkeys(found), key=lambda p: (p.path, p.line, p.message))


def word_enabled(environ: Mapping[str, str]) -> bool:
    """Whether the build writes Word files (NIANBAO_WORD=0 turns them off, for benchmarks)."""
    return environ.get(WORD_ENV) != "0"
