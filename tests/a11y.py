"""Shared by the accessibility tests: a generated archive built in both editions, its page kinds, and the real
third-party checkers (axe-core in Chromium, the Nu Html Checker with Java), installed by `npm ci` (package.json)."""
from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from conftest import clean_build
from project import REPO
from synth import generate_archive

N, SEED = 90, 11  # 32 orgs with long names (光明区妇女联合会), 13 metrics, plans with targets, every page kind
AXE = REPO / "node_modules/axe-core/axe.min.js"
VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
# WCAG 2.1 A and AA, target size (2.5.8, WCAG 2.2 AA) and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
DESKTOP, PHONE = 1280, 360
SEARCH_WORD = "工作"  # in every report: a first page of results and a 更多 button
EDITIONS = ("internal", "public")
KINDS = ("home", "orgs", "org", "years", "year", "year-print", "metrics", "metric", "status", "archive", "tags", "tag", "search",
         "report", "compare", "guide", "deploy", "404")


@dataclass(frozen=True)
class Edition:
    """One built edition of the archive and the site-relative URL of each of its page kinds."""

    name: str
    site: Path
    kinds: dict[str, str]


_built: dict[str, Edition] = {}


def edition(name: str, factory: pytest.TempPathFactory) -> Edition:
    """The internal or public edition, built once per test session (every reader module shares it)."""
    if name not in _built:
        root = factory.mktemp(f"a11y-{name}")
        for i, path in enumerate(generate_archive(root / "reports", N, seed=SEED)):
            if i % 2 == 0:
                head, _, body = path.read_text(encoding="utf-8")[4:].partition("\n---\n")
                path.write_text(f"---\n{head}\npublic: true\n---\n{body}", encoding="utf-8")
        site = clean_build(root, env={"REPORTS_AUDIENCE": "public" if name == "public" else ""}).site
        _built[name] = Edition(name, site, page_kinds(site))
    return _built[name]


def largest(site: Path, pattern: str, needle: str = "") -> str:
    """Site-relative URL of the biggest page matching the glob (and holding `needle`): the one with most to check."""
    pages = [p for p in site.glob(pattern) if needle in p.read_text(encoding="utf-8")]
    assert pages, (pattern, needle)
    return max(pages, key=lambda p: (p.stat().st_size, p.as_posix())).parent.relative_to(site).as_posix() + "/"


def page_kinds(site: Path) -> dict[str, str]:
    """Kind → URL: fixed pages, and for the kinds with many pages the largest one (a report with metrics and targets)."""
    kinds = {"home": "", "orgs": "orgs/", "org": largest(site, "orgs/*/index.html"), "years": "years/",
             "year": largest(site, "years/*/index.html"), "year-print": largest(site, "years/*/print/index.html"), "metrics": "metrics/", "metric": largest(site, "metrics/*/index.html"),
             "status": "status/", "archive": "archive/", "tags": "tags/", "tag": largest(site, "tags/*/index.html"),
             "search": f"search/?q={SEARCH_WORD}", "report": largest(site, "reports/*/*/index.html", "nb-targets"),
             "compare": largest(site, "reports/*/*/compare/index.html", "nb-cmp-changed"),
             "guide": "guide/", "deploy": "deploy/", "404": "404.html"}
    if not (site / "status/index.html").exists():
        del kinds["status"]  # the public edition has no status page
    return kinds


def open_page(page: Page, url: str) -> None:
    """Load a page and wait until it is complete: scripts done, search results shown."""
    page.goto(url)  # until the load event: a11y.js has named the scrolling boxes by then
    if "search/?" in url:
        page.wait_for_selector("#search-results[data-total]")


def checker_context(browser: Browser, width: int, height: int = 800, **options: Any) -> BrowserContext:
    """A browser context of the given viewport with axe-core in every page. The script is injected by Playwright
    (CDP), which the page's Content-Security-Policy does not govern; the site itself still runs under its CSP."""
    assert AXE.is_file(), "axe-core is missing: run `npm ci` (bash .ci/run does)"
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    context.add_init_script(path=str(AXE))
    return context


def axe_violations(page: Page, rules: list[str] | None = None) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now (all WCAG 2.1 AA, target-size and best-practice rules, or `rules`)."""
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    result = page.evaluate("only => axe.run(document, {runOnly: only, resultTypes: ['violations']})", only)
    return result["violations"]


def describe(violations: list[dict[str, Any]]) -> list[str]:
    """One line per violation: impact, rule, node count and the first node with axe's explanation."""
    return [f"[{v['impact']}] {v['id']} × {len(v['nodes'])}: {v['nodes'][0]['target']} {v['nodes'][0]['failureSummary']}"
            for v in violations]


def vnu_errors(paths: list[Path]) -> list[dict[str, Any]]:
    """The Nu Html Checker's errors on these files or folders (every .html below a folder)."""
    java = shutil.which("java")
    assert java, "Java is missing: bash .ci/run installs default-jre-headless"
    assert VNU.is_file(), "vnu-jar is missing: run `npm ci` (bash .ci/run does)"
    done = subprocess.run([java, "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "json", *map(str, paths)],
                          capture_output=True, text=True, timeout=600)
    report = json.loads(done.stderr or done.stdout)  # vnu writes its report to stderr
    assert "messages" in report, done.stderr[-2000:]
    return [m for m in report["messages"] if m["type"] in ("error", "non-document-error")]


# The small-screen layout check, run in the page: what makes a phone reader scroll sideways or read a squeezed label.
LAYOUT_JS = """() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > innerWidth) problems.push(`the page is ${doc.scrollWidth}px wide in a ${innerWidth}px window`);
  const shown = (node) => { const box = node.parentElement.getBoundingClientRect(); return box.width > 1 && box.height > 1; };
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg, script, style, noscript, template')) continue;
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.data.trim())) continue;  // labels: elements holding text
    const nodes = [], walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) if (walk.currentNode.data.trim() && shown(walk.currentNode)) nodes.push(walk.currentNode);
    const text = nodes.map((n) => n.data).join('').replace(/\\s+/g, '');
    const chars = [...text].length;
    if (!chars || chars > 10) continue;
    const rects = nodes.flatMap((n) => { const r = document.createRange(); r.selectNodeContents(n); return [...r.getClientRects()]; })
      .filter((r) => r.width > 0 && r.height > 0).sort((a, b) => a.top - b.top);
    let lines = 0, bottom = -Infinity;
    for (const r of rects) if (r.top >= bottom - 1) { lines++; bottom = r.bottom; } else bottom = Math.max(bottom, r.bottom);
    if (lines >= 3) problems.push(`“${text}” (${chars} characters) is broken over ${lines} lines in <${el.tagName.toLowerCase()} class="${el.className}">`);
  }
  const name = (el) => el.getAttribute('aria-label') || (el.getAttribute('aria-labelledby') || '').split(/\\s+/)
    .map((id) => (document.getElementById(id) || {}).textContent || '').join(' ').trim();
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (!['auto', 'scroll'].includes(style.overflowX) || el.scrollWidth <= el.clientWidth + 1 || !el.getClientRects().length) continue;
    const what = `<${el.tagName.toLowerCase()} class="${el.className}">`;
    if (el.tabIndex < 0 || el.getAttribute('role') !== 'region' || !name(el).includes('滚动'))
      problems.push(`${what} scrolls sideways but is not a focusable region named as scrolling`);
    const first = el.querySelector('table tr > :first-child');
    if (el.matches('.nb-scroll') && first && getComputedStyle(first).position !== 'sticky')
      problems.push(`${what} scrolls sideways without a sticky first column`);
    if (el.matches('.nb-scroll, .nb-chart-box') && style.boxShadow === 'none')
      problems.push(`${what} scrolls sideways without a shadow to show it`);
  }
  return problems;
}"""


def layout_problems(page: Page) -> list[str]:
    """What the small-screen layout check finds on the page as it is now."""
    return page.evaluate(LAYOUT_JS)
