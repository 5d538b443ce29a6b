"""Split a document that holds several reports (篇一, 篇二 … or one title repeated) into one part each."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .common import CN_NUMERAL, cn_number
from .layout import LINE_MARKER

# '推进群团建设篇一', '篇二', '第三篇', '篇四：…'
_PIECE = re.compile(rf"^(?P<head>.{{0,30}}?)(?:篇(?P<a>[{CN_NUMERAL}]{{1,3}})|第(?P<b>[{CN_NUMERAL}]{{1,3}})篇)(?:[：:\s](?P<tail>.{{0,40}}))?$")
_REPORT_WORDS = re.compile(r"总结|计划|思路|要点|汇报|报告")
_TITLE_YEAR = re.compile(r"\d{4}|[〇零一二三四五六七八九]{4}")
MIN_PART_LINES = 3


@dataclass(frozen=True)
class Part:
    """One report of a document: the line that starts it ('' for a whole document) and its lines."""

    heading: str
    lines: list[str]


def split_parts(lines: list[str]) -> tuple[list[Part], list[str]]:
    """The reports of a document and the lines before the first one (a website's blurb, dropped)."""
    starts = _piece_starts(lines) or _repeated_title_starts(lines)
    if len(starts) < 2:
        return [Part("", lines)], []
    parts = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        parts.append(Part(lines[start], lines[start + 1:end]))
    preamble = [line for line in lines[:starts[0]] if line]
    return parts, preamble


def _piece_starts(lines: list[str]) -> list[int]:
    """Standalone lines '…篇一', '…篇二' … numbered 1, 2, 3 in order."""
    starts: list[int] = []
    for index, line in enumerate(lines):
        match = _PIECE.match(line)
        if match and _standalone(lines, index) and cn_number(match["a"] or match["b"]) == len(starts) + 1:
            starts.append(index)
    return starts if _long_enough(lines, starts) else []


def _repeated_title_starts(lines: list[str]) -> list[int]:
    """Standalone report titles of the same shape as the first line ('XX2020年工作总结' … 'XX2021年工作总结')."""
    titles = [i for i, line in enumerate(lines) if _standalone(lines, i) and _is_report_title(line)]
    if not titles or titles[0] != _first_text(lines):
        return []
    return titles if _long_enough(lines, titles) else []


def _is_report_title(line: str) -> bool:
    """A short unnumbered line naming a year and a kind of report."""
    return (0 < len(line) <= 60 and line[-1] not in "。，；：,;:" and not LINE_MARKER.match(line)
            and bool(_REPORT_WORDS.search(line)) and bool(_TITLE_YEAR.search(line)))


def _standalone(lines: list[str], index: int) -> bool:
    """A line with blank lines (or the document's edges) on both sides: a title, not wrapped text."""
    before = index == 0 or not lines[index - 1]
    after = index + 1 == len(lines) or not lines[index + 1]
    return before and after


def _first_text(lines: list[str]) -> int:
    """The index of the first non-empty line."""
    return next((i for i, line in enumerate(lines) if line), -1)


def _long_enough(lines: list[str], starts: list[int]) -> bool:
    """Whether every part between split points holds a real body, not just a line or two."""
    if len(starts) < 2:
        return False
    bounds = [*starts, len(lines)]
    return all(sum(1 for line in lines[a + 1:b] if line) >= MIN_PART_LINES for a, b in zip(bounds, bounds[1:]))
