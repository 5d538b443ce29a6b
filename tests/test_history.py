"""Last-changed dates from git history, the graceful fallback without it, and the "edit this report" link."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest

from conftest import SAMPLE, Build, clean_build, report, write_tree
from project import REPO
from htmlscan import Scan
from nianbao.history import load_history, parse_log


def git(root: Path, *args: str, when: str = "") -> None:
    """Run git in root, with author and committer dates set to `when`."""
    env = dict(os.environ, GIT_AUTHOR_NAME="编辑", GIT_AUTHOR_EMAIL="e@example.org", GIT_COMMITTER_NAME="编辑",
               GIT_COMMITTER_EMAIL="e@example.org", **({"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {}))
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


@pytest.fixture(scope="module")
def repo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose reports have history: 2021/zgh.md added in 2023 and changed in 2024, 2021/tqw.md added in 2024."""
    root = tmp_path_factory.mktemp("history")
    files = {k: v for k, v in SAMPLE.items() if k != "2021/tqw.md"}
    write_tree(root / "reports", files)
    shutil.copytree(REPO / "docs", root / "docs")  # docs/ beside reports/, as in a real project: edit_uri is relative to it
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first", when="2023-03-01T10:00:00+08:00")
    changed = (root / "reports/2021/zgh.md").read_text(encoding="utf-8") + "\n补充一段。\n"
    write_tree(root / "reports", {"2021/zgh.md": changed, "2021/tqw.md": SAMPLE["2021/tqw.md"]})
    git(root, "add", ".")
    git(root, "commit", "-qm", "second", when="2024-05-06T09:30:00+08:00")
    write_tree(root / "reports", {"2022/new.md": report("尚未提交的报告", "pingshan-zgh", 2022)})
    return root


@pytest.fixture(scope="module")
def dated(repo_root: Path) -> Build:
    return clean_build(repo_root, config={"docs_dir": str(repo_root / "docs"), "repo_url": "https://git.example.org/qt/nianbao", "edit_uri": "-/edit/main/docs/"})


def test_parse_log_keeps_the_first_and_latest_dates_of_each_file() -> None:
    text = "\0" + "2024-05-06T09:30:00+08:00\n\na.md\nb.md\n" + "\0" + "2023-03-01T10:00:00+08:00\n\na.md\n"
    found = parse_log(text)
    assert found["a.md"].added.isoformat() == "2023-03-01T10:00:00+08:00"
    assert found["a.md"].changed.isoformat() == "2024-05-06T09:30:00+08:00"
    assert found["b.md"].added == found["b.md"].changed


def test_history_is_read_relative_to_reports(repo_root: Path) -> None:
    history = load_history(repo_root / "reports")
    assert history["2021/zgh.md"].added.isoformat() == "2023-03-01T10:00:00+08:00"
    assert history["2021/zgh.md"].changed.isoformat() == "2024-05-06T09:30:00+08:00"
    assert history["2020/zgh.md"].changed.isoformat() == "2023-03-01T10:00:00+08:00"
    assert "2022/new.md" not in history  # not committed yet


def test_report_pages_show_their_last_commit_date(dated: Build) -> None:
    assert '最后修改：<time datetime="2024-05-06">2024-05-06</time>' in dated.page("reports/2021/zgh/")
    assert '最后修改：<time datetime="2023-03-01">2023-03-01</time>' in dated.page("reports/2020/zgh/")
    assert "最后修改" not in dated.page("reports/2022/new/")  # uncommitted: no date rather than a wrong one


def test_the_feed_orders_by_when_reports_were_added(dated: Build) -> None:
    entries = feedparser.parse((dated.site / "feed.xml").read_text(encoding="utf-8")).entries
    by_title = {e.title: e for e in entries}
    assert by_title["团区委2021年工作总结"].published == "2024-05-06T09:30:00+08:00"
    assert by_title["坪山区总工会2021年工作总结"].published == "2023-03-01T10:00:00+08:00"
    # Both reports changed in the same commit: the second keeps its time a second later, as feeds want distinct updated values.
    assert by_title["坪山区总工会2021年工作总结"].updated == "2024-05-06T09:30:01+08:00"
    assert [e.title for e in entries][0] == "团区委2021年工作总结"
    assert entries[-1].title == "尚未提交的报告" and entries[-1].published == "2022-12-31T00:00:00+00:00"  # no commit: its year's end


def test_the_edit_link_opens_the_report_file_in_the_repository(dated: Build, sample_build: Build) -> None:
    assert Scan(dated.page("reports/2021/zgh/")).hrefs("编辑此报告") == ["https://git.example.org/qt/nianbao/-/edit/main/reports/2021/zgh.md"]
    assert Scan(dated.page("orgs/pingshan-zgh/")).hrefs("编辑此报告") == []
    assert Scan(sample_build.page("reports/2021/zgh/")).hrefs("编辑此报告") == []  # no repo_url


def test_without_history_reports_show_no_date(sample_build: Build) -> None:
    assert "最后修改" not in sample_build.page("reports/2021/zgh/")
    assert "打印 / 导出 PDF" in sample_build.page("reports/2021/zgh/")


def test_a_shallow_clone_shows_no_dates_rather_than_the_clone_date(repo_root: Path, tmp_path: Path) -> None:
    git(repo_root, "add", ".")
    git(repo_root, "commit", "-qm", "third", when="2024-06-01T08:00:00+08:00")
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo_root}", str(tmp_path / "clone")], check=True)
    assert load_history(tmp_path / "clone/reports") == {}
    build = clean_build(tmp_path / "clone")
    assert "最后修改" not in build.page("reports/2021/zgh/")
    assert "git 历史不完整（浅克隆）" in build.output
