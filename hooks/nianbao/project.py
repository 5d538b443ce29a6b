"""Phase one: read the catalog and every report and check them, without deriving anything (fast enough for pre-commit)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .catalog import load_catalog
from .metrics import check_figures
from .model import Catalog, Report
from .problems import Problem
from .reports import find_attachments, load_reports

CATALOG = "catalog.yml"

__all__ = ["CATALOG", "Loaded", "ReadMemo", "load_project"]


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


def load_project(reports_dir: Path, *, display: str = "reports", directory_urls: bool = True, memo: ReadMemo | None = None) -> Loaded:
    """Read the catalog and every report; nothing is derived until all of it is checked."""
    catalog, problems = load_catalog(reports_dir / CATALOG, f"{display}/{CATALOG}")
    known = None
    if memo is not None:
        catalog_bytes = (reports_dir / CATALOG).read_bytes() if (reports_dir / CATALOG).is_file() else b""
        known = memo.for_context((catalog_bytes, display, directory_urls))
    reports, found = load_reports(reports_dir, catalog, display=display, directory_urls=directory_urls, memo=known)
    found += check_figures(catalog, [r for r in reports if not r.draft], display)
    attachments, misnamed = find_attachments(reports_dir, display)
    found = sorted(found + misnamed, key=lambda p: (p.path, p.line))
    return Loaded(catalog, tuple(reports), tuple(problems + found), tuple(attachments))
