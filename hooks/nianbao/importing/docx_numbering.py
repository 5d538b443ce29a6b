"""Word automatic numbering: which list a paragraph is in, and the number or list marker it shows."""
from __future__ import annotations

import re
from dataclasses import dataclass

from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

# Number formats that count in Chinese characters; the importer writes them as 一、二、… whatever Word shows.
CHINESE_FORMATS = frozenset({
    "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital", "ideographTraditional",
    "ideographLegalTraditional", "japaneseCounting", "japaneseLegal", "japaneseDigitalTenThousand",
    "taiwaneseCounting", "taiwaneseCountingThousand", "taiwaneseDigital",
})
_LIST_STYLE = re.compile(r"^List (Bullet|Number)(?: ([2-9]))?$")
_DIGITS = "〇一二三四五六七八九"
_INDENT = "    "  # Python-Markdown nests a list only under four spaces


@dataclass(frozen=True)
class Numbered:
    """A paragraph's automatic number: its list (`num_id`), Word level, nesting depth and number format."""

    num_id: int
    level: int
    depth: int
    fmt: str  # Word's numFmt: 'bullet', 'decimal', 'chineseCounting', …


class Numbering:
    """The numbering definitions of one document and the counters kept while reading it in order."""

    def __init__(self, document: Document) -> None:
        self._formats = read_formats(document.part.numbering_part.element)
        self._chinese: dict[tuple[int, int], int] = {}
        self._items: dict[int, int] = {}  # depth → position in the current run of list items
        self._run_id: int | None = None

    def find(self, paragraph: Paragraph) -> Numbered | None:
        """The paragraph's own or its style's numbering; None when it is not numbered."""
        style = paragraph.style
        num_id = _first(paragraph._p, "numId") or _style_value(style, "numId")
        level = int(_first(paragraph._p, "ilvl") or _style_value(style, "ilvl") or 0)
        named = _LIST_STYLE.match(style.name or "") if style is not None else None
        depth = level + (int(named[2]) - 1 if named and named[2] else 0)
        fmt = self._formats.get((int(num_id), level), ("", 1))[0] if num_id and num_id != "0" else ""
        if not fmt and named and num_id != "0":  # a list style whose numbering is missing or broken
            fmt = "bullet" if named[1] == "Bullet" else "decimal"
        return Numbered(int(num_id or 0), level, depth, fmt) if fmt and fmt != "none" else None

    def chinese_prefix(self, numbered: Numbered) -> str:
        """The number Word shows before a Chinese-numbered paragraph: '一、' at the first level, '（一）' below."""
        key = (numbered.num_id, numbered.level)
        start = self._formats.get(key, ("", 1))[1]
        count = self._chinese.get(key, start - 1) + 1
        self._chinese = {k: v for k, v in self._chinese.items() if k[0] != numbered.num_id or k[1] < numbered.level}
        self._chinese[key] = count
        numeral = chinese_numeral(count)
        return f"{numeral}、" if numbered.level == 0 else f"（{numeral}）"

    def list_marker(self, numbered: Numbered) -> str:
        """The Markdown marker of a list item ('- ', '1. '), indented by its depth within the current run of items."""
        depth = min(numbered.depth, len(self._items))  # never deeper than one below the previous item
        if depth == 0 and numbered.num_id != self._run_id:
            self._items, self._run_id = {}, numbered.num_id
        position = self._items.get(depth, 0) + 1
        self._items = {d: n for d, n in self._items.items() if d < depth} | {depth: position}
        return _INDENT * depth + ("- " if numbered.fmt == "bullet" else f"{position}. ")

    def end_list(self) -> None:
        """Something other than a list item came: the next item starts a new list."""
        self._items, self._run_id = {}, None


def read_formats(numbering: BaseOxmlElement) -> dict[tuple[int, int], tuple[str, int]]:
    """(numId, level) → (numFmt, start number) for every list defined in numbering.xml."""
    abstract = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
    formats: dict[tuple[int, int], tuple[str, int]] = {}
    for num in numbering.findall(qn("w:num")):
        definition = abstract.get(_val(num.find(qn("w:abstractNumId"))))
        if definition is None:
            continue
        for lvl in definition.findall(qn("w:lvl")):
            start = _val(lvl.find(qn("w:start"))) or "1"
            key = (int(num.get(qn("w:numId"))), int(lvl.get(qn("w:ilvl"), "0")))
            formats[key] = (_val(lvl.find(qn("w:numFmt"))) or "decimal", int(start))
    return formats


def _val(element: BaseOxmlElement | None) -> str | None:
    """The w:val attribute of an element that may be missing."""
    return None if element is None else element.get(qn("w:val"))


def _first(element: BaseOxmlElement, name: str) -> str | None:
    """w:val of ./w:pPr/w:numPr/w:<name> of a paragraph or style element."""
    values = element.xpath(f"./w:pPr/w:numPr/w:{name}/@w:val")
    return values[0] if values else None


def _style_value(style: ParagraphStyle | None, name: str) -> str | None:
    """The numbering value a paragraph style or the styles it is based on define."""
    while style is not None:
        if (value := _first(style.element, name)) is not None:
            return value
        style = style.base_style
    return None


def chinese_numeral(number: int) -> str:
    """1 → '一', 10 → '十', 21 → '二十一' (numbers from 100 stay in digits)."""
    if number < 10:
        return _DIGITS[max(number, 0)]
    if number >= 100:
        return str(number)
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
