"""Charts for readers with low vision or a colour-vision deficiency (WCAG 1.1.1, 1.4.1, 1.4.11): lines, points and bars
reach 3:1 against the plot, series differ by marker and dash as well as by colour, and every chart keeps its text."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page

from a11y import DESKTOP, Edition, checker_context, edition, open_page
from browser import serve
from nianbao.charts import DASHES, MARKERS, PALETTE, series_style

S = re.S
CSS = Path(__file__).resolve().parent.parent / "overrides/assets/nianbao/charts.css"
SERIES = re.compile(r'<g class="nb-line-series nb-s(\d)" data-key="([^"]+)"(?: stroke-dasharray="([^"]+)")?>(.*?)</g>', S)
KEY = re.compile(r'<li class="nb-s(\d)" data-key="([^"]+)"(?: data-dash="([^"]+)")?>')
POINT = re.compile(r'<(?:circle cx="[\d.]+" cy="[\d.]+" r="3.5"|path d="M[\d.]+ [\d.]+([^"]+)")><title>([^<]+)</title>')


def luminance(colour: str) -> float:
    """Relative luminance (WCAG) of #rrggbb or rgb(r, g, b)."""
    values = [int(colour[i:i + 2], 16) for i in (1, 3, 5)] if colour.startswith("#") else [int(v) for v in re.findall(r"\d+", colour)[:3]]
    linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in values]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_series_colour_reaches_3_to_1_on_the_plot() -> None:
    assert len(set(PALETTE)) == len(PALETTE) == len(set(MARKERS))
    assert min(contrast(c, "#ffffff") for c in PALETTE) >= 3


def test_the_stylesheet_draws_the_palette_and_markers() -> None:
    """charts.css colours the classes nb-s<n> and draws their legend markers as charts.PALETTE and MARKERS say."""
    found = re.findall(r'\.nb-s(\d) \{ --nb-c: (#[0-9a-f]{6}); --nb-m: url\("data:image/svg\+xml,([^"]+)"\); \}',
                       CSS.read_text(encoding="utf-8"))
    rules = {int(n): (colour, shape) for n, colour, shape in found}
    assert [rules[n][0] for n in range(len(PALETTE))] == list(PALETTE)
    for n, marker in enumerate(MARKERS):
        assert (f"%3Cpath d='M0 0{marker}'/%3E" if marker else "%3Ccircle r='3.5'/%3E") in rules[n][1]


def test_styles_differ_without_colour() -> None:
    """Within a cycle of the palette each series has its own marker; the next cycles add dash patterns."""
    styles = [series_style(i) for i in range(len(PALETTE) * len(DASHES))]
    assert len(set(styles)) == len(styles)
    assert [MARKERS[s] for s, _ in styles[:len(PALETTE)]] == list(MARKERS)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Edition:
    return edition("internal", tmp_path_factory)


def chart_pages(site: Path) -> list[Path]:
    """Every page that draws a line chart."""
    return [p for p in site.rglob("index.html") if "nb-line-chart" in p.read_text(encoding="utf-8")]


def test_series_in_each_chart_differ_by_marker_or_dash_and_the_legend_shows_them(site: Edition) -> None:
    checked = 0
    for path in chart_pages(site.site):
        html = path.read_text(encoding="utf-8")
        for chart in re.findall(r'<svg class="nb-chart nb-line-chart".*?</svg>\s*</div>(?:\s*<ul class="nb-legend">.*?</ul>)?', html, S):
            series = {key: (int(style), dash or "") for style, key, dash, _ in SERIES.findall(chart)}
            for style, key, _, body in SERIES.findall(chart):
                assert {marker for marker, _ in POINT.findall(body)} <= {MARKERS[int(style)]}, (path, key)
            assert len(set(series.values())) == len(series), (path, series)  # told apart by marker and dash alone
            if len(series) > 1:
                assert {key: (int(style), dash or "") for style, key, dash in KEY.findall(chart)} == series, path
            checked += 1
    assert checked > 50


def test_small_groups_differ_by_colour_and_marker(site: Edition) -> None:
    """A parent with its children, or a catalog group, is drawn in different colours and markers, not by dashes alone."""
    html = (site.site / site.kinds["metric"] / "index.html").read_text(encoding="utf-8")
    groups = re.findall(r'<figure class="nb-group[^"]*" id="(g-(?:p|g)[^"]+)">(.*?)</figure>', html, S)
    assert len(groups) >= 4
    for figure, body in groups:
        styles = [style for style, _, _, _ in SERIES.findall(body)]
        assert len(styles) == len(set(styles)) <= len(PALETTE), figure


def test_charts_keep_their_text_alternatives(site: Edition) -> None:
    """A chart is named by its title; a line chart is one image, with a tooltip per point; a bar chart is a group of
    links named by their titles; the data table is on the same page."""
    for path in chart_pages(site.site) + [site.site / site.kinds["year"] / "index.html"]:
        html = path.read_text(encoding="utf-8")
        for role, name, body in re.findall(r'<svg class="nb-chart[^"]*"[^>]* role="(img|group)" aria-labelledby="([^"]+)">(.*?)</svg>', html, S):
            assert re.match(rf'\s*<title id="{name}">[^<]+</title>', body), (path, name)
            if role == "img":
                assert "<a " not in body and len(POINT.findall(body)) == body.count("<title>")
            else:
                assert body.count("<a ") and body.count("<a ") == len(re.findall(r"<a [^>]*><title>[^<]+：[^<]+</title>", body))
        assert "<table" in html


@pytest.fixture(scope="module")
def page(site: Edition, browser: Browser) -> Iterator[tuple[Page, str]]:
    with serve(site.site) as base:
        context = checker_context(browser, DESKTOP)
        yield context.new_page(), base
        context.close()


def test_drawn_colours_reach_3_to_1(site: Edition, page: tuple[Page, str]) -> None:
    """As drawn: bars, sparklines and markers against the page, axis text at 4.5:1."""
    tab, base = page
    for kind, selector, prop in (("year", ".nb-bar-chart rect", "fill"), ("metrics", "svg.nb-spark", "color"),
                                 ("metric", ".nb-default .nb-line-series", "stroke"), ("metric", ".nb-default .nb-axis text", "fill")):
        open_page(tab, base + site.kinds[kind])
        background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
        colours = set(tab.eval_on_selector_all(selector, "(els, p) => els.map(e => getComputedStyle(e)[p])", prop))
        assert colours, selector
        least = 4.5 if "text" in selector else 3
        assert all(contrast(c, background) >= least for c in colours), (selector, colours, background)
