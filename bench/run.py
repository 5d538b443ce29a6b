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
# Issue 18: against MkDocs + Material + jieba search at N=1000, and memory of the whole process tree.
TARGET_CPU, TARGET_WALL, TARGET_MEMORY_MB, TARGET_MEMORY_10K_MB, TARGET_SCALING = 0.4, 0.3, 400.0, 1000.0, 3.6


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
    rows = ["| N | side | builds | median s | min–max s | CPU s | memory MB (PSS sum) | site MB | files | report page median / max KB |",
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
                        f"{statistics.median(b.cpu_seconds for b in ok):.2f} | {max(b.memory_mb for b in ok):.0f} | {last.site_bytes / 1e6:.1f} | {last.site_files} | "
                        f"{last.page_median / 1e3:.1f} / {last.page_max / 1e3:.1f} ({last.pages} pages) |")
    return rows


def summary(all_results: dict[int, dict[str, list[Build]]]) -> list[str]:
    """Markdown table rows: per size, medians of A, B and B+search, the ratios to B+search, and A's memory."""
    rows = ["| N | A 墙钟 s | A CPU s | B 墙钟 s | B+search 墙钟 s | B+search CPU s | A/(B+search) 墙钟 | A/(B+search) CPU | A 内存 MB（PSS 合计） | A 最大单进程 RSS MB |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for n, by_side in all_results.items():
        a, a_cpu = median(by_side.get("ours", [])), median(by_side.get("ours", []), "cpu_seconds")
        b, s, s_cpu = median(by_side.get("baseline", [])), median(by_side.get("search", [])), median(by_side.get("search", []), "cpu_seconds")
        memory = max((x.memory_mb for x in by_side.get("ours", []) if x.ok), default=None)
        rss = max((x.rss_mb for x in by_side.get("ours", []) if x.ok), default=None)
        cells = [_num(a), _num(a_cpu), _num(b), _num(s), _num(s_cpu), _num(a / s if a and s else None), _num(a_cpu / s_cpu if a_cpu and s_cpu else None),
                 _num(memory, 0), _num(rss, 0)]
        rows.append(f"| {n} | " + " | ".join(cells) + " |")
    return rows


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def verdicts(all_results: dict[int, dict[str, list[Build]]]) -> list[str]:
    """Issue 18's build targets, as Markdown bullet lines."""
    lines = []
    ours = {n: median(r.get("ours", [])) for n, r in all_results.items()}
    by_1000 = all_results.get(1000, {})
    a, s = median(by_1000.get("ours", [])), median(by_1000.get("search", []))
    a_cpu, s_cpu = median(by_1000.get("ours", []), "cpu_seconds"), median(by_1000.get("search", []), "cpu_seconds")
    if a and s and a_cpu and s_cpu:
        lines.append(f"- N=1000: A/(B+search) CPU = {a_cpu / s_cpu:.2f}（目标 ≤ {TARGET_CPU}：{_ok(a_cpu / s_cpu <= TARGET_CPU)}），"
                     f"墙钟 wall = {a / s:.2f}（目标 ≤ {TARGET_WALL}：{_ok(a / s <= TARGET_WALL)}）")
    for n, limit in ((3000, TARGET_MEMORY_MB), (10000, TARGET_MEMORY_10K_MB)):
        built = [x for x in all_results.get(n, {}).get("ours", []) if x.ok]
        if built:
            memory = max(x.memory_mb for x in built)
            lines.append(f"- A 内存 N={n}：{memory:.0f} MB，全部进程的 PSS 之和的峰值（目标 < {limit:.0f} MB：{_ok(memory < limit)}）")
    if ours.get(10000) and ours.get(3000):
        scale = ours[10000] / ours[3000]
        lines.append(f"- A(N=10000)/A(N=3000) = {scale:.2f}（目标 ≤ {TARGET_SCALING}：{_ok(scale <= TARGET_SCALING)}）")
    for n, by_side in all_results.items():
        for side, builds in by_side.items():
            if builds and not any(b.ok for b in builds):
                lines.append(f"- N={n} {LABELS[side]} 构建失败：\n\n  ```text\n  " + builds[-1].error.replace("\n", "\n  ") + "\n  ```")
    return lines or ["- （没有可比较的结果）"]


def _ok(passed: bool) -> str:
    return "达标" if passed else "未达标"


def write_results(path: Path, all_results: dict[int, dict[str, list[Build]]], args: argparse.Namespace) -> None:
    """Write bench/results.md: context, table and verdicts."""
    versions = ", ".join(f"{p} {_version(p)}" for p in ("mkdocs", "mkdocs-material"))
    text = [
        "# 基准测试结果 / Benchmark results", "",
        f"- 日期 date: {datetime.datetime.now().isoformat(timespec='seconds')}",
        f"- 机器 machine: nproc={os.cpu_count()}, {platform.platform()}, Python {platform.python_version()}, {versions}",
        f"- 规模 sizes: {', '.join(map(str, args.sizes))}；每侧重复 repeat={args.repeat}（A/B 交替），seed={args.seed}",
        "- A = 本项目钩子（bench/project.py），B = 无钩子、无搜索的 MkDocs + Material，B+search = MkDocs + Material + 搜索插件（装有 jieba，报告不在导航中）；"
        f"B 与 B+search 只测到 N={args.baseline_max}",
        "- 内存：每 20 ms 对构建进程及其全部子进程的 PSS 求和，取峰值（fork 的子进程共享的内存只按比例计一次）",
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
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=["ours", "baseline"], help="build only one side")
    parser.add_argument("--no-search-baseline", dest="search_baseline", action="store_false", help="skip B+search (Material's search with jieba)")
    parser.add_argument("--baseline-max", type=int, default=3000, help="build B and B+search only up to this size")
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
            all_results[n] = bench_size(n, [s for s in sides if s == "ours" or n <= args.baseline_max], args.repeat, work, args.seed)
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
