"""Traditional → simplified characters, pinyin annotations and mojibake that bad converters leave."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import opencc

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_SYLLABLE = rf"[a-zü]*[{_TONED}][a-zü]*"
# '團(tuán)': a character followed by its toned pinyin in brackets; the character is kept.
_PINYIN_NOTE = re.compile(rf"(?<=[\u3400-\u9fff])[(（]{_SYLLABLE}[)）]")
# '新?lián)?dāng)': the character itself was lost ('?') and only its pinyin is left; nothing can restore it.
# Private-use characters and U+FFFD are bytes a converter could not map: also lost characters.
_LOST_CHAR = re.compile(rf"[?？]{_SYLLABLE}[)）]?[\ue000-\uf8ff]?(?:[?？](?![a-zü{_TONED}]))?|[\ue000-\uf8ff\ufffd]")
_LOST_RUN = re.compile(rf"(?:{_LOST_CHAR.pattern})+")
MISSING = "□"  # the usual mark for an illegible character in a transcription


@dataclass(frozen=True)
class Script:
    """Text in simplified characters, and how much was changed to get there."""

    text: str
    converted: int = 0
    pinyin: int = 0
    lost: tuple[str, ...] = ()


@cache
def _converter() -> opencc.OpenCC:
    """OpenCC's traditional → simplified converter (its dictionaries load once)."""
    return opencc.OpenCC("t2s")


def normalise_script(text: str) -> Script:
    """Drop pinyin annotations, mark lost characters with □, convert traditional to simplified."""
    text, pinyin = _PINYIN_NOTE.subn("", text)
    lost = tuple(_context(text, m) for m in _LOST_RUN.finditer(text))
    text = _LOST_RUN.sub(lambda m: MISSING * len(_LOST_CHAR.findall(m.group(0))), text)
    simplified = to_simplified(text)
    converted = sum(1 for a, b in zip(text, simplified) if a != b)
    return Script(simplified, converted, pinyin, tuple(to_simplified(x) for x in lost))


def to_simplified(text: str) -> str:
    """Traditional characters as simplified ones; simplified text is returned unchanged."""
    return _converter().convert(text) if text else text


def _context(text: str, match: re.Match[str]) -> str:
    """A few characters around lost characters, marked with □, for the import log."""
    start, end = match.span()
    marks = MISSING * len(_LOST_CHAR.findall(match.group(0)))
    return f"…{text[max(0, start - 6):start]}{marks}{text[end:end + 6]}…".replace("\n", " ")
