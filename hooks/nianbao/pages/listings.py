"""View models of the list pages: archive, tags and the home page."""
from __future__ import annotations

from typing import Any, Mapping

from .. import urls
from ..archive import Archive
from .views import Row, crumbs, matrix_view


def build_filters(archive: Archive) -> list[dict[str, Any]]:
    """The values the org, year, type and tag filters offer: those some report has."""
    used_orgs = {r.org for r in archive.reports}
    used_types = {r.type for r in archive.reports}
    return [
        {"name": "org", "label": "组织", "options": [(o.id, "\u3000" * d + o.label) for o, d in archive.tree if o.id in used_orgs]},
        {"name": "year", "label": "年度", "options": [(str(y), f"{y}年") for y in archive.years]},
        {"name": "type", "label": "类型", "options": [(t.id, t.name) for t in archive.catalog.types.values() if t.id in used_types]},
        {"name": "tag", "label": "标签", "options": [(t, t) for t in archive.by_tag]},
    ]


def archive_view(archive: Archive, rows: Mapping[str, Row]) -> dict[str, Any]:
    """Every report in one table, with the values its filters offer."""
    return {
        "kind": "archive", "rows": [rows[r.source] for r in archive.reports], "count": len(archive.reports),
        "filters": build_filters(archive), "crumbs": crumbs(),
        "reuse": any(row.reused is not None for row in rows.values()),  # the column of reuse shares (issue 19)
    }


def search_view(archive: Archive) -> dict[str, Any]:
    """The search form with its facets (org, year, type); the page's script adds counts and results."""
    return {"kind": "search", "count": len(archive.reports), "filters": build_filters(archive)[:3], "crumbs": crumbs()}


def tags_view(archive: Archive) -> dict[str, Any]:
    """Every tag with its report count, most used first."""
    tags = [{"tag": t, "url": urls.tag_url(archive.tag_slugs[t]), "count": len(rs)} for t, rs in archive.by_tag.items()]
    return {"kind": "tags", "tags": tags, "crumbs": crumbs()}


def tag_view(archive: Archive, tag: str, rows: Mapping[str, Row]) -> dict[str, Any]:
    """The reports with one tag, newest first."""
    reports = archive.by_tag[tag]
    return {"kind": "tag", "tag": tag, "rows": [rows[r.source] for r in reports], "count": len(reports), "crumbs": crumbs(("标签", urls.TAGS))}


def home_view(archive: Archive, rows: Mapping[str, Row], latest: int = 8, *, status: bool = True) -> dict[str, Any]:
    """Counts, the latest reports, entry points and the orgs × years matrix."""
    years = archive.years
    return {
        "kind": "home",
        "counts": {
            "reports": len(archive.reports), "orgs": len(archive.by_org), "years": len(years),
            "first_year": years[-1] if years else None, "last_year": years[0] if years else None, "tags": len(archive.by_tag),
        },
        "latest": [rows[r.source] for r in archive.reports[:latest]],
        "entries": [
            {"label": "全文搜索", "url": urls.SEARCH, "text": f"在 {len(archive.reports)} 篇报告的全文中查找关键词"},
            {"label": "按组织浏览", "url": urls.ORGS, "text": f"{len(archive.catalog.orgs)} 个组织的报告与历年指标"},
            {"label": "按年度浏览", "url": urls.YEARS, "text": f"{len(years)} 个年度，每年各组织的报告与指标对比"},
            {"label": "指标", "url": urls.METRICS, "text": f"{len(archive.catalog.metrics)} 项指标的历年走势与各组织对比"},
            *([{"label": "报送情况", "url": urls.STATUS, "text": "哪些组织还没有提交应交的报告"}] if status else []),
            {"label": "全部报告", "url": urls.ARCHIVE, "text": "按组织、年度、类型、标签筛选"},
            {"label": "标签", "url": urls.TAGS, "text": f"{len(archive.by_tag)} 个主题标签"},
        ],
        "matrix": matrix_view(archive),
        "crumbs": [],
    }
