"""Characters of a PDF page → text lines in reading order, without running headers, footers and page numbers."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .common import CJK, CJK_PUNCT, display_width

# A page-number line: '1', '- 1 -', '— 1 —', '第 1 页', '第1页 共5页', '1 / 5', 'Page 1', 'Page 1 of 5'.
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—―－~·•.]*(?:\d{1,4}(?:\s*[/／]\s*\d{1,4})?"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)[\s\-–—―－~·•.]*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be header or footer
# Chinese line breaking keeps closing punctuation off a line's start and opening punctuation off its end.
_NO_BREAK_BEFORE = "，。、；：？！”’）》〉】」』…—·,.;:?!)]}%"
_NO_BREAK_AFTER = "“‘（《〈【「『([{"
_IDEOGRAPH = re.compile(f"[{CJK}]")
_GAP_SPACE = 0.15  # a gap between Latin characters wider than this (× font size) is a word space


@dataclass(frozen=True)
class Glyph:
    """One character drawn on a page: its text, horizontal extent, baseline and font size (PDF points)."""

    text: str
    x0: float
    x1: float
    base: float
    size: float


@dataclass(frozen=True)
class Line:
    """Characters sharing a baseline, ordered left to right; `lead` is the width of its first unbreakable piece."""

    text: str
    x0: float
    x1: float
    base: float
    size: float
    lead: float
    page: int
    spaced: bool = False  # the line ends with a drawn space (where it wrapped at a word boundary)


def page_lines(glyphs: list[Glyph], page: int) -> list[Line]:
    """Group a page's characters into lines by baseline (top to bottom), each ordered by x."""
    lines: list[Line] = []
    current: list[Glyph] = []
    for glyph in sorted(glyphs, key=lambda g: (-g.base, g.x0)):
        # Half a font size apart is never the next line; it may be a superscript or another font's glyph.
        if current and current[0].base - glyph.base > 0.5 * max(current[0].size, glyph.size):
            lines += _make_line(current, page)
            current = []
        current.append(glyph)
    if current:
        lines += _make_line(current, page)
    return lines


def _make_line(glyphs: list[Glyph], page: int) -> list[Line]:
    """The line these characters form ([] when they are only spaces)."""
    glyphs = _dedupe(sorted(glyphs, key=lambda g: g.x0))
    parts: list[str] = []
    for previous, glyph in zip([None, *glyphs], glyphs):
        if previous and previous.text != " " and glyph.text != " " and _word_gap(previous, glyph):
            parts.append(" ")
        parts.append(glyph.text)
    inked = [g for g in glyphs if g.text.strip()]
    if not inked:
        return []
    base = sorted(g.base for g in inked)[len(inked) // 2]
    size = sorted(g.size for g in inked)[len(inked) // 2]
    return [Line(" ".join("".join(parts).split()), inked[0].x0, inked[-1].x1, base, size, _lead_width(inked), page,
                 spaced=glyphs[-1].text.isspace())]


def _lead_width(inked: list[Glyph]) -> float:
    """The width of a line's first unbreakable piece: what a line break could not have split off the line before."""
    end = inked[0]
    for glyph in inked[1:]:
        if _word_gap(end, glyph) or _break_between(end.text, glyph.text):
            break
        end = glyph
    return end.x1 - inked[0].x0


def _break_between(before: str, after: str) -> bool:
    """Whether Chinese line breaking may wrap between two characters (next to an ideograph, punctuation rules kept)."""
    ideograph = bool(_IDEOGRAPH.match(before[-1:]) or _IDEOGRAPH.match(after[:1]))
    return ideograph and after[:1] not in _NO_BREAK_BEFORE and before[-1:] not in _NO_BREAK_AFTER


def _dedupe(glyphs: list[Glyph]) -> list[Glyph]:
    """Drop a character drawn again on top of itself (some producers fake bold that way)."""
    kept: list[Glyph] = []
    for glyph in glyphs:
        if kept and glyph.text == kept[-1].text and abs(glyph.x0 - kept[-1].x0) < 0.2 * glyph.size:
            continue
        kept.append(glyph)
    return kept


def _word_gap(left: Glyph, right: Glyph) -> bool:
    """Whether a visible gap separates two Latin characters (Chinese text never takes a space)."""
    if _is_wide(left.text) or _is_wide(right.text):
        return False
    return right.x0 - left.x1 > _GAP_SPACE * max(left.size, right.size)


def _is_wide(text: str) -> bool:
    """Whether a character is Chinese or full-width (including the curly quotes Chinese text uses)."""
    return display_width(text) > len(text) or any(c in CJK_PUNCT for c in text)


def remove_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Drop running headers/footers (same text, digits aside, at the same height on most pages) and page numbers."""
    running = _running_lines(pages)
    kept: list[list[Line]] = []
    for lines in pages:
        body = [line for line in lines if id(line) not in running]
        edges = {id(line) for line in body[:1] + body[-1:] if _PAGE_NUMBER.match(line.text)}
        kept.append([line for line in body if id(line) not in edges])
    return kept


def _running_lines(pages: list[list[Line]]) -> set[int]:
    """Ids of the edge lines that repeat at the same height on most pages."""
    if len(pages) < 2:
        return set()
    groups: dict[str, list[Line]] = defaultdict(list)
    for lines in pages:
        for line in {id(x): x for x in lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]}.values():
            groups[_DIGITS.sub("#", line.text.replace(" ", ""))].append(line)
    running: set[int] = set()
    for group in groups.values():
        for cluster in _by_height(group):
            pages_with = len({line.page for line in cluster})
            if pages_with >= 2 and pages_with * 2 > len(pages):
                running |= {id(line) for line in cluster}
    return running


def _by_height(lines: list[Line]) -> list[list[Line]]:
    """Lines clustered by baseline height, within two points."""
    clusters: list[list[Line]] = []
    for line in sorted(lines, key=lambda x: x.base):
        if clusters and line.base - clusters[-1][-1].base <= 2:
            clusters[-1].append(line)
        else:
            clusters.append([line])
    return clusters
