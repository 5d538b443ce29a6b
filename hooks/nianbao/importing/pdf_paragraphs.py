"""Join a PDF's lines into paragraphs by their layout: the text area's edges, first-line indents, vertical gaps."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .common import line_joiner
from .pdf_lines import Line


@dataclass(frozen=True)
class Frame:
    """Where lines start and full lines end, the body text's size and its usual baseline distance (× size) in a paragraph."""

    left: float
    right: float
    size: float
    pitch: float
    drawn_spaces: bool = False


def join_paragraphs(lines: list[Line], drawn_spaces: bool) -> list[str]:
    """The text of each paragraph: a line that reaches the right edge continues into the next unless that one starts a paragraph.

    `drawn_spaces`: the PDF draws its spaces, so a wrap without one (even inside a number) joins without a space.
    """
    if not lines:
        return []
    frame = text_frame(lines, drawn_spaces)
    paragraphs: list[str] = []
    current = [lines[0]]
    for line in lines[1:]:
        if not continues(current[-1], line, frame):
            paragraphs.append(_join(current, frame))
            current = []
        current.append(line)
    paragraphs.append(_join(current, frame))
    return paragraphs


def text_frame(lines: list[Line], drawn_spaces: bool = False) -> Frame:
    """The text area as the lines show it."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    size = sizes.most_common(1)[0][0]
    # Edges that at least two lines share: one stray line (a wide table row, a note) must not move them.
    starts = Counter(round(line.x0) for line in lines)
    ends = Counter(round(line.x1) for line in lines)
    far = max((x for x, n in ends.items() if n > 1), default=max(ends))
    # Justified and grid-aligned full lines end at the same point; hanging punctuation sometimes a little further.
    right = max(((n, x) for x, n in ends.items() if far - 2 * size <= x <= far))[1]
    pitches = sorted((a.base - b.base) / a.size for a, b in zip(lines, lines[1:])
                     if a.page == b.page and a.base - b.base >= 0.8 * a.size and abs(a.size - b.size) <= 0.15 * a.size)
    pitch = pitches[len(pitches) // 4] if pitches else float("inf")
    left = min((x for x, n in starts.items() if n > 1), default=min(starts))
    return Frame(float(left), float(right), size, pitch, drawn_spaces)


def continues(line: Line, following: Line, frame: Frame) -> bool:
    """Whether `following` is the next line of the paragraph `line` belongs to."""
    size = max(line.size, following.size)
    if abs(line.size - following.size) > 0.15 * size:
        return False
    if following.page == line.page and not 0 < line.base - following.base <= (frame.pitch + 0.25) * size:
        return False  # a larger gap (or a jump back up the page) starts a new paragraph
    if frame.right - line.x1 > following.lead + size:
        return False  # the following line's first word would have fitted: this line ended its paragraph
    if _centred(following, frame):
        # A long title wraps onto a centred line; its first line may fill the width exactly.
        return _centred(line, frame) or line.size > 1.15 * frame.size
    return following.x0 - frame.left <= 0.8 * following.size and line.x0 - frame.left < 4 * line.size


def _centred(line: Line, frame: Frame) -> bool:
    """Whether a line stands clear of both edges by about the same distance."""
    before, after = line.x0 - frame.left, frame.right - line.x1
    return min(before, after) > 0.25 * line.size and abs(before - after) < line.size


def _join(lines: list[Line], frame: Frame) -> str:
    """One paragraph's text: wrapped lines joined, with a space where the layout shows one or between Latin words."""
    text = lines[0].text
    for before, line in zip(lines, lines[1:]):
        text += _joiner(before, line, text, frame) + line.text
    return text


def _joiner(before: Line, line: Line, text: str, frame: Frame) -> str:
    """What joins a wrapped line to the paragraph's text so far."""
    # A space carried over to the start of a line is not drawn, but shifts the line right of the edge.
    if before.spaced or 0.15 * line.size <= line.x0 - frame.left <= 0.8 * line.size:
        return " "
    if frame.drawn_spaces:  # no space drawn at the wrap: none was there, unless it split two words (numbers may wrap anywhere)
        return " " if _latin_letter(text[-1]) and _latin_letter(line.text[0]) else ""
    return line_joiner(text, line.text)


def _latin_letter(char: str) -> bool:
    """Whether a character is an ASCII letter."""
    return char.isascii() and char.isalpha()
