"""The package's bookkeeping parts: content types, relationships and document properties."""
from __future__ import annotations

import functools

from lxml import etree

from .template import FOOTERS, REL
from .wml import clean, serialize

_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_TYPES = {
    "word/document.xml": f"{_WML}.document.main+xml", "word/styles.xml": f"{_WML}.styles+xml",
    "word/settings.xml": f"{_WML}.settings+xml", "word/fontTable.xml": f"{_WML}.fontTable+xml",
    "word/footnotes.xml": f"{_WML}.footnotes+xml", "word/numbering.xml": f"{_WML}.numbering+xml",
    "word/footer1.xml": f"{_WML}.footer+xml", "word/footer2.xml": f"{_WML}.footer+xml",
    "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    "docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
}
_MEDIA = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif"}
_FIXED_RELS = {"styles": "styles.xml", "settings": "settings.xml", "fontTable": "fontTable.xml", "footnotes": "footnotes.xml"}


def build_document_rels(links: dict[str, str], media: list[tuple[str, str]], numbering: bool) -> bytes:
    """The main document's relationships: fixed parts, footers, then this document's links (address → id) and images
    (id, part name)."""
    rels = [(f"rId{name[0].upper()}{name[1:]}", f"{REL}/{name}", target, False) for name, target in _FIXED_RELS.items()]
    if numbering:
        rels.append(("rIdNumbering", f"{REL}/numbering", "numbering.xml", False))
    rels += [(rel_id, f"{REL}/footer", target.removeprefix("word/"), False) for rel_id, target in FOOTERS.values()]
    rels += [(rel_id, f"{REL}/hyperlink", address, True) for address, rel_id in links.items()]
    rels += [(rel_id, f"{REL}/image", name.removeprefix("word/"), False) for rel_id, name in media]
    return serialize(_rels(rels))


@functools.cache
def build_package_rels() -> bytes:
    """_rels/.rels: the main document and the document properties."""
    return serialize(_rels([("rId1", f"{REL}/officeDocument", "word/document.xml", False),
                            ("rId2", f"{_PR}/metadata/core-properties", "docProps/core.xml", False),
                            ("rId3", f"{REL}/extended-properties", "docProps/app.xml", False)]))


def _rels(rels: list[tuple[str, str, str, bool]]) -> etree._Element:
    """A relationships part."""
    root = etree.Element(f"{{{_PR}}}Relationships", nsmap={None: _PR})
    for rel_id, rel_type, target, external in rels:
        attrs = {"Id": rel_id, "Type": rel_type, "Target": target}
        if external:
            attrs["TargetMode"] = "External"
        etree.SubElement(root, f"{{{_PR}}}Relationship", attrs)
    return root


@functools.lru_cache(maxsize=16)
def build_content_types(names: frozenset[str]) -> bytes:
    """[Content_Types].xml for a package of these parts (images are known by their extension)."""
    root = etree.Element(f"{{{_CT}}}Types", nsmap={None: _CT})
    defaults = {"rels": "application/vnd.openxmlformats-package.relationships+xml", "xml": "application/xml", **_MEDIA}
    for extension, media_type in defaults.items():
        etree.SubElement(root, f"{{{_CT}}}Default", {"Extension": extension, "ContentType": media_type})
    for name in sorted(names & _TYPES.keys()):
        etree.SubElement(root, f"{{{_CT}}}Override", {"PartName": f"/{name}", "ContentType": _TYPES[name]})
    return serialize(root)


def build_core(title: str, author: str) -> bytes:
    """docProps/core.xml: title, author and language; no dates, so that the file depends on the report only."""
    ns = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
          "dc": "http://purl.org/dc/elements/1.1/"}
    root = etree.Element(f"{{{ns['cp']}}}coreProperties", nsmap=ns)
    for name, text in (("title", title), ("creator", author), ("language", "zh-CN")):
        etree.SubElement(root, f"{{{ns['dc']}}}{name}").text = clean(text)
    return serialize(root)


@functools.cache
def build_app() -> bytes:
    """docProps/app.xml: the generating application."""
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    root = etree.Element(f"{{{ns}}}Properties", nsmap={None: ns})
    etree.SubElement(root, f"{{{ns}}}Application").text = "nianbao"
    return serialize(root)
