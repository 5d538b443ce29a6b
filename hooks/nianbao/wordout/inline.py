"""Inline Markdown as Word runs: text in the paragraph's font, bold, italic, links, footnote references, images."""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import NamedTuple
from urllib.parse import quote

from lxml import etree

from .images import Images
from .layout import FANGSONG
from .mdtree import Tree
from .package import Parts
from .wml import build_paragraph, build_run, el, para_props, run_props, styled_run, val

_WEB = re.compile(r"^(?:https?|mailto):", re.IGNORECASE)
_URL_SAFE = ":/?#@!$&'()*+,;=%-._~"
FOOTNOTE_REF, FOOTNOTE_BACK = "footnote-ref", "footnote-backref"


class Look(NamedTuple):
    """How a piece of text shows."""

    face: str
    bold: bool = False
    italic: bool = False
    superscript: bool = False


class Inline:
    """Builds the runs of one document's paragraphs, adding links, images and footnotes to its parts."""

    def __init__(self, tree: Tree, parts: Parts, images: Images) -> None:
        self.tree = tree
        self.parts = parts
        self.images = images
        self.notes = {li.get("id"): li for div in tree.root.iter("div") if div.get("class") == "footnote" for li in div.iter("li")}
        self._writing: set[str] = set()  # the notes being written, innermost last

    def build_runs(self, text: str | None, children: Iterable[ET.Element], look: Look) -> list[etree._Element]:
        """The runs of text followed by inline children (each with its tail)."""
        out: list[etree._Element] = []
        self._text(text, look, out)
        for child in children:
            self._child(child, look, out)
            self._text(child.tail, look, out)
        return out

    def content(self, element: ET.Element, look: Look) -> list[etree._Element]:
        """The runs of an element's whole inline content."""
        return self.build_runs(element.text, list(element), look)

    def _text(self, text: str | None, look: Look, out: list[etree._Element]) -> None:
        """A run of text (nothing for none)."""
        shown = self.tree.text(text)
        if shown:
            out.append(styled_run(shown, look.face, bold=look.bold, italic=look.italic, superscript=look.superscript))

    def _rpr(self, look: Look) -> etree._Element:
        """The run properties of a look."""
        return run_props(look.face, bold=look.bold, italic=look.italic, superscript=look.superscript)

    def _child(self, child: ET.Element, look: Look, out: list[etree._Element]) -> None:
        """One inline element."""
        tag = child.tag
        if tag in ("strong", "b"):
            out += self.content(child, look._replace(bold=True))
        elif tag in ("em", "i"):
            out += self.content(child, look._replace(italic=True))
        elif tag in ("code", "kbd", "samp"):
            self._text(html.unescape(child.text or ""), look, out)
        elif tag == "br":
            out.append(build_run("\n", self._rpr(look)))
        elif tag == "sup" and (ref := child.find("a")) is not None and ref.get("class") == FOOTNOTE_REF:
            out += self._footnote(ref.get("href", "").lstrip("#"))
        elif tag == "sup":
            out += self.content(child, look._replace(superscript=True))
        elif tag == "a" and child.get("class") == FOOTNOTE_BACK:
            return
        elif tag == "a":
            out += self._link(child, look)
        elif tag == "img":
            out += self._image(child, look)
        else:  # span, sub, del, mark …: their text
            out += self.content(child, look)

    def _link(self, anchor: ET.Element, look: Look) -> list[etree._Element]:
        """A web or mail link as a Word hyperlink (plain text, as print.css shows links); any other target as text."""
        runs = self.content(anchor, look)
        address = self.tree.text(anchor.get("href", "")).strip()
        if not _WEB.match(address) or not runs:
            return runs
        return [el("w:hyperlink", {"r:id": self.parts.hyperlink(quote(address, safe=_URL_SAFE)), "history": "1"}, *runs)]

    def _image(self, image: ET.Element, look: Look) -> list[etree._Element]:
        """The embedded picture, else its description as text."""
        alt = self.tree.text(image.get("alt", ""))
        run = self.images.build_run(image.get("src", ""), alt)
        if run is not None:
            return [run]
        return [build_run(f"〔图片：{alt}〕" if alt else "〔图片〕", self._rpr(look))]

    def _footnote(self, note_id: str) -> list[etree._Element]:
        """A reference to a new Word footnote holding the Markdown footnote's text."""
        note = self.notes.get(note_id)
        if note is None or note_id in self._writing:  # a note that refers to itself (or round a cycle) is written once
            return []
        self._writing.add(note_id)
        paragraphs = []
        for index, block in enumerate([child for child in note if child.tag == "p"] or [note]):
            lead = [_reference(el("w:footnoteRef")), build_run(" ")] if index == 0 else []
            paragraphs.append(build_paragraph(para_props("FootnoteText"), [*lead, *self.content(block, Look(FANGSONG))]))
        self._writing.discard(note_id)
        return [_reference(el("w:footnoteReference", {"id": str(self.parts.footnote(paragraphs))}))]


def _reference(mark: etree._Element) -> etree._Element:
    """A run holding a footnote mark, in the superscript footnote reference style."""
    return el("w:r", None, el("w:rPr", None, val("w:rStyle", "FootnoteReference")), mark)

