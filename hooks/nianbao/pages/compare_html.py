"""A comparison page's sections as HTML, rendered where the comparison is made (a forked child) from the site's template.

The sections are most of a comparison page: rendering them beside the build, and handing the page a string, keeps
MkDocs' own process (the critical path) from walking thousands of clauses, and sends a string back instead of nested data.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, Template

from ..packed import pack, unpack

TEMPLATES = Path(__file__).resolve().parents[3] / "overrides"  # this repository's theme folder, for callers without a site
SECTIONS = "nianbao/compare-sections.html"


@lru_cache(maxsize=4)
def _template(folder: str) -> Template:
    """The sections template, autoescaped as every nianbao/ template is in the site (see the hook's on_env)."""
    loader = FileSystemLoader([folder, str(TEMPLATES)])  # a site's own theme folder first, as MkDocs' custom_dir
    return Environment(loader=loader, auto_reload=False, autoescape=True).get_template(SECTIONS)


@dataclass(frozen=True)
class PackedHTML:
    """HTML kept compressed until a template writes it (Jinja asks for __html__): a build holds every comparison page's
    sections, most of the site's bytes, from the child's answer until MkDocs writes that page."""

    data: bytes  # packed.pack() of the HTML

    def __html__(self) -> str:
        return unpack(self.data)


def render_sections(data: dict[str, Any], templates: Path | None = None) -> dict[str, Any]:
    """The comparison data with its sections rendered to `sections_html` and that HTML's digest (other keys as they were)."""
    html = _template(str(templates or TEMPLATES)).render(nb=data)
    digest = hashlib.blake2b(html.encode("utf-8"), digest_size=16).hexdigest()  # a preview stamps the page by this
    return {k: v for k, v in data.items() if k != "sections"} | {"sections_html": PackedHTML(pack(html)), "sections_digest": digest}
