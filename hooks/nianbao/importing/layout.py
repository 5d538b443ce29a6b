"""Turn cleaned lines into paragraphs: undo hard wraps, fix PDF spacing, use Chinese punctuation."""
from __future__ import annotations

import re

from .common import CJK, CJK_PUNCT, CN_NUMERAL, display_width, line_joiner

# A line that opens a heading or a list item of the document's own numbering.
LINE_MARKER = re.compile(rf"^(?:[{CN_NUMERAL}]{{1,3}}、|[（(][{CN_NUMERAL}\d]{{1,3}}[）)]|\d{{1,2}}[.．、](?![\d.．])|——)")
_CLAUSE_END = "。！？!?：:；;"
_ANY_CJK = f"{CJK}{CJK_PUNCT}"
_SPACES = re.compile(
    rf"(?<=[{_ANY_CJK}])[ \t]+(?=[A-Za-z0-9%])"
    rf"|(?<=[A-Za-z0-9%])[ \t]+(?=[{_ANY_CJK}])"
    rf"|(?<=[{CJK_PUNCT}])[ \t]+"
    rf"|[ \t]+(?=[{CJK_PUNCT}])"
)
# A space after a full stop inside a line is where a lost paragraph break was.
_LOST_BREAK = re.compile(r"(?<=[。！？])[ \t]+(?=\S)")
_ASCII_PUNCT = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_ASCII_NEAR_CJK = re.compile(rf"(?<=[{_ANY_CJK}])[,:;?!]|[,:;?!](?=[{_ANY_CJK}])")
_PARENS = re.compile(rf"\(([^()\n]*[{CJK}][^()\n]*)\)")


def split_title(lines: list[str]) -> tuple[str, list[str]]:
    """The first line when it reads like a title ('' otherwise), and the remaining lines."""
    for index, line in enumerate(lines):
        if line:
            if len(line) <= 60 and line[-1] not in "。，；,;" and not LINE_MARKER.match(line):
                return line, lines[index + 1:]
            return "", lines[index:]
    return "", []


def build_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs with hard wraps undone, spacing fixed and punctuation made full-width."""
    paragraphs = []
    for paragraph in unwrap_lines(lines):
        for part in _LOST_BREAK.split(paragraph):
            if text := clean_spacing(part):
                paragraphs.append(text)
    return paragraphs


def unwrap_lines(lines: list[str]) -> list[str]:
    """Join lines a PDF or web page wrapped mid-sentence; blank lines always end a paragraph."""
    full = wrap_width([display_width(line) for line in lines if line])
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if current and (not line or not joins(current[-1], line, full)):
            paragraphs.append(_join(current))
            current = []
        if line:
            current.append(line)
    if current:
        paragraphs.append(_join(current))
    return paragraphs


def wrap_width(widths: list[int]) -> int | None:
    """The width from which a line counts as full, or None when the text is not hard-wrapped."""
    if len(widths) < 8:
        return None
    typical = sorted(widths)[int(len(widths) * 0.75)]
    near = sum(1 for w in widths if abs(w - typical) <= 8)
    if typical > 160 or near < 0.6 * len(widths):
        return None
    return typical - 5


def joins(line: str, following: str, full: int | None) -> bool:
    """Whether `following` continues the paragraph `line` belongs to."""
    if full is None or LINE_MARKER.match(following):
        return False
    width = display_width(line)
    if width >= full:
        return True
    if LINE_MARKER.match(line) and width < 0.8 * full:
        return False  # a short numbered line is a heading of its own
    return line[-1] not in _CLAUSE_END


def _join(lines: list[str]) -> str:
    """Concatenate wrapped lines; only two Latin words get a space between them."""
    text = lines[0]
    for line in lines[1:]:
        space = line_joiner(text, line)
        text += space + line
    return text


def clean_spacing(text: str) -> str:
    """Drop spaces PDF extraction put around CJK ('2020 年' → '2020年') and use full-width punctuation."""
    for _ in range(2):  # punctuation first exposes more removable spaces, and vice versa
        text = _ASCII_NEAR_CJK.sub(lambda m: _ASCII_PUNCT[m.group(0)], text)
        text = _SPACES.sub("", text.strip())
    return _PARENS.sub(r"（\1）", text)
