"""Phase one: read the catalog and every report and check them, without deriving anything (fast enough for pre-commit)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .catalog import load_catalog
from .compare.statements import figure_problems
from .files import scan_tree
from .metrics import check_figures
from .model import Catalog, Report
from .problems import Problem
from .render import build_renderer, load_markdown_settings
from .reports import find_attachments, load_reports
from .sanitize import Render, check_report_html

CATALOG = "catalog.yml"

__all__ = ["CATALOG", "Loaded", "ReadMemo", "check_docs", "load_project"]


@dataclass(frozen=True)
class Loaded:
    """Phase one: the catalog, the valid reports, and every problem found."""

    catalog: Catalog
    reports: tuple[Report, ...]
    problems: tuple[Problem, ...]
    attachments: tuple[str, ...] = ()  # other files under reports/, by path relative to it


@dataclass
class ReadMemo:
    """Reports already checked, by file content, for one catalog: a preview rebuild re-checks only the files that changed."""

    context: tuple[bytes, str, bool] | None = None  # the catalog file's bytes and the options the reports were checked with
    reports: dict[tuple[str, bytes], tuple[Report | None, list[Problem]]] = field(default_factory=dict)

    def for_context(self, context: tuple[bytes, str, bool]) -> dict[tuple[str, bytes], tuple[Report | None, list[Problem]]]:
        """The memo for this catalog and these options; any change to them empties it."""
        if context != self.context:
            self.context, self.reports = context, {}
        return self.reports


def load_project(reports_dir: Path, *, display: str = "reports", directory_urls: bool = True, memo: ReadMemo | None = None,
                 render: Render | None = None) -> Loaded:
    """Read the catalog and every report; nothing is derived until all of it is checked.

    `render` turns report Markdown into HTML as the site does (default: as the mkdocs.yml beside reports/ says), for the
    sanitizer's warnings.
    """
    tree = scan_tree(reports_dir, display)
    refused = {p.path for p in tree.problems}
    if f"{display}/{CATALOG}" in refused:  # a catalog linked from elsewhere is not read; its problem says why
        catalog, problems = Catalog(), list(tree.problems)
    else:
        catalog, problems = load_catalog(reports_dir / CATALOG, f"{display}/{CATALOG}")
        problems += tree.problems
    known = None
    if memo is not None:
        catalog_bytes = (reports_dir / CATALOG).read_bytes() if (reports_dir / CATALOG).is_file() else b""
        known = memo.for_context((catalog_bytes, display, directory_urls))
    reports, found = load_reports(reports_dir, catalog, display=display, directory_urls=directory_urls, memo=known, files=tree.files)
    found += check_figures(catalog, [r for r in reports if not r.draft], display)
    found += figure_problems(reports, catalog, display)  # text figures that disagree with the front matter (issue 19)
    found += check_html(reports, render or _site_renderer(reports_dir.parent / "mkdocs.yml"), display)
    attachments, misnamed = find_attachments(reports_dir, tree.files, display)
    found = sorted(found + misnamed, key=lambda p: (p.path, p.line))
    return Loaded(catalog, tuple(reports), tuple(problems + found), tuple(attachments))


def check_docs(docs_dir: Path, display: str = "docs") -> list[Problem]:
    """The hand-written pages' folder may not hold links outside it or special files either (MkDocs would publish them)."""
    return list(scan_tree(docs_dir, display).problems)


def _site_renderer(mkdocs_yml: Path) -> Render:
    """A renderer configured like the site, made only when a report first needs it (most never do)."""
    made: list[Render] = []

    def render(text: str) -> str:
        if not made:
            made.append(build_renderer(*load_markdown_settings(mkdocs_yml)))
        return made[0](text)
    return render


def check_html(reports: list[Report], render: Render, display: str) -> list[Problem]:
    """What the sanitizer will remove from each report's HTML, as warnings."""
    return [p for r in reports for p in check_report_html(r, render, f"{display}/{r.source}")]
