"""Two phases: load and check everything, then derive the generated pages and data files."""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field, replace
from types import MappingProxyType, SimpleNamespace
from typing import Any, Mapping

from .pages import compare, data, listings, metric_views, status, views
from .pages.yearprint import print_url, year_print_view
from .archive import Archive, build_archive
from .pages.feeds import DEFAULT_TAG, build_feeds, org_feed
from .history import Changes
from .project import Loaded
from .publish import Edition, select_attachments, select_reports
from .search.fold import render_fold_json
from .search.site import INDEX_DIR
from .wordsite import compilation_docx, report_docx, word_link

HOME_PAGE = "index.md"
STATUS_PAGE = "status/index.md"  # internal only: the nav entry is dropped from the public edition
NAV_PAGES = ("orgs/index.md", "years/index.md", "metrics/index.md", STATUS_PAGE, "archive/index.md", "tags/index.md")
FOLD_JSON = f"{INDEX_DIR}/fold.json"


@dataclass(frozen=True)
class GeneratedPage:
    """A page the hooks add to the site: where it goes, its template, and what it shows."""

    src_uri: str
    title: str
    template: str
    kind: str
    key: Any = None
    body: str = ""
    hide: tuple[str, ...] = ("navigation", "toc")

    @property
    def in_nav(self) -> bool:
        """Whether mkdocs.yml's nav lists this page (the tab pages)."""
        return self.src_uri in NAV_PAGES

    def render(self) -> str:
        """The Markdown source MkDocs reads: minimal front matter, then the body."""
        # A JSON string is a valid YAML double-quoted scalar, and far cheaper to write than yaml.safe_dump.
        title = json.dumps(html.escape(self.title, quote=False), ensure_ascii=False)
        return f"---\ntitle: {title}\ntemplate: {self.template}\nhide: {json.dumps(list(self.hide))}\n---\n\n{self.body}"


@dataclass(frozen=True)
class Site:
    """Phase two: the archive with its derived pages, rows and data files."""

    archive: Archive
    rows: Mapping[str, views.Row]
    pages: tuple[GeneratedPage, ...]
    files: Mapping[str, str] = field(default_factory=dict)  # other generated files: path → text
    attachments: tuple[str, ...] = ()  # files under reports/ published as they are, at reports/<path>
    edition: Edition = Edition()
    history: Mapping[str, Changes] = field(default_factory=dict)  # report source → git dates, where known
    compare: compare.Derived | None = None  # comparisons, reuse shares, follow-through (issue 19)


def build_site(loaded: Loaded, edition: Edition = Edition(), history: Mapping[str, Changes] | None = None, *,
               site_name: str = "", site_url: str = "", archive: Archive | None = None, feed_tag: str = DEFAULT_TAG,
               derived: compare.Derived | None = None, defer_compare: bool = False) -> Site:
    """Derive every generated page and data file of one edition from checked data (and git dates, where known).

    `archive` is this edition's archive of `loaded` when the caller has built it already. The comparisons are
    `derived` when given, else derived here, unless `defer_compare` (the caller attaches them later: attach_compare).
    """
    history = history or {}
    archive = archive or build_edition_archive(loaded, edition)
    rows = {r.source: views.build_row(archive, r) for r in archive.reports}
    attaching = derived is not None or compare.enabled()  # attach_compare writes reports.json with the reused shares
    files = {
        data.REPORTS_JSON: "" if attaching else data.render_reports_json(archive),
        data.METRICS_CSV: data.render_metrics_csv(archive),
        data.TARGETS_CSV: data.render_metrics_csv(archive, "targets"),
        FOLD_JSON: render_fold_json(),
        **build_feeds(archive, history, site_name, site_url, feed_tag),
        **compare.text_files(archive),
    }
    if not edition.public:  # outside, the public subset would show every internal report as missing
        files[status.STATUS_CSV] = status.render_status_csv(archive)
    attachments = select_attachments(loaded.attachments, loaded.reports, edition)
    pages = tuple(build_pages(archive, edition))
    site = Site(archive, MappingProxyType(rows), pages, MappingProxyType(files), attachments, edition, MappingProxyType(dict(history)))
    if derived is None and not defer_compare and compare.enabled():
        derived = compare.derive(archive.reports, archive.catalog)
    return attach_compare(site, derived) if derived is not None else site


def attach_compare(site: Site, derived: compare.Derived) -> Site:
    """The site with its comparisons: reuse shares in the rows and reports.json, the picker's data files."""
    rows = {source: replace(row, reused=derived.reused.get(source)) for source, row in site.rows.items()}
    files = {**site.files, data.REPORTS_JSON: data.render_reports_json(site.archive, derived.reused), **derived.files}
    return replace(site, rows=MappingProxyType(rows), files=MappingProxyType(files), compare=derived)


def attach_pages(site: Site, pages: Mapping[str, dict[str, Any]]) -> Site:
    """The site with the comparison pages' data, which arrives last (see pages.compare.CompareJob)."""
    assert site.compare is not None
    return replace(site, compare=replace(site.compare, pages=pages))


def build_edition_archive(loaded: Loaded, edition: Edition) -> Archive:
    """The archive of the reports this edition publishes."""
    return build_archive(loaded.catalog, select_reports(loaded.reports, edition))


def build_pages(archive: Archive, edition: Edition = Edition()) -> list[GeneratedPage]:
    """Every generated page: reports, org, year, tag pages and the archive."""
    page = GeneratedPage
    pages = [
        page("orgs/index.md", "组织", "nianbao/orgs.html", "orgs"),
        page("years/index.md", "年度", "nianbao/years.html", "years"),
        page("archive/index.md", "全部报告", "nianbao/archive.html", "archive"),
        page("tags/index.md", "标签", "nianbao/tags.html", "tags"),
        page("search/index.md", "搜索", "nianbao/search.html", "search"),
        page("metrics/index.md", "指标", "nianbao/metrics.html", "metrics"),
    ]
    if not edition.public:
        pages.append(page(STATUS_PAGE, "报送情况", "nianbao/status.html", "status"))
    pages += [page(f"metrics/{m.id}/index.md", m.label, "nianbao/metric.html", "metric", m.id) for m in archive.catalog.metrics.values()]
    pages += [page(f"orgs/{o.id}/index.md", o.name, "nianbao/org.html", "org", o.id) for o, _ in archive.tree]
    pages += [page(f"years/{y}/index.md", f"{y}年", "nianbao/year.html", "year", y) for y in archive.years]
    pages += [page(f"years/{y}/print/index.md", f"{y}年度工作报告汇编", "nianbao/year-print.html", "year-print", y) for y in archive.years]
    pages += [page(f"tags/{archive.tag_slugs[t]}/index.md", t, "nianbao/tag.html", "tag", t) for t in archive.by_tag]
    pages += [
        page(f"reports/{r.source}", r.title, "nianbao/report.html", "report", r.source, r.body, ("navigation",))
        for r in reversed(archive.reports)
    ]
    pages += [page(src, title, "nianbao/compare.html", "compare", source) for src, title, source in compare.compare_targets(archive)]
    return pages


def as_namespace(value: Any) -> Any:
    """Dicts (nested in lists too) as attribute namespaces: Jinja's `a.b` on a dict first fails a getattr, which is slow."""
    if isinstance(value, dict):
        return SimpleNamespace(**{k: as_namespace(v) for k, v in value.items()})
    if isinstance(value, list):
        return [as_namespace(v) for v in value]
    return value


def _feed(site: Site, org_id: str) -> str:
    """The org's feed if this site publishes one (orgs without reports have none)."""
    path = org_feed(org_id)
    return path if path in site.files else ""


def build_view(site: Site, kind: str, key: Any = None) -> dict[str, Any]:
    """The view model of one page as plain data."""
    archive, rows = site.archive, site.rows
    if kind == "report":
        report = archive.by_source[key]
        changes = site.history.get(key)
        return views.report_view(archive, report, rows) | {
            "targets": metric_views.report_targets(archive, report), "feed": _feed(site, report.org),
            "changed": changes.changed.date().isoformat() if changes else "", "word": word_link(report_docx(report)),
        } | compare.report_extras(site.compare, report)
    if kind == "compare":
        assert site.compare is not None
        return compare.compare_view(archive, site.compare, key)
    if kind == "org":
        org = archive.catalog.orgs[key]
        return views.org_view(archive, key, rows) | {"charts": metric_views.org_metrics(archive, org), "feed": _feed(site, key),
                                                     "picker": compare.picker(archive, key), "reuse": site.compare is not None}
    if kind == "year":
        return views.year_view(archive, key, rows) | {"charts": metric_views.year_metrics(archive, key),
                                                      "word": word_link(compilation_docx(key)), "print": print_url(key)}
    if kind == "year-print":
        return year_print_view(archive, key)
    if kind == "metric":
        return metric_views.metric_view(archive, key)
    if kind == "tag":
        return listings.tag_view(archive, key, rows)
    builders = {
        "orgs": lambda: views.orgs_view(archive), "years": lambda: views.years_view(archive),
        "archive": lambda: listings.archive_view(archive, rows), "search": lambda: listings.search_view(archive),
        "tags": lambda: listings.tags_view(archive),
        "metrics": lambda: metric_views.metrics_view(archive), "status": lambda: status.status_view(archive),
        "home": lambda: listings.home_view(archive, rows, status=not site.edition.public),
    }
    return builders[kind]()
