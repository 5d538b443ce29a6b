"""Importing many files at once: find them in folders, record what became of each, print a table and write a CSV log."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..pages.data import csv_cell
from .common import display_width
from .source import SUFFIXES
# Not documents: Word's lock files (~$报告.docx), hidden files, Windows' thumbnails and folder settings.
_JUNK = re.compile(r"^(?:~\$|\.)|^(?:thumbs\.db|desktop\.ini)$", re.IGNORECASE)

IMPORTED, REVIEW, REFUSED, EXISTS, SKIPPED = "已导入", "已导入，需核对", "未导入", "已导入过", "跳过"


@dataclass(frozen=True)
class Outcome:
    """What became of one file (or of one report in a file that holds several)."""

    file: Path
    status: str
    report: str = ""  # the report written, or the existing one it matched
    reason: str = ""  # why it was refused or skipped; what to check for REVIEW
    reviews: int = 0


def find_sources(paths: Iterable[Path], reports_dir: Path) -> tuple[list[Path], list[Outcome]]:
    """The files to import, in order; folders are searched recursively for supported files (never reports/ itself).

    Other files found in folders are recorded as skipped; files named one by one are always tried.
    """
    files: list[Path] = []
    skipped: list[Outcome] = []
    avoid = reports_dir.resolve()
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        for found in sorted(path.rglob("*")):
            inside = found.relative_to(path).parts
            if found.resolve() == avoid or avoid in found.resolve().parents or any(_JUNK.match(part) for part in inside):
                continue
            if not found.is_file():
                continue
            if found.suffix.lower() in SUFFIXES:
                files.append(found)
            else:
                skipped.append(Outcome(found, SKIPPED, reason=f"不支持 {found.suffix or '无扩展名'} 文件"))
    return list(dict.fromkeys(files)), skipped


def render_table(outcomes: list[Outcome], shown: Callable[[Path], str]) -> str:
    """A fixed-width table of every file's outcome and a line of totals."""
    rows = [("文件", "结果", "报告", "说明")] + [(shown(o.file), o.status, o.report, _short(o.reason)) for o in outcomes]
    widths = [max(display_width(row[i]) for row in rows) for i in range(3)]
    lines = ["  ".join(cell + " " * (width - display_width(cell)) for cell, width in zip(row[:3], widths)) + "  " + row[3]
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * 4)
    return "\n".join(line.rstrip() for line in lines) + "\n" + totals(outcomes)


def totals(outcomes: list[Outcome]) -> str:
    """One line: how many reports were imported (and need review), files refused, reports already there, files skipped."""
    count = {status: sum(1 for o in outcomes if o.status == status) for status in (IMPORTED, REVIEW, REFUSED, EXISTS, SKIPPED)}
    parts = [f"导入 {count[IMPORTED] + count[REVIEW]} 篇（其中 {count[REVIEW]} 篇需人工核对）", f"未导入 {count[REFUSED]} 个"]
    if count[EXISTS]:
        parts.append(f"已导入过 {count[EXISTS]} 篇（未重复写入，确需覆盖请加 --force）")
    if count[SKIPPED]:
        parts.append(f"跳过 {count[SKIPPED]} 个不支持的文件")
    return "合计：" + "，".join(parts) + "。"


def write_log(path: Path, outcomes: list[Outcome], shown: Callable[[Path], str]) -> None:
    """The outcomes as CSV, UTF-8 with BOM so that Excel shows the Chinese (a record for the office's files)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["文件", "结果", "报告", "需核对（处）", "说明"])
        for o in outcomes:
            writer.writerow([csv_cell(shown(o.file)), o.status, csv_cell(o.report), o.reviews, csv_cell(o.reason)])


def _short(text: str, width: int = 60) -> str:
    """The first clause of a reason, for the table (the log keeps all of it)."""
    text = text.split("；")[0]
    return text if display_width(text) <= width else text[: width // 2] + "…"
