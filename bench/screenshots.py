"""Regenerate the README's screenshots: the default site's home, report, search and metric pages, at desktop and
phone width, in Debian's Chromium. Usage: .venv/bin/python bench/screenshots.py  (writes docs/img/*.png)"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO / "tests"), str(REPO / "hooks")]
from browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from nianbao.archive import build_archive  # noqa: E402
from nianbao.project import load_project  # noqa: E402

OUT = REPO / "docs" / "img"
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}


def pages() -> dict[str, str]:
    """The pages to show: name → site-relative URL, picked from the default content."""
    loaded = load_project(REPO / "reports")
    archive = build_archive(loaded.catalog, loaded.reports)
    report = max(archive.reports, key=lambda r: (len(r.metrics), r.year))
    metric = max(archive.catalog.metrics, key=lambda m: sum(m in r.metrics for r in archive.reports))
    return {"home": "", "report": report.url, "search": "search/?q=母婴室", "metric": f"metrics/{metric}/"}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nianbao-shots-") as tmp:
        site = Path(tmp) / "site"
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)],
                       check=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
        with serve(site) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width_name, (width, height) in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1,
                                              is_mobile=width_name == "phone", has_touch=width_name == "phone")
                page = context.new_page()
                for name, url in pages().items():
                    page.goto(base + url, wait_until="networkidle")
                    if name == "search":
                        page.wait_for_selector("li.nb-hit")
                    path = OUT / f"{name}-{width_name}.png"
                    page.screenshot(path=str(path))
                    print(f"{path.relative_to(REPO)}  ← /{url}", file=sys.stderr)
                context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
