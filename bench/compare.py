"""Benchmark issue 19's text comparisons (hooks/nianbao/compare) on synthetic archives; report their measured quality.

Times, on archives of bench/synth.py (loaded with nianbao.project.load_project): reuse of earlier years over the whole
archive (find_reuse), every report compared with its previous one (previous_reports + compare_reports), every summary
against its plan (follow_through_all) and every report's figure statements (find/check_figure_statements). Quality:
precision and recall on the hand-labelled sets in tests/compare_data. With --site, also whole `mkdocs build`s of the
same archives with and without the comparison pages and reuse shares (NIANBAO_COMPARE=0), alternating, wall time and
peak memory of the process tree (bench/measure.py). Writes bench/compare-results.md.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "hooks"))
from nianbao.compare import (  # noqa: E402
    check_figure_statements,
    compare_reports,
    find_figure_statements,
    find_reuse,
    follow_through_all,
    match_items,
    previous_reports,
)
from nianbao.compare.followup import THRESHOLD  # noqa: E402
from nianbao.compare.normalise import fold  # noqa: E402
from nianbao.model import Catalog, Metric, Report  # noqa: E402
from nianbao.project import load_project  # noqa: E402
from synth import generate_archive  # noqa: E402

from measure import run_build  # noqa: E402, I001
from project import make_project  # noqa: E402

DATA = HERE.parent / "tests" / "compare_data"


def timed(work: Callable[[], object], repeat: int) -> float:
    """Median wall time of `work`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench(n: int, repeat: int, root: Path) -> dict[str, float]:
    """Timings on a generated archive of n reports."""
    reports_dir = root / f"n{n}" / "reports"
    generate_archive(reports_dir, n)
    loaded = load_project(reports_dir)
    reports = [r for r in loaded.reports if not r.draft]
    earlier = previous_reports(reports)
    by_source = {r.source: r for r in reports}
    reuse = find_reuse(reports)
    return {
        "n": n, "mchars": sum(len(fold(r.body)) for r in reports) / 1e6,
        "reuse": timed(lambda: find_reuse(reports), repeat),
        "share": statistics.mean(r.share for r in reuse.values()),
        "pairs": len(earlier),
        "compare": timed(lambda: [compare_reports(old, by_source[s], loaded.catalog) for s, old in earlier.items()], repeat),
        "follow": timed(lambda: follow_through_all(reports, loaded.catalog), repeat),
        "plans": len(follow_through_all(reports, loaded.catalog)),
        "figures": timed(lambda: [check_figure_statements(r, loaded.catalog) for r in reports], repeat),
        "warnings": sum(len(check_figure_statements(r, loaded.catalog)) for r in reports),
    }


def site_bench(n: int, repeat: int, root: Path) -> dict[str, object]:
    """Whole builds of the archive of n reports with comparisons ("on") and without ("off"), alternating off/on."""
    reports_dir = root / f"n{n}" / "reports"
    if not reports_dir.exists():
        generate_archive(reports_dir, n)
    config = make_project(root / f"n{n}" / "site-project", reports_dir)
    builds: dict[str, list] = {"off": [], "on": []}
    for i in range(repeat):
        for side in ("off", "on"):
            os.environ["NIANBAO_COMPARE"] = "0" if side == "off" else "1"
            build = run_build(side, n, config, config.parent / "site", [])
            assert build.ok, build.error
            builds[side].append(build)
            print(f"[N={n}] comparisons {side:>3} #{i + 1}: {build.seconds:6.1f} s wall, {build.cpu_seconds:6.1f} s CPU, "
                  f"{build.memory_mb:5.0f} MB", file=sys.stderr, flush=True)
    os.environ.pop("NIANBAO_COMPARE", None)
    pages = len(list((config.parent / "site").glob("reports/**/compare/index.html")))
    med = {side: {what: statistics.median(getattr(b, what) for b in runs) for what in ("seconds", "cpu_seconds", "memory_mb")}
           for side, runs in builds.items()}
    return {"n": n, "pages": pages, "off": med["off"], "on": med["on"],
            "all": {side: [round(b.seconds, 1) for b in runs] for side, runs in builds.items()}}


def follow_quality() -> tuple[int, tuple[float, float], tuple[float, float]]:
    """Items, (precision, recall) at THRESHOLD, and with the threshold chosen on the other pairs (leave one pair out)."""
    pairs = []
    for pair in yaml.safe_load((DATA / "followup" / "labels.yml").read_text(encoding="utf-8"))["pairs"]:
        found = match_items((DATA / "followup" / pair["plan"]).read_text(encoding="utf-8"),
                            (DATA / "followup" / pair["summary"]).read_text(encoding="utf-8"), threshold=0.0)
        pairs.append([(f.score, label["reported"]) for f, label in zip(found, pair["items"])])

    def counts(rows, t):
        return sum(s >= t and y for s, y in rows), sum(s >= t and not y for s, y in rows), sum(s < t and y for s, y in rows)

    def best(rows):
        scores = sorted({s for s, _ in rows} | {0.0, 1.0})
        middles = [(a + b) / 2 for a, b in pairwise(scores)]
        f1 = {t: 2 * counts(rows, t)[0] / (2 * counts(rows, t)[0] + sum(counts(rows, t)[1:])) for t in middles}
        good = [t for t in middles if f1[t] == max(f1.values())]
        return (min(good) + max(good)) / 2

    def pr(tp, fp, fn):
        return tp / max(1, tp + fp), tp / max(1, tp + fn)

    everything = [row for pair in pairs for row in pair]
    held = [counts(pair, best([r for j, p in enumerate(pairs) if j != k for r in p])) for k, pair in enumerate(pairs)]
    return len(everything), pr(*counts(everything, THRESHOLD)), pr(*(sum(c[i] for c in held) for i in range(3)))


def figure_quality() -> dict[str, float]:
    """Statement and disagreement precision/recall on the labelled set; statements found in the default content."""
    data = yaml.safe_load((DATA / "statements" / "labels.yml").read_text(encoding="utf-8"))
    catalog = Catalog(metrics={k: Metric(k, label, unit) for k, (label, unit) in data["metrics"].items()})
    got = want = hit = flagged = disagree = hit_flags = 0
    for case in data["cases"]:
        report = Report("x.md", "x/", "x", "o", 2022, "annual", metrics=case["metrics"], body=case["text"])
        found = {(s.metric, s.stated) for s in find_figure_statements(report, catalog) if s.counted}
        flags = {(s.metric, s.stated) for s in check_figure_statements(report, catalog)}
        expected = {(e["metric"], e["stated"]) for e in case["expect"]}
        wrong = {(e["metric"], e["stated"]) for e in case["expect"] if not e["agrees"]}
        got, want, hit = got + len(found), want + len(expected), hit + len(found & expected)
        flagged, disagree, hit_flags = flagged + len(flags), disagree + len(wrong), hit_flags + len(flags & wrong)
    loaded = load_project(HERE.parent / "reports")
    own = {(x["source"], x["line"], x["metric"], x["stated"]) for x in
           yaml.safe_load((DATA / "statements" / "default_content.yml").read_text(encoding="utf-8"))["statements"] if x["own"]}
    counted = {(r.source, s.line, s.metric, s.stated) for r in loaded.reports
               for s in find_figure_statements(r, loaded.catalog) if s.counted}
    return {"statements": want, "disagreements": disagree, "p": hit / got, "r": hit / want, "fp": hit_flags / max(1, flagged),
            "fr": hit_flags / disagree, "own": len(own), "own_found": len(own & counted), "counted": len(counted),
            "warnings": sum(len(check_figure_statements(r, loaded.catalog)) for r in loaded.reports)}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write bench/compare-results.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--results", type=Path, default=HERE / "compare-results.md")
    parser.add_argument("--site", type=int, nargs="*", default=[], help="also build whole sites of these sizes, with and without")
    parser.add_argument("--site-repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nb-compare-") as tmp:
        rows = [bench(n, args.repeat, Path(tmp)) for n in args.sizes]
        sites = [site_bench(n, args.site_repeat, Path(tmp)) for n in args.site]
    items, (p, r), (lp, lr) = follow_quality()
    fq = figure_quality()
    lines = ["# 年报文本比较（issue 19）基准", "",
             f"合成报告库（bench/synth.py），墙钟时间取 {args.repeat} 次中位数；“字符”为规范化后的正文字符数。", "",
             "| N | 字符（百万） | 沿用检测 | 每百万字符 | 平均沿用比例 | 与上一篇对比（对数） | 计划落实（对数） | 数字核对 | 警告 |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    lines += [f"| {x['n']} | {x['mchars']:.2f} | {x['reuse']:.2f} s | {x['reuse'] / x['mchars']:.2f} s | {100 * x['share']:.1f}% | "
              f"{x['compare']:.2f} s ({x['pairs']}) | {x['follow']:.2f} s ({x['plans']}) | {x['figures']:.2f} s | {x['warnings']} |" for x in rows]
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        lines += ["", f"N={b['n']} 与 N={a['n']} 的沿用检测用时之比 {b['reuse'] / a['reuse']:.2f}（字符数之比 {b['mchars'] / a['mchars']:.2f}）。"]
    if sites:
        lines += ["", f"## 整站构建（mkdocs build，墙钟与 CPU 时间取 {args.site_repeat} 次中位数，有/无对比交替进行）", "",
                  "| N | 对比页 | 无对比：墙钟 | 有对比：墙钟 | 增加 | 无对比：CPU | 有对比：CPU | 内存峰值（无/有） | 各次墙钟（无；有） |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
        lines += [f"| {x['n']} | {x['pages']} | {x['off']['seconds']:.1f} s | {x['on']['seconds']:.1f} s | "
                  f"{100 * (x['on']['seconds'] / x['off']['seconds'] - 1):+.0f}% | {x['off']['cpu_seconds']:.1f} s | "
                  f"{x['on']['cpu_seconds']:.1f} s | {x['off']['memory_mb']:.0f} / {x['on']['memory_mb']:.0f} MB | "
                  f"{x['all']['off']}；{x['all']['on']} |" for x in sites]
        if len(sites) > 1:
            a, b = sites[0], sites[-1]
            lines += ["", f"有对比的整站构建：N={b['n']} 与 N={a['n']} 的墙钟之比 {b['on']['seconds'] / a['on']['seconds']:.2f}"
                          f"（无对比 {b['off']['seconds'] / a['off']['seconds']:.2f}）。"]
    lines += ["", "## 质量（tests/compare_data 中的人工标注）", "",
              f"- 计划落实：{items} 项，阈值 {THRESHOLD}：精确率 {p:.3f}，召回率 {r:.3f}；留一对交叉验证：精确率 {lp:.3f}，召回率 {lr:.3f}",
              (f"- 数字核对（标注集 {fq['statements']} 处陈述，其中 {fq['disagreements']} 处不一致）：陈述精确率 {fq['p']:.3f}，"
               f"召回率 {fq['r']:.3f}；不一致精确率 {fq['fp']:.3f}，召回率 {fq['fr']:.3f}"),
              f"- 默认内容（reports/）：本报告自身数字的陈述 {fq['own']} 处，找到 {fq['own_found']} 处；共比较 {fq['counted']} 处；警告 {fq['warnings']} 条"]
    text = "\n".join(lines) + "\n"
    args.results.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
