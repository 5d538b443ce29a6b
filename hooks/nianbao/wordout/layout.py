"""The GB/T 9704-2012 page, type sizes and fonts of the Word documents, in Word's units (twips, half-points, EMU)."""
from __future__ import annotations

import functools
import math
import unicodedata


def twips(mm: float) -> int:
    """Millimetres in twips (1/1440 inch)."""
    return round(mm * 1440 / 25.4)


EMU_PER_TWIP = 635

PAGE_WIDTH, PAGE_HEIGHT = twips(210), twips(297)  # A4
TOP, BOTTOM, LEFT, RIGHT = twips(37), twips(35), twips(28), twips(26)
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT  # 156 mm
TEXT_HEIGHT = PAGE_HEIGHT - TOP - BOTTOM  # 225 mm
LINES, CHARS = 22, 28
# 22 lines must fit the text block: Word fits floor(height / pitch) lines, and 580 would leave room for only 21.
LINE_PITCH = TEXT_HEIGHT // LINES  # 579 twips, 28.95 pt
# Word's character pitch is the Normal font size plus charSpace/4096 pt; 28 of them must fit the width, rounding down.
BODY_PT = 16
CHAR_SPACE = math.floor((TEXT_WIDTH / 20 / CHARS - BODY_PT) * 4096)  # -842
CHAR_PITCH = round((BODY_PT + CHAR_SPACE / 4096) * 20)  # one grid character in twips (316)
# The page number's line box starts 7 mm below the text block (as print.css places it): its exact height is 20 pt.
FOOTER_LINE = 400
FOOTER = twips(35 - 7) - FOOTER_LINE

# Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt.
SIZE_2, SIZE_3, SIZE_4, SIZE_SMALL_4 = 44, 32, 28, 24
SMALL_LINE = 360  # table and footnote text: 18 pt exact, off the 22-line grid

XIAOBIAOSONG = "方正小标宋简体"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"

# The font table: (alternative name, PANOSE, family, pitch). Word looks a missing font up by its altName and then
# by PANOSE within the GB2312 charset, so the fonts Windows lacks are given the name and PANOSE of the font of their
# class that it ships: 方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体. LibreOffice reads neither and
# asks fontconfig for a substitute.
_SONG = ("02010600030101010101", "auto", "variable")
_FIXED = ("02010609060101010101", "modern", "fixed")
FONTS = {
    XIAOBIAOSONG: ("宋体", *_SONG),
    SONGTI: ("SimSun", *_SONG),
    FANGSONG: ("仿宋", *_FIXED),
    "仿宋": ("FangSong", *_FIXED),
    HEITI: ("SimHei", *_FIXED),
    KAITI: ("楷体", *_FIXED),
    "楷体": ("KaiTi", *_FIXED),
}


def text_width(text: str) -> float:
    """The width of text in full-width characters: CJK and full-width count 1, everything else ½."""
    return sum(map(_char_width, text))


@functools.cache
def _char_width(char: str) -> float:
    """1 for a wide or full-width character, else ½."""
    return 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.5


def indent(chars: float) -> dict[str, str]:
    """w:ind attributes for a first-line indent of `chars` grid characters (Word reads *Chars, LibreOffice twips)."""
    return {"firstLine": str(round(chars * CHAR_PITCH)), "firstLineChars": str(round(chars * 100))}


LIST_HANGING = 474  # a list number hangs 1½ characters left of its item's text


def list_indent(level: int) -> int:
    """The left edge of a list item's text: its number starts two characters further in per level, from two."""
    return 2 * CHAR_PITCH * (level + 1) + LIST_HANGING
