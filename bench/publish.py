"""Publishing benchmark: internal and public builds of a git-managed synthetic archive, git history cost, feed sizes.

Every third report is marked `public: true` and every tenth `draft: true`; the archive is committed to git in
ten commits so that last-changed dates come from real history. Writes bench/publish-results.md.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "hooks")]

from measure import Build, report_pages, run_build  # noqa: E402
from project import make_project  # noqa: E402
from synth import generate_archive  # noqa: E402

from nianbao.history import load_history  # noqa: E402


def mark(paths: list[Path]) -> None:
    """Every third report public, every tenth a draft."""
    for i, path in enumerate(paths):
        flags = ("public: true\n" if i % 3 == 0 else "") + ("draft: true\n" if i % 10 == 5 else "")
        if flags:
            path.write_text(path.read_text(encoding="utf-8").replace("\n---\n", f"\n{flags}---\n", 1), encoding="utf-8")


def commit_in_steps(root: Path, paths: list[Path], steps: int = 10) -> None:
    """A git repository whose reports arrive over `steps` commits."""
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="b@example.org", GIT_COMMITTER_NAME="bench",
               GIT_COMMITTER_EMAIL="b@example.org")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for k in range(steps):
        batch = [str(p) for p in paths[k::steps]] + ([str(root / "reports/catalog.yml")] if k == 0 else [])
        when = f"2024-{k + 1:02d}-01T09:00:00+08:00"
        subprocess.run(["git", "-C", str(root), "add", *batch], check=True)
        subprocess.run(["git", "-C", str(root), "commit", "-qm", f"batch {k}"], check=True,
                       env=dict(env, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when))


def timed_build(config: Path, n: int, audience: str, pages: list[str], repeat: int) -> Build:
    """The median-time build of `repeat` with REPORTS_AUDIENCE=audience."""
    os.environ["REPORTS_AUDIENCE"] = audience
    try:
        builds = [run_build(audience or "internal", n, config, config.parent / "site", pages) for _ in range(repeat)]
    finally:
        del os.environ["REPORTS_AUDIENCE"]
    failed = [b for b in builds if not b.ok]
    if failed:
        raise SystemExit(failed[0].error)
    return sorted(builds, key=lambda b: b.seconds)[len(builds) // 2]


def history_seconds(reports: Path, repeat: int = 5) -> tuple[float, int]:
    """Median time of load_history and how many files it dated."""
    times, found = [], {}
    for _ in range(repeat):
        start = time.perf_counter()
        found = load_history(reports)
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(found)


def measure(n: int, repeat: int, work: Path) -> list[str]:
    """One size: the result rows for the table."""
    root = work / f"n{n}"
    paths = generate_archive(root / "reports", n, seed=3)
    mark(paths)
    commit_in_steps(root, paths)
    config = make_project(root)
    pages = report_pages(root / "reports")
    history, dated = history_seconds(root / "reports")
    internal = timed_build(config, n, "", pages, repeat)
    feed = (root / "site/feed.xml").stat().st_size
    public = timed_build(config, n, "public", pages, repeat)
    return [
        f"| {n:,} | internal | {internal.pages} | {internal.seconds:.2f} s | {internal.cpu_seconds:.2f} s | {internal.rss_mb:.0f} MB "
        f"| {internal.site_bytes / 1e6:.1f} MB | {history * 1000:.0f} ms ({dated} files) | {feed / 1000:.0f} KB |",
        f"| {n:,} | public | {public.pages} | {public.seconds:.2f} s | {public.cpu_seconds:.2f} s | {public.rss_mb:.0f} MB "
        f"| {public.site_bytes / 1e6:.1f} MB | | |",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--results", type=Path, default=HERE / "publish-results.md")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="nianbao-publish-") as tmp:
        for n in args.sizes:
            print(f"N={n} …", file=sys.stderr)
            rows += measure(n, args.repeat, Path(tmp))
    table = "\n".join([
        "| N | edition | report pages | wall (median) | CPU | peak RSS | site size | git history | feed.xml |",
        "|---|---|---|---|---|---|---|---|---|", *rows])
    text = (f"# 发布基准 / Publishing benchmark\n\n`bench/publish.py --sizes {' '.join(map(str, args.sizes))} --repeat {args.repeat}`; "
            "every third report public, every tenth a draft, committed in ten commits.\n\n" + table + "\n")
    args.results.write_text(text, encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
