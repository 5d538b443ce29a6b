"""The inline content of a Word paragraph as pieces: runs with their weight, web links, footnote references and images."""
from __future__ import annotations

from lxml import etree

from .docx_fields import HIDDEN, Fields, parse_instruction
from .docx_package import Package, qn
from .docx_styles import Styles, on
from .docx_text import PLAIN, Format, Mark, Piece, group, normalise, web_address

_T, _R, _RPR = qn("w:t"), qn("w:r"), qn("w:rPr")
_CHARS = {qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
# Elements that only wrap inline content: tracked insertions and moves, smart tags, custom XML, text direction.
_WRAPPERS = frozenset(qn(f"w:{name}") for name in ("ins", "moveTo", "smartTag", "customXml", "dir", "bdo", "sdtContent"))
_NOTE_REFS = {qn("w:footnoteReference"): "footnote", qn("w:endnoteReference"): "endnote"}
_PICTURES = frozenset({qn("w:drawing"), qn("w:pict"), qn("w:object")})
_MATH = frozenset({qn("m:oMath"), qn("m:oMathPara")})
_TEXTBOX, _DOC_PR = qn("w:txbxContent"), qn("wp:docPr")
_FRAMES = frozenset({qn("wp:inline"), qn("wp:anchor")})
_CHARTS = frozenset({"{http://schemas.openxmlformats.org/drawingml/2006/chart}chart",
                     "{http://schemas.openxmlformats.org/drawingml/2006/diagram}relIds"})
_ALT_LENGTH = 60


class Inline:
    """Reads paragraphs of one document, and remembers what it left out (links, text boxes, images) for the log."""

    def __init__(self, package: Package, styles: Styles) -> None:
        self._rels = package.rels
        self._styles = styles
        self.dropped_links: list[str] = []
        self.textboxes: list[str] = []
        self.lost_images = 0  # linked to files outside the document, or missing from it
        self.charts = 0

    def fields(self) -> Fields:
        """A fresh field state, for the body or for one footnote."""
        return Fields(self.field_link)

    def paragraph(self, paragraph: etree._Element, fields: Fields) -> list[Piece]:
        """The paragraph's pieces: whitespace normalised, pieces of equal format merged."""
        chars: list[Piece] = []
        self._walk(paragraph, fields, "", chars)
        return group(normalise(chars))

    def _walk(self, parent: etree._Element, fields: Fields, link: str, out: list[Piece]) -> None:
        """Inline children in order; deleted text (w:del, w:moveFrom), properties and bookmarks have nothing to read."""
        for child in parent:
            tag = child.tag
            if tag == _R:
                self._content(child, self._format(child.find(_RPR), link), fields, out)
            elif tag in _WRAPPERS:
                self._walk(child, fields, link, out)
            elif tag == qn("w:hyperlink"):
                self._hyperlink(child, fields, link, out)
            elif tag == qn("w:fldSimple"):
                kind, target = parse_instruction(child.get(qn("w:instr")) or "")
                if kind not in HIDDEN:
                    self._walk(child, fields, self.field_link(target) if kind == "HYPERLINK" else link, out)
            elif tag == qn("w:sdt") and not shows_placeholder(child):
                self._walk(child, fields, link, out)
            elif tag == qn("mc:AlternateContent") and (branch := chosen(child)) is not None:
                self._walk(branch, fields, link, out)
            elif tag in _MATH and fields.visible:
                out += [(char, PLAIN) for t in child.iter(qn("m:t")) for char in t.text or ""]

    def _format(self, properties: etree._Element | None, link: str) -> Format | None:
        """The format of a run's text; None for hidden text."""
        if properties is None:
            return Format(False, link)
        if (vanish := properties.find(qn("w:vanish"))) is not None and on(vanish.get(qn("w:val"))):
            return None
        bold = properties.find(qn("w:b"))
        if bold is not None:
            return Format(on(bold.get(qn("w:val"))), link)
        char_style = properties.find(qn("w:rStyle"))
        return Format(char_style is not None and self._styles.bold(char_style.get(qn("w:val")) or ""), link)

    def _content(self, run: etree._Element, fmt: Format | None, fields: Fields, out: list[Piece]) -> None:
        """A run's text, field characters, note references and pictures; hidden text is left out."""
        for child in run:
            tag = child.tag
            if tag == _T:
                text = child.text or ""
            elif tag in _CHARS:
                text = _CHARS[tag]
            elif tag == qn("w:br"):
                text = "\n" if child.get(qn("w:type")) in (None, "textWrapping") else ""
            elif tag == qn("w:fldChar"):
                fields.char(child.get(qn("w:fldCharType")))
                continue
            elif tag == qn("w:instrText"):
                fields.instruction(child.text or "")
                continue
            elif tag in _NOTE_REFS or tag in _PICTURES:
                if fmt is not None and fields.visible:
                    out += [("", Format(mark=mark)) for mark in self._marks(child)]
                continue
            elif tag == qn("mc:AlternateContent") and (branch := chosen(child)) is not None:
                self._content(branch, fmt, fields, out)
                continue
            elif tag == qn("w:ruby") and (base := child.find(qn("w:rubyBase"))) is not None:
                self._walk(base, fields, fmt.link if fmt else "", out)  # the base text, not its pinyin guide (w:rt)
                continue
            else:
                continue
            if fmt is not None and fields.visible and text:
                shown = fmt if not fields.address or fmt.link else fmt._replace(link=fields.address)
                out += [(char, shown) for char in text]

    def _marks(self, element: etree._Element) -> list[Mark]:
        """The footnote reference, or the images of a drawing or VML picture (text boxes are noted, not read)."""
        if element.tag in _NOTE_REFS:
            note_id = element.get(qn("w:id"))
            return [Mark("note", f"{_NOTE_REFS[element.tag]}:{note_id}")] if note_id else []
        found = []
        for node in element.iter(qn("a:blip"), qn("v:imagedata"), _TEXTBOX, *_CHARTS):
            inside = next(node.iterancestors(_TEXTBOX), None) is not None
            if node.tag == _TEXTBOX and not inside:
                self.textboxes.append(" ".join("".join(t.text or "" for t in p.iter(_T)) for p in node.iter(qn("w:p"))).strip())
            elif node.tag in _CHARTS:
                self.charts += 1
            elif not inside and (mark := self._image(node)):
                found.append(mark)
        return found

    def _image(self, node: etree._Element) -> Mark | None:
        """An image embedded in the document (a:blip r:embed, v:imagedata r:id); None, counted, for one that is not."""
        rel_id = node.get(qn("r:embed")) if node.tag == qn("a:blip") else node.get(qn("r:id")) or node.get(qn("o:relid"))
        rel = self._rels.get(rel_id or "")
        if rel is None or rel.external or rel.kind != "image":
            self.lost_images += 1
            return None
        return Mark("image", rel.target, _alt_text(node))

    def _hyperlink(self, element: etree._Element, fields: Fields, link: str, out: list[Piece]) -> None:
        """A hyperlink's text, linked when it goes to a web address; other external targets are noted."""
        rel = self._rels.get(element.get(qn("r:id")) or "")
        target = rel.target if rel is not None and rel.external else ""
        address = web_address(target)
        start = len(out)
        self._walk(element, fields, address or link, out)
        if target and not address and any(text.strip() for text, _ in out[start:]):
            self.dropped_links.append(target)

    def field_link(self, target: str) -> str:
        """The web address a HYPERLINK field links to ('' for none; other targets are noted)."""
        address = web_address(target)
        if target and not address:
            self.dropped_links.append(target)
        return address


def chosen(alternate: etree._Element) -> etree._Element | None:
    """The branch of mc:AlternateContent to read: the first choice (drawings; the fallback repeats it as VML)."""
    choice = alternate.find(qn("mc:Choice"))
    return choice if choice is not None else alternate.find(qn("mc:Fallback"))


def shows_placeholder(sdt: etree._Element) -> bool:
    """Whether a content control shows its placeholder ('单击此处输入文字') instead of content."""
    return sdt.find(f"{qn('w:sdtPr')}/{qn('w:showingPlcHdr')}") is not None


def _alt_text(node: etree._Element) -> str:
    """An image's description (wp:docPr descr or title; VML title or alt), first line only, or ''."""
    if node.tag == qn("a:blip"):
        frame = next((a for a in node.iterancestors() if a.tag in _FRAMES), None)
        doc_pr = frame.find(_DOC_PR) if frame is not None else None
        texts = [] if doc_pr is None else [doc_pr.get("descr"), doc_pr.get("title")]
    else:
        shape = node.getparent()
        texts = [node.get(qn("o:title")), shape.get("alt") if shape is not None else None]
    text = next((t for t in texts if t and t.strip()), "")
    return " ".join(text.strip().splitlines()[0].split())[:_ALT_LENGTH] if text else ""
