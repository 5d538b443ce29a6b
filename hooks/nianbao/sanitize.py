"""Report HTML is untrusted: an allowlist sanitizer (nh3, Rust's ammonia) after Markdown, as GitHub renders a README."""
from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable

import nh3

from .model import Report
from .problems import WARNING, Problem

# What Markdown itself produces, plus the small set of raw tags the guide documents (docs/guide.md, “报告中可用的 HTML”).
MARKDOWN_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code", "em", "strong",
    "a", "img", "hr", "br", "table", "thead", "tbody", "tr", "th", "td",
})
RAW_TAGS = frozenset({
    "caption", "colgroup", "col", "tfoot", "sup", "sub", "span", "div", "details", "summary",
    "b", "i", "u", "s", "del", "ins", "mark", "small", "kbd", "abbr", "dl", "dt", "dd",
})
TAGS = MARKDOWN_TAGS | RAW_TAGS
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"style", "colspan", "rowspan", "scope"},  # style: Markdown's column alignment, filtered to text-align
    "td": {"style", "colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type"},
    "li": {"value"},
    "details": {"open"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})  # relative URLs and #fragments pass as they are
# Dropped with everything inside them: their content is code or markup, never report text.
CLEAN_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math",
                           "textarea", "select", "title", "xmp", "noembed", "noframes", "frameset", "head"})
# ids and classes the site's own pages use: a report must not clobber Material's elements (#__config …) or mimic its chrome.
_RESERVED = re.compile(r"^(?:__|md-|nb-)")

_OPENING_TAG = re.compile(r"""<([A-Za-z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_CLOSING_TAG = re.compile(r"</[A-Za-z][A-Za-z0-9]*\s*>")
_ATTRIBUTE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Markdown whose HTML can hold something the sanitizer removes: raw HTML or autolinks (<), attr_list ({), link targets
# (](, ]:), and heading text the toc extension could turn into a reserved id (__x, md-x, nb-x).
_LINK_TARGET_START = re.compile(r"\]\s*[(:]")
_ATX_HEADING = re.compile(r"^[ ]{0,3}#{1,6}([^\n]*)", re.MULTILINE)
_SETEXT_UNDERLINE = re.compile(r"\n[ ]{0,3}(?:=+|-+)[ \t]*(?=\n|\Z)")
_RESERVED_WORD = re.compile(r"__|[mM][dD]|[nN][bB]")
_RESERVED_HINT = re.compile(r"[_mMnN][_dDbB]")  # a superset of the above that re scans ten times faster
_LINK_TARGET = re.compile(r"(!?)\[[^\]]*\]\s*\(\s*<?([^)\s>]*)|^[ ]{0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.MULTILINE)
# The Markdown extensions whose output holds nothing the sanitizer removes unless the text has raw HTML, links or {.
_ALLOWED_SCHEMES = ("", *URL_SCHEMES)
VETTED_EXTENSIONS = frozenset({"toc", "tables", "fenced_code", "attr_list", "footnotes"})


def _keep_attribute(element: str, name: str, value: str) -> str | None:
    """Drop ids and classes that collide with the site's own."""
    if name == "id" and _RESERVED.match(value):
        return None
    if name == "class" and any(_RESERVED.match(token) for token in value.split()):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS), clean_content_tags=set(CLEAN_CONTENT), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
    attribute_filter=_keep_attribute, strip_comments=True, link_rel=None, url_schemes=set(URL_SCHEMES),
    filter_style_properties={"text-align"},
)


def sanitize_html(markup: str) -> str:
    """The HTML with every element, attribute and URL outside the allowlist removed."""
    return _CLEANER.clean(markup)


@dataclass(frozen=True)
class Removed:
    """Something the sanitizer took out: a tag (`attribute` empty) or an attribute of a tag."""

    tag: str
    attribute: str = ""
    value: str = ""

    def describe(self) -> str:
        """How an editor reads it: <script> 标签, <a> 的 href="javascript:…"."""
        if not self.attribute:
            return f"<{self.tag}> 标签"
        value = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", self.value)
        value = value if len(value) <= 40 else value[:40] + "…"
        return f"<{self.tag}> 的 {self.attribute}" + (f"=\"{value}\"" if value else "") + " 属性"


def _opening_tags(markup: str) -> Counter[tuple[str, str, str]]:
    """Each opening tag as (tag, '', '') and each of its attributes as (tag, name, value), counted."""
    found: Counter[tuple[str, str, str]] = Counter()
    for tag, rest in _OPENING_TAG.findall(markup):
        tag = tag.lower()
        found[(tag, "", "")] += 1
        for name, *values in _ATTRIBUTE.findall(rest):
            value = next((v for v in values if v), "")
            name, value = name.lower(), html.unescape(value).strip()
            if name == "style":  # compare declarations as the sanitizer writes them: "text-align: left;" is "text-align:left"
                value = re.sub(r"\s+", "", value).rstrip(";")
            found[(tag, name, value)] += 1
    return found


def find_removed(before: str, after: str) -> list[Removed]:
    """What sanitizing `before` into `after` removed (tags and attributes, in order of first appearance)."""
    removed = _opening_tags(before) - _opening_tags(after)
    return [Removed(tag, name, value) for (tag, name, value) in removed if not (name and (tag, "", "") in removed)]


def might_hold_html(markdown: str) -> bool:
    """Whether this Markdown could render to HTML the sanitizer changes (cheap: most reports are plain text)."""
    return "<" in markdown or "{" in markdown or bool(_LINK_TARGET_START.search(markdown)) or _reserved_heading(markdown)


def _reserved_heading(markdown: str) -> bool:
    """Whether a heading's text could become an id the site reserves (the toc extension slugifies '__x', 'MD x' …)."""
    if not _RESERVED_HINT.search(markdown):  # the usual case
        return False
    headings = _ATX_HEADING.findall(markdown)
    headings += [markdown[markdown.rfind("\n", 0, m.start()) + 1 : m.start()] for m in _SETEXT_UNDERLINE.finditer(markdown)]
    return any(_RESERVED_WORD.search(heading) for heading in headings)


def looks_allowed(markdown: str) -> bool:
    """Whether every raw tag, attribute and link target written in this Markdown is allowed (a cheap pre-check:
    only text that fails it is rendered to be checked exactly; the published HTML is sanitized either way)."""
    if "{" in markdown or _reserved_heading(markdown) or markdown.count("<") != len(_OPENING_TAG.findall(markdown)) + len(_CLOSING_TAG.findall(markdown)):
        return False  # attribute lists, reserved ids, and any '<' that is not a plain tag (comments, '<' inside values …)
    for tag, name, value in _opening_tags(markdown):
        if tag not in TAGS or (name and name not in ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())) or name in ("style", "id", "class"):
            return False
        if "<" in value or ">" in value or "`" in value:
            return False
        if name in ("href", "src") and (_scheme(value) not in _ALLOWED_SCHEMES or (tag == "img" and _is_external(value))):
            return False
    for image, inline, reference in _LINK_TARGET.findall(markdown):
        target = inline or reference
        if _scheme(target) not in _ALLOWED_SCHEMES or (_is_external(target) and (image or reference)):
            return False
    return True


def _scheme(url: str) -> str:
    """The scheme of a URL as a browser reads it (entities decoded, tabs and newlines dropped), '' for a relative one."""
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", re.sub(r"[\t\n\r]", "", html.unescape(url)).strip())
    return match.group(1).lower() if match else ""


def sanitize_report(markup: str, markdown: str, extensions: Iterable[object]) -> str:
    """sanitize_html, skipped only where it cannot change anything: plain Markdown (no raw HTML, attributes or links)
    rendered by vetted extensions."""
    vetted = all(isinstance(e, str) and e in VETTED_EXTENSIONS for e in extensions)
    return sanitize_html(markup) if not vetted or might_hold_html(markdown) else markup


def find_line(body: str, removed: Removed) -> int:
    """The 0-based line of the body where the removed thing was written (0 when it cannot be found)."""
    lines = [html.unescape(line).lower() for line in body.split("\n")]  # '&#106;avascript:' is written 'javascript:'
    value, attribute = removed.value.lower(), removed.attribute.lower()
    tests = [lambda line: attribute in line and value in line, lambda line: value in line, lambda line: attribute in line] \
        if attribute else [lambda line: f"<{removed.tag}" in line]
    for test in tests:
        for number, line in enumerate(lines):
            if test(line):
                return number
    return 0


def external_images(markup: str) -> list[str]:
    """The src of every image the site would have to fetch from elsewhere (the CSP blocks them)."""
    return [src for (tag, name, src) in _opening_tags(markup) if tag == "img" and name == "src" and _is_external(src)]


def _is_external(url: str) -> bool:
    return url.startswith("//") or url.split(":", 1)[0].lower() in ("http", "https") and ":" in url


Render = Callable[[str], str]
_HINT = "报告正文只能使用 Markdown 和使用说明中列出的少量 HTML；链接只能是 http(s)、mailto、站内相对地址或 #锚点"


def check_report_html(report: Report, render: Render, display: str) -> list[Problem]:
    """Warnings for what the sanitizer removes from a report's HTML, and for images the site may not fetch, by line."""
    if not might_hold_html(report.body) or looks_allowed(report.body):
        return []
    rendered = render(report.body)
    clean = sanitize_html(rendered)
    by_line: dict[int, list[str]] = {}
    for removed in find_removed(rendered, clean):
        by_line.setdefault(report.body_line + find_line(report.body, removed), []).append(removed.describe())
    problems = [Problem(display, line, "body", "正文含有不安全的 HTML，发布时已删除：" + "、".join(dict.fromkeys(found)), _HINT, WARNING)
                for line, found in sorted(by_line.items())]
    for src in dict.fromkeys(external_images(clean)):
        line = report.body_line + find_line(report.body, Removed("img", "src", src))
        problems.append(Problem(display, line, "body", f"外部图片 {src} 不会显示：网站不从外部加载任何内容",
                                "把图片文件放在 reports/ 中报告旁边，用相对路径引用", WARNING))
    return problems
