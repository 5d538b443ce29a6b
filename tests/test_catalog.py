"""Checking reports/catalog.yml."""
from __future__ import annotations

from pathlib import Path

from conftest import CATALOG
from nianbao.catalog import load_catalog


def check(tmp_path: Path, text: str):
    path = tmp_path / "catalog.yml"
    path.write_text(text, encoding="utf-8")
    return load_catalog(path)


def test_catalog_loads_in_order(tmp_path: Path) -> None:
    catalog, problems = check(tmp_path, CATALOG)
    assert problems == []
    assert list(catalog.orgs) == ["pingshan-qtgzb", "pingshan-zgh", "pingshan-tqw", "pingshan-fl", "other-zgh"]
    assert catalog.orgs["pingshan-fl"].aliases == ("坪山妇联",)
    assert [o.id for o in catalog.children("pingshan-qtgzb")] == ["pingshan-zgh", "pingshan-tqw", "pingshan-fl"]
    assert catalog.metrics["union_rate"].unit == "%"


def test_duplicate_ids(tmp_path: Path) -> None:
    text = CATALOG.replace("  - {id: other-zgh, name: XX区总工会, group: 总工会}", "  - {id: pingshan-zgh, name: 重复}")
    text = text.replace("expected:", "  - {id: annual, label: x, unit: 个}\nexpected:")
    text = text.replace("  - {id: plan, name: 工作计划, role: plan}", "  - {id: annual, name: 重复类型}")
    _, problems = check(tmp_path, text)
    assert [p.format() for p in problems] == [
        "reports/catalog.yml:6: orgs.id: 重复的 id 'pingshan-zgh'，每个 id 只能出现一次，请删除或改名",
        "reports/catalog.yml:9: types.id: 重复的 id 'annual'，每个 id 只能出现一次，请删除或改名",
    ]


def test_parent_that_does_not_exist(tmp_path: Path) -> None:
    _, problems = check(tmp_path, CATALOG.replace("parent: pingshan-qtgzb, short: 团区委", "parent: pingshan-qtgbz, short: 团区委"))
    assert [p.format() for p in problems] == [
        "reports/catalog.yml:4: orgs.parent: 组织 'pingshan-tqw' 的上级 'pingshan-qtgbz' 不存在，是否为 'pingshan-qtgzb'？"
    ]


def test_parent_cycle(tmp_path: Path) -> None:
    text = "orgs:\n  - {id: a, name: 甲, parent: b}\n  - {id: b, name: 乙, parent: a}\ntypes: []\nmetrics: []\n"
    _, problems = check(tmp_path, text)
    assert {(p.line, p.field) for p in problems} == {(2, "orgs.parent"), (3, "orgs.parent")}
    assert all("循环" in p.message for p in problems)


def test_missing_fields_bad_ids_and_sections(tmp_path: Path) -> None:
    text = "orgs:\n  - {id: 坪山, name: 坪山}\n  - {name: 无id}\ntypes:\n  - {id: annual}\n"
    _, problems = check(tmp_path, text)
    assert sorted((p.line, p.field) for p in problems) == [(1, "metrics"), (2, "orgs.id"), (3, "orgs.id"), (5, "types.name")]
    assert any("只能用英文字母" in p.hint for p in problems)


def test_invalid_yaml_and_missing_file(tmp_path: Path) -> None:
    _, problems = check(tmp_path, "orgs:\n  - {id: a, name: [\n")
    assert problems[0].field == "catalog" and "YAML" in problems[0].message
    _, problems = load_catalog(tmp_path / "nope.yml")
    assert problems[0].message == "找不到目录文件"


def test_a_section_written_twice_is_an_error_and_both_halves_count(tmp_path: Path) -> None:
    text = CATALOG.replace("expected:", "metrics:\n  - {id: extra, label: 额外, unit: 个}\nexpected:")
    catalog, problems = check(tmp_path, text)
    assert [p.format() for p in problems] == ["reports/catalog.yml:14: metrics: metrics 写了两次（第 10 行和第 14 行），YAML 只会保留后一个：把两处合并为一处"]
    assert list(catalog.metrics) == ["volunteers", "union_rate", "mothers_rooms", "extra"]


def test_a_field_written_twice_in_an_entry(tmp_path: Path) -> None:
    _, problems = check(tmp_path, CATALOG.replace("{id: other-zgh, name: XX区总工会,", "{id: other-zgh, name: XX区总工会, name: YY,"))
    assert [(p.line, p.field) for p in problems] == [(6, "orgs.name")]
    assert "写了两次（第 6 行和第 6 行）" in problems[0].message


def test_a_control_character_names_its_line(tmp_path: Path) -> None:
    _, problems = check(tmp_path, CATALOG.replace("XX区总工会", "XX区\x00总工会"))
    assert [(p.line, p.field, p.message) for p in problems] == [(6, "text", "含有不可见的控制字符 U+0000")]
