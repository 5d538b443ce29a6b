"""Character classes, Chinese numerals and the failure type shared by the importer stages."""
from __future__ import annotations

import re
import unicodedata

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width punctuation and the curly quotes Chinese text uses.
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』—…·"
SENTENCE_END = "。！？!?"
CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMERAL = "一二三四五六七八九十"

_TRADITIONAL = set("們這個來時會說對開發為與國進團學習經過點體實現關當從還應該並將給議區黨")
_PINYIN_NOTE = re.compile(r"\((?:[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*)\)")


class ImportFailure(Exception):
    """A document that cannot be imported: the message is shown to the user in Chinese."""


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


def check_supported(text: str) -> None:
    """Refuse what this first version cannot convert faithfully (traditional or garbled text)."""
    pinyin = len(_PINYIN_NOTE.findall(text))
    traditional = sum(1 for c in text if c in _TRADITIONAL)
    if pinyin >= 5 or traditional >= 30:
        raise ImportFailure("文档为繁体字或夹杂拼音注音乱码，本版本暂不支持；请先转为简体、去掉注音后再导入")
