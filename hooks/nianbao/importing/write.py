"""Render a report file (YAML front matter + Markdown), check it against the contract, write it safely."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

from ..frontmatter import FrontMatterError, parse_front_matter
from ..model import Catalog, Number
from ..render import default_renderer
from ..reports import check_report
from ..sanitize import check_report_html
from .common import ImportFailure


@dataclass(frozen=True)
class Fields:
    """The front matter of an imported report."""

    title: str
    org: str
    year: int
    type: str
    date: dt.date | None
    metrics: dict[str, Number]
    tags: tuple[str, ...] = ()


def render_report(fields: Fields, body: str) -> str:
    """The report file: front matter written by PyYAML (so any title is quoted safely), then the body."""
    data: dict[str, Any] = {"title": fields.title, "org": fields.org, "year": fields.year, "type": fields.type}
    if fields.date:
        data["date"] = fields.date
    if fields.tags:
        data["tags"] = list(fields.tags)
    if fields.metrics:
        data["metrics"] = dict(fields.metrics)
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n\n{body}"


def check_rendered(text: str, source: str, catalog: Catalog) -> None:
    """Refuse to write anything the loader would report a problem for, error or warning."""
    try:
        front = parse_front_matter(text)
    except FrontMatterError as exc:
        raise ImportFailure(f"生成的 front matter 无法解析：{exc.message}") from None
    report, problems = check_report(front, source, catalog, display=f"reports/{source}")
    if report is not None:  # the importer escapes all text, so the sanitizer must find nothing to remove
        problems += check_report_html(report, default_renderer(), f"reports/{source}")
    if problems:
        raise ImportFailure("生成的报告未通过校验：" + "；".join(p.format() for p in problems))


class AlreadyImported(ImportFailure):
    """The report is already in reports/ (an earlier import) or was written earlier in this run (the same report in
    another format): it is not written twice."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


def choose_path(reports_dir: Path, fields: Fields, taken: Mapping[Path, Fields]) -> tuple[Path, bool]:
    """reports/<year>/<org>-<type>.md (with -2, -3… if another report has it) and whether it re-imports an existing file.

    `taken` holds the reports this run has written: the same report again (a .doc and its .pdf) is AlreadyImported.
    """
    stem = f"{fields.org}-{fields.type}"
    for n in range(1, 100):
        path = reports_dir / str(fields.year) / (f"{stem}.md" if n == 1 else f"{stem}-{n}.md")
        if path in taken:
            if (taken[path].title, taken[path].org) == (fields.title, fields.org):
                raise AlreadyImported(path, f"与本次已导入的 {path.relative_to(reports_dir).as_posix()} 是同一报告（同一标题和组织），未重复写入")
            continue
        if not path.exists():
            return path, False
        if _same_report(path, fields):
            return path, True
    raise ImportFailure(f"{reports_dir / str(fields.year)} 中同名报告过多，请清理后再导入")


def place_attachments(body: str, attachments: Mapping[str, bytes], report: Path) -> tuple[str, dict[Path, bytes]]:
    """Name each attachment after its report (`<report>-image1.png` beside it) and point the body's links at the names."""
    placed: dict[Path, bytes] = {}
    for name, data in attachments.items():
        target = report.with_name(f"{report.stem}-{name}")
        body = body.replace(f"]({name})", f"]({target.name})")
        placed[target] = data
    return body, placed


def write_attachment(path: Path, data: bytes) -> None:
    """Write an attachment beside its report."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ImportFailure(f"无法写入 {path}：{exc.strerror or exc}") from None


def _same_report(path: Path, fields: Fields) -> bool:
    """Whether the existing file is this report (same title and org), i.e. an earlier import of it."""
    try:
        data = parse_front_matter(path.read_text(encoding="utf-8")).data
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return False
    return str(data.get("title", "")).strip() == fields.title and data.get("org") == fields.org


def write_report(path: Path, text: str) -> None:
    """Write UTF-8 with Unix newlines, creating the year folder."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        raise ImportFailure(f"无法写入 {path}：{exc.strerror or exc}") from None
