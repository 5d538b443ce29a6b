"""A year's compilation (年度汇编) as one Word file (issue 20): cover, TOC field, reports in org-tree and type order."""
from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from nianbao.catalog import load_catalog
from nianbao.fmt import format_quantity
from nianbao.model import Catalog, Org, Report
from nianbao.reports import load_reports
from nianbao.wordout import render_compilation_docx, render_report_docx
from nianbao.wordout.mdtree import reuse_trees
from synth import generate_archive

REPORTS = Path(__file__).resolve().parents[1] / "reports"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalog, list[Report]]:
    """A synthetic archive: 32 orgs in 8 districts (a 群团工作部 with three children each), four report types."""
    folder = tmp_path_factory.mktemp("synth") / "reports"
    generate_archive(folder, 300, seed=1)
    catalog = load_catalog(folder / "catalog.yml")[0]
    return catalog, load_reports(folder, catalog)[0]


def year_of(reports: list[Report]) -> int:
    """The year with the most reports."""
    return max({r.year for r in reports}, key=lambda y: sum(r.year == y for r in reports))


def tree(catalog: Catalog, parent: str | None = None) -> list[Org]:
    """The orgs depth first in catalog order: each parent before its children."""
    out: list[Org] = []
    for org in catalog.orgs.values():
        if org.parent == parent:
            out += [org, *tree(catalog, org.id)]
    return out


def expected_order(year: int, reports: list[Report], catalog: Catalog) -> list[Report]:
    """The year's reports by org (tree order), then by type (catalog order), then by date and file."""
    types = list(catalog.types)
    ordered = []
    for org in tree(catalog):
        ordered += sorted((r for r in reports if r.year == year and r.org == org.id),
                          key=lambda r: (types.index(r.type), r.date.isoformat() if r.date else "", r.source))
    return ordered


def styled(document: Document, style_id: str) -> list:
    """The body paragraphs of a style, in order."""
    return [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:pStyle")) is not None
            and p._p.pPr.find(qn("w:pStyle")).get(qn("w:val")) == style_id]


@pytest.fixture(scope="module")
def compiled(archive) -> tuple[Document, int]:
    """The compilation of the archive's fullest year, opened with python-docx."""
    catalog, reports = archive
    year = year_of(reports)
    return docx.Document(io.BytesIO(render_compilation_docx(year, reports, catalog, "群团工作年报"))), year


def test_reports_follow_the_org_tree_then_type_each_with_its_org_and_date(archive, compiled) -> None:
    catalog, reports = archive
    document, year = compiled
    expected = expected_order(year, reports, catalog)
    assert len(expected) > 10 and len({r.org for r in expected}) > 5 and len({r.type for r in expected}) > 2
    assert [p.text for p in styled(document, "Heading2")] == [r.title for r in expected]
    orgs = [p.text for p in styled(document, "Heading1")]
    names = list(dict.fromkeys(catalog.orgs[r.org].name for r in expected))
    assert orgs == [*names, f"{year}年主要指标"]
    meta = [p.text for p in styled(document, "ReportMeta")]
    for report, line in zip(expected, meta, strict=True):
        date = f"{report.date.year}年{report.date.month}月{report.date.day}日" if report.date else f"{report.year}年"
        assert line == f"{catalog.orgs[report.org].name}　{catalog.types[report.type].name}　{date}"


def test_every_report_starts_on_a_new_page(compiled) -> None:
    document, _ = compiled
    paragraphs = document.element.body.findall(qn("w:p"))
    style = [p.pPr.find(qn("w:pStyle")).get(qn("w:val")) if p.pPr is not None and p.pPr.find(qn("w:pStyle")) is not None else ""
             for p in paragraphs]
    titles = [i for i, s in enumerate(style) if s == "Heading2"]
    assert titles
    for index in titles:  # a report's first paragraph is its org's heading when it is the org's first report
        first = paragraphs[index - 1] if style[index - 1] == "Heading1" else paragraphs[index]
        assert first.pPr.find(qn("w:pageBreakBefore")) is not None, index
    assert sum(p.pPr is not None and p.pPr.find(qn("w:pageBreakBefore")) is not None for p in paragraphs) == len(titles) + 2
    # … plus the contents page and the closing table of figures


def test_the_contents_are_a_word_toc_field_that_word_fills_on_opening(compiled) -> None:
    document, _ = compiled
    body = document.element.body
    assert [i.text.strip() for i in body.iter(qn("w:instrText")) if i.text.strip().startswith("TOC")] == ['TOC \\o "1-2" \\h \\z \\u']
    chars = [c.get(qn("w:fldCharType")) for c in body.iter(qn("w:fldChar"))]
    toc = body.find(f".//{qn('w:instrText')}").getparent().getparent()
    assert toc.pPr.find(qn("w:pStyle")).get(qn("w:val")) == "TOC1"
    assert chars[:3] == ["begin", "separate", "begin"]  # the entries (with PAGEREF fields) are the TOC's result
    settings = document.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    entries = [p.text.split("\t")[0] for p in document.paragraphs if p.style.style_id in ("TOC1", "TOC2")]
    assert entries == [p.text for p in document.paragraphs if p.style.style_id in ("Heading1", "Heading2")]
    anchors = {h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))}
    assert anchors <= {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}


def test_cover_and_contents_have_no_page_numbers_and_the_reports_count_from_one(compiled) -> None:
    document, year = compiled
    first, second = document.sections
    assert first._sectPr.findall(qn("w:footerReference")) == []
    assert len(second._sectPr.findall(qn("w:footerReference"))) == 2
    assert second._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert [p.text for p in document.paragraphs[:2]] == [f"{year}年度工作报告汇编", "群团工作年报"]


def test_the_year_closes_with_a_table_of_figures_by_org(archive, compiled) -> None:
    catalog, reports = archive
    document, year = compiled
    tables = [t for t in document.tables if t.cell(0, 0).text == "组织"]
    assert tables
    rows = [[c.text for c in row.cells] for row in tables[0].rows]
    org_labels = [row[0] for row in rows[1:]]
    order = [o.label for o in tree(catalog)]
    assert org_labels == sorted(org_labels, key=order.index)  # orgs as rows, in tree order
    summary = next(r for r in reports if r.year == year and r.type == "annual" and r.metrics)
    metric_id, value = next(iter(summary.metrics.items()))
    metric = catalog.metrics[metric_id]
    table = next(t for t in tables if metric.label in [c.text for c in t.rows[0].cells])
    header = [c.text for c in table.rows[0].cells]
    row = next(r for r in table.rows[1:] if r.cells[0].text == catalog.orgs[summary.org].label)
    assert row.cells[header.index(metric.label)].text == format_quantity(value, metric.unit)


def test_a_year_of_the_default_reports(tmp_path: Path) -> None:
    catalog = load_catalog(REPORTS / "catalog.yml")[0]
    reports = load_reports(REPORTS, catalog)[0]
    document = docx.Document(io.BytesIO(render_compilation_docx(2021, reports, catalog, "年报", reports_dir=REPORTS)))
    assert [p.text for p in styled(document, "Heading1")][:2] == ["坪山区群团工作部", "大鹏新区群团工作部"]
    assert len(styled(document, "Heading2")) == 3


def test_a_year_without_reports_still_has_its_cover_and_contents() -> None:
    catalog = load_catalog(REPORTS / "catalog.yml")[0]
    document = docx.Document(io.BytesIO(render_compilation_docx(1999, [], catalog, "年报")))
    assert "（本年度没有报告）" in [p.text for p in document.paragraphs]


def test_after_the_reports_files_it_copies_their_bodies_and_gives_the_same_bytes(archive: tuple[Catalog, list[Report]]) -> None:
    # The build writes a year's report files first: the compilation then copies each body that holds nothing of its own
    # document (links, images, footnotes, numbered lists), with the headings two levels lower, instead of building it.
    catalog, reports = archive
    reports = [*reports, Report(source="2021/own.md", url="", title="带脚注", org=reports[0].org, year=2021, type="annual",
                                body="## 一、概况\n\n正文[^1]，见[链接](https://example.com)。\n\n1. 一\n2. 二\n\n[^1]: 注释。\n")]
    year = 2021
    built = render_compilation_docx(year, reports, catalog, "群团工作年报")
    with reuse_trees():
        for report in reports:
            if report.year == year:
                render_report_docx(report, catalog)
        assert render_compilation_docx(year, reports, catalog, "群团工作年报") == built
