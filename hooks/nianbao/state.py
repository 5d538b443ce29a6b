"""Everything one build knows, in one object: the hook makes a fresh one in on_config and drops nothing by hand."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .build import Site
from .fragments import Fragments
from .preview import Session
from .problems import Problem
from .publish import Edition
from .search.site import IndexJob
from .search.text import DocText
from .wordsite import WordJob


@dataclass
class BuildState:
    """One build's state; what must outlive it (a `serve` rebuild) lives in `session`."""

    session: Session
    edition: Edition = field(default_factory=Edition)
    site: Site | None = None
    failed: bool = False  # the reports have errors: a preview shows the last good site under a banner
    problems: tuple[Problem, ...] = ()
    pages: dict[str, tuple[str, Any]] = field(default_factory=dict)  # generated page source → (kind, key)
    views: dict[str, dict[str, Any]] = field(default_factory=dict)  # views made while stamping, reused when rendering
    base: str = ""  # stamp of the site-wide inputs: config, templates, hand-written pages
    stamps: dict[str, str] = field(default_factory=dict)
    file_stamps: dict[str, str] = field(default_factory=dict)  # generated data file → stamp of its text
    outputs: frozenset[str] = frozenset()
    markdown_key: str = ""
    # report source → (text_key, searchable text), gathered as pages render; a dirty rebuild keeps the session's
    texts: dict[str, tuple[Any, DocText]] = field(default_factory=dict)
    index_stamp: str = ""
    indexing: IndexJob | None = None
    word: WordJob | None = None  # the Word files, written beside the build (nianbao/wordsite.py)
    fragments: Fragments = field(default_factory=Fragments)  # partials rendered once for many pages
    # MkDocs renders every page's Markdown before it writes any page: the reports' HTML waits here, packed
    held: dict[str, bytes] = field(default_factory=dict)
    comparing: Any = None  # pages.compare.CompareJob: the comparisons (issue 19), derived beside the rendering

    @classmethod
    def start(cls, session: Session) -> "BuildState":
        """A fresh state; an incremental rebuild renders only stale pages, so it keeps the others' search text."""
        return cls(session, texts=session.texts if session.incremental else {})
