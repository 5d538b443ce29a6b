"""Site-relative URLs of the generated pages (templates make them relative with MkDocs' `url` filter)."""
from __future__ import annotations

import re
from urllib.parse import quote

HOME = ""
ORGS = "orgs/"
YEARS = "years/"
ARCHIVE = "archive/"
TAGS = "tags/"
SEARCH = "search/"
METRICS = "metrics/"
STATUS = "status/"


def metric_url(metric_id: str) -> str:
    """The page of one metric across orgs and years."""
    return f"metrics/{metric_id}/"


def org_url(org_id: str) -> str:
    """The page of one org."""
    return f"orgs/{org_id}/"


def year_url(year: int) -> str:
    """The page of one year."""
    return f"years/{year}/"


def tag_url(slug: str) -> str:
    """The page of one tag (percent-encoded, as MkDocs encodes page URLs)."""
    return f"tags/{quote(slug)}/"


def org_year_url(org_id: str, year: int) -> str:
    """The year section of an org's page: where a matrix cell leads."""
    return f"orgs/{org_id}/#y{year}"


def root_prefix(page_url: str) -> str:
    """The relative path from a page to the site root ('reports/2021/a/' → '../../../'), so links work under any sub-path."""
    return "../" * page_url.count("/") or "./"


_FOLDER_LINK = re.compile(r'\b(href|action)="([^"#?:]*/)([?#][^"]*)?"')


def render_file_links(html: str) -> str:
    """Relative links to folders made to name their index.html, for sites built without directory URLs (read via file://)."""
    def to_file(m: re.Match[str]) -> str:
        return m[0] if m[2].startswith("/") else f'{m[1]}="{m[2]}index.html{m[3] or ""}"'
    return _FOLDER_LINK.sub(to_file, html)
