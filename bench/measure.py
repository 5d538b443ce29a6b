"""Set up the baseline site, run one timed MkDocs build as a subprocess and measure its output."""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
# A fresh interpreter whose only child is the build, so its RUSAGE_CHILDREN figures are exactly the
# build's: peak RSS (KiB on Linux) and CPU seconds (user + system), steadier than wall time on a busy machine.
WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.call(sys.argv[2:])\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "open(sys.argv[1], 'w').write(f'{u.ru_maxrss} {u.ru_utime + u.ru_stime}')\n"
    "sys.exit(rc)\n"
)
DEFAULT_EXTENSIONS = ["attr_list", "tables", {"toc": {"permalink": True}}]


@dataclass
class Build:
    """One build's measurements; ok=False carries the error text instead."""

    side: str
    n: int
    ok: bool
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    rss_mb: float = 0.0  # the largest single process's peak RSS (what RUSAGE_CHILDREN reports)
    memory_mb: float = 0.0  # the peak of the whole process tree's memory, each process's proportional share (PSS) summed
    site_bytes: int = 0
    site_files: int = 0
    pages: int = 0
    page_median: float = 0.0
    page_max: int = 0
    error: str = ""


def make_baseline(root: Path, reports: Path, search: bool = False) -> Path:
    """Plain MkDocs + Material project: reports copied to docs/reports/, only the home page in nav."""
    docs = root / "docs"
    shutil.copytree(reports, docs / "reports", ignore=lambda d, names: [n for n in names if n.endswith((".yml", ".yaml"))], dirs_exist_ok=True)
    (docs / "index.md").write_text("# 年报 · 基准站点\n\n不带钩子的 MkDocs + Material 基准站点，报告不在导航中。\n", encoding="utf-8")
    try:
        repo_config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        repo_config = {}
    config = {
        "site_name": "年报基准",
        "docs_dir": str(docs),
        "site_dir": str(root / "site"),
        "use_directory_urls": True,
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": ["search"] if search else [],
        # Same Markdown extensions as the real site, so only the hooks differ.
        "markdown_extensions": repo_config.get("markdown_extensions") or DEFAULT_EXTENSIONS,
        "nav": [{"首页": "index.md"}],
        "not_in_nav": "/reports/",
    }
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build_command(config: Path, rss_file: Path) -> list[str]:
    """The mkdocs build command, wrapped so that the child's peak RSS lands in rss_file."""
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)]
    return [sys.executable, "-c", WRAPPER, str(rss_file), *mkdocs]


def read_usage(rss_file: Path) -> tuple[float, float]:
    """(peak RSS in MB, CPU seconds) from the wrapper's output, zeros when unreadable."""
    try:
        rss_kib, cpu = rss_file.read_text().split()
        return int(rss_kib) / 1024, float(cpu)
    except (OSError, ValueError):
        return 0.0, 0.0


def run_build(side: str, n: int, config: Path, site: Path, pages: list[str], timeout: float = 3600) -> Build:
    """Build `config` from scratch in a subprocess; measure wall and CPU time, peak RSS and site/."""
    shutil.rmtree(site, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="nianbao-rss-") as tmp:
        rss_file = Path(tmp) / "rss"
        start = time.perf_counter()
        with tempfile.TemporaryFile("w+") as out, TreeMemory() as memory:
            proc = subprocess.Popen(build_command(config, rss_file), cwd=config.parent, stdout=out, stderr=subprocess.STDOUT, text=True)
            memory.watch(proc.pid)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                return Build(side, n, False, time.perf_counter() - start, error=f"timed out after {timeout:.0f} s")
            seconds = time.perf_counter() - start
            out.seek(0)
            output = out.read()
        rss, cpu = read_usage(rss_file)
    if proc.returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-15:])
        return Build(side, n, False, seconds, cpu, rss, error=f"exit status {proc.returncode}\n{tail}")
    result = Build(side, n, True, seconds, cpu, rss, memory.peak_mb)
    measure_site(result, site, pages)
    return result


class TreeMemory:
    """Samples a process and all its descendants every 20 ms; `peak_mb` is the largest sum of their PSS.

    PSS shares each page among the processes that map it, so forked workers are counted once, not once each.
    """

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "TreeMemory":
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def watch(self, pid: int) -> None:
        """Start sampling the tree under `pid`."""
        self._thread = threading.Thread(target=self._sample, args=(pid,), daemon=True)
        self._thread.start()

    def _sample(self, root: int) -> None:
        while not self._stop.wait(0.02):
            total = sum(_pss_kib(pid) for pid in _tree(root))
            self.peak_mb = max(self.peak_mb, total / 1024)


def _tree(root: int) -> list[int]:
    """`root` and every process below it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _pss_kib(pid: int) -> int:
    """A process's proportional set size in KiB (0 once it has gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def measure_site(result: Build, site: Path, pages: list[str]) -> None:
    """Fill in output size, file count and the weight of the report pages (site-relative paths)."""
    files = [p for p in site.rglob("*") if p.is_file()]
    result.site_files = len(files)
    result.site_bytes = sum(p.stat().st_size for p in files)
    sizes = [(site / page).stat().st_size for page in pages if (site / page).is_file()]
    result.pages = len(sizes)
    if sizes:
        result.page_median = statistics.median(sizes)
        result.page_max = max(sizes)


def report_pages(reports: Path) -> list[str]:
    """site-relative index.html of every report (use_directory_urls: reports/<year>/<stem>/index.html)."""
    return [f"reports/{p.relative_to(reports).with_suffix('').as_posix()}/index.html" for p in sorted(reports.rglob("*.md"))]
