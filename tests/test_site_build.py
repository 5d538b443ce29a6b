"""Build the SAMPLE tree with MkDocs and check every generated page and both data files."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from conftest import SAMPLE, Build, report, run_build
from htmlscan import Scan
from linkcheck import broken_links


def test_every_report_has_its_page(sample_build: Build) -> None:
    for source in (k for k in SAMPLE if k.endswith(".md")):
        assert (sample_build.site / "reports" / source.removesuffix(".md") / "index.html").is_file(), source


def test_report_header_card_metrics_and_neighbours(sample_build: Build) -> None:
    page = Scan(sample_build.page("reports/2021/zgh/"))
    assert "坪山区总工会2021年工作总结" in page.text
    assert page.hrefs("坪山区总工会") == ["../../../orgs/pingshan-zgh/"]
    assert page.hrefs("2021年") == ["../../../years/2021/"]
    assert page.hrefs("职工服务") == ["../../../tags/%E8%81%8C%E5%B7%A5%E6%9C%8D%E5%8A%A1/"]
    assert "年度工作总结" in page.text and "2022-01-20" in page.text and "全年建成母婴室85间" in page.text
    assert page.table_with("指标")[1:] == [
        ["注册志愿者", "7.5万人", "+1.5万人（+25%） 较2020年"],
        ["建会率", "100%", "+1.5 个百分点 较2020年"],
        ["母婴室", "85间", "+15间（+21.4%） 较2020年"],
    ]
    assert page.hrefs("← 2020年：坪山区总工会2020年工作总结") == ["../../../reports/2020/zgh/"]
    assert "没有更新的同类报告" in page.text
    assert page.hrefs("团区委") == ["../../../reports/2021/tqw/"]  # other orgs, same year
    assert {"一、2021年工作成绩", "（一）建会"} <= {t for _, t in page.links} | set(page.text.split(" "))


def test_report_without_previous_shows_no_change(sample_build: Build) -> None:
    page = Scan(sample_build.page("reports/2020/zgh/"))
    assert page.table_with("指标")[1] == ["注册志愿者", "6万人", "—"]
    assert page.hrefs("2021年：坪山区总工会2021年工作总结 →") == ["../../../reports/2021/zgh/"]


def test_org_tree_with_counts(sample_build: Build) -> None:
    page = Scan(sample_build.page("orgs/"))
    assert [t for _, t in page.links if t.startswith(("坪山", "共青团", "XX"))][:5] == [
        "坪山区群团工作部", "坪山区总工会", "共青团坪山区委员会", "坪山区妇女联合会", "XX区总工会"]
    assert "坪山区群团工作部 0 篇，含下级共 5 篇 坪山区总工会 3 篇 共青团坪山区委员会 1 篇" in page.text


def test_org_page_reports_newest_first_and_metrics_by_year(sample_build: Build) -> None:
    page = Scan(sample_build.page("orgs/pingshan-zgh/"))
    titles = [t for _, t in page.links if t.startswith("坪山区总工会20")]
    assert titles == ["坪山区总工会2021年工作总结", "坪山区总工会2021年工作计划", "坪山区总工会2020年工作总结"]
    assert page.table_with("指标") == [
        ["指标", "2020年", "2021年"], ["注册志愿者", "6万人", "7.5万人"], ["建会率", "98.5%", "100%"], ["母婴室", "70间", "85间"]]
    assert {"y2021", "y2020"} <= page.ids
    assert page.hrefs("坪山区群团工作部") == ["../../orgs/pingshan-qtgzb/"]


def test_org_without_reports(sample_build: Build) -> None:
    assert "暂无报告" in Scan(sample_build.page("orgs/pingshan-qtgzb/")).text


def test_year_pages_group_by_org(sample_build: Build) -> None:
    years = Scan(sample_build.page("years/"))
    assert [t for _, t in years.links if t.endswith("年") and t[:4].isdigit()] == ["2021年", "2020年", "2019年"]
    page = Scan(sample_build.page("years/2021/"))
    assert "3 篇报告，来自 2 个组织" in page.text
    assert [t for _, t in page.links if t in ("坪山区总工会", "共青团坪山区委员会")] == ["坪山区总工会", "共青团坪山区委员会"]
    assert page.hrefs("← 2020年") == ["../../years/2020/"]


def test_matrix_links_cells_and_marks_empty(sample_build: Build) -> None:
    page = Scan(sample_build.page(""))
    matrix = next(t for t in page.tables if t[0][0] == "组织")
    assert matrix[0] == ["组织", "2019", "2020", "2021"]
    assert matrix[1:] == [  # an empty cell's text is 无 (read aloud), its dash is drawn by CSS
        ["群团工作部", "无", "无", "无"], ["区总工会", "无", "1", "2"], ["团区委", "无", "无", "1"],
        ["区妇联", "1", "无", "无"], ["XX区总工会", "无", "1", "无"]]
    assert "./orgs/pingshan-zgh/#y2021" in page.hrefs("2")


def test_archive_lists_everything_with_filters(sample_build: Build) -> None:
    html = sample_build.page("archive/")
    page = Scan(html)
    table = page.table_with("标题")
    assert len(table) == 1 + 6
    assert table[0] == ["标题", "组织", "年度", "类型", "日期", "与往年重复"]  # issue 19: the reused share
    assert '<select name="org">' in html and '<select name="tag">' in html and "data-nb-filters hidden" in html
    tags = [json.loads(t) for t in re.findall(r"data-tags='([^']*)'", html)]
    assert len(tags) == 6 and ["职工服务", "母婴室"] in tags and [] in tags
    assert "assets/nianbao/archive.js" in html


def test_tag_pages(sample_build: Build) -> None:
    tags = Scan(sample_build.page("tags/"))
    assert tags.hrefs("职工服务 2") == ["../tags/%E8%81%8C%E5%B7%A5%E6%9C%8D%E5%8A%A1/"]
    assert tags.hrefs("母婴室 2") == ["../tags/%E6%AF%8D%E5%A9%B4%E5%AE%A4/"]
    page = Scan(sample_build.page("tags/母婴室/"))
    assert [t for _, t in page.links if t.endswith("工作总结")] == ["坪山区总工会2020年工作总结", "区妇联2019年工作总结"]


def test_home_page_counts_latest_and_entry_points(sample_build: Build) -> None:
    page = Scan(sample_build.page(""))
    assert "6 篇报告" in page.text and "4 个组织" in page.text and "3 个年度（2019–2021）" in page.text
    latest = page.table_with("标题")
    assert latest[1][0].startswith("坪山区总工会2021年工作总结")
    for label in ("按组织浏览", "按年度浏览", "全部报告", "标签"):
        assert any(t.startswith(label) for _, t in page.links), label
    tabs = [t for _, t in page.links if t in ("首页", "组织", "年度", "归档", "标签")]
    assert {"首页", "组织", "年度", "归档", "标签"} <= set(tabs)


def test_breadcrumbs(sample_build: Build) -> None:
    page = Scan(sample_build.page("reports/2021/tqw/"))
    assert "首页 › 组织 › 团区委 › 团区委2021年工作总结" in page.text


def test_reports_json(sample_build: Build) -> None:
    items = json.loads((sample_build.site / "data/reports.json").read_text(encoding="utf-8"))
    assert sorted(i["source"] for i in items) == sorted(k for k in SAMPLE if k.endswith(".md"))
    zgh = next(i for i in items if i["source"] == "2021/zgh.md")
    assert zgh == {
        "source": "2021/zgh.md", "url": "reports/2021/zgh/", "title": "坪山区总工会2021年工作总结", "org": "pingshan-zgh",
        "year": 2021, "type": "annual", "date": "2022-01-20", "tags": ["职工服务"], "summary": "全年建成母婴室85间",
        "metrics": {"volunteers": 75000, "union_rate": 100, "mothers_rooms": 85}, "targets": {},
        "reused_percent": 0,  # issue 19: the share repeated from the org's earlier reports
    }
    for item in items:
        assert (sample_build.site / item["url"] / "index.html").is_file()


def test_metrics_csv_has_bom_and_one_row_per_value(sample_build: Build) -> None:
    raw = (sample_build.site / "data/metrics.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["source", "org", "year", "type", "metric", "value", "unit"]
    assert len(rows) == 1 + 3 + 3 + 1 + 1
    assert ["2021/zgh.md", "pingshan-zgh", "2021", "annual", "union_rate", "100", "%"] in rows
    assert ["2020/zgh.md", "pingshan-zgh", "2020", "annual", "union_rate", "98.5", "%"] in rows


def test_every_link_resolves_and_nothing_loads_from_outside(sample_build: Build) -> None:
    assert broken_links(sample_build.site) == []


def test_invalid_reports_fail_the_build_and_publish_nothing(tmp_path: Path) -> None:
    files = dict(SAMPLE)
    files["2021/bad.md"] = report("坏报告", "pingshan-zhg", 2021, metrics="{volunteers: 7.5万}")
    files["2021/worse.md"] = "---\ntitle: [\n---\n"
    build = run_build(tmp_path, files)
    assert build.returncode != 0
    assert "reports/2021/bad.md:3: org: 未知组织 'pingshan-zhg'，是否为 'pingshan-zgh'？" in build.output
    assert "reports/2021/bad.md:6: metrics.volunteers: 指标值应为数字" in build.output
    assert "reports/2021/worse.md:" in build.output and "YAML 格式错误" in build.output
    assert "未生成网站" in build.output
    assert not (build.site / "index.html").exists()


def test_failed_build_keeps_the_previous_site(tmp_path: Path) -> None:
    assert run_build(tmp_path, SAMPLE).returncode == 0
    before = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    (tmp_path / "reports/2021/bad.md").write_text(report("坏", "nobody", 2021), encoding="utf-8")
    assert run_build(tmp_path).returncode != 0
    assert (tmp_path / "site/index.html").read_text(encoding="utf-8") == before


def test_questionable_data_warns_and_strict_fails(tmp_path: Path) -> None:
    files = {**SAMPLE, "2021/extra.md": report("多余字段", "pingshan-zgh", 2021, auther="张三")}
    lenient = run_build(tmp_path / "a", files, strict=False)
    assert lenient.returncode == 0 and "WARNING" in lenient.output and "extra.md:6: auther: 未知字段" in lenient.output
    assert (lenient.site / "reports/2021/extra/index.html").is_file()  # a warning never drops a report
    strict = run_build(tmp_path / "b", files, strict=True)
    assert strict.returncode != 0 and not (strict.site / "index.html").exists()


def test_report_data_is_escaped_everywhere(tmp_path: Path) -> None:
    evil = "<script>alert(1)</script>"
    files = {**SAMPLE, "x.md": report(f"'{evil}'", "pingshan-zgh", 2021, summary=f"'{evil}'", tags=f"['{evil}']")}
    build = run_build(tmp_path, files)
    assert build.returncode == 0, build.output
    for page in build.site.rglob("*.html"):
        assert evil not in page.read_text(encoding="utf-8"), page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in build.page("reports/x/")


def test_drafts_are_not_published(tmp_path: Path) -> None:
    build = run_build(tmp_path, {**SAMPLE, "draft.md": report("未完成的草稿", "pingshan-zgh", 2021, draft="true")})
    assert build.returncode == 0, build.output
    assert not (build.site / "reports/draft").exists()
    assert all("未完成的草稿" not in p.read_text(encoding="utf-8") for p in build.site.rglob("*.html"))
    assert "未完成的草稿" not in (build.site / "data/reports.json").read_text(encoding="utf-8")


def test_unusual_file_names_and_an_empty_archive(tmp_path: Path) -> None:
    build = run_build(tmp_path / "odd", {**SAMPLE, "2021/坪山 总工会（草案）.md": report("文件名含中文和空格", "pingshan-zgh", 2021)})
    assert build.returncode == 0, build.output
    item = next(i for i in json.loads((build.site / "data/reports.json").read_text(encoding="utf-8")) if i["title"] == "文件名含中文和空格")
    assert item["url"] == "reports/2021/%E5%9D%AA%E5%B1%B1%20%E6%80%BB%E5%B7%A5%E4%BC%9A%EF%BC%88%E8%8D%89%E6%A1%88%EF%BC%89/"
    assert (build.site / "reports/2021/坪山 总工会（草案）/index.html").is_file()
    assert broken_links(build.site) == []
    empty = run_build(tmp_path / "empty", {"catalog.yml": SAMPLE["catalog.yml"]})
    assert empty.returncode == 0, empty.output
    assert "0 篇报告" in Scan(empty.page("")).text and "暂无报告" in Scan(empty.page("orgs/pingshan-zgh/")).text
    assert json.loads((empty.site / "data/reports.json").read_text(encoding="utf-8")) == []


@pytest.mark.expect_problems
def test_attachments_are_published_and_misnamed_reports_warned(tmp_path: Path) -> None:
    files = {**SAMPLE, "2021/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
             "2021/图表.md": report("带图的报告", "pingshan-zgh", 2021, body="![柱状图](chart.svg)\n\n[原件](../files/原件.pdf)\n"),
             "files/原件.pdf": "%PDF-1.4", "2021/大写.MD": report("扩展名大写", "pingshan-zgh", 2021)}
    build = run_build(tmp_path, files, strict=False)
    assert build.returncode == 0, build.output
    assert (build.site / "reports/2021/chart.svg").is_file() and (build.site / "reports/files/原件.pdf").is_file()
    assert broken_links(build.site) == []
    assert "2021/大写.MD:1: file: 扩展名不是小写 .md，不会作为报告发布，改名为 大写.md" in build.output
    assert run_build(tmp_path / "strict", files, strict=True).returncode != 0
