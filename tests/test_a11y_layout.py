"""Small screens and zoom (WCAG 1.4.4, 1.4.10, 2.5.8), in real headless Chromium on every page kind of both editions:
nothing scrolls the page sideways, no short label is squeezed, sideways-scrolling boxes are named focusable regions
with a sticky first column and a visible cue, and the header search works on a phone."""
from __future__ import annotations

from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route

from a11y import EDITIONS, KINDS, Edition, checker_context, edition, layout_problems, open_page
from browser import serve

# 320 px: reflow (1.4.10); 360–414 px: common phones; 640 px: a 1280 px screen at 200% zoom (1.4.4).
WIDTHS = (320, 360, 414, 640)


@pytest.fixture(scope="module", params=EDITIONS)
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Edition, str]]:
    """An edition of the generated archive and the base URL it is served at."""
    built = edition(request.param, tmp_path_factory)
    with serve(built.site) as base:
        yield built, base


@pytest.fixture(scope="module", params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page of the given width."""
    context = checker_context(browser, request.param)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("kind", KINDS)
def test_layout_fits_the_screen(served: tuple[Edition, str], page: Page, kind: str) -> None:
    built, base = served
    if kind not in built.kinds:
        return  # the public edition has no status page
    open_page(page, base + built.kinds[kind])
    assert layout_problems(page) == []


def test_the_check_sees_a_page_that_scrolls_sideways(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> None:
    """The checker is live: tables let out of their boxes, and cells squeezed by a narrow column, are reported."""
    built = edition("internal", tmp_path_factory)
    with serve(built.site) as base:
        context = checker_context(browser, 360)
        page = context.new_page()

        def loosen(route: Route) -> None:
            response = route.fetch()
            route.fulfill(response=response, body=response.text() + "\n.nb-scroll { overflow: visible !important; }\n"
                          ".md-typeset .nb-metric-years th[scope=row] { white-space: normal !important; width: 1em; }\n")
        page.route("**/assets/nianbao/nianbao.css", loosen)
        open_page(page, base + built.kinds["metric"])
        problems = layout_problems(page)
        assert any("the page is" in p for p in problems), problems
        assert any("is broken over" in p for p in problems), problems
        context.close()


@pytest.mark.parametrize("width", [320, 360, 414])
def test_header_search_on_a_phone(served: tuple[Edition, str], browser: Browser, width: int) -> None:
    """The header search box is a usable target, widens to most of the header while typing, and searches."""
    built, base = served
    context = checker_context(browser, width)
    page = context.new_page()
    open_page(page, base + built.kinds["report"])
    box = page.locator(".nb-header-search input")
    assert box.is_visible() and box.bounding_box()["height"] >= 24
    box.focus()
    assert box.bounding_box()["width"] >= width * 0.5
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box.fill("母婴")
    box.press("Enter")
    page.wait_for_selector("#search-results[data-total]")
    assert "search/?q=" in page.url and int(page.get_attribute("#search-results", "data-total")) > 0
    context.close()
