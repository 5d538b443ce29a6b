"""`nianbao new`: a report skeleton that passes the checks as written and fails them if hints are uncommented unfilled."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from conftest import CATALOG, report, write_tree
from nianbao.catalog import load_catalog
from nianbao.frontmatter import parse_front_matter
from nianbao.reports import check_report, load_reports
from nianbao.skeleton import render_skeleton, run_new

TYPES = "  - {id: plan, name: 工作计划, role: plan}\n"
FULL_CATALOG = CATALOG.replace(TYPES, TYPES + "  - {id: half, name: 半年工作总结, role: interim}\n  - {id: special, name: 专题汇报}\n")
TREE = {
    "catalog.yml": FULL_CATALOG,
    "2020/zgh.md": report("坪山区总工会2020年工作总结", "pingshan-zgh", 2020, metrics="{volunteers: 60000, union_rate: 98.5, mothers_rooms: 70}"),
    "2021/zgh.md": report("坪山区总工会2021年工作总结", "pingshan-zgh", 2021, metrics="{mothers_rooms: 85, volunteers: 75000, union_rate: 100.0}"),
    "2021/zgh-plan.md": report("坪山区总工会2021年工作计划", "pingshan-zgh", 2021, "plan", targets="{volunteers: 80000}"),
    "2022/zgh-later.md": report("坪山区总工会2022年专题汇报", "pingshan-zgh", 2022, "special", metrics="{volunteers: 1}"),
    "2019/fl.md": report("区妇联2019年工作总结", "pingshan-fl", 2019, metrics="{mothers_rooms: 40}"),
    "2020/fl-special.md": report("区妇联2020年专题汇报", "pingshan-fl", 2020, "special", metrics="{mothers_rooms: 50}"),
}
OPTIONAL = """\
date: ''     # 可选：成文日期，格式 YYYY-MM-DD
summary: ''  # 可选：一句话摘要
tags: []     # 可选：标签，如 [职工服务, 母婴室]
"""
SUMMARY_BODY = """\
---

## 一、主要工作及成效

<!-- 分条目写2022年的主要工作和成效，每条可用“### （一）……”作小标题，成效尽量用数字说明 -->

## 二、存在的问题和不足

<!-- 实事求是写明工作中的问题和不足 -->

## 三、2023年工作打算

<!-- 写2023年的工作思路和重点任务 -->
"""


@pytest.fixture
def reports_dir(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "reports", TREE)


def new(reports_dir: Path, org: str, year: int, type_id: str, force: bool = False) -> tuple[int, str]:
    out = io.StringIO()
    return run_new(reports_dir, org, year, type_id, force=force, out=out), out.getvalue()


def test_annual_lists_the_previous_reports_metrics_as_comments_in_catalog_order(reports_dir: Path) -> None:
    code, out = new(reports_dir, "pingshan-zgh", 2022, "annual")
    path = reports_dir / "2022/pingshan-zgh-annual.md"
    assert code == 0 and f"已创建 {path.as_posix()}" in out and "nianbao check" in out
    assert path.read_bytes().decode("utf-8") == (
        "---\ntitle: 坪山区总工会2022年度工作总结\norg: pingshan-zgh\nyear: 2022\ntype: annual\n" + OPTIONAL
        + "# 上一篇报告（2021年 年度工作总结）填写了以下指标。填写2022年数值后删去行首的“# ”，不填的指标整行删除：\n"
        "# metrics:\n"
        "#   volunteers:     # 注册志愿者（人），2021年：75000\n"
        "#   union_rate:     # 建会率（%），2021年：100\n"
        "#   mothers_rooms:  # 母婴室（间），2021年：85\n"
        + SUMMARY_BODY
    )


def test_plan_lists_targets_from_the_latest_earlier_report_with_metrics(reports_dir: Path) -> None:
    assert new(reports_dir, "pingshan-zgh", 2022, "plan")[0] == 0
    text = (reports_dir / "2022/pingshan-zgh-plan.md").read_text(encoding="utf-8")
    assert text == (
        "---\ntitle: 坪山区总工会2022年工作计划\norg: pingshan-zgh\nyear: 2022\ntype: plan\n" + OPTIONAL
        + "# 上一篇报告（2021年 年度工作总结）填写了以下指标。填写2022年目标后删去行首的“# ”，不填的指标整行删除：\n"
        "# targets:\n"
        "#   volunteers:     # 注册志愿者（人），2021年：75000\n"
        "#   union_rate:     # 建会率（%），2021年：100\n"
        "#   mothers_rooms:  # 母婴室（间），2021年：85\n"
        "---\n\n## 一、指导思想\n\n<!-- 写2022年工作的指导思想和总体思路 -->\n\n"
        "## 二、工作目标\n\n<!-- 写2022年的主要目标，能量化的写明数字，并填入 front matter 的 targets -->\n\n"
        "## 三、主要任务\n\n<!-- 分条目写主要任务，每条可用“### （一）……”作小标题 -->\n\n"
        "## 四、保障措施\n\n<!-- 写组织、制度、经费等方面的保障措施 -->\n"
    )


def test_without_a_previous_report_only_points_to_the_catalog(reports_dir: Path) -> None:
    assert new(reports_dir, "pingshan-qtgzb", 2022, "annual")[0] == 0
    text = (reports_dir / "2022/pingshan-qtgzb-annual.md").read_text(encoding="utf-8")
    assert text == (
        "---\ntitle: 坪山区群团工作部2022年度工作总结\norg: pingshan-qtgzb\nyear: 2022\ntype: annual\n" + OPTIONAL
        + "# 指标（可选）：另起一行写 metrics:，其下每行缩进两个空格写“指标 id: 数值”，指标 id 见 reports/catalog.yml 的 metrics\n"
        + SUMMARY_BODY
    )


def test_previous_report_of_the_same_type_wins_over_a_later_one_of_another_type(reports_dir: Path) -> None:
    catalog, _ = load_catalog(reports_dir / "catalog.yml")
    reports, _ = load_reports(reports_dir, catalog)
    assert "（2019年 年度工作总结）" in render_skeleton(catalog, reports, "pingshan-fl", 2022, "annual")
    assert "（2020年 专题汇报）" in render_skeleton(catalog, reports, "pingshan-fl", 2022, "half")
    # Only earlier years count: the 2022 special report is not "previous" for 2022.
    assert "（2021年 年度工作总结）" in render_skeleton(catalog, reports, "pingshan-zgh", 2022, "special")


@pytest.mark.parametrize(("type_id", "title", "headings"), [
    ("annual", "坪山区总工会2022年度工作总结", ["一、主要工作及成效", "二、存在的问题和不足", "三、2023年工作打算"]),
    ("plan", "坪山区总工会2022年工作计划", ["一、指导思想", "二、工作目标", "三、主要任务", "四、保障措施"]),
    ("half", "坪山区总工会2022年半年工作总结", ["一、上半年工作进展", "二、存在的问题", "三、下半年工作安排"]),
    ("special", "坪山区总工会2022年专题汇报", ["一、基本情况", "二、主要做法和成效", "三、存在的问题", "四、下一步打算"]),
])
def test_each_role_gets_its_title_and_headings(reports_dir: Path, type_id: str, title: str, headings: list[str]) -> None:
    assert new(reports_dir, "pingshan-zgh", 2022, type_id)[0] == 0
    text = (reports_dir / f"2022/pingshan-zgh-{type_id}.md").read_text(encoding="utf-8")
    assert parse_front_matter(text).data["title"] == title
    assert re.findall(r"^## (.+)$", text, re.M) == headings
    assert all(line.startswith("<!-- ") and line.endswith(" -->") and ">" not in line[5:-4]
               for line in text.splitlines() if line.startswith("<!--"))


@pytest.mark.parametrize(("org", "type_id"), [("pingshan-zgh", "annual"), ("pingshan-zgh", "plan"), ("pingshan-qtgzb", "half"), ("pingshan-fl", "special")])
def test_written_skeletons_load_without_any_problem(reports_dir: Path, org: str, type_id: str) -> None:
    assert new(reports_dir, org, 2023, type_id)[0] == 0
    catalog, _ = load_catalog(reports_dir / "catalog.yml")
    reports, problems = load_reports(reports_dir, catalog)
    assert problems == []
    written = next(r for r in reports if r.source == f"2023/{org}-{type_id}.md")
    assert (written.date, written.summary, written.tags, dict(written.metrics), dict(written.targets)) == (None, "", (), {}, {})
    assert b"\r" not in (reports_dir / written.source).read_bytes()


def _uncomment(text: str, fill: dict[str, str] | None = None) -> str:
    """What an editor gets by deleting the leading '# ' of the figure lines, optionally typing values."""
    def line(match: re.Match[str]) -> str:
        key = match.group(2)
        value = f" {fill[key]}" if fill and key in fill else ""
        return f"{match.group(1)}{key}:{value}{match.group(3)}"
    text = re.sub(r"^# (metrics|targets):$", r"\1:", text, flags=re.M)
    return re.sub(r"^# (  )(\w+):( +#.*)$", line, text, flags=re.M)


@pytest.mark.parametrize(("type_id", "key"), [("annual", "metrics"), ("plan", "targets")])
def test_uncommented_but_unfilled_figures_fail_the_check(reports_dir: Path, type_id: str, key: str) -> None:
    new(reports_dir, "pingshan-zgh", 2022, type_id)
    catalog, _ = load_catalog(reports_dir / "catalog.yml")
    text = (reports_dir / f"2022/pingshan-zgh-{type_id}.md").read_text(encoding="utf-8")
    report_, problems = check_report(parse_front_matter(_uncomment(text)), "x.md", catalog, display="x.md")
    assert report_ is None
    assert [(p.field, p.severity) for p in problems] == [(f"{key}.{m}", "error") for m in ("volunteers", "union_rate", "mothers_rooms")]
    assert all("应为数字" in p.message for p in problems)
    filled = _uncomment(text, {"volunteers": "90000", "union_rate": "100"})
    filled = re.sub(r"^  mothers_rooms:.*\n", "", filled, flags=re.M)  # an unwanted line deleted whole
    report_, problems = check_report(parse_front_matter(filled), "x.md", catalog, display="x.md")
    assert problems == [] and report_ is not None
    assert dict(getattr(report_, key)) == {"volunteers": 90000, "union_rate": 100}


@pytest.mark.parametrize(("org", "type_id", "expected"), [
    ("pingshan-zhg", "annual", ["未知组织 'pingshan-zhg'", "是否为 'pingshan-zgh'", "pingshan-qtgzb（坪山区群团工作部）", "other-zgh（XX区总工会）"]),
    ("坪山区总工会", "annual", ["'坪山区总工会' 是名称，请填写其 id 'pingshan-zgh'"]),
    ("pingshan-zgh", "summary", ["未知报告类型 'summary'", "annual（年度工作总结）", "plan（工作计划）", "half（半年工作总结）", "special（专题汇报）"]),
])
def test_unknown_ids_are_refused_with_the_valid_ones_listed(reports_dir: Path, org: str, type_id: str, expected: list[str]) -> None:
    before = sorted(reports_dir.rglob("*"))
    code, out = new(reports_dir, org, 2022, type_id)
    assert code == 1
    assert all(text in out for text in expected), out
    assert sorted(reports_dir.rglob("*")) == before


@pytest.mark.parametrize("year", [1948, 2202, 20220])
def test_implausible_years_are_refused(reports_dir: Path, year: int) -> None:
    code, out = new(reports_dir, "pingshan-zgh", year, "annual")
    assert code == 1 and f"年份 {year} 不合理" in out
    assert not (reports_dir / str(year)).exists()


def test_an_existing_report_is_kept_unless_forced(reports_dir: Path) -> None:
    path = write_tree(reports_dir, {"2022/pingshan-zgh-annual.md": "已有内容\n"}) / "2022/pingshan-zgh-annual.md"
    code, out = new(reports_dir, "pingshan-zgh", 2022, "annual")
    assert code == 1 and path.as_posix() in out and "--force" in out
    assert path.read_text(encoding="utf-8") == "已有内容\n"
    code, out = new(reports_dir, "pingshan-zgh", 2022, "annual", force=True)
    assert code == 0 and path.read_text(encoding="utf-8").startswith("---\ntitle: 坪山区总工会2022年度工作总结\n")


def test_a_second_report_of_the_same_org_year_and_type_is_pointed_out(reports_dir: Path) -> None:
    code, out = new(reports_dir, "pingshan-zgh", 2021, "annual")
    assert code == 0 and "已有同一组织、年度、类型的报告" in out and "2021/zgh.md" in out


def test_a_broken_catalog_stops_before_anything_is_written(tmp_path: Path) -> None:
    reports_dir = write_tree(tmp_path / "reports", {"catalog.yml": FULL_CATALOG.replace("role: plan", "role: planning")})
    code, out = new(reports_dir, "pingshan-zgh", 2022, "annual")
    assert code == 2 and "catalog.yml" in out and "planning" in out
    assert not (reports_dir / "2022").exists()
    assert new(tmp_path / "missing", "pingshan-zgh", 2022, "annual")[0] == 2
