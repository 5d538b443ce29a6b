"""The best snippet of a report for a query: a short window of one block, with the words marked."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from .fold import SEPARATOR, fold

BEFORE, AFTER, NEAR = 30, 70, 40


@dataclass(frozen=True)
class Snippet:
    """Text of the window, the (start, end) ranges to highlight, and whether text was cut off on each side."""

    text: str
    marks: tuple[tuple[int, int], ...]
    cut_start: bool
    cut_end: bool

    def render(self, left: str = "【", right: str = "】") -> str:
        """Plain text with the marks bracketed, for the command line."""
        out, last = [], 0
        for a, b in self.marks:
            out += [self.text[last:a], left, self.text[a:b], right]
            last = b
        out.append(self.text[last:])
        return ("…" if self.cut_start else "") + "".join(out) + ("…" if self.cut_end else "")


def best_position(known: Sequence[Sequence[tuple[int, int]]]) -> int:
    """The known occurrence (position, region) with the most different words near it, preferring the body (region 2)."""
    flat = [(p, w, r) for w, positions in enumerate(known) for p, r in positions]
    pool = [x for x in flat if x[2] == 2] or flat
    if not pool:
        return 0
    return min(pool, key=lambda x: (-len({w for p, w, _ in flat if abs(p - x[0]) <= NEAR}), x[0]))[0]


def find_marks(text: str, words: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Ranges of every occurrence of the (folded) words in text, merged where they overlap."""
    folded, ranges = fold(text), []
    for word in words:
        at = folded.find(word)
        while at >= 0:
            ranges.append((at, at + len(word)))
            at = folded.find(word, at + len(word))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return tuple(merged)


def build_snippet(read: Callable[[int, int], str], words: Sequence[str], known: Sequence[Sequence[tuple[int, int]]]) -> Snippet:
    """Read a window around the best known (position, region) (never across a block boundary) and mark the words."""
    pos = best_position(known)
    start = max(0, pos - BEFORE)
    text = read(start, pos + AFTER)
    left = text.rfind(SEPARATOR, 0, pos - start) + 1
    right = text.find(SEPARATOR, pos - start)
    right = len(text) if right < 0 else right
    window = text[left:right]
    cut_start = left == 0 and start > 0
    cut_end = right == len(text) and len(text) == pos + AFTER - start
    return Snippet(window, find_marks(window, words), cut_start, cut_end)
