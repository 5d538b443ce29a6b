"""Read the text layer of a PDF in reading order, as paragraphs, for the pasted-text pipeline."""
from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTContainer, LTItem
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from .common import ImportFailure
from .pdf_lines import Glyph, page_lines, remove_furniture
from .pdf_paragraphs import join_paragraphs
from .source import read_bytes

MIN_CHARS_PER_PAGE = 20  # fewer on average: a scan (perhaps with a stamped page number), not a text layer
_UNMAPPED = "\ufffd"  # a glyph the PDF gives no character for
_OTHER_FILES = {b"PK\x03\x04": "Word（.docx）或其他压缩包", b"\xd0\xcf\x11\xe0": "旧版 Word（.doc）",
                b"\x89PNG": "PNG 图片", b"\xff\xd8\xff": "JPEG 图片", b"{\\rtf": "RTF 文档"}
_RETRY = "请重新导出或下载 PDF，或直接导入 Word 原件（.docx）"


def read_pdf(path: Path) -> str:
    """The report text of a PDF: one paragraph per line, a blank line between paragraphs; ImportFailure when unreadable."""
    data = read_bytes(path)
    check_pdf_bytes(data)
    with _quiet_pdfminer():
        pages = _read_glyphs(data)
    check_text_layer(pages)
    lines = remove_furniture([page_lines(glyphs, number) for number, glyphs in enumerate(pages)])
    drawn_spaces = any(g.text == " " for glyphs in pages for g in glyphs)
    return "\n\n".join(join_paragraphs([line for page in lines for line in page], drawn_spaces)) + "\n"


def check_pdf_bytes(data: bytes) -> None:
    """Refuse what is not a whole PDF file before parsing it."""
    if not data:
        raise ImportFailure("文件是空的（0 字节），不是有效的 PDF")
    if b"%PDF-" not in data[:1024]:
        kind = next((name for magic, name in _OTHER_FILES.items() if data.startswith(magic)), "")
        raise ImportFailure(f"不是有效的 PDF 文件（{f'看起来是 {kind}，' if kind else ''}文件开头没有 PDF 标记）；"
                            "请确认文件类型，用正确的扩展名导入")
    if b"%%EOF" not in data[-2048:]:
        raise ImportFailure(f"PDF 文件不完整（缺少文件结尾，可能下载或复制时中断），无法可靠读取；{_RETRY}")


def _read_glyphs(data: bytes) -> list[list[Glyph]]:
    """Every page's upright characters; any parser failure becomes an ImportFailure with a Chinese reason."""
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        resources = PDFResourceManager()
        device = PDFPageAggregator(resources, laparams=None)  # raw characters with positions; we do the layout
        interpreter = PDFPageInterpreter(resources, device)
        pages = [_page_glyphs(page, interpreter, device) for page in PDFPage.create_pages(document)]
    except PDFPasswordIncorrect:
        raise ImportFailure("PDF 文件设置了打开密码，无法读取：请在 PDF 阅读器中输入密码后另存为不加密的 PDF，"
                            "或直接导入 Word 原件（.docx）") from None
    except PDFEncryptionError:
        raise ImportFailure("PDF 文件使用了本工具不支持的加密方式，无法读取：请另存为不加密的 PDF，或直接导入 Word 原件（.docx）") from None
    except Exception as exc:  # a malformed file makes pdfminer fail in many ways (syntax, zlib, struct, key errors…)
        raise ImportFailure(f"PDF 文件已损坏或格式有误，无法读取（{type(exc).__name__}）；{_RETRY}") from None
    if not pages:
        raise ImportFailure(f"PDF 文件中没有任何页面；{_RETRY}")
    return pages


def _page_glyphs(page: PDFPage, interpreter: PDFPageInterpreter, device: PDFPageAggregator) -> list[Glyph]:
    """A page's upright characters: rotated text (a watermark) is not report text."""
    interpreter.process_page(page)
    chars = list(_chars(device.get_result()))
    if page.rotate and sum(not c.upright for c in chars) * 2 > len(chars):
        page.rotate = 0  # the page was only turned for display (saved while viewed sideways): read it as written
        interpreter.process_page(page)
        chars = list(_chars(device.get_result()))
    return [Glyph(_UNMAPPED if c.get_text().startswith("(cid:") else c.get_text(), c.x0, c.x1, c.matrix[5], c.size)
            for c in chars if c.upright]


def _chars(item: LTItem) -> Iterator[LTChar]:
    """The characters drawn on a page or in a figure on it."""
    if isinstance(item, LTChar):
        yield item
    elif isinstance(item, LTContainer):
        for child in item:
            yield from _chars(child)


def check_text_layer(pages: list[list[Glyph]]) -> None:
    """Refuse a PDF whose pages are pictures (a scan) or whose characters cannot be decoded."""
    inked = [g.text for glyphs in pages for g in glyphs if g.text.strip()]
    if len(inked) < MIN_CHARS_PER_PAGE * len(pages):
        raise ImportFailure(f"这个 PDF 没有文字层（共 {len(pages)} 页，只找到 {len(inked)} 个字符），可能是扫描件或图片："
                            "本工具不做文字识别（OCR）。请先用 OCR 软件识别成文字（带文字层的 PDF 或 Word），"
                            "或直接导入 Word 原件（.docx）")
    if inked.count(_UNMAPPED) * 10 > len(inked):
        raise ImportFailure("PDF 中的字体没有给出文字编码，提取出来的是乱码：请直接导入 Word 原件（.docx），"
                            "或先用 OCR 软件（文字识别）处理后再导入")


@contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """Keep pdfminer's English log messages about malformed files off the user's terminal while it reads."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)
