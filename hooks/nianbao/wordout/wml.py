"""WordprocessingML elements built directly with lxml: paragraphs, runs, fields, bookmarks (fast: no python-docx proxies)."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from lxml import etree

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Characters XML 1.0 cannot hold; reports are checked for control characters, this keeps a stray one from failing a file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BREAKS = re.compile(r"(\n|\t)")
_P, _R, _T = f"{{{NS['w']}}}p", f"{{{NS['w']}}}r", f"{{{NS['w']}}}t"
_CLARK: dict[str, str] = {}  # memo: documents build tens of thousands of elements from a few dozen names


def qn(name: str) -> str:
    """'w:p' → '{namespace}p'; an attribute name without prefix is in the w: namespace."""
    clark = _CLARK.get(name)
    if clark is None:
        prefix, _, local = name.rpartition(":")
        clark = _CLARK[name] = f"{{{NS[prefix or 'w']}}}{local}"
    return clark


def el(name: str, attrs: dict[str, str] | None = None, *children: etree._Element) -> etree._Element:
    """An element with w: attributes (given by local name, or prefixed like 'r:id') and children."""
    element = etree.Element(qn(name), {qn(k): v for k, v in attrs.items()}) if attrs else etree.Element(qn(name))
    if children:
        element.extend(children)
    return element


def sub(parent: etree._Element, name: str, attrs: dict[str, str] | None = None) -> etree._Element:
    """A new last child of `parent`."""
    return etree.SubElement(parent, qn(name), {qn(k): v for k, v in attrs.items()}) if attrs else etree.SubElement(parent, qn(name))


def val(name: str, value: str | int) -> etree._Element:
    """<name w:val="value"/>."""
    return el(name, {"val": str(value)})


def fonts(face: str) -> etree._Element:
    """w:rFonts naming one face for every script; hint="eastAsia" sets quotes and dashes (“”—…) in the Chinese font too."""
    return el("w:rFonts", {"ascii": face, "hAnsi": face, "eastAsia": face, "cs": face, "hint": "eastAsia"})


@functools.cache
def _run_props(face: str | None, style: str, bold: bool, italic: bool, size: int, superscript: bool) -> etree._Element:
    """The prototype of a w:rPr (never handed out: an element has one parent)."""
    rpr = el("w:rPr")
    if style:
        rpr.append(val("w:rStyle", style))
    if face:
        rpr.append(fonts(face))
    if bold:
        rpr.extend((el("w:b"), el("w:bCs")))
    if italic:
        rpr.extend((el("w:i"), el("w:iCs")))
    if size:
        rpr.extend((val("w:sz", size), val("w:szCs", size)))
    if superscript:
        rpr.append(val("w:vertAlign", "superscript"))
    return rpr


def run_props(face: str | None = None, *, style: str = "", bold: bool = False, italic: bool = False, size: int = 0,
              superscript: bool = False) -> etree._Element:
    """w:rPr in schema order (a copy of a prototype: runs are many, their looks few)."""
    return clone(_run_props(face, style, bold, italic, size, superscript))


def clean(text: str) -> str:
    """Text without the characters XML cannot hold."""
    return _NOT_XML.sub("", text)


def clone(element: etree._Element) -> etree._Element:
    """A copy of an element and everything in it (lxml's copy is deep, without copy.deepcopy's bookkeeping)."""
    return element.__copy__()


def build_run(text: str, rpr: etree._Element | None = None) -> etree._Element:
    """A run of text; tabs and line breaks become w:tab and w:br."""
    run = etree.Element(_R)
    if rpr is not None:
        run.append(rpr)
    text = clean(text)
    for part in _BREAKS.split(text) if "\n" in text or "\t" in text else (text,):
        if part == "\n":
            sub(run, "w:br")
        elif part == "\t":
            sub(run, "w:tab")
        elif part:
            t = etree.SubElement(run, _T)
            t.text = part
            if part[0] == " " or part[-1] == " ":
                t.set(XML_SPACE, "preserve")
    return run


def styled_run(text: str, face: str | None = None, *, bold: bool = False, italic: bool = False, size: int = 0,
               superscript: bool = False) -> etree._Element:
    """build_run(text, run_props(...)), as a copy of a prototype run when the text is one w:t (most runs are)."""
    text = clean(text)
    if not text or "\n" in text or "\t" in text:
        return build_run(text, run_props(face, bold=bold, italic=italic, size=size, superscript=superscript))
    run = clone(_run_prototype(face, bold, italic, size, superscript))
    t = run[-1]
    t.text = text
    if text[0] == " " or text[-1] == " ":
        t.set(XML_SPACE, "preserve")
    return run


@functools.cache
def _run_prototype(face: str | None, bold: bool, italic: bool, size: int, superscript: bool) -> etree._Element:
    """A run of one look holding an empty w:t."""
    run = etree.Element(_R)
    run.append(run_props(face, bold=bold, italic=italic, size=size, superscript=superscript))
    etree.SubElement(run, _T)
    return run


def para_props(style: str = "", *, keep_next: bool = False, page_break: bool = False, num: tuple[int, int] | None = None,
               spacing: dict[str, str] | None = None, ind: dict[str, str] | None = None, jc: str = "",
               outline: int | None = None) -> etree._Element:
    """w:pPr in schema order (a copy of a prototype)."""
    key = (style, keep_next, page_break, num, tuple(spacing.items()) if spacing else (), tuple(ind.items()) if ind else (), jc, outline)
    return clone(_para_props(*key))


@functools.lru_cache(maxsize=1024)
def _para_props(style: str, keep_next: bool, page_break: bool, num: tuple[int, int] | None, spacing: tuple[tuple[str, str], ...],
                ind: tuple[tuple[str, str], ...], jc: str, outline: int | None) -> etree._Element:
    """The prototype of a w:pPr."""
    ppr = el("w:pPr")
    if style:
        ppr.append(val("w:pStyle", style))
    if keep_next:
        ppr.append(el("w:keepNext"))
    if page_break:
        ppr.append(el("w:pageBreakBefore"))
    if num:
        ppr.append(el("w:numPr", None, val("w:ilvl", num[1]), val("w:numId", num[0])))
    if spacing:
        ppr.append(el("w:spacing", dict(spacing)))
    if ind:
        ppr.append(el("w:ind", dict(ind)))
    if jc:
        ppr.append(val("w:jc", jc))
    if outline is not None:
        ppr.append(val("w:outlineLvl", outline))
    return ppr


def build_paragraph(ppr: etree._Element | str | None, runs: Iterable[etree._Element] = ()) -> etree._Element:
    """A paragraph of a style (or with these properties) holding the runs."""
    paragraph = etree.Element(_P)
    if isinstance(ppr, str):
        ppr = para_props(ppr) if ppr else None
    if ppr is not None:
        paragraph.append(ppr)
    paragraph.extend(runs)
    return paragraph


def build_field(instruction: str, result: Iterable[etree._Element], rpr: etree._Element | None = None) -> list[etree._Element]:
    """The runs of a complex field: begin, instruction, separate, its last result (shown until updated), end."""
    def char(kind: str) -> etree._Element:
        run = el("w:r")
        if rpr is not None:
            run.append(clone(rpr))
        run.append(el("w:fldChar", {"fldCharType": kind}))
        return run

    code = el("w:r")
    if rpr is not None:
        code.append(clone(rpr))
    instr = sub(code, "w:instrText")
    instr.text, instr.attrib[XML_SPACE] = f" {instruction} ", "preserve"
    return [char("begin"), code, char("separate"), *result, char("end")]


def bookmark(paragraph: etree._Element, ident: int, name: str) -> None:
    """Wrap the paragraph's content (after its properties) in a bookmark."""
    start = el("w:bookmarkStart", {"id": str(ident), "name": name})
    ppr = paragraph.find(qn("w:pPr"))
    paragraph.insert(0 if ppr is None else 1, start)
    paragraph.append(el("w:bookmarkEnd", {"id": str(ident)}))


def serialize(root: etree._Element) -> bytes:
    """An XML part: UTF-8 with the standalone declaration Word writes."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
