"""Open a .docx package (a zip of XML parts): its main document, relationships and parts, or say why it cannot be read."""
from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from .common import ImportFailure

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml", "o": "urn:schemas-microsoft-com:office:office",
}
# Word's "Strict Open XML" documents use other namespace names for the same elements.
_STRICT = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": W.encode(),
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": NS["r"].encode(),
    b"http://purl.oclc.org/ooxml/drawingml/main": NS["a"].encode(),
    b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing": NS["wp"].encode(),
    b"http://purl.oclc.org/ooxml/officeDocument/math": NS["m"].encode(),
}
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Office files (.doc) and password-protected .docx
# What a broken archive or member raises while it is read.
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, struct.error, EOFError, NotImplementedError, RuntimeError,
              ValueError, OSError)
MAX_PART = 256 * 1024 * 1024  # bytes a part may unpack to: larger ones are broken files or zip bombs
DEFAULT_ADVICE = "如果其实是旧版 .doc 文件，请把扩展名改为 .doc 再导入（将用 LibreOffice 转换），或在 Word 中另存为 .docx"
_OTHER_OFFICE = {"spreadsheetml": "Excel 表格", "presentationml": "PowerPoint 演示文稿"}


def refuse(reason: str, advice: str = DEFAULT_ADVICE) -> ImportFailure:
    """The failure of a file that cannot be read as a Word document."""
    return ImportFailure(f"无法读取 Word 文档：{reason}；{advice}")


@cache
def qn(name: str) -> str:
    """'w:p' → '{namespace}p'."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


@dataclass(frozen=True)
class Rel:
    """A relationship of the document: its kind ('styles', 'image', 'hyperlink' …) and its part or address."""

    kind: str
    target: str  # a part name inside the package, or for an external relationship the address as written
    external: bool = False


class Package:
    """The zip archive of a .docx file: its main document part and the parts that part relates to."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        self._names = {info.filename.lower(): info for info in archive.infolist()}
        self.notes: list[str] = []  # broken secondary parts, for the log
        main = next((r.target for r in self._rels("").values() if r.kind == "officeDocument"), "word/document.xml")
        if not self.has(main) and self.has("word/document.xml"):
            main = "word/document.xml"
        if not self.has(main):
            raise refuse("文件已损坏或不是 Word 文档（缺少正文 word/document.xml）")
        self.document = self._document(main)
        self.rels = self._rels(main)
        self._types = self._content_types()

    def _document(self, name: str) -> etree._Element:
        """The parsed main part, or the failure that says what is wrong with it."""
        try:
            root = parse(self.read(name, required=True) or b"")
        except etree.LxmlError:
            raise refuse(f"文件已损坏（正文 {name} 不是有效的 XML）") from None
        if root.tag != qn("w:document"):
            kind = next((k for ns, k in _OTHER_OFFICE.items() if f"/{ns}/" in (etree.QName(root).namespace or "")), "")
            raise refuse(f"文件是 {kind}，不是 Word 文档" if kind else "文件已损坏或不是 Word 文档", "请导入 Word 文档" if kind else DEFAULT_ADVICE)
        return root

    def has(self, name: str) -> bool:
        """Whether the archive holds this part."""
        return self._info(name) is not None

    def _info(self, name: str) -> zipfile.ZipInfo | None:
        """The archive member of a part name (part names ignore case, and may be written %-escaped)."""
        return self._names.get(name.lower()) or self._names.get(unquote(name).lower())

    def read(self, name: str, required: bool = False) -> bytes | None:
        """A member's bytes; None when it is missing, broken or too large (a failure instead when the document needs it)."""
        info = self._info(name)
        if info is None:
            return None
        if info.file_size > MAX_PART and required:
            raise refuse(f"文件过大（{info.filename} 解压后超过 {MAX_PART // 2**20} MB），可能已损坏")
        try:
            with self._archive.open(info) as member:  # reads at most the size the archive declares
                return member.read() if info.file_size <= MAX_PART else None
        except ZIP_ERRORS:
            if required:
                raise refuse(f"文件已损坏（压缩包中的 {info.filename} 无法解压）") from None
            return None

    def related(self, kind: str, label: str) -> etree._Element | None:
        """The parsed XML part the document relates to by this kind ('styles', 'numbering', 'footnotes' …), if any."""
        rel = next((r for r in self.rels.values() if r.kind == kind and not r.external), None)
        if rel is None or not self.has(rel.target):
            return None
        data = self.read(rel.target)
        try:
            return parse(data or b"")
        except etree.LxmlError:
            self.notes.append(f"文件：{label}（{rel.target}）已损坏，已忽略")
            return None

    def content_type(self, name: str) -> str:
        """A part's declared content type ('' when [Content_Types].xml does not say)."""
        overrides, defaults = self._types
        return overrides.get("/" + name.lower()) or defaults.get(posixpath.splitext(name)[1][1:].lower(), "")

    def _rels(self, source: str) -> dict[str, Rel]:
        """The relationships of a part (of the package itself for ''), by id; none when the file is missing or broken."""
        folder, base = posixpath.split(source)
        data = self.read(posixpath.join(folder, "_rels", f"{base}.rels"))
        try:
            root = parse(data) if data else None
        except etree.LxmlError:
            self.notes.append(f"文件：{source or '压缩包'} 的关系表已损坏，其中的图片和链接未导入")
            root = None
        rels: dict[str, Rel] = {}
        for rel in root.iter(f"{_RELS}Relationship") if root is not None else ():
            target, external = rel.get("Target") or "", rel.get("TargetMode") == "External"
            if not external:
                target = target.replace("\\", "/")  # some writers use Windows separators
                target = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
            rels[rel.get("Id") or ""] = Rel((rel.get("Type") or "").rsplit("/", 1)[-1], target, external)
        return rels

    def _content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        """([Content_Types].xml overrides by part name, defaults by extension), both lower-cased."""
        data = self.read("[Content_Types].xml")
        try:
            root = parse(data) if data else None
        except etree.LxmlError:
            root = None
        if root is None:
            return {}, {}
        overrides = {(o.get("PartName") or "").lower(): o.get("ContentType") or "" for o in root.iter(f"{_TYPES}Override")}
        defaults = {(d.get("Extension") or "").lower(): d.get("ContentType") or "" for d in root.iter(f"{_TYPES}Default")}
        return overrides, defaults


def parse(data: bytes) -> etree._Element:
    """An XML part without entity expansion or network access; Strict Open XML is read as the usual namespaces."""
    if b"purl.oclc.org/ooxml" in data:
        for strict, usual in _STRICT.items():
            data = data.replace(strict, usual)
    return etree.fromstring(data, _PARSER)


def open_package(path: Path) -> Package:
    """The package of a .docx file, or an ImportFailure that says in Chinese why it cannot be read."""
    try:
        data = path.read_bytes()  # in memory: the parts are read while the document is
    except FileNotFoundError:
        raise refuse("找不到文件") from None
    except IsADirectoryError:
        raise refuse("这是文件夹，不是文件") from None
    except OSError as exc:
        raise refuse(f"无法打开文件（{exc.strerror or exc}）") from None
    try:
        return Package(zipfile.ZipFile(io.BytesIO(data)))
    except ZIP_ERRORS:
        raise _unreadable(data) from None


def _unreadable(data: bytes) -> ImportFailure:
    """Why a file that is no intact zip archive cannot be read, in the user's words."""
    if data.startswith(_OLE_MAGIC):
        if _is_encrypted(data):
            return refuse("文件设有打开密码（已加密）", "请在 Word 或 WPS 中打开它，取消打开密码（Word：文件 → 信息 → 保护文档 → "
                                                  "用密码进行加密，清空密码）并保存后再导入")
        return refuse("文件是旧版 Word（.doc）格式")
    if data.startswith(b"PK"):
        return refuse("文件已损坏（压缩包不完整或有错误）")
    return refuse("文件不是 .docx 格式（不是 zip 压缩包）")


def _is_encrypted(data: bytes) -> bool:
    """Whether an OLE compound file holds an encrypted Office package (an 'EncryptedPackage' stream), not a .doc."""
    name = "EncryptedPackage".encode("utf-16-le") + b"\0\0"
    # A directory entry is 128 bytes at a 128-byte boundary: the name, then at offset 64 the name's length in bytes.
    start = data.find(name)
    while start >= 0:
        if start % 128 == 0 and data[start + 64:start + 66] == len(name).to_bytes(2, "little"):
            return True
        start = data.find(name, start + 1)
    return False
