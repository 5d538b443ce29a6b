"""Word fields (w:fldChar … w:instrText … w:fldChar, w:fldSimple): which text is a field's result and shows, and its link."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

# Fields whose result is generated from the document itself: a table of contents (or index) is not body text.
HIDDEN = frozenset({"TOC", "INDEX", "TOA"})
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


@dataclass
class _Field:
    """One open complex field: its instruction so far and whether its result (after the separator) is being read."""

    code: list[str] = field(default_factory=list)
    shown: bool = False
    kind: str = ""
    link: str = ""


class Fields:
    """The complex fields open at this point of the text; they may span runs, paragraphs and tables."""

    def __init__(self, link: Callable[[str], str]) -> None:
        self._link = link  # the http(s) address a HYPERLINK target links to ('' for none)
        self._open: list[_Field] = []
        self.visible = True  # whether text here shows: outside any field's instruction and any generated contents
        self.address = ""  # the address of the innermost hyperlink field whose result this is

    def char(self, kind: str | None) -> None:
        """A w:fldChar: a field begins, its result begins, or it ends (unbalanced ones are ignored)."""
        if kind == "begin":
            self._open.append(_Field())
        elif kind == "separate" and self._open and not self._open[-1].shown:
            current = self._open[-1]
            current.shown = True
            current.kind, target = parse_instruction("".join(current.code))
            current.link = self._link(target) if current.kind == "HYPERLINK" else ""
        elif kind == "end" and self._open:
            self._open.pop()
        self.visible = all(f.shown and f.kind not in HIDDEN for f in self._open)
        self.address = next((f.link for f in reversed(self._open) if f.link), "")

    def instruction(self, text: str) -> None:
        """Text of a w:instrText: part of the instruction of the field being defined."""
        if self._open and not self._open[-1].shown:
            self._open[-1].code.append(text)


def parse_instruction(code: str) -> tuple[str, str]:
    """('HYPERLINK', 'https://…') of 'HYPERLINK "https://…" \\o "tip"': the field's kind and first plain argument."""
    tokens = [(m[1], False) if m[1] is not None else (m[2], True) for m in _TOKEN.finditer(code)]
    if not tokens:
        return "", ""
    kind = tokens[0][0].upper()
    after_switch = False
    for text, bare in tokens[1:]:
        switch = bare and text.startswith("\\")
        if not switch and not after_switch:
            return kind, text
        after_switch = switch
    return kind, ""
