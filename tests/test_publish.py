"""Which reports and attachments an edition publishes, and the links that would break or leak (no build)."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SAMPLE, report, write_tree
from nianbao.cli import main
from nianbao.model import Report
from nianbao.publish import Edition, EditionError, check_links, local_links, read_edition, select_attachments, select_reports


def make(source: str, body: str = "", **flags: bool) -> Report:
    return Report(source=source, url="", title=source, org="o", year=2021, type="annual", body=body, body_line=6, **flags)


INTERNAL, PUBLIC, DRAFT, PUBLIC_DRAFT = make("i.md"), make("p.md", public=True), make("d.md", draft=True), make("pd.md", draft=True, public=True)


@pytest.mark.parametrize(("edition", "published"), [
    (Edition(), ["i.md", "p.md"]),
    (Edition("public"), ["p.md"]),
    (Edition(preview=True), ["i.md", "p.md", "d.md", "pd.md"]),
    (Edition("public", preview=True), ["p.md", "pd.md"]),
])
def test_each_edition_publishes_its_reports(edition: Edition, published: list[str]) -> None:
    assert [r.source for r in select_reports([INTERNAL, PUBLIC, DRAFT, PUBLIC_DRAFT], edition)] == published


@pytest.mark.parametrize(("value", "audience"), [(None, "internal"), ("", "internal"), ("internal", "internal"), (" Public ", "public")])
def test_the_audience_comes_from_the_environment(value: str | None, audience: str) -> None:
    environ = {} if value is None else {"REPORTS_AUDIENCE": value}
    assert read_edition(environ) == Edition(audience)
    assert read_edition(environ, preview=True).preview


def test_an_unknown_audience_is_refused_not_guessed() -> None:
    with pytest.raises(EditionError, match=r"REPORTS_AUDIENCE='publik' 无法识别.*public：公开版"):
        read_edition({"REPORTS_AUDIENCE": "publik"})


def test_local_links_are_found_with_their_lines() -> None:
    body = ("见[去年](../2020/a.md#一)和![图](fig%201.png)。\n"
            "[外链](https://example.org/x.md) [站内](/abs.md) [锚点](#x) [上层](../../outside.png)\n"
            '<img src="img/b.png"> <a href="c.pdf">下载</a>\n'
            "\n[ref]: <sub/d.md>\n")
    report = make("2021/a.md", body)
    assert list(local_links(report)) == [("2020/a.md", 6), ("2021/fig 1.png", 6), ("2021/img/b.png", 8), ("2021/c.pdf", 8), ("2021/sub/d.md", 10)]


def test_links_to_withheld_reports_are_reported_where_they_are() -> None:
    linking = make("p2.md", "一段。\n\n见[内部](i.md)、[草稿](d.md)、[公开](p.md)。\n", public=True)
    reports = [INTERNAL, PUBLIC, DRAFT, linking]
    public = check_links(reports, Edition("public"))
    assert [(p.path, p.line, p.severity, p.message) for p in public] == [
        ("reports/p2.md", 8, "error", "公开报告链接了未公开的报告 reports/i.md"),
        ("reports/p2.md", 8, "warning", "链接的报告 reports/d.md 是草稿，不会发布"),
    ]
    assert "public: true" in public[0].hint
    assert [p.message for p in check_links(reports, Edition())] == ["链接的报告 reports/d.md 是草稿，不会发布"]
    assert check_links(reports, Edition(preview=True)) == []


def test_attachments_follow_the_reports_that_link_them() -> None:
    reports = [make("i.md", "![](i.png) ![](both.png)"), make("p.md", "![](p.png) ![](both.png)", public=True), make("d.md", "![](d.png)", draft=True)]
    files = ["i.png", "p.png", "both.png", "d.png", "nobody.pdf"]
    assert select_attachments(files, reports, Edition()) == ("i.png", "p.png", "both.png", "nobody.pdf")
    assert select_attachments(files, reports, Edition("public")) == ("p.png", "both.png")
    assert select_attachments(files, reports, Edition(preview=True)) == tuple(files)


def test_check_with_the_public_audience_finds_what_the_public_build_would_refuse(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    linking = report("2022年总结", "pingshan-zgh", 2022, public="true", body="## 一、概况\n\n见[去年的总结](../2021/zgh.md)。\n")
    write_tree(tmp_path, SAMPLE | {"2022/zgh.md": linking})
    assert main(["check", str(tmp_path)]) == 0
    monkeypatch.setenv("REPORTS_AUDIENCE", "public")
    assert main(["check", str(tmp_path)]) == 1
    assert f"{tmp_path}/2022/zgh.md:11: body: 公开报告链接了未公开的报告 {tmp_path}/2021/zgh.md" in capsys.readouterr().out
    monkeypatch.setenv("REPORTS_AUDIENCE", "outside")
    assert main(["check", str(tmp_path)]) == 2
