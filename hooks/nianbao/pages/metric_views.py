"""View models of metrics: the /metrics/ overview, one page per metric, and the charts on org and year pages."""
from __future__ import annotations

from collections import Counter
from typing import Any, Callable, Mapping

from .. import urls
from ..archive import Archive
from ..charts import PALETTE, Series, build_bar_chart, build_line_chart, build_sparkline
from ..fmt import format_change, format_quantity
from ..metrics import Figure, previous_figure, target_met
from ..model import Metric, Number, Org, Report
from .views import crumbs


def formatter(metric: Metric) -> Callable[[Number], str]:
    """Axis labels and tooltips of a metric: compact, with its unit."""
    return lambda value: format_quantity(value, metric.unit)


def span(*tables: Mapping[int, Any]) -> list[int]:
    """Every year from the first to the last year any table has: the x axis, where missing years stay gaps."""
    years = [y for table in tables for y in table]
    return list(range(min(years), max(years) + 1)) if years else []


def cell(metric: Metric, figure: Figure | None) -> dict[str, Any] | None:
    """One figure as a table cell: compact label, exact value, and the report it comes from."""
    if figure is None:
        return None
    return {"label": format_quantity(figure.value, metric.unit), "value": figure.value, "url": figure.report.url, "title": figure.report.title}


def change(metric: Metric, by_year: Mapping[int, Figure], year: int) -> dict[str, Any]:
    """Change of a figure against the latest earlier year that has one, and which year that is."""
    before = previous_figure(by_year, year)
    if before is None or year not in by_year:
        return {"text": "", "since": None}
    return {"text": format_change(by_year[year].value, before[1].value, metric.unit), "since": before[0]}


def org_styles(archive: Archive) -> dict[str, int]:
    """Each org's style number (charts.series_style), the same on every chart; orgs that a chart can show together (a
    parent and its children, a catalog group) get different colours and markers while there are enough, else dashes."""
    orgs = [org for org, _ in archive.tree]
    families = [[o.id] + [c.id for c in orgs if c.parent == o.id] for o in orgs]
    families += [[o.id for o in orgs if o.group == g] for g in dict.fromkeys(o.group for o in orgs if o.group)]
    kin: dict[str, set[str]] = {o.id: set() for o in orgs}
    for family in families:
        for member in family:
            kin[member].update(family)
    count = len(PALETTE)
    uses = [0] * count
    styles: dict[str, int] = {}
    for org in orgs:
        taken = Counter(styles[k] % count for k in kin[org.id] if k in styles)
        base = min(range(count), key=lambda s: (taken[s], uses[s], s))
        styles[org.id] = base + count * uses[base]  # the n-th org of a colour gets the n-th dash pattern
        uses[base] += 1
    return styles


def metrics_view(archive: Archive) -> dict[str, Any]:
    """Every catalog metric with each org's latest value, its change and a sparkline."""
    items = []
    for metric in archive.catalog.metrics.values():
        tables = [(org, archive.values[(org.id, metric.id)]) for org, _ in archive.tree if (org.id, metric.id) in archive.values]
        years = span(*(t for _, t in tables))
        rows = []
        for org, by_year in tables:
            latest = max(by_year)
            rows.append({
                "org": org.label, "url": urls.org_url(org.id), "year": latest, "cell": cell(metric, by_year[latest]),
                "change": change(metric, by_year, latest),
                "spark": build_sparkline({y: f.value for y, f in by_year.items()}, years, formatter(metric), name=org.label),
            })
        items.append({"metric": metric, "url": urls.metric_url(metric.id), "rows": rows})
    return {"kind": "metrics", "metrics": items, "crumbs": crumbs()}


def metric_groups(archive: Archive, org_ids: list[str]) -> list[dict[str, Any]]:
    """The selections a metric chart offers: all orgs, each parent with its children, each org group (e.g. 总工会)."""
    catalog = archive.catalog
    groups = [{"id": "all", "label": "全部组织", "orgs": org_ids}]
    for org, _ in archive.tree:
        members = [i for i in org_ids if i == org.id or catalog.orgs[i].parent == org.id]
        if 1 < len(members) < len(org_ids):  # a group of one org is that org's own page
            groups.append({"id": f"p-{org.id}", "label": f"{org.label}及下级", "orgs": members})
    names = list(dict.fromkeys(catalog.orgs[i].group for i in org_ids if catalog.orgs[i].group))
    for n, name in enumerate(names):
        members = [i for i in org_ids if catalog.orgs[i].group == name]
        if len(members) < len(org_ids):
            groups.append({"id": f"g{n + 1}", "label": f"全部{name}", "orgs": members})
    return groups


def metric_view(archive: Archive, metric_id: str) -> dict[str, Any]:
    """One metric: a line per org over the years, selectable by group, and the same numbers as a table."""
    metric = archive.catalog.metrics[metric_id]
    tables = {org.id: archive.values[(org.id, metric_id)] for org, _ in archive.tree if (org.id, metric_id) in archive.values}
    years = span(*tables.values())
    styles = org_styles(archive)
    groups = []
    for group in metric_groups(archive, list(tables)) if tables else []:
        series = [Series(i, archive.catalog.orgs[i].label, {y: f.value for y, f in tables[i].items()}) for i in group["orgs"]]
        chart = build_line_chart(series, years, formatter(metric), title=f"{metric.label}：{group['label']}，{years[0]}—{years[-1]}年",
                                 styles=[styles[i] for i in group["orgs"]])
        groups.append({**group, "chart": chart})
    rows = [{"org": archive.catalog.orgs[i].label, "url": urls.org_url(i), "cells": [cell(metric, t.get(y)) for y in years]} for i, t in tables.items()]
    return {"kind": "metric", "metric": metric, "years": years, "groups": groups, "rows": rows, "crumbs": crumbs(("指标", urls.METRICS))}


def org_metrics(archive: Archive, org: Org) -> list[dict[str, Any]]:
    """Per metric of one org: a chart of values (and targets) over the years, and each year's change and target."""
    items = []
    for metric in archive.catalog.metrics.values():
        values = archive.values.get((org.id, metric.id), {})
        targets = archive.targets.get((org.id, metric.id), {})
        if not values and not targets:
            continue
        years = span(values, targets)
        series = [Series(org.id, "实际", {y: f.value for y, f in values.items()})]
        if targets:
            series.append(Series(f"{org.id}-target", "目标", {y: f.value for y, f in targets.items()}, dashed=True))
        chart = build_line_chart(series, years, formatter(metric), title=f"{org.label}{metric.label}，{years[0]}—{years[-1]}年", height=200)
        rows = []
        for year in reversed(years):
            if year in values or year in targets:
                actual, target = values.get(year), targets.get(year)
                met = target_met(metric, target.value, actual.value) if actual and target else None
                rows.append({"year": year, "cell": cell(metric, actual), "change": change(metric, values, year), "target": cell(metric, target), "met": met})
        items.append({"metric": metric, "url": urls.metric_url(metric.id), "chart": chart, "rows": rows, "has_targets": bool(targets)})
    return items


def year_metrics(archive: Archive, year: int) -> list[dict[str, Any]]:
    """Per metric with figures that year: the orgs compared in a sorted bar chart and a table."""
    items = []
    for metric in archive.catalog.metrics.values():
        figures = [(org, archive.values[(org.id, metric.id)]) for org, _ in archive.tree if year in archive.values.get((org.id, metric.id), {})]
        if not figures:
            continue
        chart = build_bar_chart([(org.id, org.label, by_year[year].report.url, by_year[year].value) for org, by_year in figures],
                                formatter(metric), title=f"{year}年各组织{metric.label}")
        rows = {org.id: {"org": org.label, "url": urls.org_url(org.id), "cell": cell(metric, by_year[year]), "change": change(metric, by_year, year)}
                for org, by_year in figures}
        items.append({"metric": metric, "url": urls.metric_url(metric.id), "chart": chart, "rows": [rows[bar.key] for bar in chart.bars]})
    return items


def report_targets(archive: Archive, report: Report) -> list[dict[str, Any]]:
    """On a summary or a plan: the targets of its org's plan for that year, with the actual figure and whether it was met."""
    if archive.catalog.role(report.type) not in ("summary", "plan"):
        return []
    rows = []
    for metric in archive.catalog.metrics.values():
        target = archive.targets.get((report.org, metric.id), {}).get(report.year)
        if target is None:
            continue
        actual = archive.values.get((report.org, metric.id), {}).get(report.year)
        rows.append({
            "label": metric.label, "url": urls.metric_url(metric.id), "target": cell(metric, target), "actual": cell(metric, actual),
            "met": target_met(metric, target.value, actual.value) if actual else None,
        })
    return rows
