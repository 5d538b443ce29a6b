"""The comparison picker (issue 19) in real headless Chromium: any two reports of an org, diffed from the published data."""
from __future__ import annotations

from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page

from browser import serve
from conftest import Build, clean_build
from test_compare_site import SITE


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return clean_build(tmp_path_factory.mktemp("picker"), SITE)


@pytest.fixture
def tab(browser: Browser, built: Build) -> Iterator[tuple[Page, str]]:
    with serve(built.site) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        yield page, base
        assert errors == []
        page.close()


def test_the_org_page_compares_two_chosen_reports(tab: tuple[Page, str]) -> None:
    page, base = tab
    page.goto(base + "orgs/pingshan-zgh/")
    assert page.is_visible("[data-nb-picker]")
    page.select_option("select[name=left]", "reports/2020/zgh.md")
    page.select_option("select[name=right]", "reports/2021/zgh.md")
    page.click("[data-nb-picker] button[type=submit]")
    out = page.wait_for_selector("[data-nb-picker-out] .nb-compare")
    assert out.get_attribute("data-compare-left") == "reports/2020/zgh.md"
    assert out.get_attribute("data-compare-right") == "reports/2021/zgh.md"
    assert page.eval_on_selector_all("[data-nb-picker-out] del", "els => els.map(e => e.textContent)")[:2] == ["70", "八"]
    assert page.eval_on_selector_all("[data-nb-picker-out] ins", "els => els.map(e => e.textContent)")[:2] == ["85", "九"]
    statuses = page.eval_on_selector_all("[data-nb-picker-out] .nb-cmp-status", "els => els.map(e => e.textContent)")
    assert statuses == ["未变", "有改动", "新增", "删去"]
    assert page.locator("[data-nb-picker-out] details.nb-cmp-fold").count() == 1


def test_the_comparison_page_picker_starts_from_its_pair_and_takes_any_other(tab: tuple[Page, str]) -> None:
    page, base = tab
    page.goto(base + "reports/2021/zgh/compare/")
    assert page.input_value("select[name=left]") == "reports/2020/zgh.md"
    assert page.input_value("select[name=right]") == "reports/2021/zgh.md"
    page.select_option("select[name=left]", "reports/2021/zgh-plan.md")
    page.click("[data-nb-picker] button[type=submit]")
    out = page.wait_for_selector("[data-nb-picker-out] .nb-compare")
    assert out.get_attribute("data-compare-left") == "reports/2021/zgh-plan.md"
    assert "推进母婴室建设" in page.text_content("[data-nb-picker-out]")


def test_without_javascript_the_page_still_shows_and_unfolds(browser: Browser, built: Build) -> None:
    with serve(built.site) as base:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base + "reports/2021/zgh/compare/")
        assert not page.is_visible("[data-nb-picker]")  # needs the script: hidden
        assert not page.is_visible("details.nb-cmp-fold .nb-cmp-row >> nth=0")
        page.click("details.nb-cmp-fold > summary")
        assert page.is_visible("details.nb-cmp-fold .nb-cmp-row >> nth=0")
        context.close()


def test_phone_width_interleaves_old_and_new(browser: Browser, built: Build) -> None:
    with serve(built.site) as base:
        page = browser.new_page(viewport={"width": 360, "height": 800})
        page.goto(base + "reports/2021/zgh/compare/")
        old, new = (page.eval_on_selector(f".nb-cmp-changed .nb-cmp-{k}", "e => e.getBoundingClientRect().toJSON()") for k in ("old", "new"))
        assert new["top"] >= old["bottom"] - 1 and abs(new["left"] - old["left"]) < 2  # one above the other
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        page.set_viewport_size({"width": 1280, "height": 800})
        old, new = (page.eval_on_selector(f".nb-cmp-changed .nb-cmp-{k}", "e => e.getBoundingClientRect().toJSON()") for k in ("old", "new"))
        assert abs(new["top"] - old["top"]) < 2 and new["left"] > old["right"] - 1  # side by side
        page.close()
