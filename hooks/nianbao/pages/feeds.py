"""Atom feeds of newly added reports: one for the site, one per org (RFC 4287)."""
from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from typing import Iterable, Mapping
from urllib.parse import quote

from ..archive import Archive
from ..history import Changes
from ..model import Report

ATOM = "http://www.w3.org/2005/Atom"
FEED = "feed.xml"
# Entry ids are tag: URIs (RFC 4151) minted under this authority and date: unlike URLs they survive a change of
# site_url or server. A site may set its own in mkdocs.yml (extra.nianbao.feed_tag: "qtgzb.example.gov.cn,2026").
DEFAULT_TAG = "nianbao,2026"
SITE_ENTRIES, ORG_ENTRIES = 50, 20
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)

ET.register_namespace("", ATOM)


def org_feed(org_id: str) -> str:
    """Where an org's feed is published: at the root, like the site's, because Material's JavaScript fetches
    sitemap.xml beside every <link rel="alternate"> (it takes them for language versions)."""
    return f"feed-{org_id}.xml"


def added_at(report: Report, history: Mapping[str, Changes]) -> datetime.datetime:
    """When a report was added: its first commit, else its date, else the end of its year."""
    if report.source in history:
        return history[report.source].added
    day = report.date or datetime.date(report.year, 12, 31)
    return datetime.datetime.combine(day, datetime.time(), datetime.timezone.utc)


def updated_at(report: Report, history: Mapping[str, Changes]) -> datetime.datetime:
    """When a report last changed: its latest commit, else when it was added."""
    return history[report.source].changed if report.source in history else added_at(report, history)


def build_feeds(archive: Archive, history: Mapping[str, Changes], site_name: str, site_url: str = "", tag: str = DEFAULT_TAG) -> dict[str, str]:
    """Every feed: site path → Atom XML, newest additions first."""
    newest = sorted(archive.reports, key=lambda r: (added_at(r, history), r.source), reverse=True)
    feeds = {FEED: render_feed(f"{site_name}：新增报告", FEED, "", newest[:SITE_ENTRIES], archive, history, site_url, tag)}
    for org_id in archive.by_org:
        name = archive.catalog.orgs[org_id].name
        mine = [r for r in newest if r.org == org_id][:ORG_ENTRIES]
        feeds[org_feed(org_id)] = render_feed(f"{name}：新增报告", org_feed(org_id), f"orgs/{org_id}/", mine, archive, history, site_url, tag)
    return feeds


_TAGGING_ENTITY = re.compile(r"^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|[^@\s,]+@[A-Za-z0-9.-]+),\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def check_feed_tag(tag: str) -> str:
    """'' for a valid tagging entity (RFC 4151: a domain or e-mail address, a comma, a date), else a Chinese error."""
    if _TAGGING_ENTITY.match(tag):
        return ""
    return (f"mkdocs.yml 中 extra.nianbao.feed_tag 的值 '{tag}' 无效：应为“域名或电子邮件,日期”，"
            "如 qtgzb.example.gov.cn,2026（订阅源条目的编号由它生成，设定后不要再改）")


def tag_uri(tag: str, specific: str) -> str:
    """A tag: URI (RFC 4151) under the site's tagging entity ('authority,date'), its specific part percent-encoded."""
    return f"tag:{tag}:{quote(specific, safe='/')}"


def distinct_times(times: list[datetime.datetime]) -> list[datetime.datetime]:
    """The times, each moved on by whole seconds where an earlier one in the list already has it.

    Validators flag entries that share atom:updated (reports committed together, or dated by day only); a second
    later keeps updated after published, and no reader will notice it.
    """
    seen: set[datetime.datetime] = set()
    out = []
    for time in times:
        while time in seen:
            time += datetime.timedelta(seconds=1)
        seen.add(time)
        out.append(time)
    return out


def _sub(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text or None
    return element


def render_feed(title: str, path: str, page: str, reports: Iterable[Report], archive: Archive,
                history: Mapping[str, Changes], site_url: str, tag: str = DEFAULT_TAG) -> str:
    """One Atom document at site path `path` about `page`; links are absolute under site_url, else relative to the root."""
    reports = list(reports)

    def href(url: str) -> str:  # feeds sit at the site root, so a site-relative URL is also feed-relative
        return site_url.rstrip("/") + "/" + url if site_url else url or "./"

    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    updated = distinct_times([updated_at(r, history) for r in reports])
    _sub(root, "id", tag_uri(tag, path))
    _sub(root, "title", title)
    _sub(root, "updated", max(updated, default=_EPOCH).isoformat())
    _sub(root, "link", rel="alternate", type="text/html", href=href(page))
    if site_url:  # a relative self link would only restate the feed's own address
        _sub(root, "link", rel="self", type="application/atom+xml", href=href(path))
    _sub(root, "generator", "nianbao")
    for report, changed in zip(reports, updated):
        org, rtype = archive.catalog.orgs[report.org].name, archive.catalog.types[report.type].name
        entry = _sub(root, "entry")
        _sub(entry, "id", tag_uri(tag, f"reports/{report.source}"))
        _sub(entry, "title", report.title)
        _sub(entry, "link", rel="alternate", type="text/html", href=href(report.url))
        _sub(entry, "published", added_at(report, history).isoformat())
        _sub(entry, "updated", changed.isoformat())
        _sub(_sub(entry, "author"), "name", org)
        for term in (rtype, *report.tags):
            _sub(entry, "category", term=term)
        _sub(entry, "summary", report.summary or f"{org} {report.year}年{rtype}")
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
