"""What the comparison pages are made from (issue 19), derived org by org: reuse shares, follow-through, picker files and
the comparisons themselves, rendered to HTML where they are made.

Everything depends only on one org's reports: a preview keeps each org's result until one of its reports changes,
each comparison until one of its two reports (or the passages it marks as reused) does, each follow-through until its
plan or summary does. The build runs `derive_stages` in forked children (CompareJob) beside MkDocs' rendering.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from ..compare import Reuse, compare_reports, find_reuse, follow_through, plan_pairs, previous_reports
from ..jobs import ForkedJob, cores, share
from ..model import Catalog, Report
from .compare_data import comparison_data, follow_data, render_text_json, text_json
from .compare_html import render_sections


@dataclass(frozen=True)
class Derived:
    """What the comparisons add to a site, as plain data (it crosses from the forked child by pickle)."""

    reused: Mapping[str, int | None]  # source → percent reused from the org's earlier years (None: no earlier report)
    pages: Mapping[str, dict[str, Any]]  # source → its comparison with the previous report
    follow: Mapping[str, dict[str, Any]]  # summary or plan source → plan follow-through
    files: Mapping[str, str]  # the picker's data, one file per report
    previous: Mapping[str, str]  # source → the report it is compared with


_memo: dict[str, tuple[str, Derived]] = {}  # org → (stamp of its reports, its part): previews only
_pairs: dict[tuple[str, str, tuple[Any, ...]], dict[str, Any]] = {}  # (old stamp, new stamp, reused passages) → page: previews
_follows: dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]] = {}  # (plan stamp, summary stamp) → data: previews
_reuses: dict[str, tuple[str, Mapping[str, Reuse]]] = {}  # org → (stamp of its texts, their reuse): a title edit keeps it


def derive(reports: Iterable[Report], catalog: Catalog, memo: bool = False, templates: Path | None = None) -> Derived:
    """Every comparison, reuse share, follow-through and picker file of these reports (one edition's)."""
    parts = []
    orgs = _by_org(reports)
    stamps = {r.source: _report_stamp(r) for mine in orgs.values() for r in mine} if memo else None
    for org, mine in orgs.items():
        key = _digest(([stamps[r.source] for r in mine], catalog, templates)) if stamps else ""
        known = _memo.get(org) if memo else None
        if known and known[0] == key:
            parts.append(known[1])
            continue
        quick, reuse = derive_quick(mine, catalog, stamps)
        part = replace(quick, pages=derive_pages(mine, catalog, reuse, templates, stamps))
        if memo:
            _memo[org] = (key, part)
        parts.append(part)
    if memo:
        for org in set(_memo) - set(orgs):
            del _memo[org]
            _reuses.pop(org, None)
        used = {id(page) for part in parts for page in part.pages.values()}
        for key in [k for k, page in _pairs.items() if id(page) not in used]:
            del _pairs[key]
        followed = {id(data) for part in parts for data in part.follow.values()}
        for key in [k for k, (summary, _) in _follows.items() if id(summary) not in followed]:
            del _follows[key]
    return merge(parts)


def derive_stages(reports: Iterable[Report], catalog: Catalog, templates: Path | None = None) -> Iterator[Derived]:
    """derive() in two steps: everything but the comparisons (wanted before any page is rendered), then the comparisons."""
    orgs = _by_org(reports)
    quick = {org: derive_quick(mine, catalog) for org, mine in orgs.items()}
    yield merge(part for part, _ in quick.values())
    yield merge(Derived({}, derive_pages(mine, catalog, quick[org][1], templates), {}, {}, {}) for org, mine in orgs.items())


def _by_org(reports: Iterable[Report]) -> dict[str, list[Report]]:
    """Reports by org (orgs sorted), each org's oldest first."""
    by_org: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        by_org[report.org].append(report)
    return {org: sorted(mine, key=lambda r: r.sort_key) for org, mine in sorted(by_org.items())}


def merge(parts: Iterable[Derived]) -> Derived:
    """Parts for disjoint sets of orgs as one (plain dicts: a mappingproxy cannot be pickled)."""
    parts = list(parts)
    return Derived(*({k: v for p in parts for k, v in getattr(p, f.name).items()} for f in fields(Derived)))


class CompareJob:
    """derive_stages() in forked children beside the build, each for a share of the orgs: reuse shares, follow-through
    and picker files first (wanted before any page is rendered), then the comparison pages (rendered last)."""

    def __init__(self, reports: Iterable[Report], catalog: Catalog, templates: Path | None = None) -> None:
        by_org = _by_org(reports)
        orgs = sorted(by_org, key=lambda o: (-len(by_org[o]), o))
        parts = share(orgs, max(1, cores() - 1))  # the build's own process keeps a core (two children: +80 MB, -1 s at 1,000)
        self._jobs = [ForkedJob(derive_stages, [r for o in part for r in by_org[o]], catalog, templates, stages=2)
                      for part in parts if part]

    def result(self) -> Derived:
        """Everything but the comparisons."""
        return merge(job.result() for job in self._jobs)

    def pages(self) -> Mapping[str, dict[str, Any]]:
        """The comparisons, once every child is done."""
        return merge(job.result() for job in self._jobs).pages


def _digest(value: object) -> str:
    """A hash of the value's repr (plain data and dataclasses, whose reprs show every field)."""
    return hashlib.blake2b(repr(value).encode("utf-8", "backslashreplace"), digest_size=16).hexdigest()


def _report_stamp(r: Report) -> str:
    """A hash of what a report's comparisons, follow-through and picker file are made from."""
    return _digest((r.source, r.url, r.title, r.year, r.type, r.sort_key, r.body, r.body_line, dict(r.metrics)))


def derive_quick(reports: list[Report], catalog: Catalog,
                 stamps: Mapping[str, str] | None = None) -> tuple[Derived, Mapping[str, Reuse]]:
    """One org's reuse shares, follow-through and picker files (reports oldest first), and the reuse it measured; given
    the reports' `stamps`, a preview redoes only the follow-through of plan–summary pairs an edit changed."""
    reuse = _reuse(reports) if stamps else find_reuse(reports)
    reused = {s: (round(100 * r.share) if r.compared else None) for s, r in reuse.items()}
    earlier = previous_reports(reports)
    follow: dict[str, dict[str, Any]] = {}
    in_catalog = _digest(catalog) if stamps else ""
    for plan, summary in plan_pairs(reports, catalog):
        key = (in_catalog + stamps[plan.source], stamps[summary.source]) if stamps else None
        data = _follows.get(key) if key else None
        if data is None:
            found = follow_through(plan, summary)
            data = (follow_data(found, plan), follow_data(found, summary))  # (for the summary's page, for the plan's)
            if key:
                _follows[key] = data
        follow[summary.source], follow[plan.source] = data
    return Derived(reused, {}, follow, {text_json(r.source): render_text_json(r, earlier) for r in reports},
                   {s: r.source for s, r in earlier.items()}), reuse


def _reuse(reports: list[Report]) -> Mapping[str, Reuse]:
    """find_reuse of one org's reports, kept while their texts and order stay the same (previews)."""
    key = _digest([(r.source, r.sort_key, r.body, r.body_line) for r in reports])
    known = _reuses.get(reports[0].org)
    if known is None or known[0] != key:
        known = _reuses[reports[0].org] = (key, find_reuse(reports))
    return known[1]


def derive_pages(reports: list[Report], catalog: Catalog, reuse: Mapping[str, Reuse], templates: Path | None = None,
                 stamps: Mapping[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """One org's comparison pages (reports oldest first); given the reports' `stamps`, a preview redoes only the pairs an
    edit changed."""
    earlier = previous_reports(reports)
    memo = stamps is not None
    stamps = stamps or {}
    in_catalog = _digest((catalog, templates)) if memo else ""  # metric labels and units show in the pages
    compared = {}
    for report in reports:  # oldest first: each report's sections are met twice in a row
        if report.source in earlier:
            old, spans = earlier[report.source], reuse[report.source].spans
            marked = tuple((s.body_start, s.body_end) for s in spans)  # all a page shows of them (not where they came from)
            key = (in_catalog + stamps.get(old.source, ""), stamps.get(report.source, ""), marked)
            page = _pairs.get(key) if memo else None
            if page is None:
                page = render_sections(comparison_data(compare_reports(old, report, catalog), reuse[report.source]), templates)
            compared[report.source] = page
            if memo:
                _pairs[key] = page
    return compared
