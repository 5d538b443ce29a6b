"""Benchmark the nianbao site build ("ours") against plain MkDocs + Material ("baseline")."""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import sys
import tempfile
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import Build, make_baseline, report_pages, run_build  # noqa: E402
from project import make_project  # noqa: E402
from synth import generate_archive  # noqa: E402

HERE = Path(__file__).resolve().parent
LABELS = {"ours": "A ours (hooks)", "baseline": "B baseline", "search": "B+search"}
TARGET_OVERHEAD, TARGET_RSS_MB, TARGET_SCALING = 1.25, 400.0, 3.3


def setup(side: str, root: Path, reports: Path) -> Path:
    """Lay out one side's project under root/<side>; return its mkdocs.yml."""
    if side == "ours":
        return make_project(root / "ours", reports)
    return make_baseline(root / side, reports, search=side == "search")


def bench_size(n: int, sides: list[str], repeat: int, work: Path, seed: int) -> dict[str, list[Build]]:
    """Generate n reports once, then build every side `repeat` times, alternating A/B/A/B."""
    root = work / f"n{n}"
    reports = root / "reports"
    generate_archive(reports, n, seed)
    pages = report_pages(reports)
    configs: dict[str, Path] = {}
    results: dict[str, list[Build]] = {side: [] for side in sides}
    for side in sides:
        try:
            configs[side] = setup(side, root, reports)
        except Exception as exc:  # the project layout is someone else's code: report, do not crash
            results[side].append(Build(side, n, False, error=f"setup failed: {type(exc).__name__}: {exc}"))
    for i in range(repeat):
        for side in sides:
            if side not in configs or (results[side] and not results[side][-1].ok):
                continue  # a failed side is not retried
            build = run_build(side, n, configs[side], configs[side].parent / "site", pages)
            results[side].append(build)
            status = f"{build.seconds:6.1f} s, {build.rss_mb:5.0f} MB, {build.pages}/{n} pages" if build.ok else "FAILED"
            print(f"[N={n}] {LABELS[side]:<15} #{i + 1}: {status}", file=sys.stderr, flush=True)
            if not build.ok:
                print("  " + build.error.replace("\n", "\n  "), file=sys.stderr, flush=True)
    return results


def median(builds: list[Build], what: str = "seconds") -> float | None:
    """Median wall (or CPU: what="cpu_seconds") time of the successful builds, None when there are none."""
    ok = [getattr(b, what) for b in builds if b.ok]
    return statistics.median(ok) if ok else None


def table(all_results: dict[int, dict[str, list[Build]]]) -> list[str]:
    """Markdown table rows: one per size and side."""
    rows = ["| N | side | builds | median s | min–max s | CPU s | peak RSS MB | site MB | files | report page median / max KB |",
            "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for n, by_side in all_results.items():
        for side, builds in by_side.items():
            ok = [b for b in builds if b.ok]
            if not ok:
                error = builds[-1].error.strip().splitlines()[-1][:100].replace("|", "\\|") if builds else "not run"
                rows.append(f"| {n} | {LABELS[side]} | 0/{len(builds)} | FAILED: {error} | | | | | | |")
                continue
            times = [b.seconds for b in ok]
            last = ok[-1]
            rows.append(f"| {n} | {LABELS[side]} | {len(ok)} | {statistics.median(times):.2f} | {min(times):.2f}–{max(times):.2f} | "
                        f"{statistics.median(b.cpu_seconds for b in ok):.2f} | {max(b.rss_mb for b in ok):.0f} | {last.site_bytes / 1e6:.1f} | {last.site_files} | "
                        f"{last.page_median / 1e3:.1f} / {last.page_max / 1e3:.1f} ({last.pages} pages) |")
    return rows


def summary(all_results: dict[int, dict[str, list[Build]]]) -> list[str]:
    """Markdown table rows: per size, medians of A and B, A/B and peak RSS."""
    rows = ["| N | A 中位数 s | B 中位数 s | A/B | A CPU s | B CPU s | A/B (CPU) | A 峰值 RSS MB | B 峰值 RSS MB |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for n, by_side in all_results.items():
        cells = []
        for what in ("seconds", "cpu_seconds"):
            a, b = median(by_side.get("ours", []), what), median(by_side.get("baseline", []), what)
            cells += [f"{a:.2f}" if a else "—", f"{b:.2f}" if b else "—", f"{a / b:.2f}" if a and b else "—"]
        rss = [max((x.rss_mb for x in by_side.get(s, []) if x.ok), default=None) for s in ("ours", "baseline")]
        cells += [f"{r:.0f}" if r else "—" for r in rss]
        rows.append(f"| {n} | " + " | ".join(cells) + " |")
    return rows


def verdicts(all_results: dict[int, dict[str, list[Build]]]) -> list[str]:
    """Ratios and the three targets, as Markdown bullet lines."""
    lines = []
    ours = {n: median(r.get("ours", [])) for n, r in all_results.items()}
    for n, by_side in all_results.items():
        a, b = ours[n], median(by_side.get("baseline", []))
        a_cpu, b_cpu = median(by_side.get("ours", []), "cpu_seconds"), median(by_side.get("baseline", []), "cpu_seconds")
        if a and b and a_cpu and b_cpu:
            worst = max(a / b, a_cpu / b_cpu)
            lines.append(f"- N={n}: A/B = {a / b:.2f}（墙钟 wall），{a_cpu / b_cpu:.2f}（CPU）"
                         + (f"（目标 ≤ {TARGET_OVERHEAD}：{'达标' if worst <= TARGET_OVERHEAD else '未达标'}）" if n == 1000 else ""))
        s = median(by_side.get("search", []))
        if s and b:
            lines.append(f"- N={n}: (B+search)/B = {s / b:.2f}（仅供参考 / reference only）")
    if ours.get(3000) and ours.get(1000):
        scale = ours[3000] / ours[1000]
        lines.append(f"- A(N=3000)/A(N=1000) = {scale:.2f}（目标 ≤ {TARGET_SCALING}：{'达标' if scale <= TARGET_SCALING else '未达标'}）")
    ok3000 = [x for x in all_results.get(3000, {}).get("ours", []) if x.ok]
    if ok3000:
        rss = max(x.rss_mb for x in ok3000)
        lines.append(f"- A 峰值内存 N=3000：{rss:.0f} MB（目标 < {TARGET_RSS_MB:.0f} MB：{'达标' if rss < TARGET_RSS_MB else '未达标'}）")
    for n, by_side in all_results.items():
        for side, builds in by_side.items():
            if builds and not any(b.ok for b in builds):
                lines.append(f"- N={n} {LABELS[side]} 构建失败：\n\n  ```text\n  " + builds[-1].error.replace("\n", "\n  ") + "\n  ```")
    return lines or ["- （没有可比较的结果）"]


def write_results(path: Path, all_results: dict[int, dict[str, list[Build]]], args: argparse.Namespace) -> None:
    """Write bench/results.md: context, table and verdicts."""
    versions = ", ".join(f"{p} {_version(p)}" for p in ("mkdocs", "mkdocs-material"))
    text = [
        "# 基准测试结果 / Benchmark results", "",
        f"- 日期 date: {datetime.datetime.now().isoformat(timespec='seconds')}",
        f"- 机器 machine: nproc={os.cpu_count()}, {platform.platform()}, Python {platform.python_version()}, {versions}",
        f"- 规模 sizes: {', '.join(map(str, args.sizes))}；每侧重复 repeat={args.repeat}（A/B 交替），seed={args.seed}",
        "- A = 本项目钩子（bench/project.py），B = 无钩子、无搜索的 MkDocs + Material" + ("，B+search = 带 Material 搜索插件" if args.search_baseline else ""),
        "", *summary(all_results), "", "## 比值与目标 / Ratios and targets", "", *verdicts(all_results), "",
        "## 明细 / Details", "", *table(all_results), "",
    ]
    path.write_text("\n".join(text), encoding="utf-8")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=["ours", "baseline"], help="build only one side")
    parser.add_argument("--search-baseline", action="store_true", help="also build B with Material's search plugin")
    parser.add_argument("--workdir", type=Path, help="where to generate projects (default: a temp dir, removed)")
    parser.add_argument("--results", type=Path, default=HERE / "results.md")
    args = parser.parse_args(argv)
    sides = [args.only] if args.only else ["ours", "baseline"]
    if args.search_baseline:
        sides.append("search")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    all_results: dict[int, dict[str, list[Build]]] = {}
    try:
        for n in args.sizes:
            all_results[n] = bench_size(n, sides, args.repeat, work, args.seed)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print("\n".join(table(all_results)))
    print("\n".join(verdicts(all_results)))
    write_results(args.results, all_results, args)
    print(f"\nwrote {args.results}", file=sys.stderr)
    return 0 if all(b.ok for r in all_results.values() for bs in r.values() for b in bs) else 1


if __name__ == "__main__":
    sys.exit(main())
