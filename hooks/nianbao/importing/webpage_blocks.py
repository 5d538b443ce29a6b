"""Walk an article's HTML into paragraphs (lines split at <br>, with bold), tag headings, list items and pipe tables."""
from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement

from .docx_text import Piece, plain
from .structure import Block
from .webpage_article import text_of
from .webpage_tables import is_layout_table, list_blocks, table_block
from .webpage_text import BLOCKS, HEADINGS, LISTS, collapse, inline_pieces, is_bold, join_continued, tidy

_STRUCTURE = HEADINGS | LISTS | BLOCKS | {"table"}


@dataclass(frozen=True)
class Para:
    """A paragraph of the page: its lines (split at <br>) as (text, bold) pieces, whitespace collapsed but not yet respaced."""

    lines: list[list[Piece]]


@dataclass(frozen=True)
class Heading:
    """An h1–h6 heading: the tag's level and its text."""

    level: int
    text: str


Item = Para | Heading | Block


def walk_article(elements: list[HtmlElement]) -> list[Item]:
    """The paragraphs, headings, list items and tables of the article's elements, in document order."""
    walker = _Walker()
    for element in elements:
        walker.element(element, False)
    walker.flush()
    return walker.items


class _Walker:
    """Collects inline text into the current paragraph and ends it at every block element."""

    def __init__(self) -> None:
        self.items: list[Item] = []
        self.lines: list[list[Piece]] = [[]]

    def element(self, element: HtmlElement, bold: bool) -> None:
        """Add an element: a line break, a heading, a list, a table, a block of paragraphs, or inline text."""
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br":
            self.lines.append([])
        elif tag in _STRUCTURE:
            self.flush()
            if not is_navigation(element):
                self.block(element, tag, bold)
            self.flush()
        elif tag:
            self.content(element, bold or is_bold(element))

    def block(self, element: HtmlElement, tag: str, bold: bool) -> None:
        """Add a block element's heading, list items, table or paragraphs."""
        if tag in HEADINGS:
            if text := plain(tidy(inline_pieces(element))):
                self.items.append(Heading(int(tag[1]), text))
        elif tag in LISTS:
            self.items += list_blocks(element, 0)
        elif tag == "table" and not is_layout_table(element):
            if table := table_block(element):
                self.items.append(table)
        else:
            self.content(element, bold)

    def content(self, element: HtmlElement, bold: bool) -> None:
        """An element's text and children in order."""
        self.add(element.text, bold)
        for child in element:
            self.element(child, bold)
            self.add(child.tail, bold)

    def add(self, text: str | None, bold: bool) -> None:
        """Inline text for the current line."""
        if text:
            self.lines[-1].append((text, bold))

    def flush(self) -> None:
        """End the current paragraph."""
        lines = [line for line in map(collapse, self.lines) if line]
        self.lines = [[]]
        if lines:
            self.items.append(Para(join_continued(lines)))


def is_navigation(element: HtmlElement) -> bool:
    """Whether a block is a list of links (a menu, related articles, previous/next) rather than text."""
    links = list(element.iter("a"))
    if len(links) < 3:
        return False
    return sum(len(text_of(a)) for a in links) >= 0.7 * len(text_of(element))
