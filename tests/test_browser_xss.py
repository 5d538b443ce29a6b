"""A built site whose reports and catalog carry every known script-injection vector, read in real Chromium."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from browser import serve
from conftest import CATALOG, SAMPLE, Build, report, run_build
from xss_vectors import VECTORS

MARK = '"><img src=x onerror=alert(1)><script>alert(2)</script></title></textarea>'
HOSTILE_CATALOG = (CATALOG.replace("name: 坪山区总工会,", f"name: '坪山区总工会{MARK}',")
                   .replace("label: 注册志愿者", f"label: '注册志愿者{MARK}'")
                   .replace("name: 年度工作总结", f"name: '年度工作总结{MARK}'")
                   .replace("description: 建成并投入使用的母婴室", f"description: '母婴室{MARK}'"))
BODY = "## 一、<img src=x onerror=alert(3)>标题\n\n" + "\n\n".join(f"第{i}段：母婴室。\n\n{v}" for i, v in enumerate(VECTORS)) + "\n\n结尾段落。\n"
REPORTS = {**SAMPLE, "catalog.yml": HOSTILE_CATALOG,
           "2022/xss.md": report(f"'恶意报告{MARK}'", "pingshan-zgh", 2022, body=BODY, tags=f"['标签{MARK}', 母婴室]",
                                 summary=f"'摘要{MARK}'", metrics="{volunteers: 76000, mothers_rooms: 90}")}
PAGES = ["reports/2022/xss/", "reports/2022/xss/?h=母婴室", "orgs/pingshan-zgh/", "archive/", "", "tags/", "metrics/volunteers/",
         "years/2022/", "search/?q=母婴室", "search/?q=onerror", "status/"]
# Elements that report text must never bring into a page (the site's own header search form lives outside .nb-body).
FORBIDDEN = "script, style, iframe, frame, object, embed, form, input, textarea, select, button, base, meta, link, svg, math"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hostile archive, built (with warnings for what was removed) and served on loopback."""
    build: Build = run_build(tmp_path_factory.mktemp("xss"), REPORTS, strict=False)
    assert build.returncode == 0, build.output
    assert "reports/2022/xss.md:" in build.output and "正文含有不安全的 HTML，发布时已删除" in build.output
    with serve(build.site) as base:
        yield base


@dataclass
class Watch:
    """Everything a page did that report text could have caused."""

    dialogs: list[str] = field(default_factory=list)
    off_site: list[str] = field(default_factory=list)
    navigations: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextmanager
def watched(browser: Browser, base: str) -> Iterator[tuple[Page, Watch]]:
    """A fresh page that records dialogs, requests off the site, navigations and script errors."""
    context = browser.new_context()
    watch = Watch()
    site = urlsplit(base).netloc

    def route(route) -> None:  # type: ignore[no-untyped-def]
        if urlsplit(route.request.url).netloc != site:
            watch.off_site.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
    page.on("framenavigated", lambda f: watch.navigations.append(f.url))
    page.on("pageerror", lambda e: watch.errors.append(str(e)))
    try:
        yield page, watch
    finally:
        context.close()


@pytest.mark.parametrize("url", PAGES)
def test_no_vector_runs_loads_navigates_or_hides_the_page(hostile: str, browser: Browser, url: str) -> None:
    with watched(browser, hostile) as (page, watch):
        page.goto(hostile + url, wait_until="networkidle")
        page.mouse.move(300, 300)
        for _ in range(8):  # focus-driven vectors (autofocus onfocus=…)
            page.keyboard.press("Tab")
        for summary in page.locator(".nb-body summary").all():
            summary.click()  # ontoggle
        page.wait_for_timeout(300)
        assert watch.dialogs == [] and watch.errors == []
        assert watch.off_site == []
        assert len(watch.navigations) == 1 and watch.navigations[0].startswith(hostile)
        assert page.evaluate("getComputedStyle(document.body).display") != "none"
        assert page.locator("h1").first.is_visible()
        assert page.evaluate("document.querySelectorAll('base, meta[http-equiv=refresh], body script:not([src]):not([type])').length") == 0
        assert page.locator(".nb-body").evaluate_all(f"els => els.map(e => e.querySelectorAll({FORBIDDEN!r}).length)") in ([], [0])


def test_the_report_keeps_its_text_and_shows_hostile_fields_as_text(hostile: str, browser: Browser) -> None:
    with watched(browser, hostile) as (page, watch):
        page.goto(hostile + "reports/2022/xss/", wait_until="networkidle")
        assert page.locator("h1").first.inner_text() == f"恶意报告{MARK}"
        text = page.locator(".nb-body").inner_text()
        assert all(f"第{i}段：母婴室。" in text for i in range(len(VECTORS))), text
        assert page.locator(".nb-summary").inner_text() == f"摘要{MARK}"
        hrefs = page.locator(".nb-body a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert all(not h.lower().lstrip().startswith(("javascript", "vbscript", "data")) for h in hrefs), hrefs
        assert watch.dialogs == []
