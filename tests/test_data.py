"""The data files: text from reports or the catalog is never a formula when Excel opens the CSV."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from conftest import CATALOG, report, write_tree
from nianbao.build import build_site
from nianbao.pages.data import METRICS_CSV, csv_cell
from nianbao.project import load_project
from nianbao.pages.status import STATUS_CSV


def test_text_cells_that_excel_would_run_get_an_apostrophe() -> None:
    assert [csv_cell(v) for v in ["=1+1", "+1", "-x", "@SUM(A1)", "\t=1", "坪山", 2021, -5]] == \
        ["'=1+1", "'+1", "'-x", "'@SUM(A1)", "'\t=1", "坪山", 2021, -5]


def test_report_paths_and_units_in_the_csv_files_are_text(tmp_path: Path) -> None:
    catalog = CATALOG.replace('unit: "%"', "unit: '=HYPERLINK(\"http://evil.example\")'")
    files = {"catalog.yml": catalog, "=cmd.md": report("标题", "pingshan-zgh", 2021, metrics="{union_rate: 99}")}
    site = build_site(load_project(write_tree(tmp_path / "reports", files)))
    metrics = list(csv.reader(io.StringIO(site.files[METRICS_CSV].lstrip("\ufeff"))))
    assert metrics[1] == ["'=cmd.md", "pingshan-zgh", "2021", "annual", "union_rate", "99", "'=HYPERLINK(\"http://evil.example\")"]
    status = list(csv.reader(io.StringIO(site.files[STATUS_CSV].lstrip("\ufeff"))))
    assert ["pingshan-zgh", "2021", "annual", "已交", "'=cmd.md"] in status
