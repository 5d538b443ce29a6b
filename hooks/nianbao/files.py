"""Which files under reports/ (or docs/) may be read and published: regular files and folders, and symlinks that stay inside."""
from __future__ import annotations

import os
import re
import stat
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .problems import Problem

_HINT_OUTSIDE = "网站只发布该文件夹内的文件：把需要的文件复制进来，或删除这个链接"
_HINT_SPECIAL = "这里只能放普通文件和文件夹：请删除它"


@dataclass(frozen=True)
class Tree:
    """The readable files under a folder (POSIX paths relative to it, sorted) and the paths refused."""

    files: tuple[str, ...]
    problems: tuple[Problem, ...]


def scan_tree(root: Path, display: str) -> Tree:
    """Every visible regular file under `root`; symlinks leading outside it and FIFOs, devices or sockets are errors.

    Hidden files and folders (a name starting with '.') are neither read nor published, so they are not checked.
    A link to a folder inside is not followed: that folder is walked under its own name (no report appears twice).
    """
    base = os.path.realpath(root)
    files: list[str] = []
    problems: list[Problem] = []

    def walk(folder: str, prefix: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            problems.append(Problem(f"{display}/{prefix}".rstrip("/"), 1, "file", f"无法读取文件夹：{error.strerror}", _HINT_SPECIAL))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = prefix + entry.name
            shown = f"{display}/{rel}"
            path = entry.path
            link = entry.is_symlink()
            if link:
                target = os.path.realpath(path)
                if target != base and not target.startswith(base + os.sep):
                    problems.append(Problem(shown, 1, "file", f"符号链接指向 {display}/ 之外（{os.readlink(path)}），不会读取或发布", _HINT_OUTSIDE))
                    continue
                path = target
            try:
                mode = os.stat(path).st_mode
            except OSError:
                problems.append(Problem(shown, 1, "file", "符号链接的目标不存在", "删除这个链接，或让它指向存在的文件"))
                continue
            if stat.S_ISDIR(mode):
                if not link:
                    walk(path, rel + "/")
            elif stat.S_ISREG(mode):
                files.append(rel)
            else:
                problems.append(Problem(shown, 1, "file", f"不是普通文件（{_kind(mode)}），不会读取或发布", _HINT_SPECIAL))

    if root.is_dir():
        walk(str(root), "")
    return Tree(tuple(sorted(files)), tuple(problems))


def _kind(mode: int) -> str:
    """The Chinese name of a special file's kind."""
    if stat.S_ISFIFO(mode):
        return "命名管道"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    return "特殊文件"


# Files a browser runs as a page or script when opened at their address; the site's CSP meta tag does not cover them.
ACTIVE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".xht", ".mht", ".mhtml", ".js", ".mjs", ".xml", ".xsl", ".xslt", ".swf"})
_SAFE_HREF = re.compile(r"^(?:#|https?:|[^:]*$)", re.IGNORECASE)  # fragment, http(s) or relative


def check_attachment(path: Path, rel: str, display: str) -> list[Problem]:
    """An attachment that could run script on the site's address is an error; an SVG must be a plain drawing."""
    suffix = PurePosixPath(rel).suffix.lower()
    shown = f"{display}/{rel}"
    if suffix in ACTIVE_SUFFIXES:
        return [Problem(shown, 1, "file", f"{suffix} 文件不能作为附件发布：浏览器打开它时会运行其中的脚本",
                        "网页请转成 PDF 或用 nianbao import 导入为报告；其他文件请删除或改放到网站之外")]
    if suffix in (".svg", ".svgz") and not _plain_svg(path):
        return [Problem(shown, 1, "file", "SVG 图片含有脚本、事件属性、外部链接或嵌入的网页，不能发布",
                        "请重新导出为不含脚本的 SVG，或另存为 PNG")]
    return []


def _plain_svg(path: Path) -> bool:
    """Whether an SVG is well-formed XML without script, event handlers, foreign content or unsafe links."""
    try:
        root = ET.fromstring(path.read_bytes())
    except (ET.ParseError, OSError, ValueError):
        return False
    for element in root.iter():
        name = str(element.tag).rsplit("}", 1)[-1].lower()
        if name in ("script", "foreignobject", "iframe", "embed", "object", "handler", "listener"):
            return False
        for attribute, value in element.attrib.items():
            attribute = attribute.rsplit("}", 1)[-1].lower()
            if attribute.startswith("on") or (attribute == "href" and not _SAFE_HREF.match(re.sub(r"\s", "", value))):
                return False
    return True
