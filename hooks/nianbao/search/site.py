"""The search index of a whole site, from the checked archive and each report's rendered HTML."""
from __future__ import annotations

import multiprocessing
import sys
import traceback
from concurrent.futures import Future, ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Mapping

from ..archive import Archive
from ..model import Report
from .index import SearchDoc, build_index
from .text import DocText, build_doc_text

INDEX_DIR = "search/data"  # under the site directory; the search page reads it from there


def build_search_text(report: Report, content: str) -> DocText:
    """The searchable text of one report: title, summary and the HTML of its body."""
    return build_doc_text(report.title, report.summary, content)


def build_search_docs(archive: Archive, texts: Mapping[str, DocText]) -> list[SearchDoc]:
    """Every report of the archive, newest first, with its text; a report without text is a bug, not a skip."""
    missing = [r.source for r in archive.reports if r.source not in texts]
    if missing:
        raise RuntimeError(f"搜索索引缺少这些报告的正文：{', '.join(missing[:5])}")
    return [
        SearchDoc(r.url, r.title, r.org, r.year, r.type, r.date.isoformat() if r.date else None, texts[r.source])
        for r in archive.reports
    ]


def write_search_index(site_dir: Path, archive: Archive, texts: Mapping[str, DocText]) -> int:
    """Write the index files under site_dir/INDEX_DIR; return their total size in bytes."""
    orgs = [(o.id, o.name) for o, _ in archive.tree]
    types = [(t.id, t.name) for t in archive.catalog.types.values()]
    files = build_index(build_search_docs(archive, texts), orgs, types)
    root = site_dir / INDEX_DIR
    for folder in {Path(name).parent for name in files}:
        (root / folder).mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        with open(f"{root}/{name}", "wb") as out:  # plain open(): thousands of small files, Path.write_bytes is slower
            out.write(data)
    return sum(len(d) for d in files.values())


class IndexJob:
    """write_search_index running beside the MkDocs build; `result()` waits and re-raises any failure."""

    def __init__(self, site_dir: Path, archive: Archive, texts: Mapping[str, DocText]) -> None:
        args = (site_dir, archive, dict(texts))
        self._future: Future[int] | None = None
        if "fork" in multiprocessing.get_all_start_methods() and sys.platform.startswith("linux"):
            # A forked child has its own interpreter lock and inherits the texts without copying them,
            # so indexing and writing thousands of small files run on the second core.
            fork = multiprocessing.get_context("fork")
            self._conn, child = fork.Pipe(duplex=False)
            self._process = fork.Process(target=_child, args=(child, *args), daemon=True)
            self._process.start()
            child.close()
        else:
            executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nianbao-search")
            self._future = executor.submit(write_search_index, *args)
            executor.shutdown(wait=False)

    def result(self) -> int:
        """The index size in bytes, once it is written."""
        if self._future is not None:
            return self._future.result()
        try:
            ok, value = self._conn.recv()
        except EOFError:
            ok, value = False, "搜索索引进程意外退出"
        self._process.join()
        if not ok:
            raise RuntimeError(f"生成搜索索引失败：{value}")
        return int(value)


def _child(conn: Connection, site_dir: Path, archive: Archive, texts: Mapping[str, DocText]) -> None:
    try:
        conn.send((True, write_search_index(site_dir, archive, texts)))
    except BaseException:  # noqa: BLE001 - the parent reports it
        conn.send((False, traceback.format_exc()))
    finally:
        conn.close()
