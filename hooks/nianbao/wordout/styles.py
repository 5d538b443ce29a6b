"""The Word styles of the two kinds of document, set up once with python-docx: fonts, sizes, the line grid, outline levels."""
from __future__ import annotations

from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Twips
from docx.styles.styles import Styles

from .layout import (
    CHAR_PITCH,
    FANGSONG,
    FOOTER_LINE,
    HEITI,
    KAITI,
    LINE_PITCH,
    SIZE_2,
    SIZE_3,
    SIZE_4,
    SIZE_SMALL_4,
    SMALL_LINE,
    SONGTI,
    TEXT_WIDTH,
    XIAOBIAOSONG,
)
from .wml import el, fonts, qn, val

_ALIGN = {"both": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
          "right": WD_ALIGN_PARAGRAPH.RIGHT}
_PPR_AFTER_SNAP = ("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                   "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
                   "w:rPr", "w:sectPr", "w:pPrChange")
_RESET = frozenset(qn(f"w:{name}") for name in ("pPr", "rPr", "next", "link"))
_TABLE_BORDERS = ("top", "left", "bottom", "right", "insideH", "insideV")


@dataclass(frozen=True)
class Para:
    """A paragraph style: Word's name (built-in styles keep theirs, which Word shows translated) and its look."""

    name: str
    style_id: str
    face: str = FANGSONG
    size: int = SIZE_3
    jc: str = "both"
    first_line: float = 0  # grid characters
    left: int = 0  # twips
    line: int = LINE_PITCH  # exact line height in twips; 0 for single spacing (pictures must not be clipped)
    before: int = 0
    after: int = 0
    keep_next: bool = False
    outline: int | None = None
    grid: bool = True  # snap characters to the document grid: only text at the body size should
    tab: int = 0  # a right tab with dot leader at this position (table of contents)
    base: str = "Normal"


BODY = Para("Normal", "Normal", first_line=2, base="")
HEADING_FACES = (HEITI, KAITI, FANGSONG, FANGSONG, FANGSONG)  # ## 黑体, ### 楷体, deeper 仿宋 (GB/T 9704 7.3.3)
SHARED = (
    Para("List Paragraph", "ListParagraph", jc="both"),
    Para("Quote", "Quote", left=2 * CHAR_PITCH),
    Para("表格文字", "TableText", size=SIZE_SMALL_4, jc="left", line=SMALL_LINE, grid=False),
    Para("表头文字", "TableHeading", face=HEITI, size=SIZE_SMALL_4, jc="center", line=SMALL_LINE, grid=False),
    Para("图片", "Picture", jc="center", line=0, grid=False),
    Para("落款", "Signoff", jc="right"),
    Para("代码", "Code", size=SIZE_SMALL_4, jc="left", line=SMALL_LINE, grid=False, left=2 * CHAR_PITCH),
    Para("footnote text", "FootnoteText", size=SIZE_SMALL_4, line=SMALL_LINE, grid=False),
    Para("footer", "Footer", face=SONGTI, size=SIZE_4, jc="right", line=FOOTER_LINE, grid=False),
)
REPORT = (
    Para("Title", "Title", face=XIAOBIAOSONG, size=SIZE_2, jc="center", after=LINE_PITCH, keep_next=True),
    *(Para(f"Heading {n + 1}", f"Heading{n + 1}", face=face, first_line=2, keep_next=True, outline=n)
      for n, face in enumerate(HEADING_FACES)),
)
COMPILATION = (
    Para("Title", "Title", face=XIAOBIAOSONG, size=SIZE_2, jc="center", before=6 * LINE_PITCH, after=2 * LINE_PITCH),
    Para("Subtitle", "Subtitle", face=KAITI, jc="center"),
    Para("TOC Heading", "TOCHeading", face=XIAOBIAOSONG, size=SIZE_2, jc="center", after=LINE_PITCH),
    Para("toc 1", "TOC1", face=HEITI, tab=TEXT_WIDTH),
    Para("toc 2", "TOC2", left=2 * CHAR_PITCH, tab=TEXT_WIDTH),
    Para("Heading 1", "Heading1", face=HEITI, jc="left", keep_next=True, outline=0),
    Para("Heading 2", "Heading2", face=XIAOBIAOSONG, size=SIZE_2, jc="center", keep_next=True, outline=1),
    Para("报告信息", "ReportMeta", face=KAITI, jc="center", after=LINE_PITCH, keep_next=True),
    *(Para(f"Heading {n + 3}", f"Heading{n + 3}", face=face, first_line=2, keep_next=True, outline=n + 2)
      for n, face in enumerate(HEADING_FACES[:4])),
)
# The style of each Markdown heading level from ## on, by kind of document.
BODY_HEADINGS = {"report": tuple(f"Heading{n}" for n in range(1, 6)), "compilation": tuple(f"Heading{n}" for n in range(3, 7))}
KEEP = {"DefaultParagraphFont", "TableNormal", "NoList", "FootnoteReference", "ReportTable"}


def build_styles(styles: Styles, kind: str) -> None:
    """Give the document these styles only: the defaults, the body text, headings and tables of this kind of document."""
    _build_defaults(styles)
    specs = (BODY, *SHARED, *(REPORT if kind == "report" else COMPILATION))
    for spec in specs:
        _build_paragraph_style(styles, spec)
    _build_character_styles(styles)
    _build_table_style(styles)
    keep = KEEP | {spec.style_id for spec in specs}
    root = styles.element
    for style in root.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in keep:
            root.remove(style)
    latent = root.find(qn("w:latentStyles"))
    if latent is not None:  # the built-in styles' UI settings: Word falls back to its own
        root.remove(latent)


def _build_defaults(styles: Styles) -> None:
    """Document defaults without theme fonts (a theme font would win over the named ones): 仿宋 3号, Chinese language."""
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.element.remove(defaults)
    rpr = el("w:rPr", None, fonts(FANGSONG), el("w:kern", {"val": "2"}), val("w:sz", SIZE_3), val("w:szCs", SIZE_3),
             el("w:lang", {"val": "en-US", "eastAsia": "zh-CN", "bidi": "ar-SA"}))
    ppr = el("w:pPr", None, el("w:spacing", {"after": "0", "line": str(LINE_PITCH), "lineRule": "exact"}))
    styles.element.insert(0, el("w:docDefaults", None, el("w:rPrDefault", None, rpr), el("w:pPrDefault", None, ppr)))


def _build_paragraph_style(styles: Styles, spec: Para) -> None:
    """Create or reset one paragraph style to the spec."""
    style = styles[spec.name] if spec.name in styles else styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = spec.style_id
    for child in [c for c in style.element if c.tag in _RESET]:
        style.element.remove(child)
    style.base_style = styles[spec.base] if spec.base else None
    style.hidden, style.unhide_when_used, style.quick_style = False, False, True
    fmt = style.paragraph_format
    fmt.alignment = _ALIGN[spec.jc]
    fmt.line_spacing = Twips(spec.line) if spec.line else 1.0
    fmt.space_before, fmt.space_after = Twips(spec.before), Twips(spec.after)
    fmt.keep_with_next = spec.keep_next
    fmt.widow_control = False  # a widow line moved on would leave a page one line short of 22
    fmt.left_indent, fmt.first_line_indent = Twips(spec.left), Twips(round(spec.first_line * CHAR_PITCH))
    ppr = style.element.get_or_add_pPr()
    ppr.get_or_add_ind().set(qn("w:firstLineChars"), str(round(spec.first_line * 100)))
    if not spec.grid:
        ppr.insert_element_before(val("w:snapToGrid", 0), *_PPR_AFTER_SNAP)
    if spec.outline is not None:
        ppr.get_or_add_outlineLvl().val = spec.outline
    if spec.tab:
        ppr.get_or_add_tabs().append(el("w:tab", {"val": "right", "leader": "dot", "pos": str(spec.tab)}))
    style.font.size = None
    rpr = style.element.get_or_add_rPr()
    rpr.insert(0, fonts(spec.face))
    rpr.append(val("w:sz", spec.size))
    rpr.append(val("w:szCs", spec.size))


def _build_character_styles(styles: Styles) -> None:
    """The footnote reference mark: superscript."""
    name = "footnote reference"
    style = styles[name] if name in styles else styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.style_id = "FootnoteReference"
    style.font.superscript = True


def _build_table_style(styles: Styles) -> None:
    """Tables: a plain black grid of ½-point lines, centred (as print.css draws them)."""
    style = styles.add_style("报告表格", WD_STYLE_TYPE.TABLE)
    style.style_id = "ReportTable"
    style.base_style = styles["Normal Table"]
    borders = el("w:tblBorders", None, *(el(f"w:{side}", {"val": "single", "sz": "4", "space": "0", "color": "000000"})
                                          for side in _TABLE_BORDERS))
    margins = el("w:tblCellMar", None, el("w:left", {"w": "85", "type": "dxa"}), el("w:right", {"w": "85", "type": "dxa"}))
    style.element.append(el("w:pPr", None, val("w:snapToGrid", 0)))
    style.element.append(el("w:tblPr", None, val("w:jc", "center"), borders, margins))
