"""Convert a document (one report or several) into report fields, a Markdown body and notes for human review."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..model import Catalog, Org
from .clean import clean_document
from .common import ImportFailure, UnknownOrg
from .detect import Found, choose_date, detect_org, detect_signature, detect_type, detect_year
from .figures import MetricHit, extract_metrics, list_figures
from .layout import build_paragraphs, clean_spacing, split_title
from .orgs import find_org_name, new_org_id, place_of, with_org
from .review import review_body, script_notes
from .script import Script, normalise_script
from .split import Part, split_parts
from .structure import Block, Extracted, build_blocks, render_markdown
from .topics import propose_tags
from .write import Fields

# Top-level sections about the future: their figures are targets, not results.
_PLAN_SECTION = re.compile(r"思路|计划|打算|安排|要点|目标|展望|下一步")


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
    new_org: Org | None = None
    attachments: Mapping[str, bytes] = field(default_factory=dict)  # written beside the report; the body links them by name


@dataclass(frozen=True)
class Document:
    """The reports a file holds, and what needs a human look in the file as a whole."""

    parts: list[Converted]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Converted:
    """One report of a document: a label for the log ('' for a whole document) and its draft or why it failed."""

    label: str
    draft: Draft | None
    failure: str = ""


def convert_text(text: str, catalog: Catalog, fallback_title: str, org: str = "") -> Document:
    """Normalise, clean and split a pasted document, then convert each report in it."""
    script = normalise_script(text)
    cleaned = clean_document(script.text)
    parts, preamble = split_parts(cleaned.lines)
    notes = script_notes(script)
    if preamble:
        notes.append(f"拆分：文档含 {len(parts)} 篇报告，已按“{parts[0].heading}”等分开；第一篇之前的文字未导入：“{'／'.join(preamble)[:80]}”")
    results: list[Converted] = []
    orgless: list[int] = []
    for part in parts:
        try:
            draft = convert_part(part, catalog, fallback_title, cleaned.site_date)
        except UnknownOrg:
            orgless.append(len(results))
            results.append(Converted(part.heading, None))
            continue
        except ImportFailure as exc:
            results.append(Converted(part.heading, None, str(exc)))
            continue
        if draft.new_org:
            catalog = with_org(catalog, draft.new_org)
        results.append(Converted(part.heading, draft))
    # A report that names no org: take the org of the document's other reports when it names their place, else --org.
    for index in orgless:
        part, text = parts[index], "\n".join(parts[index].lines)
        fallback = document_org(results, text, catalog) or org_option(org)
        try:
            draft = convert_part(part, catalog, fallback_title, cleaned.site_date, fallback)
        except ImportFailure as exc:
            results[index] = Converted(part.heading, None, str(exc))
            continue
        results[index] = Converted(part.heading, draft)
    return Document(results, notes)


def convert_part(part: Part, catalog: Catalog, fallback_title: str, site_date: dt.date | None,
                 org: Found[str] | None = None) -> Draft:
    """Convert one report of a pasted document."""
    title_line, lines = split_title(part.lines)
    title = clean_spacing(title_line or part.heading)
    paragraphs = clean_title_repeat(build_paragraphs(lines), title)
    signed, paragraphs = detect_signature(paragraphs)
    if not paragraphs:
        raise ImportFailure("清理网站杂项后正文为空")
    untitled = [f"标题：原文这一篇没有标题，暂用“{title}”"] if part.heading and not title_line else []
    return convert_blocks(title, build_blocks(paragraphs), catalog, fallback_title, org=org,
                          signed=signed, site_date=site_date, notes=untitled)


def document_org(results: list[Converted], text: str, catalog: Catalog) -> Found[str] | None:
    """The org most of the document's other reports belong to, when `text` names its place."""
    counts = Counter(r.draft.fields.org for r in results if r.draft)
    if not counts:
        return None
    org = catalog.orgs[counts.most_common(1)[0][0]]
    place = next((p for name in (org.name, org.short, *org.aliases) if (p := place_of(name)) and p in text), "")
    if not place:
        return None
    return Found(org.id, f"组织：这一篇没有写组织名称；同一文档的其他报告属于“{org.name}”，且本篇提到“{place}”，故定为 {org.id}")


def org_option(org: str) -> Found[str] | None:
    """The org given with --org, for reports that name none."""
    return Found(org, f"组织：文中没有组织名称，按 --org 定为 {org}") if org else None


def convert_blocks(title: str, blocks: list[Block], catalog: Catalog, fallback_title: str, *, org: Found[str] | None = None,
                   signed: dt.date | None = None, site_date: dt.date | None = None, notes: Sequence[str] = (),
                   footnotes: Sequence[Block] = ()) -> Draft:
    """Detect fields and metrics of a structured report; raise ImportFailure when a required field cannot be found.

    `footnotes` (definitions) end the Markdown body but are not searched or reviewed as its text.
    """
    review: list[str] = list(notes)
    if not title:
        title = fallback_title
        review.append(f"标题：文档开头没有像标题的一行，暂用文件名“{title}”")
    plain = "\n".join(b.text for b in blocks)
    found_org, new_org = detect_or_add_org(title, plain, catalog, org)
    year = detect_year(title, plain, site_date)
    rtype = detect_type(title, catalog, plain)
    date = choose_date(signed, site_date, year.value)
    review += [f.review for f in (found_org, year, rtype, date) if f.review]
    summary_text, plan_text = split_sections(blocks, plan_only=catalog.role(rtype.value) == "plan")
    hits = extract_metrics(summary_text, catalog)
    tags = propose_tags(plain)
    fields = Fields(title, found_org.value, year.value, rtype.value, date.value, {h.metric: h.value for h in hits}, tuple(tags))
    review += review_body(title, blocks, hits)
    if tags:
        review.append(f"标签：按正文关键词建议 {'、'.join(tags)}，请核对增删")
    return Draft(fields, render_markdown([*blocks, *footnotes]), blocks, hits, review,
                 list_figures(summary_text, [h.span for h in hits]), list_figures(plan_text), new_org)


def detect_or_add_org(title: str, plain: str, catalog: Catalog, fallback: Found[str] | None = None) -> tuple[Found[str], Org | None]:
    """The catalog org the report names, else a new org for the org-like name it names (flagged for review), else the fallback."""
    if found := detect_org(title, plain, catalog):
        return found, None
    name = find_org_name(title, plain)
    if not name and fallback:
        return fallback, None
    if not name:
        raise UnknownOrg("无法识别组织：标题和正文中既没有 reports/catalog.yml 里的组织名称、简称或别名，也没有“XX区总工会”这样的组织名称；"
                            "请用 --org 指定组织 id（或先在目录中添加该组织）再导入")
    org = Org(new_org_id(name, set(catalog.orgs)), name)
    return Found(org.id, f"组织：目录中没有“{name}”，已作为新组织 {org.id} 加入 catalog.yml，请核对名称并补充简称、上级和类别"), org


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


def convert_document(extracted: Extracted, catalog: Catalog, fallback_title: str, org: str = "") -> Document:
    """Convert a structured document (Word file, web page): simplify its characters, find its signature, detect fields."""
    blocks = extracted.blocks
    scripts = [normalise_script(extracted.title)] + [normalise_script(b.text) for b in blocks]
    marks = [normalise_script(b.markdown).text if b.markdown else "" for b in blocks]
    blocks = [replace(b, text=s.text, markdown=m) for b, s, m in zip(blocks, scripts[1:], marks)]
    merged = Script("", sum(s.converted for s in scripts), sum(s.pinyin for s in scripts), tuple(x for s in scripts for x in s.lost))
    end = len(blocks)
    while end and blocks[end - 1].markdown.startswith("[^"):  # footnote definitions come after the signature
        end -= 1
    signed, rest = detect_signature([b.text for b in blocks[:end]])
    draft = convert_blocks(scripts[0].text, blocks[:len(rest)], catalog, fallback_title, org=org_option(org), signed=signed,
                           footnotes=blocks[end:])
    return Document([Converted("", replace(draft, attachments=extracted.attachments))], [*extracted.notes, *script_notes(merged)])


def convert_extracted(extracted: Extracted, catalog: Catalog, fallback_title: str, org: str = "") -> Document:
    """A Word file or web page. One with nothing but plain paragraphs carries no more than pasted text, and is read as
    such: website noise removed, several reports split, the site's date kept, exactly as its .txt would be."""
    if not extracted.plain:
        return convert_document(extracted, catalog, fallback_title, org)
    # Each paragraph of a document is a paragraph: blank lines keep them apart (and around titles, for splitting).
    text = extracted.text or "\n\n".join([extracted.title, *(b.text for b in extracted.blocks)])
    document = convert_text(text, catalog, fallback_title, org)
    return Document(document.parts, [*extracted.notes, *document.notes])
