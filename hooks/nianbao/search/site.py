"""The search index of a whole site, from the checked archive and each report's rendered HTML."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from ..archive import Archive
from ..model import Report
from ..jobs import ForkedJob, JobFailed
from .codec import keep_deflated
from .index import SearchDoc, iter_index
from .text import DocText, build_doc_text

INDEX_DIR = "search/data"  # under the site directory; the search page reads it from there


def build_search_text(report: Report, content: str) -> DocText:
    """The searchable text of one report: title, summary and the HTML of its body."""
    return build_doc_text(report.title, report.summary, content)


def text_key(report: Report) -> tuple[str, str, str]:
    """What a report's searchable text is made from: a text is reused while this stays the same."""
    return report.title, report.summary or "", report.body


def render_search_texts(reports: Iterable[Report], known: dict[str, tuple[Any, DocText]], render: Callable[[str], str]) -> int:
    """Fill in `known` (source → (text_key, text)) for reports that changed, rendering their Markdown; return how many."""
    count = 0
    for report in reports:
        key = text_key(report)
        if report.source not in known or known[report.source][0] != key:
            known[report.source] = (key, build_search_text(report, render(report.body)))
            count += 1
    return count


def build_search_docs(archive: Archive, texts: Mapping[str, DocText]) -> list[SearchDoc]:
    """Every report of the archive, newest first, with its text; a report without text is a bug, not a skip."""
    missing = [r.source for r in archive.reports if r.source not in texts]
    if missing:
        raise RuntimeError(f"搜索索引缺少这些报告的正文：{', '.join(missing[:5])}")
    return [
        SearchDoc(r.url, r.title, r.org, r.year, r.type, r.date.isoformat() if r.date else None, texts[r.source])
        for r in archive.reports
    ]


@dataclass(frozen=True)
class Written:
    """The index as written: its size in bytes and each file's digest."""

    size: int
    digests: dict[str, bytes]
    deflated: dict[bytes, bytes] = field(default_factory=dict)  # for the next preview rebuild (codec.keep_deflated)


def index_names(archive: Archive) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The (id, name) of every org and report type, as the index lists them for its filters."""
    return [(o.id, o.name) for o, _ in archive.tree], [(t.id, t.name) for t in archive.catalog.types.values()]


def stamp_search_index(archive: Archive, texts: Mapping[str, DocText]) -> str:
    """A hash of everything the index is built from: it is rebuilt only when this changes."""
    digest = hashlib.blake2b(repr(index_names(archive)).encode(), digest_size=16)
    for doc in build_search_docs(archive, texts):
        digest.update(repr((doc.url, doc.title, doc.org, doc.year, doc.type, doc.date, doc.text.title_end, doc.text.head_end)).encode())
        digest.update(doc.text.text.encode("utf-8", "backslashreplace"))
    return digest.hexdigest()


def write_search_index(site_dir: Path, archive: Archive, texts: Mapping[str, DocText], written: Mapping[str, bytes] | None = None,
                       deflated: dict[bytes, bytes] | None = None) -> Written:
    """Write the index files under site_dir/INDEX_DIR and remove any others there.

    `written` holds the digest of each file already in place (a preview rebuild): those with the same
    bytes are left alone, so an edit rewrites only the chunks and pieces it changed. `deflated` (previews) holds the
    last index's files deflated, by the digest of their bytes: only the changed ones are compressed again.
    """
    written = written or {}
    kept = keep_deflated(deflated)
    root = site_dir / INDEX_DIR
    digests: dict[str, bytes] = {}
    folders: set[str] = set()
    size = 0
    for name, data in iter_index(build_search_docs(archive, texts), *index_names(archive)):  # one file at a time: bounded memory
        folder = name.rpartition("/")[0]
        if folder not in folders:
            (root / folder).mkdir(parents=True, exist_ok=True)
            folders.add(folder)
        digests[name] = digest = hashlib.blake2b(data, digest_size=16).digest()
        size += len(data)
        if written.get(name) != digest:
            with open(f"{root}/{name}", "wb") as out:  # plain open(): thousands of small files, Path.write_bytes is slower
                out.write(data)
    remove_other_files(root, digests)
    keep_deflated(None)
    return Written(size, digests, kept)


def remove_other_files(root: Path, keep: Mapping[str, bytes]) -> None:
    """Delete files in the index's subfolders that `keep` does not name (a preview rebuild writes over the last index)."""
    for folder in {name.split("/")[0] for name in keep if "/" in name}:
        for entry in os.scandir(root / folder):
            if f"{folder}/{entry.name}" not in keep:
                os.unlink(entry.path)


class IndexJob:
    """write_search_index running beside the MkDocs build; `result()` waits and re-raises any failure."""

    def __init__(self, site_dir: Path, archive: Archive, texts: Mapping[str, DocText], written: Mapping[str, bytes] | None = None,
                 deflated: dict[bytes, bytes] | None = None) -> None:
        # A forked child has its own interpreter lock and inherits the texts without copying them,
        # so indexing and writing thousands of small files run on the second core. In a build it yields the CPU to
        # the pages and comparisons the build waits for longer; in a preview rebuild (`written`) it is what the reload
        # waits for, so it runs at the build's priority.
        self._job = ForkedJob(write_search_index, site_dir, archive, dict(texts), written, deflated, background=written is None)

    def result(self) -> Written:
        """The index as written, once it is."""
        try:
            return self._job.result()
        except JobFailed as failure:
            raise RuntimeError(f"生成搜索索引失败：{failure}") from None
