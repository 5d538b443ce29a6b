"""Keyboard use (WCAG 2.1.1, 2.4.1, 2.4.7) in real headless Chromium: every control is reached with Tab and works from the
keyboard, with a visible focus ring, at desktop and phone width."""
from __future__ import annotations

from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page

from a11y import DESKTOP, PHONE, Edition, checker_context, edition, open_page
from browser import serve

TAB_LIMIT = 300


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Edition, str]]:
    """The internal edition of the generated archive and the base URL it is served at."""
    built = edition("internal", tmp_path_factory)
    with serve(built.site) as base:
        yield built, base


def new_page(browser: Browser, width: int) -> Page:
    """A fresh page of the given width whose window.print only counts its calls (in window.__printed)."""
    context = checker_context(browser, width)
    context.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    return context.new_page()


def tab_to(page: Page, selector: str) -> int:
    """Press Tab until the focused element matches the selector; the number of presses it took."""
    for presses in range(1, TAB_LIMIT + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} is not reached with {TAB_LIMIT} presses of Tab")


RING_JS = """() => {
  const missing = [];
  const all = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
    .filter((e) => e.tabIndex >= 0 && !e.disabled && e.checkVisibility({visibilityProperty: true}));
  let checked = 0;
  for (const e of all) {
    e.focus({preventScroll: true});
    if (document.activeElement !== e) continue;
    checked++;
    const style = getComputedStyle(e);
    if (e.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) continue;
    const label = (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 20);
    missing.push(`${e.tagName.toLowerCase()}.${e.className.baseVal ?? e.className} “${label}”: ${style.outlineStyle} ${style.outlineWidth}`);
  }
  return [checked, missing];
}"""


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("kind", ["home", "org", "year", "metric", "status", "archive", "search", "report", "guide"])
def test_every_control_shows_a_focus_ring(served: tuple[Edition, str], browser: Browser, kind: str, width: int) -> None:
    built, base = served
    page = new_page(browser, width)
    open_page(page, base + built.kinds[kind])
    page.keyboard.press("Tab")  # the reader is on the keyboard: focus from script shows the ring as Tab would
    checked, missing = page.evaluate(RING_JS)
    assert checked > 10 and missing == []
    page.context.close()


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_skip_link_leads_past_the_navigation(served: tuple[Edition, str], browser: Browser, width: int) -> None:
    built, base = served
    page = new_page(browser, width)
    open_page(page, base + built.kinds["report"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('a.md-skip')")
    page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'")  # it shows while focused
    page.keyboard.press("Enter")
    assert page.url.endswith("#nb-content")
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('nb-content').contains(document.activeElement)")
    page.context.close()


def test_drawer_opens_from_the_keyboard_on_a_phone(served: tuple[Edition, str], browser: Browser) -> None:
    """The closed drawer's links are out of the tab order; the menu button opens it, Tab walks its links, Escape closes it."""
    built, base = served
    page = new_page(browser, PHONE)
    open_page(page, base + built.kinds["report"])
    assert tab_to(page, "button.nb-menu") == 2  # right after the skip link
    assert page.get_attribute("button.nb-menu", "aria-expanded") == "false"
    assert not page.is_visible(".md-sidebar--primary .md-nav__link")
    page.keyboard.press("Enter")
    assert page.get_attribute("button.nb-menu", "aria-expanded") == "true"
    page.wait_for_function("() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")  # slid in
    tab_to(page, ".md-sidebar--primary a.md-nav__link")
    box = page.evaluate("(r => [r.left, r.right])(document.activeElement.getBoundingClientRect())")
    assert 0 <= box[0] < box[1] <= PHONE  # the focused link is on screen
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.matches('button.nb-menu') && !document.getElementById('__drawer').checked")
    page.context.close()


def test_desktop_has_tabs_and_no_menu_button(served: tuple[Edition, str], browser: Browser) -> None:
    built, base = served
    page = new_page(browser, DESKTOP)
    open_page(page, base + built.kinds["report"])
    assert page.locator("button.nb-menu").count() == 1 and not page.is_visible("button.nb-menu")
    assert page.is_visible(".md-tabs a.md-tabs__link")
    page.context.close()


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_header_search_from_the_keyboard(served: tuple[Edition, str], browser: Browser, width: int) -> None:
    built, base = served
    page = new_page(browser, width)
    open_page(page, base + built.kinds["year"])
    tab_to(page, ".nb-header-search input")
    page.keyboard.type("母婴")
    page.keyboard.press("Enter")
    page.wait_for_selector("#search-results[data-total]")
    assert int(page.get_attribute("#search-results", "data-total")) > 0
    page.context.close()


def test_search_facets_and_more_from_the_keyboard(served: tuple[Edition, str], browser: Browser) -> None:
    built, base = served
    page = new_page(browser, DESKTOP)
    open_page(page, base + built.kinds["search"])
    total = int(page.get_attribute("#search-results", "data-total"))
    shown = page.locator("li.nb-hit").count()
    tab_to(page, "#search-results .nb-more")
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('li.nb-hit').length > n", arg=shown)
    page.goto(base + built.kinds["search"])
    page.wait_for_selector("#search-results[data-total]")
    tab_to(page, "select[name=org]")
    page.keyboard.press("ArrowDown")  # a closed select takes the next option, and the search follows
    page.wait_for_function("n => location.search.includes('org=') && Number(document.getElementById('search-results').dataset.total) < n", arg=total)
    tab_to(page, "#nb-search button[type=reset]")
    page.keyboard.press("Enter")
    page.wait_for_function("n => Number(document.getElementById('search-results').dataset.total) === n", arg=total)
    page.context.close()


def test_archive_filters_and_sorting_from_the_keyboard(served: tuple[Edition, str], browser: Browser) -> None:
    built, base = served
    page = new_page(browser, DESKTOP)
    open_page(page, base + built.kinds["archive"])
    rows = page.locator("[data-nb-filterable] tbody tr").count()
    tab_to(page, "[data-nb-filters] select[name=year]")
    page.keyboard.press("ArrowDown")
    visible = page.locator("[data-nb-filterable] tbody tr:not([hidden])").count()
    assert 0 < visible < rows and "year=" in page.url
    tab_to(page, "[data-nb-filterable] th button.nb-sort")
    page.keyboard.press("Enter")
    assert page.get_attribute("[data-nb-filterable] th:first-child", "aria-sort") == "ascending"
    page.keyboard.press("Space")
    assert page.get_attribute("[data-nb-filterable] th:first-child", "aria-sort") == "descending"
    page.context.close()


def test_chart_chips_from_the_keyboard(served: tuple[Edition, str], browser: Browser) -> None:
    built, base = served
    page = new_page(browser, DESKTOP)
    open_page(page, base + built.kinds["metric"])
    target = page.eval_on_selector_all(".nb-default nav.nb-chips a", "els => els[1].getAttribute('href')")
    tab_to(page, f".nb-default nav.nb-chips a[href='{target}']")
    page.keyboard.press("Enter")
    page.wait_for_function("s => document.querySelector(s).checkVisibility()", arg=target)
    assert page.url.endswith(target) and not page.is_visible(".nb-default")
    page.context.close()


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_print_from_the_keyboard(served: tuple[Edition, str], browser: Browser, width: int) -> None:
    built, base = served
    page = new_page(browser, width)
    open_page(page, base + built.kinds["report"])
    tab_to(page, "button.nb-print")
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert page.evaluate("window.__printed") == 2
    page.context.close()


def test_scrolling_boxes_scroll_from_the_keyboard(served: tuple[Edition, str], browser: Browser) -> None:
    """A table too wide for a phone is reached with Tab and scrolled with the arrow keys."""
    built, base = served
    page = new_page(browser, PHONE)
    open_page(page, base + built.kinds["years"])
    tab_to(page, ".nb-scroll")
    assert page.evaluate("(e => e.scrollWidth > e.clientWidth && e.scrollLeft === 0)(document.activeElement)")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0")
    page.context.close()
