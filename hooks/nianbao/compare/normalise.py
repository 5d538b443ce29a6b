"""Normalised text for verbatim comparison, with every character traced back to its offset in the Markdown body.

The normalisation (used for reuse detection and for deciding that two clauses or sections are the same):

1. Markdown syntax is removed, the text it marks is kept: heading '#' marks, blockquote '>', list markers ('- ', '1. '),
   thematic breaks, table pipes and delimiter rows, emphasis and code markers (* _ `), strikethrough '~~' (a single
   '~' is a range sign and stays), the backslash of an escape (the escaped character stays), HTML tags and comments,
   link targets '](…)' and their '[', footnote labels.
2. All whitespace is removed (Chinese text has no word spaces; line breaks in Markdown are not text).
3. Each character is folded by NFKC (full-width letters, digits and punctuation become ASCII; compatibility forms
   such as '㎡' expand), one character at a time, so no composition happens across characters.
   Invisible format characters (zero-width spaces, BOM) are dropped.
4. Punctuation variants are unified: ，、→ ',' · 。．→ '.' · every quote → '"' · every opening bracket (（【《〈「…)
   → '(' and closing → ')' · dashes → '-' · '…'/'⋯' → '…' · middle dots → '·'.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass

_MARKUP = re.compile(
    r"""
    (?=[\s\\\#>*_~`|<\]!\[\d+\-])                # cheap first-character filter: plain text fails here at once
    (?:
    \\(?=[!-/:-@\[-`{-~])                         # the backslash of an escape
    | ^[ \t]{0,3}\#{1,6}(?=[ \t]|$)                # ATX heading marks
    | ^[ \t]*>[ \t]?                               # blockquote
    | ^[ \t]*(?:[-*_][ \t]*){3,}$                  # thematic break
    | ^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+           # list item marker
    | ^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|?)+[ \t]*$  # table delimiter row
    | <!--.*?-->                                   # HTML comment
    | </?[A-Za-z][^<>\n]*>                         # HTML tag
    | \]\([^()\s]*(?:[ \t]+"[^"\n]*")?\)           # link target
    | \[\^[^\]\s]+\]:?                             # footnote label
    | !?\[(?=[^\]\n]*\]\()                         # the '[' of a link or image
    | (?<!\\)(?:[*_`|]+|~~)                        # emphasis, code span, table-cell and strikethrough markers
    | \s+                                          # whitespace
    )
    """,
    re.MULTILINE | re.VERBOSE | re.DOTALL,
)
_PUNCT = {
    **dict.fromkeys(",、", ","), **dict.fromkeys("。.｡", "."),
    **dict.fromkeys("\"'“”‘’„‟‚‛「」『』〝〞〟", '"'),
    **dict.fromkeys("([{【〔〖〘〚《〈<⦅", "("), **dict.fromkeys(")]}】〕〗〙〛》〉>⦆", ")"),
    **dict.fromkeys("-‐‑‒–—―−﹘", "-"), **dict.fromkeys("…⋯", "…"), **dict.fromkeys("·•・‧", "·"),
}


class _Fold(dict):
    """code point → its normalised text; filled on first use (str.translate calls __missing__ for unknown characters)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _PUNCT.get(char) or "".join(
            _PUNCT.get(c, c) for c in unicodedata.normalize("NFKC", char) if not c.isspace() and unicodedata.category(c) != "Cf")
        self[code] = folded
        if len(folded) != 1:
            _IRREGULAR.add(char)
        return folded


_FOLD = _Fold()
_IRREGULAR: set[str] = set()  # characters that fold to no character or to several


@dataclass(frozen=True)
class Normalised:
    """A normalised text and, for each of its characters, the offset of the source character it comes from."""

    text: str
    origin: tuple[int, ...]
    source_length: int = 0

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source text span [start, end) of normalised characters start..end-1 (markup inside it included)."""
        if start >= end:
            at = self.origin[start] if start < len(self.origin) else self.source_length
            return at, at
        return self.origin[start], self.origin[end - 1] + 1


def normalise(text: str) -> Normalised:
    """The normalised form of Markdown `text` (see the module docstring) with offsets back into `text`."""
    pieces: list[str] = []
    origin: list[int] = []
    at = 0
    for match in _MARKUP.finditer(text):
        if match.start() > at:
            _fold_piece(text, at, match.start(), pieces, origin)
        at = match.end()
    if at < len(text):
        _fold_piece(text, at, len(text), pieces, origin)
    return Normalised("".join(pieces), tuple(origin), len(text))


def _fold_piece(text: str, start: int, end: int, pieces: list[str], origin: list[int]) -> None:
    """Append the folded text[start:end] and its origins; the slow path only when a character folds to ≠ 1 character."""
    piece = text[start:end]
    folded = piece.translate(_FOLD)
    pieces.append(folded)
    if _IRREGULAR.isdisjoint(piece):
        origin.extend(range(start, end))
        return
    for offset, char in enumerate(piece, start):
        origin.extend([offset] * len(_FOLD[ord(char)]))


@lru_cache(maxsize=8192)  # clause keys: a build meets each report's clauses in two comparisons
def fold(text: str) -> str:
    """Only the normalised text of `text` (the same as normalise(text).text, without the offsets), for keys."""
    return _MARKUP.sub("", text).translate(_FOLD)


def line_at(body: str, offset: int, body_line: int = 1) -> int:
    """The file line of `offset` in a report body that starts at file line `body_line`."""
    return body_line + body.count("\n", 0, offset)
