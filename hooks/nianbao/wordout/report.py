"""One report as an official-format .docx (GB/T 9704): title, body, metrics card, the org and date at the end."""
from __future__ import annotations

import math
from pathlib import Path

from lxml import etree

from ..model import Catalog, Report
from ..problems import Problem
from ..pages.views import official_date
from .blocks import Blocks
from .figures import build_card
from .images import Images
from .inline import Inline
from .layout import CHAR_PITCH, FANGSONG, LINE_PITCH, XIAOBIAOSONG, text_width
from .mdtree import build_tree, scope_memo
from .package import Parts, build_docx
from .styles import BODY_HEADINGS
from .template import build_template
from .wml import build_paragraph, build_run, clone, para_props, qn, run_props


def render_report_docx(report: Report, catalog: Catalog, *, reports_dir: Path | None = None, display: str = "reports",
                       warnings: list[Problem] | None = None) -> bytes:
    """The report as .docx bytes; images are looked up under `reports_dir`, and what cannot be embedded is added to
    `warnings` (file, line, message in Chinese) without stopping the document."""
    parts = Parts(build_template("report"))
    title = build_paragraph("Title", [build_run(report.title, run_props(XIAOBIAOSONG))])
    body = [title, *build_report_body(report, catalog, parts, "report", reports_dir, display, warnings)]
    return build_docx(parts, body, parts.template.section(), report.title, catalog.orgs[report.org].name)


def build_report_body(report: Report, catalog: Catalog, parts: Parts, kind: str, reports_dir: Path | None, display: str,
                      warnings: list[Problem] | None) -> list[etree._Element]:
    """What follows a report's title: its body, its metrics card and its signature."""
    found: list[Problem] = [] if warnings is None else warnings
    memo, key = scope_memo(), ("word body", id(report), id(catalog), reports_dir, display)
    if kind == "compilation" and memo is not None and key in memo and memo[key][0] is report:
        _, elements, bullets = memo[key]  # the report's own file was made from the same body moments ago
        parts.bullets |= bullets
        return [_in_compilation(element) for element in elements]
    warned = len(found)
    tree = build_tree(report.body)
    images = Images(parts, report, reports_dir, f"{display}/{report.source}", found)
    elements = Blocks(Inline(tree, parts, images), BODY_HEADINGS[kind]).build(tree.root)
    # The card closes the text, as an annexed table would; placed first it would hide the opening paragraph that
    # `nianbao import` reads the year from.
    if (card := build_card(report, catalog)) is not None:
        elements += [build_paragraph(None), card]
    elements += build_signature(catalog.orgs[report.org].name, official_date(report))
    if kind == "report" and memo is not None and parts.shared() and len(found) == warned:
        memo[key] = (report, elements, parts.bullets)  # nothing in it depends on the document: the compilation copies it
    return elements


_TO_COMPILATION = {style: BODY_HEADINGS["compilation"][min(n, len(BODY_HEADINGS["compilation"]) - 1)]
                   for n, style in enumerate(BODY_HEADINGS["report"])}
_PPR, _PSTYLE, _VAL = qn("w:pPr"), qn("w:pStyle"), qn("w:val")


def _in_compilation(element: etree._Element) -> etree._Element:
    """A copy of a body element of a report's file as the compilation has it: the headings two levels lower."""
    copy = clone(element)
    style = copy.find(_PPR + "/" + _PSTYLE)
    if style is not None and style.get(_VAL) in _TO_COMPILATION:
        style.set(_VAL, _TO_COMPILATION[style.get(_VAL)])
    return copy


def build_signature(org: str, date: str) -> list[etree._Element]:
    """The org and date below the text after a blank line (GB/T 9704 7.3.5.2, a document without a seal): the org two
    characters from the right edge, the date under it starting two characters further right; a longer date keeps the
    two characters and moves the org left instead."""
    org_width, date_width = math.ceil(text_width(org)), math.ceil(text_width(date))
    date_right = max(org_width - date_width, 2)
    org_right = date_right + date_width + 2 - org_width
    return [_signature_line(org, org_right, before=LINE_PITCH), _signature_line(date, date_right)]


def _signature_line(text: str, right_chars: int, before: int = 0) -> etree._Element:
    """One right-aligned line of the signature, `right_chars` characters from the right edge."""
    props = para_props("Signoff", spacing={"before": str(before)} if before else None,
                       ind={"right": str(right_chars * CHAR_PITCH), "rightChars": str(right_chars * 100)})
    return build_paragraph(props, [build_run(text, run_props(FANGSONG))])

