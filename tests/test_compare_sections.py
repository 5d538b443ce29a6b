"""compare.sections: a body as sections by its headings, headings' numbering, and clauses."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from nianbao.compare.sections import is_plan_section, split_clauses, split_number, split_sections, title_key
from nianbao.project import load_project

REPO = Path(__file__).resolve().parent.parent


def test_real_report_sections_with_lead_levels_parents_and_lines() -> None:
    report = load_project(REPO / "reports").reports
    pingshan = next(r for r in report if r.source == "2021/pingshan-qtgzb-annual.md")
    sections = split_sections(pingshan.body, pingshan.body_line)
    assert [s.level for s in sections][:3] == [0, 2, 3]
    lead, results, first = sections[:3]
    assert lead.text.startswith("2021年，坪山区群团工作部") and lead.heading == ""
    assert (results.number, results.title, results.text) == ("一、", "2021年工作成绩", "")
    assert first.parents == ("2021年工作成绩",) and first.title.startswith("围绕“基础更实”")
    lines = (REPO / "reports" / pingshan.source).read_text(encoding="utf-8").splitlines()
    for section in sections[1:]:
        assert lines[section.line - 1] == "#" * section.level + " " + section.heading
        assert pingshan.body[section.text_start:section.end] == section.text
    plans = [s.title for s in sections if is_plan_section(s)]
    assert plans[0] == "2022年工作思路" and len(plans) == 7


def test_fenced_code_and_empty_lead() -> None:
    body = "## 一、甲\n\n```\n## 不是标题\n```\n\n### （一）乙\n\n正文\n"
    sections = split_sections(body)
    assert [(s.level, s.number, s.title, s.line) for s in sections] == [(2, "一、", "甲", 1), (3, "（一）", "乙", 7)]
    assert "## 不是标题" in sections[0].text
    assert split_sections("") == ()


def test_numbering_is_split_from_the_heading() -> None:
    assert split_number("一、2021年工作成绩") == ("一、", "2021年工作成绩")
    assert split_number("（三）聚焦“创新之城”") == ("（三）", "聚焦“创新之城”")
    assert split_number("**1.职工书屋建设大创新**") == ("1.", "职工书屋建设大创新")
    assert split_number("1.2 分项工作") == ("1.2", "分项工作")
    assert split_number("第三部分 总结") == ("第三部分", "总结")
    assert split_number("25人以上企业建会") == ("", "25人以上企业建会")
    assert split_number("12351热线") == ("", "12351热线")


def test_title_keys_ignore_numbering_punctuation_and_shift_years() -> None:
    assert title_key("一、2021年工作成绩", 2021) == title_key("二、2022年工作成绩", 2022) == "Y年工作成绩"
    assert title_key("二、2022年工作思路", 2021) == "Yp1年工作思路"
    assert title_key("2020年回顾", 2021) == "Ym1年回顾"
    assert title_key("（一）聚焦“产业之城”，实施") == title_key("1. 聚焦产业之城实施")


def test_clauses_keep_their_punctuation() -> None:
    text = "第一句。第二句；“引号里。”后\n\n新段落没有句号\n最后！"
    assert split_clauses(text) == ["第一句。", "第二句；", "“引号里。”", "后\n\n", "新段落没有句号\n", "最后！"]


@given(st.text(alphabet="甲乙丙。；！？”\n 1", max_size=40))
def test_clauses_join_back_to_the_text(text: str) -> None:
    clauses = split_clauses(text)
    assert "".join(clauses) == text
    assert all(c.strip() for c in clauses[1:])
