"""Remove website noise (upload notices, page markers, related links) and re-join split chunks."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .common import SENTENCE_END, ZERO_WIDTH

_SITE_DATES = (
    re.compile(r"^-?\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*发布"),
    re.compile(r"上[传傳](?:时间|日期|時間)[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(?:发布|時|时)间[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})"),
)
# Whole lines that are website furniture, never report text.
_NOISE_LINES = re.compile(
    r"^-?\s*\d+(?:\.\d+)?\s*[KMG]B$"
    r"|^-?\s*\d{4}-\d{1,2}-\d{1,2}\s*发布$"
    r"|^-\s*\d+、本文档"
    r"|本文档由用户上传|版权归属|版权所有|版权争议|网站客服|客服QQ|ICP备|公网安备|由会员分享|文库上搜索"
    r"|^上传人[:：]|文档编号[:：]|^返回\s+下载"
    r"|第\s*\d+\s*页\s*/\s*共\s*\d+\s*页|_第\d+页$"
    r"|^(?:展开阅读全文|相关资源|相关搜索|相关文章|猜你喜欢|资源描述|点击查看更多|热门文章|电脑版|当前位置[:：])"
    r"|^\S{0,12}\s*时间[:：]\s*\d{4}-\d{1,2}-\d{1,2}\s*浏览"
    r"|^格式[:：]\s*DOC|小编[:：]|^【?本文地址[:：]|全文阅读已结束|^下载此文档$|^(?:上一篇|下一篇)[:：]"
    r"|^【(?:www\.|https?://)[^】]*】$"
)
# After these, a page lists other documents: drop the rest (only in the second half of a page).
_END_MARKERS = re.compile(r"^(?:展开阅读全文|相关资源|相关搜索|相关文章|猜你喜欢|热门文章)")
_INLINE_SITE = re.compile(r"【(?:www\.|https?://)[^】]*】")
_CHUNK = re.compile(r"^(\d{1,3})、(.*)$")


@dataclass(frozen=True)
class Cleaned:
    """The document's lines with noise removed ('' separates blocks) and the site's date, if any."""

    lines: list[str]
    site_date: dt.date | None


def clean_document(text: str) -> Cleaned:
    """Normalise whitespace, read the site's date, drop noise lines and re-join 金锄头-style chunks."""
    text = clean_whitespace(text)
    lines = text.split("\n")
    site_date = detect_site_date(lines)
    lines = clean_noise_lines(lines)
    lines = clean_chunks(lines)
    return Cleaned(lines, site_date)


def clean_whitespace(text: str) -> str:
    """Unix newlines, no BOM or zero-width characters, ideographic and no-break spaces as spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for char in ZERO_WIDTH:
        text = text.replace(char, "")
    return text.replace("\u3000", " ").replace("\xa0", " ")


def detect_site_date(lines: list[str]) -> dt.date | None:
    """The publish/upload date a website printed next to the document (a fallback only)."""
    for line in lines[:30]:
        for pattern in _SITE_DATES:
            if match := pattern.search(line):
                try:
                    return dt.date(*map(int, match.groups()))
                except ValueError:
                    continue
    return None


def clean_noise_lines(lines: list[str]) -> list[str]:
    """Drop website furniture lines; cut the related-links tail that follows the document."""
    kept: list[str] = []
    for index, raw in enumerate(lines):
        line = _INLINE_SITE.sub("", raw).strip()
        if _END_MARKERS.match(line) and index > len(lines) // 2:
            break
        if is_noise_line(raw):
            continue
        kept.append(line)
    while kept and not kept[0]:
        kept.pop(0)
    while kept and not kept[-1]:
        kept.pop()
    return kept


def is_noise_line(line: str) -> bool:
    """Whether a whole line is website furniture (upload notice, page marker, copyright, related links…), never report text."""
    text = _INLINE_SITE.sub("", line).strip()
    return bool(_NOISE_LINES.search(text)) or bool(line.strip() and not text)


def clean_chunks(lines: list[str]) -> list[str]:
    """Join the numbered chunks ('1、…', '2、…') some sites cut a document into, mid-sentence."""
    starts = _chunk_starts(lines)
    if not starts:
        return lines
    head = lines[: starts[0]]
    while head and not head[-1]:
        head.pop()
    pieces = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        chunk = [line for line in lines[start:end] if line]
        chunk[0] = _CHUNK.match(chunk[0]).group(2)  # type: ignore[union-attr]
        pieces.append("".join(chunk))
    return head + [""] * bool(head) + ["".join(pieces)]


def _chunk_starts(lines: list[str]) -> list[int]:
    """Indexes of chunk lines numbered 1, 2, 3… after blank lines, when they really cut sentences."""
    starts: list[int] = []
    for index, line in enumerate(lines):
        match = _CHUNK.match(line)
        if match and (index == 0 or not lines[index - 1]) and int(match.group(1)) == len(starts) + 1:
            starts.append(index)
    if len(starts) < 3:
        return []
    # A document's own numbered paragraphs end with full stops; site chunks mostly stop mid-sentence.
    ends = [next((line for line in reversed(lines[:i]) if line), "") for i in starts[1:]]
    cut = sum(1 for end in ends if end and end[-1] not in SENTENCE_END + "”；;")
    return starts if cut * 2 >= len(ends) else []
