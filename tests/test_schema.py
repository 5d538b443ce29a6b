"""The front-matter JSON Schema agrees with `nianbao check`, and the VS Code files wire it and the check up."""
from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import CATALOG, report, write_tree
from nianbao.catalog import load_catalog
from nianbao.cli import main
from nianbao.frontmatter import FrontMatter, parse_front_matter
from nianbao.reports import check_report, find_report_files
from nianbao.schema import build_schema, render_schema, write_schema

BASE = "title: 坪山区总工会2021年工作总结\norg: pingshan-zgh\nyear: 2021\ntype: annual\n"
PLAN = "title: 坪山区总工会2022年工作计划\norg: pingshan-zgh\nyear: 2022\ntype: plan\n"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = write_tree(tmp_path_factory.mktemp("catalog"), {"catalog.yml": CATALOG}) / "catalog.yml"
    loaded, problems = load_catalog(path)
    assert problems == []
    return loaded


@pytest.fixture(scope="module")
def validator(catalog: Any) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(build_schema(catalog))


def as_editor_sees(value: Any) -> Any:
    """YAML data as a YAML language server hands it to the schema: dates are plain strings."""
    if isinstance(value, dict):
        return {str(k): as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(v) for v in value]
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else value


def verdicts(front: str, catalog: Any, validator: jsonschema.Draft202012Validator) -> tuple[list[str], list[str]]:
    """(schema errors, check_report errors) of one front matter."""
    fm = parse_front_matter(f"---\n{front}---\n\n正文。\n")
    _, problems = check_report(fm, "x.md", catalog, display="x.md")
    return [e.message for e in validator.iter_errors(as_editor_sees(fm.data))], [p.format() for p in problems if p.severity == "error"]


def test_committed_schema_is_generated_from_the_committed_catalog(repo: Path) -> None:
    catalog, problems = load_catalog(repo / "reports/catalog.yml")
    assert problems == []
    committed = (repo / ".vscode/report.schema.json").read_text(encoding="utf-8")
    assert committed == render_schema(catalog), "目录已修改：请运行 nianbao schema 重新生成 .vscode/report.schema.json"


def test_schema_is_valid_draft_2020_12(repo: Path) -> None:
    schema = json.loads((repo / ".vscode/report.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["org"]["enumDescriptions"][schema["properties"]["org"]["enum"].index("pingshan-zgh")] == "坪山区总工会"
    assert "additionalProperties" not in schema  # unknown fields are only warned about


def test_every_committed_report_is_valid(repo: Path) -> None:
    schema = json.loads((repo / ".vscode/report.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    files = find_report_files(repo / "reports")
    assert files
    for path in files:
        data = as_editor_sees(parse_front_matter(path.read_text(encoding="utf-8")).data)
        assert [e.message for e in validator.iter_errors(data)] == [], path


INVALID = {
    "unknown org": BASE.replace("pingshan-zgh", "pingshan-zhg"),
    "org given by name": BASE.replace("pingshan-zgh", "坪山区总工会"),
    "numeric org": BASE.replace("pingshan-zgh", "123"),
    "unknown type": BASE.replace("annual", "summary"),
    "quoted year": BASE.replace("2021\n", '"2021"\n'),
    "year with 年": BASE.replace("2021\n", "2021年\n"),
    "boolean year": BASE.replace("2021\n", "true\n"),
    "fractional year": BASE.replace("2021\n", "2021.5\n"),
    "year too early": BASE.replace("2021\n", "1948\n"),
    "year too late": BASE.replace("2021\n", "2101\n"),
    "missing title": BASE.split("\n", 1)[1],
    "empty title": BASE.replace("title: 坪山区总工会2021年工作总结", "title: ''"),
    "null title": BASE.replace("title: 坪山区总工会2021年工作总结", "title:"),
    "list title": BASE.replace("title: 坪山区总工会2021年工作总结", "title: [甲, 乙]"),
    "mapping title": BASE.replace("title: 坪山区总工会2021年工作总结", "title: {甲: 乙}"),
    "missing org": BASE.replace("org: pingshan-zgh\n", ""),
    "missing year": BASE.replace("year: 2021\n", ""),
    "missing type": BASE.replace("type: annual\n", ""),
    "empty type": BASE.replace("type: annual", "type: ''"),
    "unknown metric": BASE + "metrics: {bogus: 1}\n",
    "metric label as id": BASE + "metrics: {母婴室: 1}\n",
    "text metric": BASE + "metrics: {volunteers: 7.5万}\n",
    "quoted metric": BASE + "metrics: {volunteers: '75000'}\n",
    "empty metric": BASE + "metrics:\n  volunteers:\n",
    "boolean metric": BASE + "metrics: {volunteers: true}\n",
    "metrics as list": BASE + "metrics: [volunteers, 1]\n",
    "metrics as text": BASE + "metrics: volunteers 1\n",
    "targets on a summary": BASE + "targets: {volunteers: 80000}\n",
    "unknown target on a plan": PLAN + "targets: {bogus: 1}\n",
    "text target on a plan": PLAN + "targets: {volunteers: 八万}\n",
    "impossible date": BASE + "date: 2022-02-30\n",
    "not a leap year": BASE + "date: 2021-02-29\n",
    "century not a leap year": BASE + "date: 1900-02-29\n",
    "month 13": BASE + "date: 2022-13-01\n",
    "slashed date": BASE + "date: 2022/01/05\n",
    "two-digit year": BASE + "date: 22-01-05\n",
    "date with time words": BASE + "date: 2022-01-05 上午\n",
    "numeric date": BASE + "date: 20220105\n",
    "date as list": BASE + "date: [2022-01-05]\n",
    "blank date": BASE + "date: '  '\n",
    "tags as text": BASE + "tags: 职工服务\n",
    "empty tag": BASE + "tags: [职工服务, '']\n",
    "null tag": BASE + "tags: [职工服务, ~]\n",
    "nested tags": BASE + "tags: [[职工服务]]\n",
    "tag mapping": BASE + "tags: [{a: 1}]\n",
    "tags as mapping": BASE + "tags: {a: 1}\n",
    "summary as list": BASE + "summary: [甲, 乙]\n",
    "summary as mapping": BASE + "summary: {甲: 乙}\n",
    "draft as text": BASE + "draft: 'true'\n",
    "draft as number": BASE + "draft: 1\n",
    "empty draft": BASE + "draft:\n",
    "public as text": BASE + "public: yes please\n",
}

VALID = {
    "minimal": BASE,
    "everything": BASE + "date: 2022-01-20\ntags: [职工服务, 母婴室]\nsummary: 全年建成母婴室85间\nmetrics: {volunteers: 75000, union_rate: 98.5}\ndraft: false\n",
    "plan with targets": PLAN + "targets: {volunteers: 80000, union_rate: 100}\n",
    "plan with metrics": PLAN + "metrics: {volunteers: 1}\n",
    "empty targets on a summary": BASE + "targets: {}\n",
    "null targets on a summary": BASE + "targets:\n",
    "numeric title": BASE.replace("title: 坪山区总工会2021年工作总结", "title: 2021"),
    "first year": BASE.replace("2021\n", "1949\n"),
    "last year": BASE.replace("2021\n", "2100\n"),
    "one-digit month and day": BASE + "date: 2022-1-5\n",
    "quoted date": BASE + "date: '2022-01-05'\n",
    "empty date": BASE + "date: ''\n",
    "null date": BASE + "date:\n",
    "leap day": BASE + "date: 2024-02-29\n",
    "leap century": BASE + "date: 2000-02-29\n",
    "empty tags": BASE + "tags: []\n",
    "null tags": BASE + "tags:\n",
    "duplicate tags": BASE + "tags: [职工服务, 职工服务]\n",
    "numeric tag": BASE + "tags: [2021, 职工服务]\n",
    "empty summary": BASE + "summary: ''\n",
    "numeric summary": BASE + "summary: 2021\n",
    "empty metrics": BASE + "metrics: {}\n",
    "null metrics": BASE + "metrics:\n",
    "negative metric (a warning)": BASE + "metrics: {volunteers: -5}\n",
    "percentage over 100 (a warning)": BASE + "metrics: {union_rate: 150}\n",
    "unknown field (a warning)": BASE + "author: 张三\n",
    "draft": BASE + "draft: true\n",
    "public": BASE + "public: true\n",
    "skeleton hints": BASE + "date: ''  # 成文日期\nsummary: ''\ntags: []\n# metrics:\n#   volunteers:  # 注册志愿者（人），2021年：75000\n",
}


@pytest.mark.parametrize("front", INVALID.values(), ids=INVALID.keys())
def test_invalid_front_matter_fails_both_schema_and_check(front: str, catalog: Any, validator: jsonschema.Draft202012Validator) -> None:
    schema_errors, check_errors = verdicts(front, catalog, validator)
    assert schema_errors and check_errors, (schema_errors, check_errors)


@pytest.mark.parametrize("front", VALID.values(), ids=VALID.keys())
def test_valid_front_matter_passes_both_schema_and_check(front: str, catalog: Any, validator: jsonschema.Draft202012Validator) -> None:
    assert verdicts(front, catalog, validator) == ([], [])


def test_date_pattern_agrees_with_check_on_every_day_of_sample_years(catalog: Any) -> None:
    date_schema = jsonschema.Draft202012Validator(build_schema(catalog)["properties"]["date"])
    base = parse_front_matter(f"---\n{BASE}---\n\n正文。\n")
    for year in (1, 4, 100, 400, 1900, 1999, 2000, 2021, 2024, 2100, 9999):
        for month in range(14):
            for day in range(33):
                for text in {f"{year:04d}-{month:02d}-{day:02d}", f"{year:04d}-{month}-{day}"}:
                    fm = FrontMatter({**base.data, "date": text}, base.lines, base.body, base.body_line)
                    accepted = not check_report(fm, "x.md", catalog, display="x.md")[1]
                    assert date_schema.is_valid(text) == accepted, text


def test_write_schema_writes_only_changes(tmp_path: Path, catalog: Any) -> None:
    reports_dir = write_tree(tmp_path / "reports", {"catalog.yml": CATALOG})
    target = tmp_path / ".vscode/report.schema.json"
    assert write_schema(reports_dir, target) is True
    assert target.read_text(encoding="utf-8") == render_schema(catalog)
    assert write_schema(reports_dir, target) is False
    write_tree(reports_dir, {"catalog.yml": CATALOG.replace("metrics:\n", "metrics:\n  - {id: studios, label: 创新工作室, unit: 家}\n")})
    assert write_schema(reports_dir, target) is True
    assert "studios" in json.loads(target.read_text(encoding="utf-8"))["properties"]["metrics"]["properties"]
    assert render_schema(catalog).endswith("}\n") and "\\u" not in render_schema(catalog)


def test_write_schema_refuses_a_broken_catalog(tmp_path: Path) -> None:
    reports_dir = write_tree(tmp_path / "reports", {"catalog.yml": CATALOG.replace("role: plan", "role: planning")})
    with pytest.raises(ValueError, match="planning"):
        write_schema(reports_dir, tmp_path / "schema.json")
    assert not (tmp_path / "schema.json").exists()


def test_settings_map_the_schema_to_reports(repo: Path) -> None:
    settings = json.loads((repo / ".vscode/settings.json").read_text(encoding="utf-8"))
    schemas = settings["yaml.schemas"]
    assert schemas["./.vscode/report.schema.json"] == ["reports/**/*.md"]
    assert all((repo / path).is_file() for path in schemas)
    extensions = json.loads((repo / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_check_task_is_the_default_build_task_and_its_matchers_read_check_output(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tasks = json.loads((repo / ".vscode/tasks.json").read_text(encoding="utf-8"))["tasks"]
    task = next(t for t in tasks if t["label"] == "nianbao: 检查报告")
    assert task["group"] == {"kind": "build", "isDefault": True}
    assert task["command"].endswith("/.venv/bin/nianbao") and task["args"] == ["check"]
    matchers = {m["severity"]: m for m in task["problemMatcher"]}
    assert set(matchers) == {"error", "warning"}
    for matcher in matchers.values():
        # VS Code runs these as JavaScript regexps: keep to the syntax both languages share.
        assert not re.search(r"\(\?P|\(\?<|\\[AZz]|\(\?[aiLmsux]", matcher["pattern"]["regexp"])

    reports_dir = write_tree(tmp_path / "reports", {
        "catalog.yml": CATALOG,
        "2021/broken.md": report("甲", "pingshan-zhg", 2021, metrics="{volunteers: 7.5万}"),
        "2021/odd.md": report("乙", "pingshan-zgh", 2021, author="张三"),
        "2021/flat.md": report("丙", "pingshan-zgh", 2021, metrics="75000"),  # its hint spans several lines
    })
    assert main(["check", str(reports_dir)]) == 1
    output = capsys.readouterr()
    found = []
    for line in output.out.splitlines() + output.err.splitlines():
        hits = [(severity, m) for severity, matcher in matchers.items() if (m := re.match(matcher["pattern"]["regexp"], line))]
        assert len(hits) <= 1, line
        for severity, m in hits:
            pattern = matchers[severity]["pattern"]
            found.append((severity, m.group(pattern["file"]), int(m.group(pattern["line"])), m.group(pattern["message"])))
    broken, odd, flat = ((reports_dir / f"2021/{name}.md").as_posix() for name in ("broken", "odd", "flat"))
    assert [(s, f, n, msg.split("，")[0]) for s, f, n, msg in found] == [
        ("error", broken, 3, "org: 未知组织 'pingshan-zhg'"),
        ("error", broken, 6, "metrics.volunteers: 指标值应为数字"),
        ("error", flat, 6, "metrics: metrics 应为“指标 id: 数值”的映射"),
        ("warning", odd, 6, "author: 警告：未知字段 'author'"),
    ]
    assert all(Path(f).is_file() for _, f, _, _ in found)
