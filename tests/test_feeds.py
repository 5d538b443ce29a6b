"""Atom feeds: valid (RFC 4287, and as a feed reader parses them), newest additions first, links that resolve."""
from __future__ import annotations

import datetime
import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, urlsplit

import feedparser
import pytest

from conftest import SAMPLE, Build, clean_build, report, write_tree
from htmlscan import Scan
from nianbao.archive import build_archive
from nianbao.pages.feeds import ATOM, build_feeds
from nianbao.history import Changes
from nianbao.project import load_project

SITE_URL = "http://intranet.example/qt/"
_RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
A = f"{{{ATOM}}}"
# RFC 4151: tag:<DNS name or e-mail>,<date>:<specific>, the specific part of pchar, '/' and '?' (percent-encoded otherwise).
_TAG_URI = re.compile(r"^tag:(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|[^@\s]+@[A-Za-z0-9.-]+),\d{4}(?:-\d\d(?:-\d\d)?)?:"
                      r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$")


def atom_problems(text: str) -> list[str]:
    """What RFC 4287 requires of a feed and its entries that this document lacks."""
    root = ET.fromstring(text.encode("utf-8"))
    problems = [] if root.tag == f"{A}feed" else [f"root is {root.tag}"]

    def one(element: ET.Element, tag: str, where: str) -> ET.Element | None:
        found = element.findall(f"{A}{tag}")
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} <{tag}>")
        return found[0] if found else None

    for tag in ("id", "title", "updated"):
        one(root, tag, "feed")
    ids = []
    for n, entry in enumerate(root.findall(f"{A}entry")):
        for tag in ("id", "title", "updated"):
            one(entry, tag, f"entry {n}")
        ids.append(entry.findtext(f"{A}id"))
        if not entry.findall(f"{A}author") and not root.findall(f"{A}author"):
            problems.append(f"entry {n}: no author")
        if not [link for link in entry.findall(f"{A}link") if link.get("rel", "alternate") == "alternate"]:
            problems.append(f"entry {n}: no alternate link")
    for element in root.iter():
        if element.tag in (f"{A}updated", f"{A}published") and not _RFC3339.match(element.text or ""):
            problems.append(f"date not RFC 3339: {element.text}")
        if element.tag == f"{A}id" and not (_TAG_URI.match(element.text or "") or urlsplit(element.text or "").scheme in ("http", "https")):
            problems.append(f"id is neither a tag: URI nor an http(s) URL: {element.text}")
    if len(set(ids)) != len(ids):
        problems.append("duplicate entry ids")
    updated = [entry.findtext(f"{A}updated") for entry in root.findall(f"{A}entry")]
    if len(set(updated)) != len(updated):
        problems.append("entries share an updated value")
    return problems


def page_exists(site: Path, url: str) -> bool:
    """Whether a site-relative URL names a page or file of the built site."""
    target = site / url.split("#")[0]
    return (target / "index.html").is_file() if url.endswith("/") or not url else target.is_file()


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return clean_build(tmp_path_factory.mktemp("feeds"), SAMPLE, config={"site_url": SITE_URL})


def test_the_site_feed_is_valid_atom_and_lists_every_report_with_a_working_link(hosted: Build) -> None:
    text = (hosted.site / "feed.xml").read_text(encoding="utf-8")
    assert atom_problems(text) == []
    parsed = feedparser.parse(text)
    assert parsed.bozo == 0 and parsed.version == "atom10"
    assert parsed.feed.title == "年报 · 群团工作报告库：新增报告"
    assert parsed.feed.id == "tag:nianbao,2026:feed.xml"  # stable when the site moves
    assert [(link.rel, link.href) for link in parsed.feed.links] == [("alternate", SITE_URL), ("self", f"{SITE_URL}feed.xml")]
    assert len(parsed.entries) == len(SAMPLE) - 1
    for entry in parsed.entries:
        assert entry.link.startswith(SITE_URL), entry.link
        assert page_exists(hosted.site, entry.link.removeprefix(SITE_URL)), entry.link
    by_title = {e.title: e for e in parsed.entries}
    zgh = by_title["坪山区总工会2021年工作总结"]
    assert zgh.author == "坪山区总工会" and zgh.summary == "全年建成母婴室85间"
    assert {t.term for t in zgh.tags} == {"年度工作总结", "职工服务"}
    assert zgh.published == "2022-01-20T00:00:00+00:00"  # no git history: the report's date stands in


def test_entries_come_newest_first_and_undated_reports_at_their_years_end(hosted: Build) -> None:
    parsed = feedparser.parse((hosted.site / "feed.xml").read_text(encoding="utf-8"))
    published = [e.published for e in parsed.entries]
    assert published == sorted(published, reverse=True)
    undated = next(e for e in parsed.entries if e.title == "团区委2021年工作总结")
    assert undated.published == "2021-12-31T00:00:00+00:00"
    assert parsed.feed.updated == published[0]


def test_each_org_with_reports_has_its_own_feed_announced_on_its_pages(hosted: Build) -> None:
    feeds = sorted(p.name.removeprefix("feed-").removesuffix(".xml") for p in hosted.site.glob("feed-*.xml"))
    assert feeds == ["other-zgh", "pingshan-fl", "pingshan-tqw", "pingshan-zgh"]  # pingshan-qtgzb has no report of its own
    text = (hosted.site / "feed-pingshan-zgh.xml").read_text(encoding="utf-8")
    assert atom_problems(text) == []
    parsed = feedparser.parse(text)
    assert parsed.bozo == 0 and parsed.feed.title == "坪山区总工会：新增报告"
    assert sorted(e.title for e in parsed.entries) == ["坪山区总工会2020年工作总结", "坪山区总工会2021年工作总结", "坪山区总工会2021年工作计划"]
    assert parsed.feed.link == f"{SITE_URL}orgs/pingshan-zgh/"
    assert Scan(hosted.page("orgs/pingshan-zgh/")).hrefs("订阅本组织的新报告（Atom）") == ["../../feed-pingshan-zgh.xml"]
    for url in ("orgs/pingshan-zgh/", "reports/2021/zgh/"):
        feeds_here = [a for a in re.findall(r"<link [^>]*>", hosted.page(url)) if "application/atom+xml" in a]
        hrefs = [re.search(r'href="([^"]+)"', a)[1] for a in feeds_here]
        resolved = {posixpath.normpath(posixpath.join(url, h)) for h in hrefs}
        assert resolved == {"feed.xml", "feed-pingshan-zgh.xml"}, hrefs


def test_every_page_announces_the_site_feed(sample_build: Build) -> None:
    pages = sorted(sample_build.site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        if page.name == "404.html":
            continue
        url = page.relative_to(sample_build.site).parent.as_posix()
        html = page.read_text(encoding="utf-8")
        hrefs = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="([^"]+)"', html)
        assert hrefs and posixpath.normpath(posixpath.join(url, hrefs[0])) == "feed.xml", page


def test_without_site_url_links_are_relative_to_the_feed_and_ids_stay_absolute(sample_build: Build) -> None:
    for feed, base in (("feed.xml", "http://x/qt/feed.xml"), ("feed-pingshan-zgh.xml", "http://x/qt/feed-pingshan-zgh.xml")):
        text = (sample_build.site / feed).read_text(encoding="utf-8")
        assert atom_problems(text) == []
        parsed = feedparser.parse(text, response_headers={"content-location": base, "content-type": "application/atom+xml"})
        assert parsed.bozo == 0 and parsed.entries
        for entry in parsed.entries:
            assert entry.link.startswith("http://x/qt/reports/"), entry.link
            assert page_exists(sample_build.site, entry.link.removeprefix("http://x/qt/")), entry.link
            assert entry.id == f"tag:nianbao,2026:{quote(urlsplit(entry.link).path.removeprefix('/qt/').rstrip('/'))}.md", entry.id


def test_git_dates_order_the_feed_and_newest_entries_are_kept(tmp_path: Path) -> None:
    files = {"catalog.yml": SAMPLE["catalog.yml"]} | {
        f"2021/r{i}.md": report(f"报告{i}", "pingshan-zgh", 2021, date="2022-01-01") for i in range(60)}
    loaded = load_project(write_tree(tmp_path, files))
    archive = build_archive(loaded.catalog, loaded.reports)
    day = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    history = {f"2021/r{i}.md": Changes(day + datetime.timedelta(days=i), day + datetime.timedelta(days=100)) for i in range(60)}
    feeds = build_feeds(archive, history, "年报")
    site = feedparser.parse(feeds["feed.xml"])
    assert [e.title for e in site.entries] == [f"报告{i}" for i in range(59, 9, -1)]  # the 50 newest additions
    assert site.entries[0].published == "2024-02-29T00:00:00+08:00" and site.entries[0].updated == "2024-04-10T00:00:00+08:00"
    assert len(feedparser.parse(feeds["feed-pingshan-zgh.xml"]).entries) == 20
    assert feeds["feed.xml"].startswith("<?xml version='1.0' encoding='utf-8'?>")


def test_titles_with_markup_are_escaped(tmp_path: Path) -> None:
    files = {"catalog.yml": SAMPLE["catalog.yml"], "2021/a.md": report('"<b>总结</b> & 计划"', "pingshan-zgh", 2021)}
    loaded = load_project(write_tree(tmp_path, files))
    text = build_feeds(build_archive(loaded.catalog, loaded.reports), {}, "年报")["feed.xml"]
    assert "&lt;b&gt;总结&lt;/b&gt; &amp; 计划" in text and atom_problems(text) == []
    assert feedparser.parse(text).entries[0].title == "<b>总结</b> & 计划"


def test_entry_ids_survive_a_new_site_url_and_updated_values_differ(tmp_path: Path) -> None:
    files = {"catalog.yml": SAMPLE["catalog.yml"]} | {f"2021/r{i}.md": report(f"报告{i}", "pingshan-zgh", 2021) for i in range(5)}
    loaded = load_project(write_tree(tmp_path, files))
    archive = build_archive(loaded.catalog, loaded.reports)
    old, new = (feedparser.parse(build_feeds(archive, {}, "年报", url)["feed.xml"]) for url in ("http://a.example/", "https://b.example/qt/"))
    assert [e.id for e in old.entries] == [e.id for e in new.entries] == [f"tag:nianbao,2026:reports/2021/r{i}.md" for i in range(4, -1, -1)]
    assert len({e.updated for e in new.entries}) == 5 and new.entries[0].updated == "2021-12-31T00:00:00+00:00"
    assert [link.rel for link in new.feed.links] == ["alternate", "self"]
    tagged = build_feeds(archive, {}, "年报", tag="qtgzb.example.gov.cn,2026-11")["feed.xml"]
    assert "<id>tag:qtgzb.example.gov.cn,2026-11:reports/2021/r0.md</id>" in tagged and atom_problems(tagged) == []


@pytest.mark.parametrize("tag, valid", [("nianbao,2026", True), ("qtgzb.example.gov.cn,2026-11-30", True), ("office@example.cn,2026", True),
                                        ("nianbao", False), ("example.cn,26", False), ("http://x,2026", False)])
def test_the_feed_tag_setting_is_checked(tag: str, valid: bool) -> None:
    from nianbao.pages.feeds import check_feed_tag
    assert (check_feed_tag(tag) == "") is valid
