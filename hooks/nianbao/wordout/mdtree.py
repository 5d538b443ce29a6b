"""Report Markdown as Python-Markdown's element tree (the site's extensions), with its placeholders resolved to text."""
from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import markdown
from markdown.extensions.footnotes import FN_BACKLINK_TEXT, NBSP_PLACEHOLDER

# The site's extensions (mkdocs.yml) but toc: heading ids and permalinks mean nothing in Word.
EXTENSIONS = ("attr_list", "tables", "footnotes", "fenced_code")
_STASHED = re.compile("\x02wzxhzdk:(\\d+)\x03")
_AMP = "\x02amp\x03"  # an '&' Python-Markdown hides until it serialises (obfuscated e-mail addresses)
_MARKERS = re.compile("\x02[^\x02\x03]*\x03")
_BREAK_TAG = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
_LATIN = re.compile(r"[A-Za-z0-9]")
_HARD_BREAK = "\ue000"  # a raw <br> until soft line breaks are joined


@dataclass(frozen=True)
class Tree:
    """A parsed body: the root element and the raw HTML Python-Markdown set aside (placeholders in the text point to it)."""

    root: ET.Element
    stash: tuple[str, ...]

    def text(self, value: str | None) -> str:
        """Text as the reader sees it: entities decoded, inline HTML tags dropped (a <br> is a line break), soft line
        breaks joined the way Chinese text is (a space only between two Latin words)."""
        if not value:
            return ""
        if "\x02" in value:
            value = _STASHED.sub(lambda m: self._inline_html(int(m[1])), value)
            value = html.unescape(value.replace(_AMP, "&")) if _AMP in value else value
            value = _MARKERS.sub("", value.replace(NBSP_PLACEHOLDER, "").replace(FN_BACKLINK_TEXT, ""))
        if "\n" in value:
            value = join_lines(value)
        return value.replace(_HARD_BREAK, "\n")

    def raw_block(self, element: ET.Element) -> str | None:
        """The raw HTML a paragraph stands for, when it is only a placeholder; else None."""
        match = _STASHED.fullmatch((element.text or "").strip()) if len(element) == 0 else None
        return self.stash[int(match[1])] if match else None

    def _inline_html(self, index: int) -> str:
        """Inline raw HTML as text: an entity is its character, a line break a newline, a tag nothing."""
        raw = self.stash[index] if index < len(self.stash) else ""
        if raw.startswith("&"):
            return html.unescape(raw)
        return _HARD_BREAK if _BREAK_TAG.match(raw.strip()) else ""


def join_lines(text: str) -> str:
    """Soft line breaks removed: a space stays only between two Latin letters or digits."""
    lines = text.split("\n")
    out = lines[0]
    for line in lines[1:]:
        line = line.lstrip()
        out = out.rstrip()
        space = " " if out and line and _LATIN.match(out[-1]) and _LATIN.match(line[0]) else ""
        out += space + line
    return out


@functools.cache
def _markdown() -> markdown.Markdown:
    """One converter per process, reset before each body (building it takes longer than parsing a report)."""
    md = markdown.Markdown(extensions=list(EXTENSIONS))
    md.treeprocessors.deregister("prettify")  # it only adds newlines for the HTML serialiser
    return md


_reused: dict[str, Tree] | None = None  # body → its tree, inside reuse_trees()


@contextmanager
def reuse_trees() -> Iterator[None]:
    """Within the block each body is parsed once (a report's file, then its year's compilation); the trees are only read."""
    global _reused
    outer, _reused = _reused, {} if _reused is None else _reused
    try:
        yield
    finally:
        _reused = outer


def build_tree(body: str) -> Tree:
    """Parse a report body the way Markdown.convert does, stopping before it serialises the tree to HTML."""
    if _reused is not None:
        if body not in _reused:
            _reused[body] = _parse(body)
        return _reused[body]
    return _parse(body)


def _parse(body: str) -> Tree:
    """build_tree without reuse."""
    md = _markdown()
    md.reset()
    lines = body.split("\n")
    for preprocessor in md.preprocessors:
        lines = preprocessor.run(lines)
    root = md.parser.parseDocument(lines).getroot()
    for treeprocessor in md.treeprocessors:
        replaced = treeprocessor.run(root)
        if replaced is not None:
            root = replaced
    return Tree(root, tuple(md.htmlStash.rawHtmlBlocks))
