"""Only files inside reports/ and docs/ are read and published: no symlink out, no FIFO, no attachment that runs script."""
from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from conftest import CATALOG, SAMPLE, report, run_build, write_tree
from nianbao.files import scan_tree
from nianbao.problems import errors
from nianbao.project import load_project

SECRET = "root:x:0:0:secret-outside-the-repository"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project with a file nobody may publish."""
    folder = tmp_path / "outside"
    write_tree(folder, {"secret.txt": SECRET, "r.md": report("外部报告", "pingshan-zgh", 2021)})
    return folder


def test_scan_refuses_links_out_and_special_files(tmp_path: Path, outside: Path) -> None:
    root = write_tree(tmp_path / "reports", {"a.md": "x", "sub/b.png": "x", ".hidden/c.md": "x"})
    (root / "leak.txt").symlink_to(outside / "secret.txt")
    (root / "dir-out").symlink_to(outside, target_is_directory=True)
    (root / "up").symlink_to("../outside/secret.txt")
    (root / "inside.md").symlink_to("a.md")
    (root / "sub-link").symlink_to("sub", target_is_directory=True)
    (root / "gone.md").symlink_to("nowhere.md")
    os.mkfifo(root / "pipe")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(root / "sock"))
        tree = scan_tree(root, "reports")
    assert tree.files == ("a.md", "inside.md", "sub/b.png")
    found = {p.path: p.message for p in tree.problems}
    assert sorted(found) == ["reports/dir-out", "reports/gone.md", "reports/leak.txt", "reports/pipe", "reports/sock", "reports/up"]
    assert found["reports/leak.txt"].startswith("符号链接指向 reports/ 之外") and str(outside) in found["reports/leak.txt"]
    assert "命名管道" in found["reports/pipe"] and "套接字" in found["reports/sock"]
    assert all(p.line == 1 and p.hint for p in tree.problems)


def test_a_catalog_linked_from_outside_is_not_read(tmp_path: Path, outside: Path) -> None:
    write_tree(outside, {"catalog.yml": CATALOG})
    root = write_tree(tmp_path / "reports", {"2021/r.md": report("标题", "pingshan-zgh", 2021)})
    (root / "catalog.yml").symlink_to(outside / "catalog.yml")
    loaded = load_project(root)
    assert loaded.catalog.orgs == {}
    assert [p.path for p in errors(loaded.problems)][0] == "reports/catalog.yml"


def test_attachments_that_run_script_are_refused(tmp_path: Path) -> None:
    plain = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="3" height="4"/><a href="#x"><text>图</text></a></svg>'
    files = {"catalog.yml": CATALOG, "2021/r.md": report("标题", "pingshan-zgh", 2021), "2021/chart.svg": plain,
             "2021/page.html": "<p>网页</p>", "2021/x.js": "alert(1)",
             "2021/onload.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
             "2021/script.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
             "2021/link.svg": ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                               '<a xlink:href="&#106;avascript:alert(1)"><text>x</text></a></svg>'),
             "2021/broken.svg": "<svg"}
    loaded = load_project(write_tree(tmp_path / "reports", files))
    assert loaded.attachments == ("2021/chart.svg",)
    assert sorted(p.path for p in errors(loaded.problems)) == [f"reports/2021/{n}" for n in
                                                                ("broken.svg", "link.svg", "onload.svg", "page.html", "script.svg", "x.js")]


@pytest.mark.expect_problems
def test_build_refuses_a_link_out_of_reports_and_publishes_nothing(tmp_path: Path, outside: Path) -> None:
    write_tree(tmp_path / "reports", SAMPLE)
    (tmp_path / "reports" / "leak.txt").symlink_to(outside / "secret.txt")
    (tmp_path / "reports" / "2021" / "elsewhere.md").symlink_to(outside / "r.md")
    build = run_build(tmp_path, strict=False)
    assert build.returncode != 0
    assert "reports/leak.txt:1: file: 符号链接指向 reports/ 之外" in build.output
    assert "reports/2021/elsewhere.md:1: file: 符号链接指向 reports/ 之外" in build.output
    assert not build.site.exists() or SECRET not in "".join(p.read_text(errors="replace") for p in build.site.rglob("*") if p.is_file())


def test_links_that_stay_inside_keep_working(tmp_path: Path) -> None:
    write_tree(tmp_path / "reports", {**SAMPLE, "files/原件.pdf": "%PDF-1.4"})
    (tmp_path / "reports" / "2021" / "原件.pdf").symlink_to("../files/原件.pdf")
    build = run_build(tmp_path)
    assert build.returncode == 0, build.output
    assert (build.site / "reports/2021/原件.pdf").read_text() == "%PDF-1.4"


@pytest.mark.expect_problems
def test_build_refuses_a_link_out_of_docs(tmp_path: Path, outside: Path) -> None:
    docs = tmp_path / "docs"
    write_tree(docs, {"index.md": "# 首页\n"})
    (docs / "leak.md").symlink_to(outside / "secret.txt")
    build = run_build(tmp_path, SAMPLE, strict=False, config={"docs_dir": str(docs), "nav": None})
    assert build.returncode != 0
    assert "docs/leak.md:1: file: 符号链接指向 docs/ 之外" in build.output
    assert not (build.site / "leak").exists()
