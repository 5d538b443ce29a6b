"""The `nianbao` command line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import SAMPLE, report, write_tree
from nianbao.cli import main

REPO = Path(__file__).resolve().parents[1]


def test_check_passes_a_valid_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path / "reports", SAMPLE)
    assert main(["check", str(tmp_path / "reports")]) == 0
    assert "已检查 6 篇报告，没有发现问题" in capsys.readouterr().err


def test_check_lists_every_problem_as_file_line_field_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path / "reports", {**SAMPLE, "a.md": report("甲", "pingshan-zhg", 2021), "b.md": report("乙", "pingshan-zgh", "2021年")})
    assert main(["check", str(tmp_path / "reports")]) == 1
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert f"{tmp_path}/reports/a.md:3: org: 未知组织 'pingshan-zhg'，是否为 'pingshan-zgh'？" in lines
    assert any(line.startswith(f"{tmp_path}/reports/b.md:4: year: 年份应为整数") for line in lines)
    assert "共 2 个错误" in out.err


def test_check_lists_warnings_and_fails_on_them_only_when_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd = report("区妇联2020年工作总结", "pingshan-fl", 2020, metrics="{union_rate: 130}")
    write_tree(tmp_path / "reports", {**SAMPLE, "2020/fl.md": odd})
    assert main(["check", str(tmp_path / "reports")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{tmp_path}/reports/2020/fl.md:6: metrics.union_rate: 警告：建会率 为 130%，超过 100%，"
                     "请核对数值；确实可以超过时，在 reports/catalog.yml 中为该指标设置更大的 max（现为 100%）"], lines
    assert main(["check", "--strict", str(tmp_path / "reports")]) == 1


def test_check_is_fast_and_builds_nothing(tmp_path: Path) -> None:
    # Not a timing assertion (see bench/): the command must not import the site builder or MkDocs at all.
    write_tree(tmp_path / "reports", SAMPLE)
    code = "import sys; from nianbao.cli import main; main(['check', sys.argv[1]]); print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'numpy', 'jinja2', 'markdown') or m in ('nianbao.build', 'nianbao.search')))"
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "reports")], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert not (tmp_path / "site").exists()


def test_pre_commit_hook_runs_the_strict_check(tmp_path: Path) -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    assert hook["language"] == "system" and hook["pass_filenames"] is False and hook["files"] == "^reports/"
    # Run the entry exactly as pre-commit would: from the repository root, with the project's .venv.
    project = tmp_path / "project"
    write_tree(project / "reports", {**SAMPLE, "2021/bad.md": report("甲", "pingshan-zhg", 2021)})
    (project / ".venv" / "bin").mkdir(parents=True)
    (project / ".venv" / "bin" / "nianbao").symlink_to(Path(sys.executable).parent / "nianbao")
    done = subprocess.run(hook["entry"].split(), cwd=project, capture_output=True, text=True)
    assert done.returncode == 1
    assert "reports/2021/bad.md:3: org: 未知组织 'pingshan-zhg'" in done.stdout
    (project / "reports/2021/bad.md").unlink()
    assert subprocess.run(hook["entry"].split(), cwd=project, capture_output=True, text=True).returncode == 0


def test_import_command_writes_a_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path / "reports", {"catalog.yml": SAMPLE["catalog.yml"]})
    source = tmp_path / "in.txt"
    source.write_text("坪山区总工会2021年工作总结\n一、主要工作\n全年建成母婴室85间。\n", encoding="utf-8")
    assert main(["import", str(source), "--reports", str(tmp_path / "reports")]) == 0
    written = tmp_path / "reports/2021/pingshan-zgh-annual.md"
    assert written.is_file() and "org: pingshan-zgh" in written.read_text(encoding="utf-8")
    assert main(["check", str(tmp_path / "reports")]) == 0


def test_console_script_is_installed() -> None:
    done = subprocess.run([Path(sys.executable).parent / "nianbao", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "import" in done.stdout and "check" in done.stdout and "serve" in done.stdout


def test_unknown_options_are_refused_outside_build_and_serve(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["check", "--frobnicate"])
    assert "无法识别的参数" in capsys.readouterr().err
