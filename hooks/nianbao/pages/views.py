"""View models: the plain data each generated page's template renders."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from .. import urls
from ..archive import Archive, neighbours, previous_value, subtree_ids
from ..fmt import format_change, format_date, format_quantity
from ..metrics import counts_for_year, previous_figure
from ..model import Report


@dataclass(frozen=True)
class Row:
    """One report as a line of an index table."""

    title: str
    url: str
    org: str
    org_name: str
    org_url: str
    year: int
    year_url: str
    type: str
    type_name: str
    date: str
    tags: tuple[tuple[str, str], ...]  # (tag, url)
    summary: str
    draft: bool = False
    reused: int | None = None  # percent carried over from the org's earlier reports (issue 19); None: no earlier report


def build_row(archive: Archive, report: Report) -> Row:
    """The index-table view of one report."""
    org = archive.catalog.orgs[report.org]
    return Row(
        title=report.title, url=report.url, org=org.id, org_name=org.label, org_url=urls.org_url(org.id),
        year=report.year, year_url=urls.year_url(report.year), type=report.type,
        type_name=archive.catalog.types[report.type].name, date=format_date(report.date),
        tags=tuple((t, urls.tag_url(archive.tag_slugs[t])) for t in report.tags), summary=report.summary,
        draft=report.draft,
    )


def crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs from the home page down to the current page's parent."""
    return [("首页", urls.HOME), *items]


def report_view(archive: Archive, report: Report, rows: Mapping[str, Row]) -> dict[str, Any]:
    """Header card, metrics with change, series neighbours and same-year links of one report."""
    catalog = archive.catalog
    metrics = []
    for metric_id, value in report.metrics.items():
        metric = catalog.metrics[metric_id]
        if counts_for_year(catalog, report):  # against the org's figure of the latest earlier year
            found = previous_figure(archive.values.get((report.org, metric_id), {}), report.year)
            before = (found[0], found[1].value) if found else None
        else:  # a half-year report against the previous report of its own kind
            earlier = previous_value(archive, report, metric_id)
            before = (earlier[0].year, earlier[1]) if earlier else None
        metrics.append({
            "id": metric_id, "url": urls.metric_url(metric_id), "label": metric.label, "description": metric.description,
            "cell": {"label": format_quantity(value, metric.unit), "value": value},
            "change": {"text": format_change(value, before[1], metric.unit) if before else "", "since": before[0] if before else None},
        })
    prev, nxt = neighbours(archive, report)
    same_year = []  # one link per other org: its report of the same type, else its first report that year
    for other_org, _ in archive.tree:
        theirs = archive.by_org_year.get((other_org.id, report.year), ())
        if theirs and other_org.id != report.org:
            pick = next((r for r in theirs if r.type == report.type), theirs[0])
            same_year.append({"org": other_org.label, "url": pick.url})  # no title: an edit of it would redo every such page
    row = rows[report.source]
    return {
        "kind": "report", "row": row, "org_full": catalog.orgs[report.org].name, "metrics": metrics,
        "prev": rows[prev.source] if prev else None, "next": rows[nxt.source] if nxt else None,
        "same_year": same_year, "year_total": len(archive.by_year[report.year]),
        "crumbs": crumbs(("组织", urls.ORGS), (row.org_name, row.org_url)),
        "unnumbered": unnumbered_levels(report.body),
        "signed_on": official_date(report),
    }


_HEADING = re.compile(r"^(#{2,4})\s+(.*)$", re.MULTILINE)
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[、.．)）]|第[一二三四五六七八九十0-9]+)")


def unnumbered_levels(body: str) -> list[int]:
    """Heading levels (2–4) none of whose headings is numbered in the text, so print CSS numbers them."""
    levels: dict[int, bool] = {}
    for hashes, text in _HEADING.findall(body):
        level = len(hashes)
        levels[level] = levels.get(level, False) or bool(_NUMBERED.match(text.strip()))
    return sorted(level for level, numbered in levels.items() if not numbered)


def official_date(report: Report) -> str:
    """The date at the end of a printed report, written the official way ('2022年1月20日'), else its year."""
    d = report.date
    return f"{d.year}年{d.month}月{d.day}日" if d else f"{report.year}年"


def orgs_view(archive: Archive) -> dict[str, Any]:
    """The organisation tree with own and subtree report counts."""
    nodes = []
    for org, depth in archive.tree:
        total = sum(len(archive.by_org.get(i, ())) for i in subtree_ids(archive.catalog, org.id))
        nodes.append({"org": org, "url": urls.org_url(org.id), "depth": depth, "own": len(archive.by_org.get(org.id, ())), "total": total})
    return {"kind": "orgs", "nodes": nodes, "crumbs": crumbs()}


def org_view(archive: Archive, org_id: str, rows: Mapping[str, Row]) -> dict[str, Any]:
    """One org: its reports by year, newest first, and its metrics across years."""
    catalog = archive.catalog
    org = catalog.orgs[org_id]
    reports = archive.by_org.get(org_id, ())
    groups: dict[int, list[Row]] = {}
    for report in reports:
        groups.setdefault(report.year, []).append(rows[report.source])
    values = {m.id: archive.values[(org_id, m.id)] for m in catalog.metrics.values() if (org_id, m.id) in archive.values}
    years = sorted({y for by_year in values.values() for y in by_year})
    table = [
        {"label": m.label, "unit": m.unit, "cells": [format_quantity(values[m.id][y].value, m.unit) if y in values[m.id] else "" for y in years]}
        for m in catalog.metrics.values() if m.id in values
    ]
    parent = catalog.orgs[org.parent] if org.parent else None
    trail = [("组织", urls.ORGS)] + ([(parent.label, urls.org_url(parent.id))] if parent else [])
    return {
        "kind": "org", "org": org, "parent": parent, "parent_url": urls.org_url(parent.id) if parent else "",
        "children": [{"org": c, "url": urls.org_url(c.id), "count": len(archive.by_org.get(c.id, ()))} for c in catalog.children(org_id)],
        "groups": list(groups.items()), "count": len(reports), "metric_years": years, "metric_table": table,
        "crumbs": crumbs(*trail),
    }


def years_view(archive: Archive) -> dict[str, Any]:
    """Every year with its report and org counts."""
    years = [{"year": y, "url": urls.year_url(y), "count": len(archive.by_year[y]), "orgs": len({r.org for r in archive.by_year[y]})} for y in archive.years]
    return {"kind": "years", "years": years, "matrix": matrix_view(archive), "crumbs": crumbs()}


def year_view(archive: Archive, year: int, rows: Mapping[str, Row]) -> dict[str, Any]:
    """One year: its reports grouped by org, in catalog order."""
    reports = archive.by_year[year]
    groups = []
    for org, _ in archive.tree:
        mine = [rows[r.source] for r in archive.by_org_year.get((org.id, year), ())]
        if mine:
            groups.append({"org": org, "url": urls.org_url(org.id), "rows": mine})
    years = sorted(archive.by_year)
    i = years.index(year)
    return {
        "kind": "year", "year": year, "count": len(reports), "groups": groups,
        "prev": urls.year_url(years[i - 1]) if i > 0 else "", "prev_year": years[i - 1] if i > 0 else None,
        "next": urls.year_url(years[i + 1]) if i + 1 < len(years) else "", "next_year": years[i + 1] if i + 1 < len(years) else None,
        "crumbs": crumbs(("年度", urls.YEARS)),
    }


def matrix_view(archive: Archive) -> dict[str, Any]:
    """Orgs × every year from the first to the last: report counts linking to the org's year section."""
    years = list(range(min(archive.by_year), max(archive.by_year) + 1)) if archive.by_year else []
    rows = [
        {"org": org, "depth": depth, "url": urls.org_url(org.id),
         "cells": [{"year": y, "count": len(archive.by_org_year.get((org.id, y), ())), "url": urls.org_year_url(org.id, y)} for y in years]}
        for org, depth in archive.tree
    ]
    return {"years": [{"year": y, "url": urls.year_url(y) if y in archive.by_year else ""} for y in years], "rows": rows}
