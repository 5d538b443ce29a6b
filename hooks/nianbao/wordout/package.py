"""One document's package: the parts it adds to its template (links, images, footnotes, lists) and the .docx zip."""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable

from lxml import etree

from .layout import LIST_HANGING, list_indent
from .manifest import build_app, build_content_types, build_core, build_document_rels, build_package_rels
from .template import Template
from .wml import NS, clone, el, qn, serialize, sub, val
from .zipped import Member, build_zip, deflated, stored

FIXED = {"docProps/app.xml": build_app, "_rels/.rels": build_package_rels}
_RELS = "word/_rels/document.xml.rels"
LEVEL = 3  # zlib level of each document's own parts: 6 would save 10% of a file for twice the time


class Parts:
    """What the body of one document refers to: hyperlinks, images, footnotes and numbered lists, with their ids."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.links: dict[str, str] = {}  # address → relationship id
        self.media: dict[str, tuple[str, str, bytes]] = {}  # digest → (relationship id, part name, data)
        self.footnotes: list[etree._Element] = []
        self.bullets = False  # whether any list uses the bullets (numId 1)
        self.lists: list[tuple[int, int]] = []  # (start, level) of each numbered list: numId 2, 3, …
        self._ids = 0

    def hyperlink(self, address: str) -> str:
        """The relationship id of an external link."""
        return self.links.setdefault(address, f"rIdLink{len(self.links) + 1}")

    def image(self, data: bytes, extension: str) -> str:
        """The relationship id of an embedded image (each distinct image stored once)."""
        digest = hashlib.sha1(data).hexdigest()
        if digest not in self.media:
            number = len(self.media) + 1
            self.media[digest] = (f"rIdImage{number}", f"word/media/image{number}.{extension}", data)
        return self.media[digest][0]

    def footnote(self, paragraphs: list[etree._Element]) -> int:
        """The id of a new footnote holding these paragraphs."""
        note_id = len(self.footnotes) + 1
        self.footnotes.append(el("w:footnote", {"id": str(note_id)}, *paragraphs))
        return note_id

    def numbered_list(self, ordered: bool, start: int = 1, level: int = 0) -> int:
        """The numId of a new list: bullets share one, each numbered list restarts at `start`."""
        if not ordered:
            self.bullets = True
            return 1
        self.lists.append((start, level))
        return len(self.lists) + 1

    def shared(self) -> bool:
        """Whether nothing only this document has was added yet (links, images, footnotes, numbered lists, ids): what
        was built so far would be the same in another document."""
        return not (self.links or self.media or self.footnotes or self.lists or self._ids)

    def next_id(self) -> int:
        """A document-wide unique number (drawing and bookmark ids)."""
        self._ids += 1
        return self._ids


def build_docx(parts: Parts, body: Iterable[etree._Element], sect_pr: etree._Element, title: str, author: str) -> bytes:
    """The .docx file: the template's parts, this document's body, its relationships, media and properties."""
    document = etree.Element(qn("w:document"), nsmap=NS)
    body_element = sub(document, "w:body")
    body_element.extend(body)
    body_element.append(sect_pr)
    numbering = parts.bullets or bool(parts.lists)
    members = [deflated("word/document.xml", serialize(document), LEVEL)]
    # Most documents have no footnotes, links or images: those parts are then the same in each, compressed once.
    members.append(deflated("word/footnotes.xml", serialize(build_footnotes(parts.footnotes)), LEVEL) if parts.footnotes
                   else _no_footnotes())
    members.append(_plain_rels(numbering) if not parts.links and not parts.media else deflated(
        _RELS, build_document_rels(parts.links, [m[:2] for m in parts.media.values()], numbering), LEVEL))
    members.append(deflated("docProps/core.xml", build_core(title, author), LEVEL))
    if numbering:
        members.append(deflated("word/numbering.xml", serialize(build_numbering(parts.lists)), LEVEL))
    names = frozenset([*(m.name.decode() for m in members), *parts.template.parts, *FIXED])  # images are typed by their extension
    return build_zip([_content_types(names), *members, *_fixed_members(), *parts.template.members,
                      *(stored(name, data) for _, name, data in parts.media.values())])


@functools.cache
def _no_footnotes() -> Member:
    """The footnotes part of a document without footnotes, compressed once."""
    return deflated("word/footnotes.xml", serialize(build_footnotes([])), LEVEL)


@functools.cache
def _plain_rels(numbering: bool) -> Member:
    """The document relationships without links or images, compressed once."""
    return deflated(_RELS, build_document_rels({}, [], numbering), LEVEL)


@functools.lru_cache(maxsize=16)
def _content_types(names: frozenset[str]) -> Member:
    """[Content_Types].xml, compressed once for each set of parts."""
    return deflated("[Content_Types].xml", build_content_types(names))


@functools.cache
def _fixed_members() -> tuple[Member, ...]:
    """The parts every document has as they are, compressed once."""
    return tuple(deflated(name, build()) for name, build in FIXED.items())


def build_footnotes(notes: list[etree._Element]) -> etree._Element:
    """The footnotes part: the separator lines Word expects (ids -1 and 0), then the notes."""
    root = etree.Element(qn("w:footnotes"), nsmap={"w": NS["w"], "r": NS["r"]})
    for note_id, kind, mark in (("-1", "separator", "w:separator"), ("0", "continuationSeparator", "w:continuationSeparator")):
        spacing = el("w:spacing", {"line": "240", "lineRule": "auto"})
        root.append(el("w:footnote", {"type": kind, "id": note_id}, el("w:p", None, el("w:pPr", None, spacing), el("w:r", None, el(mark)))))
    root.extend(notes)
    return root


def build_numbering(lists: list[tuple[int, int]]) -> etree._Element:
    """Bullets (abstract 0, numId 1) and decimal lists (abstract 1), one w:num per numbered list so each restarts."""
    root = clone(_list_definitions())
    root.append(el("w:num", {"numId": "1"}, val("w:abstractNumId", 0)))
    for number, (start, level) in enumerate(lists, start=2):
        override = el("w:lvlOverride", {"ilvl": str(level)}, val("w:startOverride", start))
        root.append(el("w:num", {"numId": str(number)}, val("w:abstractNumId", 1), override))
    return root


@functools.cache
def _list_definitions() -> etree._Element:
    """The numbering part with the two list definitions (bullets, decimal), nine levels each."""
    root = etree.Element(qn("w:numbering"), nsmap={"w": NS["w"]})
    for abstract_id, (fmt, text) in enumerate((("bullet", "•"), ("decimal", "%{}."))):
        abstract = sub(root, "w:abstractNum", {"abstractNumId": str(abstract_id)})
        abstract.append(val("w:multiLevelType", "hybridMultilevel"))
        for level in range(9):
            indent = el("w:ind", {"left": str(list_indent(level)), "hanging": str(LIST_HANGING)})
            abstract.append(el("w:lvl", {"ilvl": str(level)}, val("w:start", 1), val("w:numFmt", fmt),
                               val("w:lvlText", text.format(level + 1)), val("w:lvlJc", "left"), el("w:pPr", None, indent)))
    return root
