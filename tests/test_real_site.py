"""Smoke test: the repository's own site, with the default content, builds strictly and completely."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import Build
from htmlscan import Scan
from linkcheck import broken_links
from nianbao.project import load_project
from project import REPO


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    site = tmp_path_factory.mktemp("real") / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    return Build(done.returncode, done.stdout + done.stderr, site)


def test_default_content_is_valid_and_fully_published(real_site: Build) -> None:
    loaded = load_project(REPO / "reports")
    assert loaded.problems == ()
    assert len(loaded.reports) >= 4
    published = json.loads((real_site.site / "data/reports.json").read_text(encoding="utf-8"))
    assert sorted(r["source"] for r in published) == sorted(r.source for r in loaded.reports)
    archive = Scan(real_site.page("archive/"))
    for report in loaded.reports:
        assert (real_site.site / report.url / "index.html").is_file()
        assert report.title in archive.text
        assert report.title in Scan(real_site.page(f"orgs/{report.org}/")).text
        assert report.title in Scan(real_site.page(f"years/{report.year}/")).text


def test_seed_figures_reach_the_pages(real_site: Build) -> None:
    page = Scan(real_site.page("reports/2021/pingshan-qtgzb-annual/"))
    metrics = {row[0]: row[1] for row in page.table_with("指标")[1:]}
    assert metrics["母婴室"] == "85间" and metrics["建会率"] == "100%" and metrics["注册志愿者"] == "7.5万人"
    assert "坪山区群团工作部" in page.text and "2022-02-16" in page.text


def test_real_site_links_resolve_and_nothing_external_loads(real_site: Build) -> None:
    assert broken_links(real_site.site) == []
    for page in real_site.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page
