"""Text pieces: each report's indexed text in deflated pieces of `text_chars` characters, for snippets and checks.

A hit on screen costs one piece (its snippet, title, URL and date), so a piece should deflate to about
TEXT_BYTES. The number of characters that does is chosen per site from a sample of reports: a few
multiples of TEXT_CHARS, the largest whose first pieces average TEXT_BYTES at most. Text that deflates
well (much repeated wording) gets long pieces, so most reports are one file; other text gets shorter ones.
"""
from __future__ import annotations

import json
from typing import Iterator, Sequence

from .codec import deflate

TEXT_CHARS = 1024  # the shortest piece, in characters
TEXT_BYTES = 3 * 1024  # what a piece should deflate to, on average
STEPS = (16, 12, 8, 6, 4, 3, 2, 1.5, 1)  # piece lengths tried, in TEXT_CHARS
SAMPLE = 24  # reports whose first pieces are deflated to choose the length


def head(title: str, url: str, date: str | None) -> bytes:
    """The first line of every piece of a report: its title, URL and date as JSON."""
    return json.dumps([title, url, date or ""], ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def choose_chars(heads: Sequence[bytes], texts: Sequence[str]) -> int:
    """The longest piece (in characters, from STEPS) whose first pieces in a sample of reports average TEXT_BYTES deflated."""
    sample = sorted({i * len(texts) // SAMPLE for i in range(SAMPLE)}) if texts else []
    for step in STEPS:
        chars = int(TEXT_CHARS * step)
        sizes = [len(deflate(heads[i] + texts[i][:chars].encode("utf-8"))) for i in sample]
        if not sizes or sum(sizes) <= TEXT_BYTES * len(sizes):
            return chars
    return TEXT_CHARS


def iter_pieces(heads: Sequence[bytes], texts: Sequence[str], chars: int, sizes: list[int]) -> Iterator[tuple[str, bytes]]:
    """(path, deflated bytes) of every piece, report by report; each piece's size is appended to `sizes`.

    The last piece of a report is always shorter than `chars` (possibly empty): that tells the reader where the text ends.
    """
    for i, (first, text) in enumerate(zip(heads, texts)):
        for k in range(0, len(text) + 1, chars):
            data = deflate(first + text[k: k + chars].encode("utf-8"))
            sizes.append(len(data))
            yield f"t/{i}-{k // chars}.bin", data
