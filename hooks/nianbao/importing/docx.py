"""Read a Word (.docx) report into its title and the importer's blocks, in document order."""
from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError

from .common import ImportFailure
from .docx_numbering import CHINESE_FORMATS, Numbering
from .docx_text import Piece, cut, has_bold, plain, read_pieces, read_table, render_inline
from .layout import split_title
from .structure import Block, Outline

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|标题)$", re.IGNORECASE)
_TOC_STYLE = re.compile(r"^toc\s*(?:\d|heading)", re.IGNORECASE)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the header of old binary Office files (.doc)


@dataclass(frozen=True)
class _Para:
    """A non-empty Word paragraph: its text pieces and what its style and numbering make of it."""

    pieces: list[Piece]
    heading: int = 0  # Word heading style level (1 for Heading 1), 0 for body text
    title: bool = False
    marker: str = ""  # the Markdown list marker of a list item

    @property
    def text(self) -> str:
        """The paragraph's plain text."""
        return plain(self.pieces)


def read_docx(path: Path) -> tuple[str, list[Block]]:
    """(title, blocks) of a .docx file's body; raise ImportFailure when the file is not a readable .docx."""
    document = open_document(path)
    items = list(read_items(document))
    title, items = choose_title(items)
    return title, build_docx_blocks(items)


def open_document(path: Path) -> Document:
    """The parsed Word document, or an ImportFailure that says why it cannot be read."""
    try:
        return docx.Document(str(path))
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError, LxmlError, OSError) as exc:
        reason = _unreadable(path, exc)
        raise ImportFailure(f"无法读取 Word 文档：{reason}；如果是旧版 .doc 文件，请在 Word 中另存为 .docx 后再导入") from None


def _unreadable(path: Path, exc: Exception) -> str:
    """Why python-docx could not open the file, in the user's words."""
    if not path.is_file():
        return "找不到文件"
    if isinstance(exc, OSError):
        return f"无法打开文件（{exc.strerror or exc}）"
    if not isinstance(exc, OpcError):
        return "文件已损坏或不是 Word 文档"
    return "文件是旧版 Word（.doc）格式" if _starts_with(path, _OLE_MAGIC) else "文件不是 .docx 格式（不是 zip 压缩包）"


def _starts_with(path: Path, magic: bytes) -> bool:
    """Whether the file begins with these bytes (False when it cannot be read)."""
    try:
        with path.open("rb") as file:
            return file.read(len(magic)) == magic
    except OSError:
        return False


def read_items(document: Document) -> Iterator[_Para | Block]:
    """The body's non-empty paragraphs and tables in document order, with Word's automatic numbers applied."""
    numbering = Numbering(document)
    for element in body_elements(document.element.body):
        if element.tag == qn("w:tbl"):
            numbering.end_list()
            if table := read_table(Table(element, document)):
                yield table
        elif para := read_paragraph(Paragraph(element, document), numbering):
            yield para


def body_elements(parent: BaseOxmlElement) -> Iterator[BaseOxmlElement]:
    """w:p and w:tbl children in order, including those inside block-level content controls (w:sdt)."""
    for child in parent.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt") and (content := child.find(qn("w:sdtContent"))) is not None:
            yield from body_elements(content)


def read_paragraph(paragraph: Paragraph, numbering: Numbering) -> _Para | None:
    """A paragraph with its Word number applied; None for empty and table-of-contents paragraphs."""
    style = paragraph.style
    pieces = read_pieces(paragraph)
    if not plain(pieces) or _style_matches(style, _TOC_STYLE):
        return None
    heading, title = _heading_level(style), _style_matches(style, _TITLE_STYLE)
    numbered = None if title else numbering.find(paragraph)
    if numbered and numbered.fmt in CHINESE_FORMATS:
        # The number takes the weight of the text after it, so a bold numbered heading stays wholly bold.
        pieces = [(numbering.chinese_prefix(numbered) + pieces[0][0], pieces[0][1])] + pieces[1:]
    elif numbered and not heading:
        return _Para(pieces, marker=numbering.list_marker(numbered))
    numbering.end_list()
    return _Para(pieces, heading, title)


def _heading_level(style: ParagraphStyle | None) -> int:
    """1–9 for a Word heading style ('Heading 2', '标题 2', or a style based on one), else 0."""
    while style is not None:
        for name in (style.name, style.style_id):
            if name and (match := _HEADING_STYLE.match(name)):
                return int(match[1])
        style = style.base_style
    return 0


def _style_matches(style: ParagraphStyle | None, pattern: re.Pattern[str]) -> bool:
    """Whether the style's name or id matches (built-in styles are named in English even in Chinese Word)."""
    return style is not None and any(name and pattern.match(name) for name in (style.name, style.style_id))


def choose_title(items: list[_Para | Block]) -> tuple[str, list[_Para | Block]]:
    """The Title-styled paragraphs (joined), else the first paragraph when it reads like a title; and the rest."""
    titled = [isinstance(item, _Para) and item.title for item in items]
    if True in titled:
        start = titled.index(True)
        end = titled.index(False, start) if False in titled[start:] else len(items)
        title = "".join(plain(item.pieces) for item in items[start:end] if isinstance(item, _Para))
        return title, items[:start] + items[end:]
    first = items[0] if items else None
    if isinstance(first, _Para) and not first.marker and split_title([first.text])[0]:
        return first.text, items[1:]
    return "", items


def build_docx_blocks(items: list[_Para | Block]) -> list[Block]:
    """Headings by style or by numbering, paragraphs, list items and tables as the importer's blocks."""
    paras = [item for item in items if isinstance(item, _Para)]
    outline = Outline([p.text for p in paras if not p.heading and not p.marker])
    # The document's top heading style is a '##' section, whichever Heading level it is.
    top = min((p.heading for p in paras if p.heading), default=1)
    blocks: list[Block] = []
    for item in items:
        if isinstance(item, Block):
            blocks.append(item)
        elif item.marker:
            blocks.append(Block(item.text, markdown=item.marker + render_inline(item.pieces), tight=True))
        elif item.heading:
            heading = outline.styled_heading(item.text, min(item.heading - top + 2, 6))
            blocks.append(_with_markdown(heading, item.pieces))
        else:
            blocks += paragraph_blocks(item.pieces, outline)
    return blocks


def paragraph_blocks(pieces: list[Piece], outline: Outline) -> list[Block]:
    """A body paragraph, or the heading its numbering (一、/（一）/1./（1）) makes of its start and the text after it."""
    text = plain(pieces)
    found = outline.numbered_heading(text)
    if found is None:
        return [_with_markdown(Block(text), pieces)]
    heading, rest = found
    start = text.find(heading.text)
    blocks = [_with_markdown(heading, cut(pieces, start, start + len(heading.text)))]
    if rest_pieces := cut(pieces, len(text) - len(rest), len(text)):
        blocks.append(_with_markdown(Block(plain(rest_pieces)), rest_pieces))
    return blocks


def _with_markdown(block: Block, pieces: list[Piece]) -> Block:
    """The block with Markdown for its bold parts; a heading that is bold throughout needs none."""
    if not has_bold(pieces) or (block.level and all(bold for text, bold in pieces if text.strip())):
        return block
    return replace(block, markdown=render_inline(pieces))
