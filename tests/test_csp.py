"""The Content-Security-Policy: declared first in every built page of both editions, matching no inline script, and in the deploy guide."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import SAMPLE, Build, clean_build, report
from nianbao.csp import header_policy, page_policy

# A <script> runs unless its type names a data block (e.g. application/json): these are the types that run.
JS_TYPES = {"", "module", "importmap", "speculationrules"} | {f"text/{t}" for t in (
    "javascript", "ecmascript", "jscript", "livescript", "x-javascript", "x-ecmascript",
    *(f"javascript1.{n}" for n in range(6)))} | {f"application/{t}" for t in ("javascript", "ecmascript", "x-javascript", "x-ecmascript")}
REQUIRED = {"default-src": {"'self'"}, "script-src": {"'self'"}, "object-src": {"'none'"}, "base-uri": {"'self'"},
            "form-action": {"'self'"}, "img-src": {"'self'", "data:"}, "font-src": {"'self'"}, "connect-src": {"'self'"}}
PAGES = ["", "orgs/", "orgs/pingshan-zgh/", "years/", "years/2021/", "metrics/", "metrics/volunteers/", "status/", "archive/",
         "tags/", "tags/职工服务/", "search/", "reports/2021/zgh/", "guide/", "deploy/", "404.html"]
PUBLIC = {"2021/zgh.md": report("坪山区总工会2021年工作总结", "pingshan-zgh", 2021, tags="[职工服务]", public="true",
                                metrics="{volunteers: 75000}"),
          "2021/tqw.md": report("团区委2021年工作总结", "pingshan-tqw", 2021, public="true", metrics="{volunteers: 12000}")}


class Head(HTMLParser):
    """The CSP metas of a page, where they stand among the head's elements, and its inline scripts and handlers."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.policies: list[tuple[int, str]] = []  # (position among the head's elements, content)
        self.loads: list[int] = []  # positions of <script> and <link rel=stylesheet> in the head
        self.inline: list[str] = []  # the text of every inline script that runs
        self.handlers: list[str] = []  # on…= attributes and javascript: URLs
        self._in_head, self._count, self._script = False, 0, None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.handlers += [f"<{tag} {k}=…>" for k, v in a.items() if k.startswith("on") or v.strip().lower().startswith("javascript:")]
        if tag == "head":
            self._in_head = True
        elif self._in_head:
            self._count += 1
            if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
                self.policies.append((self._count, a.get("content", "")))
            if tag == "script" or (tag == "link" and "stylesheet" in a.get("rel", "").lower().split()):
                self.loads.append(self._count)
        elif tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            self.policies.append((-1, a.get("content", "")))  # outside <head>: ignored by browsers
        if tag == "script" and "src" not in a and a.get("type", "").split(";")[0].strip().lower() in JS_TYPES:
            self._script = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        if tag == "script" and self._script is not None:
            self.inline.append("".join(self._script))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)


def directives(policy: str) -> dict[str, set[str]]:
    """Policy text → {directive: sources}."""
    parts = [p.split() for p in policy.split(";") if p.strip()]
    return {p[0].lower(): set(p[1:]) for p in parts}


@pytest.fixture(scope="module")
def public_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """SAMPLE with two reports marked public, built as the public edition."""
    return clean_build(tmp_path_factory.mktemp("public"), SAMPLE | PUBLIC, env={"REPORTS_AUDIENCE": "public"})


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_every_page_declares_the_policy_before_any_script_or_stylesheet(
        edition: str, sample_build: Build, public_build: Build) -> None:
    site = (sample_build if edition == "internal" else public_build).site
    pages = sorted(site.rglob("*.html"))
    urls = {p.relative_to(site).as_posix().removesuffix("index.html") for p in pages}
    assert set(PAGES) - urls == ({"status/"} if edition == "public" else set())  # every kind of page was checked
    for path in pages:
        html = path.read_text(encoding="utf-8")
        head = Head(html)
        assert [content for _, content in head.policies] == [page_policy()], path
        assert head.policies[0][0] == 1 and head.loads and head.policies[0][0] < min(head.loads), path
        assert html.index("<meta charset=") < 1024, path  # the charset still comes within the bytes a browser sniffs
        assert head.inline == [] and head.handlers == [], path


def test_build_policy_has_the_required_directives() -> None:
    policy = directives(page_policy())
    assert {name: policy.get(name) for name in REQUIRED} == REQUIRED
    assert policy["style-src"] == {"'self'", "'unsafe-inline'"}
    assert not any("'unsafe-eval'" in sources or "'unsafe-inline'" in sources for name, sources in policy.items() if name != "style-src")
    assert all(source.startswith(("'", "data:")) for sources in policy.values() for source in sources)  # no other host
    assert "frame-ancestors" not in policy  # ignored in <meta>


def test_preview_only_adds_unsafe_inline_scripts_for_live_reload() -> None:
    build, preview = directives(page_policy()), directives(page_policy(preview=True))
    assert preview.pop("script-src") == {"'self'", "'unsafe-inline'"}
    assert build.pop("script-src") == {"'self'"} and preview == build


def test_header_policy_adds_frame_ancestors() -> None:
    assert directives(header_policy()) == directives(page_policy()) | {"frame-ancestors": {"'self'"}}


def test_deploy_guide_sends_the_same_policy(repo: Path) -> None:
    guide = (repo / "docs/deploy.md").read_text(encoding="utf-8")
    headers = re.findall(r'^\s*add_header\s+(\S+)\s+"([^"]*)"\s+always;', guide, flags=re.MULTILINE)
    assert headers.count(("Content-Security-Policy", header_policy())) == 1
    assert [name for name, _ in headers if name == "Content-Security-Policy"] == ["Content-Security-Policy"]
    assert ("X-Content-Type-Options", "nosniff") in headers and ("Referrer-Policy", "same-origin") in headers
    assert re.search(r"^\s*location = /qt \{ return 301 /qt/; \}", guide, flags=re.MULTILINE)
