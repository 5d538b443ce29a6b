"""Find the article of a web page: drop the site's chrome, locate the body text (readability), find the article title."""
from __future__ import annotations

import logging
import re

import lxml.html
from lxml import etree
from lxml.html import HtmlElement
from readability import Document

from .common import CJK, ImportFailure
from .layout import clean_spacing

# Readability logs (and prints a traceback when no logging is set up) on pages it cannot score; we fall back quietly.
logging.getLogger("readability").addHandler(logging.NullHandler())

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters lxml cannot hold in a text node
_DROP_TAGS = ("head", "title", "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "applet", "svg",
              "canvas", "video", "audio", "map", "button", "input", "select", "textarea", "option", "label")
_CHROME_TAGS = ("nav", "footer", "aside", "menu")
# Class/id words of site furniture on Chinese government and news sites (pinyin ones too: dayin = print, zihao = font size).
_CHROME = re.compile(
    r"share|bdshare|print|dayin|close|guanbi|font-?size|zihao|breadcrumb|crumb|location|position|weizhi|dqwz|menu|"
    r"(?<![a-z])nav|footer|copyright|banquan|pager|prev|next|sxp|comment|pinglun|related|xgwz|xgxx|visit|counter|toolbar",
    re.IGNORECASE)
_CONTENT = re.compile(r"zoom|trs_editor|unionstyle|article|content|detail|zhengwen|(?<![a-z])zw(?![a-z])|text|main",
                      re.IGNORECASE)
# The article boxes of common Chinese CMSs (TRS: id="zoom", class="TRS_Editor"), by whole class/id word.
_ARTICLE_BOX = re.compile(r"zoom|trs_editor|custom_unionstyle|zhengwen|zw|content|(?:article|news|detail|xl|text)[-_]?(?:content|body|con)",
                          re.IGNORECASE)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_TITLE_CLASS = re.compile(r"title|biaoti|(?<![a-z])(?:tit|bt)(?![a-z])", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:[_|｜]|\s[-–—]+\s|——|(?<![0-9A-Za-z])-(?![0-9A-Za-z]))\s*")
_OFFICE = re.compile(r"LibreOffice|OpenOffice|Microsoft Word|WPS", re.IGNORECASE)
_SITE_NAME = re.compile(r"(?:网站|门户|官网|政府网|首页|人民政府|网)$")
_INLINE = frozenset("span font b strong em i u s strike small big sub sup abbr cite code q mark time ins del label".split())
_NUMBER = "data-nianbao"  # marks our elements so readability's choice can be found in our own tree
_READABILITY_BODY = 'id="readabilityBody"'


def parse_page(html: str) -> HtmlElement:
    """The page's element tree; ImportFailure when it holds no HTML at all."""
    text = _NOT_XML.sub("", _XML_DECLARATION.sub("", html, count=1))  # lxml refuses str with an encoding declaration
    try:
        return lxml.html.document_fromstring(text)
    except (etree.LxmlError, ValueError):
        raise ImportFailure("网页中没有内容：文件不是可读取的 HTML；请在浏览器中重新“另存为”网页后再导入") from None


def page_title(root: HtmlElement) -> str:
    """The text of the page's <title>; '' for a document an office suite saved, whose <title> is a stale file property."""
    generators = [m.get("content", "") for m in root.iter("meta") if m.get("name", "").lower() == "generator"]
    title = root.find(".//title")
    if title is None or any(_OFFICE.search(generator) for generator in generators):
        return ""
    return norm(title.text_content())


def drop_chrome(root: HtmlElement) -> None:
    """Remove scripts, forms, hidden elements and the site's menus, breadcrumbs, share bars and footers."""
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, *_DROP_TAGS, with_tail=False)
    for element in root.xpath("//*[@hidden] | //*[@style]"):
        if element.get("hidden") is not None or _HIDDEN.search(element.get("style", "")):
            _drop(element)
    total = len(text_of(root))
    for element in list(root.iter(*_CHROME_TAGS)) + [e for e in root.iter() if _CHROME.search(_features(e))]:
        # A wrapper named like chrome may hold the article itself: keep elements with much of the page's text.
        if element.getparent() is not None and element.tag not in ("html", "body") and len(text_of(element)) < 0.4 * total:
            _drop(element)


def find_article(root: HtmlElement) -> list[HtmlElement]:
    """The elements holding the article, in document order: readability's choice, else our own text-density choice."""
    chosen = _readability_choice(root) or [_densest(root)]
    return [_narrowed(chosen[0])] if len(chosen) == 1 else chosen


def _narrowed(element: HtmlElement) -> HtmlElement:
    """The CMS article box inside a chosen element when it holds most of its text (the rest is the site's chrome)."""
    total = len(text_of(element))
    for box in element.iterdescendants():
        words = _features(box).split()
        if any(_ARTICLE_BOX.fullmatch(word) for word in words) and len(text_of(box)) >= 0.5 * total:
            return box
    return element


def _readability_choice(root: HtmlElement) -> list[HtmlElement]:
    """The top elements of readability's summary, found again in our tree by the numbers we gave every element."""
    numbered = {str(n): e for n, e in enumerate(root.iter()) if isinstance(e.tag, str)}
    for number, element in numbered.items():
        element.set(_NUMBER, number)
    try:
        summary = Document(lxml.html.tostring(root, encoding="unicode"), positive_keywords=_CONTENT,
                           negative_keywords=_CHROME).summary(html_partial=True)
        # Readability marks the <body>; in its summary that means it found no article and returned the whole page.
        found = _READABILITY_BODY not in summary
        chosen = [numbered[n] for child in lxml.html.fragment_fromstring(summary) if (n := child.get(_NUMBER)) in numbered]
    except Exception:  # readability wraps every failure of its heuristics (and lxml's) in its own exceptions
        found, chosen = False, []
    for element in numbered.values():
        element.attrib.pop(_NUMBER, None)
    return chosen if found else []


def _densest(root: HtmlElement) -> HtmlElement:
    """The element whose own paragraphs hold the most text (not link text); a content-like class or id counts 1.5 times."""
    body = root.find("body")
    best, best_score = (body if body is not None else root), 0.0
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        score = _direct_length(element) + 0.5 * sum(_direct_length(c) for c in element if isinstance(c.tag, str))
        score *= 1.5 if _CONTENT.search(_features(element)) else 1
        if score > best_score:
            best, best_score = element, score
    return best


def _direct_length(element: HtmlElement) -> int:
    """The length of the text an element holds itself, outside its block children and links."""
    length = len((element.text or "").strip())
    for child in element:
        if child.tag in _INLINE:
            length += len(text_of(child))
        length += len((child.tail or "").strip())
    return length


def find_title(root: HtmlElement, article: list[HtmlElement], title: str) -> tuple[str, HtmlElement | None]:
    """The article title and the element showing it (None when only the page <title> has it)."""
    segments = [s for s in _SEPARATORS.split(title) if re.search(f"[{CJK}]", s)]
    named = ([s for s in segments if not _SITE_NAME.search(s)] or segments[:1]) if len(segments) > 1 else segments
    shown = [e for e in root.iter("h1", "h2", "h3", "div", "p", "td", "span", "strong")
             if (e.tag in ("h1", "h2", "h3") or _TITLE_CLASS.search(_features(e))) and 2 <= len(text_of(e)) <= 150]
    matches = [e for e in shown if any(_same_title(text_of(e), s) for s in named)]
    if not matches:
        h1 = [e for e in root.iter("h1") if 2 <= len(text_of(e)) <= 150]
        inside = [e for e in h1 if any(a is e or e in a.iterdescendants() for a in article)]
        matches = inside[:1] if len(inside) == 1 else h1 if len(h1) == 1 else []
    if matches:
        element = max(matches, key=lambda e: len(text_of(e)))
        return clean_spacing(text_of(element)), element
    return clean_spacing(max(named, key=len)) if named else "", None


def _same_title(shown: str, segment: str) -> bool:
    """Whether a heading shows the title a <title> segment names (which sites may cut short with '…')."""
    cut = segment.rstrip("…. ")
    return shown == segment or (len(cut) >= 6 and cut != segment and shown.startswith(cut))


def text_of(element: HtmlElement) -> str:
    """An element's text with whitespace runs as single spaces."""
    return norm(element.text_content())


def norm(text: str) -> str:
    """Whitespace runs (including no-break and ideographic spaces) as single spaces, ends stripped."""
    return " ".join(text.split())


def _features(element: HtmlElement) -> str:
    """An element's class and id, which name its role on most sites."""
    return f"{element.get('class', '')} {element.get('id', '')}" if isinstance(element.tag, str) else ""


def _drop(element: HtmlElement) -> None:
    """Remove an element but keep the text after it."""
    if element.getparent() is not None:
        element.drop_tree()
