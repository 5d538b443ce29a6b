"""What sanitizing report HTML and the Content-Security-Policy cost: the same archive built by the checkout before
issue 15 and by this one, alternating, plus the sanitizer timed on its own. Writes bench/security-results.md."""
from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "hooks")]
from measure import Build, report_pages, run_build  # noqa: E402
from project import REPO, make_project  # noqa: E402
from synth import generate_archive  # noqa: E402

from nianbao.project import load_project  # noqa: E402
from nianbao.render import build_renderer, load_markdown_settings  # noqa: E402
from nianbao.sanitize import sanitize_html  # noqa: E402

BEFORE = "ee58937"  # main just before issue 15: no sanitizer, no CSP
RAW_HTML = ['<sup>1</sup> 注：见<a href="https://example.org/">原文</a>。', "<details><summary>附表</summary>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n</details>",
            "H<sub>2</sub>O<br>第二行", '<span class="note">说明</span>']


def add_raw_html(reports: Path, share: float, seed: int = 0) -> int:
    """Append a line of allowed raw HTML to `share` of the reports (most real reports have none); return how many."""
    rng = random.Random(seed)
    chosen = [p for p in sorted(reports.rglob("*.md")) if rng.random() < share]
    for path in chosen:
        path.write_text(path.read_text(encoding="utf-8") + "\n" + rng.choice(RAW_HTML) + "\n", encoding="utf-8")
    return len(chosen)


def checkout(ref: str, into: Path) -> Path:
    """A detached worktree of this repository at `ref`."""
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "-q", "--detach", str(into), ref], check=True)
    return into


def time_sanitizer(reports: Path) -> tuple[float, float, int]:
    """(seconds to sanitize every report's HTML, seconds of phase one's HTML check, bytes of HTML) on this archive."""
    render = build_renderer(*load_markdown_settings(REPO / "mkdocs.yml"))
    loaded = load_project(reports, render=render)
    pages = [render(r.body) for r in loaded.reports]
    start = time.perf_counter()
    for page in pages:
        sanitize_html(page)
    sanitizing = time.perf_counter() - start
    start = time.perf_counter()
    load_project(reports, render=render)
    with_check = time.perf_counter() - start
    start = time.perf_counter()
    load_project(reports, render=lambda text: "")
    return sanitizing, with_check - (time.perf_counter() - start), sum(len(p.encode()) for p in pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", default=BEFORE, help="git ref of the checkout without sanitizer and CSP")
    parser.add_argument("--raw-html", type=float, default=0.1, help="share of reports given a line of allowed raw HTML")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nianbao-security-") as tmp:
        work = Path(tmp)
        reports = work / "reports"
        generate_archive(reports, args.n)
        with_html = add_raw_html(reports, args.raw_html)
        sanitizing, checking, html_bytes = time_sanitizer(reports)
        before = checkout(args.before, work / "before")
        configs = {"before": make_project(work / "b", reports, repo=before), "after": make_project(work / "a", reports)}
        builds: dict[str, list[Build]] = {side: [] for side in configs}
        try:
            for i in range(args.repeat):
                for side, config in configs.items():
                    build = run_build(side, args.n, config, config.parent / "site", report_pages(reports))
                    assert build.ok, build.error
                    builds[side].append(build)
                    print(f"{side:6} #{i + 1}: {build.seconds:5.1f} s wall, {build.cpu_seconds:5.1f} s CPU", file=sys.stderr, flush=True)
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(before)], check=False)
    wall = {s: statistics.median(b.seconds for b in bs) for s, bs in builds.items()}
    cpu = {s: statistics.median(b.cpu_seconds for b in bs) for s, bs in builds.items()}
    lines = [
        "# 安全开销基准 / cost of the sanitizer and the CSP", "",
        f"N={args.n} 篇合成报告（其中 {with_html} 篇带一行允许的 HTML），`{args.before}`（issue 15 之前）与当前版本交替构建各 {args.repeat} 次，取中位数。"
        "预算：净化与 CSP 使构建时间增加不超过 5%。", "",
        "| | 之前 | 现在 | 比值 |", "| --- | ---: | ---: | ---: |",
        f"| 墙钟时间 | {wall['before']:.2f} s | {wall['after']:.2f} s | {wall['after'] / wall['before']:.3f} |",
        f"| CPU 时间 | {cpu['before']:.2f} s | {cpu['after']:.2f} s | {cpu['after'] / cpu['before']:.3f} |", "",
        f"单独计时：净化全部 {args.n} 篇报告的 HTML（{html_bytes / 1e6:.1f} MB）用 {sanitizing:.3f} s；"
        f"第一阶段检查 HTML（只渲染可能含 HTML 的报告）用 {checking:.3f} s。", "",
    ]
    text = "\n".join(lines)
    (HERE / "security-results.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
