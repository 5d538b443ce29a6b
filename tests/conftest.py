"""Shared fixtures: small report trees written into tmp_path, and real MkDocs builds of them."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS
from project import REPO, make_project

CATALOG = """\
orgs:
  - {id: pingshan-qtgzb, name: 坪山区群团工作部, short: 群团工作部}
  - {id: pingshan-zgh, name: 坪山区总工会, parent: pingshan-qtgzb, short: 区总工会, group: 总工会}
  - {id: pingshan-tqw, name: 共青团坪山区委员会, parent: pingshan-qtgzb, short: 团区委}
  - {id: pingshan-fl, name: 坪山区妇女联合会, parent: pingshan-qtgzb, short: 区妇联, aliases: [坪山妇联]}
  - {id: other-zgh, name: XX区总工会, group: 总工会}
types:
  - {id: annual, name: 年度工作总结, role: summary}
  - {id: plan, name: 工作计划, role: plan}
metrics:
  - {id: volunteers, label: 注册志愿者, unit: 人}
  - {id: union_rate, label: 建会率, unit: "%"}
  - {id: mothers_rooms, label: 母婴室, unit: 间, description: 建成并投入使用的母婴室}
expected:
  - {types: [annual], orgs: [pingshan-zgh, pingshan-tqw, pingshan-fl], from: 2020}
"""


def report(title: str, org: str, year: int, rtype: str = "annual", body: str = "## 一、工作概况\n\n正文。\n", **extra: str) -> str:
    """The text of a report file with the given front matter."""
    lines = [f"title: {title}", f"org: {org}", f"year: {year}", f"type: {rtype}"]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


SAMPLE = {
    "catalog.yml": CATALOG,
    "2020/zgh.md": report("坪山区总工会2020年工作总结", "pingshan-zgh", 2020, date="2021-01-15", tags="[职工服务, 母婴室]",
                          metrics="{volunteers: 60000, union_rate: 98.5, mothers_rooms: 70}"),
    "2021/zgh.md": report("坪山区总工会2021年工作总结", "pingshan-zgh", 2021, date="2022-01-20", tags="[职工服务]",
                          summary="全年建成母婴室85间", metrics="{volunteers: 75000, union_rate: 100, mothers_rooms: 85}",
                          body="## 一、2021年工作成绩\n\n### （一）建会\n\n建会率达100%。\n\n## 二、2022年工作计划\n\n继续推进。\n"),
    "2021/zgh-plan.md": report("坪山区总工会2021年工作计划", "pingshan-zgh", 2021, "plan", targets="{volunteers: 80000, union_rate: 100}"),
    "2021/tqw.md": report("团区委2021年工作总结", "pingshan-tqw", 2021, tags="[青年驿站]", metrics="{volunteers: 12000}"),
    "2019/fl.md": report("区妇联2019年工作总结", "pingshan-fl", 2019, tags="[母婴室]", metrics="{mothers_rooms: 40}"),
    "other/2020.md": report("XX区总工会2020年工作总结", "other-zgh", 2020),
}


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write {relative path: text} under root and return root."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@dataclass
class Build:
    """The outcome of one real `mkdocs build`."""

    returncode: int
    output: str
    site: Path

    def page(self, url: str) -> str:
        """The HTML of the page at a site-relative URL such as 'orgs/pingshan-zgh/'."""
        return (self.site / url / "index.html").read_text(encoding="utf-8")


def run_build(root: Path, reports: dict[str, str] | None = None, *, strict: bool = True,
              config: dict[str, object] | None = None, env: dict[str, str] | None = None) -> Build:
    """Lay out a project in root (reports from `reports`, mkdocs.yml keys from `config`) and build it with MkDocs in a subprocess."""
    if reports is not None:
        write_tree(root / "reports", reports)
    config_file = make_project(root, config=config)
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file)] + (["--strict"] if strict else [])
    done = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {})), cwd=root)
    return Build(done.returncode, done.stdout + done.stderr, root / "site")


def clean_build(root: Path, reports: dict[str, str] | None = None, *, config: dict[str, object] | None = None,
                env: dict[str, str] | None = None) -> Build:
    """run_build, asserting that the strict build succeeded without a warning."""
    build = run_build(root, reports, config=config, env=env)
    assert build.returncode == 0, build.output
    assert "WARNING" not in build.output, build.output
    return build


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The SAMPLE tree, built strictly once for all tests that only read the output."""
    return clean_build(tmp_path_factory.mktemp("sample"), SAMPLE)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, one per test module."""
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def repo() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture(autouse=True)
def no_unexpected_warnings(request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Any warning logged by MkDocs or our hooks fails the test, unless the test expects problems."""
    yield
    if request.node.get_closest_marker("expect_problems") is None:
        noisy = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("mkdocs")]
        assert noisy == [], noisy
