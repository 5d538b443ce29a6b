"""Read a web page saved by a browser (.html/.htm, or single-file .mhtml/.mht) into its article's title and blocks."""
from __future__ import annotations

import re
from pathlib import Path

from .clean import is_noise_line
from .common import ImportFailure, display_width, line_joiner
from .docx import paragraph_blocks
from .docx_text import Piece, group, has_bold, plain
from .layout import joins, split_title, wrap_width
from .source import read_bytes
from .structure import Block, Extracted, Outline
from .webpage_article import drop_chrome, find_article, find_title, page_title, parse_page
from .webpage_blocks import Heading, Item, Para, walk_article
from .webpage_text import respaced
from .webpage_source import page_html

__all__ = ["is_page_chrome", "read_webpage"]

# Lines only web pages show around an article (the text importer's patterns catch the rest): print/close links, the
# font-size switcher, previous/next article, the publish-date/source line, counters, share bars, site footers.
_PAGE_CHROME = re.compile(
    r"^(?:【?\s*(?:打印(?:本页|此页|文章|正文)?|关闭(?:本页|窗口|此页)?|返回(?:顶部|首页|列表)?|收藏(?:本页)?|分享(?:到)?|"
    r"我要纠错|加入收藏|设为首页)\s*】?(?:\s+|[|｜]\s*|(?=【)|$))+$"
    r"|字号[:：]|【\s*大\s*中\s*小\s*】|字体[:：]?\s*【?\s*大\s*中\s*小"
    r"|^(?:上一[篇条页]|下一[篇条页])(?:[:：]|\s|$)"
    r"|^(?:发布|更新|发稿|成文)(?:时间|日期)[:：]|^(?:信息)?来源[:：]|^(?:责任)?编辑[:：]|^作者[:：]|^(?:文章)?(?:标签|关键词)[:：]"
    r"|^分享到|^扫一扫|(?:浏览|阅读|访问|点击)(?:次数|量|数)[:：]|您是第\s*\d*\s*位访[问客]者|^访问量"
    r"|^(?:您(?:现在)?的位置|所在位置|当前位置)[:：]|^(?:主办|承办|协办)(?:单位)?[:：]|^技术支持[:：]|网站标识码"
    r"|^(?:网站地图|联系我们|法律声明|隐私声明|关于我们)(?:\s|[|｜]|$)|^建议使用|最佳浏览效果|^copyright\b|©\s*\d{4}"
    r"|^(?:相关(?:阅读|链接|新闻|信息|稿件)|推荐阅读|延伸阅读)$",
    re.IGNORECASE)
_CHROME_LENGTH = 80  # longer lines are report text whatever words they contain
# A text hard-wrapped by a PDF has lines of 20+ Chinese characters; pages of short paragraphs are not wrapped text.
_WRAPPED_WIDTH = 35


def read_webpage(path: Path) -> Extracted:
    """The article of a saved web page: title, blocks (headings, lists, tables, bold) and notes; ImportFailure otherwise."""
    root = parse_page(page_html(read_bytes(path)))
    title_text = page_title(root)
    drop_chrome(root)
    article = find_article(root)
    title, shown = find_title(root, article, title_text)
    if shown is not None and not any(shown is a or shown in a.iterancestors() for a in article):
        shown.drop_tree()  # the title heading is the report's title, not a section of its body
    images = sum(1 for element in article for _ in element.iter("img"))
    title, blocks, text = page_blocks(walk_article(article), title)
    if not blocks and not text:
        raise ImportFailure("网页中没有找到正文：去掉网站的菜单、导航、页脚等内容后没有文字；请确认保存的是报告正文所在的网页")
    return Extracted(title, blocks, notes=[f"网页中的 {images} 张图片未导入"] if images else [], text=text)


def is_page_chrome(line: str) -> bool:
    """Whether a line is web-page furniture: the text importer's noise, or chrome only web pages show."""
    return is_noise_line(line) or is_web_chrome(line)


def is_web_chrome(line: str) -> bool:
    """Whether a line is furniture only web pages show around an article (print links, counters, previous/next…)."""
    return len(line) <= _CHROME_LENGTH and bool(_PAGE_CHROME.search(line))


def page_blocks(items: list[Item], title: str) -> tuple[str, list[Block], str]:
    """The title and body blocks, or for a page with no markup of its own (only plain paragraphs) its text."""
    if all(isinstance(item, Para) and not any(has_bold(line) for line in item.lines) for item in items):
        return text_blocks([[plain(line) for line in item.lines] for item in items if isinstance(item, Para)], title)
    return (*structured_blocks(items, title), "")


def text_blocks(paragraphs: list[list[str]], title: str) -> tuple[str, list[Block], str]:
    """A page that is pasted text (as LibreOffice or a CMS writes it): its lines, for the text importer to read."""
    # Paragraphs and <br> lines are paragraphs, unless they are the lines of a hard-wrapped text (a PDF pasted line by line).
    wrapped = wrapped_width([line for lines in paragraphs for line in lines]) is not None
    lines: list[str] = []
    for line in (line for paragraph in paragraphs for line in paragraph):
        if not is_web_chrome(line):  # the text importer drops (and cuts at) the rest
            lines += [line] if wrapped else [line, ""]
    if all(is_noise_line(line) for line in lines if line):
        return title, [], ""
    return title, [], "\n".join([title, "", *lines] if title else lines)


def structured_blocks(items: list[Item], title: str) -> tuple[str, list[Block]]:
    """Headings by tag and by numbering (一、/（一）…), paragraphs with bold, list items and tables."""
    units = [unit for item in items for unit in _units(item) if not is_page_chrome(_text(unit))]
    if not title and units and isinstance(units[0], list) and (first := split_title([plain(units[0])])[0]):
        title, units = first, units[1:]
    repeat = next((n for n, unit in enumerate(units[:3]) if _text(unit) == title), None)
    if repeat is not None:
        del units[repeat]
    outline = Outline([plain(unit) for unit in units if isinstance(unit, list)])
    top = min((unit.level for unit in units if isinstance(unit, Heading)), default=1)
    blocks: list[Block] = []
    for unit in units:
        if isinstance(unit, Heading):
            blocks.append(outline.styled_heading(unit.text, min(unit.level - top + 2, 6)))
        elif isinstance(unit, list):
            blocks += paragraph_blocks(unit, outline)
        else:
            blocks.append(unit)
    return title, blocks


def _units(item: Item) -> list[list[Piece] | Heading | Block]:
    """A paragraph's lines as paragraphs (joined where the text was hard-wrapped); headings and blocks as they are."""
    if not isinstance(item, Para):
        return [item]
    texts = [plain(line) for line in item.lines]
    full = wrapped_width(texts)
    lines: list[list[Piece]] = []
    for n, line in enumerate(item.lines):
        if n and joins(texts[n - 1], texts[n], full):
            lines[-1] = group([*lines[-1], (line_joiner(texts[n - 1], texts[n]), False), *line])
        else:
            lines.append(line)
    return [spaced for line in lines if (spaced := respaced(line))]


def wrapped_width(lines: list[str]) -> int | None:
    """The width from which a line counts as full when the lines are a hard-wrapped text, else None."""
    full = wrap_width([display_width(line) for line in lines])
    return full if full is not None and full >= _WRAPPED_WIDTH else None


def _text(unit: list[Piece] | Heading | Block) -> str:
    """The plain text of a unit."""
    return plain(unit) if isinstance(unit, list) else unit.text
