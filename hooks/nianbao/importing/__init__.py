"""`nianbao import`: turn pasted .txt/.md reports into reports/<year>/<org>-<type>.md with front matter."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from ..catalog import load_catalog
from ..model import Catalog
from ..problems import errors
from .clean import read_source
from .common import ImportFailure
from .pipeline import Draft, convert
from .write import check_rendered, choose_path, render_report, write_report

__all__ = ["ImportFailure", "import_file", "run_import"]


def run_import(files: list[Path], reports_dir: Path, force: bool = False, out: TextIO | None = None) -> int:
    """Import each file into `reports_dir`, print a Chinese log; 0 when every file was imported."""
    out = out or sys.stdout
    catalog, problems = load_catalog(reports_dir / "catalog.yml", display=_shown(reports_dir / "catalog.yml"))
    if errors(problems):
        print("目录文件有错误，无法导入：", file=out)
        for problem in errors(problems):
            print(f"  {problem.format()}", file=out)
        return 2
    written: set[Path] = set()
    failed = reviews = 0
    for file in map(Path, files):
        print(f"【{file.name}】", file=out)
        try:
            path, draft = import_file(file, reports_dir, catalog, force=force, taken=written)
        except ImportFailure as exc:
            print(f"  ✗ 未导入：{exc}\n", file=out)
            failed += 1
            continue
        written.add(path)
        reviews += len(draft.review)
        print_draft(path, draft, catalog, out)
    print(f"导入完成：成功 {len(written)} 个，失败 {failed} 个；需人工核对 {reviews} 处。", file=out)
    return 1 if failed else 0


def import_file(file: Path, reports_dir: Path, catalog: Catalog, *, force: bool = False, taken: set[Path] | None = None) -> tuple[Path, Draft]:
    """Convert and write one file; return where it went. Raise ImportFailure on any problem."""
    draft = convert(read_source(file), catalog, fallback_title=file.stem)
    path, exists = choose_path(reports_dir, draft.fields, taken or set())
    if exists and not force:
        raise ImportFailure(f"{_shown(path)} 已存在（同一报告），未覆盖；确需覆盖请加 --force")
    text = render_report(draft.fields, draft.body)
    check_rendered(text, path.relative_to(reports_dir).as_posix(), catalog)
    write_report(path, text)
    return path, draft


def print_draft(path: Path, draft: Draft, catalog: Catalog, out: TextIO) -> None:
    """The log of one imported file: where it went, detected fields, what needs a human look."""
    f = draft.fields
    headings = sum(1 for b in draft.blocks if b.level)
    print(f"  已写入 {_shown(path)}", file=out)
    print(f"  标题：{f.title}", file=out)
    print(f"  组织：{f.org}（{catalog.orgs[f.org].name}）", file=out)
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
