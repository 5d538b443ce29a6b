"""Metric charts in real headless Chromium, against a generated archive.

Group chips switch the chart with CSS alone (:target), tooltips match the data table, missing years split lines,
org and year page charts render, nothing needs JavaScript, and no request leaves loopback.
"""
from __future__ import annotations

import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from browser import serve
from conftest import clean_build
from nianbao.project import load_project
from nianbao.model import Catalog, Report
from synth import generate_archive

# Seed 11 gives orgs whose series have two runs of several years split by missing years (the gap test needs one).
N, SEED = 120, 11
METRIC = "volunteers"  # written by 群团工作部, 团委 and 妇联: it offers parent groups (g-p-…) and org-kind groups (g-g…)
PARENT = "g-p-pingshan-qtb"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MIN_WIDTH, MIN_HEIGHT = 300, 100  # a line chart is drawn 640 × 260 and scales down with the column


@dataclass
class Site:
    """The generated archive as the oracle sees it (catalog and reports), and where its build is served."""

    catalog: Catalog
    reports: tuple[Report, ...]
    base: str = ""

    def url(self, path: str) -> str:
        """Absolute URL of a site-relative path."""
        return self.base + path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root: Path = tmp_path_factory.mktemp("metrics")
    generate_archive(root / "reports", N, seed=SEED)
    loaded = load_project(root / "reports")
    build = clean_build(root)
    with serve(build.site) as base:
        yield Site(loaded.catalog, loaded.reports, base)


@dataclass
class Tab:
    """A page with every JS error it reported and every request its context made."""

    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def clear(self) -> None:
        """Forget what earlier tests saw."""
        self.errors.clear()
        self.requests.clear()


def watched_tab(context: BrowserContext) -> Tab:
    """A new page in `context` recording JS errors, console errors and every request URL (workers' included)."""
    tab = Tab(context.new_page())
    context.on("request", lambda r: tab.requests.append(r.url))
    tab.page.on("pageerror", lambda e: tab.errors.append(f"pageerror: {e}"))
    tab.page.on("console", lambda m: tab.errors.append(f"console: {m.text}") if m.type == "error" else None)
    return tab


def off_loopback(urls: list[str]) -> list[str]:
    """The URLs that would leave the machine: any whose host is not loopback (data: and blob: stay local)."""
    return [u for u in urls if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname not in LOOPBACK]


@contextmanager
def new_tab(browser: Browser, **options: Any) -> Iterator[Tab]:
    """A watched page in a fresh browser context made with `options`; the context is closed afterwards."""
    context = browser.new_context(**options)
    try:
        yield watched_tab(context)
    finally:
        context.close()


@pytest.fixture(scope="module")
def shared_tab(browser: Browser) -> Iterator[Tab]:
    with new_tab(browser, viewport={"width": 1280, "height": 900}) as tab:
        yield tab


@pytest.fixture
def page(shared_tab: Tab) -> Iterator[Page]:
    """The shared page; a JS error, a console error or a request off loopback during the test fails it."""
    shared_tab.clear()
    yield shared_tab.page
    assert shared_tab.errors == []
    assert shared_tab.requests and off_loopback(shared_tab.requests) == []


# Reading the page: small JavaScript probes and the Python records they fill.

TABLE_JS = """t => {
  const years = [...t.tHead.rows[0].cells].slice(1).map(c => parseInt(c.textContent));
  return [...t.tBodies[0].rows].map(r => ({
    org: r.cells[0].querySelector('a').getAttribute('href').split('/').filter(Boolean).pop(),
    name: r.cells[0].textContent.trim(),
    cells: [...r.cells].slice(1).map((c, i) => {
      const d = c.querySelector('data');
      return d ? [years[i], Number(d.value), d.textContent] : [years[i], null, c.textContent.trim()];
    }),
  }));
}"""

# A point is a marker: a circle, or a path drawn from its centre ("M x y" then the shape). Its centre on screen is there.
SERIES_JS = """svg => [...svg.querySelectorAll('g.nb-line-series')].map(g => ({
  key: g.dataset.key,
  polylines: [...g.querySelectorAll('polyline')].map(p => ({points: p.getAttribute('points'), dash: g.getAttribute('stroke-dasharray')})),
  circles: [...g.querySelectorAll('circle, path')].map(m => {
    const [cx, cy] = m.matches('circle') ? [Number(m.getAttribute('cx')), Number(m.getAttribute('cy'))]
                                         : m.getAttribute('d').slice(1).split(/[ a-z]/i).map(Number);
    const at = new DOMPoint(cx, cy).matrixTransform(m.getScreenCTM());
    return {title: m.querySelector('title').textContent, cx, x: at.x, y: at.y, w: m.getBoundingClientRect().width};
  }),
}))"""

BOX_JS = "e => (r => [r.left, r.top, r.width, r.height])(e.getBoundingClientRect())"
TOOLTIP = re.compile(r"^(?P<name>.+) (?P<year>\d{4})年：(?P<label>.+)$")


@dataclass(frozen=True)
class Row:
    """One org's row of a metric page's data table: year → (exact value, compact label) for the years it has."""

    org: str
    name: str
    cells: dict[int, tuple[float, str]]
    empty: list[int]  # years shown as —

    def runs(self) -> list[list[int]]:
        """The years with values, as runs of consecutive years."""
        runs: list[list[int]] = []
        for year in sorted(self.cells):
            if runs and runs[-1][-1] == year - 1:
                runs[-1].append(year)
            else:
                runs.append([year])
        return runs


@dataclass(frozen=True)
class Dot:
    """A drawn point: its tooltip parsed, its x in SVG units and its rendered centre in CSS pixels."""

    name: str
    year: int
    label: str
    cx: float
    x: float
    y: float
    width: float


@dataclass(frozen=True)
class Drawn:
    """A drawn series of a line chart."""

    key: str
    polylines: list[list[float]]  # the x coordinates (SVG units) of each polyline's vertices
    dashes: list[str | None]
    dots: list[Dot]


def data_rows(page: Page, selector: str = "table.nb-metric-years") -> list[Row]:
    """The rows of a metric page's data table."""
    rows = []
    for raw in page.eval_on_selector(selector, TABLE_JS):
        cells = {year: (value, label) for year, value, label in raw["cells"] if value is not None}
        empty = [year for year, value, label in raw["cells"] if value is None]
        assert all(label == "—" for year, value, label in raw["cells"] if value is None), raw
        rows.append(Row(raw["org"], raw["name"], cells, empty))
    return rows


def parse_dot(raw: dict[str, Any]) -> Dot:
    """A point (marker) as read by SERIES_JS."""
    m = TOOLTIP.match(raw["title"])
    assert m, raw["title"]
    return Dot(m["name"], int(m["year"]), m["label"], raw["cx"], raw["x"], raw["y"], raw["w"])


def drawn_series(page: Page, svg: str) -> list[Drawn]:
    """The series of the line chart matching the selector `svg`, in drawing order."""
    out = []
    for raw in page.eval_on_selector(svg, SERIES_JS):
        xs = [[float(pair.split(",")[0]) for pair in p["points"].split()] for p in raw["polylines"]]
        out.append(Drawn(raw["key"], xs, [p["dash"] for p in raw["polylines"]], [parse_dot(c) for c in raw["circles"]]))
    return out


def box(page: Page, selector: str) -> tuple[float, float, float, float]:
    """Rendered (left, top, width, height) of the first element matching the selector."""
    left, top, width, height = page.eval_on_selector(selector, BOX_JS)
    return left, top, width, height


def visible_groups(page: Page) -> list[str]:
    """Ids of the group figures the reader can see."""
    return page.eval_on_selector_all("figure.nb-group", "els => els.filter(e => e.checkVisibility()).map(e => e.id)")


def fragment(page: Page) -> str:
    """The fragment of the page's URL."""
    return urlsplit(page.url).fragment


def compact_value(label: str, unit: str) -> float:
    """The number a compact label such as '7.5万人' or '7,600人' stands for."""
    assert label.endswith(unit), (label, unit)
    m = re.fullmatch(r"([\d,.]+)(万|亿)?", label.removesuffix(unit))
    assert m, label
    return float(m[1].replace(",", "")) * {None: 1, "万": 10_000, "亿": 100_000_000}[m[2]]


def assert_label_states_value(label: str, value: float, unit: str) -> None:
    """A compact label rounds its exact value to at most two decimals of its 万 or 亿."""
    scale = 100_000_000 if "亿" in label else 10_000 if "万" in label else 1
    assert abs(compact_value(label, unit) - value) <= 0.005 * scale + 1e-9, (label, value)


# The oracle: which orgs each group selection must draw, from the catalog alone.


def expected_groups(catalog: Catalog, org_ids: list[str]) -> dict[str, set[str]]:
    """Figure id → orgs it draws: all orgs with data; each parent with its children that have data (when that is
    more than one org and not everyone); the orgs of each catalog group, numbered by first appearance among the orgs with data."""
    everyone = set(org_ids)
    groups = {"g-all": everyone}
    for parent in catalog.orgs.values():
        children = {i for i in org_ids if catalog.orgs[i].parent == parent.id}
        members = children | ({parent.id} & everyone)
        if children and len(members) > 1 and members != everyone:
            groups[f"g-p-{parent.id}"] = members
    names = list(dict.fromkeys(catalog.orgs[i].group for i in org_ids if catalog.orgs[i].group))
    for n, name in enumerate(names, 1):
        members = {i for i in org_ids if catalog.orgs[i].group == name}
        if members != everyone:
            groups[f"g-g{n}"] = members
    return groups


def check_chart_size(page: Page, svg: str, min_height: float = MIN_HEIGHT) -> None:
    """The chart is really laid out: a sizeable box."""
    _, _, width, height = box(page, svg)
    assert width > MIN_WIDTH and height > min_height, (svg, width, height)


def check_group_shown(page: Page, site: Site, figure: str, members: set[str], figures: list[str]) -> None:
    """The figure's chips mark it as current, and its chart and legend draw exactly its members, once each."""
    chips = page.eval_on_selector_all(f"#{figure} nav.nb-chips a",
                                      "els => els.map(a => [a.getAttribute('href'), a.hasAttribute('aria-current')])")
    assert [href for href, _ in chips] == [f"#{f}" for f in figures]
    assert [href for href, current in chips if current] == [f"#{figure}"]
    keys = [s.key for s in drawn_series(page, f"#{figure} svg.nb-line-chart")]
    assert len(keys) == len(set(keys)) and set(keys) == members, figure
    if len(keys) > 1:
        legend = page.eval_on_selector_all(f"#{figure} ul.nb-legend li", "els => els.map(e => [e.dataset.key, e.textContent.trim()])")
        assert legend == [[k, site.catalog.orgs[k].label] for k in keys]
    check_chart_size(page, f"#{figure} svg.nb-line-chart")


def check_points_match_table(page: Page, figure: str, rows: dict[str, Row], unit: str) -> None:
    """Each series has a point per year with a value, whose tooltip gives the table's compact label; points sit
    inside the chart, share an x per year growing with the year, and are higher the larger the exact value."""
    svg = f"#{figure} svg.nb-line-chart"
    left, top, width, height = box(page, svg)
    dots = []
    for series in drawn_series(page, svg):
        row = rows[series.key]
        assert {d.name for d in series.dots} == {row.name}, series.key
        assert {d.year: d.label for d in series.dots} == {y: label for y, (_, label) in row.cells.items()}, series.key
        assert len(series.dots) == len(row.cells)
        dots += [(d, row.cells[d.year][0]) for d in series.dots]
    assert dots, figure
    for d, _ in dots:
        assert d.width > 0 and left <= d.x <= left + width and top <= d.y <= top + height, (figure, d)
    x_of_year = {d.year: d.x for d, _ in dots}
    assert all(abs(d.x - x_of_year[d.year]) < 0.5 for d, _ in dots)
    years = sorted(x_of_year)
    assert all(x_of_year[a] < x_of_year[b] for a, b in zip(years, years[1:]))
    by_value = sorted(dots, key=lambda dv: dv[1])
    assert all(low[0].y >= high[0].y - 0.5 for low, high in zip(by_value, by_value[1:])), figure
    for d, value in dots:
        assert_label_states_value(d.label, value, unit)


# 1. Group chips


def test_chips_switch_groups_with_css_and_history(site: Site, page: Page) -> None:
    url = site.url(f"metrics/{METRIC}/")
    page.goto(url)
    rows = data_rows(page)
    expected = expected_groups(site.catalog, [r.org for r in rows])
    figures = page.eval_on_selector_all("figure.nb-group", "els => els.map(e => [e.id, e.classList.contains('nb-default')])")
    ids = [f for f, _ in figures]
    assert figures[0] == ["g-all", True] and not any(default for _, default in figures[1:])
    assert set(ids) == set(expected) and len(ids) == len(expected)
    category = max((g for g in expected if g.startswith("g-g")), key=lambda g: (len(expected[g]), g))
    assert PARENT in expected and len(expected[PARENT]) > 1 and len(expected[category]) > 1
    assert all(site.catalog.orgs[i].parent == "pingshan-qtb" or i == "pingshan-qtb" for i in expected[PARENT])
    assert len({site.catalog.orgs[i].group for i in expected[category]}) == 1

    assert visible_groups(page) == ["g-all"] and fragment(page) == ""
    check_group_shown(page, site, "g-all", expected["g-all"], ids)
    page.evaluate("window.__sameDocument = true")  # gone if a chip reloaded the page
    for target in (PARENT, category):
        shown = visible_groups(page)[0]
        page.click(f"#{shown} nav.nb-chips a[href='#{target}']")
        assert visible_groups(page) == [target] and fragment(page) == target
        check_group_shown(page, site, target, expected[target], ids)
    assert page.evaluate("window.__sameDocument") is True

    page.go_back()
    assert visible_groups(page) == [PARENT] and fragment(page) == PARENT
    page.go_back()
    assert visible_groups(page) == ["g-all"] and fragment(page) == ""
    page.go_forward()
    assert visible_groups(page) == [PARENT]

    page.goto(site.url("metrics/"))  # another document first, so the next one opens fresh at the hash
    page.goto(f"{url}#{PARENT}")
    assert visible_groups(page) == [PARENT]
    check_group_shown(page, site, PARENT, expected[PARENT], ids)


# 2. Size and tooltips


def test_every_group_chart_renders_and_its_tooltips_match_the_table(site: Site, page: Page) -> None:
    url = site.url(f"metrics/{METRIC}/")
    page.goto(url)
    rows = {r.org: r for r in data_rows(page)}
    unit = site.catalog.metrics[METRIC].unit
    ids = page.eval_on_selector_all("figure.nb-group", "els => els.map(e => e.id)")
    assert len(ids) >= 5
    for figure in ids:
        page.goto(f"{url}#{figure}")
        assert visible_groups(page) == [figure]
        check_chart_size(page, f"#{figure} svg.nb-line-chart")
        check_points_match_table(page, figure, rows, unit)


def test_chart_titles_label_their_charts(site: Site, page: Page) -> None:
    page.goto(site.url(f"metrics/{METRIC}/"))
    ids = page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
    assert len(ids) == len(set(ids))
    labels = page.eval_on_selector_all("svg.nb-line-chart", """els => els.map(s => [s.closest('figure').id,
      document.getElementById(s.getAttribute('aria-labelledby')) === s.querySelector(':scope > title'),
      s.querySelector(':scope > title').textContent, s.closest('figure').querySelector('figcaption').textContent])""")
    assert len(labels) >= 5
    for figure, own_title, title, caption in labels:
        assert own_title and title and caption.startswith(title), figure


CAP_REM = 40  # charts.css: .md-typeset svg.nb-chart { max-width: 40rem }


def test_charts_keep_their_width_cap(site: Site, page: Page) -> None:
    """On a wide screen no chart is drawn wider than charts.css allows, so its 12px labels are not blown up."""
    org = next(r.org for r in site.reports if r.metrics)
    year = max(r.year for r in site.reports)
    for path, svg in ((f"metrics/{METRIC}/", "#g-all svg.nb-line-chart"), (f"orgs/{org}/", "section.nb-org-metric svg"),
                      (f"years/{year}/", "section.nb-year-metric svg")):
        page.goto(site.url(path))
        cap = CAP_REM * page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert 0 < box(page, svg)[2] <= cap + 0.5, (path, box(page, svg), cap)


# 3. Gaps


def gap_row(page: Page, site: Site) -> tuple[str, Row]:
    """A metric and an org row whose years with values form at least two runs of two or more years (a split line)."""
    for metric in site.catalog.metrics:
        page.goto(site.url(f"metrics/{metric}/"))
        for row in data_rows(page):
            if sum(len(run) > 1 for run in row.runs()) >= 2:
                return metric, row
    raise AssertionError(f"seed {SEED} gives no series with a gap between two multi-year runs")


def test_missing_years_split_the_line(site: Site, page: Page) -> None:
    metric, row = gap_row(page, site)
    gaps = [y for y in row.empty if min(row.cells) < y < max(row.cells)]
    assert gaps, row
    (series,) = [s for s in drawn_series(page, "#g-all svg.nb-line-chart") if s.key == row.org]
    long_runs = [run for run in row.runs() if len(run) > 1]
    assert len(series.polylines) == len(long_runs) > 1  # split at each gap, never bridged; a lone year is just a dot
    assert len(series.dots) == len(row.cells) and not {d.year for d in series.dots} & set(gaps)
    year_of_x = {d.cx: d.year for d in series.dots}
    assert [[year_of_x[x] for x in xs] for xs in series.polylines] == long_runs
    # The org's own page splits its line the same way.
    page.goto(site.url(f"orgs/{row.org}/"))
    actual = next(s for s in drawn_series(page, f"#m-{metric} svg.nb-line-chart") if s.key == row.org)
    assert {d.year: d.label for d in actual.dots} == {y: label for y, (_, label) in row.cells.items()}
    assert len(actual.polylines) == len(long_runs)


# 4. Org and year pages


def org_with_most_targets(site: Site) -> str:
    """The org whose plans state the most targets (its page draws dashed target lines)."""
    counts: Counter[str] = Counter()
    for r in site.reports:
        counts[r.org] += len(r.targets)
    return min(counts, key=lambda o: (-counts[o], o))


def history(page: Page, section: str) -> tuple[dict[int, str], dict[int, str]]:
    """Year → compact label of the values and of the targets in an org page's history table."""
    rows = page.eval_on_selector_all(f"{section} table.nb-metric-history tbody tr", """els => els.map(r => [
      parseInt(r.cells[0].textContent), ...[1, 3].map(i => r.cells[i] && r.cells[i].querySelector('data')
                                                           ? r.cells[i].querySelector('data').textContent : null)])""")
    return ({y: v for y, v, _ in rows if v}, {y: t for y, _, t in rows if t})


def test_org_page_charts_render_values_and_targets(site: Site, page: Page) -> None:
    org = org_with_most_targets(site)
    page.goto(site.url(f"orgs/{org}/"))
    sections = page.eval_on_selector_all("section.nb-org-metric", "els => els.map(e => e.id)")
    mine = [r for r in site.reports if r.org == org]
    stated = {m for r in mine for m in (*r.metrics, *r.targets)}
    sure = {m for r in mine if site.catalog.role(r.type) == "summary" for m in r.metrics} | {m for r in mine for m in r.targets}
    assert sure <= {s.removeprefix("m-") for s in sections} <= stated
    dashed = 0
    for section in sections:
        svg = f"#{section} svg.nb-line-chart"
        check_chart_size(page, svg)
        values, targets = history(page, f"#{section}")
        series = {s.key: s for s in drawn_series(page, svg)}
        assert set(series) == {org} | ({f"{org}-target"} if targets else set())
        assert {d.year: d.label for d in series[org].dots} == values
        assert all(dash is None for dash in series[org].dashes)
        if targets:
            target = series[f"{org}-target"]
            assert {d.year: d.label for d in target.dots} == targets
            assert all(dash for dash in target.dashes)
            dashed += 1
    assert dashed > 0


@dataclass(frozen=True)
class Bar:
    """A drawn bar: its org, tooltip, rendered rectangle and the link around it."""

    key: str
    tooltip: str
    top: float
    width: float
    height: float
    href: str | None


@dataclass(frozen=True)
class Rank:
    """A row of a year page's rank table."""

    place: int
    org: str
    name: str
    value: float
    label: str


def bars_of(page: Page, section: str) -> list[Bar]:
    """The bars of a section's bar chart, in document order."""
    return [Bar(*raw) for raw in page.eval_on_selector_all(f"#{section} g.nb-bar", """els => els.map(g => {
      const r = g.querySelector('rect').getBoundingClientRect(), a = g.querySelector('a');
      return [g.dataset.key, g.querySelector('title').textContent, r.top, r.width, r.height, a ? a.getAttribute('href') : null];
    })""")]


def ranks_of(page: Page, section: str) -> list[Rank]:
    """The rows of a section's rank table, in document order."""
    return [Rank(*raw) for raw in page.eval_on_selector_all(f"#{section} table.nb-metric-rank tbody tr", """els => els.map(r => {
      const d = r.cells[2].querySelector('data');
      return [parseInt(r.cells[0].textContent), r.cells[1].querySelector('a').getAttribute('href').split('/').filter(Boolean).pop(),
              r.cells[1].textContent.trim(), Number(d.value), d.textContent];
    })""")]


def test_year_page_bars_follow_the_rank_table(site: Site, page: Page) -> None:
    years = sorted({r.year for r in site.reports})
    charts = 0
    for year in years:
        page.goto(site.url(f"years/{year}/"))
        for section in page.eval_on_selector_all("section.nb-year-metric", "els => els.map(e => e.id)"):
            metric, bars, ranks = section.removeprefix("m-"), bars_of(page, section), ranks_of(page, section)
            check_chart_size(page, f"#{section} svg.nb-bar-chart", min_height=20 * len(bars))  # its height grows with the bars
            assert [b.key for b in bars] == [r.org for r in ranks], (year, metric)
            assert [r.place for r in ranks] == list(range(1, len(ranks) + 1))
            assert [r.value for r in ranks] == sorted((r.value for r in ranks), reverse=True), (year, metric)
            assert [b.tooltip for b in bars] == [f"{r.name}：{r.label}" for r in ranks]
            tops, widths = [b.top for b in bars], [b.width for b in bars]
            assert tops == sorted(set(tops)) and all(b.height > 10 for b in bars)  # drawn top to bottom in rank order
            assert widths[0] > 0 and all(w1 >= w2 - 0.5 for w1, w2 in zip(widths, widths[1:]))  # longest first
            assert all(b.href and "/reports/" in b.href for b in bars)  # a bar opens the report its figure comes from
            stating = [r for r in site.reports if r.year == year and metric in r.metrics]
            sure = {r.org for r in stating if site.catalog.role(r.type) == "summary"}
            assert sure <= {r.org for r in ranks} <= {r.org for r in stating}, (year, metric)
            charts += 1
    assert charts >= len(years)


# 5. Without JavaScript


def test_without_javascript_the_default_chart_and_table_show(site: Site, browser: Browser) -> None:
    with new_tab(browser, java_script_enabled=False) as tab:
        page = tab.page
        page.goto(site.url(f"metrics/{METRIC}/"))
        assert visible_groups(page) == ["g-all"]
        rows = data_rows(page)
        assert page.is_visible("table.nb-metric-years") and len(rows) >= 5
        check_chart_size(page, "#g-all svg.nb-line-chart")
        check_points_match_table(page, "g-all", {r.org: r for r in rows}, site.catalog.metrics[METRIC].unit)
        page.click(f"#g-all nav.nb-chips a[href='#{PARENT}']")  # the chips are plain links: they work too
        assert visible_groups(page) == [PARENT]
        check_chart_size(page, f"#{PARENT} svg.nb-line-chart")
        assert not any(urlsplit(u).path.endswith(".js") for u in tab.requests)  # scripts are not even fetched
        assert tab.errors == [] and off_loopback(tab.requests) == []


# 6. Overview, and requests stay on loopback


def test_overview_matches_the_metric_tables(site: Site, page: Page) -> None:
    page.goto(site.url(f"metrics/{METRIC}/"))
    rows = {r.org: r for r in data_rows(page)}
    page.goto(site.url("metrics/"))
    assert page.eval_on_selector_all("section.nb-metric", "els => els.map(e => e.id)") == list(site.catalog.metrics)
    latest = page.eval_on_selector_all(f"#{METRIC} table.nb-metric-latest tbody tr", """els => els.map(r => {
      const d = r.cells[2].querySelector('data'), spark = r.querySelector('svg.nb-spark'), b = spark.getBoundingClientRect();
      return [r.cells[0].querySelector('a').getAttribute('href').split('/').filter(Boolean).pop(), parseInt(r.cells[1].textContent),
              Number(d.value), d.textContent, spark.querySelectorAll('polyline').length, [b.width, b.height]];
    })""")
    assert [org for org, *_ in latest] == list(rows)
    for org, year, value, label, polylines, (width, height) in latest:
        row = rows[org]
        assert year == max(row.cells) and (value, label) == row.cells[year]
        assert polylines == sum(len(run) > 1 for run in row.runs())  # the sparkline splits at gaps like the chart
        assert width > 50 and height > 10
    sparks = page.eval_on_selector_all("table.nb-metric-latest svg.nb-spark", "els => els.map(e => e.getBoundingClientRect().width)")
    assert len(sparks) >= len(site.catalog.metrics) and min(sparks) > 50


def test_no_request_leaves_loopback(site: Site, browser: Browser) -> None:
    org = next(r.org for r in site.reports if r.metrics)
    year = max(r.year for r in site.reports)
    pages = ["metrics/", f"metrics/{METRIC}/", f"orgs/{org}/", f"years/{year}/"]
    with new_tab(browser) as tab:
        for path in pages:
            tab.page.goto(site.url(path))
            tab.page.wait_for_load_state("networkidle")
        tab.page.goto(site.url(f"metrics/{METRIC}/#{PARENT}"))
        tab.page.click(f"#{PARENT} nav.nb-chips a[href='#g-all']")
        assert visible_groups(tab.page) == ["g-all"]
        hosts = Counter(urlsplit(u).hostname for u in tab.requests)
        assert off_loopback(tab.requests) == [], hosts
        assert all(site.url(p) in tab.requests for p in pages)  # the recorder saw the documents …
        assert any(urlsplit(u).path.endswith("/charts.css") for u in tab.requests)  # … and their assets
        assert tab.errors == []
