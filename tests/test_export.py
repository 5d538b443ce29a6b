"""`nianbao export`: Word files of single reports and of a year's compilation, written without building the site."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest

from conftest import SAMPLE, report, write_tree
from nianbao.cli import main


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """SAMPLE under tmp_path/reports with an mkdocs.yml naming the site; the working directory is tmp_path."""
    write_tree(tmp_path / "reports", SAMPLE)
    (tmp_path / "mkdocs.yml").write_text("site_name: 测试区群团工作年报\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REPORTS_AUDIENCE", raising=False)
    return tmp_path


def styled(path: Path, style: str) -> list[str]:
    """The text of every paragraph of a style in a .docx."""
    return [p.text for p in docx.Document(str(path)).paragraphs if p.style is not None and p.style.name == style]


def test_a_year_is_exported_as_its_compilation(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--year", "2021", "--out", "out"]) == 0
    path = project / "out/2021年度工作报告汇编.docx"
    assert str(path.relative_to(project)) in capsys.readouterr().out
    assert styled(path, "Heading 2") == ["坪山区总工会2021年工作总结", "坪山区总工会2021年工作计划", "团区委2021年工作总结"]
    assert "测试区群团工作年报" in [p.text for p in docx.Document(str(path)).paragraphs]


def test_reports_are_exported_one_file_each(project: Path) -> None:
    assert main(["export", "reports/2021/zgh.md", "reports/2019/fl.md", "--out", "out"]) == 0
    assert sorted(p.name for p in (project / "out").iterdir()) == ["区妇联2019年工作总结.docx", "坪山区总工会2021年工作总结.docx"]
    assert docx.Document(str(project / "out/坪山区总工会2021年工作总结.docx")).paragraphs[0].text == "坪山区总工会2021年工作总结"


def test_the_default_folder_is_the_current_one(project: Path) -> None:
    assert main(["export", "reports/2021/tqw.md"]) == 0
    assert (project / "团区委2021年工作总结.docx").is_file()


def test_invalid_reports_are_refused_with_the_problem_list(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(project / "reports", {"2021/bad.md": report("错误的报告", "no-such-org", 2021)})
    assert main(["export", "--year", "2021", "--out", "out"]) == 1
    captured = capsys.readouterr()
    assert "reports/2021/bad.md:3: org:" in captured.out and "未导出" in captured.err
    assert not (project / "out").exists()


def test_what_is_not_a_report_or_has_no_reports_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "README.md", "--out", "out"]) == 2
    assert "不是 reports/ 中可导出的报告" in capsys.readouterr().err
    assert main(["export", "--year", "1999", "--out", "out"]) == 2
    assert "1999 年没有报告" in capsys.readouterr().err
    assert main(["export"]) == 2


def test_the_public_audience_exports_only_public_reports(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(project / "reports", {"2021/tqw.md": SAMPLE["2021/tqw.md"].replace("type: annual", "type: annual\npublic: true")})
    monkeypatch.setenv("REPORTS_AUDIENCE", "public")
    assert main(["export", "--year", "2021", "--out", "out"]) == 0
    assert styled(project / "out/2021年度工作报告汇编.docx", "Heading 2") == ["团区委2021年工作总结"]
    assert main(["export", "reports/2021/zgh.md", "--out", "out"]) == 2
