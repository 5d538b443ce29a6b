"""The searchable text of a report: its title, headings and body, taken from the rendered HTML."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .fold import SEPARATOR

_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_SKIP = re.compile(r"<(script|style|template)\b.*?</\1>", re.S | re.I)
_HEADING = re.compile(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>", re.S | re.I)
_BLOCK = re.compile(
    r"</?(?:p|div|li|ul|ol|dl|dt|dd|table|thead|tbody|tfoot|tr|td|th|caption|blockquote|pre|br|hr"
    r"|figure|figcaption|section|article|aside|details|summary|h[1-6])\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class DocText:
    """One report as searchable text: title, then headings, then body, blocks separated by SEPARATOR.

    Positions below `title_end` are in the title, below `head_end` in a heading, the rest in the body.
    """

    text: str
    title_end: int
    head_end: int

    def region(self, pos: int) -> int:
        """0 for the title, 1 for a heading, 2 for the body."""
        return 0 if pos < self.title_end else 1 if pos < self.head_end else 2


def clean_block(text: str) -> str:
    """Inline markup removed, entities decoded, runs of white space as one space."""
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def extract_blocks(content: str) -> tuple[list[str], list[str]]:
    """(headings, body blocks) of rendered report HTML, in reading order, without empty blocks."""
    content = _SKIP.sub("", _HEADERLINK.sub("", content))
    headings = [h for h in (clean_block(m) for m in _HEADING.findall(content)) if h]
    body = _BLOCK.sub(SEPARATOR, _HEADING.sub(SEPARATOR, content))
    blocks = [b for b in (clean_block(part) for part in body.split(SEPARATOR)) if b]
    return headings, blocks


def build_doc_text(title: str, summary: str | None, content: str) -> DocText:
    """The text the index holds for one report; `content` is the HTML of its Markdown body."""
    headings, blocks = extract_blocks(content)
    title = clean_block(html.escape(title))
    head = SEPARATOR.join(headings)
    body = SEPARATOR.join(([clean_block(html.escape(summary))] if summary else []) + blocks)
    return DocText(f"{title}{SEPARATOR}{head}{SEPARATOR}{body}", len(title), len(title) + 1 + len(head))
