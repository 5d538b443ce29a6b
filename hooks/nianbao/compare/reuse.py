"""Stage four: text carried over verbatim from the same org's earlier reports, as a share and as passages.

A character of a report counts as reused when it lies inside some window of MIN_RUN (20) normalised characters that
also occurs in a report of the same org from a strictly earlier year (any type). Reports of the same year do not count
for each other: which of them copied from which is unknown. Texts are normalised first (see normalise.py), so
punctuation width, whitespace and Markdown markers do not break a run. Each org's reports are taken in year order;
a year's reports are checked against an index of the earlier years' windows, then added to it — never pairwise.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from types import MappingProxyType

import numpy as np

from ..model import Report
from .normalise import Normalised, normalise
from .windows import WindowIndex, code_points

MIN_RUN = 20


@dataclass(frozen=True)
class ReusedSpan:
    """A maximal passage of the report made of windows found in earlier reports."""

    start: int  # offsets into the report's normalised text
    end: int
    body_start: int  # the same passage in report.body (markup inside it included)
    body_end: int
    line: int  # file lines of its first and last character
    end_line: int
    sources: tuple[str, ...]  # the earlier reports (source paths, oldest first) where its windows first occur


@dataclass(frozen=True)
class Reuse:
    """How much of a report repeats its org's earlier reports."""

    source: str
    length: int  # characters of normalised text
    reused: int  # of them, characters inside reused windows
    spans: tuple[ReusedSpan, ...]
    compared: int  # how many earlier reports it was checked against

    @property
    def share(self) -> float:
        """The reused fraction, 0..1."""
        return self.reused / self.length if self.length else 0.0

    @property
    def percent(self) -> float:
        """The reused share in percent, one decimal."""
        return round(100 * self.share, 1)


def find_reuse(reports: Iterable[Report], min_run: int = MIN_RUN) -> Mapping[str, Reuse]:
    """Every report's reuse of its org's earlier reports, by source path (sorted)."""
    by_org: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        by_org[report.org].append(report)
    found: dict[str, Reuse] = {}
    for org in sorted(by_org):
        index = WindowIndex(min_run)
        added: list[Report] = []
        for _, group in groupby(sorted(by_org[org], key=lambda r: r.sort_key), key=lambda r: r.year):
            year = list(group)
            texts = [normalise(r.body) for r in year]
            for report, text in zip(year, texts):
                found[report.source] = measure_reuse(report, text, index, added)
            index.add([t.text for t in texts])
            added += year
    return MappingProxyType(dict(sorted(found.items())))


def report_reuse(report: Report, earlier: Iterable[Report], min_run: int = MIN_RUN) -> Reuse:
    """One report's reuse of `earlier` (only the same org's reports from a strictly earlier year count), for one page."""
    prior = sorted((r for r in earlier if r.org == report.org and r.year < report.year), key=lambda r: r.sort_key)
    index = WindowIndex(min_run)
    index.add([normalise(r.body).text for r in prior])
    return measure_reuse(report, normalise(report.body), index, prior)


def measure_reuse(report: Report, text: Normalised, index: WindowIndex, added: Sequence[Report]) -> Reuse:
    """Cover the report's normalised text with its windows found in `index` (whose texts are `added`, in order)."""
    matched, where = index.lookup(text.text)
    size, width = len(text.text), index.width
    starts = np.flatnonzero(matched)
    if not len(starts):
        return Reuse(report.source, size, 0, (), len(added))
    delta = np.bincount(starts, minlength=size + 1) - np.bincount(starts + width, minlength=size + 1)
    covered = np.cumsum(delta[:size]) > 0
    edges = np.flatnonzero(np.diff(np.concatenate(([0], covered.astype(np.int8), [0]))))
    owners = index.owner(where[starts])
    first, last = edges[0::2], edges[1::2]
    body_first = np.asarray(text.origin, np.int64)[first]
    body_last = np.asarray(text.origin, np.int64)[last - 1]
    breaks = np.flatnonzero(code_points(report.body) == ord("\n"))
    lines = report.body_line + np.searchsorted(breaks, np.concatenate((body_first, body_last)))
    spans = []
    for k, (start, end) in enumerate(zip(first.tolist(), last.tolist())):
        inside = slice(np.searchsorted(starts, start), np.searchsorted(starts, end - width, side="right"))
        sources = tuple(added[o].source for o in np.unique(owners[inside]).tolist())
        spans.append(ReusedSpan(start, end, int(body_first[k]), int(body_last[k]) + 1, int(lines[k]), int(lines[len(first) + k]), sources))
    return Reuse(report.source, size, int(covered.sum()), tuple(spans), len(added))
