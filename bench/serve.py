"""Preview benchmark: from saving a report to the browser's live-reload signal, in a real `nianbao serve`.

For each size N a synthetic archive is generated and committed to git, `nianbao serve` is started,
and five different edits are saved one after another (body text, title, metrics, tags, org). Each
time the clock runs from the write to the answer of the live-reload poll every open page keeps
waiting on (`/livereload/<epoch>/<id>`), the moment a browser reloads. After each reload the pages
the edit changes are fetched and checked (report, org page, archive, metric page, tag page,
search index), so a fast but stale rebuild would fail the benchmark. Adding, renaming and deleting
a report and saving an invalid one are timed too, outside the five-edit median.
"""
from __future__ import annotations

import argparse
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "hooks")]

from serving import Server, fetch, rewrite, serving, status  # noqa: E402
from synth import generate_archive  # noqa: E402


def field(path: Path, name: str) -> str:
    """A top-level front matter value of a report, as written."""
    return re.search(rf"^{name}: (.*)$", path.read_text(encoding="utf-8"), re.M)[1]


def edits(reports: Path) -> list[tuple[str, Callable[[], None], Callable[[Server], bool]]]:
    """(name, the save, the check of the pages it changes) for five edits of five different reports."""
    annual = sorted(reports.glob("*/*-annual.md"))
    a, b, c, d, e = (annual[len(annual) * k // 5] for k in range(5))
    url = lambda p: f"reports/{p.parent.name}/{p.stem}/"  # noqa: E731
    metric = re.search(r"^metrics:\n  (\w+): ", c.read_text(encoding="utf-8"), re.M)[1]
    other_org, old_org = field(a, "org"), field(e, "org")
    return [
        ("正文 body", lambda: rewrite(a, (r"^## ", "新增一段关于鹦鹉螺工作法的说明。\n\n## ")),
         lambda s: "鹦鹉螺工作法" in s.page(url(a)) and s.hits("鹦鹉螺工作法") == [url(a)]),
        ("标题 title", lambda: rewrite(b, (r"^title: .*$", "title: 基准测试修订标题")),
         lambda s: all("基准测试修订标题" in s.page(p) for p in (url(b), f"orgs/{field(b, 'org')}/", "archive/"))
         and s.hits("基准测试修订标题") == [url(b)]),
        ("指标 metrics", lambda: rewrite(c, (rf"^  {metric}: .*$", f"  {metric}: 987654")),
         lambda s: "98.77万" in s.page(f"metrics/{metric}/") and "987654" in fetch(s.base + "data/metrics.csv")),
        ("标签 tags", lambda: rewrite(d, (r"^tags: \[", "tags: [基准测试标签, ")),
         lambda s: "基准测试标签" in s.page(url(d)) and "基准测试标签" in s.page("tags/")),
        ("组织 org", lambda: rewrite(e, (r"^org: .*$", f"org: {other_org}")),
         lambda s: url(e) in s.page(f"orgs/{other_org}/") and url(e) not in s.page(f"orgs/{old_org}/")),
    ]


def lifecycle(reports: Path) -> list[tuple[str, Callable[[], None], Callable[[Server], bool]]]:
    """Add, rename and delete a report; save an invalid one and fix it."""
    year = sorted(p.name for p in reports.iterdir() if p.is_dir())[-1]
    sample = sorted((reports / year).glob("*-annual.md"))[0]
    added, moved = reports / year / "bench-added.md", reports / year / "bench-moved.md"
    text = sample.read_text(encoding="utf-8").replace(field(sample, "title"), "基准新增报告", 1)
    return [
        ("新增 add", lambda: added.write_text(text, encoding="utf-8"),
         lambda s: "基准新增报告" in s.page("archive/") and s.hits("基准新增报告") == [f"reports/{year}/bench-added/"]),
        ("改名 rename", lambda: added.rename(moved),
         lambda s: status(s.base + f"reports/{year}/bench-added/") == 404 and s.hits("基准新增报告") == [f"reports/{year}/bench-moved/"]),
        ("删除 delete", moved.unlink, lambda s: status(s.base + f"reports/{year}/bench-moved/") == 404 and s.hits("基准新增报告") == []),
        ("出错 invalid", lambda: rewrite(sample, (r"^year: .*$", "year: 今年")),
         lambda s: "year" in str(s.json("nianbao-preview.json"))),
        ("改正 fixed", lambda: rewrite(sample, (r"^year: .*$", f"year: {year}")),
         lambda s: not [p for p in s.json("nianbao-preview.json")["problems"] if p["severity"] == "error"]),  # type: ignore[index]
    ]


def measure(n: int, work: Path, districts: int = 0) -> dict[str, object]:
    """Start `nianbao serve` on a fresh archive of n reports (in the first `districts` only, if given) and time every edit."""
    root = work / f"n{n}-d{districts}"
    paths = generate_archive(root / "reports", n, districts=districts)
    per_org = n / len({p.stem.split("-")[0] + "-" + p.stem.split("-")[1] for p in paths})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "reports"], check=True)
    subprocess.run(["git", "-C", str(root), "commit", "-qm", "archive"], check=True,
                   env={"GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@x", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@x"})
    start = time.perf_counter()
    results: dict[str, object] = {"n": n, "shape": f"{per_org:.0f} 篇/组织 per org"}
    with serving(root, timeout=900) as server:
        results["start"] = time.perf_counter() - start
        timed = []
        for name, save, check in edits(root / "reports") + lifecycle(root / "reports"):
            seconds = server.change(save)
            timed.append((name, seconds, check(server)))
            print(f"  N={n} ({results['shape']}) {name}: {seconds:.2f} s, pages {'ok' if timed[-1][2] else 'WRONG'}", file=sys.stderr)
    results["timed"] = timed
    return results


def render(results: list[dict[str, object]], argv: list[str]) -> str:
    """The results as Markdown."""
    names = [name for name, _, _ in results[0]["timed"]]  # type: ignore[index]
    head = "| N | 形态 shape | 首次启动 first start | " + " | ".join(names) + " | 五次修改中位数 median of 5 | 最慢 max of 5 | 页面正确 pages correct |"
    lines = [head, "|" + "---|" * (len(names) + 6)]
    for r in results:
        timed = r["timed"]  # type: ignore[assignment]
        five = [s for _, s, _ in timed[:5]]
        ok = all(good for _, _, good in timed)
        lines.append(f"| {r['n']} | {r['shape']} | {r['start']:.1f} s | " + " | ".join(f"{s:.2f} s" for _, s, _ in timed)
                     + f" | **{statistics.median(five):.2f} s** | {max(five):.2f} s | {'全部正确 all' if ok else '有错误 SOME WRONG'} |")
    return (f"# 预览基准 / Preview benchmark\n\n`python bench/serve.py {' '.join(argv)}`: nproc 2, "
            f"{platform.platform()}, Python {platform.python_version()}. Seconds from writing the file to the live-reload "
            "signal; the first five are the edits the target (median ≤ 2 s at N=1000) is judged on.\n\n" + "\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--dense", type=int, nargs="*", default=[1000], metavar="N",
                        help="also these sizes in a dense archive: 3 districts, 12 orgs (about 80 reports each at N=1000)")
    parser.add_argument("--results", type=Path, default=HERE / "serve-results.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nianbao-serve-") as tmp:
        results = [measure(n, Path(tmp)) for n in args.sizes] + [measure(n, Path(tmp), districts=3) for n in args.dense]
    text = render(results, sys.argv[1:] if argv is None else argv)
    args.results.write_text(text, encoding="utf-8")
    print(text)
    return 0 if all(good for r in results for _, _, good in r["timed"]) else 1  # type: ignore[union-attr]


if __name__ == "__main__":
    sys.exit(main())
