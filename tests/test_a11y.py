"""WCAG 2.1 AA (GB/T 37668-2019) on every page kind of both editions, at desktop and phone width, checked by axe-core
(the npm package, pinned in package.json) in real headless Chromium; and proof that the checker is live."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, Route

from a11y import DESKTOP, EDITIONS, KINDS, PHONE, Edition, axe_violations, checker_context, describe, edition, open_page
from browser import serve

# Moderate or minor axe findings that stay, each with the reason. Serious and critical ones are never allowed.
ALLOWED: dict[str, str] = {}


@pytest.fixture(scope="module", params=EDITIONS)
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Edition, str]]:
    """An edition of the generated archive and the base URL it is served at."""
    built = edition(request.param, tmp_path_factory)
    with serve(built.site) as base:
        yield built, base


@dataclass
class Tab:
    """A page with axe-core loaded, and the script errors it reported."""

    page: Page
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module", params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def tab(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Tab]:
    """A page at desktop or phone width with axe-core loaded."""
    context = checker_context(browser, request.param)
    tab = Tab(context.new_page())
    tab.page.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    context.close()


@pytest.mark.parametrize("kind", KINDS)
def test_no_axe_violation(served: tuple[Edition, str], tab: Tab, kind: str) -> None:
    built, base = served
    if kind not in built.kinds:
        assert kind == "status" and built.name == "public"  # the only page kind an edition leaves out
        return
    tab.errors.clear()
    open_page(tab.page, base + built.kinds[kind])
    violations = axe_violations(tab.page)
    grave = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert grave == [], describe(grave)
    unexplained = [v for v in violations if v["id"] not in ALLOWED]
    assert unexplained == [], describe(unexplained)
    assert tab.errors == []


def with_rule(rule: str) -> Callable[[Route], None]:
    """A route handler that serves the built stylesheet with one more rule at its end."""
    def handle(route: Route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=response.text() + "\n" + rule + "\n")
    return handle


def test_a_contrast_regression_fails_the_check(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> None:
    """The checker is live: grey-on-white text injected into the site's own stylesheet is reported as serious."""
    built = edition("internal", tmp_path_factory)
    with serve(built.site) as base:
        context = checker_context(browser, DESKTOP)
        page = context.new_page()
        page.route("**/assets/nianbao/nianbao.css", with_rule(".md-typeset .nb-lead { color: #aaa; }"))
        open_page(page, base + built.kinds["metrics"])
        assert page.eval_on_selector(".nb-lead", "e => getComputedStyle(e).color") == "rgb(170, 170, 170)"
        violations = [v for v in axe_violations(page, ["color-contrast"]) if v["impact"] == "serious"]
        assert [v["id"] for v in violations] == ["color-contrast"]
        assert any("nb-lead" in n["html"] for n in violations[0]["nodes"]), describe(violations)
        context.close()
