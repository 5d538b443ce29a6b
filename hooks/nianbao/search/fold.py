"""Character folding for search: traditional → simplified, full-width → ASCII, upper → lower case.

Every mapping takes one BMP character to one BMP character, so folded text keeps its length and
positions, in Python code points and in JavaScript code units alike.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files

import numpy as np

SEPARATOR = "\n"  # between blocks (title, headings, paragraphs, cells): no match spans it


def load_fold_table() -> dict[int, int]:
    """Code point → folded code point, from OpenCC's character table plus ASCII and full-width forms."""
    table: dict[int, int] = {}
    text = (files("opencc") / "dictionary" / "TSCharacters.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        trad, _, simp = line.partition("\t")
        first = simp.split(" ")[0]
        if len(trad) == 1 and len(first) == 1 and trad != first and ord(trad) < 0x10000 and ord(first) < 0x10000:
            table[ord(trad)] = ord(first)
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII: Ａ１ → a1
        table[code] = code - 0xFEE0
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = code + 32
    for code in list(table):  # close over chains (Ａ → A → a) so that folding twice changes nothing
        while table[code] in table:
            table[code] = table[table[code]]
    return table


@lru_cache(maxsize=1)
def fold_table() -> dict[int, int]:
    """The fold table, loaded once."""
    return load_fold_table()


def fold(text: str) -> str:
    """Fold text for matching: 婦聯 → 妇联, ＡＰＰ → app."""
    return text.translate(fold_table())


@lru_cache(maxsize=1)
def fold_lut() -> np.ndarray:
    """The fold table as an array indexed by code point, for folding a whole corpus at once."""
    lut = np.arange(0x110000, dtype=np.uint32)
    table = fold_table()
    lut[np.fromiter(table.keys(), np.uint32)] = np.fromiter(table.values(), np.uint32)
    return lut


def render_fold_json() -> str:
    """The table for the browser: one string of pairs, each source character followed by its folded form."""
    return json.dumps("".join(chr(k) + chr(v) for k, v in sorted(fold_table().items())), ensure_ascii=False)
