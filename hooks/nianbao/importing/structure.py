"""Find the document's headings (一、 / （一） / 1. / （1） / ——), even mid-line, and render Markdown."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .common import CN_NUMERAL, cn_number

# (level, pattern) at the start of a text; group 1 is the number.
MARKERS = (
    (2, re.compile(rf"([{CN_NUMERAL}]{{1,3}})、")),
    (3, re.compile(rf"[（(]([{CN_NUMERAL}]{{1,3}})[）)]")),
    (4, re.compile(r"(\d{1,2})[.．、](?![\d.．%])")),
    (5, re.compile(r"[（(](\d{1,2})[）)]")),
)
_MIDLINE = re.compile(rf"[{CN_NUMERAL}]{{1,3}}、|[（(][{CN_NUMERAL}]{{1,3}}[）)]|\d{{1,2}}[.．](?![\d.．%])")
# What may stand right before a heading that lost its line break.
_BEFORE = {2: "。！？：；”", 3: "。！？：”", 4: "。！？"}
_STOP = re.compile(r"[。！？；：]")
_DEEPER = re.compile(rf"[（(][{CN_NUMERAL}\d]{{1,3}}[）)]|(?<![\d.．])\d{{1,2}}[.．](?![\d.．%])")
# Words that open the body text right after a run-together heading.
_OPENER = re.compile(r"一是|今年以来|近年来|近几年来?|\d{4}年以来")
# Words run-together headings end on; only used when nothing better separates heading and body.
_FINAL_WORDS = re.compile(r"工作|学习|活动|大赛|竞赛|作用|权益|机制|水平|能力|活力|稳定|吸引力|创造性|建设")
LIMITS = {2: 45, 3: 50, 4: 25, 5: 25}


@dataclass(frozen=True)
class Block:
    """A heading (level 2–6) or a paragraph, list item or table (level 0) of the report body."""

    text: str  # always plain text: the later stages search it for names, years and figures
    level: int = 0
    guessed: bool = False  # the heading/body boundary was inferred, a human should check it
    markdown: str = ""  # pre-rendered Markdown (bold, list marker, table) used instead of escaping `text`
    tight: bool = False  # a list item: joined to a following list item without a blank line


@dataclass(frozen=True)
class Extracted:
    """What a structured reader (Word file, web page) found: title, body blocks, files the body links, notes for the log."""

    title: str
    blocks: list[Block]
    attachments: Mapping[str, bytes] = field(default_factory=dict)  # name → content; the body links each as ](name)
    notes: list[str] = field(default_factory=list)  # what the log should say about the file (dropped links …)
    text: str = ""  # instead of blocks: a document with no markup of its own, as lines of pasted text (title first)

    @property
    def plain(self) -> bool:
        """Whether the document carries nothing but plain paragraphs, i.e. no more than its pasted text would."""
        return bool(self.text) or not (self.attachments or any(b.level or b.markdown for b in self.blocks))


@dataclass
class _State:
    """Numbering seen so far, to accept mid-line markers only when they continue the sequence."""

    next_l2: int = 1
    last_l3: int = 0
    last_l4: int = 0
    last_level: int = 1
    dash_headings: bool = False
    blocks: list[Block] = field(default_factory=list)
    # Marker level → the heading level its first heading got: siblings ('（一）', '（二）') keep one level.
    sibling_levels: dict[int, int] = field(default_factory=dict)


def build_blocks(paragraphs: list[str]) -> list[Block]:
    """Split paragraphs into headings and paragraphs, in document order."""
    state = _State(dash_headings=_has_dash_headings(paragraphs))
    for paragraph in paragraphs:
        text, fresh = paragraph, True
        while text:
            text, fresh = _consume(text, state, fresh), False
    return state.blocks


class Outline:
    """Headings seen so far in a document whose paragraph breaks are real (a Word file), read one paragraph at a time."""

    def __init__(self, paragraphs: list[str]) -> None:
        self._state = _State(dash_headings=_has_dash_headings(paragraphs))

    def numbered_heading(self, text: str) -> tuple[Block, str] | None:
        """The heading a paragraph starts with by its numbering (一、/（一）/1./（1）) and the text after it, or None."""
        if found := build_heading(text, self._state):
            _advance(found[0], self._state)
        return found

    def styled_heading(self, text: str, level: int) -> Block:
        """A heading marked by its style, at most one level below the previous heading."""
        block = Block(text, min(level, self._state.last_level + 1))
        _advance(block, self._state)
        return block


def _has_dash_headings(paragraphs: list[str]) -> bool:
    """Whether '——' leads are the document's headings (only when it has several)."""
    return sum(p.startswith("——") for p in paragraphs) >= 2


def _consume(text: str, state: _State, fresh: bool) -> str:
    """Emit the heading or paragraph `text` starts with; return what is left."""
    # Guessing where a heading ends is only for text whose line breaks were lost (not `fresh`).
    if found := build_heading(text, state, guess=not fresh):
        block, rest = found
        _record(block, state)
        return rest.strip()
    cut = _next_midline(text, state)
    state.blocks.append(Block(text[:cut].strip()))
    return text[cut:].strip()


def build_heading(text: str, state: _State, guess: bool = False) -> tuple[Block, str] | None:
    """The heading `text` starts with and the text after it, or None."""
    if text.startswith("——") and state.dash_headings:
        match = _STOP.search(text)
        if match and match.group(0) == "。" and match.start() <= LIMITS[3]:
            return Block(text[2:match.start()], min(3, state.last_level + 1)), text[match.end():]
        return None
    for level, pattern in MARKERS:
        if match := pattern.match(text):
            if (end := heading_end(text, level, match.end(), guess)) is None:
                return None
            head, rest, guessed = end
            shown = state.sibling_levels.get(level) or min(level, state.last_level + 1)
            return Block(head.rstrip("：:，,"), shown, guessed), rest
    return None


def heading_end(text: str, level: int, start: int, guess: bool = False) -> tuple[str, str, bool] | None:
    """(heading, rest, guessed) for a marker ending at `start`; None when it is just a numbered paragraph."""
    limit = LIMITS[level]
    stop = _STOP.search(text, start)
    deeper = _DEEPER.search(text, start + 2)
    opener = _OPENER.search(text, start + 4)
    candidates = [(m.start(), kind, m) for kind, m in (("stop", stop), ("deeper", deeper), ("opener", opener)) if m]
    if candidates:
        pos, kind, match = min(candidates, key=lambda c: c[0])
        if pos - start <= limit:
            rest = text[match.end():] if kind == "stop" else text[pos:]
            return text[:pos], rest, kind == "opener"
    if stop is None and len(text) - start <= limit:
        return text, "", False
    if guess and level <= 3 and (pos := _final_word_end(text, start, limit)):
        return text[:pos], text[pos:], True
    return None


def _final_word_end(text: str, start: int, limit: int) -> int | None:
    """Where a run-together heading most likely ends: after its first typical final word."""
    comma = text.find("，", start)
    if 0 <= comma - start <= 20:
        start = comma + 1  # two-part headings: '…，…' — the end is in the second part
    for match in _FINAL_WORDS.finditer(text, start, start + limit):
        if match.end() - start >= 4 or comma >= 0:
            return match.end()
    return None


def _next_midline(text: str, state: _State) -> int:
    """Where the next heading that lost its line break starts in `text` (len(text) if none)."""
    for match in _MIDLINE.finditer(text, 1):
        token = match.group(0)
        level = 2 if token.endswith("、") else 3 if token[0] in "（(" else 4
        if text[match.start() - 1] not in _BEFORE[level]:
            continue
        number = cn_number(token.strip("（()）、.．"))
        if level == 2 and number != state.next_l2:
            continue
        if level == 3 and number not in (state.last_l3, state.last_l3 + 1):
            continue
        if level == 4 and number != state.last_l4 + 1:
            continue
        return match.start()
    return len(text)


def _record(block: Block, state: _State) -> None:
    """Add a heading and advance the numbering it belongs to."""
    state.blocks.append(block)
    _advance(block, state)


def _advance(block: Block, state: _State) -> None:
    """Advance the heading level and the numbering a heading belongs to."""
    state.last_level = block.level
    level, number = _marker_of(block.text)
    if level:
        state.sibling_levels = {m: shown for m, shown in state.sibling_levels.items() if m < level} | {level: block.level}
    if level == 2:
        state.next_l2, state.last_l3, state.last_l4 = (number or state.next_l2) + 1, 0, 0
    elif level == 3:
        state.last_l3, state.last_l4 = number or 0, 0
    elif level == 4:
        state.last_l4 = number or 0


def _marker_of(heading: str) -> tuple[int, int | None]:
    """The marker level and number of a heading ('（三）…' → (3, 3)); (0, None) when unnumbered."""
    for level, pattern in MARKERS:
        if match := pattern.match(heading):
            return level, cn_number(match.group(1))
    return 0, None


_ESCAPE = re.compile(r"([\\`*_\[\]{}>#|])")


def render_markdown(blocks: list[Block]) -> str:
    """The Markdown body: one line per heading or paragraph, blank lines between (none between list items)."""
    parts: list[str] = []
    previous: Block | None = None
    for block in (b for b in blocks if b.text):
        if previous and previous.tight and block.tight and _other_list_same_level(previous, block):
            parts.append("\n\n<!-- -->\n\n")  # Python-Markdown would merge a bullet list and a numbered list into one
        elif previous:
            parts.append("\n" if previous.tight and block.tight else "\n\n")
        parts.append(("#" * block.level + " " if block.level else "") + (block.markdown or render_text(block.text)))
        previous = block
    return "".join(parts) + "\n"


def _other_list_same_level(first: Block, second: Block) -> bool:
    """Whether two adjacent list items start a numbered list after a bullet one (or the reverse) at the same depth."""
    (depth, numbered), (depth_2, numbered_2) = _list_kind(first), _list_kind(second)
    return depth == depth_2 and numbered != numbered_2


def _list_kind(block: Block) -> tuple[int, bool]:
    """A list item's nesting (its indent) and whether its list is numbered."""
    indent = len(block.markdown) - len(block.markdown.lstrip(" "))
    return indent, bool(re.match(r"\s*\d+\.", block.markdown))


def render_text(text: str) -> str:
    """Text as literal Markdown: '**市' must not turn bold, '<' must not open HTML, '{: …}' must not set attributes."""
    return _ESCAPE.sub(r"\\\1", text).replace("<", "&lt;")
