"""A year's print view (years/<y>/print/): the compilation as one web page, each report's rendered body moved in."""
from __future__ import annotations

import hashlib
import posixpath
import re
from typing import Any, Mapping
from urllib.parse import urlsplit

from markupsafe import Markup

from .. import urls
from ..archive import Archive
from ..fmt import format_quantity
from ..packed import unpack
from ..wordout.compilation import group_reports
from ..wordout.figures import EMPTY, MAX_COLUMNS
from ..wordsite import compilation_docx, word_link
from .views import crumbs, official_date, unnumbered_levels


def print_url(year: int) -> str:
    """Site-relative URL of a year's print view."""
    return f"{urls.year_url(year)}print/"


def year_print_view(archive: Archive, year: int) -> dict[str, Any]:
    """Cover, contents, each report (title, org, type, date; its body is added when the page renders) and the figures."""
    catalog = archive.catalog
    groups, n = [], 0
    for org, reports in group_reports(year, archive.by_year.get(year, ()), catalog):
        items = []
        for report in reports:
            n += 1
            metrics = [(catalog.metrics[m].label, format_quantity(v, catalog.metrics[m].unit))
                       for m, v in (report.metrics or report.targets).items() if m in catalog.metrics]
            items.append({
                "source": report.source, "anchor": f"r{n}", "title": report.title, "url": report.url, "org": org.name,
                "type_name": catalog.types[report.type].name, "date": official_date(report), "metrics": metrics,
                "metrics_caption": "主要指标" if report.metrics else "目标", "unnumbered": unnumbered_levels(report.body),
                # the body's HTML is not part of the view: this digest stands for it in a preview's page stamp
                "body": hashlib.blake2b(report.body.encode("utf-8", "backslashreplace"), digest_size=8).hexdigest(),
            })
        groups.append({"org": org.name, "reports": items})
    return {
        "kind": "year-print", "year": year, "groups": groups, "count": n, "word": word_link(compilation_docx(year)),
        "figures": figure_tables(archive, year),
        "crumbs": crumbs(("年度", urls.YEARS), (f"{year}年", urls.year_url(year))),
    }


def figure_tables(archive: Archive, year: int) -> list[dict[str, Any]]:
    """The year's figure of each org for each metric: orgs as rows, at most MAX_COLUMNS metrics per table."""
    figures = {key: by_year[year].value for key, by_year in archive.values.items() if year in by_year}
    orgs = [org for org, _ in archive.tree if any(o == org.id for o, _ in figures)]
    metrics = [m for m in archive.catalog.metrics.values() if any(k == m.id for _, k in figures)]
    tables = []
    for start in range(0, len(metrics), MAX_COLUMNS):
        group = metrics[start:start + MAX_COLUMNS]
        rows = [{"org": org.label, "cells": [format_quantity(figures[(org.id, m.id)], m.unit) if (org.id, m.id) in figures else EMPTY
                                             for m in group]} for org in orgs]
        tables.append({"id": f"f{start // MAX_COLUMNS + 1}", "metrics": [f"{m.label}（{m.unit}）" for m in group], "rows": rows})
    return tables


_TAG = re.compile(r"<[a-zA-Z][a-zA-Z0-9]*(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>")
_ATTR = re.compile(r"(\s)(id|href|src)=(\"[^\"]*\"|'[^']*')")


def add_bodies(groups: list[Any], bodies: Mapping[str, tuple[str, bytes]], page_url: str) -> None:
    """Give each report of the view (as namespaces) its page's HTML as `html`: ids made unique, links made relative to this page."""
    for group in groups:
        for item in group.reports:
            from_url, html = bodies.get(item.source, (item.url, b""))
            item.html = Markup(move_body(unpack(html), from_url, page_url, item.anchor))


def move_body(html: str, from_url: str, to_url: str, prefix: str) -> str:
    """HTML rendered for the page at `from_url` as it reads at `to_url`: relative links rebased, ids prefixed."""
    source, target = posixpath.dirname(from_url), posixpath.dirname(to_url)

    def attribute(match: re.Match[str]) -> str:
        space, name, quoted = match.groups()
        value = quoted[1:-1]
        if name == "id":
            value = f"{prefix}-{value}"
        elif value.startswith("#"):
            value = f"#{prefix}-{value[1:]}"
        else:
            value = rebase(value, source, target)
        return f'{space}{name}={quoted[0]}{value}{quoted[0]}'

    return _TAG.sub(lambda tag: _ATTR.sub(attribute, tag.group(0)), html)


def rebase(url: str, source: str, target: str) -> str:
    """A URL relative to folder `source` made relative to folder `target` (absolute URLs unchanged)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return url
    path = posixpath.normpath(posixpath.join(source, parts.path))
    moved = posixpath.relpath(path, target or ".") + ("/" if parts.path.endswith("/") else "")
    return moved + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
