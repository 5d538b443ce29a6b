"""Character classes, Chinese numerals and the failure type shared by the importer stages."""
from __future__ import annotations

import unicodedata

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width punctuation and the curly quotes Chinese text uses.
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』—…·"
SENTENCE_END = "。！？!?"
CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMERAL = "一二三四五六七八九十"
ZERO_WIDTH = "\ufeff\u200b\u200c\u200d\u2060"  # BOM and zero-width characters: never part of the text


def line_joiner(before: str, after: str) -> str:
    """What joins two wrapped lines: a space only between two Latin words; Chinese lines join directly."""
    latin = before[-1:].isascii() and before[-1:].isalnum() and after[:1].isascii() and after[:1].isalnum()
    return " " if latin else ""



class ImportFailure(Exception):
    """A document that cannot be imported: the message is shown to the user in Chinese."""


class UnknownOrg(ImportFailure):
    """A report that names no organisation at all (a fallback org may still apply)."""


def display_width(text: str) -> int:
    """Columns the text takes in a fixed-width layout (CJK counts double)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cn_number(text: str) -> int | None:
    """'九十' → 90, '一百' → 100, '二〇二二' → 2022, '90' → 90; None when not a number."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if text and all(c in CN_DIGITS for c in text):
        return int("".join(str(CN_DIGITS[c]) for c in text))
    total, current = 0, 0
    for char in text:
        if char in CN_DIGITS:
            current = CN_DIGITS[char]
        elif char in "十百":
            total += (current or 1) * (10 if char == "十" else 100)
            current = 0
        else:
            return None
    return total + current
