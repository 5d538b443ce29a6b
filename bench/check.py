"""Benchmark `nianbao check` (the pre-commit validation) and `nianbao import` on synthetic archives."""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import generate_archive  # noqa: E402

HERE = Path(__file__).resolve().parent
NIANBAO = Path(sys.executable).parent / "nianbao"
TARGET_CHECK_SECONDS = 1.0  # issue 5: "well under a second for 1,000 reports"


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Wall time of one command, started as a new process as a pre-commit hook would."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, done


def bench_check(n: int, repeat: int, work: Path) -> dict[str, float]:
    """Median wall time of `nianbao check` over a generated archive of n reports, and of importing them back."""
    reports = work / f"n{n}" / "reports"
    generate_archive(reports, n)
    checks = []
    for _ in range(repeat):
        seconds, done = timed([str(NIANBAO), "check", "--strict", str(reports)], reports.parent)
        if done.returncode != 0:
            raise SystemExit(f"nianbao check failed at N={n}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        checks.append(seconds)
    sources = sorted(reports.rglob("*.md"))[:100]
    target = work / f"n{n}" / "imported"
    target.mkdir()
    shutil.copy(reports / "catalog.yml", target / "catalog.yml")
    plain = work / f"n{n}" / "plain"
    plain.mkdir()
    for k, source in enumerate(sources):  # the body alone, as if pasted from a website, title first
        text = source.read_text(encoding="utf-8")
        front, body = text.split("\n---\n", 1)
        title = next(line[7:] for line in front.splitlines() if line.startswith("title: "))
        (plain / f"{k:03}.txt").write_text(f"{title}\n\n{body}", encoding="utf-8")
    seconds, done = timed([str(NIANBAO), "import", *map(str, sorted(plain.iterdir())), "--reports", str(target)], work)
    imported = len(list(target.rglob("*.md")))
    return {"n": n, "check": statistics.median(checks), "check_min": min(checks), "import_100": seconds, "imported": imported}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write bench/check-results.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--results", type=Path, default=HERE / "check-results.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nb-check-") as tmp:
        rows = [bench_check(n, args.repeat, Path(tmp)) for n in args.sizes]
    lines = ["# nianbao check / import 基准", "",
             f"`nianbao check --strict` 的墙钟时间（新进程，含 Python 启动，{args.repeat} 次取中位数），"
             f"目标：N=1000 时 < {TARGET_CHECK_SECONDS:.0f} 秒；以及把前 100 篇的正文当作网页文本重新导入的时间。", "",
             "| N | check 中位数 | check 最快 | 导入 100 篇 | 成功导入 |", "| ---: | ---: | ---: | ---: | ---: |"]
    lines += [f"| {r['n']} | {r['check']:.2f} s | {r['check_min']:.2f} s | {r['import_100']:.2f} s | {r['imported']} |" for r in rows]
    text = "\n".join(lines) + "\n"
    args.results.write_text(text, encoding="utf-8")
    print(text)
    thousand = [r for r in rows if r["n"] == 1000]
    return 1 if thousand and thousand[0]["check"] >= TARGET_CHECK_SECONDS else 0


if __name__ == "__main__":
    sys.exit(main())
