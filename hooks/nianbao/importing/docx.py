"""Read a Word (.docx) report into its title, the importer's blocks in document order, its images and notes for the log."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from .common import ImportFailure
from .docx_fields import Fields
from .docx_inline import Inline, chosen, shows_placeholder
from .docx_numbering import CHINESE_FORMATS, Numbering
from .docx_package import Package, open_package, qn, refuse
from .docx_parts import Parts
from .docx_styles import Styles
from .docx_tables import Table, read_table, table_block
from .docx_text import (
    Mark,
    Piece,
    cut,
    group,
    has_markup,
    marks,
    plain,
    render_inline,
    style,
    unbolded,
)
from .layout import split_title
from .structure import Block, Extracted, Outline

_P, _TBL, _SDT = qn("w:p"), qn("w:tbl"), qn("w:sdt")
_CONTENTS_GALLERY = "Table of Contents"
# What a malformed document can make the readers raise (ImportFailure aside): a file error, not a program error.
_MALFORMED = (ValueError, LookupError, RecursionError, etree.LxmlError)


@dataclass(frozen=True)
class _Para:
    """A Word paragraph with text or images: its pieces and what its style and numbering make of it."""

    pieces: list[Piece]
    heading: int = 0  # Word heading style level (1 for Heading 1), 0 for body text
    title: bool = False
    marker: str = ""  # the Markdown list marker of a list item

    @property
    def text(self) -> str:
        """The paragraph's plain text."""
        return plain(self.pieces)


def read_docx(path: Path) -> Extracted:
    """Title, blocks, images and log notes of a .docx file; raise ImportFailure when it is not a readable .docx."""
    package = open_package(path)
    try:
        extracted = read_package(package)
    except _MALFORMED as exc:
        raise refuse(f"文件已损坏（{type(exc).__name__}）") from None
    if not extracted.blocks:
        raise ImportFailure("Word 文档中没有正文文字（文本框、页眉和页脚中的文字不导入）")
    return extracted


def read_package(package: Package) -> Extracted:
    """What an opened .docx holds: title, body blocks with footnote definitions last, images, notes for the log, and for
    a document with no markup of its own (plain paragraphs only) its text."""
    styles = Styles(package.related("styles", "样式表"))
    inline = Inline(package, styles)
    numbering = Numbering(package.related("numbering", "编号定义"))
    items = list(read_items(package.document, inline, styles, numbering))
    # A document without Word markup of its own is no more than its pasted text: the text importer reads it as such.
    text = "" if any(has_word_markup(item) for item in items) else "\n\n".join(item.text for item in items if isinstance(item, _Para))
    title, items = choose_title(items)
    parts = Parts(package, inline)
    blocks = build_docx_blocks(items, parts)
    blocks += parts.definitions()
    return Extracted(title, blocks, parts.attachments, [*package.notes, *parts.log()], text=text)


def has_word_markup(item: _Para | Table) -> bool:
    """Whether an item shows structure Word gave it: a table, a heading or title style, a list, bold, a link, a note or image."""
    return isinstance(item, Table) or bool(item.heading or item.title or item.marker) or has_markup(item.pieces)


def read_items(document: etree._Element, inline: Inline, styles: Styles, numbering: Numbering) -> Iterator[_Para | Table]:
    """The body's paragraphs with text or images and its tables, in order, with Word's automatic numbers applied."""
    fields = inline.fields()  # a field (a table of contents) may span paragraphs
    body = document.find(qn("w:body"))
    for element in body_elements(body) if body is not None else ():
        if element.tag == _TBL:
            numbering.end_list()
            if (table := read_table(element, inline, fields)).rows:
                yield table
        elif para := read_paragraph(element, inline, fields, styles, numbering):
            yield para


def body_elements(parent: etree._Element) -> Iterator[etree._Element]:
    """w:p and w:tbl in order, including those in content controls (w:sdt) other than tables of contents and placeholders."""
    for child in parent:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT and not is_contents(child) and not shows_placeholder(child):
            if (content := child.find(qn("w:sdtContent"))) is not None:
                yield from body_elements(content)
        elif child.tag == qn("w:customXml"):
            yield from body_elements(child)
        elif child.tag == qn("mc:AlternateContent") and (branch := chosen(child)) is not None:
            yield from body_elements(branch)


def is_contents(sdt: etree._Element) -> bool:
    """Whether a content control holds a table of contents (Word and LibreOffice wrap theirs in one)."""
    gallery = sdt.find(f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
    return gallery is not None and gallery.get(qn("w:val")) == _CONTENTS_GALLERY


def read_paragraph(paragraph: etree._Element, inline: Inline, fields: Fields, styles: Styles, numbering: Numbering) -> _Para | None:
    """A paragraph with its Word number applied; None for empty and table-of-contents paragraphs."""
    style_element = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    para_style = styles.paragraph(None if style_element is None else style_element.get(qn("w:val")))
    pieces = inline.paragraph(paragraph, fields)  # read even when dropped: it may open or close a field
    if para_style.contents or not (plain(pieces) or marks(pieces)):
        return None
    numbered = None if para_style.title else numbering.find(paragraph, para_style)
    if numbered and numbered.fmt in CHINESE_FORMATS and plain(pieces):
        # The number takes the weight of the text after it, so a bold numbered heading stays wholly bold.
        first = next(style(piece) for piece in pieces if piece[0])
        pieces = group([(numbering.chinese_prefix(numbered), first._replace(link="")), *pieces])
    elif numbered and not para_style.heading:
        return _Para(pieces, marker=numbering.list_marker(numbered))
    numbering.end_list()
    return _Para(pieces, para_style.heading, para_style.title)


def choose_title(items: list[_Para | Table]) -> tuple[str, list[_Para | Table]]:
    """The Title-styled paragraphs (joined), else the first paragraph when it reads like a title; and the rest."""
    titled = [isinstance(item, _Para) and item.title for item in items]
    if True in titled:
        start = titled.index(True)
        end = titled.index(False, start) if False in titled[start:] else len(items)
        title = "".join(item.text for item in items[start:end] if isinstance(item, _Para))
        return title, items[:start] + items[end:]
    # Images before the first line (a logo) do not keep it from being the title.
    index = next((n for n, item in enumerate(items) if not isinstance(item, _Para) or item.text), len(items))
    first = items[index] if index < len(items) else None
    if isinstance(first, _Para) and not first.marker and split_title([first.text])[0]:
        return first.text, items[:index] + items[index + 1:]
    return "", items


def build_docx_blocks(items: list[_Para | Table], parts: Parts) -> list[Block]:
    """Headings by style or by numbering, paragraphs, list items, images and tables as the importer's blocks."""
    paras = [item for item in items if isinstance(item, _Para)]
    outline = Outline([p.text for p in paras if not p.heading and not p.marker])
    # The document's top heading style is a '##' section, whichever Heading level it is.
    top = min((p.heading for p in paras if p.heading), default=1)
    blocks: list[Block] = []
    for item in items:
        if isinstance(item, Table):
            blocks += [block] if (block := table_block(item, parts.show)) else []
        elif not item.text:
            blocks += [Block(parts.label(m), markdown=shown) for m in marks(item.pieces) if m.kind == "image" and (shown := parts.show(m))]
        elif item.marker:
            blocks.append(Block(item.text, markdown=item.marker + render_inline(item.pieces, parts.show), tight=True))
        elif item.heading:
            heading = outline.styled_heading(item.text, min(item.heading - top + 2, 6))
            blocks.append(_with_markdown(heading, item.pieces, parts.show))
        else:
            blocks += paragraph_blocks(item.pieces, outline, parts.show)
    return blocks


def paragraph_blocks(pieces: list[Piece], outline: Outline, show: Callable[[Mark], str] | None = None) -> list[Block]:
    """A body paragraph, or the heading its numbering (一、/（一）/1./（1）) makes of its start and the text after it."""
    text = plain(pieces)
    found = outline.numbered_heading(text)
    if found is None:
        return [_with_markdown(Block(text), pieces, show)]
    heading, rest = found
    start, rest_start = text.find(heading.text), len(text) - len(rest)
    blocks = [_with_markdown(heading, cut(pieces, start, start + len(heading.text), rest_start), show)]
    if rest_pieces := cut(pieces, rest_start, len(text)):
        blocks.append(_with_markdown(Block(plain(rest_pieces)), rest_pieces, show))
    return blocks


def _with_markdown(block: Block, pieces: list[Piece], show: Callable[[Mark], str] | None) -> Block:
    """The block with Markdown for its bold parts, links, footnote references and images; a heading shows bold anyway."""
    if block.level and all(style(piece).bold for piece in pieces if piece[0].strip()):
        pieces = unbolded(pieces)
    return replace(block, markdown=render_inline(pieces, show)) if has_markup(pieces) else block
