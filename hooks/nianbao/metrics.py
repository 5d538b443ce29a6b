"""Metric figures across years: each org's value for a year, plan targets, and sanity checks on both."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from .fmt import format_quantity
from .model import Catalog, Metric, Number, Report
from .problems import WARNING, Problem

# Report roles whose figures count as the year's value; a summary wins over any other report of that year.
YEAR_SOURCES = {"summary": 0, "": 1}
MAX_RATIO = 10  # a year-over-year change beyond this factor is probably a typo (a missing or extra 0)


@dataclass(frozen=True)
class Figure:
    """A value and the report that states it."""

    value: Number
    report: Report


FigureTable = Mapping[tuple[str, str], Mapping[int, Figure]]  # (org, metric) → year → figure, years ascending


def counts_for_year(catalog: Catalog, report: Report) -> bool:
    """Whether the report's metrics are candidates for its org's value of that year (plans and interim reports are not)."""
    return catalog.role(report.type) in YEAR_SOURCES


def build_year_values(catalog: Catalog, reports: Iterable[Report]) -> dict[tuple[str, str], dict[int, Figure]]:
    """(org, metric) → year → the figure that counts: a summary's first, else the latest other report's."""
    return _tabulate(reports, "metrics", lambda report: YEAR_SOURCES.get(catalog.role(report.type)))


def build_targets(reports: Iterable[Report]) -> dict[tuple[str, str], dict[int, Figure]]:
    """(org, metric) → year → the target its plan for that year states (the latest plan wins)."""
    return _tabulate(reports, "targets", lambda report: 0)


def _tabulate(reports: Iterable[Report], field: str, rank: Callable[[Report], int | None]) -> dict[tuple[str, str], dict[int, Figure]]:
    """The figures of `field` by (org, metric) and year: the lowest rank wins, among equals the later report; None skips a report."""
    table: dict[tuple[str, str], dict[int, Figure]] = defaultdict(dict)
    for report in sorted(reports, key=lambda r: r.sort_key):  # chronological: among equals the later report wins
        mine = rank(report)
        if mine is None:
            continue
        for metric, value in getattr(report, field).items():
            current = table[(report.org, metric)].get(report.year)
            if current is None or mine <= rank(current.report):
                table[(report.org, metric)][report.year] = Figure(value, report)
    return {key: dict(sorted(by_year.items())) for key, by_year in table.items()}


def previous_figure(by_year: Mapping[int, Figure], year: int) -> tuple[int, Figure] | None:
    """The latest year before `year` that has a figure."""
    earlier = [y for y in by_year if y < year]
    return (max(earlier), by_year[max(earlier)]) if earlier else None


def target_met(metric: Metric, target: Number, actual: Number) -> bool:
    """Whether `actual` reaches `target` in the metric's better direction."""
    return actual <= target if metric.better == "lower" else actual >= target


def check_figures(catalog: Catalog, reports: list[Report], display: str = "reports") -> list[Problem]:
    """Questionable figures, as warnings: above the metric's ceiling (100 for a percentage), negative, 10× jumps, conflicting duplicates."""
    problems: list[Problem] = []

    def warn(report: Report, field: str, message: str, hint: str) -> None:
        problems.append(Problem(f"{display}/{report.source}", report.lines.get(field, 1), field, message, hint, WARNING))

    for report in reports:
        for name, figures in (("metrics", report.metrics), ("targets", report.targets)):
            for metric_id, value in figures.items():
                metric = catalog.metrics[metric_id]
                if metric.ceiling is not None and value > metric.ceiling:
                    ceiling = format_quantity(metric.ceiling, metric.unit)
                    warn(report, f"{name}.{metric_id}", f"{metric.label} 为 {format_quantity(value, metric.unit)}，超过 {ceiling}",
                         f"请核对数值；确实可以超过时，在 reports/catalog.yml 中为该指标设置更大的 max（现为 {ceiling}）")
                elif value < 0:
                    warn(report, f"{name}.{metric_id}", f"{metric.label} 为负数 {value}", "请核对数值和符号")
    values = build_year_values(catalog, reports)
    for (_, metric_id), by_year in values.items():
        metric = catalog.metrics[metric_id]
        for year, figure in by_year.items():
            before = by_year.get(year - 1)
            if before and before.value > 0 and figure.value > 0 and max(figure.value / before.value, before.value / figure.value) > MAX_RATIO:
                warn(figure.report, f"metrics.{metric_id}",
                     f"{metric.label} 由 {year - 1}年的 {format_quantity(before.value, metric.unit)}（{display}/{before.report.source}）"
                     f"变为 {format_quantity(figure.value, metric.unit)}，相差 {MAX_RATIO} 倍以上", "请核对是否多写或漏写了 0、单位是否一致")
    problems += _conflicts(catalog, [r for r in reports if counts_for_year(catalog, r)], values, "metrics", display)
    problems += _conflicts(catalog, reports, build_targets(reports), "targets", display)
    return problems


def _conflicts(catalog: Catalog, reports: list[Report], chosen: FigureTable, name: str, display: str) -> list[Problem]:
    """A figure stated by two reports of the same org and year with different values: warn at each one not used."""
    problems = []
    for report in reports:
        for metric_id, value in getattr(report, name).items():
            used = chosen[(report.org, metric_id)][report.year]
            if used.report is not report and used.value != value:
                metric = catalog.metrics[metric_id]
                what = "目标" if name == "targets" else "数值"
                problems.append(Problem(
                    f"{display}/{report.source}", report.lines.get(f"{name}.{metric_id}", 1), f"{name}.{metric_id}",
                    f"{report.year}年{metric.label}的{what}与 {display}/{used.report.source} 不同（{format_quantity(value, metric.unit)} 与 {format_quantity(used.value, metric.unit)}）",
                    f"同一组织同一年度只应有一个{what}；网站采用 {display}/{used.report.source} 中的 {format_quantity(used.value, metric.unit)}，请统一两处", WARNING))
    return problems
