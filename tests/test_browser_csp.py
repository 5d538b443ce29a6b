"""The Content-Security-Policy in real headless Chromium: a script slipped into a page is blocked, the site's own scripts run."""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from browser import serve
from conftest import SAMPLE, Build, clean_build, write_tree
from nianbao.csp import page_policy
from project import REPO
from serving import serving

INJECTED = '<script>window.__pwned = 1</script><img src="data:,x" onerror="window.__pwned = 2">'
INJECTED_PAGES = ["reports/2021/zgh/", "search/", "archive/"]
# Playwright's init scripts run whatever the page's policy says, so they can watch the page from inside.
WATCH = """
document.addEventListener("securitypolicyviolation", (e) => (window.__violations ||= []).push(`${e.effectiveDirective} ${e.blockedURI}`));
window.print = () => { window.__printed = (window.__printed || 0) + 1; };
"""
QUERY = "母婴室"
NORMAL_PAGES = ["", "orgs/", "orgs/pingshan-zgh/", "years/", "years/2021/", "metrics/", "metrics/volunteers/", "status/",
                "archive/", "tags/", "tags/职工服务/", f"search/?q={QUERY}", f"reports/2021/zgh/?h={QUERY}", "guide/", "deploy/", "404.html"]
DARK = "切换到深色"
PALETTE = [{"scheme": "default", "primary": "red", "accent": "red", "toggle": {"icon": "material/brightness-7", "name": DARK}},
           {"scheme": "slate", "primary": "red", "accent": "red", "toggle": {"icon": "material/brightness-4", "name": "切换到浅色"}}]


@dataclass
class Tab:
    """A page whose JS errors and console errors are recorded."""

    page: Page
    errors: list[str] = field(default_factory=list)

    def violations(self) -> list[str]:
        """Every CSP violation the page reported, as 'directive blocked-URI'."""
        return self.page.evaluate("window.__violations || []")


@contextmanager
def watched(browser: Browser) -> Iterator[Tab]:
    """A page in a fresh context (empty localStorage), watching for CSP violations, JS errors and console errors."""
    context = browser.new_context()
    context.add_init_script(WATCH)
    tab = Tab(context.new_page())
    tab.page.on("pageerror", lambda e: tab.errors.append(f"pageerror: {e}"))
    tab.page.on("console", lambda m: tab.errors.append(f"console: {m.text}") if m.type == "error" else None)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture(scope="module")
def injected(sample_build: Build, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A copy of the sample site with INJECTED written into some pages after the build, served on loopback."""
    site = tmp_path_factory.mktemp("injected") / "site"
    shutil.copytree(sample_build.site, site)
    for url in INJECTED_PAGES:
        path = site / url / "index.html"
        html = path.read_text(encoding="utf-8")
        assert html.count("</body>") == 1
        path.write_text(html.replace("</body>", INJECTED + "</body>"), encoding="utf-8")
    with serve(site) as base:
        yield base


def check_blocked(tab: Tab) -> None:
    """INJECTED did not run; Chromium reported both parts as violations of script-src, and nothing else went wrong."""
    assert tab.page.evaluate("window.__pwned") is None
    assert sorted(set(tab.violations())) == ["script-src-attr inline", "script-src-elem inline"]
    assert tab.errors and all("Content Security Policy" in e for e in tab.errors), tab.errors


def test_injected_script_is_blocked_on_a_report_whose_own_scripts_run(injected: str, browser: Browser) -> None:
    with watched(browser) as tab:
        tab.page.goto(f"{injected}reports/2021/zgh/?h={QUERY}", wait_until="networkidle")
        expect(tab.page.locator("mark.nb-hl")).to_have_text([QUERY])  # highlight.js
        assert tab.page.evaluate("document.documentElement.classList.contains('js')")  # Material's bundle started
        assert tab.page.evaluate("__md_scope.pathname") == "/"  # material-base.js found the site root
        tab.page.click(".nb-print")
        assert tab.page.evaluate("window.__printed") == 1  # print.js
        check_blocked(tab)


def test_injected_script_is_blocked_where_search_still_answers(injected: str, browser: Browser) -> None:
    with watched(browser) as tab:
        tab.page.goto(injected + "search/")
        tab.page.fill(".nb-header-search input[name=q]", QUERY)
        tab.page.press(".nb-header-search input[name=q]", "Enter")
        tab.page.wait_for_selector("#search-results[data-total]", state="attached")
        assert int(tab.page.get_attribute("#search-results", "data-total") or 0) > 0
        assert tab.page.locator("li.nb-hit").count() > 0
        check_blocked(tab)


def test_injected_script_is_blocked_where_archive_filters_and_sorting_work(injected: str, browser: Browser) -> None:
    with watched(browser) as tab:
        tab.page.goto(injected + "archive/")
        tab.page.select_option("select[name=year]", "2021")
        expect(tab.page.locator("[data-nb-count]")).to_have_text("3")
        tab.page.click("th >> text=年度")
        assert tab.page.get_attribute("th:nth-child(3)", "aria-sort") == "ascending"
        check_blocked(tab)


def test_normal_use_of_every_kind_of_page_violates_nothing(sample_build: Build, browser: Browser) -> None:
    with serve(sample_build.site) as base, watched(browser) as tab:
        for url in NORMAL_PAGES:
            tab.page.goto(base + url, wait_until="networkidle")
            assert tab.page.evaluate("document.documentElement.classList.contains('js')"), url
            assert tab.violations() == [] and tab.errors == [], url
        tab.page.goto(base + "orgs/")
        tab.page.click(".md-tabs a >> text=部署")  # Material's navigation tabs
        tab.page.wait_for_url("**/deploy/")
        tab.page.mouse.move(400, 400)
        tab.page.mouse.wheel(0, 3000)  # scrolling down and back up a little shows "back to top"
        tab.page.wait_for_timeout(300)
        tab.page.mouse.wheel(0, -300)
        expect(tab.page.locator(".md-top")).to_be_visible()
        tab.page.goto(base + "reports/2021/zgh/")
        tab.page.hover("article h2 .headerlink[title]")
        expect(tab.page.locator(".md-tooltip2--active")).to_be_visible()  # Material's content.tooltips
        assert tab.violations() == [] and tab.errors == []


def test_palette_switch_is_remembered_across_pages(tmp_path: Path, browser: Browser) -> None:
    """With a palette toggle, Material's palette scripts (moved into files) store the choice and apply it on the next page."""
    theme: dict[str, Any] = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]
    build = clean_build(tmp_path, SAMPLE, config={"theme": theme | {"palette": PALETTE, "custom_dir": str(REPO / "overrides")}})
    with serve(build.site) as base, watched(browser) as tab:
        tab.page.goto(base + "orgs/")
        tab.page.click(f"label[title={DARK}]")
        assert tab.page.get_attribute("body", "data-md-color-scheme") == "slate"
        tab.page.goto(base + "years/")
        assert tab.page.get_attribute("body", "data-md-color-scheme") == "slate"
        assert tab.violations() == [] and tab.errors == []
        # Without Material's bundle only material-palette.js, right after the switch in the header, can apply the choice.
        tab.page.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.abort())
        tab.page.goto(base + "tags/")
        assert tab.page.get_attribute("body", "data-md-color-scheme") == "slate"
        assert tab.violations() == []


def test_preview_allows_only_the_live_reload_script_to_be_inline(tmp_path: Path, browser: Browser) -> None:
    write_tree(tmp_path / "reports", SAMPLE)
    with serving(tmp_path) as server, watched(browser) as tab:
        tab.page.goto(server.base + "orgs/")
        meta = tab.page.get_attribute("meta[http-equiv=Content-Security-Policy]", "content")
        assert meta == page_policy(preview=True)
        assert tab.page.evaluate("typeof livereload") == "function"  # MkDocs' inline live-reload script ran
        assert tab.violations() == [] and tab.errors == []
