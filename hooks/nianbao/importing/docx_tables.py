"""Word tables (with or without a column grid) as pipe tables: cells by grid column, merged cells' text in their first."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from .docx_fields import Fields
from .docx_inline import Inline, chosen
from .docx_package import qn
from .docx_text import PLAIN, Mark, Piece, group, marks, plain, render_inline
from .structure import Block

_WRAPPERS = frozenset({qn("w:customXml"), qn("w:sdt"), qn("w:sdtContent"), qn("mc:AlternateContent")})
_MAX_SPAN = 64  # columns one cell may span: more is a broken file


@dataclass(frozen=True)
class Table:
    """A table's rows of cells, each cell the pieces of its paragraphs."""

    rows: list[list[list[Piece]]]


def read_table(table: etree._Element, inline: Inline, fields: Fields) -> Table:
    """A table's cells by grid column: a merged cell's text stays in its first column, the columns it spans are empty."""
    rows = []
    for tr in unwrapped(table, qn("w:tr")):
        if tr.find(f"{qn('w:trPr')}/{qn('w:del')}") is not None:
            continue  # a deleted row of tracked changes
        cells: list[list[Piece]] = [[] for _ in range(_count(tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}")))]
        for tc in unwrapped(tr, qn("w:tc")):
            merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            continued = merge is not None and merge.get(qn("w:val")) in (None, "continue")
            cells.append([] if continued else _cell(tc, inline, fields))
            cells += [[] for _ in range(_count(tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}"), 1) - 1)]
        rows.append(cells)
    return Table(rows)


def table_block(table: Table, show: Callable[[Mark], str]) -> Block | None:
    """A pipe table (first row as header) with its cells' text as plain text; None when the table is empty."""
    width = max((len(row) for row in table.rows), default=0)
    rows = [row + [[] for _ in range(width - len(row))] for row in table.rows]
    text = "。".join("，".join(plain(c) for c in row if plain(c)) for row in rows if any(plain(c) for c in row))
    if not text and not any(marks(cell) for row in rows for cell in row):
        return None
    lines = ["| " + " | ".join(render_inline(cell, show) for cell in row) + " |" for row in rows]
    lines.insert(1, "| " + " | ".join(["---"] * width) + " |")
    return Block((text or "图片") + "。", markdown="\n".join(lines))


def unwrapped(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with this tag, including those inside content controls, custom XML and alternate content."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            inner = chosen(child) if child.tag == qn("mc:AlternateContent") else child
            if inner is not None:
                yield from unwrapped(inner, tag)


def _cell(tc: etree._Element, inline: Inline, fields: Fields) -> list[Piece]:
    """A cell's paragraphs (nested tables' too) joined by a space: a table row must stay on one line."""
    pieces: list[Piece] = []
    for paragraph in tc.iter(qn("w:p")):
        if next(paragraph.iterancestors(qn("w:txbxContent")), None) is None and (found := inline.paragraph(paragraph, fields)):
            pieces += ([(" ", PLAIN)] if pieces else []) + found
    return group(pieces)


def _count(element: etree._Element | None, default: int = 0) -> int:
    """w:val of a gridBefore or gridSpan element as a small count; the default when it is missing or broken."""
    value = None if element is None else element.get(qn("w:val"))
    return min(int(value), _MAX_SPAN) if value and value.isascii() and value.isdigit() else default
