"""The built site in real headless Chromium as intranet readers meet it.

With the internet cut off (every request off loopback is aborted and recorded), served under a sub-path such as
/qt/, and opened from a copied folder through file://.
"""
from __future__ import annotations

import http.server
import re
import shutil
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request, Response, Route

from browser import serve
from conftest import SAMPLE, Build, clean_build
from linkcheck import broken_links

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
REPO_URL = "https://github.com/example/nianbao"
PREFIX = "/qt/"
SITE_URL = f"http://intranet.example{PREFIX}"
CJK_FAMILIES = ("PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei")
FILE_MESSAGE = "直接打开本地文件时浏览器不允许读取搜索索引，请通过网页服务器访问本站。"
ORG, ORG_NAME = "pingshan-zgh", "坪山区总工会"
REPORT, REPORT_TITLE = "reports/2021/zgh", "坪山区总工会2021年工作总结"
QUERY = "母婴室"
ROOT_ABSOLUTE = re.compile(r"""(?:\b(?:href|src|action|data-[\w-]+)\s*=\s*["']?|url\(\s*["']?)/(?!/)""")
MATERIAL_ASSETS = ("assets/javascripts/", "assets/stylesheets/")  # Material's bundles: not produced by our templates
HEADER_ICONS = """() => [...document.querySelectorAll('.md-header svg')]
  .filter(s => s.getClientRects().length)  // rendered: the drawer button is display:none on wide screens
  .map(s => { const r = s.getBoundingClientRect(); return [s.parentElement.className, r.width, r.height]; })"""
FONTS = "async () => { await document.fonts.ready; return [...document.fonts].map(f => `${f.family}: ${f.status}`); }"
SIZES = "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })"


def build_with(root: Path, **options: Any) -> Build:
    """SAMPLE in root, built strictly with the given mkdocs.yml keys overridden; fails on any warning."""
    return clean_build(root, SAMPLE, config=options)


@dataclass
class Traffic:
    """What a browser context asked for that went wrong, and which URLs it visited."""

    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Every blocked, failed or ≥ 400 request and every JS error."""
        return self.blocked + self.failed + self.bad + self.errors


def local(url: str) -> bool:
    """Whether loading url stays on this machine."""
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "file", "about") or parts.hostname in LOOPBACK


@contextmanager
def offline_page(browser: Browser, *, console_errors: bool = True) -> Iterator[tuple[Page, Traffic]]:
    """A page in a fresh context where every request off this machine is aborted and recorded, as on an intranet."""
    context = browser.new_context()
    traffic = Traffic()

    def route(route: Route) -> None:
        if local(route.request.url):
            route.continue_()
        else:
            traffic.blocked.append(route.request.url)
            route.abort("internetdisconnected")

    def failed(request: Request) -> None:
        traffic.failed.append(f"{request.url}: {request.failure}")

    def response(resp: Response) -> None:
        traffic.urls.append(resp.url)
        if resp.status >= 400:
            traffic.bad.append(f"{resp.status} {resp.url}")

    context.route("**/*", route)
    context.on("requestfailed", failed)
    context.on("response", response)
    page = context.new_page()
    page.on("pageerror", lambda e: traffic.errors.append(f"pageerror: {e}"))
    if console_errors:
        page.on("console", lambda m: traffic.errors.append(f"console: {m.text}") if m.type == "error" else None)
    try:
        yield page, traffic
    finally:
        context.close()


# With the internet cut off


@pytest.fixture(scope="module")
def offline_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """SAMPLE built with a GitHub repo_url (so the header's source link is there), served on loopback."""
    build = build_with(tmp_path_factory.mktemp("offline"), repo_url=REPO_URL)
    with serve(build.site) as base:
        yield base


def platform_fonts(page: Page, selector: str) -> list[dict[str, Any]]:
    """The fonts Chromium actually drew the element's text with (DevTools' 'Rendered Fonts')."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


@pytest.mark.parametrize("url", ["", f"orgs/{ORG}/", "metrics/volunteers/", f"{REPORT}/", f"search/?q={QUERY}"])
def test_pages_need_nothing_from_outside(offline_base: str, browser: Browser, url: str) -> None:
    """No request leaves the machine or fails; icons, system CJK fonts (no web fonts) and search results are there."""
    with offline_page(browser) as (page, traffic):
        page.goto(offline_base + url, wait_until="networkidle")
        if url.startswith("search/"):
            page.wait_for_selector("#search-results[data-total]", state="attached")
            assert int(page.get_attribute("#search-results", "data-total") or 0) > 0
            assert page.locator("li.nb-hit").count() > 0
        page.wait_for_load_state("networkidle")
        assert traffic.problems() == []
        assert traffic.urls and all(local(u) for u in traffic.urls)
        icons = page.evaluate(HEADER_ICONS)
        assert {cls.split()[-1] for cls, _, _ in icons} >= {"md-logo", "md-icon"}, icons
        assert all(w > 0 and h > 0 for _, w, h in icons), icons
        family = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert any(f'"{name}"' in family for name in CJK_FAMILIES), family
        assert page.evaluate(FONTS) == []  # no @font-face anywhere: nothing to download
        drawn = platform_fonts(page, "h1")
        assert drawn and not any(f["isCustomFont"] for f in drawn), drawn


def test_repository_link_is_plain(offline_base: str, browser: Browser) -> None:
    """Material would ask api.github.com for stars and forks; our source partial is a plain link."""
    with offline_page(browser) as (page, traffic):
        page.goto(offline_base, wait_until="networkidle")
        link = page.locator(".md-header a.md-source")
        assert link.get_attribute("href") == REPO_URL
        assert link.get_attribute("data-md-component") is None
        assert page.locator("[data-md-component=source]").count() == 0
        assert page.locator(".md-source__facts").count() == 0
        assert link.locator(".md-source__icon svg").evaluate("s => s.getBoundingClientRect().width") > 0
        assert traffic.blocked == []


def test_org_page_charts_are_drawn(offline_base: str, browser: Browser) -> None:
    """The inline SVG charts of an org page take up room on screen."""
    with offline_page(browser) as (page, traffic):
        page.goto(f"{offline_base}orgs/{ORG}/", wait_until="networkidle")
        sizes = page.eval_on_selector_all("svg.nb-chart", SIZES)
        assert sizes and all(w > 100 and h > 50 for w, h in sizes), sizes
        assert traffic.blocked == []


# Under a sub-path


@pytest.fixture(scope="module")
def sub_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SAMPLE built for http://intranet.example/qt/."""
    return build_with(tmp_path_factory.mktemp("subpath"), site_url=SITE_URL).site


def canonical(page: Path) -> str:
    """The page's <link rel="canonical"> URL ('' if none)."""
    found = re.search(r'<link rel="canonical" href="([^"]+)"', page.read_text(encoding="utf-8"))
    return found.group(1) if found else ""


def test_sub_path_build_has_no_broken_or_root_absolute_links(sub_site: Path) -> None:
    """Every link resolves inside the site, and no file of ours names a root-absolute path (which would skip /qt/)."""
    canonicals = [canonical(p) for p in sub_site.rglob("*.html") if p.name != "404.html"]
    assert len(canonicals) > 20 and all(c.startswith(SITE_URL) for c in canonicals)
    assert broken_links(sub_site) == []
    rooted = {}
    for path in sorted(sub_site.rglob("*")):
        rel = path.relative_to(sub_site).as_posix()
        if path.suffix in (".html", ".xml", ".js", ".css", ".json") and rel != "404.html" and not rel.startswith(MATERIAL_ASSETS):
            hits = ROOT_ABSOLUTE.findall(path.read_text(encoding="utf-8"))
            if hits:
                rooted[rel] = hits
    assert rooted == {}


def test_404_page_links_carry_the_sub_path(sub_site: Path) -> None:
    """The 404 page is served at any missing path, so MkDocs makes its links root-absolute: they must start with /qt/."""
    html = (sub_site / "404.html").read_text(encoding="utf-8")
    urls = re.findall(r'\b(?:href|src|action)="([^"#][^"]*)"', html)
    internal = [u for u in urls if not urlsplit(u).scheme]
    assert len(internal) > 10
    assert [u for u in internal if not u.startswith(PREFIX)] == []


class PrefixHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site only under PREFIX, like nginx's `location /qt/ { alias …; error_page 404 /qt/404.html; }`."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> Any:
        """404 outside the prefix; a missing file under it gets the site's 404 page."""
        if not self.path.startswith(PREFIX):
            self.send_error(404)
            return None
        if not Path(self.translate_path(self.path)).exists():
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command == "GET":
                self.wfile.write(body)
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        """The file for a URL path under PREFIX."""
        return super().translate_path("/" + path.removeprefix(PREFIX))


def serve_under_prefix(site: Path) -> AbstractContextManager[str]:
    """Serve `site` at PREFIX on a free loopback port; yield the server's root URL (without the prefix)."""
    return serve(site, PrefixHandler, path="")


def test_clicking_through_under_a_sub_path(sub_site: Path, browser: Browser) -> None:
    """Home → 组织 tab → an org → a report → header search → a hit, served only under /qt/: every request stays there."""
    with serve_under_prefix(sub_site) as server, offline_page(browser) as (page, traffic):
        page.goto(server + PREFIX, wait_until="networkidle")
        visited = [page.url]
        page.click(".md-tabs__link >> text=组织")
        page.wait_for_url(f"{server}{PREFIX}orgs/")
        visited.append(page.url)
        page.click(f"article a[href$='orgs/{ORG}/']")
        page.wait_for_url(f"{server}{PREFIX}orgs/{ORG}/")
        assert page.text_content("article h1").strip() == ORG_NAME
        visited.append(page.url)
        page.click(f"article a[href$='{REPORT}/']")
        page.wait_for_url(f"{server}{PREFIX}{REPORT}/")
        assert page.text_content("article h1").strip() == REPORT_TITLE
        visited.append(page.url)
        page.fill(".nb-header-search input[name=q]", QUERY)
        page.press(".nb-header-search input[name=q]", "Enter")
        page.wait_for_url(f"{server}{PREFIX}search/?q=*")
        page.wait_for_selector("#search-results[data-total]", state="attached")
        assert int(page.get_attribute("#search-results", "data-total") or 0) > 0
        visited.append(page.url)
        page.click("a.nb-hit-title")
        page.wait_for_url(f"{server}{PREFIX}reports/**")
        page.wait_for_load_state("networkidle")
        visited.append(page.url)
        assert traffic.problems() == []
        assert all(urlsplit(u).path.startswith(PREFIX) for u in visited + traffic.urls), visited + traffic.urls


def test_404_page_under_a_sub_path_is_styled(sub_site: Path, browser: Browser) -> None:
    """A missing page deep under /qt/ gets 404.html, whose styles and scripts still load."""
    with serve_under_prefix(sub_site) as server, offline_page(browser, console_errors=False) as (page, traffic):
        response = page.goto(f"{server}{PREFIX}no/such/page/", wait_until="networkidle")
        assert response is not None and response.status == 404
        assert traffic.bad == [f"404 {server}{PREFIX}no/such/page/"] and traffic.blocked == [] and traffic.failed == []
        assert len(traffic.urls) > 5 and all(urlsplit(u).path.startswith(PREFIX) for u in traffic.urls)
        assert page.evaluate(HEADER_ICONS) and all(w > 0 for _, w, _ in page.evaluate(HEADER_ICONS))
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"  # Material's CSS applied


# From a copied folder through file://


@pytest.fixture(scope="module")
def copied_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SAMPLE built with use_directory_urls: false, then copied elsewhere as a reader would."""
    build = build_with(tmp_path_factory.mktemp("fileurl"), use_directory_urls=False)
    return Path(shutil.copytree(build.site, tmp_path_factory.mktemp("copy") / "年报"))


def test_file_links_point_at_files(copied_site: Path) -> None:
    """Under file:// a link to a folder shows a directory listing, not its index.html: every internal link names a file."""
    folders = []
    for page in sorted(copied_site.rglob("*.html")):
        if page.name == "404.html":
            continue
        for url in re.findall(r'<(?:a|form)\b[^>]*?\b(?:href|action)="([^"]*)"', page.read_text(encoding="utf-8")):
            parts = urlsplit(url)
            if not parts.scheme and parts.path and (parts.path.endswith("/") or (page.parent / parts.path).is_dir()):
                folders.append(f"{page.relative_to(copied_site)}: {url}")
    assert folders == [], f"{len(folders)} links to folders, e.g. {folders[:10]}"


def test_file_browsing(copied_site: Path, browser: Browser) -> None:
    """From the copied index.html, the 组织 tab, an org and one of its reports open as pages of the site."""
    with offline_page(browser) as (page, traffic):
        # Each page finishes loading before the next click: leaving a page earlier aborts its last scripts, which is no failure.
        page.goto((copied_site / "index.html").as_uri(), wait_until="networkidle")
        page.click(".md-tabs__link >> text=组织")
        page.wait_for_load_state("networkidle")
        assert page.url == (copied_site / "orgs" / "index.html").as_uri()
        page.click(f"article a[href*='{ORG}']")
        page.wait_for_load_state("networkidle")
        assert page.locator("article h1").count() == 1, f"{page.url} is not a page of the site: {page.title()}"
        assert page.text_content("article h1").strip() == ORG_NAME
        page.click(f"article a[href*='{REPORT}']")
        page.wait_for_load_state("networkidle")
        assert page.text_content("article h1").strip() == REPORT_TITLE
        assert page.evaluate(HEADER_ICONS) and page.eval_on_selector_all("link[rel=stylesheet]", "ls => ls.every(l => l.sheet)")
        # Material reads sitemap.xml beside each <link rel="alternate"> (our feeds), taking them for language versions;
        # file:// refuses the fetch and Material carries on without it. Nothing else may fail.
        sitemap = [p for p in traffic.failed if p.split(": ")[0].endswith("/sitemap.xml")]
        assert sitemap and traffic.failed == sitemap and traffic.blocked == [] and traffic.bad == []
        assert [e for e in traffic.errors if "sitemap.xml" not in e and "net::ERR_FAILED" not in e] == []  # their console lines only


def test_file_search_says_it_needs_a_web_server(copied_site: Path, browser: Browser) -> None:
    """Browsers refuse fetch() of file:// URLs: the search page says so in Chinese instead of failing silently."""
    with offline_page(browser, console_errors=False) as (page, traffic):  # Chromium logs the refused index reads
        page.goto((copied_site / "search" / "index.html").as_uri() + f"?q={QUERY}")
        notice = page.locator("#search-results .nb-notice")
        notice.wait_for()
        assert notice.text_content() == FILE_MESSAGE
        assert page.locator("li.nb-hit").count() == 0
        assert traffic.blocked == [] and traffic.errors == []
        assert any(f.split(": ")[0].endswith("/search/data/manifest.json") for f in traffic.failed), traffic.failed
