"""Property tests: whatever a report or the catalog holds, checking never crashes, every problem has a place,
and the sanitizer's output stays inside the allowlist."""
from __future__ import annotations

import string
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allowlist import outside_allowlist
from conftest import CATALOG
from nianbao.catalog import load_catalog
from nianbao.model import Report
from nianbao.render import build_renderer, load_markdown_settings
from nianbao.reports import OPTIONAL, REQUIRED, check_report_file
from nianbao.sanitize import check_report_html, external_images, find_removed, looks_allowed, might_hold_html, sanitize_html
from project import REPO
from xss_vectors import VECTORS

# Deterministic (the same examples on every run and in CI) and without a .hypothesis/ folder.
PROPERTY = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
render = build_renderer(*load_markdown_settings(REPO / "mkdocs.yml"))

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
scalars = st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=True) | text | st.sampled_from(
    ["pingshan-zgh", "annual", "plan", "2021", "2021-13-45", "7.5万", "volunteers", "母婴室", "", "~", "null", "yes"])
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text | st.sampled_from(["volunteers", "x"]), inner, max_size=4), max_leaves=12)
keys = st.sampled_from(REQUIRED + OPTIONAL) | text
markdown_pieces = st.sampled_from(VECTORS + [
    "## 一、主要工作", "### （一）建会", "- 列表", "1. 编号", "> 引用", "| a | b |\n|---|:-:|\n| 1 | 2 |", "**粗体**", "`代码`",
    "```\n<script>x</script>\n```", "[链接](../a.md)", "[锚点](#_1)", "![图](a.png)", "{: .x }", "<!-- 注释 -->", "&amp; &lt; &#0;",
    "<details><summary>x</summary>", "</details>", "<table><tr><td>", "</td></tr></table>", "<div>", "</div>", "<a href='", "'>",
    "## __config", "## md-header", "Nb title\n===", "[报告](../2020/a.md)", "[外部](https://a.cn/)", "![外部](http://a.cn/p.png)",
    "<sub>2</sub>", "<a href=\"https://a.cn/\">a</a>", "<img src=\"a.png\" alt=\"图\">",
])
bodies = st.lists(markdown_pieces | text, max_size=12).map("\n\n".join)


def check_catalog(content: str) -> list[Any]:
    """The problems load_catalog finds in a catalog with this text."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalog.yml"
        path.write_text(content, encoding="utf-8")
        catalog, problems = load_catalog(path)
    assert not problems or catalog is not None
    return problems


with tempfile.TemporaryDirectory() as _folder:
    (Path(_folder) / "catalog.yml").write_text(CATALOG, encoding="utf-8")
    CATALOG_LOADED = load_catalog(Path(_folder) / "catalog.yml")[0]


def front_matter(data: dict[Any, Any]) -> str:
    """A report file: these fields as YAML, then a body."""
    return "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n\n正文\n"


def assert_placed(problems: list[Any], lines: int) -> None:
    """Every problem names the file, a line inside it, a field and a message."""
    for problem in problems:
        assert problem.path == "reports/2021/r.md" and problem.field and problem.message
        assert 1 <= problem.line <= lines + 1, problem


@PROPERTY
@given(st.dictionaries(keys, values, max_size=10))
def test_any_front_matter_is_checked_without_crashing(data: dict[Any, Any]) -> None:
    raw = front_matter(data).encode("utf-8")
    report, problems = check_report_file(raw, "2021/r.md", CATALOG_LOADED, display="reports/2021/r.md")
    assert_placed(problems, raw.count(b"\n"))
    assert report is not None or any(p.severity == "error" for p in problems)


@PROPERTY
@given(st.binary(max_size=300) | text.map(lambda t: ("---\n" + t + "\n---\n").encode("utf-8", "surrogatepass")))
def test_any_bytes_are_checked_without_crashing(raw: bytes) -> None:
    _, problems = check_report_file(raw, "2021/r.md", CATALOG_LOADED, display="reports/2021/r.md")
    assert_placed(problems, raw.count(b"\n") + raw.count(b"\r"))


@PROPERTY
@given(bodies)
def test_any_body_sanitizes_into_the_allowlist_and_warns_by_line(body: str) -> None:
    assert outside_allowlist(sanitize_html(render(body))) == []
    report = Report(source="2021/r.md", url="reports/2021/r/", title="t", org="pingshan-zgh", year=2021, type="annual",
                    body=body, body_line=8)
    problems = check_report_html(report, render, "reports/2021/r.md")
    assert_placed(problems, 8 + body.count("\n"))
    assert all(p.line >= 8 for p in problems)


@PROPERTY
@given(st.dictionaries(st.sampled_from(["orgs", "types", "metrics", "expected"]) | text, values, max_size=5), st.sampled_from(string.whitespace))
def test_any_catalog_is_checked_without_crashing(data: dict[Any, Any], gap: str) -> None:
    content = yaml.safe_dump(data, allow_unicode=True) + gap
    problems = check_catalog(content)
    assert all(p.path == "reports/catalog.yml" and 1 <= p.line <= content.count("\n") + 1 and p.message for p in problems)


@PROPERTY
@given(text)
def test_any_catalog_text_is_checked_without_crashing(content: str) -> None:
    assert all(p.line >= 1 and p.message for p in check_catalog(content))


@PROPERTY
@given(bodies)
def test_the_cheap_checks_never_miss_what_the_sanitizer_removes(body: str) -> None:
    rendered = render(body)
    removed = find_removed(rendered, sanitize_html(rendered))
    if not might_hold_html(body):  # the build then publishes Markdown's output as it is
        assert removed == [] and outside_allowlist(rendered) == []
    if looks_allowed(body):  # phase one then does not render it
        assert removed == [] and external_images(rendered) == []
