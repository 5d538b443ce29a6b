"""Full-text search in real headless Chromium, checked against plain substring search over the generated sources."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browser import serve
from conftest import clean_build
from nianbao.search.fold import fold
from nianbao.search.query import parse_filters
from nianbao.search.reader import search
from synth import generate_archive

N, SEED, TRADITIONAL = 80, 1, 0.1
CJK = "\u4e00-\u9fff"


@dataclass(frozen=True)
class Source:
    """One generated report as the oracle sees it."""

    url: str  # site-relative, e.g. reports/2020/x/
    org: str
    year: int
    type: str
    title: str  # folded
    raw: str  # title, summary and body as written
    text: str  # the same, folded (fold keeps positions)
    body: str  # folded body alone
    traditional: bool  # written in traditional characters


@dataclass
class Corpus:
    """The generated archive: its sources, the built site and where it is served."""

    sources: list[Source]
    site: Path
    base: str = ""

    def matching(self, words: tuple[str, ...], **params: str) -> set[str]:
        """URLs of the reports whose folded text holds every word (plain substring search) and that pass the URL filters."""
        return {s.url for s in self.sources if all(w in s.text for w in words) and passes(s, **params)}

    def df(self, word: str) -> int:
        """How many reports hold the word."""
        return sum(word in s.text for s in self.sources)

    def by_url(self) -> dict[str, Source]:
        """Sources keyed by URL."""
        return {s.url: s for s in self.sources}


def passes(source: Source, org: str = "", year: str = "", type: str = "") -> bool:
    """Whether a report passes URL filters: org id, year as YYYY, YYYY-YYYY, YYYY- or -YYYY, and type id."""
    start, dash, end = year.partition("-")
    low, high = int(start or 0), int(end or 9999) if dash else int(start or 9999)
    return org in ("", source.org) and type in ("", source.type) and low <= source.year <= high


def occurrences(text: str, word: str) -> int:
    """Occurrences of word in text, overlapping ones included."""
    return len(re.findall(f"(?={re.escape(word)})", text))


def read_source(path: Path, reports: Path) -> tuple[str, dict, str]:
    """(site-relative URL, front matter, body) of one report file."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return f"reports/{path.relative_to(reports).with_suffix('').as_posix()}/", yaml.safe_load(front), body


def load_corpus(root: Path) -> Corpus:
    """Generate the archive (and its all-simplified twin, to know which reports are traditional) and read it back."""
    paths = generate_archive(root / "reports", N, seed=SEED, traditional=TRADITIONAL)
    twin = generate_archive(root / "twin", N, seed=SEED)
    sources = []
    for path, plain in zip(paths, twin):
        url, meta, body = read_source(path, root / "reports")
        _, plain_meta, _ = read_source(plain, root / "twin")
        assert {k: v for k, v in meta.items() if k not in ("title", "summary")} == {
            k: v for k, v in plain_meta.items() if k not in ("title", "summary")}  # only the human text converts
        body = body.replace("**", "")  # rendered text has no bold markers
        raw = f"{meta['title']}\n{meta.get('summary') or ''}\n{body}"
        traditional = path.read_bytes() != plain.read_bytes()
        sources.append(Source(url, meta["org"], meta["year"], meta["type"], fold(meta["title"]), raw, fold(raw), fold(body), traditional))
    return Corpus(sources, root / "site")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    root = tmp_path_factory.mktemp("search")
    corpus = load_corpus(root)
    build = clean_build(root)
    with serve(build.site) as base:
        corpus.base = base
        yield corpus


@dataclass
class Tab:
    """One browser page reused by the tests, with the JS errors it reported."""

    page: Page
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def shared_tab(browser: Browser) -> Iterator[Tab]:
    page = browser.new_page()
    tab = Tab(page)
    page.on("pageerror", lambda e: tab.errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: tab.errors.append(f"console: {m.text}") if m.type == "error" else None)
    yield tab
    page.close()


@pytest.fixture
def page(shared_tab: Tab) -> Iterator[Page]:
    """The shared page; any JS error or console error during the test fails it."""
    shared_tab.errors.clear()
    yield shared_tab.page
    assert shared_tab.errors == []


def search_url(corpus: Corpus, **params: str) -> str:
    """The search page URL with the given query parameters."""
    return corpus.base + "search/" + (f"?{urlencode(params)}" if params else "")


def ask(page: Page, corpus: Corpus, query: str) -> None:
    """Type the query into the search page's own box and submit: no reload, so the page keeps the index files it fetched."""
    if page.url.split("?")[0] != search_url(corpus) or parse_qs(urlsplit(page.url).query).keys() - {"q"}:  # elsewhere, or filtered
        page.goto(search_url(corpus))
    page.fill("#nb-search input[name=q]", query)
    page.press("#nb-search input[name=q]", "Enter")
    assert urlsplit(page.url).query == (urlencode({"q": query.strip()}) if query.strip() else "")


def total(page: Page) -> int:
    """data-total of the results, once the query is answered."""
    page.wait_for_selector("#search-results[data-total]", state="attached")
    return int(page.get_attribute("#search-results", "data-total") or "-1")


def all_hits(page: Page, corpus: Corpus) -> list[str]:
    """Site-relative URLs of every hit in page order, pressing 更多 until all are rendered."""
    total(page)
    while page.is_visible("button.nb-more"):
        shown = page.locator("li.nb-hit").count()
        page.click("button.nb-more")
        page.wait_for_function("n => document.querySelectorAll('li.nb-hit').length > n", arg=shown)
    hrefs = page.eval_on_selector_all("li.nb-hit a.nb-hit-title", "els => els.map(a => a.href)")
    base = urlsplit(corpus.base).path
    return [urlsplit(h).path.removeprefix(base) for h in hrefs]


def hit_counts(page: Page, corpus: Corpus) -> dict[str, int]:
    """URL → the 出现 N 次 count of every rendered hit."""
    rows = page.eval_on_selector_all(
        "li.nb-hit", "els => els.map(e => [e.querySelector('a.nb-hit-title').href, e.querySelector('.nb-hit-meta').textContent])")
    base = urlsplit(corpus.base).path
    out = {}
    for href, meta in rows:
        m = re.search(r"出现 (\d+) 次", meta)
        assert m, meta
        out[urlsplit(href).path.removeprefix(base)] = int(m.group(1))
    return out


def python_order(corpus: Corpus, query: str, org: str = "", year: str = "", type: str = "") -> list[str]:
    """Hit URLs in the order the Python reader ranks them, given URL filters."""
    return [h.url for h in search(corpus.site / "search/data", query, parse_filters(org=org, year=year, rtype=type)).hits]


# Query cases: each derives (typed query, oracle words, reports the oracle must find, allowed oracle sizes) from the data.


@dataclass(frozen=True)
class Case:
    """What the reader types, what the oracle looks for, and what makes the case meaningful."""

    query: str
    words: tuple[str, ...]
    sizes: range = range(1, N + 1)
    must_find: frozenset[str] = frozenset()


def cjk_windows(text: str, size: int, step: int = 1) -> Iterator[str]:
    """Windows of `size` CJK characters inside text."""
    for run in re.findall(f"[{CJK}]{{{size},}}", text):
        yield from (run[i: i + size] for i in range(0, len(run) - size + 1, step))


def unique_word(c: Corpus, source: Source, size: int = 10) -> str:
    """A `size`-character substring of the source's body that no other report holds."""
    return next(w for w in cjk_windows(source.body, size, 37) if c.df(w) == 1)


def rare_bigram(c: Corpus) -> Case:
    """A two-character CJK word held by only a few reports."""
    counts = Counter(w for s in c.sources for w in set(cjk_windows(s.text, 2)))
    word = min((w for w, n in counts.items() if 2 <= n <= 5), key=lambda w: (counts[w], w))
    return Case(word, (word,), range(2, 6))


def absent_trigram(c: Corpus) -> Case:
    """Three characters whose two bigrams both occur, but never together: the positional check must reject them."""
    counts = Counter(w for s in c.sources[:20] for w in set(cjk_windows(s.text, 2)))
    common = sorted(w for w, n in counts.items() if n >= 10)
    word = next(a + b[1] for a in common for b in common if a[1] == b[0] and c.df(a + b[1]) == 0)
    return Case(word, (word,), range(0, 1))


def traditional_finds_simplified(c: Corpus) -> Case:
    """志愿者 typed in traditional characters finds the reports written in simplified."""
    simplified = frozenset(s.url for s in c.sources if not s.traditional and "志愿者" in s.text)
    return Case("志願者", ("志愿者",), must_find=simplified)


def simplified_finds_traditional(c: Corpus) -> Case:
    """A word written in traditional characters in one report, typed in simplified, finds it and simplified reports too."""
    report = next(s for s in c.sources if s.traditional)
    word = next(report.text[i: i + 4] for i in range(len(report.text) - 4)
                if re.fullmatch(f"[{CJK}]{{4}}", report.text[i: i + 4]) and report.raw[i: i + 4] != report.text[i: i + 4]
                and any(not s.traditional and report.text[i: i + 4] in s.text for s in c.sources))
    simplified = next(s.url for s in c.sources if not s.traditional and word in s.text)
    return Case(word, (word,), must_find=frozenset({report.url, simplified}))


def traditional_unique(c: Corpus) -> Case:
    """A word of one traditional report, typed in simplified: the report holds it only once folded."""
    report = next(s for s in c.sources if s.traditional)
    word = unique_word(c, report)
    assert word not in report.raw
    return Case(word, (word,), range(1, 2), frozenset({report.url}))


CASES: dict[str, Callable[[Corpus], Case]] = {
    "common word, every page of hits": lambda c: Case("服务", ("服务",), range(41, N + 1)),
    "common three-character word": lambda c: Case("志愿者", ("志愿者",), range(21, N)),
    "sub-word inside a word": lambda c: Case("婴室", ("婴室",), range(2, N)),
    "sub-word across phrase parts": lambda c: (lambda w: Case(w[3:6], (w[3:6],)))(unique_word(c, c.sources[3])),
    "rare two-character word": rare_bigram,
    "traditional query finds simplified reports": traditional_finds_simplified,
    "simplified query finds traditional reports": simplified_finds_traditional,
    "traditional query, two characters": lambda c: Case("婦聯", ("妇联",), range(2, N)),
    "two words (AND)": lambda c: Case("志愿者 母婴室", ("志愿者", "母婴室"), range(1, min(c.df("志愿者"), c.df("母婴室")))),
    "three words (AND), mixed scripts": lambda c: Case("服務 志愿者  婴室", ("服务", "志愿者", "婴室"), range(1, c.df("志愿者"))),
    "curly-quoted phrase": lambda c: Case("“志愿服务”", ("志愿服务",), range(1, N)),
    "quoted phrase keeps its space": lambda c: Case('"志愿 服务"', ("志愿 服务",), range(0, 1)),
    "same words unquoted are AND": lambda c: Case("志愿 服务", ("志愿", "服务"), range(2, N + 1)),
    "word in exactly one report": lambda c: (lambda w: Case(w, (w,), range(1, 2)))(
        unique_word(c, next(s for s in c.sources[N // 2:] if not s.traditional))),
    "unique word of a traditional report, typed simplified": traditional_unique,
    "bigrams occur but the word nowhere": absent_trigram,
    "word occurring nowhere": lambda c: Case("务服", ("务服",), range(0, 1)),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hits_equal_plain_substring_search(name: str, corpus: Corpus, page: Page) -> None:
    case = CASES[name](corpus)
    expected = corpus.matching(tuple(fold(w) for w in case.words))
    assert len(expected) in case.sizes, (case, len(expected))
    assert case.must_find <= expected
    ask(page, corpus, case.query)
    assert total(page) == len(expected), case
    hits = all_hits(page, corpus)
    assert len(hits) == len(expected) and set(hits) == expected, case
    assert hits == python_order(corpus, case.query)
    sources = corpus.by_url()
    words = [fold(w) for w in case.words]
    marked = {urlsplit(h).query for h in page.eval_on_selector_all("a.nb-hit-title", "els => els.map(a => a.href)")}
    assert marked <= {urlencode([("h", w) for w in words])}  # the report page is told which words to mark
    assert hit_counts(page, corpus) == {u: sum(occurrences(sources[u].text, w) for w in words) for u in hits}
    marks = page.eval_on_selector_all("li.nb-hit", "els => els.map(e => [...e.querySelectorAll('.nb-snippet mark')].map(m => m.textContent))")
    assert all(m and {fold(t) for t in m} <= set(words) for m in marks), marks  # each snippet marks a query word
    if not expected:
        assert page.is_visible(".nb-none")


def test_traditional_reports_exist(corpus: Corpus) -> None:
    written = [s for s in corpus.sources if s.traditional]
    assert 3 <= len(written) <= N // 4
    for s in written:  # their titles, summaries and bodies hold traditional characters; folding gives simplified back
        title, summary, body = s.raw.split("\n", 2)
        assert all(any(ch != fold(ch) for ch in re.findall(f"[{CJK}]", part)) for part in (title, summary, body)), s.url


def test_one_character_word_is_refused_with_a_hint(corpus: Corpus, page: Page) -> None:
    page.goto(search_url(corpus, q="会"))
    assert total(page) == 0
    assert "至少输入两个字" in page.text_content("#search-results .nb-status")
    assert page.locator("li.nb-hit").count() == 0


def test_without_query_every_report_is_listed_newest_first(corpus: Corpus, page: Page) -> None:
    page.goto(search_url(corpus))
    assert total(page) == N
    hits = all_hits(page, corpus)
    assert hits == python_order(corpus, "")
    years = [corpus.by_url()[u].year for u in hits]
    assert years == sorted(years, reverse=True)


def most_common(values: list[str]) -> str:
    """The most frequent value, ties broken by value."""
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v))


def years(c: Corpus, share: float) -> int:
    """The year below which about `share` of the reports fall."""
    return sorted(s.year for s in c.sources)[int(N * share)]


FILTERS: dict[str, Callable[[Corpus], dict[str, str]]] = {  # URL parameters; q="" lists every report that passes
    "org": lambda c: {"q": "志愿者", "org": most_common([s.org for s in c.sources])},
    "org, no query": lambda c: {"q": "", "org": most_common([s.org for s in c.sources])},
    "open year range": lambda c: {"q": "", "year": f"{years(c, 0.5)}-"},
    "open start of year range": lambda c: {"q": "志愿者", "year": f"-{years(c, 0.5)}"},
    "closed year range": lambda c: {"q": "志愿者", "year": f"{years(c, 0.25)}-{years(c, 0.5)}"},
    "single year": lambda c: {"q": "", "year": most_common([str(s.year) for s in c.sources])},
    "type": lambda c: {"q": "志愿者", "type": most_common([s.type for s in c.sources])},
    "org, years and type": lambda c: {"q": "服务", "org": most_common([s.org for s in c.sources]), "year": f"-{years(c, 0.75)}",
                                      "type": most_common([s.type for s in c.sources])},
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_filters_from_the_url(name: str, corpus: Corpus, page: Page) -> None:
    params = FILTERS[name](corpus)
    query = params.pop("q")
    expected = corpus.matching((query,) if query else (), **params)
    assert 0 < len(expected) < (corpus.df(query) if query else N)
    page.goto(search_url(corpus, q=query, **params))
    assert total(page) == len(expected)
    assert all(page.input_value(f"select[name={k}]") == v for k, v in params.items() if k != "year")
    hits = all_hits(page, corpus)
    assert set(hits) == expected and hits == python_order(corpus, query, **params)
    if "year" in params:
        start, _, end = params["year"].partition("-") if "-" in params["year"] else (params["year"], "", params["year"])
        assert (page.input_value("select[name=from]"), page.input_value("select[name=to]")) == (start, end)


def facet_counts(page: Page) -> dict[str, dict[str, int]]:
    """Select name → option value → the （count） shown after its label."""
    rows = page.eval_on_selector_all("#nb-search select", "els => els.map(s => [s.name, [...s.options].map(o => [o.value, o.textContent])])")
    out: dict[str, dict[str, int]] = {}
    for name, options in rows:
        out[name] = {}
        for value, text in options:
            if value:
                m = re.search(r"（(\d+)）$", text)
                assert m, (name, text)
                out[name][value] = int(m.group(1))
    return out


def expected_facets(corpus: Corpus, word: str, org: str = "", rtype: str = "") -> dict[str, dict[str, int]]:
    """Counts per option: each facet counts the reports holding the word that pass the other filters."""
    hits = [s for s in corpus.sources if word in s.text]
    orgs = Counter(s.org for s in hits if not rtype or s.type == rtype)
    years = Counter(str(s.year) for s in hits if (not org or s.org == org) and (not rtype or s.type == rtype))
    types = Counter(s.type for s in hits if not org or s.org == org)
    return {"org": orgs, "from": years, "to": years, "type": types}


def test_facet_counts_and_changing_a_select(corpus: Corpus, page: Page) -> None:
    word, org = "志愿者", most_common([s.org for s in corpus.sources if "志愿者" in s.text])
    page.goto(search_url(corpus, q=word, org=org))
    assert total(page) == len(corpus.matching((word,), org=org))
    shown = facet_counts(page)
    expected = expected_facets(corpus, word, org)
    assert {k: {v: n for v, n in shown[k].items() if n} for k in shown} == expected
    assert all(set(shown[k]) >= set(expected[k]) for k in shown)
    rtype = most_common([s.type for s in corpus.sources if word in s.text and s.org == org])
    page.select_option("select[name=type]", rtype)
    assert total(page) == len(corpus.matching((word,), org=org, type=rtype))
    assert urlsplit(page.url).query == urlencode({"q": word, "org": org, "type": rtype})
    shown = facet_counts(page)
    assert {k: {v: n for v, n in shown[k].items() if n} for k in shown} == expected_facets(corpus, word, org, rtype)
    page.go_back()
    page.wait_for_function("document.querySelector('select[name=type]').value === ''")  # the earlier state is being shown
    assert total(page) == len(corpus.matching((word,), org=org)) and urlsplit(page.url).query == urlencode({"q": word, "org": org})


def title_word(corpus: Corpus) -> str:
    """A word in some titles and in the bodies of other reports whose titles lack it."""
    def balance(w: str) -> int:
        in_title = sum(w in s.title for s in corpus.sources)
        body_only = sum(w in s.text and w not in s.title for s in corpus.sources)
        return min(in_title, body_only)
    candidates = sorted({w for s in corpus.sources for w in cjk_windows(s.title, 3)})
    return max(candidates, key=balance)


def test_reports_with_the_word_in_the_title_rank_first(corpus: Corpus, page: Page) -> None:
    word = title_word(corpus)
    sources = corpus.by_url()
    page.goto(search_url(corpus, q=word))
    hits = all_hits(page, corpus)
    in_title = [word in sources[u].title for u in hits]
    assert any(in_title) and not all(in_title), word
    assert in_title == sorted(in_title, reverse=True), word
    assert hits == python_order(corpus, word)


def spread_word(corpus: Corpus) -> tuple[Source, str]:
    """A simplified report and a word only in its body (not title or summary), first met past the first screen and again much later."""
    for source in corpus.sources:
        if source.traditional:
            continue
        body, head = source.body, source.text[: len(source.text) - len(source.body)]  # head: title and summary
        for w in cjk_windows(body, 4, 13):
            first, last = body.find(w), body.rfind(w)
            if w not in head and first > len(body) * 0.25 and last - first > len(body) * 0.4 and corpus.df(w) < 30:
                return source, w
    raise AssertionError("no report has a word spread over its body")


IN_VIEW = "() => { const r = document.querySelector('mark.nb-hl').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"


def test_opening_a_hit_marks_the_word_and_scrolls_to_it(corpus: Corpus, page: Page) -> None:
    source, word = spread_word(corpus)
    page.goto(search_url(corpus, q=word))
    hits = all_hits(page, corpus)
    assert source.url in hits
    link = page.locator("a.nb-hit-title").nth(hits.index(source.url))
    link.click()
    page.wait_for_url(f"{corpus.base}{source.url}?*")
    page.wait_for_selector("mark.nb-hl")
    marks = page.eval_on_selector_all("mark.nb-hl", "els => els.map(m => m.textContent)")
    assert [fold(m) for m in marks] == [word] * occurrences(source.text, word)
    try:
        page.wait_for_function(IN_VIEW, timeout=1500)
    except PlaywrightTimeout:
        pass
    assert page.evaluate("scrollY") > 0
    where = page.evaluate("[scrollY, innerHeight, [...document.querySelectorAll('mark.nb-hl')].map(m => m.getBoundingClientRect().top)]")
    assert page.evaluate(IN_VIEW), f"the first mark is not in view: scrollY, viewport height, mark tops = {where}"


def test_header_search_box_goes_to_the_search_page(corpus: Corpus, page: Page) -> None:
    page.goto(corpus.base + "archive/")
    page.fill(".nb-header-search input[name=q]", "母婴室")
    page.press(".nb-header-search input[name=q]", "Enter")
    page.wait_for_url(search_url(corpus, q="母婴室"))
    assert total(page) == len(corpus.matching(("母婴室",)))
    assert page.input_value("#nb-search input[name=q]") == "母婴室"


def test_without_javascript_a_notice_links_to_the_archive(corpus: Corpus, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(search_url(corpus, q="服务"))
    notice = page.locator(".nb-notice")
    assert notice.is_visible() and "JavaScript" in notice.text_content()
    assert notice.locator("a").first.evaluate("a => a.href") == corpus.base + "archive/"
    assert page.locator("li.nb-hit").count() == 0
    context.close()


SHOWN_AT = """new MutationObserver((_, watch) => {
  if (document.getElementById("search-results")?.hasAttribute("data-total")) { window.__nbShown = performance.now(); watch.disconnect(); }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ["data-total"]});"""


def test_material_s_script_runs_after_the_first_results_and_mounts_the_page(corpus: Corpus, browser: Browser) -> None:
    context = browser.new_context()  # cold: nothing cached, as a reader arriving from another page or a link
    context.add_init_script(SHOWN_AT)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(search_url(corpus, q="服务"))
    assert total(page) == len(corpus.matching(("服务",)))
    page.wait_for_function("() => typeof window.component$ !== 'undefined'")
    # Material mounts its components when its document$ emits, on DOMContentLoaded: sent again for the late bundle.
    assert page.evaluate("() => new Promise((resolve) => document$.subscribe(() => resolve(true)))") is True
    started = page.evaluate("() => performance.getEntriesByType('resource').find((e) => e.name.includes('/javascripts/bundle.')).startTime")
    assert started >= page.evaluate("window.__nbShown")
    assert page.locator("script[src*='/javascripts/bundle.']").count() == 1  # once, not also from the template
    assert errors == []
    context.close()
