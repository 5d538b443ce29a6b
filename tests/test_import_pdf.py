"""Tests of reading PDFs with a text layer: real LibreOffice PDFs of the seeds, running headers and footers, refusals."""
from __future__ import annotations

import html
import io
import random
import re
import shutil
import zlib
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text

from nianbao.frontmatter import parse_front_matter
from nianbao.importing import run_import
from nianbao.importing.clean import clean_noise_lines
from nianbao.importing.common import ImportFailure
from nianbao.importing.layout import unwrap_lines
from nianbao.importing.pdf import read_pdf
from nianbao.importing.pdf_lines import Glyph, Line, page_lines, remove_furniture
from nianbao.importing.pdf_paragraphs import join_paragraphs
from office import write_html, write_with_libreoffice

SEEDS = Path(__file__).resolve().parent / "seeds"
CATALOG = Path(__file__).resolve().parents[1] / "reports" / "catalog.yml"
PREFIXES = ("000", "001", "002", "003", "004")
ENCRYPTED = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
             '"DocumentOpenPassword":{"type":"string","value":"x"}}')
ORG = "坪山区群团工作部"  # the running header of the furnished document


def seed(prefix: str) -> Path:
    """The seed file with this number (tests/seeds/ is part of the repository)."""
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    assert found, f"seed {prefix} not found in {SEEDS}"
    return found[0]


def seed_lines(prefix: str) -> list[str]:
    """The non-empty lines of a seed."""
    return [line for line in seed(prefix).read_text(encoding="utf-8").splitlines() if line.strip()]


def authored_paragraphs(text: str) -> list[str]:
    """A seed's paragraphs as its author's document holds them: hard-wrapped lines (seed 000) joined as the importer
    joins them; the title and the website's lines on their own."""
    spaced: list[str] = []
    titled = False
    for line in text.splitlines():
        website = not clean_noise_lines([line])  # blank, or website furniture the importer drops
        spaced += [line] if titled and not website else ["", line, ""]
        titled = titled or not website
    return unwrap_lines(spaced)


def gongwen_html(path: Path, paragraphs: list[str]) -> Path:
    """HTML that LibreOffice opens as a 公文: each paragraph indented two characters, no space between paragraphs."""
    style = "text-indent:24pt;margin-top:0;margin-bottom:0"  # LibreOffice 7.4 ignores text-indent in em
    body = "\n".join(f'<p style="{style}">{html.escape(p)}</p>' for p in paragraphs if p.strip())
    path.write_text(f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>\n{body}\n</body></html>\n',
                    encoding="utf-8")
    return path


def furnished_fodt(path: Path, title: str, paragraphs: list[str], signature: str) -> Path:
    """A 公文 in ODF: a centred 22pt title long enough to wrap, justified 16pt body with a two-character indent and no
    paragraph spacing, a right-aligned signature, the org as running header and '— n —' page numbers in the footer.
    Its fonts have no Chinese, so LibreOffice draws Chinese from a fallback font and the curly quotes in runs of their own."""
    body = "".join(f'<text:p text:style-name="Body">{html.escape(p)}</text:p>' for p in paragraphs)
    size = 'fo:font-size="{0}" style:font-size-asian="{0}"'
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'"/></office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph"><style:text-properties style:font-name="DejaVu Serif"
  style:font-name-asian="DejaVu Serif" {size.format("16pt")} fo:language="zh" fo:country="CN" style:language-asian="zh"
  style:country-asian="CN"/></style:default-style>
 <style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-indent="32pt"
  fo:line-height="28pt" fo:margin-top="0pt" fo:margin-bottom="0pt" fo:text-align="justify"/></style:style>
 <style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center"
  fo:line-height="36pt" fo:margin-bottom="28pt"/><style:text-properties {size.format("22pt")}/></style:style>
 <style:style style:name="Signature" style:family="paragraph"><style:paragraph-properties fo:text-align="end"
  fo:line-height="28pt" fo:margin-top="28pt"/></style:style>
 <style:style style:name="Header" style:family="paragraph"><style:paragraph-properties fo:text-align="end"/>
  <style:text-properties {size.format("10.5pt")}/></style:style>
 <style:style style:name="Footer" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/>
  <style:text-properties {size.format("14pt")}/></style:style>
</office:styles>
<office:automatic-styles><style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="210mm"
 fo:page-height="297mm" fo:margin-top="20mm" fo:margin-bottom="20mm" fo:margin-left="28mm" fo:margin-right="26mm"/>
 <style:header-style><style:header-footer-properties fo:min-height="0mm" fo:margin-bottom="10mm"/></style:header-style>
 <style:footer-style><style:header-footer-properties fo:min-height="0mm" fo:margin-top="10mm"/></style:footer-style>
</style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4">
 <style:header><text:p text:style-name="Header">{ORG}</text:p></style:header>
 <style:footer><text:p text:style-name="Footer">— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer>
</style:master-page></office:master-styles>
<office:body><office:text><text:p text:style-name="Title">{html.escape(title)}</text:p>{body}
<text:p text:style-name="Signature">{html.escape(signature)}</text:p></office:text></office:body></office:document>
""", encoding="utf-8")
    return path


def image_pdf(path: Path, stamps: list[str]) -> Path:
    """A PDF of scanned pages: each page a picture, with at most a stamped page number as text."""
    pixels = zlib.compress(bytes(random.Random(0).randrange(256) for _ in range(64 * 64)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (5 + 2 * i) for i in range(len(stamps))), len(stamps)),
               b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8"
               b" /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(pixels), pixels),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for stamp in stamps:
        content = b"q 480 0 0 680 57 80 cm /Im0 Do Q" + (b" BT /F1 10 Tf 297 40 Td (%s) Tj ET" % stamp.encode() if stamp else b"")
        objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
                    b" /Resources << /XObject << /Im0 3 0 R >> /Font << /F1 4 0 R >> >> >>" % (len(objects) + 2),
                    b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)]
    data, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(data))
    return path


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """PDFs written by LibreOffice: each seed as a 公文, seed 003 as a web page, the furnished 公文, an encrypted PDF."""
    work = tmp_path_factory.mktemp("pdf")
    pages = [gongwen_html(work / f"{p}.html", authored_paragraphs(seed(p).read_text(encoding="utf-8"))) for p in PREFIXES]
    pages.append(write_html(work / "web-003.html", seed_lines("003")))
    lines = seed_lines("003")
    furnished = furnished_fodt(work / "furnished.fodt", lines[0], lines[1:-1], lines[-1])
    written = write_with_libreoffice([*write_with_libreoffice(pages, "odt", work / "odt"), furnished], "pdf", work / "pdf")
    encrypted = write_with_libreoffice([furnished], ENCRYPTED, work / "encrypted")
    return {path.stem: path for path in written} | {"encrypted": encrypted[0]}


def import_file(file: Path, tmp_path: Path) -> dict[str, tuple[dict, str]]:
    """{report path: (front matter, body)} of importing one file into a fresh reports folder (org fallback city-gqf)."""
    reports = tmp_path / f"reports-{file.suffix[1:]}-{file.stem}"
    reports.mkdir()
    shutil.copy(CATALOG, reports / "catalog.yml")
    out = io.StringIO()
    assert run_import([file], reports, org="city-gqf", out=out) == 0, out.getvalue()
    found = {p.relative_to(reports).as_posix(): parse_front_matter(p.read_text(encoding="utf-8")) for p in reports.rglob("*.md")}
    return {path: (front.data, front.body) for path, front in found.items()}


def same_reports(pdf: Path, text: Path, tmp_path: Path) -> dict[str, tuple[dict, str]]:
    """Import both files; assert the same reports (paths, front matter, body up to whitespace) and return them."""
    from_pdf, from_text = import_file(pdf, tmp_path), import_file(text, tmp_path)
    assert sorted(from_pdf) == sorted(from_text) and from_text
    for path, (data, body) in from_text.items():
        assert from_pdf[path][0] == data, path
        assert from_pdf[path][1].split() == body.split(), path
    return from_pdf


# --- real PDFs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_seed_as_pdf_imports_like_the_text(pdfs: dict[str, Path], prefix: str, tmp_path: Path) -> None:
    reports = same_reports(pdfs[prefix], seed(prefix), tmp_path)
    assert len(reports) == (4 if prefix == "001" else 1)


def test_web_style_pdf_and_headings(pdfs: dict[str, Path], tmp_path: Path) -> None:
    reports = same_reports(pdfs["web-003"], seed("003"), tmp_path)
    data, body = reports["2021/pingshan-qtgzb-annual.md"]
    assert data["title"] == "坪山区群团工作部2021年工作总结和2022年工作思路" and data["date"] == "2022-02-16"
    assert "## 一、2021年工作成绩" in body and "## 二、2022年工作思路" in body
    assert "### （六）聚焦“幸福之城”，实施“暖心服务”行动，持续推出“群团品牌”服务民生需求" in body


def test_running_header_footer_and_page_numbers_are_dropped(pdfs: dict[str, Path], tmp_path: Path) -> None:
    pdf = pdfs["furnished"]
    pages = extract_text(pdf).split("\f")[:-1]
    assert len(pages) >= 3
    for number, page in enumerate(pages, 1):
        assert ORG in page and f"— {number} —" in page, number
    assert read_pdf(pdf).rstrip("\n").split("\n\n") == [" ".join(line.split()) for line in seed_lines("003")]
    same_reports(pdf, seed("003"), tmp_path)


def test_reading_order_comes_from_positions(pdfs: dict[str, Path]) -> None:
    stream_order = extract_text(pdfs["furnished"])
    assert "“基础更实”" not in stream_order  # pdfminer's own extraction misplaces the quotes LibreOffice drew separately
    assert "——围绕“基础更实”，着力推动党建工作迈向新台阶。" in read_pdf(pdfs["furnished"])


# --- refusals -------------------------------------------------------------------------------------------


def refusal(path: Path) -> str:
    """The Chinese reason read_pdf gives for refusing a file."""
    with pytest.raises(ImportFailure) as failure:
        read_pdf(path)
    message = str(failure.value)
    assert re.search(r"[\u4e00-\u9fff]", message), message
    return message


@pytest.mark.parametrize("stamps", [[""], ["1", "2", "3"]])
def test_scanned_pdf_is_refused(tmp_path: Path, stamps: list[str]) -> None:
    message = refusal(image_pdf(tmp_path / "scan.pdf", stamps))
    assert all(word in message for word in ("没有文字层", "扫描", "文字识别", "OCR", "Word 原件")), message


def test_encrypted_pdf_is_refused(pdfs: dict[str, Path]) -> None:
    assert "密码" in refusal(pdfs["encrypted"])


@pytest.mark.parametrize(("content", "words"), [
    (b"", "空"), (b"\x00\x01garbage" * 500, "不是有效的 PDF"), (b"PK\x03\x04" + bytes(300), "Word"),
    (b"%PDF-1.7\n" + bytes(random.Random(1).randrange(256) for _ in range(4000)) + b"\n%%EOF\n", "已损坏"),
])
def test_non_pdf_and_garbage_are_refused(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    assert words in refusal(path)


def test_truncated_pdf_is_refused(pdfs: dict[str, Path], tmp_path: Path) -> None:
    data = pdfs["004"].read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert "不完整" in refusal(path)


def test_damaged_pdfs_fail_only_with_import_failure(pdfs: dict[str, Path], tmp_path: Path) -> None:
    data = pdfs["004"].read_bytes()
    rng = random.Random(16)
    damaged = [data[: len(data) * n // 12] + b"\n%%EOF\n" for n in range(1, 12)]
    for _ in range(20):
        at = rng.randrange(len(data) - 200)
        damaged.append(data[:at] + bytes(rng.randrange(256) for _ in range(rng.choice((1, 16, 200)))) + data[at + 200:])
    refused = 0
    for number, content in enumerate(damaged):
        path = tmp_path / f"damaged-{number}.pdf"
        path.write_bytes(content)
        try:
            assert isinstance(read_pdf(path), str)
        except ImportFailure as failure:
            assert re.search(r"[\u4e00-\u9fff]", str(failure)), failure
            refused += 1
    assert refused >= 5  # most truncations lose the page tree


# --- lines, on synthetic characters ---------------------------------------------------------------------


def _glyphs(text: str, x: float, base: float, width: float = 12.0, gap: float = 0.0) -> list[Glyph]:
    """Characters of `text` from x on one baseline, each `width` wide, `gap` apart."""
    return [Glyph(c, x + i * (width + gap), x + i * (width + gap) + width, base, 12.0) for i, c in enumerate(text)]


def test_lines_order_by_position_and_space_only_latin_words() -> None:
    glyphs = _glyphs("”驱动", 116, 700) + _glyphs("聚焦“双区", 56, 700.4)
    glyphs += _glyphs("APP", 56, 680, 6) + _glyphs("LED", 78, 680, 6) + _glyphs("年", 96, 680) + _glyphs("中文", 56, 660, gap=3)
    assert [line.text for line in page_lines(glyphs, 0)] == ["聚焦“双区”驱动", "APP LED年", "中文"]


def _line(text: str, base: float, page: int) -> Line:
    """A line of text at a height on a page."""
    return Line(text, 56, 56 + 12 * len(text), base, 12, 12, page)


def test_paragraphs_from_the_layout() -> None:
    def at(text: str, x0: float, x1: float, base: float, page: int = 0, size: float = 12) -> Line:
        return Line(text, x0, x1, base, size, size, page)

    lines = [at("XX区总工会2021年工作总结和2022年", 60, 532, 800, size=22), at("工作计划", 252, 340, 770, size=22),
             at("第一段首行", 80, 536, 730), at("第一段续行", 56, 536, 714), at("第一段末行。", 56, 200, 698),
             at("第二段首行", 80, 536, 682), at("第二段续行", 56, 536, 800, 1), at("第二段末行", 56, 300, 784, 1),
             at("第三段满行", 56, 536, 760, 1), at("第四段满行", 56, 536, 736, 1), at("宽表格行", 30, 580, 600, 1),
             at("某某单位", 400, 536, 560, 1), at("2022年2月16日", 420, 536, 544, 1)]
    assert join_paragraphs(lines, drawn_spaces=True) == [
        "XX区总工会2021年工作总结和2022年工作计划", "第一段首行第一段续行第一段末行。", "第二段首行第二段续行第二段末行",
        "第三段满行", "第四段满行", "宽表格行", "某某单位", "2022年2月16日"]


@pytest.mark.parametrize("number", ["3", "- 3 -", "— 3 —", "第 3 页", "第3页 共5页", "3 / 5", "Page 3", "page 3 of 5"])
def test_page_number_lines_are_dropped(number: str) -> None:
    page = [_line("正文第一行。", 700, 0), _line("1", 680, 0), _line("正文最后一行。", 660, 0), _line(number, 40, 0)]
    assert [line.text for line in remove_furniture([page])[0]] == ["正文第一行。", "1", "正文最后一行。"]


def test_running_lines_need_most_pages() -> None:
    body = ["第一行正文。", "第二行正文。", "第三行正文。"]
    pages = [[_line("XX区总工会", 800, n)] + [_line(t + "甲乙丙丁"[n], 700 - 20 * i, n) for i, t in enumerate(body)]
             + [_line(f"共5页 第{n + 1}页", 40, n)] for n in range(4)]
    pages[3][0] = _line("XX区总工会", 720, 3)  # another height: the page's text
    assert [[line.text for line in lines] for lines in remove_furniture(pages)] == [
        [t + "甲乙丙丁"[n] for t in body] for n in range(3)] + [["XX区总工会", *(t + "丁" for t in body)]]


def test_page_turned_for_display_is_read_as_written(pdfs: dict[str, Path], tmp_path: Path) -> None:
    data = pdfs["004"].read_bytes()
    box = re.search(rb"/MediaBox\[[^\]]*\]", data)
    assert box
    turned = b"/MediaBox[0 0 595 842]/Rotate 90".ljust(len(box[0]))  # same length: the cross-reference table stays valid
    path = tmp_path / "turned.pdf"
    path.write_bytes(data.replace(box[0], turned))
    assert read_pdf(path) == read_pdf(pdfs["004"])
