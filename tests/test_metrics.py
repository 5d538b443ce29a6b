"""Metric figures across years: which report's value counts, plan targets, and the sanity warnings."""
from __future__ import annotations

from pathlib import Path

from conftest import CATALOG, report, write_tree
from nianbao.build import build_site
from nianbao.project import load_project
from nianbao.catalog import load_catalog
from nianbao.metrics import target_met
from nianbao.model import Metric
from nianbao.problems import WARNING

TYPES = CATALOG.replace("  - {id: plan, name: 工作计划, role: plan}\n", """\
  - {id: plan, name: 工作计划, role: plan}
  - {id: half, name: 半年工作总结, role: interim}
  - {id: special, name: 专题汇报}
""")


def load(tmp_path: Path, files: dict[str, str]):
    return load_project(write_tree(tmp_path / "reports", {"catalog.yml": TYPES, **files}))


def test_a_summary_gives_the_year_value_else_other_reports_never_plans_or_half_years(tmp_path: Path) -> None:
    loaded = load(tmp_path, {
        "2021/annual.md": report("总结", "pingshan-zgh", 2021, date="2022-01-10", metrics="{volunteers: 100}"),
        "2021/special.md": report("专题", "pingshan-zgh", 2021, "special", date="2022-05-01", metrics="{volunteers: 100, union_rate: 90}"),
        "2021/half.md": report("半年", "pingshan-zgh", 2021, "half", metrics="{mothers_rooms: 5}"),
        "2022/plan.md": report("计划", "pingshan-zgh", 2022, "plan", targets="{volunteers: 150}"),
        "2022/special.md": report("专题", "pingshan-zgh", 2022, "special", metrics="{volunteers: 140}"),
    })
    assert loaded.problems == ()
    archive = build_site(loaded).archive
    volunteers = archive.values[("pingshan-zgh", "volunteers")]
    assert {y: (f.value, f.report.source) for y, f in volunteers.items()} == {2021: (100, "2021/annual.md"), 2022: (140, "2022/special.md")}
    assert archive.values[("pingshan-zgh", "union_rate")][2021].report.source == "2021/special.md"
    assert ("pingshan-zgh", "mothers_rooms") not in archive.values  # a half-year figure is not the year's
    assert {y: f.value for y, f in archive.targets[("pingshan-zgh", "volunteers")].items()} == {2022: 150}


def test_targets_belong_in_plans_and_are_checked_like_metrics(tmp_path: Path) -> None:
    loaded = load(tmp_path, {
        "2021/annual.md": report("总结", "pingshan-zgh", 2021, targets="{volunteers: 100}"),
        "2021/plan.md": report("计划", "pingshan-zgh", 2021, "plan", targets="{volunters: 100, union_rate: 九十}"),
    })
    assert [p.format() for p in loaded.problems] == [
        "reports/2021/annual.md:6: targets: 只有工作计划可以写 targets（当年目标），目标写在当年的工作计划（type: plan）中；总结中请用 metrics 写实际数值",
        "reports/2021/plan.md:6: targets.volunters: 未知指标 'volunters'，是否为 'volunteers'？",
        "reports/2021/plan.md:6: targets.union_rate: 指标值应为数字，发现 '九十'，只写数字，单位“%”由目录给出，如 85",
    ]


def test_sanity_warnings_point_at_the_figure(tmp_path: Path) -> None:
    loaded = load(tmp_path, {
        "2019/annual.md": report("总结", "pingshan-zgh", 2019, metrics="{volunteers: 1200, union_rate: 96}"),
        "2020/annual.md": report("总结", "pingshan-zgh", 2020, metrics="\n  volunteers: 120000\n  union_rate: 105"),
        "2020/special.md": report("专题", "pingshan-zgh", 2020, "special", metrics="{volunteers: 120000, union_rate: 99}"),
        "2020/half.md": report("半年", "pingshan-zgh", 2020, "half", metrics="{volunteers: 50000}"),
        "2021/plan.md": report("计划", "pingshan-zgh", 2021, "plan", targets="{mothers_rooms: -3}"),
        "2013/tqw.md": report("总结", "pingshan-tqw", 2013, metrics="{volunteers: 10}"),
        "2021/tqw.md": report("总结", "pingshan-tqw", 2021, metrics="{volunteers: 100000}"),  # 8 years apart: not year over year
    })
    assert all(p.severity == WARNING for p in loaded.problems)
    assert [p.format() for p in loaded.problems] == [
        "reports/2020/annual.md:7: metrics.volunteers: 注册志愿者 由 2019年的 1,200人（reports/2019/annual.md）变为 12万人，相差 10 倍以上，"
        "请核对是否多写或漏写了 0、单位是否一致",
        "reports/2020/annual.md:8: metrics.union_rate: 建会率 为 105%，超过 100%，请核对数值；确实可以超过时，在 reports/catalog.yml 中为该指标设置更大的 max（现为 100%）",
        "reports/2020/special.md:6: metrics.union_rate: 2020年建会率的数值与 reports/2020/annual.md 不同（99% 与 105%），"
        "同一组织同一年度只应有一个数值；网站采用 reports/2020/annual.md 中的 105%，请统一两处",
        "reports/2021/plan.md:6: targets.mothers_rooms: 母婴室 为负数 -3，请核对数值和符号",
    ]


def test_a_metric_ceiling_is_configurable(tmp_path: Path) -> None:
    files = {"2020/annual.md": report("总结", "pingshan-zgh", 2020, metrics="{union_rate: 120, volunteers: 900}")}
    assert [p.field for p in load(tmp_path / "a", files).problems] == ["metrics.union_rate"]
    raised = TYPES.replace('unit: "%"}', 'unit: "%", max: 150}').replace("unit: 人}", "unit: 人, max: 800}")
    loaded = load_project(write_tree(tmp_path / "b" / "reports", {"catalog.yml": raised, **files}))
    assert [p.format() for p in loaded.problems] == [
        "reports/2020/annual.md:6: metrics.volunteers: 注册志愿者 为 900人，超过 800人，请核对数值；确实可以超过时，在 reports/catalog.yml 中为该指标设置更大的 max（现为 800人）"]


def test_target_met_follows_the_metric_direction() -> None:
    more, less = Metric("a", "甲", "个"), Metric("b", "乙", "件", better="lower")
    assert target_met(more, 10, 10) and not target_met(more, 10, 9.9)
    assert target_met(less, 10, 8) and not target_met(less, 10, 11)


def test_catalog_roles_groups_and_expectations(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yml"
    path.write_text(TYPES, encoding="utf-8")
    catalog, problems = load_catalog(path)
    assert problems == []
    assert catalog.role("annual") == "summary" and catalog.role("special") == "" and catalog.orgs["other-zgh"].group == "总工会"
    assert [(e.types, e.orgs, e.start, e.end) for e in catalog.expected] == [(("annual",), ("pingshan-zgh", "pingshan-tqw", "pingshan-fl"), 2020, None)]
    bad = TYPES.replace("role: interim", "role: halfyear").replace("unit: 人}", "unit: 人, better: up, max: 很多}") + """\
  - {types: [anual], orgs: [pingshan-zgh, nobody], from: 2022, to: 2021}
  - {types: [plan], from: "2020年"}
  - {type: [plan], from: 2020}
"""
    path.write_text(bad, encoding="utf-8")
    _, problems = load_catalog(path)
    assert [p.format() for p in problems] == [
        "reports/catalog.yml:10: types.role: 无效的值 'halfyear'，可用的值：summary、plan、interim",
        "reports/catalog.yml:13: metrics.better: 无效的值 'up'，可用的值：higher、lower",
        "reports/catalog.yml:13: metrics.max: max 应为数字，发现 '很多'，如 max: 150（超过此值时构建给出警告）",
        "reports/catalog.yml:20: expected.types: 缺少必填字段 types，为这一项补上 types",
        "reports/catalog.yml:20: expected.type: 未知字段，是否为 'types'？",
        "reports/catalog.yml:18: expected.types: 未知的 id 'anual'，是否为 'annual'？",
        "reports/catalog.yml:18: expected.orgs: 未知的 id 'nobody'，可用的值：'pingshan-qtgzb'、'pingshan-zgh'、'pingshan-tqw'、'pingshan-fl'、'other-zgh'",
        "reports/catalog.yml:19: expected.from: 年份应为四位整数，发现 '2020年'，如 from: 2021",
    ]


def test_sanity_warnings_reach_the_build_log_and_strict_fails(tmp_path: Path) -> None:
    from conftest import SAMPLE, run_build

    files = {**SAMPLE, "2022/zgh.md": report("坪山区总工会2022年工作总结", "pingshan-zgh", 2022, metrics="{volunteers: 7500000, union_rate: 101}")}
    lenient = run_build(tmp_path / "a", files, strict=False)
    assert lenient.returncode == 0, lenient.output
    assert "WARNING -  reports/2022/zgh.md:6: metrics.volunteers: 注册志愿者 由 2021年的 7.5万人" in lenient.output
    assert "reports/2022/zgh.md:6: metrics.union_rate: 建会率 为 101%，超过 100%" in lenient.output
    assert '<data value="7500000">750万人</data>' in (lenient.site / "reports/2022/zgh/index.html").read_text(encoding="utf-8")  # shown, not dropped
    strict = run_build(tmp_path / "b", files, strict=True)
    assert strict.returncode != 0 and not (strict.site / "index.html").exists()
