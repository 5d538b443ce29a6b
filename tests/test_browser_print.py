"""Printed reports look like an official document (GB/T 9704), in real headless Chromium."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page

from browser import serve
from conftest import SAMPLE, Build, clean_build, report

CHROME = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".nb-header-search",
          ".nb-crumbs", ".nb-actions", ".nb-series", ".nb-same-year", ".nb-follow", ".headerlink"]
LONG = "\n\n".join("全年围绕中心、服务大局，扎实推进各项工作，取得明显成效。" * 6 for _ in range(20))
EXTRA = {
    "2022/zgh.md": report("坪山区总工会2022年工作总结", "pingshan-zgh", 2022, date="2023-01-10", body=(
        "## 工作概况\n\n正文。\n\n### 建会\n\n#### 场地\n\n甲。\n\n#### 人员\n\n乙。\n\n### 服务\n\n#### 场地\n\n丙。\n\n"
        "## 工作计划\n\n### 继续\n\n计划。\n\n" + LONG + "\n")),
    "2022/tqw.md": report("团区委2022年工作总结", "pingshan-tqw", 2022, date="2023-01-12",
                          body="## 一、概况\n\n### 青年驿站\n\n正文。\n\n### 志愿服务\n\n正文。\n\n## 二、计划\n\n### 继续\n\n正文。\n"),
}


@pytest.fixture(scope="module")
def plain_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """SAMPLE plus reports whose headings carry no numbers (all levels, or only h3)."""
    return clean_build(tmp_path_factory.mktemp("print"), SAMPLE | EXTRA)


@pytest.fixture
def printed(browser: Browser, plain_build: Build) -> Iterator[tuple[Page, str]]:
    """A page emulating print media, and the base URL of the served build."""
    with serve(plain_build.site) as base:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.emulate_media(media="print")
        yield page, base
        assert errors == []
        page.close()


def style(page: Page, selector: str, prop: str, pseudo: str | None = None) -> str:
    """A computed style property of the first element matching selector."""
    return page.eval_on_selector(selector, "(e, [p, ps]) => getComputedStyle(e, ps).getPropertyValue(p)", [prop, pseudo])


def rendered_headings(page: Page) -> list[str]:
    """Each laid-out h2–h4 as drawn, generated numbers included."""
    # getComputedStyle(..., '::before').content only gives the counter() source, so read the layout tree.
    cdp = page.context.new_cdp_session(page)
    snap = cdp.send("DOMSnapshot.captureSnapshot", {"computedStyles": []})
    cdp.detach()
    strings, doc = snap["strings"], snap["documents"][0]
    names = [strings[i] for i in doc["nodes"]["nodeName"]]
    parents = doc["nodes"]["parentIndex"]
    texts: dict[int, str] = {}
    for node, text in zip(doc["layout"]["nodeIndex"], doc["layout"]["text"]):
        heading = enclosing_heading(node, names, parents)
        if heading is not None and text >= 0:
            texts[heading] = texts.get(heading, "") + strings[text]
    return list(texts.values())


def enclosing_heading(node: int, names: list[str], parents: list[int]) -> int | None:
    """The index of the h2–h4 containing node (or node itself), if any."""
    while node >= 0:
        if names[node] in ("H2", "H3", "H4"):
            return node
        node = parents[node]
    return None


def test_print_hides_the_site_chrome(printed: tuple[Page, str]) -> None:
    page, base = printed
    page.goto(base + "reports/2021/zgh/")
    for selector in CHROME:
        boxes = page.eval_on_selector_all(selector, "els => els.map(e => e.getClientRects().length)")
        assert boxes and set(boxes) == {0}, selector
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.eval_on_selector("article.md-content__inner", "e => e.getBoundingClientRect().width") == pytest.approx(width, abs=1)


def test_print_typography_is_official(printed: tuple[Page, str]) -> None:
    page, base = printed
    page.goto(base + "reports/2021/zgh/")
    assert style(page, "h1", "text-align") == "center"
    assert re.search(r"SimSun|宋体|Songti|STSong", style(page, "h1", "font-family"))
    assert style(page, "h1", "font-size") == "29.3333px"  # 22pt
    family = style(page, ".nb-body p", "font-family")
    assert family.strip('"').startswith(("FangSong", "仿宋"))
    assert style(page, ".nb-body p", "font-size") == "21.3333px"  # 16pt, 三号
    assert style(page, ".nb-body p", "text-indent") == "42.6667px"  # two characters
    assert style(page, ".nb-body h2", "font-family").startswith("SimHei")
    assert style(page, ".nb-body h3", "font-family").startswith("KaiTi")
    assert style(page, ".nb-body p", "color") == "rgb(0, 0, 0)"


def test_print_shows_the_signature(printed: tuple[Page, str]) -> None:
    page, base = printed
    page.goto(base + "reports/2021/zgh/")
    signature = page.locator(".nb-signature")
    assert signature.is_visible()
    assert signature.inner_text().split() == ["坪山区总工会", "2022年1月20日"]
    body = page.locator(".nb-body").bounding_box()
    box = signature.bounding_box()
    assert body and box and box["y"] >= body["y"] + body["height"]
    assert box["x"] + box["width"] > body["x"] + body["width"] / 2  # on the right


def test_print_tables_and_links_are_plain(printed: tuple[Page, str]) -> None:
    page, base = printed
    page.goto(base + "reports/2021/zgh/")
    assert style(page, ".nb-metrics td", "border-top-style") == "solid"
    assert style(page, ".nb-metrics td", "border-top-color") == "rgb(0, 0, 0)"
    assert style(page, ".nb-metrics tr", "break-inside") == "avoid"
    assert style(page, ".nb-body h2", "break-after") == "avoid"
    assert style(page, ".nb-metrics th a", "color") == "rgb(0, 0, 0)"
    assert style(page, ".nb-metrics th a", "text-decoration-line") == "none"
    assert style(page, ".nb-metrics th a", "content", "::after") in ("none", "normal")


def test_numbered_headings_get_no_extra_numbers(printed: tuple[Page, str]) -> None:
    page, base = printed
    page.goto(base + "reports/2021/zgh/")
    assert style(page, ".nb-body h2", "content", "::before") in ("none", "normal", "")
    assert rendered_headings(page) == ["一、2021年工作成绩", "（一）建会", "二、2022年工作计划"]


def test_unnumbered_headings_get_official_numbers(printed: tuple[Page, str]) -> None:
    page, base = printed
    page.goto(base + "reports/2022/zgh/")
    assert page.get_attribute(".nb-body", "class") == "nb-body nb-number-h2 nb-number-h3 nb-number-h4"
    assert rendered_headings(page) == [
        "一、工作概况", "（一）建会", "1.场地", "2.人员", "（二）服务", "1.场地", "二、工作计划", "（一）继续"]


def test_only_unnumbered_levels_are_numbered(printed: tuple[Page, str]) -> None:
    page, base = printed
    page.goto(base + "reports/2022/tqw/")
    assert rendered_headings(page) == ["一、概况", "（一）青年驿站", "（二）志愿服务", "二、计划", "（一）继续"]


def test_on_screen_the_signature_hides_and_the_button_shows(browser: Browser, sample_build: Build) -> None:
    with serve(sample_build.site) as base:
        page = browser.new_page()
        page.goto(base + "reports/2021/zgh/")
        assert not page.is_visible(".nb-signature")
        assert page.is_visible(".nb-print") and page.inner_text(".nb-print") == "打印 / 导出 PDF"
        assert "FangSong" not in style(page, ".nb-body p", "font-family")
        page.close()


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """The width and height in points of each page of a PDF."""
    assert pdf.startswith(b"%PDF-")
    count = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    boxes = [(float(w), float(h)) for w, h in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)]
    assert len(boxes) == count
    return boxes


def test_pdf_is_a4_with_page_numbers(printed: tuple[Page, str]) -> None:
    page, base = printed
    page.goto(base + "reports/2021/zgh/")
    short = pdf_pages(page.pdf(format="A4"))
    page.goto(base + "reports/2022/zgh/")
    long = pdf_pages(page.pdf(format="A4"))
    assert len(short) == 1 and len(long) >= 2
    for width, height in short + long:
        assert width == pytest.approx(595.3, abs=1.5) and height == pytest.approx(841.9, abs=1.5)
    margin_boxes = page.evaluate("""() => [...document.styleSheets].filter(s => (s.href || '').endsWith('/print.css'))
        .flatMap(s => [...s.cssRules]).filter(r => r instanceof CSSPageRule)
        .flatMap(r => [...r.cssRules]).map(m => [m.name, m.style.content])""")
    assert ["bottom-center", '"— " counter(page) " —"'] in margin_boxes


def test_print_css_uses_no_web_fonts(repo: Path) -> None:
    css = (repo / "overrides/assets/nianbao/print.css").read_text(encoding="utf-8")
    assert "@font-face" not in css.lower() and "url(" not in css.lower()
    assert "@page" in css and "FangSong" in css
