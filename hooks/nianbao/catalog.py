"""Load and check reports/catalog.yml: the orgs, report types and metrics reports may use."""
from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from .frontmatter import check_control_characters, find_duplicate_keys
from .model import FIRST_YEAR, LAST_YEAR, ROLES, Catalog, Expectation, Metric, Org, ReportType
from .problems import Problem, suggest

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
SECTIONS = {"orgs": "组织", "types": "报告类型", "metrics": "指标", "expected": "应交报告"}
REQUIRED = {"orgs": ("id", "name"), "types": ("id", "name"), "metrics": ("id", "label", "unit"), "expected": ("types", "from")}
OPTIONAL = {"orgs": ("parent", "short", "aliases", "group"), "types": ("role",), "metrics": ("description", "better", "max"), "expected": ("orgs", "to")}
CHOICES = {"role": ROLES, "better": ("higher", "lower")}


def load_catalog(path: Path, display: str = "reports/catalog.yml") -> tuple[Catalog, list[Problem]]:
    """Read and check the catalog; return what is usable plus every problem found."""
    if not path.is_file():
        return Catalog(), [Problem(display, 1, "catalog", "找不到目录文件", f"请在 {display} 中列出 orgs、types 和 metrics")]
    try:
        text = path.read_text(encoding="utf-8-sig")
        if controls := check_control_characters(text, display):
            return Catalog(), controls
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        return Catalog(), [Problem(display, line, "catalog", f"YAML 格式错误：{exc.problem}", "检查冒号、引号和缩进")]
    except yaml.reader.ReaderError as exc:  # a control character: YAML names its position, not its line
        line = text[: exc.position].count("\n") + 1
        return Catalog(), [Problem(display, line, "catalog", f"含有不可见的控制字符 U+{exc.character:04X}" if isinstance(exc.character, int)
                                   else "含有无法识别的字符", "多半是粘贴时带入的：删除这一行中的乱码字符后重新保存")]
    except UnicodeDecodeError:
        return Catalog(), [Problem(display, 1, "catalog", "文件不是 UTF-8 编码", "请用 UTF-8 保存")]
    if not isinstance(node, yaml.MappingNode):
        return Catalog(), [Problem(display, 1, "catalog", "目录应包含 orgs、types、metrics 三个列表", "参见 README 中的示例")]
    problems: list[Problem] = [
        Problem(display, d.second + 1, field, f"{field} 写了两次（第 {d.first + 1} 行和第 {d.second + 1} 行）",
                "YAML 只会保留后一个：把两处合并为一处" if "." not in field else "YAML 只会保留后一个值：删去其中一行")
        for d in find_duplicate_keys(node) if (field := re.sub(r"\.\d+(?=\.|$)", "", d.key))
    ]
    sections: dict[str, list[tuple[dict[str, Any], dict[str, int]]]] = {}
    for key, value in node.value:
        if key.value not in SECTIONS:
            problems.append(Problem(display, key.start_mark.line + 1, key.value, "未知的目录项", suggest(key.value, SECTIONS)))
            continue
        # A section written twice is an error above; both halves are kept so reports are not checked against half a list.
        sections.setdefault(key.value, []).extend(_entries(value, key.value, display, problems))
    for name in ("orgs", "types", "metrics"):
        if name not in sections:
            problems.append(Problem(display, 1, name, f"缺少 {name}（{SECTIONS[name]}）列表", f"添加 {name}: 并列出各项"))
    orgs = _build(sections.get("orgs", []), "orgs", display, problems, _org)
    types = _build(sections.get("types", []), "types", display, problems, lambda d: ReportType(d["id"], str(d["name"]), d.get("role") or ""))
    metrics = _build(sections.get("metrics", []), "metrics", display, problems, _metric)
    problems += check_org_tree(orgs, sections.get("orgs", []), display)
    _build(sections.get("expected", []), "expected", display, problems, None)  # field checks only: entries have no id
    expected = [e for data, lines in sections.get("expected", []) if (e := _expectation(data, lines, orgs, types, display, problems))]
    return Catalog(MappingProxyType(orgs), MappingProxyType(types), MappingProxyType(metrics), tuple(expected)), problems


def _entries(node: yaml.Node, section: str, display: str, problems: list[Problem]) -> list[tuple[dict[str, Any], dict[str, int]]]:
    """Each entry of a section as (data, line of each field); the entry's own line under ''."""
    if not isinstance(node, yaml.SequenceNode):
        problems.append(Problem(display, node.start_mark.line + 1, section, "应为列表", f"每项以“- ”开头，如 - {_example(section)}"))
        return []
    entries = []
    for item in node.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.append(Problem(display, line, section, "每一项应为“字段: 值”的映射", f"如 - {_example(section)}"))
            continue
        data = _construct(item)
        lines = {"": line} | {str(k.value): k.start_mark.line + 1 for k, _ in item.value}
        entries.append((data, lines))
    return entries


def _example(section: str) -> str:
    """A one-line entry of a section with its required fields, for hints."""
    return "{" + ", ".join(f"{name}: ..." for name in REQUIRED[section]) + "}"


def _construct(node: yaml.Node) -> Any:
    """Turn a composed node into Python data with the safe constructor."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _build(entries: list[tuple[dict[str, Any], dict[str, int]]], section: str, display: str, problems: list[Problem], make: Any) -> dict[str, Any]:
    """Check required fields and ids of one section and build its objects, keyed by id."""
    built: dict[str, Any] = {}
    for data, lines in entries:
        ok = True
        for name in REQUIRED[section]:
            if data.get(name) in (None, ""):
                problems.append(Problem(display, lines[""], f"{section}.{name}", f"缺少必填字段 {name}", f"为这一项补上 {name}"))
                ok = False
        for name in data:
            if name not in REQUIRED[section] + OPTIONAL[section]:
                problems.append(Problem(display, lines.get(str(name), lines[""]), f"{section}.{name}", "未知字段", suggest(str(name), REQUIRED[section] + OPTIONAL[section])))
        for name, allowed in CHOICES.items():
            if name in OPTIONAL[section] and data.get(name) not in (None, "", *allowed):
                problems.append(Problem(display, lines.get(name, lines[""]), f"{section}.{name}", f"无效的值 '{data[name]}'", "可用的值：" + "、".join(allowed)))
                ok = False
        if section == "metrics" and data.get("max") is not None and (isinstance(data["max"], bool) or not isinstance(data["max"], (int, float))):
            problems.append(Problem(display, lines.get("max", lines[""]), "metrics.max", f"max 应为数字，发现 '{data['max']}'", "如 max: 150（超过此值时构建给出警告）"))
            ok = False
        if section == "expected":
            continue
        ident = data.get("id")
        if ident is not None and (not isinstance(ident, str) or not ID_PATTERN.match(ident)):
            problems.append(Problem(display, lines.get("id", lines[""]), f"{section}.id", f"id '{ident}' 不合规", "id 只能用英文字母、数字、- 和 _（它会出现在网址中），如 pingshan-zgh"))
            ok = False
        elif ident in built:
            problems.append(Problem(display, lines.get("id", lines[""]), f"{section}.id", f"重复的 id '{ident}'", "每个 id 只能出现一次，请删除或改名"))
            ok = False
        if ok:
            built[ident] = make(data)
    return built


def _org(data: dict[str, Any]) -> Org:
    aliases = data.get("aliases") or ()
    aliases = (aliases,) if isinstance(aliases, str) else tuple(str(a) for a in aliases)
    parent = data.get("parent")
    return Org(data["id"], str(data["name"]), str(parent) if parent is not None else None, str(data.get("short") or ""), aliases, str(data.get("group") or ""))


def _metric(data: dict[str, Any]) -> Metric:
    return Metric(data["id"], str(data["label"]), str(data["unit"]), str(data.get("description") or ""), data.get("better") or "higher", data.get("max"))


def _expectation(data: dict[str, Any], lines: dict[str, int], orgs: dict[str, Org], types: dict[str, ReportType], display: str, problems: list[Problem]) -> Expectation | None:
    """One `expected` entry, or None after reporting why it is unusable."""
    found: list[Problem] = []

    def ids(name: str, known: dict[str, Any]) -> tuple[str, ...]:
        value = data.get(name) or []
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list):
            found.append(Problem(display, lines.get(name, lines[""]), f"expected.{name}", "应为 id 列表", f"如 {name}: [{next(iter(known), 'id')}]"))
            return ()
        for item in value:
            if item not in known:
                found.append(Problem(display, lines.get(name, lines[""]), f"expected.{name}", f"未知的 id '{item}'", suggest(str(item), known)))
        return tuple(str(v) for v in value)

    chosen_types, chosen_orgs = ids("types", types), ids("orgs", orgs)
    years = {}
    for name in ("from", "to"):
        value = data.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not FIRST_YEAR <= value <= LAST_YEAR):
            found.append(Problem(display, lines.get(name, lines[""]), f"expected.{name}", f"年份应为四位整数，发现 '{value}'", f"如 {name}: 2021"))
        years[name] = value
    if not found and years["to"] is not None and isinstance(years["from"], int) and years["to"] < years["from"]:
        found.append(Problem(display, lines.get("to", lines[""]), "expected.to", "结束年份早于起始年份", "to 应不早于 from，或删除 to"))
    problems += found
    if found or not chosen_types or not isinstance(years["from"], int):
        return None
    return Expectation(chosen_types, chosen_orgs, years["from"], years["to"])


def check_org_tree(orgs: dict[str, Org], entries: list[tuple[dict[str, Any], dict[str, int]]], display: str) -> list[Problem]:
    """Every parent must exist, and following parents must never loop back."""
    problems = []
    lines = {data.get("id"): lines for data, lines in entries}
    for org in orgs.values():
        line = lines.get(org.id, {}).get("parent", lines.get(org.id, {}).get("", 1))
        if org.parent is not None and org.parent not in orgs:
            names = {o.name: o.id for o in orgs.values()}
            problems.append(Problem(display, line, "orgs.parent", f"组织 '{org.id}' 的上级 '{org.parent}' 不存在", suggest(org.parent, orgs, names)))
            continue
        seen, current = {org.id}, org.parent
        while current is not None and current in orgs:
            if current in seen:
                problems.append(Problem(display, line, "orgs.parent", f"组织 '{org.id}' 的上级关系形成循环", "检查 parent，使上级关系最终到达一个没有 parent 的组织"))
                break
            seen.add(current)
            current = orgs[current].parent
    return problems


def org_names(catalog: Catalog) -> dict[str, str]:
    """Every name, short name and alias of every org, mapped to its id."""
    names: dict[str, str] = {}
    for org in catalog.orgs.values():
        for name in (org.name, org.short, *org.aliases):
            if name:
                names[name] = org.id
    return names
