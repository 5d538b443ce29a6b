"""Word content beyond plain paragraphs: footnotes, images, links, fields, text boxes, comments, tracked changes, and
documents without a numbering or styles part, as Word, WPS and LibreOffice write them."""
from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph
from nianbao.importing.docx import read_docx
from nianbao.importing.structure import Extracted, render_markdown
from nianbao.render import build_renderer, load_markdown_settings

REPO = Path(__file__).resolve().parents[1]
NS = nsdecls("w", "r", "wp", "a", "pic", "m") + (' xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
                                                 ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
                                                 ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')
render_html = build_renderer(*load_markdown_settings(REPO / "mkdocs.yml"))


# Building test documents


def png(width: int = 2, height: int = 2, red: int = 255) -> bytes:
    """A small real PNG image of one colour."""
    raw = b"".join(b"\x00" + bytes([red, 0, 0]) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def save(tmp_path: Path, build: Callable[[Document], None], name: str = "report.docx") -> Path:
    """A Word file written by `build` into a fresh python-docx document."""
    document = docx.Document()
    build(document)
    path = tmp_path / name
    document.save(str(path))
    return path


def rezip(path: Path, drop: tuple[str, ...] = (), change: dict[str, Callable[[bytes], bytes]] | None = None,
          add: dict[str, bytes] | None = None) -> Path:
    """Rewrite a .docx in place: leave out members, transform others, add new ones."""
    change, add = change or {}, add or {}
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist() if name not in drop}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {**members, **add}.items():
            archive.writestr(name, change[name](data) if name in change else data)
    return path


def without_parts(path: Path, *kinds: str) -> Path:
    """The file without these parts ('numbering', 'styles' …) and their relationships, as LibreOffice and WPS leave them out."""
    rels = "word/_rels/document.xml.rels"
    with zipfile.ZipFile(path) as archive:
        targets = re.findall(rf'Type="[^"]*/(?:{"|".join(kinds)})" Target="([^"]+)"', archive.read(rels).decode())

    def strip(data: bytes) -> bytes:
        return re.sub(rf'<Relationship [^>]*Type="[^"]*/(?:{"|".join(kinds)})"[^>]*/>'.encode(), b"", data)

    return rezip(path, drop=tuple(f"word/{t}" for t in targets), change={rels: strip})


def with_part(path: Path, name: str, content_type: str, kind: str, xml: str) -> Path:
    """The file with a new XML part related to the document (footnotes, endnotes …)."""
    def relate(data: bytes) -> bytes:
        rel = f'<Relationship Id="rIdTest{kind}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{name}"/>'
        return data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")

    def declare(data: bytes) -> bytes:
        return data.replace(b"</Types>", f'<Override PartName="/word/{name}" ContentType="{content_type}"/></Types>'.encode())

    return rezip(path, change={"word/_rels/document.xml.rels": relate, "[Content_Types].xml": declare}, add={f"word/{name}": xml.encode()})


def notes_part(kind: str, notes: dict[int, str]) -> str:
    """footnotes.xml or endnotes.xml with Word's separator notes and these notes (each the XML of its paragraphs)."""
    separators = "".join(f'<w:{kind} w:type="{t}" w:id="{i}"><w:p><w:r><w:{t}/></w:r></w:p></w:{kind}>'
                         for i, t in ((-1, "separator"), (0, "continuationSeparator")))
    body = "".join(f'<w:{kind} w:id="{i}">{xml}</w:{kind}>' for i, xml in notes.items())
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind}s {NS}>{separators}{body}</w:{kind}s>'


def add_xml(paragraph: Paragraph, xml: str) -> Paragraph:
    """Append inline XML (runs, hyperlinks, fields …) to a paragraph."""
    for element in parse_xml(f"<w:p {NS}>{xml}</w:p>"):
        paragraph._p.append(element)
    return paragraph


def run(text: str) -> str:
    """The XML of a plain run."""
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def field(instruction: str, result: str) -> str:
    """The runs of a complex field with this instruction and result XML."""
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{result}<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def body(extracted: Extracted) -> str:
    """The Markdown body of what read_docx found."""
    return render_markdown(extracted.blocks)


def texts(extracted: Extracted) -> list[str]:
    """The plain text of each block."""
    return [b.text for b in extracted.blocks]


# Missing parts, tables without a grid


def lists_and_headings(d: Document) -> None:
    """A report with a heading style, a bulleted list style and a table."""
    d.add_heading("坪山区妇联2022年工作总结", 0)
    d.add_heading("主要工作", 1)
    d.add_paragraph("母婴室", style="List Bullet")
    d.add_paragraph("妇女微家", style="List Bullet")
    table = d.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "项目", (0, 1): "数量", (1, 0): "母婴室", (1, 1): "85间"}.items():
        table.cell(r, c).text = text
    d.add_paragraph("全区建成母婴室85间。")


def test_a_document_without_a_numbering_part_keeps_its_lists(tmp_path: Path) -> None:
    path = without_parts(save(tmp_path, lists_and_headings), "numbering")
    with zipfile.ZipFile(path) as archive:
        assert "word/numbering.xml" not in archive.namelist()
    extracted = read_docx(path)
    assert extracted.title == "坪山区妇联2022年工作总结"
    assert body(extracted) == ("## 主要工作\n\n- 母婴室\n- 妇女微家\n\n| 项目 | 数量 |\n| --- | --- |\n| 母婴室 | 85间 |\n\n"
                               "全区建成母婴室85间。\n")


def test_a_document_without_styles_or_numbering_still_knows_headings_by_style_id(tmp_path: Path) -> None:
    path = without_parts(save(tmp_path, lists_and_headings), "numbering", "styles")
    extracted = read_docx(path)
    assert extracted.title == "坪山区妇联2022年工作总结"  # the style id 'Title' says so
    assert texts(extracted) == ["主要工作", "母婴室", "妇女微家", "项目，数量。母婴室，85间。", "全区建成母婴室85间。"]
    assert extracted.blocks[0].level == 2


def test_a_table_without_a_column_grid(tmp_path: Path) -> None:
    path = save(tmp_path, lists_and_headings)
    rezip(path, change={"word/document.xml": lambda xml: re.sub(rb"<w:tblGrid>.*?</w:tblGrid>", b"", xml)})
    assert "| 项目 | 数量 |\n| --- | --- |\n| 母婴室 | 85间 |" in body(read_docx(path))


# Footnotes and endnotes


FOOTNOTE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
ENDNOTE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"


def note_ref(kind: str, note_id: int) -> str:
    """The run of a footnote or endnote reference."""
    return f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Reference w:id="{note_id}"/></w:r>'


def test_footnotes_and_endnotes_become_markdown_footnotes(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        d.add_paragraph("坪山区妇联2022年工作总结")
        add_xml(d.add_heading("", 1), run("主要工作") + note_ref("footnote", 3))
        add_xml(d.add_paragraph(), run("全区建成母婴室85间") + note_ref("footnote", 1) + run("，服务妇女*儿童*") + note_ref("endnote", 1)
                + run("。") + note_ref("footnote", 2) + note_ref("footnote", 7))
        add_xml(d.add_paragraph("数据见表。"), note_ref("footnote", 4))

    path = save(tmp_path, build)
    footnote = '<w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {}</w:t></w:r></w:p>'
    with_part(path, "footnotes.xml", FOOTNOTE_TYPE, "footnotes", notes_part("footnote", {
        1: footnote.format("截至12月底。") + '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>第二段</w:t></w:r></w:p>',
        2: "<w:p><w:r><w:footnoteRef/></w:r></w:p>",  # an empty note: no reference is written for it
        3: footnote.format("统计口径[以区统计局为准]"),
        4: footnote.format("1. 来源"),  # not a list inside the footnote
    }))
    with_part(path, "endnotes.xml", ENDNOTE_TYPE, "endnotes", notes_part("endnote", {1: footnote.format("尾注说明")}))
    extracted = read_docx(path)
    assert body(extracted) == ("## 主要工作[^1]\n\n全区建成母婴室85间[^2]，服务妇女\\*儿童\\*[^3]。\n\n数据见表。[^4]\n\n"
                               "[^1]: 统计口径\\[以区统计局为准\\]\n\n[^2]: 截至12月底。 **第二段**\n\n[^3]: 尾注说明\n\n[^4]: 1\\. 来源\n")
    assert texts(extracted) == ["主要工作", "全区建成母婴室85间，服务妇女*儿童*。", "数据见表。",
                                "统计口径[以区统计局为准]", "截至12月底。 第二段", "尾注说明", "1. 来源"]
    html = render_html(body(extracted))
    assert html.count('class="footnote-ref"') == 4 and '<div class="footnote">' in html and "截至12月底。" in html
    assert "<p>1. 来源" in html


def test_a_footnote_after_a_numbered_heading_stays_with_the_heading(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        d.add_paragraph("工作总结")
        add_xml(d.add_paragraph(), run("（一）加强学习") + note_ref("footnote", 1) + run("。今年以来，组织学习12场") + note_ref("footnote", 2) + run("。"))

    path = with_part(save(tmp_path, build), "footnotes.xml", FOOTNOTE_TYPE, "footnotes",
                     notes_part("footnote", {1: f"<w:p>{run('学习')}</w:p>", 2: f"<w:p>{run('场次')}</w:p>"}))
    extracted = read_docx(path)
    assert body(extracted) == "## （一）加强学习[^1]\n\n今年以来，组织学习12场[^2]。\n\n[^1]: 学习\n\n[^2]: 场次\n"
    assert texts(extracted) == ["（一）加强学习", "今年以来，组织学习12场。", "学习", "场次"]


def test_footnotes_without_a_footnotes_part_are_left_out(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        add_xml(d.add_paragraph("正文"), note_ref("footnote", 1) + run("继续。"))

    extracted = read_docx(save(tmp_path, build))
    assert body(extracted) == "正文继续。\n" and not extracted.notes


# Images


def picture_xml(rel_id: str, descr: str = "") -> str:
    """An inline DrawingML picture of an embedded image (as Word writes it)."""
    return (f'<w:r><w:drawing><wp:inline><wp:extent cx="19050" cy="19050"/><wp:docPr id="9" name="Picture 9" descr="{descr}"/>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
            f'<pic:cNvPr id="9" name="p"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rel_id}"/></pic:blipFill>'
            '<pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')


def test_images_become_attachments_linked_where_they_stand(tmp_path: Path) -> None:
    red, blue = tmp_path / "red.png", tmp_path / "blue.png"
    red.write_bytes(png())
    blue.write_bytes(png(red=0))

    def build(d: Document) -> None:
        d.add_paragraph("坪山区妇联2022年工作总结")
        d.add_picture(str(red))  # a picture on its own line
        paragraph = d.add_paragraph("活动现场")
        paragraph.add_run().add_picture(str(blue))
        paragraph.add_run("（见右图）。")
        blue_id = d.part.get_or_add_image(str(blue))[0]
        add_xml(d.add_paragraph(), picture_xml(blue_id, descr="妇女微家揭牌&#10;&#10;描述已自动生成"))  # the same image again
        old = d.add_paragraph("旧版图片：")
        add_xml(old, f'<w:r><w:pict><v:shape style="width:10pt;height:10pt"><v:imagedata r:id="{blue_id}" o:title="微家"/></v:shape></w:pict></w:r>')
        add_xml(d.add_paragraph("外部图片"), '<w:r><w:drawing><wp:inline><wp:docPr id="3" name="x"/><a:graphic><a:graphicData>'
                                             '<pic:pic><pic:blipFill><a:blip r:link="rId999"/></pic:blipFill></pic:pic>'
                                             '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')

    extracted = read_docx(save(tmp_path, build))
    assert extracted.attachments == {"image1.png": png(), "image2.png": png(red=0)}
    assert body(extracted) == ("![图1](image1.png)\n\n活动现场![图2](image2.png)（见右图）。\n\n![妇女微家揭牌](image2.png)\n\n"
                               "旧版图片：![微家](image2.png)\n\n外部图片\n")
    assert texts(extracted) == ["图1", "活动现场（见右图）。", "图2", "旧版图片：", "外部图片"]
    assert extracted.notes == ["图片：1 张图片没有嵌入文档（链接到文档外的文件）、已缺失或格式无法识别，未导入"]
    html = render_html(body(extracted))
    assert '<img alt="图1" src="image1.png"' in html and '<img alt="妇女微家揭牌" src="image2.png"' in html


def test_emf_and_wmf_images_are_kept_with_a_note(tmp_path: Path) -> None:
    picture = tmp_path / "chart.png"
    picture.write_bytes(png())
    path = save(tmp_path, lambda d: (d.add_paragraph("工作总结"), d.add_paragraph("图表如下："), d.add_picture(str(picture))))
    emf = b"\x01\x00\x00\x00" + bytes(80)
    with zipfile.ZipFile(path) as archive:
        media = next(n for n in archive.namelist() if n.startswith("word/media/"))
    rezip(path, drop=(media,), add={"word/media/chart.emf": emf}, change={
        "word/_rels/document.xml.rels": lambda data: data.replace(media.removeprefix("word/").encode(), b"media/chart.emf"),
        "[Content_Types].xml": lambda data: data.replace(b"</Types>", b'<Default Extension="emf" ContentType="image/x-emf"/></Types>'),
    })
    extracted = read_docx(path)
    assert extracted.attachments == {"image1.emf": emf}
    assert body(extracted) == "图表如下：\n\n![图1](image1.emf)\n"
    assert extracted.notes == ["图片：image1.emf 是 EMF/WMF 格式，浏览器无法显示；已作为附件保存，请在 Word 中将其另存为 PNG 图片后替换"]


# Hyperlinks


def test_web_links_are_kept_and_other_links_keep_only_their_text(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        def link(target: str, text: str, bold: bool = False) -> str:
            rel_id = d.part.relate_to(target, RT.HYPERLINK, is_external=True)
            weight = "<w:rPr><w:b/></w:rPr>" if bold else ""
            return f'<w:hyperlink r:id="{rel_id}"><w:r>{weight}<w:t xml:space="preserve">{text}</w:t></w:r></w:hyperlink>'

        add_xml(d.add_paragraph("详见"), link("https://www.szpsq.gov.cn/a b(1)<x>?q=妇联&p=*", "区政府[网站]")
                + run("和") + link("HTTP://example.org/", " 总工会 ", bold=True) + run("。"))
        add_xml(d.add_paragraph("联系"), link("mailto:fl@example.org", "邮箱") + run("、") + link("file:///C:/报告.doc", "原文")
                + run("、") + link("javascript:alert(1)", "脚本") + run("、") + link("mailto:fl@example.org", "再发邮件")
                + '<w:hyperlink w:anchor="_Toc1"><w:r><w:t>第一节</w:t></w:r></w:hyperlink>')
        add_xml(d.add_paragraph("域："), field('HYPERLINK "https://example.org/field" \\o "提示"', run("域链接"))
                + run("、") + field('HYPERLINK \\l "_Toc2"', run("书签"))
                + '<w:fldSimple w:instr=" HYPERLINK &quot;https://example.org/simple&quot; "><w:r><w:t>简单域</w:t></w:r></w:fldSimple>'
                + field('HYPERLINK "ftp://example.org/x"', run("文件服务器")))

    extracted = read_docx(save(tmp_path, build))
    assert body(extracted) == (
        "详见[区政府\\[网站\\]](https://www.szpsq.gov.cn/a%20b%281%29%3Cx%3E?q=%E5%A6%87%E8%81%94&p=%2A)和 [**总工会**](HTTP://example.org/) 。\n\n"
        "联系邮箱、原文、脚本、再发邮件第一节\n\n"
        "域：[域链接](https://example.org/field)、书签[简单域](https://example.org/simple)文件服务器\n")
    assert texts(extracted) == ["详见区政府[网站]和 总工会 。", "联系邮箱、原文、脚本、再发邮件第一节", "域：域链接、书签简单域文件服务器"]
    assert extracted.notes == [("已去掉 5 个非网页链接：mailto:fl@example.org、file:///C:/报告.doc、javascript:alert(1)、"
                                "ftp://example.org/x（只保留了链接文字）")]
    html = render_html(body(extracted))
    assert 'href="https://www.szpsq.gov.cn/a%20b%281%29%3Cx%3E?q=%E5%A6%87%E8%81%94&amp;p=%2A"' in html
    assert html.count("<a ") == 4 and "javascript" not in html and "mailto" not in html


def test_a_link_after_an_exclamation_mark_stays_a_link(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        rel_id = d.part.relate_to("https://example.org/", RT.HYPERLINK, is_external=True)
        d.add_paragraph("工作总结")
        add_xml(d.add_paragraph("Welcome!"), f'<w:hyperlink r:id="{rel_id}"><w:r><w:t>site</w:t></w:r></w:hyperlink>')

    html = render_html(body(read_docx(save(tmp_path, build))))
    assert "<img" not in html and '<a href="https://example.org/">site</a>' in html


# Fields: tables of contents, page numbers


def contents_field(d: Document, style: str | None) -> None:
    """A Word table of contents: a TOC field whose result spans several paragraphs."""
    first = d.add_paragraph(style=style)
    add_xml(first, '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
                   '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                   '<w:hyperlink w:anchor="_Toc1"><w:r><w:t>一、主要工作</w:t></w:r><w:r><w:tab/></w:r>'
                   + field("PAGEREF _Toc1 \\h", run("1")) + "</w:hyperlink>")
    add_xml(d.add_paragraph(style=style), '<w:hyperlink w:anchor="_Toc2"><w:r><w:t>二、下一步计划</w:t></w:r><w:r><w:tab/><w:t>2</w:t></w:r></w:hyperlink>')
    add_xml(d.add_paragraph(), '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def test_tables_of_contents_are_left_out_whatever_their_style(tmp_path: Path) -> None:
    for n, style in enumerate([None, "TOC 1", "Contents 1", "目录 1"]):
        def build(d: Document, style: str | None = style) -> None:
            if style and style not in [s.name for s in d.styles]:
                d.styles.add_style(style, 1)
            d.add_paragraph("坪山区妇联2022年工作总结")
            d.add_paragraph("目录", style=style)
            contents_field(d, style)
            d.add_heading("一、主要工作", 1)
            add_xml(d.add_paragraph("第"), field("PAGE", run("3")) + run("页，共") + field("NUMPAGES", run("9")) + run("页。"))

        extracted = read_docx(save(tmp_path, build, f"toc{n}.docx"))
        expected = ["一、主要工作", "第3页，共9页。"]
        assert texts(extracted) == (["目录", *expected] if style is None else expected), style


def test_a_content_control_holding_a_table_of_contents_is_left_out(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        d.add_paragraph("坪山区妇联2022年工作总结")
        d.add_heading("一、主要工作", 1)
        d.element.body.insert(1, parse_xml(
            f'<w:sdt {NS}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj>'
            f'</w:sdtPr><w:sdtContent><w:p>{run("目录")}</w:p><w:p>{run("一、主要工作")}<w:r><w:tab/><w:t>1</w:t></w:r></w:p>'
            '</w:sdtContent></w:sdt>'))
        d.element.body.insert(3, parse_xml(
            f'<w:sdt {NS}><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p>{run("单击或点击此处输入文字。")}</w:p></w:sdtContent></w:sdt>'))
        d.element.body.insert(4, parse_xml(f'<w:sdt {NS}><w:sdtPr/><w:sdtContent><w:p>{run("控件中的正文。")}</w:p></w:sdtContent></w:sdt>'))

    assert texts(read_docx(save(tmp_path, build))) == ["一、主要工作", "控件中的正文。"]


# Text boxes, comments, tracked changes and other inline content


TEXT_BOX = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="5" name="框"/><a:graphic>'
            '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>'
            '<w:p><w:r><w:t>文本框文字</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
            '</w:drawing></mc:Choice><mc:Fallback><w:pict><v:rect><v:textbox><w:txbxContent><w:p><w:r><w:t>文本框文字</w:t></w:r>'
            '</w:p></w:txbxContent></v:textbox></v:rect></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def test_text_boxes_comments_and_tracked_changes(tmp_path: Path) -> None:
    def build(d: Document) -> None:
        d.add_paragraph("坪山区妇联2022年工作总结")
        paragraph = add_xml(d.add_paragraph("建成母婴室"), '<w:del w:id="1" w:author="a"><w:r><w:delText>80</w:delText></w:r></w:del>'
                            '<w:ins w:id="2" w:author="a"><w:r><w:t>85</w:t></w:r></w:ins>' + run("间，")
                            + '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom>'
                            + '<w:moveTo w:id="4" w:author="a"><w:r><w:t>新位置</w:t></w:r></w:moveTo>'
                            + run("。").replace("<w:r>", "<w:r><w:rPr><w:vanish/></w:rPr>", 1).replace("。", "隐藏文字") + run("。"))
        d.add_comment(paragraph.runs[0], text="批注：核对数字", author="审稿人")
        add_xml(d.add_paragraph("正文继续"), TEXT_BOX + run("。"))
        add_xml(d.add_paragraph(), '<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>qún</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>群</w:t></w:r>'
                                   '</w:rubyBase></w:ruby></w:r>' + run("团工作，增长") +
                                   '<m:oMath><m:r><m:t>≥10%</m:t></m:r></m:oMath>'
                                   + run("。"))
        table = d.add_table(rows=2, cols=1)
        table.cell(0, 0).text, table.cell(1, 0).text = "保留行", "删除行"
        table.rows[1]._tr.get_or_add_trPr().append(parse_xml(f'<w:del {NS} w:id="9" w:author="a"/>'))

    path = save(tmp_path, build)
    extracted = read_docx(path)
    assert texts(extracted) == ["建成母婴室85间，新位置。", "正文继续。", "群团工作，增长≥10%。", "保留行。"]
    assert extracted.notes == ["文本框：1 个文本框中的文字未导入，请核对是否需要：“文本框文字”"]
    with zipfile.ZipFile(path) as archive:
        assert "批注：核对数字" in archive.read("word/comments.xml").decode()


def test_strict_open_xml_documents_read_like_transitional_ones(tmp_path: Path) -> None:
    path = save(tmp_path, lists_and_headings)
    usual = read_docx(path)
    strict = {b"http://schemas.openxmlformats.org/wordprocessingml/2006/main": b"http://purl.oclc.org/ooxml/wordprocessingml/main",
              b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": b"http://purl.oclc.org/ooxml/officeDocument/relationships"}

    def to_strict(data: bytes) -> bytes:
        for old, new in strict.items():
            data = data.replace(old, new)
        return data

    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.endswith((".xml", ".rels"))]
    rezip(path, change={name: to_strict for name in names})
    with zipfile.ZipFile(path) as archive:
        assert b"purl.oclc.org" in archive.read("word/document.xml")
    assert read_docx(path) == usual



def test_a_report_with_footnotes_keeps_its_signature_date(tmp_path: Path) -> None:
    from nianbao.catalog import load_catalog
    from nianbao.importing.pipeline import convert_extracted

    def build(d: Document) -> None:
        d.add_paragraph("坪山区妇联2022年工作总结")
        d.add_heading("一、主要工作", 1)
        add_xml(d.add_paragraph(), run("全区建成母婴室85间") + note_ref("footnote", 1) + run("。"))
        d.add_paragraph("坪山区妇女联合会")
        d.add_paragraph("2023年1月10日")

    path = save(tmp_path, build)
    footnote = '<w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 截至12月底。</w:t></w:r></w:p>'
    with_part(path, "footnotes.xml", FOOTNOTE_TYPE, "footnotes", notes_part("footnote", {1: footnote}))
    catalog, _ = load_catalog(REPO / "reports" / "catalog.yml")
    draft = convert_extracted(read_docx(path), catalog, "report").parts[0].draft
    assert draft is not None and str(draft.fields.date) == "2023-01-10"
    assert draft.body.endswith("全区建成母婴室85间[^1]。\n\n[^1]: 截至12月底。\n")  # the signature goes, the note stays
    assert not [r for r in draft.review if "不是完整的句子" in r]
