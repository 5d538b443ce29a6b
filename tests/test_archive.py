"""Derived indexes and formatting, without MkDocs."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import SAMPLE, write_tree
from nianbao.archive import build_tag_slugs, neighbours, previous_value
from nianbao.build import build_pages, build_site
from nianbao.project import load_project


@pytest.fixture
def site(tmp_path: Path):
    write_tree(tmp_path / "reports", SAMPLE)
    loaded = load_project(tmp_path / "reports")
    assert loaded.problems == ()
    return build_site(loaded)


def test_indexes(site) -> None:
    archive = site.archive
    assert [r.source for r in archive.reports][:2] == ["2021/zgh.md", "2021/zgh-plan.md"]
    assert archive.years == [2021, 2020, 2019]
    assert [r.source for r in archive.by_org["pingshan-zgh"]] == ["2021/zgh.md", "2021/zgh-plan.md", "2020/zgh.md"]
    assert [r.source for r in archive.by_tag["母婴室"]] == ["2020/zgh.md", "2019/fl.md"]
    assert list(archive.by_tag) == ["母婴室", "职工服务", "青年驿站"]  # most used first, then by code point
    assert [(o.id, d) for o, d in archive.tree][:2] == [("pingshan-qtgzb", 0), ("pingshan-zgh", 1)]


def test_series_neighbours_and_previous_values(site) -> None:
    archive = site.archive
    r2021, r2020 = archive.by_source["2021/zgh.md"], archive.by_source["2020/zgh.md"]
    assert neighbours(archive, r2021) == (r2020, None)
    assert neighbours(archive, archive.by_source["2021/zgh-plan.md"]) == (None, None)  # plans are their own series
    assert previous_value(archive, r2021, "volunteers") == (r2020, 60000)
    assert previous_value(archive, r2020, "volunteers") is None


def test_pages_cover_every_index_and_report(site) -> None:
    uris = {p.src_uri for p in build_pages(site.archive)}
    assert {"orgs/index.md", "years/index.md", "archive/index.md", "tags/index.md"} <= uris
    assert {f"orgs/{o}/index.md" for o in site.archive.catalog.orgs} <= uris
    assert {"years/2019/index.md", "years/2020/index.md", "years/2021/index.md", "tags/母婴室/index.md"} <= uris
    assert {f"reports/{s}" for s in SAMPLE if s.endswith(".md")} <= uris


def test_generated_front_matter_escapes_titles() -> None:
    from nianbao.build import GeneratedPage

    text = GeneratedPage("reports/x.md", "a <b> & 'c': \"d\"\n", "nianbao/report.html", "report").render()
    meta = yaml.safe_load(text.split("---")[1])
    assert meta == {"title": "a &lt;b&gt; &amp; 'c': \"d\"\n", "template": "nianbao/report.html", "hide": ["navigation", "toc"]}


def test_tag_slugs_are_unique_and_url_safe() -> None:
    assert build_tag_slugs(["母婴室", "A/B", "a b", "A-B", "?"]) == {"母婴室": "母婴室", "A/B": "a-b", "a b": "a-b-2", "A-B": "a-b-3", "?": "tag"}


def test_matrix_spans_every_year_so_gaps_show(tmp_path: Path) -> None:
    from conftest import report
    from nianbao.pages.views import matrix_view

    write_tree(tmp_path / "reports", {**SAMPLE, "2016/fl.md": report("区妇联2016年工作总结", "pingshan-fl", 2016)})
    archive = build_site(load_project(tmp_path / "reports")).archive
    matrix = matrix_view(archive)
    assert [(y["year"], y["url"]) for y in matrix["years"]] == [
        (2016, "years/2016/"), (2017, ""), (2018, ""), (2019, "years/2019/"), (2020, "years/2020/"), (2021, "years/2021/")]
    fl = next(row for row in matrix["rows"] if row["org"].id == "pingshan-fl")
    assert [c["count"] for c in fl["cells"]] == [1, 0, 0, 1, 0, 0]
