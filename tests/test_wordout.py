"""Word export of one report (issue 20): the GB/T 9704 layout read back with python-docx, and the Markdown it renders."""
from __future__ import annotations

import datetime
import io
import math
import struct
import zlib
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from nianbao.catalog import load_catalog
from nianbao.fmt import format_quantity
from nianbao.model import Catalog, Report
from nianbao.problems import WARNING, Problem
from nianbao.reports import load_reports
from nianbao.wordout import render_report_docx

REPO = Path(__file__).resolve().parents[1]
REPORTS = REPO / "reports"
MM = Mm(1)
FONTS = {"Title": "方正小标宋简体", "Normal": "仿宋_GB2312", "Heading1": "黑体", "Heading2": "楷体_GB2312",
         "Heading3": "仿宋_GB2312", "Heading4": "仿宋_GB2312", "Footer": "宋体"}
BODY = """2021年，测试组织深入开展工作，现将有关情况报告如下。

## 一、主要工作

### （一）服务职工

全年开展活动**120场**，详见[网站](https://example.org/a?b=1&c=2)和[站内报告](../2020/x.md)，引用文件[^1]。

- 第一项
- 第二项
    - 子项

<!-- -->

1. 步骤一
2. 步骤二

| 项目 | 数量 |
| --- | ---: |
| 活动 | 120 |

![活动照片](photo.png)

![动图](anim.gif)

![缺失的图](missing.png)

![矢量图](diagram.svg)

![外部](https://example.org/x.png)

![越界](../../secret.png)

#### 1.第三级标题

##### （1）第四级标题

> 引文段落

[^1]: 注释内容。
"""


def png(width: int = 40, height: int = 20) -> bytes:
    """A small grey PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The default catalog."""
    return load_catalog(REPORTS / "catalog.yml")[0]


@pytest.fixture(scope="module")
def default_reports(catalog: Catalog) -> list[Report]:
    """The reports in the repository."""
    reports, _ = load_reports(REPORTS, catalog)
    return reports


@pytest.fixture(scope="module")
def sample(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, bytes, list[Problem], Report]:
    """A report using every Markdown feature, with images beside it; its document, bytes and warnings."""
    root = tmp_path_factory.mktemp("reports")
    (root / "2021").mkdir()
    (root / "2021" / "photo.png").write_bytes(png())
    (root / "2021" / "anim.gif").write_bytes(GIF)
    (root / "2021" / "diagram.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (root.parent / "secret.png").write_bytes(png())
    report = Report(source="2021/sample.md", url="reports/2021/sample/", title="坪山区群团工作部2021年工作总结",
                    org="pingshan-qtgzb", year=2021, type="annual", date=datetime.date(2022, 2, 6),
                    metrics={"union_rate": 100, "volunteers": 75000, "volunteer_hours": 2510000, "nursing_rooms": 85},
                    body=BODY, body_line=12)
    warnings: list[Problem] = []
    data = render_report_docx(report, catalog, reports_dir=root, warnings=warnings)
    return docx.Document(io.BytesIO(data)), data, warnings, report


def body_paragraphs(document: Document) -> list:
    """The paragraphs of the main text."""
    return list(document.paragraphs)


def east_asian(rpr) -> str | None:
    """w:rFonts/@w:eastAsia of a run or style property element."""
    fonts = None if rpr is None else rpr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_every_default_report_opens_in_python_docx_with_its_title_and_signature(catalog: Catalog, default_reports: list[Report]) -> None:
    for report in default_reports:
        document = docx.Document(io.BytesIO(render_report_docx(report, catalog, reports_dir=REPORTS)))
        texts = [p.text for p in document.paragraphs if p.text]
        assert texts[0] == report.title
        assert texts[-2] == catalog.orgs[report.org].name
        assert texts[-1] == (f"{report.date.year}年{report.date.month}月{report.date.day}日" if report.date else f"{report.year}年")


def test_the_page_is_a4_with_the_gbt_9704_margins(sample) -> None:
    section = sample[0].sections[0]
    for found, mm in ((section.page_width, 210), (section.page_height, 297), (section.top_margin, 37),
                      (section.bottom_margin, 35), (section.left_margin, 28), (section.right_margin, 26)):
        assert abs(found - Mm(mm)) <= MM, (found, mm)


def test_the_document_grid_gives_22_lines_of_28_characters(sample) -> None:
    section = sample[0].sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    pitch, char_space = int(grid.get(qn("w:linePitch"))), int(grid.get(qn("w:charSpace")))
    height = section.page_height.twips - section.top_margin.twips - section.bottom_margin.twips
    width = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
    assert height // pitch == 22
    normal = sample[0].styles["Normal"]
    char_pitch = normal.font.size.pt + char_space / 4096  # Word: the Normal font size plus charSpace/4096 pt
    assert int(width / 20 // char_pitch) == 28
    fmt = normal.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.line_spacing == Twips(pitch)
    assert fmt.first_line_indent == Twips(round(2 * char_pitch * 20))
    assert normal.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"


def test_styles_name_the_chinese_fonts_in_east_asian_and_every_script(sample) -> None:
    document = sample[0]
    for style_id, face in FONTS.items():
        style = next(s for s in document.styles if s.style_id == style_id)
        fonts = style.element.rPr.find(qn("w:rFonts"))
        assert {fonts.get(qn(f"w:{k}")) for k in ("ascii", "hAnsi", "eastAsia", "cs")} == {face}, style_id
        assert fonts.get(qn("w:hint")) == "eastAsia"
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert east_asian(defaults) == "仿宋_GB2312"
    assert not [name for name in defaults.find(qn("w:rFonts")).attrib if name.endswith("Theme")]  # a theme font would win
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_sizes_2_for_the_title_3_for_text_and_headings_4_for_page_numbers(sample) -> None:
    styles = sample[0].styles
    assert styles["Title"].font.size == Pt(22)
    assert styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        assert styles[name].font.size == Pt(16), name
        assert not styles[name].font.bold, name
    assert styles["Footer"].font.size == Pt(14)


def test_the_font_table_makes_the_fallbacks_real(sample) -> None:
    package = sample[0].part.package
    table = next(p for p in package.iter_parts() if p.partname == "/word/fontTable.xml")
    from lxml import etree
    fonts = {f.get(qn("w:name")): f for f in etree.fromstring(table.blob).iter(qn("w:font"))}
    alt = {name: f.find(qn("w:altName")).get(qn("w:val")) for name, f in fonts.items()}
    assert alt["方正小标宋简体"] == "宋体" and alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体"
    assert alt["黑体"] == "SimHei" and alt["宋体"] == "SimSun"
    assert {f.find(qn("w:charset")).get(qn("w:val")) for f in fonts.values()} == {"86"}  # GB2312
    assert fonts["方正小标宋简体"].find(qn("w:panose1")).get(qn("w:val")) == fonts["宋体"].find(qn("w:panose1")).get(qn("w:val"))


def test_runs_carry_the_east_asian_font_of_their_paragraph(sample) -> None:
    expected = {"Title": "方正小标宋简体", "Heading1": "黑体", "Heading2": "楷体_GB2312", "Heading3": "仿宋_GB2312",
                "Heading4": "仿宋_GB2312", None: "仿宋_GB2312"}
    seen = set()
    for paragraph in body_paragraphs(sample[0]):
        style = paragraph._p.pPr.find(qn("w:pStyle")).get(qn("w:val")) if paragraph._p.pPr is not None and paragraph._p.pPr.find(qn("w:pStyle")) is not None else None
        if style not in expected:
            continue
        for run in paragraph.runs:
            if run.text.strip():
                assert east_asian(run._r.rPr) == expected[style], (style, run.text)
                seen.add(style)
    assert seen == set(expected)


def test_markdown_headings_map_to_word_heading_levels(sample) -> None:
    styled = [(p.style.name, p.text) for p in sample[0].paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert styled == [("Title", "坪山区群团工作部2021年工作总结"), ("Heading 1", "一、主要工作"), ("Heading 2", "（一）服务职工"),
                      ("Heading 3", "1.第三级标题"), ("Heading 4", "（1）第四级标题")]
    heading = sample[0].styles["Heading 1"]
    assert heading.paragraph_format.keep_with_next and heading.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "0"


def test_page_numbers_are_em_dashed_page_fields_right_on_odd_and_left_on_even_pages(sample) -> None:
    document = sample[0]
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        assert not footer.is_linked_to_previous
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == side
        assert paragraph.text == "— 1 —"  # the PAGE field's last result between em dashes
        xml = paragraph._p
        assert [i.text.strip() for i in xml.iter(qn("w:instrText"))] == ["PAGE"]
        assert [c.get(qn("w:fldCharType")) for c in xml.iter(qn("w:fldChar"))] == ["begin", "separate", "end"]
        assert {east_asian(r.rPr) for r in xml.iter(qn("w:r"))} == {"宋体"}
        indent = xml.pPr.find(qn("w:ind"))
        assert int(indent.get(qn("w:right" if side == WD_ALIGN_PARAGRAPH.RIGHT else "w:left"))) == 280  # one 4号 character


def test_the_metrics_card_is_a_word_table_with_catalog_labels_and_chinese_numbers(sample, catalog: Catalog) -> None:
    report = sample[3]
    card = next(t for t in sample[0].tables if t._tbl.tblPr.find(qn("w:tblCaption")) is not None)
    assert card._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == "主要指标"
    cells = [c.text for row in card.rows for c in row.cells]
    assert cells[:4] == ["指标", "数值", "指标", "数值"]
    for metric_id, value in report.metrics.items():
        metric = catalog.metrics[metric_id]
        label = cells.index(metric.label)
        assert cells[label + 1] == format_quantity(value, metric.unit)
    assert "7.5万人" in cells and "251万小时" in cells


def test_markdown_tables_become_word_tables_with_a_repeated_header_and_alignment(sample) -> None:
    table = next(t for t in sample[0].tables if t.cell(0, 0).text == "项目")
    assert [[c.text for c in row.cells] for row in table.rows] == [["项目", "数量"], ["活动", "120"]]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.cell(1, 1).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert east_asian(table.cell(0, 0).paragraphs[0].runs[0]._r.rPr) == "黑体"


def test_bold_links_and_paragraph_indents(sample) -> None:
    paragraph = next(p for p in sample[0].paragraphs if p.text.startswith("全年开展活动"))
    assert [r.text for r in paragraph.runs if r.bold] == ["120场"]
    assert paragraph.text == "全年开展活动120场，详见网站和站内报告，引用文件。"
    links = paragraph._p.findall(qn("w:hyperlink"))
    assert len(links) == 1  # the relative link stays text: it means nothing outside the site
    rel = sample[0].part.rels[links[0].get(qn("r:id"))]
    assert rel.is_external and rel.target_ref == "https://example.org/a?b=1&c=2"
    assert paragraph.style.name == "Normal"  # whose first line is indented two characters


def test_lists_use_word_numbering_bullets_and_restarting_decimals(sample) -> None:
    items = [(p.text, p._p.pPr.numPr) for p in sample[0].paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert [text for text, _ in items] == ["第一项", "第二项", "子项", "步骤一", "步骤二"]
    levels = [int(num.ilvl.val) for _, num in items]
    assert levels == [0, 0, 1, 0, 0]
    numbering = sample[0].part.numbering_part.element
    formats = {}
    for num in numbering.findall(qn("w:num")):
        abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        definition = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract)
        formats[num.get(qn("w:numId"))] = definition.find(qn("w:lvl")).find(qn("w:numFmt")).get(qn("w:val"))
    assert [formats[str(num.numId.val)] for _, num in items] == ["bullet", "bullet", "bullet", "decimal", "decimal"]


def test_footnotes_are_real_word_footnotes(sample) -> None:
    document = sample[0]
    refs = list(document.element.body.iter(qn("w:footnoteReference")))
    assert len(refs) == 1
    part = next(p for p in document.part.package.iter_parts() if p.partname == "/word/footnotes.xml")
    from lxml import etree
    notes = {n.get(qn("w:id")): "".join(t.text for t in n.iter(qn("w:t"))).strip() for n in etree.fromstring(part.blob).iter(qn("w:footnote"))}
    assert notes[refs[0].get(qn("w:id"))] == "注释内容。"
    assert {"-1", "0"} <= notes.keys()  # the separators Word expects


def test_a_footnote_that_refers_to_itself_is_written_once(catalog: Catalog) -> None:
    body = "正文[^1]。\n\n[^1]: 注释，见[^1]。\n"  # the site renders it; the export used to recurse without end
    report = Report(source="2021/loop.md", url="", title="测试", org="pingshan-qtgzb", year=2021, type="annual", body=body)
    document = docx.Document(io.BytesIO(render_report_docx(report, catalog)))
    assert len(list(document.element.body.iter(qn("w:footnoteReference")))) == 1


def test_images_beside_the_report_are_embedded_and_the_rest_are_warnings_with_lines(sample) -> None:
    document, _, warnings, report = sample
    shapes = document.inline_shapes
    assert len(shapes) == 2
    descriptions = [s._inline.docPr.get("descr") for s in shapes]
    assert descriptions == ["活动照片", "动图"]
    types = sorted(p.content_type for p in document.part.package.iter_parts() if p.partname.startswith("/word/media/"))
    assert types == ["image/gif", "image/png"]
    assert all(w.severity == WARNING and w.path == "reports/2021/sample.md" and w.field == "body" for w in warnings)
    body_lines = report.body.split("\n")
    found = {w.message.split(" ")[1]: w for w in warnings}
    assert set(found) == {"missing.png", "diagram.svg", "https://example.org/x.png", "../../secret.png"}
    for src, warning in found.items():
        assert src in body_lines[warning.line - report.body_line]
    assert "不存在" in found["missing.png"].message
    assert "SVG 格式" in found["diagram.svg"].message
    assert "外部图片" in found["https://example.org/x.png"].message
    assert "reports/ 目录之外" in found["../../secret.png"].message
    texts = [p.text for p in document.paragraphs]
    assert "〔图片：缺失的图〕" in texts  # the description stands where the image would


def test_the_signature_closes_the_document_right_aligned_with_the_official_date(sample) -> None:
    paragraphs = [p for p in sample[0].paragraphs if p.text]
    org, date = paragraphs[-2], paragraphs[-1]
    assert (org.text, date.text) == ("坪山区群团工作部", "2022年2月6日")
    assert org.alignment is None and org.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    right = [int(p._p.pPr.find(qn("w:ind")).get(qn("w:rightChars"))) // 100 for p in (org, date)]
    starts = [r + math.ceil(sum(1 if ord(c) > 0x2E80 else 0.5 for c in p.text)) for r, p in zip(right, (org, date))]
    assert right[0] == 2 and starts[0] - starts[1] == 2  # org two characters from the edge, the date two further right
    assert int(org._p.pPr.find(qn("w:spacing")).get(qn("w:before"))) > 0  # a blank line below the text


def test_the_same_report_always_gives_the_same_bytes(sample, catalog: Catalog) -> None:
    report = sample[3]
    again = render_report_docx(report, catalog)  # without reports_dir the images are warnings, not embedded
    assert render_report_docx(report, catalog) == again
    assert again != sample[1]


def test_raw_html_comments_and_code_blocks(catalog: Catalog) -> None:
    body = "段落一\n\n<!-- -->\n\n<div>块 <b>HTML</b><script>alert(1)</script></div>\n\n```\ncode &lt; 1\n```\n\n甲&amp;乙 <span>丙</span>\n"
    report = Report(source="2021/html.md", url="", title="测试", org="pingshan-qtgzb", year=2021, type="annual", body=body)
    document = docx.Document(io.BytesIO(render_report_docx(report, catalog)))
    texts = [p.text for p in document.paragraphs if p.text][1:-2]
    assert texts == ["段落一", "块 HTML", "code &lt; 1", "甲&乙 丙"]


def test_a_date_longer_than_the_org_keeps_two_characters_and_moves_the_org_left() -> None:
    from nianbao.wordout.report import build_signature

    org, date = build_signature("团区委", "2022年12月16日")
    right = [int(p.find(qn("w:pPr")).find(qn("w:ind")).get(qn("w:rightChars"))) // 100 for p in (org, date)]
    assert right == [4 + 7 - 3, 2]  # the date (7 characters) two from the edge, the org starting two further left


def test_a_plan_shows_its_targets(catalog: Catalog) -> None:
    report = Report(source="2022/plan.md", url="", title="坪山区总工会2022年工作计划", org="pingshan-zgh", year=2022, type="plan",
                    targets={"union_rate": 100, "volunteers": 80000}, body="## 一、目标\n\n继续推进。\n")
    document = docx.Document(io.BytesIO(render_report_docx(report, catalog)))
    card = document.tables[0]
    assert card._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == "目标"
    assert [[c.text for c in row.cells] for row in card.rows] == [["指标", "目标"], ["建会率", "100%"], ["注册志愿者", "8万人"]]
