"""The browser's ways of checking a long word (small trigrams, big trigrams, the candidates' text) all give exact results."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from browser import serve
from nianbao.search.fold import render_fold_json
from nianbao.search.index import SearchDoc, build_index
from nianbao.search.reader import search
from nianbao.search.text import build_doc_text

REPO = Path(__file__).resolve().parent.parent
PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>搜索</title>
<script async src="search.js" data-index="data/" data-root="/"></script></head>
<body><form id="nb-search"><input name="q"></form><div id="search-results"></div></body></html>"""
TEXT_PATH, BIG_PATH = "服务群众1207人次。", "服务群众"
QUERIES = (
    TEXT_PATH,  # common trigrams at both ends, rare ones inside: settled by the candidates' text
    "务群众3",  # a rare trigram and a common one
    BIG_PATH,  # only common (big) trigrams: fetched directly, no bucket
    "群众",  # a two-character word
    "人次。坚持",
    "0人次",
    "志愿 服务群众",
    "量子纠缠",
    "3人",
)


def docs() -> list[SearchDoc]:
    """Thirty reports full of the same phrase with different numbers, so that its trigrams are common and the numbers rare."""
    out = []
    for i in range(30):
        body = "".join(f"<p>开展志愿活动{i * 7 + j}场，服务群众{1200 + i * 7 + j}人次。坚持推进。</p>" for j in range(6))
        title = f"报告{i}"
        out.append(SearchDoc(f"reports/{i}/", title, "zgh", 2020 + i % 5, "annual", None, build_doc_text(title, "", body)))
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The index of docs() with a tiny big-posting threshold, the search script and a bare search page, served."""
    root = tmp_path_factory.mktemp("paths")
    monkey = pytest.MonkeyPatch()
    monkey.setattr("nianbao.search.buckets.BIG_BYTES", 100)  # common trigrams in files of their own
    monkey.setattr("nianbao.search.buckets.BUCKET_BYTES", {"a": 200, "c": 200})  # several bucket files a tier
    monkey.setattr("nianbao.search.pieces.TEXT_CHARS", 20)  # text pieces cheaper than big postings
    monkey.setattr("nianbao.search.pieces.TEXT_BYTES", 1)
    try:
        files = build_index(docs(), [("zgh", "区总工会")], [("annual", "年度工作总结")])
    finally:
        monkey.undo()
    assert any(name.startswith("k/") for name in files) and any(name.startswith("c/") for name in files)
    for name, data in files.items():
        (root / "data" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "data" / name).write_bytes(data)
    (root / "data/fold.json").write_text(render_fold_json(), encoding="utf-8")
    shutil.copy(REPO / "overrides/assets/nianbao/search.js", root / "search.js")
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    with serve(root) as base:
        yield base, root / "data"


def listed(page: Page) -> list[str]:
    """URLs of every hit, pressing 更多 until all are listed."""
    while page.locator("#search-results button.nb-more:visible").count():
        shown = page.locator("li.nb-hit").count()
        page.locator("#search-results button.nb-more").click()
        page.wait_for_function("n => document.querySelectorAll('li.nb-hit').length > n", arg=shown)
    hrefs = page.eval_on_selector_all("li.nb-hit a", "els => els.map(a => a.getAttribute('href'))")
    return [urlsplit(h).path.lstrip("/") for h in hrefs]


@pytest.mark.parametrize("query", QUERIES)
def test_browser_matches_python_and_substring_search(query: str, site: tuple[str, Path], browser: Browser) -> None:
    base, data = site
    expected = {d.url for d in docs() if all(w in d.text.text for w in query.split())}
    python = search(data, query)
    assert {h.url for h in python.hits} == expected
    page = browser.new_page()
    errors: list[str] = []
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(urlsplit(r.url).path.split("/data/")[-1]))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    try:
        page.goto(f"{base}index.html?q={quote(query)}")
        page.wait_for_selector("#search-results[data-total]", state="attached")
        assert page.get_attribute("#search-results", "data-total") == str(len(expected))
        assert listed(page) == [h.url for h in python.hits]  # same hits in the same order (same counts)
    finally:
        page.close()
    assert not errors
    if query == TEXT_PATH:  # the phrase's common trigrams are never fetched: its one candidate's text is read instead
        assert not [f for f in fetched if f.startswith("k/")] and [f for f in fetched if f.startswith("t/")]
    if query == BIG_PATH:  # big trigrams come straight from their files, without a bucket
        assert [f for f in fetched if f.startswith("k/")] and not [f for f in fetched if f.startswith("c/")]
