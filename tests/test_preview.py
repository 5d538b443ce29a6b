"""The preview session's stamps, memo and clean-up, without MkDocs."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import SAMPLE, report, write_tree
from nianbao.build import build_site, build_view
from nianbao.preview import Session, remove_outputs, render_problems_json, reuse_templates, stamp, stamp_files, stamp_pages, start_session
from nianbao.problems import WARNING, Problem
from nianbao.project import ReadMemo, load_project
from nianbao.publish import Edition

EXTRA = {
    "2021/fl.md": report("区妇联2021年工作总结", "pingshan-fl", 2021, metrics="{mothers_rooms: 60}"),
    "2022/zgh.md": report("坪山区总工会2022年工作总结", "pingshan-zgh", 2022, metrics="{volunteers: 80000}"),
    "2022/zgh-plan.md": report("坪山区总工会2022年工作计划", "pingshan-zgh", 2022, "plan", targets="{volunteers: 90000}"),
}

EDITS = {  # name → (file, pattern, replacement); None as the file deletes nothing but adds a report
    "title": ("2021/zgh.md", r"^title: .*$", "title: 坪山区总工会2021年工作总结（修订）"),
    "body": ("2021/zgh.md", r"建会率达100%。", "建会率达100%，新建会员单位12家。"),
    "metric": ("2020/zgh.md", r"volunteers: 60000", "volunteers: 61000"),
    "target": ("2022/zgh-plan.md", r"volunteers: 90000", "volunteers: 70000"),
    "tags": ("2021/tqw.md", r"^tags: .*$", "tags: [青年驿站, 志愿服务]"),
    "date": ("2021/zgh.md", r'^date: .*$', 'date: 2022-02-01'),
    "year": ("2021/fl.md", r"^year: 2021$", "year: 2022"),
    "org": ("2021/tqw.md", r"^org: .*$", "org: pingshan-fl"),
    "catalog": ("catalog.yml", r"short: 区妇联", "short: 妇联"),
    "metric label": ("catalog.yml", r"label: 母婴室, unit: 间", "label: 母婴室数量, unit: 间"),
}


def load(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(input stamps, view stamps) of every page of the tree under root."""
    site = build_site(load_project(root / "reports"), Edition(preview=True))
    stamps, _ = stamp_pages(site, "base")
    views = {p.src_uri: stamp(p.render(), build_view(site, p.kind, p.key)) for p in site.pages}
    return stamps, views


@pytest.mark.parametrize("name", [*EDITS, "add", "delete"])
def test_a_page_whose_view_changes_always_gets_a_new_stamp(tmp_path: Path, name: str) -> None:
    write_tree(tmp_path / "reports", SAMPLE | EXTRA)
    before, views_before = load(tmp_path)
    if name == "add":
        write_tree(tmp_path / "reports", {"2021/fl-plan.md": report("区妇联2021年工作计划", "pingshan-fl", 2021, "plan")})
    elif name == "delete":
        (tmp_path / "reports/2021/tqw.md").unlink()
    else:
        rel, pattern, replacement = EDITS[name]
        path = tmp_path / "reports" / rel
        text, count = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), count=1, flags=re.M)
        assert count == 1
        path.write_text(text, encoding="utf-8")
    after, views_after = load(tmp_path)
    changed = {page for page in views_after if views_before.get(page) != views_after[page]}
    assert changed, "the edit changed no page at all"
    missed = [page for page in changed if before.get(page) == after[page]]
    assert missed == []
    untouched = [page for page in after if before.get(page) == after[page]]
    assert untouched or name == "catalog", "every page re-rendered: the stamps are no better than a full build"


def test_stamps_are_the_same_for_the_same_input(tmp_path: Path) -> None:
    write_tree(tmp_path / "reports", SAMPLE | EXTRA)
    assert load(tmp_path)[0] == load(tmp_path)[0]


def test_read_memo_rechecks_only_changed_files_and_forgets_on_a_new_catalog(tmp_path: Path) -> None:
    reports = write_tree(tmp_path / "reports", SAMPLE)
    memo = ReadMemo()
    first = load_project(reports, memo=memo)
    assert len(memo.reports) == len(first.reports)
    write_tree(reports, {"2021/tqw.md": report("团区委2021年工作总结（修订）", "pingshan-tqw", 2021)})
    second = load_project(reports, memo=memo)
    same = [r for r in second.reports if r.source != "2021/tqw.md"]
    assert all(any(r is s for s in first.reports) for r in same)  # the very objects from the first read
    assert next(r for r in second.reports if r.source == "2021/tqw.md").title.endswith("（修订）")
    assert len(memo.reports) == len(second.reports)  # the old text of tqw.md is not kept
    write_tree(reports, {"catalog.yml": SAMPLE["catalog.yml"].replace("坪山区总工会", "坪山区总工会（新）")})
    third = load_project(reports, memo=memo)
    assert not any(r is s for r in third.reports for s in second.reports)
    assert third == load_project(reports)


def test_memo_keeps_problems_of_unchanged_invalid_files(tmp_path: Path) -> None:
    reports = write_tree(tmp_path / "reports", SAMPLE | {"2021/bad.md": report("坏报告", "no-such-org", 2021)})
    memo = ReadMemo()
    assert load_project(reports, memo=memo).problems == load_project(reports, memo=memo).problems != ()


def test_crlf_reports_read_like_before(tmp_path: Path) -> None:
    reports = write_tree(tmp_path / "reports", SAMPLE)
    path = reports / "2021/tqw.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    loaded = load_project(reports)
    assert loaded.problems == () and "\r" not in next(r for r in loaded.reports if r.source == "2021/tqw.md").body


def test_remove_outputs_deletes_files_and_the_folders_they_empty(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", {"reports/2020/a/index.html": "a", "reports/2020/b/index.html": "b", "index.html": "home"})
    remove_outputs(site, ["reports/2020/a/index.html", "missing/index.html"])
    assert not (site / "reports/2020/a").exists() and (site / "reports/2020/b/index.html").is_file() and (site / "index.html").is_file()
    remove_outputs(site, ["reports/2020/b/index.html"])
    assert not (site / "reports").exists() and site.is_dir()


def test_stamp_files_sees_an_edit_and_a_new_file(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "overrides", {"main.html": "a"})
    first = stamp_files([folder, tmp_path / "absent"])
    (folder / "main.html").write_text("ab")
    second = stamp_files([folder])
    write_tree(folder, {"partials/x.html": ""})
    assert len({first, second, stamp_files([folder])}) == 3


def test_problems_json_lists_each_problem_with_its_severity() -> None:
    problems = [Problem("reports/a.md", 3, "year", "年份必须是整数", "例如 year: 2021"), Problem("reports/b.md", 1, "file", "扩展名", "", WARNING)]
    items = json.loads(render_problems_json(problems))["problems"]
    assert [i["severity"] for i in items] == ["error", "warning"]
    assert items[0]["text"] == problems[0].format() and "reports/a.md" in items[0]["text"] and "3" in items[0]["text"]


def test_sessions_start_fresh_and_only_serve_previews() -> None:
    assert start_session("build", dirty=False) == Session()
    serve = start_session("serve", dirty=True)
    assert serve.preview and serve.incremental
    serve.stamps["x"] = "y"
    serve.forget()
    assert serve.stamps == {} and start_session("serve", dirty=False).incremental is False
    start_session("build", dirty=False)


def test_templates_compile_once_per_session_and_recompile_when_edited(tmp_path: Path) -> None:
    from jinja2 import Environment, FileSystemLoader
    folder = write_tree(tmp_path / "theme", {"main.html": "{{ x }}!", "a.css": ""})
    session = Session()
    env = reuse_templates(Environment(loader=FileSystemLoader(str(folder))), session, "v1")
    assert env.get_template("main.html").render(x=1) == "1!" and len(session.templates) == 1
    assert env.list_templates() == ["a.css", "main.html"]
    stored = dict(session.templates)
    again = reuse_templates(Environment(loader=FileSystemLoader(str(folder))), session, "v1")
    assert again.get_template("main.html").render(x=2) == "2!" and session.templates == stored  # loaded, not recompiled
    (folder / "main.html").write_text("{{ x }}?")
    assert reuse_templates(Environment(loader=FileSystemLoader(str(folder))), session, "v1").get_template("main.html").render(x=3) == "3?"
    write_tree(folder, {"b.css": ""})
    assert again.list_templates() == ["a.css", "main.html"]  # same inputs: the listing is reused
    assert reuse_templates(Environment(loader=FileSystemLoader(str(folder))), session, "v2").list_templates() == ["a.css", "b.css", "main.html"]
