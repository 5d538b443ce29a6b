"""Exported Word files as LibreOffice prints them (issue 20): A4 pages, the line grid, page numbers, the fonts in the PDF.

The Chinese fonts the documents name (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体) are Windows and Founder fonts that
a Debian machine does not have: LibreOffice then asks fontconfig for a substitute, and the PDF names the substitute
(here WenQuanYi Micro Hei for Chinese, DejaVu Sans for Latin). So the test asserts that every font in the PDF is one the
document asks for or the one fontconfig gives in its place, and that the Chinese text comes out as text (no missing
glyphs), not that the named fonts are embedded. LibreOffice 7.4 never squeezes a glyph into a grid cell narrower than
the glyph, so it sets the 16 pt characters two 15.8 pt cells apart where Word and WPS set 28 to a line: the test counts
the 22 lines of a page, not the characters of a line.
"""
from __future__ import annotations

import functools
import io
import itertools
import subprocess
from pathlib import Path

import docx
import pytest
from nianbao.catalog import load_catalog
from nianbao.reports import load_reports
from nianbao.wordout import render_compilation_docx, render_report_docx
from office import write_with_libreoffice
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTPage, LTTextLine
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

REPORTS = Path(__file__).resolve().parents[1] / "reports"
REQUESTED = ("方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体")
A4 = (595.28, 841.89)
REPORT = "2021/pingshan-qtgzb-annual.md"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every default report and each year's compilation, exported and printed by one LibreOffice run; the sample
    report is "report" and the 2021 compilation "compilation"."""
    catalog = load_catalog(REPORTS / "catalog.yml")[0]
    reports = load_reports(REPORTS, catalog)[0]
    folder = tmp_path_factory.mktemp("pdf")
    for report in reports:
        name = "report" if report.source == REPORT else report.source.replace("/", "_").removesuffix(".md")
        (folder / f"{name}.docx").write_bytes(render_report_docx(report, catalog, reports_dir=REPORTS))
    for year in {r.year for r in reports}:
        name = "compilation" if year == 2021 else f"compilation-{year}"
        (folder / f"{name}.docx").write_bytes(render_compilation_docx(year, reports, catalog, "年报", reports_dir=REPORTS))
    written = write_with_libreoffice(sorted(folder.glob("*.docx")), "pdf", folder / "out")
    assert len(written) == len(reports) + len({r.year for r in reports})
    return {path.stem: path for path in written}


def pages(path: Path) -> list[LTPage]:
    """The laid-out pages of a PDF."""
    return list(extract_pages(str(path)))


def lines(page: LTPage) -> list[LTTextLine]:
    """Every text line of a page, top to bottom."""
    found: list[LTTextLine] = []

    def walk(item) -> None:
        if isinstance(item, LTTextLine):
            found.append(item)
        elif hasattr(item, "__iter__"):
            for child in item:
                walk(child)
    walk(page)
    return sorted(found, key=lambda line: -line.y0)


def text(line: LTTextLine) -> str:
    """A line's text without the spaces pdfminer puts between wide characters."""
    return "".join(line.get_text().split())


def base_fonts(path: Path) -> set[str]:
    """The BaseFont of every font the pages use, without the subset prefix ('BAAAAA+')."""
    with path.open("rb") as stream:
        document = PDFDocument(PDFParser(stream))
        names = set()
        for page in PDFPage.create_pages(document):
            for font in resolve1(page.resources.get("Font", {})).values():
                names.add(resolve1(font)["BaseFont"].name.split("+")[-1])
    return names


@functools.cache
def postscript_name(pattern: str) -> str:
    """The PostScript name of the font fontconfig gives for a pattern."""
    return subprocess.run(["fc-match", "-f", "%{postscriptname}", pattern], capture_output=True, text=True, check=True).stdout


def test_every_page_is_a4(pdfs: dict[str, Path]) -> None:
    for path in pdfs.values():
        with path.open("rb") as stream:
            for page in PDFPage.create_pages(PDFDocument(PDFParser(stream))):
                x0, y0, x1, y1 = page.mediabox
                assert (x0, y0) == (0, 0) and abs(x1 - A4[0]) < 1 and abs(y1 - A4[1]) < 1


def test_the_fonts_are_the_requested_ones_or_their_substitutes(pdfs: dict[str, Path]) -> None:
    allowed = {postscript_name(f"{name}:lang=zh-cn") for name in REQUESTED} | {postscript_name(name) for name in REQUESTED}
    chinese = {postscript_name(f"{name}:lang=zh-cn") for name in REQUESTED}
    for path in pdfs.values():
        used = base_fonts(path)
        assert used <= allowed, (used, allowed)
        assert used & chinese
    first = lines(pages(pdfs["report"])[0])
    assert text(first[0]) + text(first[1]) == "坪山区群团工作部2021年工作总结和2022年工作思路"


def test_a_full_page_holds_22_lines_on_the_grid(pdfs: dict[str, Path]) -> None:
    page = pages(pdfs["report"])[1]
    body = [line for line in lines(page) if line.y0 > 90]  # above the page number
    sizes = {round(ch.size) for line in body for ch in line if isinstance(ch, LTChar)}
    assert sizes == {16}  # 3号
    assert len(body) == 22
    pitches = {round(a.y0 - b.y0, 1) for a, b in itertools.pairwise(body)}
    assert all(abs(p - 28.95) < 0.2 for p in pitches), pitches


def test_page_numbers_sit_right_on_odd_pages_and_left_on_even_pages(pdfs: dict[str, Path]) -> None:
    for number, page in enumerate(pages(pdfs["report"]), start=1):
        footer = lines(page)[-1]
        assert text(footer) == f"—{number}—"
        assert {round(ch.size) for ch in footer if isinstance(ch, LTChar)} == {14}  # 4号
        if number % 2:
            assert abs(footer.x1 - (A4[0] - 73.7 - 14)) < 4  # one character in from the right edge of the text block
        else:
            assert abs(footer.x0 - (79.4 + 14)) < 4


def test_the_compilation_numbers_its_report_pages_from_one_after_an_unnumbered_cover_and_contents(pdfs: dict[str, Path]) -> None:
    laid_out = pages(pdfs["compilation"])
    texts = [[text(line) for line in lines(page)] for page in laid_out]
    assert texts[0][0] == "2021年度工作报告汇编"
    assert texts[1][0] == "目录" and "大鹏新区群团工作部" in "".join(texts[1])
    assert not any(t.startswith("—") for t in texts[0] + texts[1])
    assert texts[2][0] == "坪山区群团工作部" and texts[2][-1] == "—1—"
    titles = [t for page in texts for t in page if t.startswith("推进群团建设篇")]
    assert titles[-2:] == ["推进群团建设篇三", "推进群团建设篇二"]  # one org's undated reports of one type: by file name
    document = docx.Document(io.BytesIO((pdfs["compilation"].parent.parent / "compilation.docx").read_bytes()))
    assert len(document.sections) == 2
