"""Derived indexes over the validated reports: by org, year, tag and (org, type) series."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from types import MappingProxyType
from typing import Iterable, Mapping

from .metrics import Figure, build_targets, build_year_values
from .model import Catalog, Number, Org, Report


@dataclass(frozen=True)
class Archive:
    """The catalog, the published reports (newest first) and every index derived from them."""

    catalog: Catalog
    reports: tuple[Report, ...]
    by_source: Mapping[str, Report]
    by_org: Mapping[str, tuple[Report, ...]]
    by_year: Mapping[int, tuple[Report, ...]]
    by_tag: Mapping[str, tuple[Report, ...]]
    tag_slugs: Mapping[str, str]
    series: Mapping[tuple[str, str], tuple[Report, ...]]  # (org, type) → chronological
    by_org_year: Mapping[tuple[str, int], tuple[Report, ...]]
    tree: tuple[tuple[Org, int], ...]  # every org with its depth, depth first
    values: Mapping[tuple[str, str], Mapping[int, Figure]]  # (org, metric) → year → the figure that counts
    targets: Mapping[tuple[str, str], Mapping[int, Figure]]  # (org, metric) → year → its plan's target

    @property
    def years(self) -> list[int]:
        """Every year with a report, newest first."""
        return sorted(self.by_year, reverse=True)


def build_archive(catalog: Catalog, reports: Iterable[Report]) -> Archive:
    """Index the reports a build publishes (see publish.select_reports) every way the site needs."""
    published = sorted(reports, key=lambda r: r.sort_key, reverse=True)
    by_org: dict[str, list[Report]] = defaultdict(list)
    by_year: dict[int, list[Report]] = defaultdict(list)
    by_tag: dict[str, list[Report]] = defaultdict(list)
    series: dict[tuple[str, str], list[Report]] = defaultdict(list)
    by_org_year: dict[tuple[str, int], list[Report]] = defaultdict(list)
    for report in published:
        by_org[report.org].append(report)
        by_org_year[(report.org, report.year)].append(report)
        by_year[report.year].append(report)
        series[(report.org, report.type)].insert(0, report)
        for tag in report.tags:
            by_tag[tag].append(report)
    tags = sorted(by_tag, key=lambda t: (-len(by_tag[t]), t))
    return Archive(
        catalog=catalog,
        reports=tuple(published),
        by_source=MappingProxyType({r.source: r for r in published}),
        by_org=_freeze(by_org),
        by_year=_freeze(by_year),
        by_tag=_freeze({t: by_tag[t] for t in tags}),
        tag_slugs=MappingProxyType(build_tag_slugs(tags)),
        series=_freeze(series),
        by_org_year=_freeze(by_org_year),
        tree=tuple(org_tree(catalog)),
        values=MappingProxyType(build_year_values(catalog, published)),
        targets=MappingProxyType(build_targets(published)),
    )


def _freeze(groups: Mapping) -> Mapping:
    return MappingProxyType({key: tuple(value) for key, value in groups.items()})


def build_tag_slugs(tags: Iterable[str]) -> dict[str, str]:
    """A unique URL segment per tag: CJK and letters kept, everything else becomes '-'."""
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for tag in tags:
        base = re.sub(r"[^\w-]+", "-", tag).strip("-_").lower() or "tag"
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        slugs[tag] = slug
    return slugs


def neighbours(archive: Archive, report: Report) -> tuple[Report | None, Report | None]:
    """The same org's previous and next report of the same type."""
    chain = archive.series[(report.org, report.type)]
    i = chain.index(report)
    return (chain[i - 1] if i > 0 else None, chain[i + 1] if i + 1 < len(chain) else None)


def previous_value(archive: Archive, report: Report, metric: str) -> tuple[Report, Number] | None:
    """The latest earlier report of the same org and type that states `metric`, with its value."""
    chain = archive.series[(report.org, report.type)]
    for earlier in reversed(chain[: chain.index(report)]):
        if metric in earlier.metrics:
            return earlier, earlier.metrics[metric]
    return None


def org_tree(catalog: Catalog, root: str | None = None, depth: int = 0) -> list[tuple[Org, int]]:
    """Every org below `root` in catalog order, depth first, with its depth."""
    out: list[tuple[Org, int]] = []
    for org in catalog.children(root):
        out.append((org, depth))
        out += org_tree(catalog, org.id, depth + 1)
    return out


def subtree_ids(catalog: Catalog, org_id: str) -> list[str]:
    """The org and all its descendants."""
    return [org_id] + [o.id for o, _ in org_tree(catalog, org_id)]

