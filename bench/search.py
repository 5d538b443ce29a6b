"""Search benchmark: index size, cold queries in headless Chromium checked against an oracle, and build cost."""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode, urlsplit

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "hooks")]
from measure import Build, report_pages, run_build  # noqa: E402
from nianbao.search.query import parse_filters  # noqa: E402
from nianbao.search.reader import Index, search  # noqa: E402
from project import make_project  # noqa: E402
from run import LABELS, _version, bench_size, median, table  # noqa: E402
from searchprobe import Probe, chromium, probe, serve, timed  # noqa: E402
from searchquery import SINGLE, Query, load_sources, make_queries, oracle  # noqa: E402
from synth import generate_archive  # noqa: E402

TARGET_MS, TARGET_BUILD = 300, 0.4
EXPAND_MAX = 2000  # up to this size every hit is listed in the browser (更多 pressed until the end) and compared with the oracle


def target_kb(n: int) -> int:
    """The byte budget of the worst query, page included: 500 KB up to 2,000 reports, 800 KB at 10,000 (issue 18)."""
    return 500 if n <= 2000 else 800


@dataclass
class Row:
    """One query's measurements: the browser probe, the oracle's and Python reader's report URLs."""

    query: Query
    probe: Probe
    oracle: set[str]
    python: set[str]


@dataclass
class SizeResult:
    """Everything measured at one archive size."""

    n: int
    build: Build
    md_bytes: int = 0
    index: tuple[int, int, int] = (0, 0, 0)  # bytes, bytes allocated on disk, files
    rows: list[Row] = field(default_factory=list)
    site: Path | None = None


@lru_cache(maxsize=None)
def gzipped(path: Path) -> int:
    """Size of a file compressed with gzip's default level (zlib stream, close enough)."""
    return len(zlib.compress(path.read_bytes(), 6))


def gzip_estimate(site: Path, probe: Probe) -> int:
    """What the last run's responses would weigh if the server gzipped them: headers as measured, bodies compressed."""
    total = 0
    for url, headers, body in probe.fetched:
        path = site / urlsplit(url).path.lstrip("/")
        path = path / "index.html" if path.is_dir() else path
        total += headers + (min(body, gzipped(path)) if path.is_file() else body)
    return total


def disk_usage(folder: Path) -> tuple[int, int, int]:
    """(bytes, bytes allocated on disk, number of files) under folder."""
    stats = [p.stat() for p in folder.rglob("*") if p.is_file()]
    return sum(s.st_size for s in stats), sum(s.st_blocks * 512 for s in stats), len(stats)


def bench_queries(n: int, work: Path, seed: int, runs: int) -> SizeResult:
    """Generate n reports, build our site once, then run every query in the browser and against the oracle."""
    reports = work / f"q{n}" / "reports"
    generate_archive(reports, n, seed)
    config = make_project(work / f"q{n}" / "ours", reports)
    site = config.parent / "site"
    build = run_build("ours", n, config, site, report_pages(reports))
    log(f"[N={n}] build: " + (f"{build.seconds:.1f} s" if build.ok else "FAILED\n" + build.error))
    result = SizeResult(n, build, sum(p.stat().st_size for p in reports.rglob("*.md")), site=site)
    if not build.ok:
        return result
    result.index = disk_usage(site / "search/data")
    sources, index = load_sources(reports), Index(site / "search/data")
    with serve(site) as base, chromium() as browser:
        probe(browser, base, "search/?q=" + "服务")  # warm-up (server process, OS file cache, browser); not recorded
        for query in make_queries(sources, seed):
            path = "search/?" + urlencode(query.params())
            res = search(index, query.q, parse_filters(query.org, query.year, query.rtype), snippets=0)
            row = Row(query, timed(browser, base, path, runs, expand=n <= EXPAND_MAX), oracle(sources, query), {h.url for h in res.hits})
            result.rows.append(row)
            log(f"[N={n}] {query.label()}: {fmt(row.probe.ms)} ms, {row.probe.bytes_all / 1e3:.0f} KB, "
                f"data-total={row.probe.total}, oracle={len(row.oracle)}")
    return result


def fmt(value: float | None, digits: int = 0) -> str:
    """A number for a table cell, — when missing."""
    return "—" if value is None else f"{value:.{digits}f}"


def ratio(part: int, whole: int) -> str:
    """part/whole as a table cell, — when whole is 0."""
    return f"{part / whole:.3f}" if whole else "—"


def size_table(results: list[SizeResult]) -> list[str]:
    """Per size: Markdown, build time, site and index size."""
    rows = ["| N | Markdown MB | 构建 s | CPU s | site MB | site 文件数 | 索引 MB | 索引占用磁盘 MB | 索引文件数 |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        b, (size, disk, files) = r.build, r.index
        rows.append(f"| {r.n} | {r.md_bytes / 1e6:.1f} | {b.seconds:.1f} | {b.cpu_seconds:.1f} | {b.site_bytes / 1e6:.1f} | "
                    f"{b.site_files} | {size / 1e6:.1f} | {disk / 1e6:.1f} | {files} |" if b.ok else f"| {r.n} | FAILED | | | | | | | |")
    return rows


def query_table(result: SizeResult) -> list[str]:
    """Per query: time, bytes, totals and precision/recall of the hits the browser listed."""
    rows = ["| 查询 | 类别 | 出结果 ms | 其中页面 ms | 总 KB | 索引 KB | gzip 后总 KB（估计） | 请求数 | data-total | 预期 | Python | 精确率 | 召回率 |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in result.rows:
        p, hits = r.probe, set(r.probe.hits)
        rows.append(f"| {r.query.label()} | {r.query.kind} | {fmt(p.ms)} | {fmt(p.ready)} | {p.bytes_all / 1e3:.0f} | "
                    f"{p.bytes_index / 1e3:.0f} | {gzip_estimate(result.site, p) / 1e3:.0f} | {p.requests} | {fmt(p.total)} | {len(r.oracle)} | {len(r.python)} | "
                    f"{ratio(len(hits & r.oracle), len(hits))} | {ratio(len(hits & r.oracle), len(r.oracle)) if result.n <= EXPAND_MAX else '—'} |")
    return rows


def medians(results: list[SizeResult]) -> list[str]:
    """Per size: medians over single-word queries, maxima over all queries, and the two browser targets."""
    rows = ["| N | 单词查询数 | 中位 ms | 最大 ms | 中位页面 ms | 全部查询中位 ms | 中位总 KB | 最大总 KB（全部） | 最大索引 KB（全部） | 最大 gzip 后总 KB（估计，全部） | 耗时达标 | 流量达标 |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
    for r in results:
        single = [x.probe for x in r.rows if x.query.kind in SINGLE and x.probe.ms is not None]
        every = [x.probe for x in r.rows]
        if not single:
            continue
        ms = statistics.median(p.ms for p in single)
        most = max(p.bytes_all for p in every) / 1e3
        rows.append(f"| {r.n} | {len(single)} | {ms:.0f} | {max(p.ms for p in single):.0f} | {statistics.median(p.ready or 0 for p in single):.0f} | "
                    f"{statistics.median(p.ms for p in every if p.ms is not None):.0f} | {statistics.median(p.bytes_all for p in single) / 1e3:.0f} | "
                    f"{most:.0f} | {max(p.bytes_index for p in every) / 1e3:.0f} | {max(gzip_estimate(r.site, p) for p in every) / 1e3:.0f} | {verdict(ms <= TARGET_MS)} | {verdict(most <= target_kb(r.n))}（≤ {target_kb(r.n)}） |")
    return rows


def verdict(ok: bool) -> str:
    """达标 or 未达标."""
    return "达标" if ok else "未达标"


def problems(results: list[SizeResult]) -> list[str]:
    """Every disagreement with the oracle, and every browser error, as Markdown bullets."""
    out = []
    for r in results:
        for row in r.rows:
            p, hits, at = row.probe, set(row.probe.hits), f"N={r.n}「{row.query.label()}」"
            if p.total != len(row.oracle):
                out.append(f"- {at}: data-total={fmt(p.total)}，预期 {len(row.oracle)}")
            if p.total is not None and (hits != row.oracle if r.n <= EXPAND_MAX else not hits <= row.oracle):
                out.append(f"- {at}: 浏览器列出 {len(hits)} 篇，多出 {sorted(hits - row.oracle)[:3]}，缺少 {sorted(row.oracle - hits)[:3]}")
            if row.python != row.oracle:
                out.append(f"- {at}: Python search() {len(row.python)} 篇，预期 {len(row.oracle)}；多出 {sorted(row.python - row.oracle)[:3]}，缺少 {sorted(row.oracle - row.python)[:3]}")
            out += [f"- {at}: {e}" for e in p.errors]
    return out or ["- 无：每个查询的 data-total、浏览器列出的报告和 Python search() 都与预期一致，没有 JS 错误或 HTTP 错误。"]


def build_cost(builds: dict[str, list[Build]], n: int) -> list[str]:
    """Ratios of our build to MkDocs + Material with built-in search (and without), wall and CPU."""
    lines = []
    for other, target in (("search", TARGET_BUILD), ("baseline", None)):
        pairs = [(median(builds.get("ours", []), w), median(builds.get(other, []), w)) for w in ("seconds", "cpu_seconds")]
        if all(a and b for a, b in pairs):
            worst = max(a / b for a, b in pairs)
            goal = f"（目标 ≤ {target}，按两者中较差者判定：{verdict(worst <= target)}）" if target else "（仅供参考）"
            lines.append(f"- N={n}: A/{LABELS[other]} = {pairs[0][0] / pairs[0][1]:.2f}（墙钟），{pairs[1][0] / pairs[1][1]:.2f}（CPU）{goal}")
    return lines or ["- （构建失败，没有可比较的结果）"]


def report(results: list[SizeResult], builds: dict[int, dict[str, list[Build]]], args: argparse.Namespace, jieba: str, state: dict[str, str]) -> str:
    """The whole results file."""
    versions = ", ".join(f"{p} {_version(p)}" for p in ("mkdocs", "mkdocs-material", "playwright", "jieba"))
    text = ["# 搜索基准结果 / Search benchmark results", "",
            f"- 日期 date: {datetime.datetime.now().isoformat(timespec='seconds')}",
            f"- 机器 machine: nproc={os.cpu_count()}, {platform.platform()}, Python {platform.python_version()}, {versions}",
            f"- 代码 code（开始 → 结束）: {state['code']}",
            f"- 负载 load average（1 分钟，开始 → 结束）: {state['load']}",
            f"- 查询规模 sizes: {', '.join(map(str, args.sizes))}；每个查询冷启动 {args.runs} 次取中位数；构建成本规模 {', '.join(map(str, args.build_sizes))}，"
            f"每侧 repeat={args.repeat}（交替）；seed={args.seed}",
            "- 浏览器：/usr/bin/chromium 无头模式（Playwright），每次查询新建浏览器上下文（空缓存）；网站由 `python -m http.server` 在回环地址上提供（HTTP/1.0，无压缩）",
            (f"- 精确性：N ≤ {EXPAND_MAX} 时浏览器按“更多”列出全部结果，与预期（对源文件的子串查找）逐篇比较；更大的 N 比较 data-total 与首屏结果"
             "（浏览器代码相同），Python search() 的全部结果逐篇比较"),
            "", "## 构建与索引体积 / Build and index size", "", *size_table(results), "",
            "## 中位数与目标 / Medians and targets", "", *medians(results), ""]
    for r in results:
        text += [f"## 查询明细 N={r.n} / Queries", "", *query_table(r), ""]
    if builds:
        text += ["## 构建成本 / Build cost", "", *[line for n, b in builds.items() for line in build_cost(b, n)],
                 f"- B+search 的 Material 搜索索引{jieba}", "", *table(builds), ""]
    else:
        text += ["## 构建成本 / Build cost", "", "- 本次未测（--build-sizes 为空）；构建时间见 bench/results.md。", ""]
    text += ["## 问题 / Problems", "", *problems(results), ""]
    return "\n".join(text)


def jieba_used(work: Path, n: int) -> str:
    """Whether Material's search index of the last B+search build was segmented by jieba (zero-width spaces)."""
    path = work / "build" / f"n{n}" / "search" / "site" / "search" / "search_index.json"
    if not path.is_file():
        return "未生成"
    text = path.read_text(encoding="utf-8")
    return "经 jieba 分词（含零宽空格）" if "\\u200b" in text or "\u200b" in text else "未经 jieba 分词"


def code_version() -> str:
    """HEAD of this repo, and whether the search code (hooks/, overrides/) has uncommitted changes."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(HERE.parent), *args], capture_output=True, text=True).stdout.strip()
    dirty = git("status", "--porcelain", "--", "hooks", "overrides")
    return git("rev-parse", "--short", "HEAD") + ("（hooks/ 或 overrides/ 有未提交的修改）" if dirty else "（hooks/、overrides/ 无未提交的修改）")


def log(message: str) -> None:
    """Progress on stderr."""
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000, 10000], help="archive sizes for the browser queries")
    parser.add_argument("--build-sizes", type=int, nargs="*", default=[1000], help="archive sizes for the build cost")
    parser.add_argument("--repeat", type=int, default=3, help="builds per side for the build cost")
    parser.add_argument("--runs", type=int, default=3, help="cold page loads per query")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, help="where to generate projects (default: a temp dir, removed)")
    parser.add_argument("--results", type=Path, default=HERE / "search-results.md")
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="nianbao-search-"))
    state = {"load": f"{os.getloadavg()[0]:.2f}", "code": code_version()}
    try:
        results = [bench_queries(n, work, args.seed, args.runs) for n in args.sizes]
        builds = {n: bench_size(n, ["ours", "search", "baseline"], args.repeat, work / "build", args.seed) for n in args.build_sizes}
        state = {"load": f"{state['load']} → {os.getloadavg()[0]:.2f}", "code": f"{state['code']} → {code_version()}"}
        text = report(results, builds, args, jieba_used(work, args.build_sizes[-1]) if args.build_sizes else "未测", state)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print(text)
    args.results.write_text(text, encoding="utf-8")
    log(f"wrote {args.results}")
    failed = any(not r.build.ok for r in results) or any(not b.ok for x in builds.values() for bs in x.values() for b in bs)
    return 1 if failed or any(r.probe.ms is None for x in results for r in x.rows) else 0


if __name__ == "__main__":
    sys.exit(main())
