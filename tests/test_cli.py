"""The `nianbao` command line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLE, report, write_tree
from nianbao.cli import main


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
