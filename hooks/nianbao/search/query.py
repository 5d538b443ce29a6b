"""Search queries: words (AND), quoted phrases, folded like the index; and the facet filters."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .fold import fold

_TOKEN = re.compile(r'"([^"]*)"?|“([^”]*)”?|(\S+)')
MIN_CHARS = 2


@dataclass(frozen=True)
class Query:
    """What the reader typed, as folded words that must all occur; `problem` says why nothing can be searched."""

    text: str
    words: tuple[str, ...]
    problem: str = ""


@dataclass(frozen=True)
class Filters:
    """Facet filters: an org id, a year range (inclusive, either end open) and a type id."""

    org: str = ""
    year_from: int | None = None
    year_to: int | None = None
    type: str = ""

    def accepts(self, org: str, year: int, rtype: str) -> bool:
        """Whether a report with these facets passes every filter."""
        return ((not self.org or org == self.org) and (not self.type or rtype == self.type)
                and (self.year_from is None or year >= self.year_from) and (self.year_to is None or year <= self.year_to))


def parse_query(text: str) -> Query:
    """Split on white space outside quotes; fold each word; refuse words shorter than two characters."""
    words: list[str] = []
    for m in _TOKEN.finditer(text):
        word = " ".join(fold(next(g for g in m.groups() if g is not None)).split())
        if word and word not in words:
            words.append(word)
    short = [w for w in words if len(w) < MIN_CHARS]
    if short:
        return Query(text, tuple(words), f"“{short[0]}”只有一个字：请至少输入两个字，例如“{short[0]}”所在的词。")
    return Query(text, tuple(words))


def parse_year(value: str) -> tuple[int | None, int | None]:
    """'2019' → (2019, 2019); '2019-2023', '2019-', '-2023' → ranges; anything else → no filter."""
    m = re.fullmatch(r"\s*(\d{4})?\s*(-?)\s*(\d{4})?\s*", value or "")
    if not m or not (m.group(1) or m.group(3)):
        return None, None
    start = int(m.group(1)) if m.group(1) else None
    end = int(m.group(3)) if m.group(3) else None
    return (start, start) if not m.group(2) else (start, end)


def parse_filters(org: str = "", year: str = "", rtype: str = "") -> Filters:
    """Filters from URL-style values."""
    start, end = parse_year(year)
    return Filters(org or "", start, end, rtype or "")
