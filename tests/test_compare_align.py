"""compare.align: sections of two reports matched by heading, then order and content; moved, added and removed found.

The fixture tests/compare_data/align/pingshan-qtgzb-2022.md is the real 2021 report of 坪山区群团工作部 edited as a
next year's report would be: years moved on, one heading reworded, figures changed in one section, one section removed,
one moved to the end of its part, one added, and a new first plan item that shifts every （一）…（六） number.
"""
from __future__ import annotations

from pathlib import Path

from nianbao.compare.align import align_sections
from nianbao.compare.sections import split_sections

REPO = Path(__file__).resolve().parent.parent


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


def pairs():
    old = split_sections(body(REPO / "reports/2021/pingshan-qtgzb-annual.md"))
    new = split_sections(body(REPO / "tests/compare_data/align/pingshan-qtgzb-2022.md"))
    return old, new, align_sections(old, new, 2021, 2022)


def test_statuses_of_an_edited_next_year_report() -> None:
    old, new, aligned = pairs()
    seen = [(p.status, (p.new or p.old).title[:6]) for p in aligned]
    assert seen == [
        ("changed", ""),  # the lead: its year and a word changed
        ("same", "2022年工"), ("same", "围绕“基础更"), ("changed", "围绕“实力更"), ("same", "围绕“活力更"),
        ("changed", "围绕“风采更"), ("same", "围绕“保障更"), ("removed", "围绕“力度更"), ("same", "围绕“满意更"),
        ("moved", "围绕“服务更"), ("added", "围绕“数字更"), ("changed", "2023年工"), ("added", "聚焦“数字之"),
        ("same", "聚焦“产业之"), ("same", "聚焦“善治之"), ("same", "聚焦“创新之"), ("same", "聚焦“品质之"),
        ("same", "聚焦“生态之"), ("same", "聚焦“幸福之"),
    ]
    assert [p.label for p in aligned[6:11]] == ["未变", "删去", "未变", "位置调整", "新增"]
    assert {len(old), len(new)} == {sum(p.old is not None for p in aligned), sum(p.new is not None for p in aligned)}


def test_numbering_alone_does_not_match_sections() -> None:
    _, _, aligned = pairs()
    shifted = [p for p in aligned if p.old and p.new and p.old.number != p.new.number]
    assert [(p.old.number, p.new.number, p.status) for p in shifted] == [
        ("（一）", "（二）", "same"), ("（二）", "（三）", "same"), ("（三）", "（四）", "same"),
        ("（四）", "（五）", "same"), ("（五）", "（六）", "same"), ("（六）", "（七）", "same")]


def test_scores_reflect_the_edits() -> None:
    _, _, aligned = pairs()
    by_title = {(p.new or p.old).title[:6]: p for p in aligned}
    assert by_title["围绕“实力更"].title_score < 1.0 and by_title["围绕“实力更"].score == 1.0  # heading reworded, text kept
    assert 0.9 < by_title["围绕“风采更"].score < 1.0
    assert by_title["围绕“力度更"].score == 0.0 and by_title["围绕“数字更"].score == 0.0


def test_renamed_section_found_by_order_and_moved_renamed_by_content() -> None:
    old = split_sections("## 一、工会工作\n\n全区建成职工书屋14个，举办读书月活动。\n\n## 二、共青团工作\n\n开展青年大学习。\n\n"
                         "## 三、妇联工作\n\n建成母婴室85间，开展最美家庭寻访活动，关爱困境儿童健康成长。\n")
    new = split_sections("## 一、妇女儿童工作\n\n建成母婴室92间，开展最美家庭寻访活动，关爱困境儿童健康成长。\n\n## 二、职工服务\n\n"
                         "全区建成职工书屋16个，举办读书月活动。\n\n## 三、青年工作\n\n开展青年大学习。\n")
    aligned = align_sections(old, new)
    assert [(p.status, p.old.title if p.old else None, p.new.title if p.new else None) for p in aligned] == [
        ("moved", "妇联工作", "妇女儿童工作"), ("changed", "工会工作", "职工服务"), ("changed", "共青团工作", "青年工作")]


def test_unrelated_reports_give_added_and_removed_deterministically() -> None:
    old = split_sections(body(REPO / "reports/2021/dapeng-qtgzb-annual.md"))
    new = split_sections(body(REPO / "reports/2022/dapeng-qtgzb-annual.md"))
    first, second = align_sections(old, new, 2021, 2022), align_sections(old, new, 2021, 2022)
    assert first == second
    assert {p.status for p in first} <= {"added", "removed", "changed", "moved", "same"}
    assert sum(p.status == "added" for p in first) >= 3 and sum(p.status == "removed" for p in first) >= 3
    assert [p.status for p in align_sections([], new)] == ["added"] * len(new)
    assert [p.status for p in align_sections(old, [])] == ["removed"] * len(old)
