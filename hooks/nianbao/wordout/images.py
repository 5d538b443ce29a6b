"""Images a report links beside it (![说明](图.png)): found under reports/, checked, embedded; a warning for the rest."""
from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image
from docx.oxml.shape import CT_Inline
from docx.shared import Emu
from lxml import etree

from ..model import Report
from ..problems import WARNING, Problem
from .layout import EMU_PER_TWIP, LINE_PITCH, TEXT_HEIGHT, TEXT_WIDTH
from .package import Parts
from .wml import clean, el

EMBEDDABLE = {"image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif"}
OTHER_FORMATS = frozenset({"SVG", "WEBP", "BMP", "TIF", "TIFF", "EMF", "WMF", "ICO", "HEIC", "AVIF", "PDF"})
MAX_WIDTH = TEXT_WIDTH * EMU_PER_TWIP
MAX_HEIGHT = (TEXT_HEIGHT - 4 * LINE_PITCH) * EMU_PER_TWIP  # room for a heading and a line of text on the page
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")
_HINT = "Word 文件只嵌入 reports/ 中报告旁边、用相对路径引用的 PNG、JPEG 或 GIF 图片"


class Images:
    """The images of one report's body: embedded in the package, or a warning (file, line, message) each."""

    def __init__(self, parts: Parts, report: Report | None, reports_dir: Path | None, display: str, warnings: list[Problem]) -> None:
        self._parts = parts
        self._report = report
        self._root = reports_dir.resolve() if reports_dir else None
        self._display = display
        self._warnings = warnings
        self._seen: dict[str, int] = {}  # src → occurrences met, to find the line of the n-th one

    def build_run(self, src: str, alt: str) -> etree._Element | None:
        """A run holding the image at its size (shrunk to fit the text block); None, with a warning, when it cannot be."""
        found = self._load(src)
        if isinstance(found, str):
            self._warn(src, found)
            return None
        image = found
        cx, cy = int(image.width), int(image.height)
        scale = min(1.0, MAX_WIDTH / max(cx, 1), MAX_HEIGHT / max(cy, 1))
        rel_id = self._parts.image(image.blob, EMBEDDABLE[image.content_type])
        shape_id = self._parts.next_id()
        inline = CT_Inline.new_pic_inline(shape_id, rel_id, f"image{shape_id}.{EMBEDDABLE[image.content_type]}",
                                          Emu(round(cx * scale)), Emu(round(cy * scale)))
        inline.docPr.set("descr", clean(alt))  # the importer reads the alternative text back from here
        return el("w:r", None, el("w:drawing", None, inline))

    def _load(self, src: str) -> Image | str:
        """The image, or why it cannot be embedded (in Chinese)."""
        if _SCHEME.match(src):
            return "是外部图片，Word 文件不从外部加载内容，未嵌入"
        if self._root is None or self._report is None:
            return "无法定位（未提供报告目录），未嵌入"
        relative = unquote(src.split("#", 1)[0].split("?", 1)[0])
        if not relative or relative.startswith("/"):
            return "不是相对于报告的路径，未嵌入"
        path = (self._root / PurePosixPath(self._report.source).parent / relative).resolve()
        if not path.is_relative_to(self._root):
            return "在 reports/ 目录之外，未嵌入"
        if not path.is_file():
            return "不存在，未嵌入"
        try:
            image = Image.from_blob(path.read_bytes())
        except UnrecognizedImageError:
            suffix = path.suffix[1:].upper()
            return _unsupported(suffix) if suffix in OTHER_FORMATS else "无法识别（不是 PNG、JPEG 或 GIF 图片），未嵌入"
        except Exception:  # a broken file must not stop the document: python-docx's header readers raise anything
            return "无法读取（文件已损坏），未嵌入"
        if image.content_type not in EMBEDDABLE:
            return _unsupported(image.content_type.split("/")[-1].upper())
        return image

    def _warn(self, src: str, message: str) -> None:
        """Record a warning at the line of this occurrence of the image."""
        self._seen[src] = self._seen.get(src, 0) + 1
        line = 1
        if self._report is not None:
            line = self._report.body_line + find_line(self._report.body, src, self._seen[src])
        self._warnings.append(Problem(self._display, line, "body", f"图片 {src} {message}", _HINT, WARNING))


def _unsupported(kind: str) -> str:
    """Why an image of another format is not embedded."""
    return f"是 {kind} 格式，Word 文件只嵌入 PNG、JPEG、GIF 图片，未嵌入"


def find_line(body: str, needle: str, nth: int = 1) -> int:
    """The 0-based line of the body holding the n-th occurrence of `needle` (0 when it is not found)."""
    start = -1
    for _ in range(nth):
        start = body.find(needle, start + 1)
        if start < 0:
            return 0
    return body.count("\n", 0, start)
