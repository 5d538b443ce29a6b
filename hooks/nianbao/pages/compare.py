"""Comparison pages (issue 19): each report beside its previous one, reused shares, plan follow-through, picker data.

This module places them in the site (pages, views, data files); compare_derive makes their content, org by org.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import Any

from .. import urls
from ..archive import Archive
from ..compare import previous_reports
from ..model import Report
from .compare_data import compare_url, text_json
from .compare_derive import CompareJob, Derived, derive, merge

__all__ = ["CompareJob", "Derived", "compare_src", "compare_targets", "compare_url", "compare_view", "derive", "enabled",
           "merge", "org_json", "picker", "render_options_json", "report_extras", "text_files", "text_json"]

ENV_COMPARE = "NIANBAO_COMPARE"  # "0": no comparison pages or reuse shares (for bench/compare.py only)


def enabled() -> bool:
    """Whether this build makes comparison pages and reuse shares."""
    return os.environ.get(ENV_COMPARE) != "0"


def compare_src(source: str) -> str:
    """The generated page of a report's comparison: compare/ under the report's own folder."""
    return f"reports/{source.removesuffix('.md')}/compare/index.md"


def compare_targets(archive: Archive) -> list[tuple[str, str, str]]:
    """(page source, title, report source) of every comparison page of this archive."""
    if not enabled():
        return []
    earlier = previous_reports(archive.reports)
    return [(compare_src(r.source), f"{r.title}：与{earlier[r.source].year}年对比", r.source)
            for r in reversed(archive.reports) if r.source in earlier]


def org_json(org_id: str) -> str:
    """The picker's list of an org's reports: the pages show no titles of other reports, so a title edit redoes none."""
    return f"compare/orgs/{org_id}.json"


def text_files(archive: Archive) -> dict[str, str]:
    """The picker files this archive will have: each org's list, and each report's text (filled in when derived)."""
    if not enabled():
        return {}
    lists = {org_json(org): render_options_json(mine) for org, mine in archive.by_org.items() if len(mine) >= 2}
    return lists | {text_json(r.source): "" for r in archive.reports}


def render_options_json(reports: Iterable[Report]) -> str:
    """[source, label, data file] of each report, oldest first."""
    options = [[f"reports/{r.source}", f"{r.year}年 · {r.title}", text_json(r.source)] for r in sorted(reports, key=lambda r: r.sort_key)]
    return json.dumps({"options": options}, ensure_ascii=False, separators=(",", ":")) + "\n"


def picker(archive: Archive, org_id: str, left: str = "", right: str = "") -> dict[str, Any] | None:
    """The picker form of an org with two or more reports: its list of reports and the pair chosen first (else the
    latest two)."""
    if len(archive.by_org.get(org_id, ())) < 2 or not enabled():
        return None
    return {"data": org_json(org_id), "left": left, "right": right}


def compare_view(archive: Archive, derived: Derived, source: str) -> dict[str, Any]:
    """The comparison page of one report."""
    report = archive.by_source[source]
    org = archive.catalog.orgs[report.org]
    data = derived.pages[source]
    return data | {
        "kind": "compare", "org": org.label, "org_url": urls.org_url(org.id), "reused": derived.reused.get(source),
        "counts": [(label, data["counts"][status]) for status, label in
                   (("changed", "有改动"), ("moved", "位置调整"), ("added", "新增"), ("removed", "删去"), ("same", "未变"))],
        "picker": picker(archive, report.org, data["left"]["source"], data["right"]["source"]),
        "crumbs": [("首页", urls.HOME), ("组织", urls.ORGS), (org.label, urls.org_url(org.id)), (report.title, report.url)],
    }


def report_extras(derived: Derived | None, report: Report) -> dict[str, Any]:
    """What a report page shows of the comparisons: its reused share, the link to its comparison, its follow-through."""
    if derived is None:
        return {"reused": None, "compare": "", "follow": None}
    return {"reused": derived.reused.get(report.source), "follow": derived.follow.get(report.source),
            "compare": compare_url(report.source) if report.source in derived.previous else ""}
