"""Split a report into YAML front matter and Markdown body, keeping line numbers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .problems import Problem


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loader (libyaml when available: ~10x faster) that keeps dates as text, so we check them."""

    yaml_implicit_resolvers = {
        first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in getattr(yaml, "CSafeLoader", yaml.SafeLoader).yaml_implicit_resolvers.items()
    }

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0 and C1 controls but tab, LF and CR
_FENCE = re.compile(r"^---[ \t]*$")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


@dataclass(frozen=True)
class Duplicate:
    """A key written twice in one YAML mapping: YAML would silently keep the second value."""

    key: str  # dotted from the top, e.g. 'metrics.volunteers'
    first: int  # 0-based lines in the YAML text
    second: int


def find_duplicate_keys(node: yaml.Node | None, prefix: str = "") -> list[Duplicate]:
    """Every key that appears twice in a mapping anywhere in the document."""
    found: list[Duplicate] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = f"{prefix}{key.value}" if isinstance(key, yaml.ScalarNode) else f"{prefix}{key.start_mark.line}"
            if name in seen:
                found.append(Duplicate(name, seen[name], key.start_mark.line))
            seen.setdefault(name, key.start_mark.line)
            found += find_duplicate_keys(value, f"{name}.")
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found += find_duplicate_keys(item, f"{prefix}{index}.")
    return found


@dataclass(frozen=True)
class FrontMatter:
    """Parsed front matter: the mapping, the line of each key, and where the body starts."""

    data: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int
    duplicates: tuple[Duplicate, ...] = ()


class FrontMatterError(Exception):
    """Front matter that cannot be read: carries the 1-based line and a Chinese message."""

    def __init__(self, line: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return (yaml text, body, 1-based line where the body starts)."""
    text = text.lstrip("\ufeff")
    first_end = text.find("\n")
    if not _FENCE.match(text[: first_end if first_end >= 0 else len(text)].rstrip("\r")):
        raise FrontMatterError(1, "文件开头缺少 front matter", "第一行应为 ---，后接 title、org、year、type 等字段，再以 --- 结束")
    closing = _CLOSING.search(text, first_end + 1)
    if closing is None:
        raise FrontMatterError(1, "front matter 没有结束标记", "在字段之后加一行 ---")
    yaml_text = text[first_end + 1 : closing.start()]
    body_start = text.find("\n", closing.end())
    body = text[body_start + 1 :] if body_start >= 0 else ""
    return yaml_text, body, yaml_text.count("\n") + 3


def parse_front_matter(text: str) -> FrontMatter:
    """Parse the front matter of a report; raise FrontMatterError with a line on failure."""
    yaml_text, body, body_line = split_front_matter(text)
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        raise FrontMatterError(line, f"YAML 格式错误：{exc.problem or exc}", _yaml_hint(exc)) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(1, f"YAML 格式错误：{exc}", _yaml_hint(exc)) from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(2, "front matter 应为“字段: 值”的列表", "每行写一个字段，如 title: 2021年工作总结（冒号用半角“:”，其后加空格）")
    return FrontMatter(data, _key_lines(node), body, body_line, tuple(find_duplicate_keys(node)))


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    """Map each top-level key, and each key one level down as 'parent.key', to its file line."""
    lines: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key, value in node.value:
        name = str(key.value)
        lines[name] = key.start_mark.line + 2  # +1 for 1-based, +1 for the opening ---
        if isinstance(value, yaml.MappingNode):
            for sub_key, _ in value.value:
                lines[f"{name}.{sub_key.value}"] = sub_key.start_mark.line + 2
    return lines


def _yaml_hint(exc: yaml.YAMLError) -> str:
    """A hint for the YAML mistakes editors make most."""
    text = str(exc)
    if "mapping values are not allowed" in text:
        return "值中含有“: ”时请用引号括起整个值"
    if "found character '\\t'" in text:
        return "不要用 Tab 缩进，请改用空格"
    if "could not find expected ':'" in text:
        return "每个字段应写成“字段: 值”，冒号后留一个空格"
    return "检查冒号、引号和缩进是否成对、一致"


def check_control_characters(text: str, display: str) -> list[Problem]:
    """NUL and other control characters (tab, LF and CR aside) are errors, one per line that holds them."""
    problems = []
    for number, line in enumerate(text.split("\n"), 1):
        found = dict.fromkeys(CONTROL.findall(line))
        if found:
            names = "、".join(f"U+{ord(c):04X}" for c in found)
            problems.append(Problem(display, number, "text", f"含有不可见的控制字符 {names}",
                                    "多半是从网页或其他程序粘贴时带入的：删除这一行中的乱码字符后重新保存"))
    return problems
