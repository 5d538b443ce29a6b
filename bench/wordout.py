"""What the Word export (hooks/nianbao/wordout) costs: ms per report, bytes per file, and the compilation of a year.

Budget: the build may add at most 1.5 s for 1,000 reports, running the export in a worker process beside MkDocs, so a
report should cost a few milliseconds. Usage: python bench/wordout.py [--n 1000] [--repeat 3] [--seed 0]
"""
from __future__ import annotations

import argparse
import statistics
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


def measure(n: int, repeat: int, seed: int) -> dict[str, float]:
    """Time every stage on a synthetic archive of n reports; the best of `repeat` passes (the machine's noise removed)."""
    with tempfile.TemporaryDirectory(prefix="nb-wordout-") as scratch:
        folder = Path(scratch) / "reports"
        generate_archive(folder, n, seed=seed)
        catalog = load_catalog(folder / "catalog.yml")[0]
        reports = load_reports(folder, catalog)[0]
        start = time.perf_counter()
        render_report_docx(reports[0], catalog, reports_dir=folder)  # builds the templates and the Markdown converter
        first = time.perf_counter() - start
        passes, markdown, sizes = [], [], []
        for _ in range(repeat):
            start = time.perf_counter()
            sizes = [len(render_report_docx(r, catalog, reports_dir=folder)) for r in reports]
            passes.append(time.perf_counter() - start)
            start = time.perf_counter()
            for report in reports:
                build_tree(report.body)
            markdown.append(time.perf_counter() - start)
        year, count = Counter(r.year for r in reports).most_common(1)[0]
        compilations, size = [], 0
        for _ in range(repeat):
            start = time.perf_counter()
            size = len(render_compilation_docx(year, reports, catalog, "群团工作年报", reports_dir=folder))
            compilations.append(time.perf_counter() - start)
        body_bytes = statistics.mean(len(r.body.encode()) for r in reports)
    return {"n": n, "first_ms": first * 1000, "ms_per_report": min(passes) / n * 1000, "markdown_ms": min(markdown) / n * 1000,
            "total_s": min(passes), "bytes_mean": statistics.mean(sizes), "bytes_max": max(sizes), "body_kb": body_bytes / 1000,
            "year": year, "year_reports": count, "compilation_s": min(compilations), "compilation_bytes": size}


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
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
