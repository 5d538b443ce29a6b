"""The Word export's Markdown parse skips work (plain paragraphs, plain text, idle tree processors) without changing
the tree: it must equal Python-Markdown's own for any body (issue 20)."""
from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest
from nianbao.wordout import mdtree
from synth import generate_archive

REPORTS = Path(__file__).resolve().parents[1] / "reports"
# Pieces of every syntax the site's extensions know, and of text that looks like it but is not.
PIECES = ["**粗体**", "*斜体*", "_u_", "`code`", "[链接](https://example.com)", "![图](a.png)", "[^1]", "\n\n[^1]: 注释\n", "<br>",
          "&amp;", "&#20013;", "\\*", "  \n", "\n- 项目\n", "\n1. 第一\n", "\n| 甲 | 乙 |\n| - | -: |\n| 1 | 2 |\n", "{: .x}", " {#id}",
          "\n```\ncode\n```\n", "<div>块</div>", "中文正文", "text ", "\n", "> 引用\n", "## 标题\n", "<https://a.b>", "<a@b.c>", "***",
          "__", "\n    缩进\n", "\n2021年，", "\n12.5万人", "\n===\n", "\n---\n", "\n> q\n", "\n[ref]: https://x.y\n", "[ref]",
          "\n[^2]: two\n", "\n\t制表\n", "\n * star\n", "\n+ plus\n", "\n  - two\n", "\n   > q3\n", "\n#hash", "\n- - -\n",
          "\n_ _ _\n", "\n\n", "一是", "\n\n    续行\n", "a|b", "\n=\n", "\n-\n", "\n<p>raw</p>\n\n", "\n~~~\nx\n~~~\n", "  ", "\n 1. x\n"]


def dump(element: ET.Element) -> tuple[object, ...]:
    """Everything about an element: tag, attributes, text, tail and children (None attribute values included)."""
    return element.tag, sorted(element.items(), key=str), element.text, element.tail, [dump(child) for child in element]


def reference_tree(body: str) -> tuple[object, tuple[str, ...]]:
    """Python-Markdown's own tree of the body, as mdtree parses it but with every processor run in full."""
    md = markdown.Markdown(extensions=list(mdtree.EXTENSIONS))
    md.treeprocessors.deregister("prettify")
    lines = body.split("\n")
    for preprocessor in md.preprocessors:
        lines = preprocessor.run(lines)
    root = md.parser.parseDocument(lines).getroot()
    for treeprocessor in md.treeprocessors:
        root = treeprocessor.run(root) or root
    return dump(root), tuple(md.htmlStash.rawHtmlBlocks)


def fast_tree(body: str) -> tuple[object, tuple[str, ...]]:
    """The export's tree of the body."""
    tree = mdtree.build_tree(body)
    return dump(tree.root), tree.stash


def bodies(tmp_path: Path) -> list[str]:
    """Real and synthetic reports, and random mixes of the pieces."""
    generate_archive(tmp_path / "reports", 40, seed=5)
    found = [path.read_text(encoding="utf-8") for folder in (REPORTS, tmp_path / "reports") for path in sorted(folder.rglob("*.md"))]
    rng = random.Random(20)
    return found + ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12))) for _ in range(3000)]


def test_the_tree_is_python_markdowns(tmp_path: Path) -> None:
    for body in bodies(tmp_path):
        assert fast_tree(body) == reference_tree(body), body


@pytest.mark.parametrize("body", ["正文**粗体**。\n\n2021年，继续。\n\n1. 一\n2. 二\n", "标题 {#x}\n======\n\n\\*不是强调\\*"])
def test_syntax_still_parses(body: str) -> None:
    assert fast_tree(body) == reference_tree(body)
