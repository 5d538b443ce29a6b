"""Block-level Markdown as Word paragraphs and tables: headings, paragraphs, lists, tables, quotes, code, pictures."""
from __future__ import annotations

import html
import xml.etree.ElementTree as ET

import lxml.html
from lxml import etree

from .inline import Inline, Look
from .layout import FANGSONG, HEITI, list_indent
from .styles import HEADING_FACES
from .tables import Cell, build_table
from .wml import build_paragraph, build_run, el, para_props, run_props

HEADINGS = {f"h{n}" for n in range(1, 7)}
LISTS = {"ul", "ol"}
# Block children of a list item: inline content before, between and after them forms its paragraphs.
_BLOCKS = HEADINGS | LISTS | {"p", "table", "blockquote", "pre", "hr", "div", "dl"}
_HIDDEN_HTML = ("script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "textarea", "select", "title")
_ALIGN = {"left": "left", "center": "center", "right": "right"}


class Blocks:
    """Walks a body's block elements into Word body elements."""

    def __init__(self, inline: Inline, headings: tuple[str, ...]) -> None:
        self.inline = inline
        self.headings = headings  # the paragraph style of ##, ###, …
        self.out: list[etree._Element] = []

    def build(self, root: ET.Element) -> list[etree._Element]:
        """The Word elements of every block of the body."""
        for child in root:
            self.block(child)
        return self.out

    def block(self, element: ET.Element, style: str = "") -> None:
        """One block; `style` is the paragraph style inside a quote."""
        tag = element.tag
        if tag in HEADINGS:
            level = max(int(tag[1]) - 2, 0)  # '#' (not used in bodies) joins '##' at the first level
            face = HEADING_FACES[min(level, len(HEADING_FACES) - 1)]
            self.out.append(build_paragraph(self.headings[min(level, len(self.headings) - 1)], self.inline.content(element, Look(face))))
        elif tag == "p":
            self.paragraph(element, style)
        elif tag in LISTS:
            self.list_items(element, 0)
        elif tag == "table":
            self.table(element)
        elif tag == "blockquote":
            for child in element:
                self.block(child, "Quote")
        elif tag == "pre":
            self.code(html.unescape("".join(element.itertext())))
        elif tag == "hr":
            border = el("w:pBdr", None, el("w:bottom", {"val": "single", "sz": "4", "space": "1", "color": "000000"}))
            self.out.append(build_paragraph(el("w:pPr", None, border)))
        elif tag == "div" and element.get("class") == "footnote":
            return  # the notes went into Word footnotes where they are referenced
        elif tag == "div" or len(element):
            for child in element:
                self.block(child, style)
        elif text := self.inline.tree.text(element.text):
            self.out.append(build_paragraph(style or None, [build_run(text, run_props(FANGSONG))]))

    def paragraph(self, element: ET.Element, style: str = "") -> None:
        """A paragraph; one that only holds pictures is centred, one that stands for raw HTML gives its text."""
        raw = self.inline.tree.raw_block(element)
        if raw is not None:
            self.raw_html(raw, style)
            return
        runs = self.inline.content(element, Look(FANGSONG))
        pictures = len(element) and all(child.tag == "img" and not (child.tail or "").strip() for child in element)
        if pictures and not (element.text or "").strip():
            self.out.append(build_paragraph("Picture", runs))
        elif runs:
            self.out.append(build_paragraph(style or None, runs))

    def list_items(self, element: ET.Element, level: int) -> None:
        """A list: each item's first paragraph numbered (Word numbering, read back by the importer), nested lists one
        level deeper, further paragraphs of an item indented under it."""
        start = element.get("start", "1")
        num_id = self.inline.parts.numbered_list(element.tag == "ol", int(start) if start.isdigit() else 1, level)
        for item in element:
            if item.tag != "li":
                continue
            numbered = False
            for text, children in _paragraphs_of(item):
                if children and children[0].tag in LISTS:
                    self.list_items(children[0], min(level + 1, 8))
                    continue
                if children and children[0].tag != "p" and children[0].tag in _BLOCKS:
                    self.block(children[0])
                    continue
                props = para_props("ListParagraph", num=None if numbered else (num_id, level),
                                   ind={"left": str(list_indent(level))} if numbered else None)
                if children and children[0].tag == "p":
                    runs = self.inline.content(children[0], Look(FANGSONG))
                else:
                    runs = self.inline.build_runs(text, children, Look(FANGSONG))
                if runs:
                    self.out.append(build_paragraph(props, runs))
                    numbered = True

    def table(self, element: ET.Element) -> None:
        """A Markdown table: the header row in 黑体, each column aligned as the Markdown says."""
        rows: list[list[Cell]] = []
        header_rows = 0
        for tr in element.iter("tr"):
            cells = []
            for cell in tr:
                header = cell.tag == "th"
                runs = self.inline.content(cell, Look(HEITI if header else FANGSONG))
                align = (cell.get("style") or "").replace("text-align:", "").strip(" ;")
                cells.append(Cell(runs, "".join(cell.itertext()), _ALIGN.get(align or cell.get("align", ""), "")))
            if header_rows == len(rows) and all(cell.tag == "th" for cell in tr):
                header_rows += 1
            rows.append(cells)
        if rows:
            self.out.append(build_table(rows, header_rows))

    def code(self, text: str) -> None:
        """A code block, one paragraph per line."""
        for line in text.rstrip("\n").split("\n"):
            self.out.append(build_paragraph("Code", [build_run(line, run_props(FANGSONG))] if line else []))

    def raw_html(self, raw: str, style: str) -> None:
        """Raw HTML in the body: a code block stays one, anything else gives its visible text (scripts and the like none)."""
        stripped = raw.strip()
        if not stripped or stripped.startswith("<!--"):
            return
        try:
            fragments = lxml.html.fragments_fromstring(stripped)
        except (etree.ParserError, ValueError):
            return
        for fragment in fragments:
            if isinstance(fragment, str):
                text = fragment.strip()
            elif not isinstance(fragment.tag, str):  # a comment or processing instruction
                continue
            elif fragment.tag == "pre":
                self.code(fragment.text_content())
                continue
            else:
                for hidden in [e for e in fragment.iter(*_HIDDEN_HTML) if e is not fragment]:
                    hidden.drop_tree()
                text = "" if fragment.tag in _HIDDEN_HTML else fragment.text_content().strip()
            if text:
                self.out.append(build_paragraph(style or None, [build_run(" ".join(text.split()), run_props(FANGSONG))]))


def _paragraphs_of(item: ET.Element) -> list[tuple[str | None, list[ET.Element]]]:
    """A list item's content split at its block children: (text, inline children) runs and single block children."""
    groups: list[tuple[str | None, list[ET.Element]]] = []
    text, inline = item.text, []
    for child in item:
        if child.tag in _BLOCKS:
            if (text or "").strip() or inline:
                groups.append((text, inline))
            groups.append((None, [child]))
            text, inline = child.tail, []
        else:
            inline.append(child)
    if (text or "").strip() or inline:
        groups.append((text, inline))
    return groups
