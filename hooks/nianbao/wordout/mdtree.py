"""Report Markdown as Python-Markdown's element tree (the site's extensions), with its placeholders resolved to text."""
from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator

import markdown
from markdown.extensions.footnotes import FN_BACKLINK_TEXT, NBSP_PLACEHOLDER
from markdown.blockprocessors import BlockProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

# The site's extensions (mkdocs.yml) but toc: heading ids and permalinks mean nothing in Word.
EXTENSIONS = ("attr_list", "tables", "footnotes", "fenced_code")
_STASHED = re.compile("\x02wzxhzdk:(\\d+)\x03")
_AMP = "\x02amp\x03"  # an '&' Python-Markdown hides until it serialises (obfuscated e-mail addresses)
_MARKERS = re.compile("\x02[^\x02\x03]*\x03")
_BREAK_TAG = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
_LATIN = re.compile(r"[A-Za-z0-9]")
_HARD_BREAK = "\ue000"  # a raw <br> until soft line breaks are joined
# Where an inline pattern of EXTENSIONS can start (code, escape, links, images, footnotes, autolinks, HTML, entities,
# emphasis, a hard line break): text without any of them comes out of the inline processor as it went in.
# What can make a block anything but a paragraph (EXTENSIONS' block processors): a table's pipe, an indented or empty
# line, a line opening a heading, setext underline, rule, list, quote, footnote or reference, a numbered list's start.
_BLOCK_SYNTAX = re.compile(r"\||^[\s#>*+=_\[-]|\A\d+\.", re.MULTILINE)
_INLINE_SYNTAX = re.compile(r"[\\`\[!<&*_]|  \n")
# What the body must hold (one of) for each inline pattern to match anywhere; a pattern not named here always runs.
_PATTERN_MARKS = {"backtick": ("`",), "escape": ("\\",), "footnote": ("[",), "reference": ("[",), "link": ("[",),
                  "image_link": ("[",), "image_reference": ("[",), "short_reference": ("[",), "short_image_ref": ("[",),
                  "autolink": ("<",), "automail": ("<",), "linebreak": ("  \n",), "html": ("<",), "entity": ("&",),
                  "em_strong": ("*", "_"), "em_strong2": ("_",)}
# Tree processors that change nothing in a body without this character: attribute lists, backslash escapes.
_ONLY_WITH = {"attr_list": "{", "unescape": "\\"}


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
        text = element.text
        match = _STASHED.fullmatch(text.strip()) if text and "\x02" in text and len(element) == 0 else None
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
def _markdown() -> tuple[markdown.Markdown, tuple[Treeprocessor, ...]]:
    """One converter per process, reset before each body (building it takes longer than parsing a report), and its
    tree processors in order."""
    md = markdown.Markdown(extensions=list(EXTENSIONS))
    md.treeprocessors.deregister("prettify")  # it only adds newlines for the HTML serialiser
    blocks = md.parser.blockprocessors
    blocks.register(_PlainParagraph(md.parser, blocks["paragraph"]), "plain", 1000)
    # A Registry sorts itself on every iteration and lookup, which the parse does for each block and inline pattern:
    # the parser and the inline processor walk fixed tuples of the same processors instead.
    md.parser.blockprocessors = tuple(blocks)  # type: ignore[assignment]
    return md, tuple(md.treeprocessors)


@functools.cache
def _inline_patterns() -> tuple[tuple[object, tuple[str, ...] | None], ...]:
    """Each inline pattern in order, with the characters one of which it needs (None: always applied)."""
    patterns = _markdown()[0].inlinePatterns
    marks = {id(patterns[name]): mark for name, mark in _PATTERN_MARKS.items() if name in patterns}
    return tuple((pattern, marks.get(id(pattern))) for pattern in patterns)


def _patterns_for(body: str) -> tuple[object, ...]:
    """The inline patterns that can match somewhere in the (preprocessed) body, in order: one that cannot is a no-op."""
    return tuple(pattern for pattern, marks in _inline_patterns() if marks is None or any(mark in body for mark in marks))


class _PlainParagraph(BlockProcessor):
    """A block no other processor would take goes straight to the paragraph processor (the others' tests are most of
    the block parse: each searches the whole block)."""

    def __init__(self, parser: markdown.blockparser.BlockParser, paragraph: BlockProcessor) -> None:
        super().__init__(parser)
        self.paragraph = paragraph

    def test(self, parent: ET.Element, block: str) -> bool:
        """Whether the block is plain text."""
        return bool(block) and not _BLOCK_SYNTAX.search(block)

    def run(self, parent: ET.Element, blocks: list[str]) -> bool | None:
        """What the paragraph processor does with it (a tight list item's text stays in the item)."""
        return self.paragraph.run(parent, blocks)


_reused: dict[object, Any] | None = None  # body → its tree (and what scope_memo's users keep), inside reuse_trees()


@contextmanager
def reuse_trees() -> Iterator[None]:
    """Within the block each body is parsed once (a report's file, then its year's compilation); the trees are only read."""
    global _reused
    outer, _reused = _reused, {} if _reused is None else _reused
    try:
        yield
    finally:
        _reused = outer


def scope_memo() -> dict[object, Any] | None:
    """Inside reuse_trees(), a dict for what else is worth keeping with the trees (forgotten with them); None outside."""
    return _reused


def build_tree(body: str) -> Tree:
    """Parse a report body the way Markdown.convert does, stopping before it serialises the tree to HTML."""
    if _reused is not None:
        if body not in _reused:
            _reused[body] = _parse(body)
        return _reused[body]
    return _parse(body)


def _parse(body: str) -> Tree:
    """build_tree without reuse."""
    md, treeprocessors = _markdown()
    md.reset()
    lines = body.split("\n")
    for preprocessor in md.preprocessors:
        lines = preprocessor.run(lines)
    text = "\n".join(lines)  # what the parser reads: raw HTML and fenced code are set aside, tabs expanded
    md.treeprocessors["inline"].inlinePatterns = _patterns_for(text)  # type: ignore[attr-defined]
    root = md.parser.parseDocument(lines).getroot()
    _skip_plain_text(root)
    idle = [md.treeprocessors[name] for name, mark in _ONLY_WITH.items() if mark not in text]
    for treeprocessor in treeprocessors:
        if treeprocessor in idle:
            continue
        replaced = treeprocessor.run(root)
        if replaced is not None:
            root = replaced
    return Tree(root, tuple(md.htmlStash.rawHtmlBlocks))


def _skip_plain_text(root: ET.Element) -> None:
    """Mark text without inline syntax atomic, so the inline processor (most of the parse) passes it by unchanged."""
    for element in root.iter():
        text, tail = element.text, element.tail
        if text and type(text) is str and not _INLINE_SYNTAX.search(text):
            element.text = AtomicString(text)
        if tail and type(tail) is str and not _INLINE_SYNTAX.search(tail):
            element.tail = AtomicString(tail)
