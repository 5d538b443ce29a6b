"""Phase one: read the catalog and every report and check them, without deriving anything (fast enough for pre-commit)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .catalog import load_catalog
from .metrics import check_figures
from .model import Catalog, Report
from .problems import Problem
from .reports import find_attachments, load_reports

CATALOG = "catalog.yml"

__all__ = ["CATALOG", "Loaded", "load_project"]


@dataclass(frozen=True)
class Loaded:
    """Phase one: the catalog, the valid reports, and every problem found."""

    catalog: Catalog
    reports: tuple[Report, ...]
    problems: tuple[Problem, ...]
    attachments: tuple[str, ...] = ()  # other files under reports/, by path relative to it


def load_project(reports_dir: Path, *, display: str = "reports", directory_urls: bool = True) -> Loaded:
    """Read the catalog and every report; nothing is derived until all of it is checked."""
    catalog, problems = load_catalog(reports_dir / CATALOG, f"{display}/{CATALOG}")
    reports, found = load_reports(reports_dir, catalog, display=display, directory_urls=directory_urls)
    found += check_figures(catalog, [r for r in reports if not r.draft], display)
    attachments, misnamed = find_attachments(reports_dir, display)
    found = sorted(found + misnamed, key=lambda p: (p.path, p.line))
    return Loaded(catalog, tuple(reports), tuple(problems + found), tuple(attachments))
