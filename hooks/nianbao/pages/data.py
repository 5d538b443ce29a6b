"""The machine-readable data files: /data/reports.json and /data/metrics.csv."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping

from ..archive import Archive
from ..fmt import format_date

REPORTS_JSON = "data/reports.json"
METRICS_CSV = "data/metrics.csv"
TARGETS_CSV = "data/targets.csv"


def render_reports_json(archive: Archive, reused: Mapping[str, int | None] | None = None) -> str:
    """Every published report's metadata as a JSON array, oldest first (with `reused`: the percent reused, or null)."""
    items = [
        {
            "source": r.source, "url": r.url, "title": r.title, "org": r.org, "year": r.year, "type": r.type,
            "date": format_date(r.date) or None, "tags": list(r.tags), "summary": r.summary, "metrics": dict(r.metrics), "targets": dict(r.targets),
        } | ({"reused_percent": reused.get(r.source)} if reused is not None else {})
        for r in reversed(archive.reports)
    ]
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"


def csv_cell(value: object) -> object:
    """A cell Excel shows as written: text starting with = + - @ (a formula to Excel) gets a leading apostrophe."""
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def render_metrics_csv(archive: Archive, field: str = "metrics") -> str:
    """One row per report × metric (or × target), UTF-8 with BOM so Excel reads the Chinese correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["source", "org", "year", "type", "metric", "value", "unit"])
    for r in reversed(archive.reports):
        for metric, value in getattr(r, field).items():
            row = [r.source, r.org, r.year, r.type, metric, value, archive.catalog.metrics[metric].unit]
            writer.writerow([csv_cell(cell) for cell in row])
    return "\ufeff" + out.getvalue()
