"""The MkDocs hook in-process: fresh state on every build, and `serve` watching reports/."""
from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer

from conftest import SAMPLE, report, write_tree
from project import REPO, make_project


def load_hook():
    spec = importlib.util.spec_from_file_location("nianbao_hook_under_test", REPO / "hooks" / "nianbao_hook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_build_starts_from_fresh_state(tmp_path: Path) -> None:
    write_tree(tmp_path / "reports", SAMPLE)
    config_file = make_project(tmp_path)
    build(load_config(str(config_file)))
    assert (tmp_path / "site/reports/2021/tqw/index.html").is_file()
    (tmp_path / "reports/2021/tqw.md").unlink()
    write_tree(tmp_path / "reports", {"2022/new.md": report("新报告2022", "pingshan-fl", 2022)})
    build(load_config(str(config_file)))  # same process, like `mkdocs serve` rebuilding
    archive = (tmp_path / "site/archive/index.html").read_text(encoding="utf-8")
    assert "团区委2021年工作总结" not in archive and "新报告2022" in archive
    assert not (tmp_path / "site/reports/2021/tqw").exists()
    assert "新报告2022" in (tmp_path / "site/years/2022/index.html").read_text(encoding="utf-8")


def test_serve_watches_reports_catalog_and_templates_every_fifth_of_a_second(tmp_path: Path) -> None:
    write_tree(tmp_path / "reports", SAMPLE)
    config = load_config(str(make_project(tmp_path)))
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    server.watch(config.docs_dir)  # what `mkdocs serve` watches before calling on_serve
    server.watch(config.config_file_path)
    server = load_hook().on_serve(server, config=config, builder=None)
    watched = sorted(emitter.watch.path for emitter in server.observer.emitters)
    assert len(watched) == 4 and {config.docs_dir, str(tmp_path / "reports"), str(REPO / "overrides")} <= set(watched)  # catalog.yml is in reports/
    assert any(config.config_file_path.startswith(path) for path in watched)  # watchdog watches a file through its folder
    assert server.observer.timeout == 0.2
    server.server_close()


@pytest.mark.expect_problems
def test_generated_page_clashing_with_docs_is_an_error(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    write_tree(tmp_path / "reports", SAMPLE)
    docs = write_tree(tmp_path / "docs", {"index.md": "# 首页\n", "archive/index.md": "# 手写的归档\n"})
    config_file = make_project(tmp_path)
    config_file.write_text(config_file.read_text(encoding="utf-8").replace(str(REPO / "docs"), str(docs)), encoding="utf-8")
    with pytest.raises(Abort), caplog.at_level(logging.ERROR):
        build(load_config(str(config_file)))
    assert "docs/archive/index.md 与自动生成的页面冲突" in caplog.text
