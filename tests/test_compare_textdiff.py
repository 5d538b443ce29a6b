"""compare.textdiff: clauses aligned, changed clauses diffed by character, long unchanged runs folded — data, not HTML."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from nianbao.compare.textdiff import ClauseChange, Run, char_runs, diff_text, fold_unchanged


def kinds(diff) -> list[tuple[bool, list[str]]]:
    return [(block.folded, [c.kind for c in block.clauses]) for block in diff.blocks]


def test_changed_figures_are_character_runs_and_whole_numbers() -> None:
    diff = diff_text("全年新建母婴室12间。已建成母婴室85间（含市级示范点6间）。", "全年新建母婴室18间。已建成母婴室103间（含市级示范点9间）。")
    assert kinds(diff) == [(False, ["changed", "changed"])]
    second = diff.blocks[0].clauses[1]
    assert second.runs == (Run("equal", "已建成母婴室"), Run("delete", "85"), Run("insert", "103"), Run("equal", "间（含市级示范点"),
                           Run("delete", "6"), Run("insert", "9"), Run("equal", "间）。"))
    assert diff.changed and 0 < diff.similarity < 1


def test_added_removed_and_rewritten_clauses() -> None:
    old = "开展坪工大讲堂48期。慰问困难职工326户。推进暖蜂驿站建设。"
    new = "开展坪工大讲堂52期。新建职工书屋5个，累计达19个。推进暖蜂驿站建设。"
    diff = diff_text(old, new)
    rows = [c for b in diff.blocks for c in b.clauses]
    assert [(c.kind, c.old, c.new) for c in rows] == [
        ("changed", "开展坪工大讲堂48期。", "开展坪工大讲堂52期。"),
        ("removed", "慰问困难职工326户。", ""),
        ("added", "", "新建职工书屋5个，累计达19个。"),
        ("same", "推进暖蜂驿站建设。", "推进暖蜂驿站建设。")]
    assert rows[1].runs == (Run("delete", "慰问困难职工326户。"),) and rows[2].runs == (Run("insert", "新建职工书屋5个，累计达19个。"),)


def test_long_unchanged_runs_fold_keeping_first_and_last() -> None:
    text = "甲。乙。丙。丁。戊。己。"
    assert kinds(diff_text(text, text)) == [(False, ["same"]), (True, ["same"] * 4), (False, ["same"])]
    assert kinds(diff_text("甲。乙。丙。", "甲。乙。丙。")) == [(False, ["same"] * 3)]
    assert kinds(diff_text("甲。乙。丙。丁。", "甲。乙。丙。丁。")) == [(False, ["same"]), (True, ["same"] * 2), (False, ["same"])]
    edited = diff_text("零。甲。乙。丙。丁。戊。末。", "〇。甲。乙。丙。丁。戊。尾。")
    assert kinds(edited) == [(False, ["removed", "added", "same"]), (True, ["same"] * 3), (False, ["same", "removed", "added"])]
    assert kinds(diff_text(text, text, fold_over=10)) == [(False, ["same"] * 6)]


def test_whitespace_and_punctuation_width_are_not_changes() -> None:
    diff = diff_text("服务群众，覆盖全区。", "服务群众,覆盖全区.\n")
    assert not diff.changed and diff.similarity == 1.0


def test_empty_sides() -> None:
    assert diff_text("", "").blocks == ()
    assert kinds(diff_text("", "新增一句。")) == [(False, ["added"])]
    assert kinds(diff_text("删去一句。", "")) == [(False, ["removed"])]


def test_fold_unchanged_direct() -> None:
    same = ClauseChange("same", "甲。", "甲。", (Run("equal", "甲。"),))
    assert [b.folded for b in fold_unchanged([same] * 5, 3)] == [False, True, False]


@given(st.text(alphabet="甲乙丙12。，", max_size=30), st.text(alphabet="甲乙丙123。，", max_size=30))
def test_runs_rebuild_both_sides(old: str, new: str) -> None:
    runs = char_runs(old, new)
    assert "".join(r.text for r in runs if r.kind != "insert") == old
    assert "".join(r.text for r in runs if r.kind != "delete") == new
    diff = diff_text(old, new)
    rows = [c for b in diff.blocks for c in b.clauses]
    assert "".join(c.old for c in rows) == old
    assert "".join(c.new for c in rows) == new
