"""`nianbao export`: the site's Word files written to a folder without building the site."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from ..archive import build_archive
from ..problems import errors, summary
from ..project import load_project
from ..publish import EditionError, check_edition, read_edition, select_reports
from ..wordsite import compilation_docx, file_name
from .compilation import render_compilation_docx
from .report import render_report_docx

DEFAULT_SITE_NAME = "群团工作报告"
_SITE_NAME = re.compile(r"^site_name:\s*['\"]?(.*?)['\"]?\s*$", re.MULTILINE)


def site_name(config: Path) -> str:
    """The site's name from mkdocs.yml (the compilation's cover shows it), else a plain default."""
    try:
        found = _SITE_NAME.search(config.read_text(encoding="utf-8"))
    except OSError:
        return DEFAULT_SITE_NAME
    return found.group(1) if found and found.group(1) else DEFAULT_SITE_NAME


def run_export(reports_dir: Path, files: list[Path], year: int | None, out: Path, name: str) -> int:
    """Write the year's compilation and/or each named report's file to `out`; 1 with the problem list when the reports
    have errors, 2 when nothing was asked for or a file is not a report."""
    if year is None and not files:
        print("请用 --year 指定年度汇编，或列出要导出的报告文件。", file=sys.stderr)
        return 2
    display = reports_dir.as_posix().rstrip("/")
    try:
        edition = read_edition(os.environ)  # REPORTS_AUDIENCE=public: the public edition's reports only
    except EditionError as error:
        print(error, file=sys.stderr)
        return 2
    loaded = load_project(reports_dir, display=display)
    problems = check_edition(loaded, edition, display)
    if errors(problems):
        for problem in problems:
            print(problem.format(prefix="警告：" if problem.severity == "warning" else ""))
        print(f"报告校验未通过（{summary(problems)}），未导出。请按上面的提示修改后重试。", file=sys.stderr)
        return 1
    by_source = {r.source: r for r in select_reports(loaded.reports, edition)}
    root = reports_dir.resolve()
    chosen = []
    for path in files:
        source = path.resolve().relative_to(root).as_posix() if path.resolve().is_relative_to(root) else ""
        if source not in by_source:
            print(f"{path}: 不是 {display}/ 中可导出的报告（草稿和公开版不发布的报告不导出）", file=sys.stderr)
            return 2
        chosen.append(by_source[source])
    published = build_archive(loaded.catalog, by_source.values())
    if year is not None and year not in published.by_year:
        print(f"{year} 年没有报告，未导出年度汇编。有报告的年度：{'、'.join(map(str, sorted(published.by_year))) or '无'}", file=sys.stderr)
        return 2
    warnings = [p for p in problems]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for report in chosen:
        data = render_report_docx(report, loaded.catalog, reports_dir=reports_dir, display=display, warnings=warnings)
        written.append(_write(out / file_name(report.title), data))
    if year is not None:
        data = render_compilation_docx(year, published.by_year[year], loaded.catalog, name, reports_dir=reports_dir,
                                       display=display, warnings=warnings)
        written.append(_write(out / compilation_docx(year).rsplit("/", 1)[-1], data))
    for problem in dict.fromkeys(warnings):
        print(problem.format(prefix="警告："))
    for path in written:
        print(path)
    print(f"已导出 {len(written)} 个 Word 文件到 {out}。", file=sys.stderr)
    return 0


def _write(path: Path, data: bytes) -> Path:
    """Write the file and return its path."""
    path.write_bytes(data)
    return path
