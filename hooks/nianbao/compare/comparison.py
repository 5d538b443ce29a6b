"""Two reports side by side: which earlier report to compare with, their sections aligned and diffed, their metrics."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import groupby
from types import MappingProxyType

from ..model import Catalog, Number, Report
from .align import SectionPair, align_sections
from .sections import split_sections
from .textdiff import FOLD_OVER, Run, TextDiff, char_runs, diff_text


@dataclass(frozen=True)
class SectionComparison:
    """An aligned section pair with its heading and text differences."""

    pair: SectionPair
    heading: tuple[Run, ...]  # the heading as written (numbering included), old → new
    diff: TextDiff


@dataclass(frozen=True)
class MetricChange:
    """A front-matter metric before → after."""

    metric: str
    label: str
    unit: str
    before: Number | None
    after: Number | None
    status: str  # same | up | down | added | removed

    @property
    def delta(self) -> Number | None:
        """after − before, when both are stated."""
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass(frozen=True)
class Comparison:
    """An old and a new report compared section by section."""

    old: Report
    new: Report
    sections: tuple[SectionComparison, ...]
    metrics: tuple[MetricChange, ...]

    @property
    def counts(self) -> dict[str, int]:
        """How many sections have each status, in a fixed order."""
        statuses = [s.pair.status for s in self.sections]
        return {status: statuses.count(status) for status in ("same", "changed", "moved", "added", "removed")}


def previous_report(reports: Iterable[Report], report: Report) -> Report | None:
    """The same org's report of the same type from the nearest earlier year (the latest of that year by date and path)."""
    earlier = [r for r in reports if r.org == report.org and r.type == report.type and r.year < report.year]
    return max(earlier, key=lambda r: r.sort_key, default=None)


def previous_reports(reports: Iterable[Report]) -> Mapping[str, Report]:
    """previous_report for every report at once (source → its earlier report; reports without one are left out)."""
    chains: dict[tuple[str, str], list[Report]] = defaultdict(list)
    for report in reports:
        chains[(report.org, report.type)].append(report)
    found: dict[str, Report] = {}
    for chain in chains.values():
        latest: Report | None = None  # the latest report of the years before the current one
        for _, group in groupby(sorted(chain, key=lambda r: r.sort_key), key=lambda r: r.year):
            year = list(group)
            if latest is not None:
                found.update((r.source, latest) for r in year)
            latest = year[-1]
    return MappingProxyType(dict(sorted(found.items())))


def compare_reports(old: Report, new: Report, catalog: Catalog | None = None, fold_over: int = FOLD_OVER) -> Comparison:
    """Align the two bodies' sections and diff each pair; list the metrics before → after (catalog order when given)."""
    pairs = align_sections(split_sections(old.body, old.body_line), split_sections(new.body, new.body_line), old.year, new.year)
    sections = tuple(SectionComparison(pair, _heading_runs(pair), diff_text(pair.old.text if pair.old else "",
                                                                           pair.new.text if pair.new else "", fold_over))
                     for pair in pairs)
    return Comparison(old, new, sections, compare_metrics(old, new, catalog))


def _heading_runs(pair: SectionPair) -> tuple[Run, ...]:
    """The heading's character diff; one run when only one side exists."""
    old = pair.old.heading if pair.old else ""
    new = pair.new.heading if pair.new else ""
    if pair.old is None:
        return (Run("insert", new),) if new else ()
    if pair.new is None:
        return (Run("delete", old),) if old else ()
    return (Run("equal", new),) if old == new else char_runs(old, new)


def compare_metrics(old: Report, new: Report, catalog: Catalog | None = None) -> tuple[MetricChange, ...]:
    """Every metric either report states, in catalog order (then by id), with its value in each."""
    ids = set(old.metrics) | set(new.metrics)
    order = list(catalog.metrics) if catalog else []
    changes = []
    for metric_id in sorted(ids, key=lambda m: (order.index(m) if m in order else len(order), m)):
        metric = catalog.metrics.get(metric_id) if catalog else None
        before, after = old.metrics.get(metric_id), new.metrics.get(metric_id)
        if before is None:
            status = "added"
        elif after is None:
            status = "removed"
        else:
            status = "same" if after == before else "up" if after > before else "down"
        changes.append(MetricChange(metric_id, metric.label if metric else metric_id, metric.unit if metric else "", before, after, status))
    return tuple(changes)
