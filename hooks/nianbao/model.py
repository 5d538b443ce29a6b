"""The data model: catalog entries and reports as frozen dataclasses."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

Number = int | float


@dataclass(frozen=True)
class Org:
    """An organisation that writes reports."""

    id: str
    name: str
    parent: str | None = None
    short: str = ""
    aliases: tuple[str, ...] = ()
    group: str = ""  # a category across parents, e.g. 总工会: metric pages offer it as a selection

    @property
    def label(self) -> str:
        """The short name where one is given, else the full name."""
        return self.short or self.name


@dataclass(frozen=True)
class ReportType:
    """A kind of report (年度工作总结, 工作计划, …)."""

    id: str
    name: str
    role: str = ""  # one of ROLES, or "" (other)


FIRST_YEAR, LAST_YEAR = 1949, 2100  # the years a report or catalog rule may name
ROLES = ("summary", "plan", "interim")  # a full-year summary (its metrics are the year's), a plan (may state targets), a partial-year report


@dataclass(frozen=True)
class Metric:
    """A figure reports may state in front matter."""

    id: str
    label: str
    unit: str
    description: str = ""
    better: str = "higher"  # higher | lower: which way a target is met
    max: float | None = None  # a larger value is questionable (warned); percentages default to 100

    @property
    def ceiling(self) -> float | None:
        """The largest plausible value: `max`, else 100 for a percentage."""
        return self.max if self.max is not None else (100.0 if self.unit == "%" else None)


@dataclass(frozen=True)
class Expectation:
    """Reports the office expects: these types from these orgs (empty: every org), each year from `start`."""

    types: tuple[str, ...]
    orgs: tuple[str, ...]
    start: int
    end: int | None = None


@dataclass(frozen=True)
class Catalog:
    """Everything reports may refer to, in the order the catalog lists it."""

    orgs: Mapping[str, Org] = field(default_factory=lambda: MappingProxyType({}))
    types: Mapping[str, ReportType] = field(default_factory=lambda: MappingProxyType({}))
    metrics: Mapping[str, Metric] = field(default_factory=lambda: MappingProxyType({}))
    expected: tuple[Expectation, ...] = ()

    def role(self, type_id: str) -> str:
        """The role of a report type ('' when it has none)."""
        rtype = self.types.get(type_id)
        return rtype.role if rtype else ""

    def children(self, org_id: str | None) -> list[Org]:
        """The orgs whose parent is `org_id` (None: the top-level orgs), in catalog order."""
        return [o for o in self.orgs.values() if o.parent == org_id]


@dataclass(frozen=True)
class Report:
    """One published report: validated front matter plus its Markdown body."""

    source: str  # POSIX path under reports/, e.g. "2021/pingshan-zgh.md"
    url: str  # site-relative URL, e.g. "reports/2021/pingshan-zgh/"
    title: str
    org: str
    year: int
    type: str
    date: datetime.date | None = None
    tags: tuple[str, ...] = ()
    summary: str = ""
    metrics: Mapping[str, Number] = field(default_factory=lambda: MappingProxyType({}))
    targets: Mapping[str, Number] = field(default_factory=lambda: MappingProxyType({}))
    draft: bool = False
    public: bool = False  # may be published outside (REPORTS_AUDIENCE=public)
    body: str = ""
    body_line: int = 1
    lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}), compare=False)  # front-matter key → line, for later checks

    @property
    def sort_key(self) -> tuple[int, str, str]:
        """Chronological order: year, then date, then source path."""
        return (self.year, self.date.isoformat() if self.date else "", self.source)
