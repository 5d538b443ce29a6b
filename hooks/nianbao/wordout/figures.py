"""Figures as Word tables: a report's metrics card, and a year's figures by org for the compilation."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from lxml import etree

from ..archive import org_tree
from ..fmt import format_quantity
from ..metrics import build_year_values
from ..model import Catalog, Metric, Org, Report
from .tables import Cell, build_table, text_cell

# A table stays readable on a portrait A4 page with at most this many figure columns beside its label column.
MAX_COLUMNS = 5
EMPTY = "—"


def build_card(report: Report, catalog: Catalog) -> etree._Element | None:
    """The report's metrics (a plan's targets) with catalog labels and Chinese numbers, two per row when there are many."""
    values = report.metrics or report.targets
    items = [(catalog.metrics[m].label, format_quantity(v, catalog.metrics[m].unit)) for m, v in values.items() if m in catalog.metrics]
    if not items:
        return None
    heading = "数值" if report.metrics else "目标"
    per_row = 2 if len(items) > 3 else 1
    rows: list[list[Cell]] = [[cell for _ in range(per_row) for cell in (text_cell("指标", header=True), text_cell(heading, header=True))]]
    for start in range(0, len(items), per_row):
        row: list[Cell] = []
        for label, value in items[start:start + per_row]:
            row += [text_cell(label), text_cell(value, align="center")]
        rows.append(row)
    return build_table(rows, caption="主要指标" if report.metrics else "目标")


def build_year_tables(year: int, reports: Iterable[Report], catalog: Catalog) -> list[etree._Element]:
    """The year's figure of each org for each metric (the figure that counts, as on the year page), as tables: orgs as
    rows and metrics as columns, transposed when only the orgs fit across, split into several tables when neither does."""
    values = build_year_values(catalog, reports)
    figures = {key: by_year[year].value for key, by_year in values.items() if year in by_year}
    orgs = [org for org, _ in org_tree(catalog) if any(o == org.id for o, _ in figures)]
    metrics = [metric for metric in catalog.metrics.values() if any(m == metric.id for _, m in figures)]
    if not orgs or not metrics:
        return []

    def cell(org: Org, metric: Metric) -> Cell:
        value = figures.get((org.id, metric.id))
        return text_cell(EMPTY if value is None else format_quantity(value, metric.unit), align="center")

    if len(metrics) > MAX_COLUMNS and len(orgs) <= MAX_COLUMNS:
        rows = [[text_cell("指标", header=True), *(text_cell(o.label, header=True) for o in orgs)]]
        rows += [[text_cell(m.label), *(cell(o, m) for o in orgs)] for m in metrics]
        return [build_table(rows, caption=f"{year}年主要指标")]
    tables = []
    for start in range(0, len(metrics), MAX_COLUMNS):
        group: Sequence[Metric] = metrics[start:start + MAX_COLUMNS]
        rows = [[text_cell("组织", header=True), *(text_cell(m.label, header=True) for m in group)]]
        rows += [[text_cell(o.label), *(cell(o, m) for m in group)] for o in orgs]
        tables.append(build_table(rows, caption=f"{year}年主要指标"))
    return tables
