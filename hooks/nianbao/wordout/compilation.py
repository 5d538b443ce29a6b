"""A year's compilation (年度汇编) as one .docx: cover, table of contents, every report by org and type, the year's figures."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from ..archive import org_tree
from ..model import Catalog, Org, Report
from ..problems import Problem
from ..pages.views import official_date
from .figures import build_year_tables
from .layout import FANGSONG, HEITI, KAITI, XIAOBIAOSONG
from .package import Parts, build_docx
from .report import build_report_body
from .template import build_template
from .wml import bookmark, build_field, build_paragraph, build_run, el, para_props, qn, run_props, val

TOC = 'TOC \\o "1-2" \\h \\z \\u'
Entry = tuple[int, str, str]  # (outline level 1 or 2, text, bookmark)


def render_compilation_docx(year: int, reports: Iterable[Report], catalog: Catalog, site_name: str, *,
                            reports_dir: Path | None = None, display: str = "reports",
                            warnings: list[Problem] | None = None) -> bytes:
    """The year's reports in one document, grouped by org (tree order, parents first) and then by type, each on a new
    page; images and warnings as for render_report_docx."""
    reports = [r for r in reports if r.year == year]
    parts = Parts(build_template("compilation"))
    entries: list[Entry] = []
    body: list[etree._Element] = []
    for org, group in group_reports(year, reports, catalog):
        for index, report in enumerate(group):
            if index == 0:
                body.append(_heading("Heading1", org.name, HEITI, parts, entries, 1, page_break=True))
            body.append(_heading("Heading2", report.title, XIAOBIAOSONG, parts, entries, 2, page_break=index > 0))
            meta = f"{org.name}　{catalog.types[report.type].name}　{official_date(report)}"
            body.append(build_paragraph("ReportMeta", [build_run(meta, run_props(KAITI))]))
            body += build_report_body(report, catalog, parts, "compilation", reports_dir, display, warnings)
    tables = build_year_tables(year, reports, catalog)
    if tables:
        body.append(_heading("Heading1", f"{year}年主要指标", HEITI, parts, entries, 1, page_break=True))
        for table in tables:
            body += [table, build_paragraph(None)]
    front = [*build_cover(site_name, year), *build_contents(entries), build_section_end(parts)]
    sect_pr = parts.template.section()
    sect_pr.find(qn("w:cols")).addprevious(el("w:pgNumType", {"start": "1"}))  # the reports' pages count from 1
    return build_docx(parts, [*front, *body], sect_pr, f"{site_name}{year}年度工作报告汇编", site_name)


def group_reports(year: int, reports: Iterable[Report], catalog: Catalog) -> list[tuple[Org, list[Report]]]:
    """The year's reports by org in tree order (parents before children), each org's by catalog type order, then date."""
    types = {type_id: n for n, type_id in enumerate(catalog.types)}
    by_org: dict[str, list[Report]] = {}
    for report in reports:
        if report.year == year:
            by_org.setdefault(report.org, []).append(report)
    ordered = [org for org, _ in org_tree(catalog)]
    ordered += [catalog.orgs[o] for o in by_org if catalog.orgs[o] not in ordered]
    return [(org, sorted(by_org[org.id], key=lambda r: (types.get(r.type, len(types)), r.sort_key)))
            for org in ordered if org.id in by_org]


def build_cover(site_name: str, year: int) -> list[etree._Element]:
    """The cover: the year's compilation title and the site's name."""
    return [build_paragraph("Title", [build_run(f"{year}年度工作报告汇编", run_props(XIAOBIAOSONG))]),
            build_paragraph("Subtitle", [build_run(site_name, run_props(KAITI))])]


def build_contents(entries: list[Entry]) -> list[etree._Element]:
    """The table of contents on a new page: a Word TOC field (orgs and report titles) that Word fills when it opens the
    file (settings: updateFields); until then it shows every entry, linked to its heading, without page numbers."""
    heading = build_paragraph(para_props("TOCHeading", page_break=True), [build_run("目　录", run_props(XIAOBIAOSONG))])
    begin = build_field(TOC, [])[:3]  # begin, instruction, separate: the entries are the field's result
    if not entries:
        return [heading, build_paragraph("TOC1", [*begin, build_run("（本年度没有报告）", run_props(FANGSONG)), *build_field(TOC, [])[3:]])]
    paragraphs = [heading]
    for index, (level, text, anchor) in enumerate(entries):
        face = HEITI if level == 1 else FANGSONG
        page = build_field(f"PAGEREF {anchor} \\h", [])
        link = el("w:hyperlink", {"anchor": anchor, "history": "1"}, build_run(text, run_props(face)),
                  build_run("\t", run_props(face)), *page)
        runs = [*(begin if index == 0 else []), link]
        if index == len(entries) - 1:
            runs.append(el("w:r", None, el("w:fldChar", {"fldCharType": "end"})))
        paragraphs.append(build_paragraph(f"TOC{level}", runs))
    return paragraphs


def build_section_end(parts: Parts) -> etree._Element:
    """The paragraph that ends the cover and contents section: no page numbers there."""
    return build_paragraph(el("w:pPr", None, val("w:pStyle", "Normal"), parts.template.section(footers=False)))


def _heading(style: str, text: str, face: str, parts: Parts, entries: list[Entry], level: int, page_break: bool) -> etree._Element:
    """A heading the table of contents lists, bookmarked for its entry's link and page number."""
    anchor = f"_Toc{parts.next_id():08d}"
    paragraph = build_paragraph(para_props(style, page_break=page_break), [build_run(text, run_props(face))])
    bookmark(paragraph, parts.next_id(), anchor)
    entries.append((level, text, anchor))
    return paragraph
