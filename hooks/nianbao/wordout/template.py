"""The fixed parts of each kind of document, built once per process with python-docx: styles, page, footers, settings."""
from __future__ import annotations

import functools
from dataclasses import dataclass

import docx
from docx.shared import Twips
from lxml import etree

from .layout import (
    BOTTOM,
    CHAR_SPACE,
    FONTS,
    FOOTER,
    LEFT,
    LINE_PITCH,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RIGHT,
    SIZE_4,
    SONGTI,
    TOP,
    twips,
)
from .styles import build_styles
from .wml import NS, build_field, build_run, clone, el, qn, run_props, serialize, sub, val
from .zipped import Member, deflated

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FOOTERS = {"default": ("rIdFooterOdd", "word/footer1.xml"), "even": ("rIdFooterEven", "word/footer2.xml")}
_INDENT_SIDE = {"default": "right", "even": "left"}  # GB/T 9704 7.5: odd pages right, even pages left, one character in
_ONE_CHAR_4 = 280  # one 4号 character (14 pt) in twips


@dataclass(frozen=True)
class Template:
    """What every document of one kind shares: its fixed parts (name → XML) and the last section's properties."""

    kind: str
    parts: dict[str, bytes]
    sect_pr: etree._Element  # copied into each document; its footer references use FOOTERS' ids

    @functools.cached_property
    def members(self) -> tuple[Member, ...]:
        """The fixed parts compressed, once."""
        return tuple(deflated(name, data) for name, data in self.parts.items())

    def section(self, footers: bool = True) -> etree._Element:
        """A copy of the section properties; without footers for a cover and contents section."""
        sect_pr = clone(self.sect_pr)
        if not footers:
            for ref in sect_pr.findall(qn("w:footerReference")):
                sect_pr.remove(ref)
        return sect_pr


@functools.cache
def build_template(kind: str) -> Template:
    """The template of "report" or "compilation" documents."""
    document = docx.Document()
    build_styles(document.styles, kind)
    section = document.sections[0]
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Twips(TOP), Twips(BOTTOM)
    section.left_margin, section.right_margin = Twips(LEFT), Twips(RIGHT)
    section.header_distance, section.footer_distance, section.gutter = Twips(twips(15)), Twips(FOOTER), Twips(0)
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.attrib.clear()
    grid.attrib.update({qn("w:type"): "linesAndChars", qn("w:linePitch"): str(LINE_PITCH), qn("w:charSpace"): str(CHAR_SPACE)})
    document.settings.odd_and_even_pages_header_footer = True  # python-docx's own; the settings part is rebuilt below
    parts: dict[str, bytes] = {}
    for kind_name, footer in (("default", section.footer), ("even", section.even_page_footer)):
        footer.is_linked_to_previous = False
        parts[FOOTERS[kind_name][1]] = serialize(build_footer(footer._element, _INDENT_SIDE[kind_name]))
    sect_pr = clone(section._sectPr)
    for ref in sect_pr.findall(qn("w:footerReference")):
        ref.set(qn("r:id"), FOOTERS[ref.get(qn("w:type"))][0])
    for name in ("w:rsidR", "w:rsidRPr", "w:rsidSect"):
        sect_pr.attrib.pop(qn(name), None)
    parts["word/styles.xml"] = serialize(document.styles.element)
    parts["word/settings.xml"] = serialize(build_settings(update_fields=kind == "compilation"))
    parts["word/fontTable.xml"] = serialize(build_font_table())
    return Template(kind, parts, sect_pr)


def build_footer(footer: etree._Element, side: str) -> etree._Element:
    """The page number, '— 1 —' in 4号宋体 (a PAGE field between em dashes), aligned to `side` one character in."""
    for child in list(footer):
        footer.remove(child)
    rpr = run_props(SONGTI, size=SIZE_4)
    ppr = el("w:pPr", None, val("w:pStyle", "Footer"), el("w:ind", {side: str(_ONE_CHAR_4)}), val("w:jc", side))
    paragraph = sub(footer, "w:p")
    paragraph.append(ppr)
    paragraph.extend([build_run("— ", rpr), *build_field("PAGE", [build_run("1", clone(rpr))], rpr), build_run(" —", clone(rpr))])
    return footer


def build_settings(update_fields: bool) -> etree._Element:
    """Settings in schema order: even/odd footers, Chinese punctuation on the grid, footnote separators, Word 2013+ layout."""
    settings = etree.Element(qn("w:settings"), nsmap={"w": NS["w"]})
    settings.extend([el("w:zoom", {"percent": "100"}), val("w:defaultTabStop", 420),
                     el("w:evenAndOddHeaders"), val("w:characterSpacingControl", "doNotCompress")])
    if update_fields:  # Word fills the table of contents (and its page numbers) when it opens the file
        settings.append(val("w:updateFields", "true"))
    settings.append(el("w:footnotePr", None, el("w:footnote", {"id": "-1"}), el("w:footnote", {"id": "0"})))
    compat = sub(settings, "w:compat")
    compat.extend([el("w:spaceForUL"), el("w:balanceSingleByteDoubleByteWidth"), el("w:doNotLeaveBackslashAlone"),
                   el("w:ulTrailSpace"), el("w:doNotExpandShiftReturn"), el("w:useFELayout")])
    compat.append(el("w:compatSetting", {"name": "compatibilityMode", "uri": "http://schemas.microsoft.com/office/word", "val": "15"}))
    settings.append(el("w:themeFontLang", {"val": "en-US", "eastAsia": "zh-CN"}))
    settings.extend([val("w:decimalSymbol", "."), val("w:listSeparator", ",")])
    return settings


def build_font_table() -> etree._Element:
    """A font table naming each font with its fallback (layout.FONTS) and the GB2312 charset."""
    table = etree.Element(qn("w:fonts"), nsmap={"w": NS["w"]})
    for name, (alt, panose, family, pitch) in FONTS.items():
        font = sub(table, "w:font", {"name": name})
        font.extend([val("w:altName", alt), val("w:panose1", panose), val("w:charset", "86"), val("w:family", family),
                     val("w:pitch", pitch)])
    return table
