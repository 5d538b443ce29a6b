"""HTML lists and data tables as the importer's blocks: tight list items ('- …', '1. …') and Markdown pipe tables."""
from __future__ import annotations

from collections.abc import Iterator

from lxml.html import HtmlElement

from .docx_text import Piece, plain, render_inline
from .structure import Block
from .webpage_article import text_of
from .webpage_text import LISTS, inline_pieces, tidy

_LIST_INDENT = "    "


def list_blocks(element: HtmlElement, depth: int) -> list[Block]:
    """The items of a ul/ol as tight list blocks ('- …', '1. …'), nested lists indented one level deeper."""
    blocks: list[Block] = []
    number = _number(element.get("start"), 1)
    for item in element:
        if item.tag in LISTS:  # a list nested without its <li>, as some editors write it
            blocks += list_blocks(item, depth + 1)
        if item.tag != "li":
            continue
        pieces = tidy(inline_pieces(item))
        if pieces:
            marker = f"{number}. " if element.tag == "ol" else "- "
            blocks.append(Block(plain(pieces), markdown=_LIST_INDENT * depth + marker + render_inline(pieces), tight=True))
            number += 1
        for sub in _sublists(item):
            blocks += list_blocks(sub, depth + 1 if pieces else depth)
    return blocks


def _sublists(element: HtmlElement) -> Iterator[HtmlElement]:
    """The lists nested in a list item (not those nested deeper still)."""
    for child in element:
        if child.tag in LISTS:
            yield child
        elif isinstance(child.tag, str):
            yield from _sublists(child)


def is_layout_table(table: HtmlElement) -> bool:
    """Whether a table only lays out the page (nested tables, one column, lists or long text in cells)."""
    rows = _rows(table)
    if table.find(".//table") is not None or max((len(_cells(tr)) for tr in rows), default=0) <= 1:
        return True
    return any(c.find(".//ul") is not None or c.find(".//ol") is not None or len(text_of(c)) > 200
               for tr in rows for c in _cells(tr))


def table_block(table: HtmlElement) -> Block | None:
    """A pipe table (first row as header, spanned cells empty) with its cells' text as plain text; None when empty."""
    rows = _rows(table)
    grid: dict[tuple[int, int], list[Piece]] = {}
    for r, tr in enumerate(rows):
        c = 0
        for cell in _cells(tr):
            while (r, c) in grid:
                c += 1
            across, down = _number(cell.get("colspan"), 1, 100), _number(cell.get("rowspan"), 1, len(rows) - r)
            for dr in range(down):
                for dc in range(across):
                    grid[(r + dr, c + dc)] = [] if dr or dc else tidy(inline_pieces(cell))
            c += across
    width = max((c for _, c in grid), default=-1) + 1
    cells = [[grid.get((r, c), []) for c in range(width)] for r in range(len(rows))]
    text = "。".join("，".join(plain(c) for c in row if c) for row in cells if any(row))
    if not text:
        return None
    lines = ["| " + " | ".join(render_inline(c) for c in row) + " |" for row in cells]
    lines.insert(1, "| " + " | ".join(["---"] * width) + " |")
    return Block(text + "。", markdown="\n".join(lines))


def _rows(table: HtmlElement) -> list[HtmlElement]:
    """The table's own rows (not those of nested tables)."""
    return table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def _cells(row: HtmlElement) -> list[HtmlElement]:
    """A row's cells."""
    return [cell for cell in row if cell.tag in ("td", "th")]


def _number(value: str | None, default: int, highest: int = 10_000) -> int:
    """An HTML number attribute (start, colspan, rowspan), kept within 1..highest."""
    try:
        number = int((value or "").strip())
    except ValueError:
        return default
    return min(max(number, 1), max(highest, 1)) if number > 0 else default
