"""Read a text file in whatever encoding Chinese Windows and websites produce, without mangling it."""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from .common import ImportFailure
from .office import OFFICE_SUFFIXES

TEXT_SUFFIXES = (".txt", ".md")
WEB_SUFFIXES = (".html", ".htm", ".mhtml", ".mht")
SUFFIXES = (".docx", *OFFICE_SUFFIXES, ".pdf", *WEB_SUFFIXES, *TEXT_SUFFIXES)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8（带 BOM）"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
         (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))
_HANZI = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Source:
    """The decoded text of a file and the name of the encoding it was in (shown in the import log)."""

    text: str
    encoding: str


def check_suffix(path: Path) -> None:
    """Refuse file types the importer cannot read, naming the ones it can."""
    if path.suffix.lower() not in SUFFIXES:
        raise ImportFailure(f"不支持 {path.suffix or '无扩展名'} 文件；可以导入 {'、'.join(SUFFIXES)}")
    if not path.is_file():
        raise ImportFailure("找不到文件" if not path.exists() else "不是文件")


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or an ImportFailure that says why they cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportFailure(f"无法读取文件：{exc.strerror or exc}") from None


def read_text(path: Path) -> Source:
    """A .txt/.md file decoded: a BOM decides, else UTF-8, else GB18030 (which covers GBK and GB2312)."""
    return decode_text(read_bytes(path))


def decode_text(data: bytes) -> Source:
    """Decode bytes strictly; refuse rather than guess when no encoding gives plausible Chinese text."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return Source(_decode(data, codec, name), name)
    try:
        return Source(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ImportFailure("无法识别文件编码：既不是 UTF-8，也不是 GBK/GB18030；请用记事本“另存为”UTF-8 后再导入") from None
    if not is_plausible(text):
        raise ImportFailure("无法识别文件编码：按 GBK/GB18030 解码后多为生僻字符，可能是 Big5 等其他编码；请另存为 UTF-8 后再导入")
    return Source(text, "GBK/GB18030")


def _decode(data: bytes, codec: str, name: str) -> str:
    """Strictly decode data whose BOM names its codec."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ImportFailure(f"文件标明为 {name} 编码，但第 {exc.start} 字节处不是有效的 {name}；请重新另存后再导入") from None


def is_plausible(text: str) -> bool:
    """Whether the Chinese characters are mostly common ones (GB2312 level 1), as in any real report.

    Text in another encoding (Big5) read as GBK still decodes, but into rare characters.
    """
    hanzi = _HANZI.findall(text[:20000])
    return not hanzi or sum(map(_is_common, hanzi)) >= 0.8 * len(hanzi)


def _is_common(char: str) -> bool:
    """Whether a character is among GB2312's 3,755 most common (level 1: lead bytes 0xB0–0xD7)."""
    try:
        return 0xB0 <= char.encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False
