"""What the Word export (hooks/nianbao/wordout) costs: ms per report, bytes per file, and the compilation of a year.

Budget: the build may add at most 1.5 s for 1,000 reports, running the export in a worker process beside MkDocs, so a
report should cost a few milliseconds. Usage: python bench/wordout.py [--n 1000] [--repeat 3] [--seed 0]
[--build 1000] [--build-repeat 3] [--head]: --build also times the whole `mkdocs build` at that size with Word files and
without them (NIANBAO_WORD=0, which only skips writing the files), alternating, and --head adds the last commit's
tree (git archive HEAD: no year print view either) as a third side.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "hooks")]
from nianbao.catalog import load_catalog  # noqa: E402
from nianbao.reports import load_reports  # noqa: E402
from nianbao.wordout import render_compilation_docx, render_report_docx  # noqa: E402
from nianbao.wordout.mdtree import build_tree  # noqa: E402
from synth import generate_archive  # noqa: E402
from measure import REPO, report_pages, run_build  # noqa: E402
from project import make_project  # noqa: E402


def measure(n: int, repeat: int, seed: int) -> dict[str, float]:
    """Time every stage on a synthetic archive of n reports: CPU time of this process (other processes' load does not
    count), the best of `repeat` passes."""
    with tempfile.TemporaryDirectory(prefix="nb-wordout-") as scratch:
        folder = Path(scratch) / "reports"
        generate_archive(folder, n, seed=seed)
        catalog = load_catalog(folder / "catalog.yml")[0]
        reports = load_reports(folder, catalog)[0]
        start = time.process_time()
        render_report_docx(reports[0], catalog, reports_dir=folder)  # builds the templates and the Markdown converter
        first = time.process_time() - start
        passes, markdown, sizes = [], [], []
        for _ in range(repeat):
            start = time.process_time()
            sizes = [len(render_report_docx(r, catalog, reports_dir=folder)) for r in reports]
            passes.append(time.process_time() - start)
            start = time.process_time()
            for report in reports:
                build_tree(report.body)
            markdown.append(time.process_time() - start)
        year, count = Counter(r.year for r in reports).most_common(1)[0]
        compilations, size = [], 0
        for _ in range(repeat):
            start = time.process_time()
            size = len(render_compilation_docx(year, reports, catalog, "群团工作年报", reports_dir=folder))
            compilations.append(time.process_time() - start)
        body_bytes = statistics.mean(len(r.body.encode()) for r in reports)
    return {"n": n, "first_ms": first * 1000, "ms_per_report": min(passes) / n * 1000, "markdown_ms": min(markdown) / n * 1000,
            "total_s": min(passes), "bytes_mean": statistics.mean(sizes), "bytes_max": max(sizes), "body_kb": body_bytes / 1000,
            "year": year, "year_reports": count, "compilation_s": min(compilations), "compilation_bytes": size}


def measure_builds(n: int, repeat: int, seed: int, head: bool) -> dict[str, list[tuple[float, float]]]:
    """(wall s, CPU s) of each full build of a synthetic archive: with Word files, without (NIANBAO_WORD=0), and at HEAD."""
    sides: dict[str, list[tuple[float, float]]] = {"word": [], "no-word": []}
    with tempfile.TemporaryDirectory(prefix="nb-wordbuild-") as scratch:
        root = Path(scratch)
        generate_archive(root / "reports", n, seed=seed)
        pages = report_pages(root / "reports")
        # A copy of the working tree as it is now: edits made while the benchmark runs do not reach its builds.
        snapshot = root / "snapshot"
        for name in ("hooks", "overrides", "docs"):
            shutil.copytree(REPO / name, snapshot / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy2(REPO / "mkdocs.yml", snapshot / "mkdocs.yml")
        configs = {side: make_project(root / side, root / "reports", repo=snapshot) for side in ("word", "no-word")}
        if head:
            checkout = root / "head"
            checkout.mkdir()
            archive = subprocess.run(["git", "-C", str(REPO), "archive", "HEAD"], check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(checkout)], input=archive, check=True)
            configs["head"] = make_project(root / "at-head", root / "reports", repo=checkout)
            sides["head"] = []
        for _ in range(repeat):
            for side, config in configs.items():
                os.environ["NIANBAO_WORD"] = "0" if side == "no-word" else "1"
                build = run_build(side, n, config, config.parent / "site", pages)
                if not build.ok:
                    raise SystemExit(f"{side}: {build.error}")
                sides[side].append((build.seconds, build.cpu_seconds))
                shutil.rmtree(config.parent / "site", ignore_errors=True)
        os.environ.pop("NIANBAO_WORD", None)
    return sides


def print_builds(n: int, sides: dict[str, list[tuple[float, float]]]) -> None:
    """Median and best wall and CPU time of each side, and what the Word files add."""
    names = {"word": "with Word files", "no-word": "NIANBAO_WORD=0", "head": "HEAD (before the Word export)"}
    median = {side: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)) for side, runs in sides.items()}
    for side, runs in sides.items():
        print(f"build of {n} reports, {names[side]}: wall {median[side][0]:.2f} s (best {min(w for w, _ in runs):.2f}), "
              f"CPU {median[side][1]:.2f} s; runs: {', '.join(f'{w:.2f}/{c:.2f}' for w, c in runs)}")
    for side in ("no-word", "head"):
        if side in median:
            print(f"added by the Word files, against {names[side]}: wall {median['word'][0] - median[side][0]:+.2f} s, "
                  f"CPU {median['word'][1] - median[side][1]:+.2f} s (medians)")


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--build", type=int, default=0, metavar="N", help="also time full builds of N reports")
    parser.add_argument("--build-repeat", type=int, default=3)
    parser.add_argument("--head", action="store_true", help="also build the last commit's tree")
    parser.add_argument("--skip-core", action="store_true", help="only the builds")
    args = parser.parse_args(argv)
    if args.build:
        print_builds(args.build, measure_builds(args.build, args.build_repeat, args.seed, args.head))
    if args.skip_core:
        return 0
    r = measure(args.n, args.repeat, args.seed)
    print(f"{r['n']} synthetic reports, {r['body_kb']:.1f} KB of Markdown each on average")
    print(f"first report (templates and converter built once per process): {r['first_ms']:.0f} ms")
    print(f"per report: {r['ms_per_report']:.2f} ms (of which Python-Markdown parsing {r['markdown_ms']:.2f} ms); "
          f"{r['total_s']:.2f} s for all {r['n']}")
    print(f"file size: {r['bytes_mean'] / 1000:.1f} KB on average, {r['bytes_max'] / 1000:.1f} KB at most")
    print(f"compilation of {r['year']} ({r['year_reports']} reports): {r['compilation_s']:.2f} s, {r['compilation_bytes'] / 1000:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
