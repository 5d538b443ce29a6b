"""Issue 19 on the site: comparison pages, reused shares, plan follow-through and figure warnings, in real builds."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CATALOG, Build, clean_build, report, write_tree
from htmlscan import Scan
from nianbao.cli import main
from nianbao.compare import find_reuse
from nianbao.project import load_project

KEPT = "".join(f"第{n}项工作按照年初部署稳步推进，各项制度逐步完善，服务职工群众的能力持续提升。" for n in "一二三四五六七")
BODY_2020 = (f"## 一、工作概况\n\n{KEPT}\n\n## 二、职工服务\n\n全年建成母婴室70间。职工书屋开放时间延长到晚上八点。\n\n"
             "## 三、往年的专项行动\n\n开展夏送清凉专项行动，走访一线职工。\n")
BODY_2021 = (f"## 一、工作概况\n\n{KEPT}\n\n## 二、职工服务\n\n全年建成母婴室85间。职工书屋开放时间延长到晚上九点。\n\n"
             "## 三、新业态劳动者入会\n\n推动快递员、外卖送餐员等新业态劳动者集中入会。\n")
PLAN_2021 = ("## 一、主要任务\n\n### （一）推进母婴室建设\n\n新建一批标准化母婴室。\n\n"
             "### （二）开展城市足球联赛\n\n举办全区职工城市足球联赛。\n")
SITE = {
    "catalog.yml": CATALOG,
    "2020/zgh.md": report("区总工会2020年工作总结", "pingshan-zgh", 2020, body=BODY_2020, metrics="{mothers_rooms: 70}", public="true"),
    "2021/zgh.md": report("区总工会2021年工作总结", "pingshan-zgh", 2021, body=BODY_2021, metrics="{mothers_rooms: 85}"),
    "2021/zgh-plan.md": report("区总工会2021年工作计划", "pingshan-zgh", 2021, "plan", body=PLAN_2021, public="true"),
    "2021/tqw.md": report("团区委2021年工作总结", "pingshan-tqw", 2021, public="true"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return clean_build(tmp_path_factory.mktemp("compare"), SITE)


def test_the_report_links_its_comparison_page(built: Build) -> None:
    page = Scan(built.page("reports/2021/zgh/"))
    assert page.hrefs("与上年对比") == ["../../../reports/2021/zgh/compare/"]
    assert (built.site / "reports/2021/zgh/compare/index.html").is_file()
    assert not (built.site / "reports/2020/zgh/compare").exists()  # no earlier report of its org and type
    assert "与上年对比" not in Scan(built.page("reports/2020/zgh/")).text


def test_the_comparison_page_marks_sections_text_and_metrics(built: Build) -> None:
    html = built.page("reports/2021/zgh/compare/")
    page = Scan(html)
    assert 'data-compare-left="reports/2020/zgh.md" data-compare-right="reports/2021/zgh.md"' in html
    assert "延长到晚上<del>八</del>点" in html and "延长到晚上<ins>九</ins>点" in html  # old on the left, new on the right
    assert "母婴室<del>70</del>间" in html and "母婴室<ins>85</ins>间" in html  # whole numbers, not digits
    assert "删去 三、往年的专项行动" in page.text and "新增 三、新业态劳动者入会" in page.text
    assert page.table_with("指标")[1:] == [["母婴室", "70间", "→ 85间", "+15间（+21.4%）"]]
    assert "<details class=\"nb-cmp-fold\"><summary>展开 5 句未改动的文字</summary>" in html  # seven clauses: first and last shown
    assert 'nb-cmp-new nb-cmp-reused' in html  # the carried-over clauses are marked


def test_reused_share_on_the_report_page_listings_and_reports_json(built: Build) -> None:
    reuse = find_reuse(r for r in load_project(built.site.parent / "reports").reports)
    percent = round(100 * reuse["2021/zgh.md"].share)
    assert 0 < percent < 100
    html = built.page("reports/2021/zgh/")
    assert f'data-reused-percent="{percent}">与往年报告重复 {percent}%' in html
    assert "data-reused-percent" not in built.page("reports/2020/zgh/")  # nothing earlier to repeat
    items = {i["source"]: i for i in json.loads((built.site / "data/reports.json").read_text(encoding="utf-8"))}
    assert items["2021/zgh.md"]["reused_percent"] == percent and items["2020/zgh.md"]["reused_percent"] is None
    for url in ("orgs/pingshan-zgh/", "archive/"):
        table = Scan(built.page(url)).table_with("标题")
        assert table[0][-1] == "与往年重复"
        assert [row[-1] for row in table if row[0] == "区总工会2021年工作总结"] == [f"{percent}%"]


def test_plan_follow_through_on_the_summary_and_the_plan(built: Build) -> None:
    for url, other in (("reports/2021/zgh/", "区总工会2021年工作计划"), ("reports/2021/zgh-plan/", "区总工会2021年工作总结")):
        page = Scan(built.page(url))
        assert "计划落实情况" in page.text and other in page.text, url
        assert "（一）推进母婴室建设" in page.text and "全年建成母婴室85间。" in page.text
        assert "（二）开展城市足球联赛 未见于总结" in page.text


def test_the_picker_offers_every_report_of_the_org_from_published_data(built: Build) -> None:
    for url in ("orgs/pingshan-zgh/", "reports/2021/zgh/compare/"):
        html = built.page(url)
        assert "data-nb-picker" in html and "assets/nianbao/compare.js" in html, url
    assert 'data-options="compare/orgs/pingshan-zgh.json"' in built.page("orgs/pingshan-zgh/")
    options = json.loads((built.site / "compare/orgs/pingshan-zgh.json").read_text(encoding="utf-8"))["options"]
    assert ["reports/2021/zgh-plan.md", "2021年 · " + options[1][1].split(" · ")[1], "compare/text/2021/zgh-plan.json"] in options
    assert [o[0] for o in options] == sorted(o[0] for o in options)  # oldest first (these sources sort by year)
    data = json.loads((built.site / "compare/text/2021/zgh.json").read_text(encoding="utf-8"))
    assert data["source"] == "reports/2021/zgh.md" and data["compare"] == "reports/2021/zgh/compare/"
    assert data["sections"][1] == [2, "二、职工服务", "全年建成母婴室85间。职工书屋开放时间延长到晚上九点。"]
    assert (built.site / "compare/text/2021/zgh.json").stat().st_size < 2 * len(SITE["2021/zgh.md"].encode())


def test_the_public_edition_compares_public_reports_only(tmp_path: Path) -> None:
    public = clean_build(tmp_path, SITE, env={"REPORTS_AUDIENCE": "public"})
    assert not (public.site / "reports/2021/zgh").exists()
    assert sorted(p.relative_to(public.site).as_posix() for p in public.site.glob("compare/**/*.json")) == [
        "compare/orgs/pingshan-zgh.json", "compare/text/2020/zgh.json", "compare/text/2021/tqw.json",
        "compare/text/2021/zgh-plan.json"]
    options = json.loads((public.site / "compare/orgs/pingshan-zgh.json").read_text(encoding="utf-8"))["options"]
    assert [o[0] for o in options] == ["reports/2020/zgh.md", "reports/2021/zgh-plan.md"]  # the internal 2021 summary is not listed
    assert not list(public.site.glob("reports/**/compare/index.html"))  # its one summary has nothing public to compare with
    assert "data-reused-percent" not in public.page("reports/2020/zgh/")


def test_check_warns_where_a_text_figure_disagrees(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path, SITE | {"2021/zgh.md": SITE["2021/zgh.md"].replace("全年建成母婴室85间", "全年建成母婴室90间")})
    assert main(["check", str(tmp_path)]) == 0
    assert main(["check", "--strict", str(tmp_path)]) == 1
    line = SITE["2021/zgh.md"].splitlines().index("全年建成母婴室85间。职工书屋开放时间延长到晚上九点。") + 1
    assert f"{tmp_path}/2021/zgh.md:{line}: body: 警告：正文“母婴室90间”写母婴室 90间，与 front matter 中的 85间 不一致" in capsys.readouterr().out


@pytest.mark.expect_problems
def test_the_build_warns_too(tmp_path: Path) -> None:
    from conftest import run_build
    done = run_build(tmp_path, SITE | {"2021/zgh.md": SITE["2021/zgh.md"].replace("全年建成母婴室85间", "全年建成母婴室90间")})
    assert done.returncode == 1 and "reports/2021/zgh.md:" in done.output and "90间" in done.output


def test_a_preview_redoes_only_the_orgs_whose_reports_changed(tmp_path: Path) -> None:
    from dataclasses import replace

    from nianbao.pages.compare import derive
    reports = list(load_project(write_tree(tmp_path, SITE)).reports)
    catalog = load_project(tmp_path).catalog
    first = derive(reports, catalog, memo=True)
    edited = [replace(r, body=r.body + "\n补充一句。\n") if r.org == "pingshan-tqw" else r for r in reports]
    second = derive(edited, catalog, memo=True)
    assert second.pages["2021/zgh.md"] is first.pages["2021/zgh.md"]  # the org that did not change is not redone
    assert second.files["compare/text/2021/tqw.json"] != first.files["compare/text/2021/tqw.json"]
    assert derive(edited, catalog) == second  # the same as without the memo


def test_a_preview_redoes_only_the_comparisons_an_edit_changed(tmp_path: Path) -> None:
    from dataclasses import replace

    import nianbao.pages.compare as compare
    import nianbao.pages.compare_derive as compare_derive
    loaded = load_project(write_tree(tmp_path, SITE | {"2022/zgh.md": report("区总工会2022年工作总结", "pingshan-zgh", 2022, body=BODY_2021)}))
    first = compare.derive(loaded.reports, loaded.catalog, memo=True)
    edited = [replace(r, body=r.body + "\n补充一句。\n") if r.source == "2022/zgh.md" else r for r in loaded.reports]
    second = compare.derive(edited, loaded.catalog, memo=True)
    assert second.pages["2021/zgh.md"] is first.pages["2021/zgh.md"]  # same org, a pair the edit did not touch
    assert second.pages["2022/zgh.md"] is not first.pages["2022/zgh.md"]
    assert len(compare_derive._pairs) == 2 and compare.derive(edited, loaded.catalog) == second
