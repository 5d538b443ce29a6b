"""What one build or preview process keeps between rebuilds, so that saving a report redoes only what it changed.

Every page gets a stamp: a hash of everything its HTML is made from (the site-wide inputs, its
Markdown, its view). A preview rebuild renders only the pages whose stamp changed since the HTML
in the site directory was written; the rest of the site stays as it is.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import jinja2

from .build import HOME_PAGE, Site, build_view
from .problems import Problem
from .project import ReadMemo
from .search.text import DocText

PROBLEMS_JSON = "nianbao-preview.json"  # read by every preview page, which shows a banner while it lists problems


@dataclass
class Session:
    """One `mkdocs build` or `serve` process, and what its rebuilds keep."""

    preview: bool = False  # serve: drafts show, and invalid reports get a banner instead of failing the build
    incremental: bool = False  # serve --dirty: the site directory is kept, so only stale pages are rendered
    memo: ReadMemo = field(default_factory=ReadMemo)
    site: Site | None = None  # the last site built without errors: shown, under a banner, while reports have errors
    stamps: dict[str, str] = field(default_factory=dict)  # page source → stamp of the HTML now in the site directory
    texts: dict[str, tuple[Any, DocText]] = field(default_factory=dict)  # report source → (text_key, searchable text)
    rendered: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # page source → (Markdown key, its render)
    index_stamp: str = ""  # stamp of the search documents the index in the site directory was built from
    index_digests: dict[str, bytes] = field(default_factory=dict)  # index file → digest of the bytes in the site directory
    index_deflated: dict[bytes, bytes] = field(default_factory=dict)  # digest of an index file's bytes → them deflated
    file_stamps: dict[str, str] = field(default_factory=dict)  # generated data file → stamp of the text in the site directory
    outputs: frozenset[str] = frozenset()  # files the last build put in the site directory
    templates: dict[str, bytes] = field(default_factory=dict)  # compiled theme templates, by the template engine's key
    listing: tuple[str, list[str]] = ("", [])  # (stamp of the site-wide inputs, the theme's file names)

    def stale(self, stamps: Mapping[str, str]) -> set[str]:
        """Pages whose HTML in the site directory was not made from these stamps."""
        return {page for page, value in stamps.items() if self.stamps.get(page) != value}

    def forget(self) -> None:
        """After a failed build nothing in the site directory can be trusted: the next build renders everything."""
        self.stamps, self.rendered, self.index_stamp, self.index_digests, self.listing = {}, {}, "", {}, ("", [])
        self.file_stamps, self.index_deflated = {}, {}


_session = Session()


def start_session(command: str, dirty: bool) -> Session:
    """A fresh session for a `build` or `serve` process (MkDocs calls on_startup once; hook modules reload per build)."""
    global _session
    serve = command == "serve"
    _session = Session(preview=serve, incremental=serve and dirty)
    return _session


def current_session() -> Session:
    """The session of this process."""
    return _session


def stamp(*parts: object) -> str:
    """A hash of the parts' reprs (views are plain data and dataclasses, whose reprs show every field)."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "backslashreplace"), digest_size=16).hexdigest()


def stamp_files(roots: Iterable[Path]) -> str:
    """A hash of the name, size and modification time of every file under the given files and folders."""
    seen = []
    for root in roots:
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
        for path in paths:
            info = os.stat(path)
            seen.append((str(path), info.st_size, info.st_mtime_ns))
    return stamp(seen)


def stamp_pages(site: Site, base: str) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """The stamp of every generated page and of the home page, on top of the site-wide `base`; and the views built for it.

    Every page is stamped by its view, which is plain data holding exactly what its template shows:
    a report page is rendered again only when something it shows changed, not whenever any report of
    its org or year changed (in an archive of 80 reports per org, a title edit would redo 160 pages).
    """
    views = {HOME_PAGE: build_view(site, "home")}
    stamps = {HOME_PAGE: stamp(base, HOME_PAGE, views[HOME_PAGE])}
    for page in site.pages:
        views[page.src_uri] = view = build_view(site, page.kind, page.key)
        shown = {k: v for k, v in view.items() if k != "sections_html"} if "sections_html" in view else view  # its digest stays
        stamps[page.src_uri] = stamp_view(base, page.src_uri, page.render(), shown)
    return stamps, views


def stamp_view(*parts: object) -> str:
    """stamp() by pickle, a few times faster than repr for thousands of views (equal pickles mean equal data; data
    pickled with other sharing only costs a needless render)."""
    return hashlib.blake2b(pickle.dumps(parts, protocol=5), digest_size=16).hexdigest()


def render_problems_json(problems: Iterable[Problem]) -> str:
    """The problems a preview page shows in its banner, as JSON."""
    items = [{"severity": p.severity, "text": p.format()} for p in problems]
    return json.dumps({"problems": items}, ensure_ascii=False)


def remove_outputs(site_dir: Path, paths: Iterable[str]) -> None:
    """Delete files an earlier build wrote that this one no longer makes, and the folders they leave empty."""
    for rel in paths:
        path = site_dir / rel
        path.unlink(missing_ok=True)
        for folder in path.parents:
            if folder == site_dir or not folder.is_relative_to(site_dir) or not folder.is_dir() or any(folder.iterdir()):
                break
            folder.rmdir()


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in a dict: each rebuild makes a new template environment, which would compile them again."""

    def __init__(self, store: dict[str, bytes]) -> None:
        self.store = store

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])  # Jinja drops it if the template's source changed

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def reuse_templates(env: jinja2.Environment, session: Session, inputs: str) -> jinja2.Environment:
    """Give a rebuild's template environment the session's compiled templates, and its list of theme files while `inputs` holds."""
    env.bytecode_cache = CompiledTemplates(session.templates)
    list_templates = env.list_templates  # the theme's every file is listed and filtered, Material's thousands of icons included

    def listing(extensions: Any = None, filter_func: Any = None) -> list[str]:
        key = stamp(inputs, extensions, filter_func is None)  # `inputs` changes whenever a file under overrides/ does
        if session.listing[0] != key:
            session.listing = (key, list_templates(extensions, filter_func))
        return list(session.listing[1])
    env.list_templates = listing  # type: ignore[method-assign]
    return env
