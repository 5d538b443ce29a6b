"""The text of Word paragraphs and tables: bold pieces, normalised whitespace, inline Markdown and pipe tables."""
from __future__ import annotations

from docx.oxml.table import CT_Row
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .common import ZERO_WIDTH, line_joiner
from .structure import Block, render_text

Piece = tuple[str, bool]  # (text, bold)

# Runs of the paragraph itself, including those in hyperlinks, fields and tracked insertions; not deleted
# text, and not text boxes (their content is usually decoration, and appears twice for old Word versions).
_RUNS = ".//w:r[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent)]"
_BREAKS = "\n\r\v\u2028\u2029"
_INVISIBLE = ZERO_WIDTH + "\u00ad"  # and soft hyphens, which Word keeps in the text


def read_pieces(paragraph: Paragraph) -> list[Piece]:
    """The paragraph's text as (text, bold) pieces: whitespace normalised, pieces of equal weight merged."""
    chars: list[Piece] = []
    for element in paragraph._p.xpath(_RUNS):
        text, bold = _run_piece(Run(element, paragraph))
        chars += [(char, bold) for char in text]
    return group(normalise(chars))


def _run_piece(run: Run) -> Piece:
    """A run's text and whether it is bold, directly or through its character style."""
    bold = run.bold
    style = run.style
    while bold is None and style is not None:
        bold, style = style.font.bold, style.base_style
    return run.text, bool(bold)


def normalise(chars: list[Piece]) -> list[Piece]:
    """One space for any run of whitespace, line breaks joined, both ends stripped."""
    out: list[Piece] = []
    for char, bold in chars:
        char = "\n" if char in _BREAKS else " " if char.isspace() else char  # NBSP, ideographic space, tab
        if char in _INVISIBLE or (char == " " and (not out or out[-1][0] in " \n")):
            continue
        if char == "\n":
            while out and out[-1][0] == " ":
                out.pop()
            if not out or out[-1][0] == "\n":
                continue
        out.append((char, bold))
    while out and out[-1][0] in " \n":
        out.pop()
    return [_join_line(out, i) if char == "\n" else (char, bold) for i, (char, bold) in enumerate(out)]


def _join_line(chars: list[Piece], index: int) -> Piece:
    """A line break becomes a space only between two Latin words; Chinese lines join directly."""
    return line_joiner(chars[index - 1][0], chars[index + 1][0]), chars[index][1]


def group(chars: list[Piece]) -> list[Piece]:
    """Adjacent characters of equal weight as one piece."""
    pieces: list[Piece] = []
    for char, bold in chars:
        if pieces and pieces[-1][1] == bold:
            pieces[-1] = (pieces[-1][0] + char, bold)
        elif char:
            pieces.append((char, bold))
    return pieces


def plain(pieces: list[Piece]) -> str:
    """The text of the pieces without any formatting."""
    return "".join(text for text, _ in pieces)


def cut(pieces: list[Piece], start: int, end: int) -> list[Piece]:
    """The pieces covering plain[start:end], stripped of surrounding whitespace."""
    chars = [(char, bold) for text, bold in pieces for char in text][start:end]
    while chars and chars[0][0] == " ":
        chars.pop(0)
    while chars and chars[-1][0] == " ":
        chars.pop()
    return group(chars)


def has_bold(pieces: list[Piece]) -> bool:
    """Whether any visible text of the pieces is bold."""
    return any(bold and text.strip() for text, bold in pieces)


def render_inline(pieces: list[Piece]) -> str:
    """Markdown of the pieces: bold as **…** with whitespace outside the markers, everything else literal."""
    parts = []
    for text, bold in pieces:
        core = text.strip()
        if bold and core:
            lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
            parts.append(f"{lead}**{render_text(core)}**{trail}")
        else:
            parts.append(render_text(text))
    return "".join(parts)


def read_table(table: Table) -> Block | None:
    """A pipe table (first row as header) with its cells' text as plain text; None when the table is empty."""
    rows = [_row_cells(tr, table) for tr in table._tbl.tr_lst]
    width = max((len(row) for row in rows), default=0)
    rows = [row + [[] for _ in range(width - len(row))] for row in rows]
    text = "。".join("，".join(plain(c) for c in row if c) for row in rows if any(row))
    if not text:
        return None
    lines = [_table_line(row) for row in rows]
    lines.insert(1, "| " + " | ".join(["---"] * width) + " |")
    return Block(text + "。", markdown="\n".join(lines))


def _row_cells(tr: CT_Row, table: Table) -> list[list[Piece]]:
    """A row's cells by grid column; a merged cell's text stays in its first column, the columns it spans empty."""
    cells: list[list[Piece]] = [[] for _ in range(tr.grid_before)]
    for tc in tr.tc_lst:
        cells.append([] if tc.vMerge == "continue" else _cell_pieces(_Cell(tc, table)))
        cells += [[] for _ in range(tc.grid_span - 1)]
    return cells


def _cell_pieces(cell: _Cell) -> list[Piece]:
    """A cell's paragraphs joined by a space (a table row must stay on one line)."""
    pieces: list[Piece] = []
    for paragraph in cell.paragraphs:
        if found := read_pieces(paragraph):
            pieces += ([(" ", False)] if pieces else []) + found
    return group([(char, bold) for text, bold in pieces for char in text])


def _table_line(cells: list[list[Piece]]) -> str:
    """One Markdown table row; `|` in the text is escaped by render_text."""
    return "| " + " | ".join(render_inline(cell) for cell in cells) + " |"
