"""Whole .docx files: what LibreOffice writes, files that cannot be read (refused with a Chinese reason, never a traceback),
and the time a folder of reports takes."""
from __future__ import annotations

import base64
import io
import re
import shutil
import struct
import tempfile
import zipfile
from pathlib import Path

import pytest
from docx.document import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from nianbao.importing import run_import
from nianbao.importing.common import ImportFailure
from nianbao.importing.docx import read_docx
from nianbao.importing.structure import Extracted, render_markdown
from office import write_html, write_with_libreoffice
from test_import_docx_parts import (
    FOOTNOTE_TYPE,
    REPO,
    add_xml,
    field,
    note_ref,
    notes_part,
    png,
    render_html,
    rezip,
    run,
    save,
    with_part,
)

CATALOG = REPO / "reports" / "catalog.yml"


# What LibreOffice writes


def furnished_html(path: Path) -> Path:
    """A web page LibreOffice turns into a document with lists, a table, an embedded image, a footnote and links."""
    image = base64.b64encode(png(4, 4)).decode()
    path.write_text(f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title></head><body>
<p>坪山区妇联2022年工作总结</p>
<h1>一、主要工作</h1>
<p>全区建成母婴室85间<a class="sdfootnoteanc" name="sdfootnote1anc" href="#sdfootnote1sym"><sup>1</sup></a>，详见<a href="https://www.szpsq.gov.cn/fl (2022)">区妇联网站</a>，联系<a href="mailto:fl@example.org">邮箱</a>。</p>
<ul><li>妇女微家建设</li><li>儿童友好基地创建</li></ul>
<p>具体步骤：</p>
<ol><li>摸底调查</li><li>统一建设</li></ol>
<table border="1"><tr><td>项目</td><td>数量</td></tr><tr><td>母婴室</td><td>85间</td></tr></table>
<p><img src="data:image/png;base64,{image}" width="20" height="20"></p>
<p>以上为全年数据。</p>
<div id="sdfootnote1"><p><a class="sdfootnotesym" name="sdfootnote1sym" href="#sdfootnote1anc">1</a>数据截至2022年12月底。</p></div>
</body></html>
""", encoding="utf-8")
    return path


CONTENTS_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
<text:tracked-changes>
 <text:changed-region text:id="c1"><text:deletion><office:change-info><dc:creator>a</dc:creator><dc:date>2022-01-01T00:00:00</dc:date></office:change-info><text:p>80</text:p></text:deletion></text:changed-region>
 <text:changed-region text:id="c2"><text:insertion><office:change-info><dc:creator>a</dc:creator><dc:date>2022-01-01T00:00:00</dc:date></office:change-info></text:insertion></text:changed-region>
</text:tracked-changes>
<text:p>坪山区妇联2022年工作总结</text:p>
<text:table-of-content text:name="目录1">
 <text:table-of-content-source text:outline-level="3"><text:index-title-template>目录</text:index-title-template></text:table-of-content-source>
 <text:index-body>
  <text:index-title text:name="目录1_Head"><text:p>目录</text:p></text:index-title>
  <text:p><text:a xlink:type="simple" xlink:href="#__RefHeading___Toc1">一、主要工作<text:tab/>1</text:a></text:p>
  <text:p><text:a xlink:type="simple" xlink:href="#__RefHeading___Toc2">二、下一步计划<text:tab/>2</text:a></text:p>
 </text:index-body>
</text:table-of-content>
<text:h text:outline-level="1">一、主要工作</text:h>
<text:p>全区建成母婴室<text:change-start text:change-id="c1"/><text:change-end text:change-id="c1"/><text:change-start text:change-id="c2"/>85<text:change-end text:change-id="c2"/>间<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>含企业自建。</text:p></text:note-body></text:note>。<office:annotation><dc:creator>审稿人</dc:creator><text:p>批注不进正文</text:p></office:annotation>第<text:page-number text:select-page="current">1</text:page-number>页。</text:p>
<text:p><draw:frame draw:name="框1" text:anchor-type="paragraph" svg:width="5cm" svg:height="2cm"><draw:text-box><text:p>文本框文字</text:p></draw:text-box></draw:frame>正文继续。</text:p>
<text:h text:outline-level="1">二、下一步计划</text:h>
<text:p>继续推进母婴室建设。</text:p>
</office:text></office:body></office:document>
"""


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """.docx files LibreOffice wrote: from web pages (one soffice run) and from a flat ODT document (another)."""
    work = tmp_path_factory.mktemp("libreoffice")
    plain = write_html(work / "plain.html", ["坪山区妇联2022年工作总结", "今年以来，全区建成母婴室85间。", "坪山区妇联", "2023年1月10日"])
    pages = write_with_libreoffice([furnished_html(work / "furnished.html"), plain], "docx", work / "docx")
    (work / "contents.fodt").write_text(CONTENTS_FODT, encoding="utf-8")
    [contents] = write_with_libreoffice([work / "contents.fodt"], "docx", work / "docx")
    return {"furnished": pages[0], "plain": pages[1], "contents": contents}


def members(path: Path) -> dict[str, bytes]:
    """The parts of a .docx file by name."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_libreoffice_document_with_lists_a_table_an_image_a_footnote_and_a_link_keeps_all_of_them(libreoffice: dict[str, Path]) -> None:
    parts = members(libreoffice["furnished"])
    assert "数据截至2022年12月底" in re.sub("<[^>]+>", "", parts["word/footnotes.xml"].decode()) and any(n.startswith("word/media/") for n in parts)
    extracted = read_docx(libreoffice["furnished"])
    body = render_markdown(extracted.blocks)
    assert extracted.title == "坪山区妇联2022年工作总结" and extracted.text == ""  # structured: blocks, not text
    assert extracted.attachments == {"image1.png": png(4, 4)}
    assert body == ("## 一、主要工作\n\n全区建成母婴室85间[^1]，详见[区妇联网站](https://www.szpsq.gov.cn/fl%20%282022%29)，联系邮箱。\n\n"
                    "- 妇女微家建设\n- 儿童友好基地创建\n\n具体步骤：\n\n1. 摸底调查\n2. 统一建设\n\n"
                    "| 项目 | 数量 |\n| --- | --- |\n| 母婴室 | 85间 |\n\n![图1](image1.png)\n\n以上为全年数据。\n\n"
                    "[^1]: 数据截至2022年12月底。\n")
    assert extracted.notes == ["已去掉 1 个非网页链接：mailto:fl@example.org（只保留了链接文字）"]
    assert not [b.text for b in extracted.blocks if "[^" in b.text or "](" in b.text]
    html = render_html(body)
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>' in html and '<li id="fn:1">' in html
    assert "<table>" in html and "<ul>" in html and "<ol>" in html and '<img alt="图1" src="image1.png" />' in html
    assert '<a href="https://www.szpsq.gov.cn/fl%20%282022%29">区妇联网站</a>' in html


def test_a_libreoffice_document_without_a_numbering_part_imports(libreoffice: dict[str, Path], tmp_path: Path) -> None:
    assert "word/numbering.xml" not in members(libreoffice["plain"])  # what made python-docx raise NotImplementedError
    extracted = read_docx(libreoffice["plain"])
    assert (extracted.title, [b.text for b in extracted.blocks]) == (
        "坪山区妇联2022年工作总结", ["今年以来，全区建成母婴室85间。", "坪山区妇联", "2023年1月10日"])
    # Nothing but plain paragraphs: the importer reads it as the text it is (noise removed, reports split, signature found).
    assert extracted.text == "坪山区妇联2022年工作总结\n\n今年以来，全区建成母婴室85间。\n\n坪山区妇联\n\n2023年1月10日"
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(CATALOG, reports / "catalog.yml")
    out = io.StringIO()
    assert run_import([libreoffice["plain"]], reports, out=out) == 0, out.getvalue()
    report = (reports / "2022" / "pingshan-fl-annual.md").read_text(encoding="utf-8")
    assert "date: 2023-01-10" in report and report.endswith("\n今年以来，全区建成母婴室85间。\n")


def test_a_libreoffice_table_of_contents_comment_text_box_and_tracked_changes(libreoffice: dict[str, Path]) -> None:
    document = members(libreoffice["contents"])["word/document.xml"].decode()
    assert "Table of Contents" in document and "TOC " in document and "<w:del " in document and "txbxContent" in document
    extracted = read_docx(libreoffice["contents"])
    assert render_markdown(extracted.blocks) == ("## 一、主要工作\n\n全区建成母婴室85间[^1]。第1页。\n\n正文继续。\n\n"
                                                 "## 二、下一步计划\n\n继续推进母婴室建设。\n\n[^1]: 含企业自建。\n")
    assert extracted.notes == ["文本框：1 个文本框中的文字未导入，请核对是否需要：“文本框文字”"]


# Files that cannot be read


def compound_file(*streams: str) -> bytes:
    """A minimal OLE compound file (as Office writes .doc files and password-protected .docx) holding these streams,
    each 4096 bytes in regular sectors."""
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    sectors_each = 8
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0) + struct.pack("<I", 0) + b"\xff" * 4 * 108)
    fat = [fat_sector, end]
    for n in range(len(streams)):
        first = 2 + n * sectors_each
        fat += [*range(first + 1, first + sectors_each), end]
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat) + b"\xff" * (512 - 4 * len(fat))

    def entry(name: str, kind: int, child: int = free, right: int = free, start: int = end, size: int = 0) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (encoded.ljust(64, b"\0") + struct.pack("<HBBIII", len(encoded), kind, 1, free, right, child) + bytes(16 + 4 + 16)
                + struct.pack("<IQ", start, size))

    entries = [entry("Root Entry", 5, child=1)]
    entries += [entry(name, 2, right=n + 2 if n + 1 < len(streams) else free, start=2 + n * sectors_each, size=4096)
                for n, name in enumerate(streams)]
    directory = b"".join(entries).ljust(512, b"\0")
    return header + fat_bytes + directory + bytes(512 * sectors_each * len(streams))


def docx_without(tmp_path: Path, *names: str) -> Path:
    """A valid .docx file without these members."""
    return rezip(save(tmp_path, lambda d: d.add_paragraph("正文。"), "x.docx"), drop=names)


@pytest.mark.parametrize(("make", "reason"), [
    (lambda tmp: tmp / "gone.docx", "找不到文件"),
    (lambda tmp: tmp, "这是文件夹"),
    (lambda tmp: write(tmp, b"not a zip"), "文件不是 .docx 格式（不是 zip 压缩包）"),
    (lambda tmp: write(tmp, b""), "文件不是 .docx 格式（不是 zip 压缩包）"),
    (lambda tmp: write(tmp, compound_file("WordDocument", "1Table")), "文件是旧版 Word（.doc）格式"),
    (lambda tmp: write(tmp, compound_file("EncryptionInfo", "EncryptedPackage")), "文件设有打开密码（已加密）"),
    (lambda tmp: write(tmp, save(tmp, lambda d: d.add_paragraph("正文")).read_bytes()[:700]), "文件已损坏（压缩包不完整或有错误）"),
    (lambda tmp: docx_without(tmp, "word/document.xml"), "文件已损坏或不是 Word 文档（缺少正文 word/document.xml）"),
    (lambda tmp: rezip(docx_without(tmp), change={"word/document.xml": lambda xml: xml[:-40]}), "正文 word/document.xml 不是有效的 XML"),
    (lambda tmp: rezip(docx_without(tmp), change={"word/document.xml": lambda _: b"<workbook/>"}), "文件已损坏或不是 Word 文档"),
    (lambda tmp: excel_like(tmp), "文件是 Excel 表格，不是 Word 文档；请导入 Word 文档"),
])
def test_unreadable_files_are_refused_with_a_chinese_reason(tmp_path: Path, make, reason: str) -> None:
    with pytest.raises(ImportFailure) as failure:
        read_docx(make(tmp_path))
    assert str(failure.value).startswith("无法读取 Word 文档：") and reason in str(failure.value)


def write(tmp_path: Path, content: bytes) -> Path:
    """A file named .docx with this content."""
    path = tmp_path / "file.docx"
    path.write_bytes(content)
    return path


def excel_like(tmp_path: Path) -> Path:
    """A spreadsheet renamed to .docx: its package points to a workbook."""
    path = tmp_path / "book.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
        archive.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')
    return path


def test_the_encrypted_message_says_how_to_remove_the_password(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="取消打开密码"):
        read_docx(write(tmp_path, compound_file("EncryptionInfo", "EncryptedPackage")))


def test_a_document_without_any_text_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="没有正文文字"):
        read_docx(save(tmp_path, lambda d: d.add_paragraph("   ")))


def test_import_writes_nothing_for_a_refused_file(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(CATALOG, reports / "catalog.yml")
    refused = write(tmp_path, compound_file("EncryptionInfo", "EncryptedPackage"))
    out = io.StringIO()
    assert run_import([refused], reports, out=out) == 1
    assert "文件设有打开密码" in out.getvalue() and sorted(p.name for p in reports.rglob("*")) == ["catalog.yml"]


# Any mutation of a valid file: a result or a Chinese reason, never another exception


def rich_document() -> bytes:
    """A .docx with headings, numbering, a table, an image, a link, a footnote and fields: much for mutations to break."""
    with tempfile.TemporaryDirectory() as folder:
        image = Path(folder) / "a.png"
        image.write_bytes(png())

        def build(d: Document) -> None:
            d.add_heading("坪山区妇联2022年工作总结", 0)
            d.add_heading("主要工作", 1)
            d.add_paragraph("妇女微家", style="List Number")
            add_xml(d.add_paragraph("建成母婴室85间"), note_ref("footnote", 1) + field('HYPERLINK "https://example.org/"', run("网站"))
                    + field("TOC \\o", run("目录")))
            table = d.add_table(rows=2, cols=2)
            table.cell(0, 0).merge(table.cell(0, 1)).text = "合并"
            table.cell(1, 0).text = "85间"
            d.add_picture(str(image))

        path = with_part(save(Path(folder), build), "footnotes.xml", FOOTNOTE_TYPE, "footnotes",
                         notes_part("footnote", {1: "<w:p><w:r><w:t>脚注</w:t></w:r></w:p>"}))
        return path.read_bytes()


RICH = rich_document()
PROPERTY = settings(max_examples=250, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
GARBAGE = st.sampled_from(["", "-1", "0", "x", "99999999999999", "restart", "continue", "\u0000", "bullet", "é", " 1 ", "1.5"])


def mutated(data: bytes, choice: int, position: int, garbage: str) -> bytes:
    """The file with one kind of damage, chosen by `choice`, at `position`."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    names = sorted(parts)
    name = names[position % len(names)]
    kind = choice % 6
    if kind == 0:
        return data[:position % len(data)]  # truncated
    if kind == 1:
        del parts[name]  # a part missing
    elif kind == 2:
        parts[name] = parts[name][:position % max(len(parts[name]), 1)]  # a part cut short
    elif kind == 3:
        damaged = bytearray(data)
        damaged[position % len(data)] ^= 0x5A  # a flipped byte somewhere in the archive
        return bytes(damaged)
    else:
        parts[name] = damaged_xml(parts[name], position, garbage, attributes=kind == 4)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
    return out.getvalue()


def damaged_xml(data: bytes, position: int, garbage: str, attributes: bool) -> bytes:
    """XML with one attribute value replaced by garbage, or one element removed (unchanged when it is not XML)."""
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError:
        return data
    elements = list(root.iter())
    element = elements[position % len(elements)]
    if attributes and element.attrib:
        element.set(sorted(element.attrib)[position % len(element.attrib)], garbage.replace("\0", ""))
    elif element.getparent() is not None:
        element.getparent().remove(element)
    return etree.tostring(root)


@PROPERTY
@given(st.integers(0, 10**6), st.integers(0, 10**7), GARBAGE)
def test_a_damaged_file_gives_a_result_or_a_chinese_reason(choice: int, position: int, garbage: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.docx"
        path.write_bytes(mutated(RICH, choice, position, garbage))
        try:
            extracted = read_docx(path)
        except ImportFailure as exc:
            assert re.search(r"[\u4e00-\u9fff]", str(exc))
            return
    assert isinstance(extracted, Extracted) and all(b.text for b in extracted.blocks)
    render_markdown(extracted.blocks)
