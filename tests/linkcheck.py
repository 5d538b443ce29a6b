"""Check that every link and resource in a built site resolves inside the site."""
from __future__ import annotations

import posixpath
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from htmlscan import Scan


def broken_links(site: Path) -> list[str]:
    """Every internal link or resource that does not resolve (file, folder page or #anchor), and every external load."""
    problems = []

    @lru_cache(maxsize=None)
    def scan(path: Path) -> Scan:
        return Scan(path.read_text(encoding="utf-8"))

    for page in sorted(site.rglob("*.html")):
        base = page.relative_to(site).parent.as_posix()
        parsed = scan(page)
        for url in parsed.resources:
            if urlsplit(url).scheme or url.startswith("//"):
                problems.append(f"{page.relative_to(site)}: loads external {url}")
        for url in [href for href, _ in parsed.links] + parsed.resources:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue  # a link out (not a load) is allowed
            if parts.path.startswith("/"):
                if page.name == "404.html":
                    continue  # MkDocs' 404 page is served at any path, so its links are root-absolute by design
                problems.append(f"{page.relative_to(site)}: root-absolute link {url}")
                continue
            target = site / posixpath.normpath(posixpath.join(base, unquote(parts.path))) if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{page.relative_to(site)}: broken link {url}")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in scan(target).ids:
                problems.append(f"{page.relative_to(site)}: missing anchor {url}")
    return problems
