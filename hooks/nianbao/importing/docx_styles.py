"""Word styles (word/styles.xml): which paragraph styles are headings, titles, contents or lists, and which runs are bold."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from .docx_package import qn

_HEADING = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE = re.compile(r"^(?:title|标题)$", re.IGNORECASE)
# Table-of-contents entries and their heading: Word 'TOC 1'/'TOC Heading', LibreOffice 'Contents 1', WPS '目录 1'.
_CONTENTS = re.compile(r"^(?:toc|contents|目录)\s*(?:\d|heading|标题)", re.IGNORECASE)
_MAX_DEPTH = 12  # styles based on styles …: a longer (or circular) chain is a broken file
_OFF = frozenset({"0", "false", "off", "none"})


@dataclass(frozen=True)
class _Style:
    """One w:style element: what the readers need of it."""

    name: str
    based_on: str
    bold: bool | None  # None when the style does not say
    num_id: str | None
    ilvl: str | None


@dataclass(frozen=True)
class ParaStyle:
    """What a paragraph's style makes of it: names, heading level (0 for none), title, contents entry, numbering."""

    names: tuple[str, ...]  # the style's name and id; an id the styles part does not define stands alone
    heading: int = 0
    title: bool = False
    contents: bool = False
    num_id: str | None = None  # the list the style numbers its paragraphs in, from it or a style it is based on
    ilvl: str | None = None


class Styles:
    """The paragraph and character styles of a document (none when it has no styles part)."""

    def __init__(self, root: etree._Element | None) -> None:
        self._elements: dict[str, etree._Element] = {}
        self._styles: dict[str, _Style | None] = {}  # read when first needed: a document uses few of its styles
        self._default = ""
        for element in root.iter(qn("w:style")) if root is not None else ():
            style_id = element.get(qn("w:styleId")) or ""
            self._elements.setdefault(style_id, element)
            if element.get(qn("w:type")) == "paragraph" and element.get(qn("w:default")) is not None:
                self._default = self._default or (style_id if on(element.get(qn("w:default"))) else "")
        self.paragraph = lru_cache(maxsize=None)(self._paragraph)
        self.bold = lru_cache(maxsize=None)(self._bold)

    def _chain(self, style_id: str) -> list[tuple[str, _Style | None]]:
        """The style and the styles it is based on, nearest first."""
        chain: list[tuple[str, _Style | None]] = []
        while style_id and len(chain) < _MAX_DEPTH and style_id not in (i for i, _ in chain):
            if style_id not in self._styles:
                element = self._elements.get(style_id)
                self._styles[style_id] = None if element is None else _read_style(element)
            style = self._styles[style_id]
            chain.append((style_id, style))
            style_id = style.based_on if style else ""
        return chain

    def _paragraph(self, style_id: str | None) -> ParaStyle:
        """The paragraph style of this id (the document's default style when None)."""
        chain = self._chain(style_id or self._default)
        if not chain:
            return ParaStyle(())
        names = [_names(i, s) for i, s in chain]
        heading = next((int(m[1]) for n in names for name in n if (m := _HEADING.match(name))), 0)
        num_id = next((s.num_id for _, s in chain if s and s.num_id is not None), None)
        ilvl = next((s.ilvl for _, s in chain if s and s.ilvl is not None), None)
        own = names[0]
        return ParaStyle(own, heading, any(_TITLE.match(n) for n in own), any(_CONTENTS.match(n) for n in own), num_id, ilvl)

    def _bold(self, style_id: str) -> bool:
        """Whether a character style makes its runs bold, itself or through the styles it is based on."""
        return next((s.bold for _, s in self._chain(style_id) if s and s.bold is not None), False)


def _read_style(element: etree._Element) -> _Style:
    """The parts of a w:style element the readers use."""
    name = element.find(qn("w:name"))
    based_on = element.find(qn("w:basedOn"))
    bold = element.find(f"{qn('w:rPr')}/{qn('w:b')}")
    num_pr = element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    return _Style(
        "" if name is None else name.get(qn("w:val")) or "",
        "" if based_on is None else based_on.get(qn("w:val")) or "",
        None if bold is None else on(bold.get(qn("w:val"))),
        _val(num_pr, "w:numId"), _val(num_pr, "w:ilvl"),
    )


def _val(parent: etree._Element | None, name: str) -> str | None:
    """w:val of a child element, None when either is missing."""
    child = None if parent is None else parent.find(qn(name))
    return None if child is None else child.get(qn("w:val"))


def _names(style_id: str, style: _Style | None) -> tuple[str, ...]:
    """A style's name and id, the ways readers may recognise it (built-in styles are named in English even in Chinese Word)."""
    return (style.name, style_id) if style and style.name else (style_id,)


def on(value: str | None) -> bool:
    """An on/off attribute: absent means on, as in <w:b/>."""
    return value is None or value.lower() not in _OFF
