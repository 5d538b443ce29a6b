"""`nianbao serve`: a real preview server, where drafts appear marked 草稿."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from conftest import SAMPLE, report, write_tree
from htmlscan import Scan
from project import make_project

DRAFT = report("坪山区总工会2022年工作总结（征求意见稿）", "pingshan-zgh", 2022, draft="true", body="## 一、概况\n\n尚在修改。\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


@contextmanager
def serving(root: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run `nianbao serve` on the project in root until its first build answers; yield the base URL."""
    config, port = make_project(root), free_port()
    command = [sys.executable, "-m", "nianbao.cli", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"]
    log = root / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=root, env=dict(os.environ, **(env or {})), start_new_session=True,
                                   stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                fetch(base)
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_serve_previews_drafts_marked_as_such(tmp_path: Path) -> None:
    write_tree(tmp_path / "reports", SAMPLE | {"2022/zgh-draft.md": DRAFT})
    with serving(tmp_path, {"NO_MKDOCS_2_WARNING": "1"}) as base:
        page = fetch(base + "reports/2022/zgh-draft/")
        assert "尚在修改" in page and "草稿" in Scan(page).text and "只在本地预览中显示" in page
        archive = Scan(fetch(base + "archive/"))
        row = next(r for r in archive.table_with("标题") if r and "征求意见稿" in r[0])
        assert row[0].startswith("草稿 ")
        assert "草稿" not in fetch(base + "reports/2021/zgh/")


def test_serve_of_the_public_edition_shows_public_drafts_only(tmp_path: Path) -> None:
    public_draft = DRAFT.replace("draft: true", "draft: true\npublic: true")
    write_tree(tmp_path / "reports", SAMPLE | {"2022/zgh-draft.md": DRAFT, "2022/zgh-public.md": public_draft.replace("征求意见稿", "公开稿")})
    with serving(tmp_path, {"NO_MKDOCS_2_WARNING": "1", "REPORTS_AUDIENCE": "public"}) as base:
        listed = [row[0] for row in Scan(fetch(base + "archive/")).table_with("标题")[1:]]
        assert listed == ["草稿 坪山区总工会2022年工作总结（公开稿）"]
