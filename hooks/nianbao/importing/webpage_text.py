"""The text of HTML elements as (text, bold) pieces: whitespace as a browser shows it, then spaced as pasted text is."""
from __future__ import annotations

import re

from lxml.html import HtmlElement

from .common import line_joiner
from .docx_text import Piece, group, normalise, plain
from .layout import clean_spacing

HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
LISTS = frozenset(("ul", "ol"))
BLOCKS = frozenset("p div section article main header footer blockquote center pre address dl dt dd figure figcaption "
                   "form fieldset legend details summary hr body html tbody thead tfoot tr td th caption".split())
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)
_CONTINUED = "，,、（(“《‘"  # a line ending on these was wrapped mid-sentence: the <br> is not a paragraph end


def is_bold(element: HtmlElement) -> bool:
    """Whether an inline element makes its text bold."""
    return element.tag in ("b", "strong") or bool(_BOLD_STYLE.search(element.get("style", "")))


def inline_pieces(element: HtmlElement, bold: bool = False) -> list[Piece]:
    """An element's text as pieces on one line (line breaks and blocks as spaces), without nested lists."""
    pieces: list[Piece] = [(element.text or "", bold)]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag and tag not in LISTS and tag != "br":
            gap: list[Piece] = [(" ", False)] if tag in BLOCKS or tag in HEADINGS else []
            pieces += gap + inline_pieces(child, bold or is_bold(child)) + gap
        elif tag == "br":
            pieces.append((" ", False))
        pieces.append((child.tail or "", bold))
    return pieces


def tidy(pieces: list[Piece]) -> list[Piece]:
    """Whitespace as HTML shows it, then spacing as for pasted text."""
    return respaced(collapse(pieces))


def collapse(pieces: list[Piece]) -> list[Piece]:
    """Whitespace as a browser shows it: each run (line breaks in the source too) one space, none at the ends."""
    chars: list[Piece] = []
    for char, bold in ((char, bold) for text, bold in pieces for char in text):
        if not char.isspace():
            chars.append((char, bold))
        elif chars and not chars[-1][0].isspace():
            chars.append((" ", bold))
        elif chars and not bold:
            chars[-1] = (" ", False)  # a run of spaces is bold only where all of it is
    return group(normalise(chars))


def respaced(pieces: list[Piece]) -> list[Piece]:
    """clean_spacing applied to the text, keeping each character's weight (it only drops spaces and swaps punctuation)."""
    chars = [(char, bold) for text, bold in pieces for char in text]
    text = "".join(char for char, _ in chars)
    cleaned = clean_spacing(text)
    out: list[Piece] = []
    for char, bold in chars:
        if len(out) < len(cleaned) and (char != " " or cleaned[len(out)] == " "):
            out.append((cleaned[len(out)], bold))
    return group(out) if "".join(c for c, _ in out) == cleaned else ([(cleaned, False)] if cleaned else [])


def join_continued(lines: list[list[Piece]]) -> list[list[Piece]]:
    """Join a line that ends mid-sentence (on a comma) to the next: that <br> only wrapped the text."""
    joined: list[list[Piece]] = []
    for line in lines:
        previous = plain(joined[-1]) if joined else ""
        if previous and previous[-1] in _CONTINUED:
            joined[-1] = group([*joined[-1], (line_joiner(previous, plain(line)), False), *line])
        else:
            joined.append(line)
    return joined
