"""Metric pages, charts, plan vs. result and completeness of a generated archive, checked against the sources.

The oracle reads the report files with plain YAML and recomputes every figure; it shares no code with the site.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import Build, clean_build
from synth import generate_archive

S = re.DOTALL
SEED, N = 11, 160


@dataclass
class Oracle:
    """What the sources say, read without the nianbao package."""

    catalog: dict
    fronts: dict[str, dict]  # source → front matter
    values: dict[tuple[str, str], dict[int, float]]  # (org, metric) → year → value (annual, else 专题汇报)
    targets: dict[tuple[str, str], dict[int, float]]  # (org, metric) → year → the plan's target

    def label(self, org: str) -> str:
        item = next(o for o in self.catalog["orgs"] if o["id"] == org)
        return item.get("short") or item["name"]


def read_oracle(reports: Path) -> Oracle:
    catalog = yaml.safe_load((reports / "catalog.yml").read_text(encoding="utf-8"))
    fronts = {p.relative_to(reports).as_posix(): yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1]) for p in reports.rglob("*.md")}
    found: dict[tuple[str, str, int], set[float]] = defaultdict(set)
    targets: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    for fm in fronts.values():
        for metric, value in (fm.get("metrics") or {}).items():
            if fm["type"] in ("annual", "special"):
                found[(fm["org"], metric, fm["year"])].add(value)
        for metric, value in (fm.get("targets") or {}).items():
            targets[(fm["org"], metric)][fm["year"]] = value
    values: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    for (org, metric, year), seen in found.items():
        assert len(seen) == 1, (org, metric, year, seen)  # the generator states one value per org and year
        values[(org, metric)][year] = seen.pop()
    return Oracle(catalog, fronts, dict(values), dict(targets))


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Oracle]:
    root = tmp_path_factory.mktemp("metrics")
    generate_archive(root / "reports", N, seed=SEED)
    return clean_build(root), read_oracle(root / "reports")


def rows(fragment: str) -> list[list[str]]:
    """Table rows of a fragment; a cell is its <data value> when it has one, else its text."""
    out = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", fragment, S):
        cells = []
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, S):
            data = re.search(r'<data value="([^"]+)"', cell)
            cells.append(data.group(1) if data else re.sub(r"<[^>]+>", "", cell).strip())
        out.append(cells)
    return out


def section(html: str, tag_id: str) -> str:
    match = re.search(rf'<section [^>]*id="{tag_id}">(.*?)</section>', html, S)
    assert match, tag_id
    return match.group(1)


def test_metric_page_table_and_chart_hold_every_value(gen: tuple[Build, Oracle]) -> None:
    build, oracle = gen
    for metric in oracle.catalog["metrics"]:
        mid = metric["id"]
        html = build.page(f"metrics/{mid}/")
        expected = {oracle.label(org): by_year for (org, m), by_year in oracle.values.items() if m == mid}
        table = rows(re.search(r'<table class="nb-metric-years">(.*?)</table>', html, S).group(1))
        years = [int(h[:-1]) for h in table[0][1:]]
        assert years == list(range(min(y for v in expected.values() for y in v), max(y for v in expected.values() for y in v) + 1))
        got = {r[0]: {y: float(c) for y, c in zip(years, r[1:]) if c != "—"} for r in table[1:]}
        assert got == expected, mid
        default = re.search(r'<figure class="nb-group nb-default" id="g-all">(.*?)</figure>', html, S).group(1)
        series = re.findall(r'<g class="nb-line-series[^"]*" data-key="([^"]+)"[^>]*>(.*?)</g>', default, S)
        assert {key for key, _ in series} == {org for (org, m) in oracle.values if m == mid}
        for key, markup in series:
            assert markup.count("<title>") == len(oracle.values[(key, mid)])  # a marker (with its tooltip) per value, none for gaps
            runs = sum(1 for y in oracle.values[(key, mid)] if y - 1 not in oracle.values[(key, mid)])
            lone = sum(1 for y in oracle.values[(key, mid)] if y - 1 not in oracle.values[(key, mid)] and y + 1 not in oracle.values[(key, mid)])
            assert len(re.findall(r"<polyline", markup)) == runs - lone  # one line per run of consecutive years


def test_overview_shows_each_orgs_latest_value(gen: tuple[Build, Oracle]) -> None:
    build, oracle = gen
    html = build.page("metrics/")
    for metric in oracle.catalog["metrics"]:
        mid = metric["id"]
        table = rows(section(html, mid))
        latest = {oracle.label(org): (max(v), v[max(v)]) for (org, m), v in oracle.values.items() if m == mid}
        assert {r[0]: (int(r[1][:-1]), float(r[2])) for r in table[1:]} == latest
        assert html.count(f'id="{mid}"') == 1


def test_org_pages_show_history_change_and_targets(gen: tuple[Build, Oracle]) -> None:
    build, oracle = gen
    metrics = {m["id"]: m for m in oracle.catalog["metrics"]}
    checked_met = set()
    for org in {o for o, _ in oracle.values} | {o for o, _ in oracle.targets}:
        html = build.page(f"orgs/{org}/")
        for mid in metrics:
            values, targets = oracle.values.get((org, mid), {}), oracle.targets.get((org, mid), {})
            if not values and not targets:
                assert f'id="m-{mid}"' not in html
                continue
            table = rows(section(html, f"m-{mid}"))
            assert [int(r[0][:-1]) for r in table[1:]] == sorted(set(values) | set(targets), reverse=True)
            for r in table[1:]:
                year = int(r[0][:-1])
                assert (float(r[1]) if r[1] != "—" else None) == values.get(year)
                earlier = [y for y in values if y < year]
                assert ("较" in r[2]) == bool(earlier and year in values), (org, mid, year, r)
                if earlier and year in values:
                    assert r[2].endswith(f"较{max(earlier)}年")
                if targets:
                    assert (float(r[3]) if r[3] != "—" else None) == targets.get(year)
                    if year in targets and year in values:
                        met = values[year] >= targets[year]
                        assert r[4] == ("✓ 已完成" if met else "✗ 未完成")
                        checked_met.add(met)
                    elif year in targets:
                        assert r[4] == "尚无实际数值"
    assert checked_met == {True, False}  # the archive has both met and missed targets


def test_summary_reports_show_their_plan_targets(gen: tuple[Build, Oracle]) -> None:
    build, oracle = gen
    seen = 0
    for source, fm in oracle.fronts.items():
        html = build.page("reports/" + source[:-3] + "/")
        mine = {m: t[fm["year"]] for (o, m), t in oracle.targets.items() if o == fm["org"] and fm["year"] in t}
        if fm["type"] not in ("annual", "plan") or not mine:
            assert "计划目标完成情况" not in html, source
            continue
        table = rows(re.search(r'<table class="nb-metrics nb-targets">(.*?)</table>', html, S).group(1))
        labels = {m["label"]: m["id"] for m in oracle.catalog["metrics"]}
        got = {labels[r[0]]: (float(r[1]), float(r[2]) if r[2] != "—" else None) for r in table[1:]}
        assert got == {m: (t, oracle.values.get((fm["org"], m), {}).get(fm["year"])) for m, t in mine.items()}, source
        seen += 1
    assert seen > 5


def test_year_pages_rank_orgs_by_value(gen: tuple[Build, Oracle]) -> None:
    build, oracle = gen
    years = {y for v in oracle.values.values() for y in v}
    for year in years:
        html = build.page(f"years/{year}/")
        for metric in oracle.catalog["metrics"]:
            mid = metric["id"]
            expected = {oracle.label(o): v[year] for (o, m), v in oracle.values.items() if m == mid and year in v}
            if not expected:
                assert f'id="m-{mid}"' not in html
                continue
            table = rows(section(html, f"m-{mid}"))[1:]
            assert {r[1]: float(r[2]) for r in table} == expected
            assert [float(r[2]) for r in table] == sorted(expected.values(), reverse=True)
            assert [int(r[0]) for r in table] == list(range(1, len(table) + 1))
            bars = re.findall(r"<rect ", section(html, f"m-{mid}"))
            assert len(bars) == len(expected)


def test_status_page_lists_every_missing_annual_summary(gen: tuple[Build, Oracle]) -> None:
    build, oracle = gen
    rule = oracle.catalog["expected"][0]
    submitted = {(fm["org"], fm["year"]) for fm in oracle.fronts.values() if fm["type"] == "annual"}
    last = max(y for _, y in submitted)
    html = build.page("status/")
    table = re.search(r'<table class="nb-matrix nb-status-table">(.*?)</table>', html, S).group(1)
    body = re.findall(r"<tr>\s*<th scope=\"row\"><a href=\"[^\"]+\">([^<]+)</a></th>(.*?)</tr>", table, S)
    assert len(body) == len(oracle.catalog["orgs"])
    years = list(range(rule["from"], last + 1))
    missing_total = 0
    for label, cells in body:
        org = next(o["id"] for o in oracle.catalog["orgs"] if (o.get("short") or o["name"]) == label)
        states = re.findall(r'class="nb-cell (nb-done|nb-missing|nb-na)"', cells)
        assert states == ["nb-done" if (org, y) in submitted else "nb-missing" for y in years], label
        missing_total += states.count("nb-missing")
    assert f"未交 {missing_total} 份" in html
    late = [oracle.label(o["id"]) for o in oracle.catalog["orgs"] if (o["id"], last) not in submitted]
    assert "未交：" + "、".join(late) in re.sub(r"<[^>]+>", "", html)
    status = list(csv.reader(io.StringIO((build.site / "data/status.csv").read_text(encoding="utf-8-sig"))))
    assert sum(1 for r in status[1:] if r[3] == "未交") == missing_total


def test_data_files_hold_every_metric_and_target_exactly(gen: tuple[Build, Oracle]) -> None:
    build, oracle = gen
    for name, field in (("metrics.csv", "metrics"), ("targets.csv", "targets")):
        table = list(csv.reader(io.StringIO((build.site / "data" / name).read_text(encoding="utf-8-sig"))))
        assert table[0] == ["source", "org", "year", "type", "metric", "value", "unit"]
        got = sorted((r[0], r[4], float(r[5])) for r in table[1:])
        assert got == sorted((s, m, float(v)) for s, fm in oracle.fronts.items() for m, v in (fm.get(field) or {}).items())
    items = json.loads((build.site / "data/reports.json").read_text(encoding="utf-8"))
    assert {i["source"]: (i["metrics"], i["targets"]) for i in items} == {
        s: (fm.get("metrics") or {}, fm.get("targets") or {}) for s, fm in oracle.fronts.items()}
