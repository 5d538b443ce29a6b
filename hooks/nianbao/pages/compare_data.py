"""The data of a comparison page, a plan's follow-through and the picker's report files (issue 19), as plain data."""
from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Mapping
from typing import Any

from ..compare import Comparison, FollowThrough, Reuse, split_sections
from ..fmt import format_change, format_quantity
from ..model import Report

METRIC_STATUS = {"same": "持平", "up": "增加", "down": "减少", "added": "新增", "removed": "删去"}


def compare_url(source: str) -> str:
    """The site-relative URL of a report's comparison page."""
    return f"reports/{source.removesuffix('.md')}/compare/"


def text_json(source: str) -> str:
    """The picker's data for one report, its sections: fetched only when the report is chosen."""
    return f"compare/text/{source.removesuffix('.md')}.json"


def side(report: Report) -> dict[str, Any]:
    """One side of a comparison: the source path (reports/…), title, year and page."""
    return {"source": f"reports/{report.source}", "title": report.title, "year": report.year, "url": report.url}


def comparison_data(comparison: Comparison, reuse: Reuse | None) -> dict[str, Any]:
    """A comparison as rows of old/new runs per section, unchanged stretches folded, reused clauses marked."""
    spans = [(s.body_start, s.body_end) for s in reuse.spans] if reuse else []
    ends = [end for _, end in spans]  # spans are disjoint and in order: so are their ends
    sections = []
    for k, s in enumerate(comparison.sections):
        at = s.pair.new.text_start if s.pair.new else 0
        blocks = []
        for block in s.diff.blocks:
            rows = []
            for clause in block.clauses:
                runs = [(r.kind, r.text) for r in clause.runs]
                mark = bool(clause.new) and _covered(spans, ends, at, at + len(clause.new))
                at += len(clause.new)
                rows.append({"kind": clause.kind, "reused": mark,
                             "old": [r for r in runs if r[0] != "insert"] if clause.old else [],
                             "new": [r for r in runs if r[0] != "delete"] if clause.new else []})
            blocks.append({"folded": block.folded, "rows": rows})
        heading = [(r.kind, r.text) for r in s.heading]
        sections.append({
            "id": f"s{k + 1}", "status": s.pair.status, "label": s.pair.label, "score": round(100 * s.pair.score),
            "old_heading": [r for r in heading if r[0] != "insert"], "new_heading": [r for r in heading if r[0] != "delete"],
            "lead": not (s.pair.new or s.pair.old).level, "blocks": blocks,
        })
    metrics = [{"label": m.label, "status": METRIC_STATUS[m.status],
                "before": format_quantity(m.before, m.unit) if m.before is not None else "—",
                "after": format_quantity(m.after, m.unit) if m.after is not None else "—",
                "change": format_change(m.after, m.before, m.unit) if m.delta is not None else ""}
               for m in comparison.metrics]
    return {"left": side(comparison.old), "right": side(comparison.new), "counts": comparison.counts,
            "sections": sections, "metrics": metrics}


def _covered(spans: list[tuple[int, int]], ends: list[int], start: int, end: int) -> bool:
    """Whether reused spans (disjoint, in order; `ends` their ends) cover at least half of [start, end)."""
    inside, k = 0, bisect_right(ends, start)  # the first span that ends after start
    while k < len(spans) and spans[k][0] < end:
        inside += min(end, spans[k][1]) - max(start, spans[k][0])
        k += 1
    return end > start and 2 * inside >= end - start


def follow_data(found: FollowThrough, other: Report) -> dict[str, Any]:
    """A plan's items and the summary passages reporting on them, for the page of either."""
    items = [{"number": f.item.number, "title": f.item.title, "line": f.item.line, "reported": f.reported,
              "score": f"{f.score:.2f}", "passage": f.passage.text.strip() if f.passage else "", "label": f.label}
             for f in found.items]
    return {"other": {"title": other.title, "url": other.url, "year": other.year}, "items": items,
            "reported": found.reported, "total": len(found.items)}


def render_text_json(report: Report, earlier: Mapping[str, Report]) -> str:
    """The picker's data of one report: its source, title, year and sections as [level, heading, text]."""
    item = {"source": f"reports/{report.source}", "title": report.title, "year": report.year, "type": report.type,
            "url": report.url, "compare": compare_url(report.source) if report.source in earlier else "",
            "sections": [[s.level, s.heading, s.text] for s in split_sections(report.body)]}
    return json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n"
