"""Tests of reading Word (.docx) reports: headings, Word numbering, lists, bold, tables, title, failures and inline pieces."""
from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph
from nianbao.frontmatter import parse_front_matter
from nianbao.importing import run_import
from nianbao.importing.common import ImportFailure
from nianbao.importing.docx import read_docx
from nianbao.importing.docx_numbering import chinese_numeral
from nianbao.importing.docx_text import (
    PLAIN,
    Format,
    Mark,
    Piece,
    cut,
    group,
    has_bold,
    normalise,
    plain,
    render_inline,
)
from nianbao.importing.structure import Block, render_markdown

CATALOG = Path(__file__).resolve().parents[1] / "reports" / "catalog.yml"


def save(tmp_path: Path, build: Callable[[Document], None], name: str = "report.docx") -> Path:
    """A Word file written by `build` into a fresh python-docx document."""
    document = docx.Document()
    build(document)
    path = tmp_path / name
    document.save(str(path))
    return path


def read(tmp_path: Path, build: Callable[[Document], None]) -> tuple[str, list[Block], str]:
    """(title, blocks, Markdown body) of the document `build` writes."""
    extracted = read_docx(save(tmp_path, build))
    return extracted.title, extracted.blocks, render_markdown(extracted.blocks)


def add_list(document: Document, *formats: str) -> int:
    """Define a list in numbering.xml whose levels 0, 1, … use these numFmts; return its numId."""
    numbering = document.part.numbering_part.element
    abstract_id = max((int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))), default=-1) + 1
    num_id = max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0) + 1
    levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%{i + 1}、"/></w:lvl>'
                     for i, fmt in enumerate(formats))
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{levels}</w:abstractNum>')
    nums = numbering.findall(qn("w:num"))
    if nums:
        nums[0].addprevious(abstract)  # the schema puts every abstractNum before the first num
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'))
    return num_id


def numbered(document: Document, text: str, num_id: int, level: int = 0, style: str | None = None) -> Paragraph:
    """A paragraph with Word automatic numbering (w:numPr), whose number is not part of its text."""
    paragraph = document.add_paragraph(text, style=style)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def add_runs(document: Document, *runs: tuple[str, bool]) -> Paragraph:
    """A paragraph of runs, each (text, bold)."""
    paragraph = document.add_paragraph()
    for text, bold in runs:
        paragraph.add_run(text).bold = bold or None
    return paragraph


# Headings


def test_headings_by_word_style(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        d.add_heading("坪山区妇联2022年工作总结", 0)
        d.add_heading("主要工作", 1)
        d.add_paragraph("今年以来，我们做了很多工作。")
        d.add_heading("加强学习", 2)
        d.add_heading("理论学习", 4)  # two levels below the previous heading: only one deeper
        d.add_paragraph("组织学习12场。")
        d.add_heading("下一步计划", 1)

    title, blocks, body = read(tmp_path, build)
    assert title == "坪山区妇联2022年工作总结"
    assert [(b.level, b.text) for b in blocks] == [(2, "主要工作"), (0, "今年以来，我们做了很多工作。"), (3, "加强学习"),
                                                   (4, "理论学习"), (0, "组织学习12场。"), (2, "下一步计划")]
    assert body == "## 主要工作\n\n今年以来，我们做了很多工作。\n\n### 加强学习\n\n#### 理论学习\n\n组织学习12场。\n\n## 下一步计划\n"


def test_top_heading_style_becomes_a_section_and_chinese_style_names_count(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        d.add_paragraph("坪山区妇联2022年工作总结")
        d.add_heading("主要工作", 2)
        d.add_heading("加强学习", 3)
        chinese = d.styles.add_style("报告小标题", 1)
        chinese.element.get_or_add_name().set(qn("w:val"), "标题 2")  # as WPS names built-in styles
        d.add_paragraph("下一步计划", style=chinese)

    title, blocks, body = read(tmp_path, build)
    assert title == "坪山区妇联2022年工作总结"
    assert body == "## 主要工作\n\n### 加强学习\n\n## 下一步计划\n"


def test_headings_by_chinese_numbering_in_the_text(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        d.add_paragraph("一、主要工作")
        d.add_paragraph("（一）加强学习。今年以来，组织学习12场。")
        d.add_paragraph("1.开展培训")
        d.add_paragraph("（1）线上培训")
        d.add_paragraph("2.今年以来我们在学习上做了非常多的工作而且取得了显著的成效并且得到了上级领导的肯定。")
        d.add_paragraph("二、下一步计划")

    title, blocks, body = read(tmp_path, build)
    assert title == ""  # a numbered first line is a heading, not the title
    assert [(b.level, b.text) for b in blocks] == [
        (2, "一、主要工作"), (3, "（一）加强学习"), (0, "今年以来，组织学习12场。"), (4, "1.开展培训"), (5, "（1）线上培训"),
        (0, "2.今年以来我们在学习上做了非常多的工作而且取得了显著的成效并且得到了上级领导的肯定。"), (2, "二、下一步计划"),
    ]
    assert body.startswith("## 一、主要工作\n\n### （一）加强学习\n\n今年以来，组织学习12场。\n\n#### 1.开展培训\n\n##### （1）线上培训\n\n")


# Word automatic numbering and lists


def test_chinese_automatic_numbering_becomes_numbered_headings(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        d.add_paragraph("坪山区妇联2022年工作总结")
        chinese = add_list(d, "chineseCounting", "chineseCounting")
        numbered(d, "主要工作", chinese)
        numbered(d, "加强学习", chinese, level=1)
        d.add_paragraph("组织学习12场。")
        numbered(d, "关爱妇女", chinese, level=1)
        numbered(d, "下一步计划", chinese)
        numbered(d, "深化学习", chinese, level=1)  # restarts at （一） under a new top-level number
        numbered(d, "今年以来我们在学习上做了非常多的工作而且取得了显著的成效，并且得到了上级领导的肯定和群众的好评", chinese)

    title, blocks, body = read(tmp_path, build)
    assert title == "坪山区妇联2022年工作总结"
    assert body == ("## 一、主要工作\n\n### （一）加强学习\n\n组织学习12场。\n\n### （二）关爱妇女\n\n## 二、下一步计划\n\n"
                    "### （一）深化学习\n\n三、今年以来我们在学习上做了非常多的工作而且取得了显著的成效，并且得到了上级领导的肯定和群众的好评\n")
    assert blocks[0] == Block("一、主要工作", 2)


def test_chinese_automatic_numbering_on_heading_styles(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        chinese = add_list(d, "chineseCountingThousand")
        numbered(d, "主要工作", chinese, style="Heading 1")
        d.add_paragraph("正文。")
        numbered(d, "工作计划", chinese, style="Heading 1")

    _, _, body = read(tmp_path, build)
    assert body == "## 一、主要工作\n\n正文。\n\n## 二、工作计划\n"


def test_automatic_numbering_lists(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        d.add_paragraph("工作总结")
        d.add_paragraph("主要做法如下：")
        decimal = add_list(d, "decimal", "decimal", "decimal")
        numbered(d, "建立制度", decimal)
        numbered(d, "完善机制", decimal)
        numbered(d, "季度考核", decimal, level=1)
        numbered(d, "年度考核", decimal, level=1)
        numbered(d, "日常抽查", decimal, level=2)
        numbered(d, "强化保障", decimal)
        numbered(d, "专项经费", decimal, level=1)  # restarts at 1 under a new top-level item
        bullets = add_list(d, "bullet", "bullet")
        d.add_paragraph("重点项目：")
        numbered(d, "母婴室", bullets)
        numbered(d, "妇女微家", bullets, level=1)
        numbered(d, "儿童友好基地", bullets)

    _, blocks, body = read(tmp_path, build)
    assert body == ("主要做法如下：\n\n1. 建立制度\n2. 完善机制\n    1. 季度考核\n    2. 年度考核\n        1. 日常抽查\n3. 强化保障\n"
                    "    1. 专项经费\n\n重点项目：\n\n- 母婴室\n    - 妇女微家\n- 儿童友好基地\n")
    assert [b.text for b in blocks[1:4]] == ["建立制度", "完善机制", "季度考核"]  # plain text: no list markers
    assert all(b.tight and b.level == 0 for b in blocks[1:8])


def test_list_styles_and_numbering_restart_after_other_text(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        d.add_paragraph("第一项", style="List Number")
        d.add_paragraph("第二项", style="List Number")
        d.add_paragraph("细项", style="List Bullet 2")
        d.add_paragraph("说明文字。")
        d.add_paragraph("第三项", style="List Number")  # Word would show 3; Markdown starts a new list
        d.add_paragraph("要点", style="List Bullet")

    _, _, body = read(tmp_path, build)
    assert body == "1. 第一项\n2. 第二项\n    - 细项\n\n说明文字。\n\n1. 第三项\n\n<!-- -->\n\n- 要点\n"  # kept two lists


def test_list_items_never_start_deeper_than_one_level(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        d.add_paragraph("说明文字。")
        decimal = add_list(d, "decimal", "decimal", "decimal")
        numbered(d, "第三级开头", decimal, level=2)  # indented by 8 spaces it would be a code block
        numbered(d, "再深一级", decimal, level=2)

    _, _, body = read(tmp_path, build)
    assert body == "说明文字。\n\n1. 第三级开头\n    1. 再深一级\n"


def test_chinese_numeral() -> None:
    assert [chinese_numeral(n) for n in (1, 9, 10, 11, 20, 21, 99, 100)] == ["一", "九", "十", "十一", "二十", "二十一", "九十九", "100"]


# Bold and escaping


def test_bold_runs_and_literal_markdown_characters(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        add_runs(d, ("全区建成", False), ("母婴室", True), ("85间", True), ("，", False), (" 妇女微家 ", True), ("*活动* 与 __培训__、<b>。", False))
        strong = d.add_paragraph("通过")
        strong.add_run("“巾帼大讲堂”", style="Strong")  # bold through the character style
        strong.add_run("开展宣讲。")
        add_runs(d, ("工作亮点", True))  # bold and short: still a paragraph, not an invented heading
        add_runs(d, ("不加粗", False), ("", True), (" ", True))

    _, blocks, body = read(tmp_path, build)
    assert [b.text for b in blocks] == ["全区建成母婴室85间， 妇女微家 *活动* 与 __培训__、<b>。", "通过“巾帼大讲堂”开展宣讲。", "工作亮点", "不加粗"]
    assert body == ("全区建成**母婴室85间**， **妇女微家** \\*活动\\* 与 \\_\\_培训\\_\\_、&lt;b\\>。\n\n"
                    "通过**“巾帼大讲堂”**开展宣讲。\n\n**工作亮点**\n\n不加粗\n")
    assert [b.level for b in blocks] == [0, 0, 0, 0]
    assert blocks[3].markdown == ""  # nothing bold to show: the text is escaped when rendered


def test_bold_numbered_headings(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        add_runs(d, ("一、总体情况", True))
        add_runs(d, ("（一）加强", False), ("思想", True), ("引领。", False), ("今年以来，", False), ("重点", True), ("推进。", False))
        add_runs(d, ("（二）关爱妇女儿童。", True), ("建成", False), ("母婴室85间", True), ("。", False))

    _, blocks, body = read(tmp_path, build)
    assert [(b.level, b.text) for b in blocks] == [(2, "一、总体情况"), (3, "（一）加强思想引领"), (0, "今年以来，重点推进。"),
                                                   (3, "（二）关爱妇女儿童"), (0, "建成母婴室85间。")]
    assert body == ("## 一、总体情况\n\n### （一）加强**思想**引领\n\n今年以来，**重点**推进。\n\n"
                    "### （二）关爱妇女儿童\n\n建成**母婴室85间**。\n")


# Tables


def test_table_with_merged_cells_and_pipes(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        d.add_paragraph("工作总结")
        d.add_paragraph("主要指标如下：")
        table = d.add_table(rows=4, cols=3)
        rows = [["项目", "", "数量"], ["母婴室", "新建", "85间"], ["妇女微家", "", "12|个"], ["", "", ""]]
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        table.cell(0, 0).merge(table.cell(0, 1))  # header cell spanning two columns
        table.cell(2, 1).merge(table.cell(3, 1)).text = "改造"  # vertically merged
        cell = table.cell(3, 2)
        cell.text = "第一段"
        cell.add_paragraph("第二段")
        table.cell(3, 0).paragraphs[0].add_run("合计").bold = True
        d.add_paragraph("以上为全年数据。")

    _, blocks, body = read(tmp_path, build)
    assert body == ("主要指标如下：\n\n"
                    "| 项目 |  | 数量 |\n| --- | --- | --- |\n| 母婴室 | 新建 | 85间 |\n| 妇女微家 | 改造 | 12\\|个 |\n| **合计** |  | 第一段 第二段 |\n\n"
                    "以上为全年数据。\n")
    assert blocks[1].text == "项目，数量。母婴室，新建，85间。妇女微家，改造，12|个。合计，第一段 第二段。"
    assert blocks[1].level == 0 and not blocks[1].tight


def test_one_column_and_one_row_tables_and_rows_with_fewer_cells(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        column = d.add_table(rows=2, cols=1)
        column.cell(0, 0).text, column.cell(1, 0).text = "名称", "母婴室"
        row = d.add_table(rows=1, cols=2)
        row.cell(0, 0).text, row.cell(0, 1).text = "年份", "2022"
        ragged = d.add_table(rows=2, cols=2)
        ragged.cell(0, 0).text, ragged.cell(0, 1).text, ragged.cell(1, 0).text = "甲", "乙", "丙"
        ragged.rows[1]._tr.remove(ragged.rows[1]._tr.tc_lst[1])  # a row that lacks its last cell
        d.add_table(rows=2, cols=2)  # an empty table is dropped

    _, blocks, body = read(tmp_path, build)
    assert body == ("| 名称 |\n| --- |\n| 母婴室 |\n\n| 年份 | 2022 |\n| --- | --- |\n\n"
                    "| 甲 | 乙 |\n| --- | --- |\n| 丙 |  |\n")
    assert [b.text for b in blocks] == ["名称。母婴室。", "年份，2022。", "甲，乙。丙。"]


def test_tables_stay_in_document_order(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        d.add_paragraph("一、主要工作")
        d.add_table(rows=1, cols=1).cell(0, 0).text = "表一"
        d.add_paragraph("列表甲", style="List Number")
        d.add_table(rows=1, cols=1).cell(0, 0).text = "表二"
        d.add_paragraph("列表乙", style="List Number")

    _, blocks, body = read(tmp_path, build)
    assert [b.text for b in blocks] == ["一、主要工作", "表一。", "列表甲", "表二。", "列表乙"]
    assert body == "## 一、主要工作\n\n| 表一 |\n| --- |\n\n1. 列表甲\n\n| 表二 |\n| --- |\n\n1. 列表乙\n"  # a table ends a list


# Title, whitespace, failures


def test_title_from_the_title_style_anywhere_and_joined_over_lines(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        d.add_paragraph("附件1")
        d.add_heading("坪山区妇联", 0)
        d.add_heading("2022年工作总结", 0)
        d.add_paragraph("今年以来，我们做了很多工作。")

    title, blocks, _ = read(tmp_path, build)
    assert title == "坪山区妇联2022年工作总结"
    assert [b.text for b in blocks] == ["附件1", "今年以来，我们做了很多工作。"]


def test_title_from_the_first_line_only_when_it_reads_like_one(tmp_path: Path) -> None:
    def titled(d: Document) -> None:
        d.add_paragraph("")
        d.add_paragraph("　坪山区妇联2022年工作总结　")
        d.add_paragraph("今年以来，我们做了很多工作。")

    def untitled(d: Document) -> None:
        d.add_paragraph("今年以来，我们做了很多工作。")
        d.add_paragraph("一是加强学习。")

    assert read(tmp_path, titled)[:2] == ("坪山区妇联2022年工作总结", [Block("今年以来，我们做了很多工作。")])
    title, blocks, _ = read(tmp_path, untitled)
    assert title == "" and [b.text for b in blocks] == ["今年以来，我们做了很多工作。", "一是加强学习。"]


def test_empty_paragraphs_dropped_and_whitespace_normalised(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        d.add_paragraph("标题")
        d.add_paragraph("   ")
        d.add_paragraph("")
        d.add_paragraph("　　今年以来，\u00a0全区\t建成\n母婴室85间。")
        paragraph = d.add_paragraph("Women ")
        paragraph.add_run().add_break()
        paragraph.add_run("Federation  report\u3000")

    title, blocks, body = read(tmp_path, build)
    assert title == "标题"
    assert [b.text for b in blocks] == ["今年以来， 全区 建成母婴室85间。", "Women Federation report"]
    assert body == "今年以来， 全区 建成母婴室85间。\n\nWomen Federation report\n"


def test_table_of_contents_and_deleted_text_are_left_out_links_and_insertions_kept(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        d.styles.add_style("toc 1", 1)
        d.add_paragraph("主要工作……1", style="toc 1")
        paragraph = d.add_paragraph("建成母婴室")
        paragraph._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>80</w:delText></w:r></w:del>'))
        paragraph._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>85</w:t></w:r></w:ins>'))
        paragraph.add_run("间，详见")
        paragraph._p.append(parse_xml(f'<w:hyperlink {nsdecls("w")} w:anchor="x"><w:r><w:rPr><w:b/></w:rPr><w:t>附表</w:t></w:r></w:hyperlink>'))
        paragraph.add_run("。")

    _, blocks, body = read(tmp_path, build)
    assert [b.text for b in blocks] == ["建成母婴室85间，详见附表。"]
    assert body == "建成母婴室85间，详见**附表**。\n"


def test_dash_leads_are_headings_when_the_document_has_several(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        d.add_paragraph("一、成绩")
        d.add_paragraph("——围绕“基础更实”，推动党建。坚持引领。")
        d.add_paragraph("——围绕“实力更强”，激活动能。建会率达100%。")

    _, blocks, body = read(tmp_path, build)
    assert [(b.level, b.text) for b in blocks] == [(2, "一、成绩"), (3, "围绕“基础更实”，推动党建"), (0, "坚持引领。"),
                                                   (3, "围绕“实力更强”，激活动能"), (0, "建会率达100%。")]
    assert body.startswith("## 一、成绩\n\n### 围绕“基础更实”，推动党建\n\n坚持引领。\n\n")


@pytest.mark.parametrize(("content", "reason"), [
    (b"not a zip", "不是 .docx 格式"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "旧版 Word（.doc）格式"),
    (None, "已损坏或不是 Word 文档"),
])
def test_unreadable_files_fail_with_a_chinese_reason(tmp_path: Path, content: bytes | None, reason: str) -> None:
    path = tmp_path / "x.docx"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:  # a zip that is not a Word package
            archive.writestr("readme.txt", "hello")
    else:
        path.write_bytes(content)
    with pytest.raises(ImportFailure) as failure:
        read_docx(path)
    message = str(failure.value)
    assert message.startswith("无法读取 Word 文档：") and reason in message
    assert message.endswith("；如果其实是旧版 .doc 文件，请把扩展名改为 .doc 再导入（将用 LibreOffice 转换），或在 Word 中另存为 .docx")


def test_render_markdown_joins_only_consecutive_list_items() -> None:
    blocks = [Block("要点"), Block("甲", markdown="- 甲", tight=True), Block("乙", markdown="- **乙**", tight=True),
              Block("小结", 2, markdown="小**结**"), Block("a*b")]
    assert render_markdown(blocks) == "要点\n\n- 甲\n- **乙**\n\n## 小**结**\n\na\\*b\n"


# End to end: `nianbao import` of a Word file


def pingshan_report(d: Document) -> None:
    """A women's federation annual report with styled sections, a list and a table."""
    d.add_heading("坪山区妇联2022年工作总结", 0)
    d.add_heading("主要工作", 1)
    d.add_paragraph("全区建成母婴室85间。")
    d.add_paragraph("重点项目包括：")
    d.add_paragraph("妇女微家建设", style="List Bullet")
    d.add_paragraph("儿童友好基地创建", style="List Bullet")
    table = d.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "项目", (0, 1): "数量", (1, 0): "母婴室", (1, 1): "85间"}.items():
        table.cell(r, c).text = text
    d.add_heading("下一步计划", 1)
    d.add_paragraph("继续推进母婴室建设，新建母婴室20间。")


def test_import_of_a_word_report(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(CATALOG, reports / "catalog.yml")
    source = save(tmp_path, pingshan_report, "坪山妇联总结.docx")
    out = io.StringIO()
    assert run_import([source], reports, out=out) == 0, out.getvalue()
    front = parse_front_matter((reports / "2022" / "pingshan-fl-annual.md").read_text(encoding="utf-8"))
    assert (front.data["org"], front.data["year"], front.data["type"]) == ("pingshan-fl", 2022, "annual")
    assert front.data["title"] == "坪山区妇联2022年工作总结"
    assert front.data["metrics"] == {"nursing_rooms": 85}  # from the summary section, not the plan
    body = front.body
    assert "## 主要工作\n\n全区建成母婴室85间。\n\n重点项目包括：\n\n- 妇女微家建设\n- 儿童友好基地创建\n\n" in body
    assert "| 项目 | 数量 |\n| --- | --- |\n| 母婴室 | 85间 |\n\n## 下一步计划\n" in body
    assert "坪山区妇联2022年工作总结\n" not in body  # the title is in the front matter only


def test_import_refuses_a_corrupt_word_file(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(CATALOG, reports / "catalog.yml")
    broken = tmp_path / "x.docx"
    broken.write_bytes(b"not a zip")
    out = io.StringIO()
    assert run_import([broken], reports, out=out) == 1
    assert "无法读取 Word 文档" in out.getvalue() and not list(reports.rglob("*.md"))


# Inline pieces: links, footnote references and images in the text


def test_render_inline_writes_bold_links_and_marks_and_escapes_the_rest() -> None:
    note, image = Mark("note", "footnote:1"), Mark("image", "word/media/a.png")
    shown = {note: "[^1]", image: "![图1](image1.png)"}
    pieces: list[Piece] = [("见", PLAIN), ("网站", Format(True, "https://a.org/x y")), (" [1] ", Format(False, "https://a.org/x y")),
                           ("", Format(mark=note)), ("与*图*", PLAIN), ("", Format(mark=image)), ("!", PLAIN),
                           ("链接", Format(link="https://b.org/(1)"))]
    assert render_inline(pieces, shown.__getitem__) == ("见[**网站** \\[1\\]](https://a.org/x%20y) [^1]与\\*图\\*![图1](image1.png)"
                                                        "\\![链接](https://b.org/%281%29)")
    assert plain(pieces) == "见网站 [1] 与*图*!链接"
    assert render_inline(pieces) == "见[**网站** \\[1\\]](https://a.org/x%20y) 与\\*图\\*\\![链接](https://b.org/%281%29)"  # marks need `show`


def test_pieces_of_the_web_page_reader_are_plain_text_and_bold_pairs() -> None:
    pieces = group(normalise([(c, False) for c in " 全区 "] + [(c, True) for c in "建成\n母婴室"]))
    assert pieces == [("全区 ", False), ("建成母婴室", True)]
    assert render_inline(pieces) == "全区 **建成母婴室**" and has_bold(pieces) and plain(pieces) == "全区 建成母婴室"


def test_cut_keeps_marks_with_the_text_before_them() -> None:
    mark = ("", Format(mark=Mark("note", "footnote:1")))
    pieces = [("", Format(mark=Mark("image", "i"))), ("（一）加强学习", PLAIN), mark, ("。今年以来", PLAIN)]
    assert cut(pieces, 0, 7, marks_until=8) == [pieces[0], ("（一）加强学习", PLAIN), mark]
    assert cut(pieces, 8, 12) == [("今年以来", PLAIN)]



def test_a_document_without_word_markup_is_also_given_as_its_text(tmp_path: Path) -> None:
    def plain_paragraphs(d: Document) -> None:
        d.add_paragraph("坪山区妇联2022年工作总结")
        d.add_paragraph("一、主要工作")  # a heading only by its text: the text importer finds it as well
        d.add_paragraph("全区建成母婴室85间。")

    extracted = read_docx(save(tmp_path, plain_paragraphs))
    assert extracted.text == "坪山区妇联2022年工作总结\n\n一、主要工作\n\n全区建成母婴室85间。"
    assert [b.level for b in extracted.blocks] == [2, 0]
    assert read_docx(save(tmp_path, lambda d: (plain_paragraphs(d), add_runs(d, ("加粗", True))), "bold.docx")).text == ""
