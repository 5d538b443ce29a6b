"""A generated archive (bench/synth.py) builds with every report listed where it belongs, and pages stay light."""
from __future__ import annotations

import json
import re
import statistics
from pathlib import Path

import pytest

from conftest import Build, clean_build
from htmlscan import Scan
from nianbao.project import load_project
from synth import generate_archive


def build_generated(root: Path, n: int) -> Build:
    generate_archive(root / "reports", n, seed=7)
    return clean_build(root)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_generated(tmp_path_factory.mktemp("gen"), 150)


def test_every_report_is_listed_on_its_org_year_and_archive_pages(generated: Build) -> None:
    loaded = load_project(generated.site.parent / "reports")
    assert loaded.problems == () and len(loaded.reports) == 150
    archive_links = {href for href, _ in Scan(generated.page("archive/")).links}
    org_links: dict[str, set[str]] = {}
    year_links: dict[int, set[str]] = {}
    for report in loaded.reports:
        if report.org not in org_links:
            org_links[report.org] = {h for h, _ in Scan(generated.page(f"orgs/{report.org}/")).links}
        if report.year not in year_links:
            year_links[report.year] = {h for h, _ in Scan(generated.page(f"years/{report.year}/")).links}
        assert f"../{report.url}" in archive_links, report.source
        assert f"../../{report.url}" in org_links[report.org], report.source
        assert f"../../{report.url}" in year_links[report.year], report.source
    items = json.loads((generated.site / "data/reports.json").read_text(encoding="utf-8"))
    assert {(i["source"], i["title"], i["org"], i["year"], i["type"]) for i in items} == {
        (r.source, r.title, r.org, r.year, r.type) for r in loaded.reports}
    assert {i["source"]: i["metrics"] for i in items} == {r.source: dict(r.metrics) for r in loaded.reports}


def report_pages(build: Build) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in (build.site / "reports").rglob("index.html")]


def test_report_pages_do_not_grow_with_the_archive(generated: Build, tmp_path: Path) -> None:
    larger = build_generated(tmp_path, 450)
    small, large = report_pages(generated), report_pages(larger)
    ratio = statistics.median(len(p) for p in large) / statistics.median(len(p) for p in small)
    assert ratio < 1.15, ratio
    catalog = load_project(tmp_path / "reports").catalog
    most_links = max(len(re.findall(r'href="[./]*reports/', p)) for p in large)
    # prev/next, one per other org, and per metric its value's and target's sources: never the whole archive
    assert most_links <= len(catalog.orgs) + 4 + 2 * len(catalog.metrics)
