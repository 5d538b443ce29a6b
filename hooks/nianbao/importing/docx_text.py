"""Inline text of Word paragraphs (and web pages): pieces of text with their format, normalised whitespace, inline Markdown."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import groupby
from typing import NamedTuple
from urllib.parse import quote

from .common import ZERO_WIDTH, line_joiner
from .structure import render_text


class Mark(NamedTuple):
    """Something at one point of the text that has no text of its own: a footnote reference or an image."""

    kind: str  # 'note' or 'image'
    key: str  # the note ('footnote:2') or the image's part name ('word/media/image1.png')
    alt: str = ""  # an image's description


class Format(NamedTuple):
    """How a piece of Word text shows: bold, a link to a web address, or (with no text) a mark."""

    bold: bool = False
    link: str = ""  # an http(s) address
    mark: Mark | None = None


# A piece of text and its format. The web-page reader writes the format as a plain bool (bold); Word pieces use Format.
Piece = tuple[str, bool | Format]

PLAIN = Format()
_BREAKS = "\n\r\v\u2028\u2029"
_INVISIBLE = ZERO_WIDTH + "\u00ad"  # and soft hyphens, which Word keeps in the text
_WEB = re.compile(r"https?://[^\s/?#]", re.IGNORECASE)
_URL_SAFE = ":/?#@!$&+,;=%-._~"  # characters a web address keeps; the rest (spaces, brackets, quotes, '<', '*' …) %-escaped


def style(piece: Piece) -> Format:
    """The format of a piece, whichever way it is written."""
    fmt = piece[1]
    return fmt if isinstance(fmt, Format) else Format(bool(fmt))


def normalise(chars: list[Piece]) -> list[Piece]:
    """One space for any run of whitespace, line breaks joined, both ends stripped; pieces are single characters or marks."""
    out: list[Piece] = []
    for char, fmt in chars:
        if not char:
            if isinstance(fmt, Format) and fmt.mark:
                out.append((char, fmt))
            continue
        char = "\n" if char in _BREAKS else " " if char.isspace() else char  # NBSP, ideographic space, tab
        if char in _INVISIBLE or (char == " " and (not out or out[-1][0] in (" ", "\n"))):
            continue
        if char == "\n":
            while out and out[-1][0] == " ":
                out.pop()
            if not out or out[-1][0] == "\n":
                continue
        out.append((char, fmt))
    while out and out[-1][0] in (" ", "\n"):
        out.pop()
    return [_join_line(out, i) if char == "\n" else (char, fmt) for i, (char, fmt) in enumerate(out)]


def _join_line(chars: list[Piece], index: int) -> Piece:
    """A line break becomes a space only between two Latin words; Chinese lines join directly."""
    return line_joiner(chars[index - 1][0], chars[index + 1][0]), chars[index][1]


def group(chars: Iterable[Piece]) -> list[Piece]:
    """Adjacent text of equal format as one piece; every mark stays a piece of its own."""
    pieces: list[Piece] = []
    for text, fmt in chars:
        if pieces and pieces[-1][1] == fmt and text and pieces[-1][0]:
            pieces[-1] = (pieces[-1][0] + text, fmt)
        elif text or (isinstance(fmt, Format) and fmt.mark):
            pieces.append((text, fmt))
    return pieces


def characters(pieces: Iterable[Piece]) -> list[Piece]:
    """The pieces one character (or mark) each."""
    return [(char, fmt) for text, fmt in pieces for char in (text or [""])]


def plain(pieces: Iterable[Piece]) -> str:
    """The text of the pieces without any formatting."""
    return "".join(text for text, _ in pieces)


def marks(pieces: Iterable[Piece]) -> list[Mark]:
    """The footnote references and images among the pieces, in order."""
    return [fmt.mark for _, fmt in pieces if isinstance(fmt, Format) and fmt.mark]


def cut(pieces: list[Piece], start: int, end: int, marks_until: int | None = None) -> list[Piece]:
    """The pieces covering plain[start:end], stripped of surrounding whitespace, with the marks after plain[start] up to
    plain[marks_until] (default `end`); a mark at the very start belongs to the first cut."""
    until = end if marks_until is None else marks_until
    chars: list[Piece] = []
    position = 0
    for char, fmt in characters(pieces):
        if not char:
            if start < position <= until or position == start == 0:
                chars.append((char, fmt))
            continue
        if start <= position < end:
            chars.append((char, fmt))
        position += 1
    while chars and chars[0][0] == " ":
        chars.pop(0)
    while chars and chars[-1][0] == " ":
        chars.pop()
    return group(chars)


def has_bold(pieces: Iterable[Piece]) -> bool:
    """Whether any visible text of the pieces is bold."""
    return any(style(piece).bold and piece[0].strip() for piece in pieces)


def has_markup(pieces: Iterable[Piece]) -> bool:
    """Whether the pieces need Markdown beyond escaped text: bold, a link or a mark."""
    return any((fmt.bold and text.strip()) or fmt.link or fmt.mark for text, fmt in map(_styled, pieces))


def unbolded(pieces: Iterable[Piece]) -> list[Piece]:
    """The pieces without bold (a heading shows bold anyway)."""
    return group((text, style((text, fmt))._replace(bold=False)) for text, fmt in pieces)


def render_inline(pieces: Iterable[Piece], show: Callable[[Mark], str] | None = None) -> str:
    """Markdown of the pieces: bold as **…** and links as [text](address) with whitespace outside the markers, each mark
    as `show` writes it (dropped without `show`), everything else literal."""
    out = ""
    for link, run in groupby(map(_styled, pieces), key=lambda piece: piece[1].link):
        parts = [_render_piece(text, fmt, show) for text, fmt in run]
        if link and "".join(parts).strip():
            parts = [_link("".join(parts), link)]
        for part in parts:
            out = _append(out, part)
    return out


def _link(inner: str, address: str) -> str:
    """[text](address), the text's surrounding whitespace outside the brackets."""
    lead, trail = inner[:len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()):]
    return f"{lead}[{inner.strip()}]({escape_url(address)}){trail}"


def _append(out: str, part: str) -> str:
    """out + part; a '!' right before a link or footnote reference would make it an image, so it is escaped."""
    return (out[:-1] + "\\!" if part.startswith("[") and out.endswith("!") else out) + part


def _styled(piece: Piece) -> tuple[str, Format]:
    """A piece with its format as a Format."""
    return piece[0], style(piece)


def _render_piece(text: str, fmt: Format, show: Callable[[Mark], str] | None) -> str:
    """Markdown of one piece: a mark, bold text or literal text."""
    if fmt.mark:
        return show(fmt.mark) if show else ""
    core = text.strip()
    if fmt.bold and core:
        return f"{text[:len(text) - len(text.lstrip())]}**{render_text(core)}**{text[len(text.rstrip()):]}"
    return render_text(text)


def web_address(target: str) -> str:
    """The address when it is an http(s) link, else ''."""
    target = target.strip()
    return target if _WEB.match(target) else ""


def escape_url(url: str) -> str:
    """A web address that cannot end or break a Markdown link: spaces, brackets, quotes and '<' %-escaped."""
    return quote(url, safe=_URL_SAFE)
