"""`nianbao import`: turn Word, WPS, LibreOffice, PDF, web-page and text files (or folders of them) into
reports/<year>/<org>-<type>.md with front matter."""
from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TextIO

from ..catalog import load_catalog
from ..model import Catalog, Org
from ..problems import errors
from .batch import EXISTS, IMPORTED, REFUSED, REVIEW, Outcome, find_sources, render_table, write_log
from .common import ImportFailure
from .office import OFFICE_SUFFIXES, convert_to_docx, require
from .orgs import append_orgs, with_org
from .pipeline import Document, Draft, convert_extracted, convert_text
from .source import WEB_SUFFIXES, check_suffix, read_text
from .write import (AlreadyImported, Fields, check_rendered, choose_path, place_attachments, render_report, write_attachment,
                    write_report)

__all__ = ["ImportFailure", "convert_file", "run_import"]


@dataclass
class _Run:
    """What an import run has done so far (the catalog grows by the orgs it adds)."""

    catalog: Catalog
    written: dict[Path, Fields] = field(default_factory=dict)
    new_orgs: list[tuple[Org, str]] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)


def run_import(paths: list[Path], reports_dir: Path, force: bool = False, org: str = "", out: TextIO | None = None,
               log: Path | None = None) -> int:
    """Import files and folders into `reports_dir` and print a Chinese log; 0 unless a file or report was refused.

    A run that names a folder or several files ends with a table of outcomes, and writes it to `log` (CSV) when given.
    """
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
    files, skipped = find_sources(map(Path, paths), reports_dir)
    with tempfile.TemporaryDirectory(prefix="nianbao-import-") as scratch:
        converted = convert_office_files(files, Path(scratch), out)
        for file in files:
            print(f"【{_shown(file)}】", file=out)
            try:
                document = convert_file(file, run.catalog, org, out, converted.get(file))
            except ImportFailure as exc:
                print(f"  ✗ 未导入：{exc}\n", file=out)
                run.outcomes.append(Outcome(file, REFUSED, reason=str(exc)))
                continue
            except Exception as exc:  # a reader's bug must not stop an office's whole folder: report it and go on
                reason = f"导入程序出错（{type(exc).__name__}: {exc}），请把这个文件发给维护人员"
                print(f"  ✗ 未导入：{reason}\n", file=out)
                run.outcomes.append(Outcome(file, REFUSED, reason=reason))
                continue
            _print_list("需人工核对（整份文档）", document.notes, out, mark="!")
            import_results(document, file, reports_dir, catalog_path, run, force, out)
    run.outcomes += skipped
    if len(run.outcomes) > 1 or any(Path(p).is_dir() for p in paths):
        print(render_table(run.outcomes, shown_in(paths)), file=out)
    print(summary_line(run), file=out)
    if log is not None:
        write_log(log, run.outcomes, shown_in(paths))
        print(f"导入记录已写入 {_shown(log)}", file=out)
    return 1 if any(o.status == REFUSED for o in run.outcomes) else 0


def convert_office_files(files: list[Path], scratch: Path, out: TextIO) -> dict[Path, Path | str]:
    """.doc/.wps/.odt/.rtf files as .docx, converted by one LibreOffice for the whole run."""
    office = [f for f in files if f.suffix.lower() in OFFICE_SUFFIXES]
    if not office:
        return {}
    start = time.perf_counter()
    converted = convert_to_docx(office, scratch)
    seconds = time.perf_counter() - start
    done = sum(1 for result in converted.values() if isinstance(result, Path))
    print(f"LibreOffice 转换 {done}/{len(office)} 个文件为 .docx，用时 {seconds:.1f} 秒（每个 {seconds / len(office):.2f} 秒）\n", file=out)
    return converted


def convert_file(file: Path, catalog: Catalog, org: str = "", out: TextIO | None = None, converted: Path | str | None = None) -> Document:
    """The reports in one file (several when it holds several); raise ImportFailure when it cannot be read.

    `converted` is the .docx LibreOffice made of a .doc/.wps/.odt/.rtf file (or why it could not), when already done.
    """
    check_suffix(file)
    suffix = file.suffix.lower()
    if suffix in OFFICE_SUFFIXES and converted is None:
        with tempfile.TemporaryDirectory(prefix="nianbao-import-") as scratch:
            return convert_file(file, catalog, org, out, convert_to_docx([file], Path(scratch))[file])
    if suffix in (".docx", *OFFICE_SUFFIXES):
        from .docx import read_docx

        return convert_extracted(read_docx(require(converted) if suffix in OFFICE_SUFFIXES else file), catalog, file.stem, org)
    if suffix == ".pdf":
        from .pdf import read_pdf

        return convert_text(read_pdf(file), catalog, file.stem, org)
    if suffix in WEB_SUFFIXES:
        from .webpage import read_webpage

        return convert_extracted(read_webpage(file), catalog, file.stem, org)
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
        except AlreadyImported as exc:
            print(f"{label}  = 未重复导入：{exc}\n", file=out)
            run.outcomes.append(Outcome(file, EXISTS, _report(exc.path, reports_dir), str(exc)))
            continue
        except ImportFailure as exc:
            print(f"{label}  ✗ 未导入：{exc}\n", file=out)
            run.outcomes.append(Outcome(file, REFUSED, reason=f"{result.label}：{exc}" if result.label else str(exc)))
            continue
        run.written[path] = result.draft.fields
        reviews = len(result.draft.review) + len(document.notes)
        notes = "；".join([*document.notes, *result.draft.review])
        run.outcomes.append(Outcome(file, REVIEW if reviews else IMPORTED, _report(path, reports_dir), notes, reviews))
        print(label, end="", file=out)
        print_draft(path, result.draft, run.catalog, out)


def write_draft(draft: Draft, reports_dir: Path, catalog: Catalog, force: bool, taken: dict[Path, Fields]) -> Path:
    """Write one converted report at its conventional path, with its attachments beside it; never overwrite unless forced."""
    path, exists = choose_path(reports_dir, draft.fields, taken)
    if exists and not force:
        raise AlreadyImported(path, f"{_shown(path)} 已存在（同一报告），未覆盖；确需覆盖请加 --force")
    body, attachments = place_attachments(draft.body, draft.attachments, path)
    text = render_report(draft.fields, body)
    check_rendered(text, path.relative_to(reports_dir).as_posix(), catalog)
    write_report(path, text)
    for target, data in attachments.items():
        write_attachment(target, data)
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
    """The last line of the log of a single file: what was written and what needs a human look."""
    added = f"新增组织 {len(run.new_orgs)} 个（{'、'.join(o.name for o, _ in run.new_orgs)}，已加入 catalog.yml，待核对）；" if run.new_orgs else ""
    failed = sum(1 for o in run.outcomes if o.status == REFUSED)
    reviews = sum(o.reviews for o in run.outcomes)
    return f"导入完成：成功 {len(run.written)} 个，失败 {failed} 个；{added}需人工核对 {reviews} 处。"


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


def shown_in(paths: list[Path]) -> Callable[[Path], str]:
    """How the summary names a file: from the folder it was found in (including that folder's name), else as _shown."""
    folders = [Path(p).resolve() for p in paths if Path(p).is_dir()]

    def shown(file: Path) -> str:
        for folder in folders:
            if folder in file.resolve().parents:
                return file.resolve().relative_to(folder.parent).as_posix()
        return _shown(file)
    return shown


def _report(path: Path, reports_dir: Path) -> str:
    """A report as the summary names it: its path under reports/."""
    return f"{reports_dir.name}/{path.relative_to(reports_dir).as_posix()}"
