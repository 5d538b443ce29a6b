"""Word automatic numbering: which list a paragraph is in, and the number or list marker it shows."""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .docx_package import qn
from .docx_styles import ParaStyle

# Number formats that count in Chinese characters; the importer writes them as 一、二、… whatever Word shows.
CHINESE_FORMATS = frozenset({
    "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital", "ideographTraditional",
    "ideographLegalTraditional", "japaneseCounting", "japaneseLegal", "japaneseDigitalTenThousand",
    "taiwaneseCounting", "taiwaneseCountingThousand", "taiwaneseDigital",
})
_LIST_STYLE = re.compile(r"^List (Bullet|Number)(?: ([2-9]))?$", re.IGNORECASE)
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

    def __init__(self, numbering: etree._Element | None) -> None:
        self._formats = read_formats(numbering) if numbering is not None else {}
        self._chinese: dict[tuple[int, int], int] = {}
        self._items: dict[int, int] = {}  # depth → position in the current run of list items
        self._run_id: int | None = None

    def find(self, paragraph: etree._Element, style: ParaStyle) -> Numbered | None:
        """The paragraph's own or its style's numbering; None when it is not numbered."""
        given = _first(paragraph, "w:numId") or style.num_id
        num_id = _number(given)
        level = min(_number(_first(paragraph, "w:ilvl") or style.ilvl), 8)
        named = next((m for name in style.names[:1] if (m := _LIST_STYLE.match(name))), None)
        depth = level + (int(named[2]) - 1 if named and named[2] else 0)
        fmt = self._formats.get((num_id, level), ("", 1))[0] if num_id else ""
        if not fmt and named and given != "0":  # a list style whose numbering is missing or broken
            fmt = "bullet" if named[1].lower() == "bullet" else "decimal"
        return Numbered(num_id, level, depth, fmt) if fmt and fmt != "none" else None

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


def read_formats(numbering: etree._Element) -> dict[tuple[int, int], tuple[str, int]]:
    """(numId, level) → (numFmt, start number) for every list defined in numbering.xml."""
    abstract = {a.get(qn("w:abstractNumId")): a for a in numbering.iter(qn("w:abstractNum"))}
    formats: dict[tuple[int, int], tuple[str, int]] = {}
    for num in numbering.iter(qn("w:num")):
        definition = abstract.get(_val(num.find(qn("w:abstractNumId"))))
        if definition is None:
            continue
        for lvl in definition.iter(qn("w:lvl")):
            key = (_number(num.get(qn("w:numId"))), _number(lvl.get(qn("w:ilvl"))))
            formats[key] = (_val(lvl.find(qn("w:numFmt"))) or "decimal", _number(_val(lvl.find(qn("w:start"))), 1))
    return formats


def _val(element: etree._Element | None) -> str | None:
    """The w:val attribute of an element that may be missing."""
    return None if element is None else element.get(qn("w:val"))


def _first(paragraph: etree._Element, name: str) -> str | None:
    """w:val of ./w:pPr/w:numPr/<name> of a paragraph."""
    return _val(paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn(name)}"))


def _number(value: str | None, default: int = 0) -> int:
    """A small non-negative whole number from an attribute; the default for a missing or broken one."""
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 6 else default


def chinese_numeral(number: int) -> str:
    """1 → '一', 10 → '十', 21 → '二十一' (numbers from 100 stay in digits)."""
    if number < 10:
        return _DIGITS[max(number, 0)]
    if number >= 100:
        return str(number)
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
