"""compare.items / compare.followup: plan items and the summary passages that report on them, measured on a labelled set.

tests/compare_data/followup holds four plan–summary pairs (four orgs, 81 items: 61 reported on, 20 not) labelled by
hand; see labels.yml for how they were made. On it the default threshold gives precision 1.00 and recall 1.00, and
choosing the threshold on three pairs and testing on the fourth (each in turn) gives precision 1.00 and recall 0.98.
The floors below (0.90) leave room for about six errors in sixty, because the set is small and was written by the same
hand as the method: they guard against regressions, not promise the figures on unseen reports.
"""
from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
import yaml
from conftest import report, write_tree
from nianbao.compare.followup import MISSING, THRESHOLD, follow_through_all, match_items
from nianbao.compare.items import plan_items, summary_passages
from nianbao.project import load_project

DATA = Path(__file__).resolve().parent / "compare_data" / "followup"
FLOOR = 0.90


def labelled() -> list[tuple[str, list[dict], list]]:
    """(plan file, labels, findings with threshold 0) per pair."""
    pairs = yaml.safe_load((DATA / "labels.yml").read_text(encoding="utf-8"))["pairs"]
    return [(p["plan"], p["items"], match_items((DATA / p["plan"]).read_text(encoding="utf-8"),
                                                (DATA / p["summary"]).read_text(encoding="utf-8"), threshold=0.0)) for p in pairs]


def counts(rows: list[tuple[float, bool]], threshold: float) -> tuple[int, int, int]:
    """True positives, false positives, false negatives of 'reported on' at a threshold."""
    return (sum(s >= threshold and y for s, y in rows), sum(s >= threshold and not y for s, y in rows),
            sum(s < threshold and y for s, y in rows))


def best_threshold(rows: list[tuple[float, bool]]) -> float:
    """The middle of the range of thresholds with the best F1 (how THRESHOLD was chosen)."""
    scores = sorted({s for s, _ in rows} | {0.0, 1.0})
    middles = [(a + b) / 2 for a, b in pairwise(scores)]
    f1 = {t: 2 * counts(rows, t)[0] / (2 * counts(rows, t)[0] + sum(counts(rows, t)[1:])) for t in middles}
    good = [t for t in middles if f1[t] == max(f1.values())]
    return (min(good) + max(good)) / 2


def test_every_plan_item_is_listed_in_order() -> None:
    for plan, labels, findings in labelled():
        assert len(findings) == len(labels), plan
        for finding, label in zip(findings, labels):
            assert finding.item.title.startswith(label["title"]), (plan, finding.item.title)


def test_precision_and_recall_on_the_labelled_set() -> None:
    rows = [(f.score, label["reported"]) for _, labels, findings in labelled() for f, label in zip(findings, labels)]
    assert len(rows) >= 40 and {y for _, y in rows} == {True, False}
    tp, fp, fn = counts(rows, THRESHOLD)
    assert tp / (tp + fp) >= FLOOR and tp / (tp + fn) >= FLOOR
    assert abs(best_threshold(rows) - THRESHOLD) < 0.01  # the default is the one chosen on this set


def test_threshold_chosen_on_other_pairs_generalises() -> None:
    pairs = [[(f.score, label["reported"]) for f, label in zip(findings, labels)] for _, labels, findings in labelled()]
    total = [0, 0, 0]
    for k, held_out in enumerate(pairs):
        threshold = best_threshold([row for j, pair in enumerate(pairs) if j != k for row in pair])
        total = [a + b for a, b in zip(total, counts(held_out, threshold))]
    tp, fp, fn = total
    assert tp / (tp + fp) >= FLOOR and tp / (tp + fn) >= FLOOR


def test_the_passage_found_is_the_one_that_reports() -> None:
    right = wrong = 0
    for _, labels, findings in labelled():
        for finding, label in zip(findings, labels):
            if label["reported"] and finding.score >= THRESHOLD:
                words = label["passage"] if isinstance(label["passage"], list) else [label["passage"]]
                right += any(w in finding.passage.text for w in words)
                wrong += not any(w in finding.passage.text for w in words)
    assert right / (right + wrong) >= FLOOR


def test_items_headings_numbered_and_enumerated() -> None:
    body = ("总体要求。\n\n## 一、重点任务\n\n### （一）建会入会\n\n一是推进建会。扩大覆盖面。二是发展会员。\n\n"
            "### （二）服务职工\n\n1. 建设职工书屋。\n\n2. 开展送清凉。\n\n## 二、保障措施\n\n加强经费保障，第一要务不是枚举。\n")
    items = plan_items(body, body_line=5)
    assert [(i.kind, i.number, i.title, i.section) for i in items] == [
        ("heading", "（一）", "建会入会", "建会入会"), ("enumerated", "一是", "推进建会", "建会入会"),
        ("enumerated", "二是", "发展会员", "建会入会"), ("heading", "（二）", "服务职工", "服务职工"),
        ("numbered", "1.", "建设职工书屋", "服务职工"), ("numbered", "2.", "开展送清凉", "服务职工"),
        ("heading", "二、", "保障措施", "保障措施")]
    assert items[1].text == "推进建会。扩大覆盖面。" and items[0].line == 9  # body_line 5 + 4
    assert body[items[4].start:items[4].end] == "1. 建设职工书屋。"


def test_summary_passages_leave_out_its_own_plans() -> None:
    body = "## 一、2022年工作\n\n建成职工书屋5个。开展送清凉活动。\n\n## 二、2023年工作计划\n\n建设职工书屋10个。\n"
    assert [p.text for p in summary_passages(body)] == ["2022年工作", "建成职工书屋5个。", "开展送清凉活动。"]


@pytest.fixture
def tree(tmp_path: Path):
    catalog = ("orgs:\n  - {id: a, name: 甲区总工会}\n  - {id: b, name: 乙区总工会}\ntypes:\n"
               "  - {id: annual, name: 年度工作总结, role: summary}\n  - {id: plan, name: 工作计划, role: plan}\nmetrics: []\n")
    plan = "## 一、职工书屋\n\n一是新建职工书屋5个。二是开展职工读书月活动。\n\n## 二、经费审计\n\n加强工会经费审查审计监督。\n"
    summary = "## 一、主要工作\n\n全年新建职工书屋5个，累计19个。举办职工读书月活动12场。\n"
    write_tree(tmp_path / "reports", {
        "catalog.yml": catalog, "2022/a-plan.md": report("甲2022计划", "a", 2022, "plan", body=plan),
        "2022/a.md": report("甲2022总结", "a", 2022, body=summary), "2022/b.md": report("乙2022总结", "b", 2022, body=summary),
        "2021/a.md": report("甲2021总结", "a", 2021, body=summary)})
    loaded = load_project(tmp_path / "reports")
    assert loaded.problems == ()
    return loaded


def test_follow_through_pairs_each_summary_with_its_years_plan(tree) -> None:
    results = follow_through_all(tree.reports, tree.catalog)
    assert [(r.plan.source, r.summary.source) for r in results] == [("2022/a-plan.md", "2022/a.md")]
    findings = results[0].items
    assert [(f.item.title, f.reported, f.label) for f in findings] == [
        ("职工书屋", True, ""), ("新建职工书屋5个", True, ""), ("开展职工读书月活动", True, ""), ("经费审计", False, MISSING)]
    assert results[0].reported == 3 and findings[3].passage is None
    summary = next(r for r in tree.reports if r.source == "2022/a.md")
    passage = findings[1].passage
    assert passage.text == "全年新建职工书屋5个，累计19个。" and summary.body[passage.start:passage.end] == passage.text
    assert summary.body.splitlines()[passage.line - summary.body_line].startswith("全年新建职工书屋")
