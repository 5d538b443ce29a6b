"""`nianbao import`: turn Word files and pasted text into reports/<year>/<org>-<type>.md with front matter."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..catalog import load_catalog
from ..model import Catalog, Org
from ..problems import errors
from .common import ImportFailure
from .orgs import append_orgs, with_org
from .pipeline import Document, Draft, convert_document, convert_text
from .source import check_suffix, read_text
from .write import check_rendered, choose_path, render_report, write_report

__all__ = ["ImportFailure", "convert_file", "run_import"]


@dataclass
class _Run:
    """What an import run has done so far (the catalog grows by the orgs it adds)."""

    catalog: Catalog
    written: set[Path] = field(default_factory=set)
    new_orgs: list[tuple[Org, str]] = field(default_factory=list)
    failed: int = 0
    reviews: int = 0


def run_import(files: list[Path], reports_dir: Path, force: bool = False, org: str = "", out: TextIO | None = None) -> int:
    """Import each file into `reports_dir`, print a Chinese log; 0 when every report in every file was imported."""
    out = out or sys.stdout
    catalog_path = reports_dir / "catalog.yml"
    catalog, problems = load_catalog(catalog_path, display=_shown(catalog_path))
    if errors(problems):
        print("目录文件有错误，无法导入：", file=out)
        for problem in errors(problems):
            print(f"  {problem.format()}", file=out)
        return 2
    if org and org not in catalog.orgs:
        print(f"--org {org}：目录中没有这个组织；可用的组织 id：{'、'.join(catalog.orgs)}", file=out)
        return 2
    run = _Run(catalog)
    for file in map(Path, files):
        print(f"【{file.name}】", file=out)
        try:
            document = convert_file(file, run.catalog, org, out)
        except ImportFailure as exc:
            print(f"  ✗ 未导入：{exc}\n", file=out)
            run.failed += 1
            continue
        _print_list("需人工核对（整份文档）", document.notes, out, mark="!")
        run.reviews += len(document.notes)
        import_results(document, file, reports_dir, catalog_path, run, force, out)
    print(summary_line(run), file=out)
    return 1 if run.failed else 0


def convert_file(file: Path, catalog: Catalog, org: str = "", out: TextIO | None = None) -> Document:
    """The reports in one file (several when it holds several); raise ImportFailure when it cannot be read."""
    check_suffix(file)
    if file.suffix.lower() == ".docx":
        from .docx import read_docx

        title, blocks = read_docx(file)
        return convert_document(title, blocks, catalog, file.stem, org)
    source = read_text(file)
    if out and source.encoding != "UTF-8":
        print(f"  编码：{source.encoding}（已按此读取）", file=out)
    return convert_text(source.text, catalog, file.stem, org)


def import_results(document: Document, file: Path, reports_dir: Path, catalog_path: Path, run: _Run,
                   force: bool, out: TextIO) -> None:
    """Add the file's new orgs to the catalog, then write each report it holds and log it."""
    added = [(r.draft.new_org, file.name) for r in document.parts if r.draft and r.draft.new_org]
    if added:
        append_orgs(catalog_path, added)
        run.new_orgs += added
        for new_org, _ in added:
            run.catalog = with_org(run.catalog, new_org)
    for result in document.parts:
        label = f"  〔{result.label}〕\n" if result.label else ""
        try:
            if result.draft is None:
                raise ImportFailure(result.failure)
            path = write_draft(result.draft, reports_dir, run.catalog, force, run.written)
        except ImportFailure as exc:
            print(f"{label}  ✗ 未导入：{exc}\n", file=out)
            run.failed += 1
            continue
        run.written.add(path)
        run.reviews += len(result.draft.review)
        print(label, end="", file=out)
        print_draft(path, result.draft, run.catalog, out)


def write_draft(draft: Draft, reports_dir: Path, catalog: Catalog, force: bool, taken: set[Path]) -> Path:
    """Write one converted report at its conventional path; refuse to overwrite unless forced."""
    path, exists = choose_path(reports_dir, draft.fields, taken)
    if exists and not force:
        raise ImportFailure(f"{_shown(path)} 已存在（同一报告），未覆盖；确需覆盖请加 --force")
    text = render_report(draft.fields, draft.body)
    check_rendered(text, path.relative_to(reports_dir).as_posix(), catalog)
    write_report(path, text)
    return path


def print_draft(path: Path, draft: Draft, catalog: Catalog, out: TextIO) -> None:
    """The log of one imported report: where it went, detected fields, what needs a human look."""
    f = draft.fields
    headings = sum(1 for b in draft.blocks if b.level)
    print(f"  已写入 {_shown(path)}", file=out)
    print(f"  标题：{f.title}", file=out)
    print(f"  组织：{f.org}（{catalog.orgs[f.org].name}）{'  ← 新组织，已加入目录，待核对' if draft.new_org else ''}", file=out)
    print(f"  年份：{f.year}", file=out)
    print(f"  类型：{f.type}（{catalog.types[f.type].name}）", file=out)
    print(f"  日期：{f.date.isoformat() if f.date else '（未填写）'}", file=out)
    print(f"  结构：{headings} 个小标题，{len(draft.blocks) - headings} 个段落", file=out)
    if draft.metric_hits:
        print("  指标：", file=out)
        for hit in draft.metric_hits:
            metric = catalog.metrics[hit.metric]
            print(f"    {hit.metric}（{metric.label}）= {hit.value}{metric.unit}  ← “{hit.source}”", file=out)
    else:
        print("  指标：（正文中没有找到目录所列的指标）", file=out)
    _print_list("需人工核对", draft.review, out, mark="!")
    _print_list("其他数字（未录入指标，请核对是否需要新增指标）", draft.figures, out)
    _print_list("工作思路/计划部分的数字（目标值，不录入指标）", draft.plan_figures, out)
    print(file=out)


def summary_line(run: _Run) -> str:
    """The last line of the log: what was written and what needs a human look."""
    added = f"新增组织 {len(run.new_orgs)} 个（{'、'.join(o.name for o, _ in run.new_orgs)}，已加入 catalog.yml，待核对）；" if run.new_orgs else ""
    return f"导入完成：成功 {len(run.written)} 个，失败 {run.failed} 个；{added}需人工核对 {run.reviews} 处。"


def _print_list(heading: str, items: list[str], out: TextIO, mark: str = "·") -> None:
    """A titled list, or nothing when empty."""
    if items:
        print(f"  {heading}：", file=out)
        for item in items:
            print(f"    {mark} {item}", file=out)


def _shown(path: Path) -> str:
    """A path relative to the working directory when it is below it."""
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
