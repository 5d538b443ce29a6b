"""Convert one pasted document into report fields, a Markdown body and notes for human review."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Catalog
from .clean import clean_document
from .common import ImportFailure, check_supported
from .detect import choose_date, detect_org, detect_signature, detect_type, detect_year, review_title
from .figures import MetricHit, count_placeholders, extract_metrics, list_figures
from .layout import build_paragraphs, clean_spacing, split_title
from .structure import Block, build_blocks, render_markdown
from .topics import propose_tags
from .write import Fields

# Top-level sections about the future: their figures are targets, not results.
_PLAN_SECTION = re.compile(r"思路|计划|打算|安排|要点|目标|展望|下一步")
_COMPLETE_END = "。！？!?”…）)」"


@dataclass
class Draft:
    """An imported report before it is written, with everything the log should show."""

    fields: Fields
    body: str
    blocks: list[Block]
    metric_hits: list[MetricHit] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    plan_figures: list[str] = field(default_factory=list)


def convert(text: str, catalog: Catalog, fallback_title: str) -> Draft:
    """Clean, structure and detect; raise ImportFailure when a required field cannot be found."""
    check_supported(text)
    cleaned = clean_document(text)
    title_line, lines = split_title(cleaned.lines)
    title = clean_spacing(title_line)
    paragraphs = clean_title_repeat(build_paragraphs(lines), title)
    signed, paragraphs = detect_signature(paragraphs)
    if not paragraphs:
        raise ImportFailure("清理网站杂项后正文为空")
    blocks = build_blocks(paragraphs)
    review: list[str] = []
    if not title:
        title = fallback_title
        review.append(f"标题：文档开头没有像标题的一行，暂用文件名“{title}”")
    plain = "\n".join(b.text for b in blocks)
    org = detect_org(title, plain, catalog)
    year = detect_year(title, plain, cleaned.site_date)
    rtype = detect_type(title, catalog)
    date = choose_date(signed, cleaned.site_date, year.value)
    review += [f.review for f in (org, year, rtype, date) if f.review]
    summary_text, plan_text = split_sections(blocks, plan_only=rtype.value == "plan")
    hits = extract_metrics(summary_text, catalog)
    tags = propose_tags(plain)
    fields = Fields(title, org.value, year.value, rtype.value, date.value, {h.metric: h.value for h in hits}, tuple(tags))
    review += review_body(title, blocks, hits)
    if tags:
        review.append(f"标签：按正文关键词建议 {'、'.join(tags)}，请核对增删")
    return Draft(fields, render_markdown(blocks), blocks, hits, review,
                 list_figures(summary_text, [h.span for h in hits]), list_figures(plan_text))


def clean_title_repeat(paragraphs: list[str], title: str) -> list[str]:
    """Drop the title where the text repeats it at its start (the site shows the title separately)."""
    if title and paragraphs and paragraphs[0].startswith(title):
        rest = paragraphs[0][len(title):].strip()
        return ([rest] if rest else []) + paragraphs[1:]
    return paragraphs


def split_sections(blocks: list[Block], plan_only: bool = False) -> tuple[str, str]:
    """(text of result sections, text of plan sections), split at the top-level headings."""
    summary: list[str] = []
    plan: list[str] = []
    target = plan if plan_only else summary
    for block in blocks:
        if block.level == 2 and not plan_only:
            target = plan if _PLAN_SECTION.search(block.text) else summary
        target.append(block.text)
    return "\n".join(summary), "\n".join(plan)


def review_body(title: str, blocks: list[Block], hits: list[MetricHit]) -> list[str]:
    """Things in the converted text a human should look at."""
    notes = [note] if (note := review_title(title)) else []
    for block in blocks:
        if block.guessed:
            notes.append(f"结构：原文标题与正文连在一起，分界为推测：“{block.text}”")
    last = blocks[-1].text
    if last and last[-1] not in _COMPLETE_END:
        notes.append(f"正文：结尾“…{last[-12:]}”不是完整的句子，原文可能被网站截断")
    for hit in hits:
        if hit.approximate:
            notes.append(f"指标 {hit.metric}：原文为约数“{hit.source}”，已按 {hit.value} 录入")
    if (placeholders := count_placeholders("\n".join(b.text for b in blocks))) >= 3:
        notes.append(f"数字：正文有 {placeholders} 处数字被“X”代替（原文匿名处理），这些数字无法提取")
    return notes
