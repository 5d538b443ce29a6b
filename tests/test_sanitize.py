"""The report-HTML sanitizer: what it keeps, what it removes, and the warnings that say so by line."""
from __future__ import annotations

from pathlib import Path

import pytest

from allowlist import outside_allowlist, url_scheme
from conftest import CATALOG, report, write_tree
from nianbao.problems import WARNING
from nianbao.project import load_project
from nianbao.render import build_renderer, load_markdown_settings
from nianbao.sanitize import find_removed, looks_allowed, might_hold_html, sanitize_html, sanitize_report
from project import REPO
from xss_vectors import VECTORS

render = build_renderer(*load_markdown_settings(REPO / "mkdocs.yml"))


@pytest.mark.parametrize("vector", VECTORS)
def test_every_vector_leaves_only_allowed_markup(vector: str) -> None:
    markup = sanitize_html(render(f"正文\n\n{vector}\n\n结尾\n"))
    assert outside_allowlist(markup) == []
    assert "正文" in markup  # what follows an unclosed <math> or <style> is inside it, and goes with it


@pytest.mark.parametrize("vector", [v for v in VECTORS if v not in ("'';!--\"<XSS>=&{()}",)])
def test_every_vector_is_reported(vector: str) -> None:
    rendered = render(vector + "\n")
    if outside_allowlist(rendered):  # Markdown itself may already escape a vector into text
        assert find_removed(rendered, sanitize_html(rendered)), vector
    assert might_hold_html(vector)


def test_markdown_output_passes_unchanged_but_for_serialisation() -> None:
    body = ("## 一、工作 {: #work .lead }\n\n**加粗** *斜体* `代码` [链接](https://example.org/) [站内](../2020/zgh.md) "
            "[锚点](#work) [邮件](mailto:a@b.cn)\n\n- 一\n- 二\n\n1. 甲\n\n> 引用\n\n| 左 | 中 | 右 |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n\n"
            "![图](img/a.png)\n\n---\n\n```\ncode <b>\n```\n")
    rendered = render(body)
    clean = sanitize_html(rendered)
    assert find_removed(rendered, clean) == []
    for kept in ('id="work"', 'class="lead"', 'href="https://example.org/"', 'href="../2020/zgh.md"', 'href="#work"',
                 'href="mailto:a@b.cn"', 'style="text-align:center"', 'src="img/a.png"', "<strong>加粗</strong>", "code &lt;b&gt;"):
        assert kept in clean, kept


def test_documented_raw_tags_are_kept() -> None:
    body = ('<details><summary>展开</summary>\n\n内容\n\n</details>\n\nH<sub>2</sub>O x<sup>2</sup> 一<br>二 '
            '<span class="x" title="t">s</span>\n\n<div class="note">d</div>\n\n'
            '<table><caption>表</caption><tr><th colspan="2">a</th></tr></table>\n')
    clean = sanitize_html(render(body))
    for kept in ("<details>", "<summary>展开</summary>", "<sub>2</sub>", "<sup>2</sup>", "<br>", '<span class="x" title="t">',
                 '<div class="note">', "<caption>表</caption>", 'colspan="2"'):
        assert kept in clean, kept


@pytest.mark.parametrize("url, scheme", [("javascript:x", "javascript"), ("JaVa\tScRiPt:x", "javascript"),
                                         ("&#106;avascript:x", "javascript"), ("../a.md", ""), ("#x", ""), ("https://a/", "https")])
def test_url_scheme_reads_like_a_browser(url: str, scheme: str) -> None:
    assert url_scheme(url) == scheme


def test_check_warns_with_the_line_of_each_removal(tmp_path: Path) -> None:
    body = "第一段。\n\n<script>alert(1)</script>\n\n[链接](JavaScript:alert(1))\n\n<img src=x onerror=alert(1)>\n\n![外部](https://example.org/a.png)\n"
    write_tree(tmp_path / "reports", {"catalog.yml": CATALOG, "2021/r.md": report("标题", "pingshan-zgh", 2021, body=body)})
    loaded = load_project(tmp_path / "reports")
    assert [r.source for r in loaded.reports] == ["2021/r.md"]  # warned, still published
    found = [(p.line, p.message) for p in loaded.problems]
    assert all(p.severity == WARNING and p.path == "reports/2021/r.md" and p.field == "body" for p in loaded.problems)
    assert found == [
        (10, "正文含有不安全的 HTML，发布时已删除：<script> 标签"),
        (12, "正文含有不安全的 HTML，发布时已删除：<a> 的 href=\"JavaScript:alert(1)\" 属性"),
        (14, "正文含有不安全的 HTML，发布时已删除：<img> 的 onerror=\"alert(1)\" 属性"),
        (16, "外部图片 https://example.org/a.png 不会显示：网站不从外部加载任何内容"),
    ]


def test_plain_reports_are_not_rendered_in_phase_one(tmp_path: Path) -> None:
    write_tree(tmp_path / "reports", {"catalog.yml": CATALOG, "2021/r.md": report("标题", "pingshan-zgh", 2021)})

    def refuse(text: str) -> str:
        raise AssertionError("a report without HTML, attributes or links was rendered")
    assert load_project(tmp_path / "reports", render=refuse).problems == ()


@pytest.mark.parametrize("body", ["普通正文。\n\n## 一、标题\n\n- 列表\n", "| a | b |\n|:-|-:|\n| 1 | 2 |\n"])
def test_plain_markdown_is_not_sanitized_twice(body: str) -> None:
    rendered = render(body)
    assert not might_hold_html(body)
    assert sanitize_report(rendered, body, ["toc", "tables", "fenced_code", "attr_list"]) == rendered
    assert sanitize_report(rendered, body, ["toc", "pymdownx.magiclink"]) == sanitize_html(rendered)


@pytest.mark.parametrize("heading", ["## __config", "## md-header", "## NB-filters", "Title __x\n===="])
def test_headings_that_would_make_reserved_ids_are_sanitized(heading: str) -> None:
    rendered = render(heading + "\n")
    assert might_hold_html(heading)
    assert outside_allowlist(sanitize_report(rendered, heading, ["toc"])) == []


@pytest.mark.parametrize("body, allowed", [
    ("H<sub>2</sub>O，<a href=\"https://a.cn/\">链接</a>，[站内](../a.md)，[邮件](mailto:a@b.cn)，![图](a.png)", True),
    ("<details><summary>附表</summary>\n\n内容\n\n</details>", True),
    ("[x](javascript:alert(1))", False), ("[x](&#106;avascript:alert(1))", False), ("[r]: vbscript:x", False),
    ("![外部](https://a.cn/p.png)", False), ("<img src=\"//a.cn/p.png\">", False), ("<span style=\"color:red\">x</span>", False),
    ("<span id=\"x\">x</span>", False), ("段落 {: .x }", False), ("<script>x</script>", False), ("<a href=\"java\tscript:x\">", False),
])
def test_phase_one_renders_only_what_could_be_removed(body: str, allowed: bool) -> None:
    assert looks_allowed(body) is allowed
    if allowed:
        rendered = render(body)
        assert find_removed(rendered, sanitize_html(rendered)) == []
