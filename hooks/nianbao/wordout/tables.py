"""Word tables: cells of runs, column widths from their text, a header row repeated on every page."""
from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from .layout import FANGSONG, HEITI, TEXT_WIDTH, text_width
from .wml import build_paragraph, clone, el, para_props, qn, styled_run, sub, val

_CHAR = 240  # one 小四 character in twips
_PADDING = 2 * 85 + 60  # cell margins and a little air
_W = qn("w:w")
_MIN, _MAX = 3, 16  # a column is 3 to 16 characters wide before it is fitted to the text block


@dataclass(frozen=True)
class Cell:
    """A table cell: its runs, its plain text (for the column width) and alignment."""

    runs: Sequence[etree._Element] = field(default_factory=tuple)
    text: str = ""
    align: str = ""  # left | center | right; '' for the style's


def text_cell(text: str, header: bool = False, align: str = "") -> Cell:
    """A cell of plain text in the table font (黑体 in a header row)."""
    return Cell((styled_run(text, HEITI if header else FANGSONG),) if text else (), text, align)


def build_table(rows: Sequence[Sequence[Cell]], header_rows: int = 1, caption: str = "") -> etree._Element:
    """A table in the report table style, as wide as its text needs (at most the text block), header rows repeated."""
    columns = max((len(row) for row in rows), default=0)
    widths = column_widths(rows, columns)
    tbl_pr = el("w:tblPr", None, val("w:tblStyle", "ReportTable"), el("w:tblW", {"w": str(sum(widths)), "type": "dxa"}),
                val("w:jc", "center"), el("w:tblLook", {"val": "04A0", "firstRow": "1", "lastRow": "0", "firstColumn": "0",
                                                         "lastColumn": "0", "noHBand": "1", "noVBand": "1"}))
    if caption:  # Word's alternative text title: says what the table is without adding a line to the body
        tbl_pr.append(val("w:tblCaption", caption))
    table = el("w:tbl", None, tbl_pr, el("w:tblGrid", None, *(el("w:gridCol", {"w": str(w)}) for w in widths)))
    for index, row in enumerate(rows):
        header = index < header_rows
        tr = sub(table, "w:tr")
        tr.append(clone(_row_props(header)))
        for column in range(columns):
            cell = row[column] if column < len(row) else Cell()
            tc = clone(_cell(header))
            tc[0][0].set(_W, str(widths[column]))
            paragraph = tc[1]
            if cell.align:
                paragraph[0].append(val("w:jc", cell.align))
            paragraph.extend(cell.runs)
            tr.append(tc)
    return table


@functools.cache
def _row_props(header: bool) -> etree._Element:
    """The prototype of a row's properties: never split across pages; a header row repeated on each."""
    return el("w:trPr", None, el("w:cantSplit"), *([el("w:tblHeader")] if header else []))


@functools.cache
def _cell(header: bool) -> etree._Element:
    """The prototype of a cell: width (set per column), vertical centring, one paragraph in the table text style."""
    style = "TableHeading" if header else "TableText"
    return el("w:tc", None, el("w:tcPr", None, el("w:tcW", {"w": "0", "type": "dxa"}), val("w:vAlign", "center")),
              build_paragraph(para_props(style)))


def column_widths(rows: Sequence[Sequence[Cell]], columns: int) -> list[int]:
    """Twips per column: each as wide as its longest text (within limits), all shrunk together to fit the text block."""
    chars = [float(_MIN)] * columns
    for row in rows:
        for column, cell in enumerate(row[:columns]):
            chars[column] = max(chars[column], min(text_width(cell.text), _MAX))
    widths = [round(c * _CHAR) + _PADDING for c in chars]
    total = sum(widths)
    if total > TEXT_WIDTH:
        widths = [w * TEXT_WIDTH // total for w in widths]
    return widths
