"""Stage one: a report body as sections (by its Markdown headings) and as clauses (by Chinese sentence punctuation)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .normalise import fold

_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_CN = "一二三四五六七八九十百零〇两"
# Numbering that leads a heading or an item: 一、 （一） (1) 1. 1、 1.2 ① 第一部分 第二章 …
NUMBERING = re.compile(
    rf"^[ \t]*(?:第[{_CN}\d]+(?:章|节|部分|篇|条|项)?[、.．:：]?|[{_CN}]{{1,3}}[、.．]|[（(][{_CN}\d]{{1,3}}[）)]|"
    rf"\d{{1,2}}(?:[.．]\d{{1,2}})*[.．、](?!\d)|\d{{1,2}}(?:[.．]\d{{1,2}})+(?=[ \t])|[\u2460-\u2473\u2776-\u277f])[ \t]*")
_EMPHASIS = re.compile(r"(?<!\\)[*_]{1,3}")
# Headings of the parts that look ahead (a summary's 'next year' part, a plan's tasks): the figures there are targets.
PLAN_WORDS = re.compile(r"思路|计划|打算|安排|要点|展望|下一步|下步|明年|(?:\d{4}|明)年[^，。]*目标")
_CLAUSE_END = re.compile(r"[。；！？;!?]+[”’」』）)\"']*[ \t]*\n*|\n+")


@dataclass(frozen=True)
class Section:
    """A heading and the Markdown up to the next heading of any level; level 0 is the text before the first heading."""

    index: int  # position among the report's sections
    level: int  # number of '#' marks; 0 for the lead text
    heading: str  # as written, without the '#' marks ('' for the lead)
    number: str  # its numbering ('一、', '（一）', '1.'), '' when none
    title: str  # the heading without numbering or emphasis marks
    text: str  # the section's own Markdown, without its heading and without subsections
    parents: tuple[str, ...]  # titles of the enclosing headings, outermost first
    start: int  # offset into the body of the heading line (of the text, for the lead)
    text_start: int  # offset into the body where `text` starts
    line: int  # file line of the heading (of the lead's first line)

    @property
    def end(self) -> int:
        """Offset into the body just after the section's text."""
        return self.text_start + len(self.text)


def split_sections(body: str, body_line: int = 1) -> tuple[Section, ...]:
    """The body's sections in order: a lead section (only when there is text before the first heading), then one per heading."""
    heads: list[tuple[int, int, int, str]] = []  # (line start, text start, level, heading)
    fence = ""
    at = 0
    for line in body.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        if fence:
            if stripped.strip().startswith(fence):
                fence = ""
        elif match := _FENCE.match(stripped):
            fence = match.group(1)
        elif match := _HEADING.match(stripped):
            heads.append((at, at + len(line), len(match.group(1)), (match.group(2) or "").strip()))
        at += len(line)
    sections: list[Section] = []
    first = heads[0][0] if heads else len(body)
    if body[:first].strip():
        lead_at = len(body[:first]) - len(body[:first].lstrip())
        line = body_line + body.count("\n", 0, lead_at)
        sections.append(Section(0, 0, "", "", "", body[lead_at:first].rstrip(), (), lead_at, lead_at, line))
    stack: list[tuple[int, str]] = []  # enclosing (level, title)
    for k, (start, text_start, level, heading) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(body)
        number, title = split_number(heading)
        while stack and stack[-1][0] >= level:
            stack.pop()
        text = body[text_start:end]
        lead = len(text) - len(text.lstrip())
        sections.append(Section(len(sections), level, heading, number, title, text.strip(), tuple(t for _, t in stack),
                                start, text_start + lead, body_line + body.count("\n", 0, start)))
        stack.append((level, title))
    return tuple(sections)


def split_number(heading: str) -> tuple[str, str]:
    """('一、', '2021年工作成绩') from '一、2021年工作成绩'; emphasis marks around either are dropped."""
    plain = _EMPHASIS.sub("", heading).strip()
    match = NUMBERING.match(plain)
    if not match or match.end() == len(plain):
        return "", plain
    return match.group(0).strip(), plain[match.end():].strip()


def is_plan_section(section: Section) -> bool:
    """Whether the section or an enclosing heading announces plans (思路, 计划, 打算, 下一步 …)."""
    return any(PLAN_WORDS.search(title) for title in (*section.parents, section.title))


def title_key(title: str, year: int | None = None) -> str:
    """A heading for matching: normalised, numbering and punctuation dropped, years relative to the report's ('Y+1年')."""
    def relative(match: re.Match[str]) -> str:
        if year is None:
            return "Y"
        offset = int(match.group(0)) - year
        return f"Y{'p' if offset > 0 else 'm'}{abs(offset)}" if offset else "Y"
    text = re.sub(r"(?<!\d)(?:19|20)\d\d(?!\d)", relative, split_number(title)[1])
    return re.sub(r"[^\w]", "", fold(text))


def split_clauses(text: str) -> list[str]:
    """`text` cut after each 。；！？ (with closing quotes) and at line breaks; joined they give `text` back."""
    clauses: list[str] = []
    at = 0
    for match in _CLAUSE_END.finditer(text):
        piece = text[at:match.end()]
        if clauses and not piece.strip():
            clauses[-1] += piece
        else:
            clauses.append(piece)
        at = match.end()
    if at < len(text):
        rest = text[at:]
        if clauses and not rest.strip():
            clauses[-1] += rest
        else:
            clauses.append(rest)
    return clauses
