"""Loading and validating reports: every problem kind names file, line and field, all in one run."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from conftest import CATALOG, SAMPLE, report, write_tree
from nianbao.project import load_project
from nianbao.problems import WARNING, errors


def load(tmp_path: Path, files: dict[str, str]):
    write_tree(tmp_path / "reports", {"catalog.yml": CATALOG, **files})
    return load_project(tmp_path / "reports")


def only_problem(loaded, field: str):
    found = [p for p in loaded.problems if p.field == field]
    assert len(found) == 1, [p.format() for p in loaded.problems]
    return found[0]


def test_sample_loads_without_problems(tmp_path: Path) -> None:
    loaded = load(tmp_path, {k: v for k, v in SAMPLE.items() if k != "catalog.yml"})
    assert loaded.problems == ()
    assert len(loaded.reports) == 6
    zgh = next(r for r in loaded.reports if r.source == "2021/zgh.md")
    assert (zgh.org, zgh.year, zgh.type, zgh.date) == ("pingshan-zgh", 2021, "annual", datetime.date(2022, 1, 20))
    assert zgh.url == "reports/2021/zgh/"
    assert dict(zgh.metrics) == {"volunteers": 75000, "union_rate": 100, "mothers_rooms": 85}
    assert zgh.body.lstrip().startswith("## 一、2021年工作成绩") and zgh.body_line == 11


def test_invalid_yaml_names_line(tmp_path: Path) -> None:
    loaded = load(tmp_path, {"bad.md": "---\ntitle: 标题\norg: [pingshan-zgh\nyear: 2021\n---\n正文\n"})
    problem = only_problem(loaded, "front matter")
    assert problem.path == "reports/bad.md" and problem.line in (3, 4, 5)
    assert "YAML" in problem.message and problem.hint
    assert loaded.reports == ()


def test_missing_front_matter(tmp_path: Path) -> None:
    problem = only_problem(load(tmp_path, {"plain.md": "# 只有正文\n"}), "front matter")
    assert problem.format().startswith("reports/plain.md:1: front matter: 文件开头缺少 front matter")


@pytest.mark.parametrize("field", ["title", "org", "year", "type"])
def test_missing_required_field(tmp_path: Path, field: str) -> None:
    text = report("标题", "pingshan-zgh", 2021)
    text = "\n".join(line for line in text.splitlines() if not line.startswith(f"{field}:")) + "\n"
    problem = only_problem(load(tmp_path, {"r.md": text}), field)
    assert problem.message == f"缺少必填字段 {field}"
    assert problem.path == "reports/r.md" and field in problem.hint


def test_org_and_type_as_lists_or_mappings_are_errors_not_crashes(tmp_path: Path) -> None:
    text = "---\ntitle: 标题\norg: [pingshan-zgh]\nyear: 2021\ntype: {annual: 1}\ntargets: {volunteers: 3}\n---\n\n正文\n"
    loaded = load(tmp_path, {"2021/r.md": text})
    problems = loaded.problems
    assert loaded.reports == () and [(p.line, p.field) for p in problems] == [(3, "org"), (5, "type")]
    assert problems[0].message == "未知组织 '['pingshan-zgh']'"


def test_unknown_org_suggests_closest_id(tmp_path: Path) -> None:
    problem = only_problem(load(tmp_path, {"2021/r.md": report("标题", "pingshan-zhg", 2021)}), "org")
    assert problem.format() == "reports/2021/r.md:3: org: 未知组织 'pingshan-zhg'，是否为 'pingshan-zgh'？"


def test_org_given_by_name_or_alias_suggests_its_id(tmp_path: Path) -> None:
    loaded = load(tmp_path, {"a.md": report("标题", "坪山区总工会", 2021), "b.md": report("标题", "坪山妇联", 2021)})
    hints = sorted(p.hint for p in loaded.problems if p.field == "org")
    assert hints == ["'坪山区总工会' 是名称，请填写其 id 'pingshan-zgh'", "'坪山妇联' 是名称，请填写其 id 'pingshan-fl'"]


def test_unknown_type(tmp_path: Path) -> None:
    problem = only_problem(load(tmp_path, {"r.md": report("标题", "pingshan-zgh", 2021, "anual")}), "type")
    assert (problem.line, problem.message, problem.hint) == (5, "未知报告类型 'anual'", "是否为 'annual'？")


def test_unknown_metric(tmp_path: Path) -> None:
    text = report("标题", "pingshan-zgh", 2021, metrics="\n  volunteers: 5\n  mother_rooms: 3")
    problem = only_problem(load(tmp_path, {"r.md": text}), "metrics.mother_rooms")
    assert (problem.line, problem.message, problem.hint) == (8, "未知指标 'mother_rooms'", "是否为 'mothers_rooms'？")


@pytest.mark.parametrize("value, hint", [("2021年", "只写四位数字"), ("'2021'", "只写四位数字"), ("二〇二一", "只写四位数字")])
def test_year_not_a_number(tmp_path: Path, value: str, hint: str) -> None:
    text = report("标题", "pingshan-zgh", 2021).replace("year: 2021", f"year: {value}")
    problem = only_problem(load(tmp_path, {"r.md": text}), "year")
    assert problem.line == 4 and problem.message.startswith("年份应为整数") and hint in problem.hint


@pytest.mark.parametrize("value, suggestion", [("7.5万", "75000"), ("85间", "85"), ("'100%'", "100")])
def test_metric_value_not_a_number(tmp_path: Path, value: str, suggestion: str) -> None:
    text = report("标题", "pingshan-zgh", 2021, metrics=f"\n  volunteers: {value}")
    problem = only_problem(load(tmp_path, {"r.md": text}), "metrics.volunteers")
    assert problem.line == 7 and "应为数字" in problem.message and f"是否应为 {suggestion}？" in problem.hint


@pytest.mark.parametrize("value", ["2022-02-30", "2022/02/16", "去年"])
def test_invalid_date(tmp_path: Path, value: str) -> None:
    problem = only_problem(load(tmp_path, {"r.md": report("标题", "pingshan-zgh", 2021, date=value)}), "date")
    assert problem.line == 6 and "YYYY-MM-DD" in problem.hint


def test_tags_must_be_a_list(tmp_path: Path) -> None:
    problem = only_problem(load(tmp_path, {"r.md": report("标题", "pingshan-zgh", 2021, tags="母婴室")}), "tags")
    assert problem.hint.startswith("写成 tags: [母婴室]")


def test_unknown_field_is_a_warning_with_suggestion(tmp_path: Path) -> None:
    loaded = load(tmp_path, {"r.md": report("标题", "pingshan-zgh", 2021, tittle="x")})
    problem = only_problem(loaded, "tittle")
    assert problem.severity == WARNING and problem.hint == "是否为 'title'？"
    assert len(loaded.reports) == 1  # a warning never drops a report


def test_all_problems_of_all_files_in_one_run(tmp_path: Path) -> None:
    loaded = load(tmp_path, {
        "a.md": report("标题", "nobody", 2021, "nothing"),
        "b.md": report("标题", "pingshan-zgh", 2021, metrics="{volunteers: 很多}"),
        "c.md": "---\ntitle: [\n---\n",
        "ok.md": report("有效报告", "pingshan-zgh", 2021),
    })
    assert sorted((p.path, p.field) for p in errors(loaded.problems)) == [
        ("reports/a.md", "org"), ("reports/a.md", "type"), ("reports/b.md", "metrics.volunteers"), ("reports/c.md", "front matter"),
    ]
    assert [r.source for r in loaded.reports] == ["ok.md"]


def test_two_files_publishing_to_one_url(tmp_path: Path) -> None:
    loaded = load(tmp_path, {"a.md": report("甲", "pingshan-zgh", 2021), "a/index.md": report("乙", "pingshan-zgh", 2021)})
    problem = only_problem(loaded, "path")
    assert "同一网址 /reports/a/" in problem.message


def test_non_utf8_file(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "gbk.md").write_bytes(report("标题", "pingshan-zgh", 2021).encode("gb18030"))
    problem = only_problem(load(tmp_path, {}), "file")
    assert "UTF-8" in problem.message


def test_draft_is_loaded_but_flagged(tmp_path: Path) -> None:
    loaded = load(tmp_path, {"r.md": report("草稿", "pingshan-zgh", 2021, draft="true")})
    assert loaded.problems == () and loaded.reports[0].draft is True


def test_a_key_written_twice_names_both_lines(tmp_path: Path) -> None:
    text = "---\ntitle: 标题\norg: pingshan-zgh\nyear: 2020\nyear: 2021\ntype: annual\nmetrics:\n  volunteers: 1\n  volunteers: 2\n---\n\n正文\n"
    loaded = load(tmp_path, {"2021/r.md": text})
    assert [p.format() for p in loaded.problems] == [
        "reports/2021/r.md:5: year: 字段 year 写了两次（第 4 行和第 5 行），YAML 只会保留后一个值：删去其中一行",
        "reports/2021/r.md:9: metrics.volunteers: 字段 metrics.volunteers 写了两次（第 8 行和第 9 行），YAML 只会保留后一个值：删去其中一行",
    ]
    assert loaded.reports == ()


def test_control_characters_are_errors_with_their_lines(tmp_path: Path) -> None:
    text = report("标题", "pingshan-zgh", 2021, body="第一行\n第二\x00行\n第三\x1b[31m行\x7f\n") + "\t制表符和\r\n换行可以\n"
    loaded = load(tmp_path, {"2021/r.md": text})
    assert [(p.line, p.field, p.message) for p in loaded.problems] == [
        (9, "text", "含有不可见的控制字符 U+0000"), (10, "text", "含有不可见的控制字符 U+001B、U+007F")]
    assert loaded.reports == ()


def test_control_characters_in_front_matter_still_show_every_other_problem(tmp_path: Path) -> None:
    loaded = load(tmp_path, {"2021/r.md": "---\ntitle: 标\x00题\norg: nobody\nyear: 2021\ntype: annual\n---\n\n正文\n"})
    assert [(p.line, p.field) for p in loaded.problems] == [(2, "text"), (3, "org")]


def test_a_title_longer_than_200_characters_is_an_error(tmp_path: Path) -> None:
    loaded = load(tmp_path, {"2021/a.md": report("长" * 200, "pingshan-zgh", 2021), "2021/b.md": report("长" * 201, "pingshan-zgh", 2021)})
    assert [(p.path, p.field, p.message) for p in loaded.problems] == [("reports/2021/b.md", "title", "标题有 201 个字，超过 200 字")]
    assert [r.source for r in loaded.reports] == ["2021/a.md"]
