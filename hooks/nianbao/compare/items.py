"""The items of a plan (its headings, numbered paragraphs and 一是/二是 enumerations) and the passages of a summary."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .normalise import line_at
from .sections import NUMBERING, Section, is_plan_section, split_clauses, split_number, split_sections

_CN = "一二三四五六七八九十"
# 一是 / 二要 / 第三， at the start of a paragraph or right after a sentence or colon
_ENUM = re.compile(rf"(?:^|(?<=[。；;：:！？!?”]))[ \t]*(?:\*\*)?(?:([{_CN}]{{1,3}})[是要]|第([{_CN}]{{1,3}})[，,、])")
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]+)*")
_LIST_MARK = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+")
_LEADING = re.compile(r"[ \t]*(?:\*\*|__)?")
_FIRST_CLAUSE = re.compile(r"^.*?(?:[。；;：:！？!?]|$)", re.DOTALL)


@dataclass(frozen=True)
class PlanItem:
    """One promise of a plan."""

    kind: str  # heading | numbered (（一）/1./list item paragraph) | enumerated (一是/二是 …)
    number: str  # '（一）', '1.', '一是', '' …
    title: str  # its first clause, without its number: what a page lists
    text: str  # the whole item: what is matched against the summary
    section: str  # the heading it stands under ('' in the lead)
    line: int  # file line
    start: int  # offsets into the plan body
    end: int


@dataclass(frozen=True)
class Passage:
    """A sentence (or heading) of a summary that may report on a plan item."""

    text: str
    section: str
    line: int
    start: int  # offsets into the summary body
    end: int


def plan_items(body: str, body_line: int = 1) -> tuple[PlanItem, ...]:
    """Every item of a plan body in order; headings that only group subsections are not items (their children are)."""
    sections = split_sections(body, body_line)
    items: list[PlanItem] = []
    for k, section in enumerate(sections):
        inner = _paragraph_items(body, section, body_line)
        if section.level:
            container = not section.text and k + 1 < len(sections) and sections[k + 1].level > section.level
            if not container:
                intro = section.text[:inner[0].start - section.text_start] if inner else section.text
                items.append(PlanItem("heading", section.number, section.title, f"{section.title}。{intro}".strip(),
                                      section.title, section.line, section.start, section.end))
        items += inner
    return tuple(items)


def _paragraph_items(body: str, section: Section, body_line: int) -> list[PlanItem]:
    """The numbered paragraphs and the 一是/二是 enumerations in a section's own text."""
    items: list[PlanItem] = []
    for para in _PARAGRAPH.finditer(section.text):
        start = section.text_start + para.start()
        text = para.group(0)
        marker = _LIST_MARK.match(text)
        plain = text[_LEADING.match(text, marker.end() if marker else 0).end():]
        number, rest = split_number(plain)
        if number or marker:
            items.append(_item("numbered", number or marker.group(0).strip(), rest if number else plain, section, body,
                               start, start + len(text), body_line))
        marks = list(_ENUM.finditer(text))
        if len(marks) >= 2 and (marks[0].group(1) or marks[0].group(2)) == "一":  # a real enumeration starts at 一
            for m, following in zip(marks, [*marks[1:], None]):
                end = following.start() if following else len(text)
                number = f"{m.group(1)}{text[m.end() - 1]}" if m.group(1) else f"第{m.group(2)}"
                items.append(_item("enumerated", number, text[m.end():end], section, body, start + m.start(), start + end, body_line))
    return items


def _item(kind: str, number: str, text: str, section: Section, body: str, start: int, end: int, body_line: int) -> PlanItem:
    text = re.sub(r"(?<!\\)[*_]{2}", "", text).strip()
    title = _FIRST_CLAUSE.match(text).group(0).rstrip("。；;：:！？!?").strip()
    return PlanItem(kind, number, title, text, section.title, line_at(body, start, body_line), start, end)


def summary_passages(body: str, body_line: int = 1) -> tuple[Passage, ...]:
    """The headings and sentences of a summary's result sections (its own 'next year' sections are left out)."""
    passages: list[Passage] = []
    for section in split_sections(body, body_line):
        if is_plan_section(section):
            continue
        if section.title:
            passages.append(Passage(section.title, section.title, section.line, section.start, section.text_start))
        at = section.text_start
        for clause in split_clauses(section.text):
            if clause.strip() and not NUMBERING.fullmatch(clause.strip()):
                passages.append(Passage(clause.strip(), section.title, line_at(body, at, body_line), at, at + len(clause.rstrip())))
            at += len(clause)
    return tuple(passages)
