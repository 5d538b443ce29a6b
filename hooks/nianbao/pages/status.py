"""Completeness: the reports the catalog expects (orgs × years × types) and which of them are missing."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from .. import urls
from ..archive import Archive
from .data import csv_cell
from ..model import Expectation, Report, ReportType
from .views import crumbs

STATUS_CSV = "data/status.csv"


@dataclass(frozen=True)
class Due:
    """One expected report: the org, year and type, and the reports that fulfil it (none: missing)."""

    org: str
    year: int
    type: str
    reports: tuple[Report, ...]


@dataclass(frozen=True)
class TypeStatus:
    """The expectations of one report type: its years, its orgs, and a cell per org × year (None: not expected)."""

    type: ReportType
    years: tuple[int, ...]
    orgs: tuple[str, ...]
    cells: tuple[tuple[Due | None, ...], ...]

    @property
    def due(self) -> list[Due]:
        """Every expected report, row by row."""
        return [d for row in self.cells for d in row if d is not None]


def last_year(archive: Archive, type_id: str, rules: list[Expectation]) -> int:
    """Up to which year a rule without `to` expects a type: the latest year anyone submitted it (else any report), at least its start."""
    submitted = [r.year for r in archive.reports if r.type == type_id] or list(archive.by_year)
    return max([*submitted, *(e.start for e in rules)])


def expects(rule: Expectation, org: str, year: int, end: int) -> bool:
    """Whether a rule asks `org` for a report in `year`."""
    return (not rule.orgs or org in rule.orgs) and rule.start <= year <= (rule.end or end)


def build_status(archive: Archive) -> list[TypeStatus]:
    """The expected reports of every type the catalog's `expected` rules name, in catalog order."""
    catalog, tables = archive.catalog, []
    for rtype in catalog.types.values():
        rules = [e for e in catalog.expected if rtype.id in e.types]
        if not rules:
            continue
        end = last_year(archive, rtype.id, rules)
        years = range(min(e.start for e in rules), max(end, *(e.end or end for e in rules)) + 1)
        orgs = [o.id for o, _ in archive.tree if any(not e.orgs or o.id in e.orgs for e in rules)]
        cells = tuple(
            tuple(
                Due(org, year, rtype.id, tuple(r for r in archive.by_org_year.get((org, year), ()) if r.type == rtype.id))
                if any(expects(e, org, year, end) for e in rules) else None
                for year in years)
            for org in orgs)
        tables.append(TypeStatus(rtype, tuple(years), tuple(orgs), cells))
    return tables


def status_view(archive: Archive) -> dict[str, Any]:
    """Per expected type: who has submitted which year, the gaps, and the latest year's missing orgs first."""
    catalog, types = archive.catalog, []
    for table in build_status(archive):
        due = table.due
        rows = [{
            "org": catalog.orgs[org].label, "url": urls.org_url(org),
            "cells": [None if d is None else {"year": d.year, "reports": [{"url": r.url, "title": r.title} for r in d.reports]} for d in row],
            "missing": sum(1 for d in row if d is not None and not d.reports),
        } for org, row in zip(table.orgs, table.cells)]
        latest = max((d.year for d in due), default=None)
        late = [catalog.orgs[d.org].label for d in due if d.year == latest and not d.reports]
        types.append({
            "type": table.type, "years": table.years, "rows": rows, "expected": len(due),
            "missing": sum(1 for d in due if not d.reports), "latest": latest, "late": late,
            "latest_expected": sum(1 for d in due if d.year == latest),
        })
    return {"kind": "status", "types": types, "configured": bool(catalog.expected), "crumbs": crumbs()}


def render_status_csv(archive: Archive) -> str:
    """One row per expected report with 已交/未交 and the sources that fulfil it, UTF-8 with BOM for Excel."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["org", "year", "type", "status", "sources"])
    for table in build_status(archive):
        for d in table.due:
            writer.writerow([d.org, d.year, d.type, "已交" if d.reports else "未交", csv_cell(" ".join(r.source for r in d.reports))])
    return "\ufeff" + out.getvalue()
