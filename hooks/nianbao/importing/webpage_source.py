"""The HTML text of a saved web page: a .html/.htm file, or the page inside a single-file .mhtml/.mht archive."""
from __future__ import annotations

import codecs
import email
import email.policy
import re
from email.message import Message

from .common import ImportFailure
from .source import decode_text

_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Where browsers look for the declared encoding: a <meta charset>/http-equiv or an XML declaration near the start.
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_PRESCAN = 16384
# Labels whose real encoding is a superset (as browsers treat them): GB2312/GBK pages routinely use GB18030 characters.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030",
              "big5": "big5hkscs", "iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "utf-8", "ascii": "utf-8"}
_MIME_HEADER = re.compile(rb"^(?:[\w-]+:[^\n]*\n(?:[ \t][^\n]*\n)*)+", re.IGNORECASE)
_MULTIPART = re.compile(rb"^content-type:\s*multipart/", re.IGNORECASE | re.MULTILINE)


def page_html(data: bytes) -> str:
    """The decoded HTML of a saved page (.html/.htm, or the main page of an .mhtml/.mht); ImportFailure when unreadable."""
    if not data.strip():
        raise ImportFailure("文件是空的，没有可导入的网页内容")
    if is_mime(data):
        data, declared = mhtml_page(data)
    else:
        declared = None
    if b"\x00" in data[:_PRESCAN] and not data.startswith(_BOMS[1:]):
        raise ImportFailure("文件不是网页：含有二进制数据（可能是图片、压缩包或其他格式改了扩展名）；请在浏览器中重新“另存为”网页后再导入")
    return decode_page(data, declared)


def is_mime(data: bytes) -> bool:
    """Whether the file is a MIME archive (what browsers save as 'single file'), judged by its header lines."""
    header = _MIME_HEADER.match(data[:_PRESCAN].replace(b"\r\n", b"\n").lstrip())
    return bool(header and _MULTIPART.search(header.group(0)))


def mhtml_page(data: bytes) -> tuple[bytes, str | None]:
    """The main HTML page of an MHTML archive (transfer encoding undone) and the charset its part declares."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    part = _root_part(message)
    if part is None:
        raise ImportFailure("MHTML 文件中没有网页（text/html）部分，可能已损坏；请在浏览器中重新“另存为”后再导入")
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise ImportFailure("MHTML 文件中的网页部分是空的，可能已损坏；请在浏览器中重新“另存为”后再导入")
    return payload, part.get_content_charset()


def _root_part(message: Message) -> Message | None:
    """The part the archive names as its start (multipart/related 'start'), else its first HTML part."""
    parts = [p for p in message.walk() if not p.is_multipart()]
    start = message.get_param("start")
    if isinstance(start, str):
        for part in parts:
            if (part.get("Content-ID") or "").strip() == start.strip():
                return part
    return next((p for p in parts if p.get_content_type() == "text/html"), None)


def decode_page(data: bytes, declared: str | None = None) -> str:
    """Decode a page: a BOM decides, else the declared charset (MIME part, <meta>, XML), else UTF-8, else GB18030."""
    if not data.startswith(_BOMS):
        for label in (declared, *_declared_in(data)):
            if (codec := _codec(label)) is not None:
                try:
                    return data.decode(codec)
                except UnicodeDecodeError:
                    continue  # a wrong declaration (pages are often re-saved in another encoding): try the others
    try:
        return decode_text(data).text
    except ImportFailure as exc:
        raise ImportFailure(f"无法读取网页：{exc}") from None


def _declared_in(data: bytes) -> list[str]:
    """The encodings the page declares in its first bytes, in the order a browser would heed them."""
    head = data[:_PRESCAN]
    found = [m.group(1) for m in (_XML_ENCODING.match(head), *_META_CHARSET.finditer(head)) if m]
    return [label.decode("ascii") for label in found]


def _codec(label: str | None) -> str | None:
    """The Python codec for a charset label, None when unknown (or UTF-16 declared in an ASCII-readable page)."""
    if not label:
        return None
    name = _SUPERSETS.get(label.strip().lower(), label.strip().lower())
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return None if codec.startswith("utf-16") or codec.startswith("utf-32") else codec
