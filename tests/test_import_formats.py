"""Every format an office has, written by LibreOffice from the same text, imports as the same reports as that text."""
from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from imports import report_texts
from nianbao.frontmatter import parse_front_matter
from nianbao.importing import run_import
from nianbao.importing.clean import is_noise_line
from nianbao.importing.layout import unwrap_lines
from office import write_html, write_with_libreoffice
from project import REPO

SEEDS = Path(__file__).parent / "seeds"
FORMATS = ("docx", "doc", "wps", "odt", "rtf", "pdf", "html")
FIELDS = ("title", "org", "year", "type", "date")
ORG = "city-gqf"  # seed 001's fourth report names no org


def document_paragraphs(text: str) -> list[str]:
    """The paragraphs a document of this text has, one per line. Seed 000 is hard-wrapped as a web page showed it: its
    wrapped lines are joined (the website's notices and the title stay lines of their own), as its author wrote them."""
    lines: list[str] = []
    title = False
    for line in text.split("\n"):
        lines.append(line)
        if is_noise_line(line) or (line.strip() and not title and (title := True)):
            lines.append("")
    return [line for line in unwrap_lines(lines)]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A folder per format holding every source in it; 'txt' holds the texts themselves."""
    root = tmp_path_factory.mktemp("formats")
    texts = {path.stem[:3]: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}
    texts |= {f"gen{i}": text for i, text in enumerate(report_texts(3, seed=16).values())}  # bench/synth.py reports
    folders = {fmt: root / fmt for fmt in ("txt", *FORMATS)}
    folders["txt"].mkdir()
    (root / "source").mkdir()
    pages = []
    for name, text in texts.items():
        paragraphs = document_paragraphs(text)
        (folders["txt"] / f"{name}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")  # paragraphs apart, as in a document
        pages.append(write_html(root / "source" / f"{name}.html", paragraphs))
    documents = write_with_libreoffice(pages, "odt", folders["odt"])
    for fmt in ("docx", "doc", "rtf", "pdf", "html"):
        write_with_libreoffice(documents, fmt, folders[fmt])
    folders["wps"].mkdir()
    for doc in folders["doc"].iterdir():  # WPS Office saves .wps files in Word 97's binary format
        shutil.copy(doc, folders["wps"] / f"{doc.stem}.wps")
    return folders


def import_folder(folder: Path, root: Path) -> tuple[int, str, Path]:
    """Import a whole folder into a fresh reports/ holding the project's catalog: (exit code, log, reports/)."""
    reports = root / "reports"
    reports.mkdir(parents=True)
    shutil.copy(REPO / "reports" / "catalog.yml", reports / "catalog.yml")
    out = io.StringIO()
    code = run_import([folder], reports, org=ORG, out=out, log=root / "log.csv")
    return code, out.getvalue(), reports


def imported(reports: Path) -> dict[str, tuple[tuple[object, ...], str]]:
    """Each report written: (its fields, its body without whitespace)."""
    found = {}
    for path in sorted(reports.rglob("*.md")):
        front = parse_front_matter(path.read_text(encoding="utf-8"))
        found[path.relative_to(reports).as_posix()] = (tuple(str(front.data.get(f)) for f in FIELDS), re.sub(r"\s+", "", front.body))
    return found


def first_difference(expected: str, got: str) -> str:
    """Where two texts part, with some context."""
    at = next((i for i, (a, b) in enumerate(zip(expected, got)) if a != b), min(len(expected), len(got)))
    return f"at {at}: expected …{expected[max(0, at - 20):at + 40]}… got …{got[max(0, at - 20):at + 40]}…"


@pytest.fixture(scope="module")
def from_text(written: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[tuple[object, ...], str]]:
    """What the texts themselves import as."""
    code, log, reports = import_folder(written["txt"], tmp_path_factory.mktemp("txt"))
    assert code == 0, log
    return imported(reports)


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_imports_as_its_text_does(fmt: str, written: dict[str, Path], from_text: dict[str, tuple[tuple[object, ...], str]],
                                              tmp_path: Path) -> None:
    code, log, reports = import_folder(written[fmt], tmp_path)
    assert code == 0, log
    got = imported(reports)
    assert sorted(got) == sorted(from_text), (sorted(set(got) ^ set(from_text)), log)
    for path, (fields, body) in from_text.items():
        assert got[path][0] == fields, path
        assert got[path][1] == body, f"{path}: {first_difference(body, got[path][1])}"
    assert len(from_text) == 11  # 8 reports from the five seeds (one holds four) and three generated ones


def test_a_folder_of_mixed_and_broken_files(written: dict[str, Path], tmp_path: Path) -> None:
    drive = tmp_path / "共享盘导出"
    (drive / "2021年").mkdir(parents=True)
    shutil.copy(written["docx"] / "003.docx", drive / "2021年" / "坪山区群团工作部2021年总结.docx")
    shutil.copy(written["doc"] / "002.doc", drive / "xx总工会.doc")
    shutil.copy(written["pdf"] / "002.pdf", drive / "xx总工会（网站下载）.pdf")  # the same report again
    shutil.copy(written["rtf"] / "004.rtf", drive / "2021年" / "专题汇报.rtf")
    (drive / "损坏.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (drive / "损坏.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (drive / "空白.txt").write_text("\n\n", encoding="utf-8")
    (drive / "统计表.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (drive / "~$xx总工会.doc").write_bytes(b"lock")
    code, log, reports = import_folder(drive, tmp_path / "first")
    assert code == 1, log  # some files were refused
    assert "程序出错" not in log
    table = log[log.index("文件  "):log.index("\n", log.index("合计："))].splitlines()
    rows = {line.split()[0]: line for line in table[2:-1]}
    assert set(rows) == {"共享盘导出/2021年/坪山区群团工作部2021年总结.docx", "共享盘导出/2021年/专题汇报.rtf", "共享盘导出/xx总工会.doc",
                         "共享盘导出/xx总工会（网站下载）.pdf", "共享盘导出/损坏.doc", "共享盘导出/损坏.docx", "共享盘导出/空白.txt",
                         "共享盘导出/统计表.xls"} or rows
    assert "未导入" in rows["共享盘导出/损坏.doc"] and "LibreOffice 无法转换" in rows["共享盘导出/损坏.doc"]
    assert "未导入" in rows["共享盘导出/损坏.docx"] and "未导入" in rows["共享盘导出/空白.txt"]
    assert "已导入过" in rows["共享盘导出/xx总工会（网站下载）.pdf"] and "跳过" in rows["共享盘导出/统计表.xls"]
    assert table[-1] == "合计：导入 3 篇（其中 3 篇需人工核对），未导入 3 个，已导入过 1 篇（未重复写入，确需覆盖请加 --force），跳过 1 个不支持的文件。"
    assert sorted(imported(reports)) == ["2011/city-gqf-special.md", "2020/xx-zgh-annual.md", "2021/pingshan-qtgzb-annual.md"]
    record = (tmp_path / "first" / "log.csv").read_bytes()
    assert record.startswith(b"\xef\xbb\xbf\xe6\x96\x87\xe4\xbb\xb6,")  # UTF-8 BOM, then 文件,
    assert record.decode("utf-8-sig").count("\n") == 1 + 8

    again = io.StringIO()  # a second run over the same folder writes nothing new
    assert run_import([drive], reports, org=ORG, out=again) == 1
    assert sorted(imported(reports)) == ["2011/city-gqf-special.md", "2020/xx-zgh-annual.md", "2021/pingshan-qtgzb-annual.md"]
    assert "合计：导入 0 篇（其中 0 篇需人工核对），未导入 3 个，已导入过 4 篇" in again.getvalue()


def test_without_libreoffice_the_log_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nianbao.importing import office

    monkeypatch.setattr(office, "find_soffice", lambda: None)
    (tmp_path / "旧报告.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    code, log, _ = import_folder(tmp_path / "旧报告.doc", tmp_path / "run")
    assert code == 1 and "需要 LibreOffice 才能导入 .doc、.wps、.odt、.rtf 文件" in log and "libreoffice-writer-nogui" in log
