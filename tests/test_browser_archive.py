"""The archive filters, in real headless Chromium."""
from __future__ import annotations

from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page

from browser import serve
from conftest import Build


@pytest.fixture
def archive(browser: Browser, sample_build: Build) -> Iterator[tuple[Page, str]]:
    with serve(sample_build.site) as base:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        yield page, base + "archive/"
        assert errors == []
        page.close()


def visible_titles(page: Page) -> list[str]:
    return page.eval_on_selector_all("[data-nb-filterable] tbody tr:not([hidden]) td:first-child > a:first-child", "els => els.map(e => e.textContent)")


def test_filters_narrow_the_list_without_reloading(archive: tuple[Page, str]) -> None:
    page, url = archive
    page.goto(url)
    assert page.is_visible("[data-nb-filters]")
    assert len(visible_titles(page)) == 6
    page.evaluate("window.__noReload = true")
    page.select_option("select[name=org]", "pingshan-zgh")
    assert sorted(visible_titles(page)) == ["坪山区总工会2020年工作总结", "坪山区总工会2021年工作总结", "坪山区总工会2021年工作计划"]
    page.select_option("select[name=year]", "2021")
    page.select_option("select[name=type]", "annual")
    assert visible_titles(page) == ["坪山区总工会2021年工作总结"]
    assert page.text_content("[data-nb-count]") == "1"
    assert page.evaluate("window.__noReload") is True
    assert page.url.endswith("?org=pingshan-zgh&year=2021&type=annual")


def test_tag_filter_and_empty_result(archive: tuple[Page, str]) -> None:
    page, url = archive
    page.goto(url)
    page.select_option("select[name=tag]", "母婴室")
    assert sorted(visible_titles(page)) == ["区妇联2019年工作总结", "坪山区总工会2020年工作总结"]
    page.select_option("select[name=year]", "2021")
    assert visible_titles(page) == [] and page.is_visible("[data-nb-empty]")
    page.click("button[type=reset]")
    page.wait_for_function("document.querySelector('[data-nb-count]').textContent === '6'")
    assert len(visible_titles(page)) == 6


def test_filter_from_a_shared_link(archive: tuple[Page, str]) -> None:
    page, url = archive
    page.goto(url + "?year=2020")
    assert sorted(visible_titles(page)) == ["XX区总工会2020年工作总结", "坪山区总工会2020年工作总结"]
    assert page.input_value("select[name=year]") == "2020"


def test_without_javascript_the_full_list_shows(browser: Browser, sample_build: Build) -> None:
    with serve(sample_build.site) as base:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base + "archive/")
        assert len(visible_titles(page)) == 6
        assert not page.is_visible("[data-nb-filters]")
        context.close()


def column(page: Page, index: int) -> list[str]:
    return page.eval_on_selector_all(
        f"[data-nb-filterable] tbody tr:not([hidden]) td:nth-child({index})",
        "els => els.map(e => (e.querySelector('a') || e).textContent.trim())")


def test_columns_sort_and_filters_still_apply(archive: tuple[Page, str]) -> None:
    page, url = archive
    page.goto(url)
    before = column(page, 2)
    page.click("th >> text=日期")
    assert page.get_attribute("th:nth-child(5)", "aria-sort") == "ascending"
    assert column(page, 5) == ["2021-01-15", "2022-01-20", "", "", "", ""]  # undated rows stay last
    page.click("th >> text=日期")
    assert column(page, 5)[:2] == ["2022-01-20", "2021-01-15"]
    page.click("th >> text=年度")
    assert column(page, 3) == ["2019", "2020", "2020", "2021", "2021", "2021"]
    page.click("th >> text=组织")
    orgs = column(page, 2)
    assert orgs == page.evaluate("o => o.slice().sort(new Intl.Collator('zh-CN', {numeric: true}).compare)", orgs)
    assert len(set(orgs)) == 4 and orgs != before
    page.select_option("select[name=year]", "2021")
    assert column(page, 3) == ["2021", "2021", "2021"]
