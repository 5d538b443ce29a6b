"""compare.comparison: the earlier report to compare with, the two reports compared, metrics before → after."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CATALOG, report, write_tree
from nianbao.compare.comparison import compare_metrics, compare_reports, previous_report, previous_reports
from nianbao.project import load_project

OLD_BODY = "2020年工作概况。\n\n## 一、建会入会\n\n建会率达98.5%。新建工会组织20家。\n\n## 二、母婴室建设\n\n建成母婴室70间。\n"
NEW_BODY = ("2021年工作概况。\n\n## 一、建会入会\n\n建会率达100%。新建工会组织20家。\n\n## 二、志愿服务\n\n注册志愿者7.5万人。\n\n"
            "## 三、母婴室建设\n\n建成母婴室70间。\n")
TREE = {
    "catalog.yml": CATALOG,
    "2019/zgh.md": report("2019年总结", "pingshan-zgh", 2019, metrics="{volunteers: 50000}"),
    "2020/zgh.md": report("2020年总结", "pingshan-zgh", 2020, date="2021-01-15", body=OLD_BODY,
                          metrics="{volunteers: 60000, union_rate: 98.5, mothers_rooms: 70}"),
    "2020/zgh-2.md": report("2020年总结（补充）", "pingshan-zgh", 2020, date="2021-01-10"),
    "2021/zgh.md": report("2021年总结", "pingshan-zgh", 2021, body=NEW_BODY, metrics="{volunteers: 75000, union_rate: 100}"),
    "2021/zgh-plan.md": report("2021年计划", "pingshan-zgh", 2021, "plan"),
    "2021/fl.md": report("2021年总结", "pingshan-fl", 2021),
}


@pytest.fixture
def loaded(tmp_path: Path):
    write_tree(tmp_path / "reports", TREE)
    project = load_project(tmp_path / "reports")
    assert project.problems == ()
    return project


def test_previous_report_is_same_org_and_type_nearest_earlier_year(loaded) -> None:
    by = {r.source: r for r in loaded.reports}
    assert previous_report(loaded.reports, by["2021/zgh.md"]) is by["2020/zgh.md"]  # the later-dated of the two 2020 ones
    assert previous_report(loaded.reports, by["2020/zgh.md"]) is by["2019/zgh.md"]  # not the other 2020 report
    assert previous_report(loaded.reports, by["2021/zgh-plan.md"]) is None
    assert previous_report(loaded.reports, by["2021/fl.md"]) is None
    everything = previous_reports(loaded.reports)
    assert everything == {s: p for r in loaded.reports if (p := previous_report(loaded.reports, r)) for s in [r.source]}


def test_compare_reports_aligns_diffs_and_lists_metrics(loaded) -> None:
    by = {r.source: r for r in loaded.reports}
    comparison = compare_reports(by["2020/zgh.md"], by["2021/zgh.md"], loaded.catalog)
    assert [(s.pair.status, s.pair.new.title if s.pair.new else s.pair.old.title) for s in comparison.sections] == [
        ("changed", ""), ("changed", "建会入会"), ("added", "志愿服务"), ("same", "母婴室建设")]
    assert comparison.counts == {"same": 1, "changed": 2, "moved": 0, "added": 1, "removed": 0}
    rate = comparison.sections[1]
    assert [(c.kind, [(r.kind, r.text) for r in c.runs]) for b in rate.diff.blocks for c in b.clauses] == [
        ("changed", [("equal", "建会率达"), ("delete", "98.5"), ("insert", "100"), ("equal", "%。")]),
        ("same", [("equal", "新建工会组织20家。")])]
    assert [(r.kind, r.text) for r in rate.heading] == [("equal", "一、建会入会")]
    added = comparison.sections[2]
    assert [(r.kind, r.text) for r in added.heading] == [("insert", "二、志愿服务")]
    assert [c.kind for b in added.diff.blocks for c in b.clauses] == ["added"]
    assert [(m.metric, m.before, m.after, m.status, m.delta) for m in comparison.metrics] == [
        ("volunteers", 60000, 75000, "up", 15000), ("union_rate", 98.5, 100, "up", 1.5), ("mothers_rooms", 70, None, "removed", None)]
    lines = TREE["2020/zgh.md"].splitlines()
    assert lines[comparison.sections[3].pair.old.line - 1] == "## 二、母婴室建设"  # file lines, for links to the source


def test_compare_metrics_order_and_statuses(loaded) -> None:
    by = {r.source: r for r in loaded.reports}
    changes = compare_metrics(by["2021/zgh.md"], by["2020/zgh.md"], loaded.catalog)
    assert [(m.label, m.unit, m.status) for m in changes] == [("注册志愿者", "人", "down"), ("建会率", "%", "down"), ("母婴室", "间", "added")]
    assert [m.status for m in compare_metrics(by["2020/zgh.md"], by["2020/zgh.md"])] == ["same", "same", "same"]
