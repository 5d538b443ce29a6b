"""A JSON Schema of report front matter, generated from the catalog, for editors (VS Code's YAML extension)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .catalog import load_catalog
from .model import FIRST_YEAR, LAST_YEAR, Catalog, Metric

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# reports.py accepts YYYY-M-D with one- or two-digit month and day, padded with white space, if the day exists.
# The calendar is spelt out (with leap years) because editors cannot check `format: date`, which also demands two digits.
_DAY31, _DAY30, _DAY28 = r"(?:0?[1-9]|[12][0-9]|3[01])", r"(?:0?[1-9]|[12][0-9]|30)", r"(?:0?[1-9]|1[0-9]|2[0-8])"
_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_DATE_PATTERN = (
    r"^(?:\s*(?!0000)(?:[0-9]{4}-(?:(?:0?[13578]|1[02])-" + _DAY31 + r"|(?:0?[469]|11)-" + _DAY30 + r"|0?2-" + _DAY28 + r")"
    r"|" + _LEAP_YEAR + r"-0?2-29)\s*)?$"
)
# Values reports.py reads as text: anything but a mapping or a list.
_SCALAR = ["string", "number", "boolean"]


def build_schema(catalog: Catalog) -> dict[str, Any]:
    """The front matter of a report as JSON Schema: valid exactly when `nianbao check` finds no error in it."""
    plans = [t.id for t in catalog.types.values() if t.role == "plan"]
    others = [t.id for t in catalog.types.values() if t.role != "plan"]
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "title": "年报报告 front matter",
        "description": "reports/ 中报告开头 --- 之间的字段。由 nianbao schema 根据 reports/catalog.yml 生成，请勿手工修改。",
        "type": "object",
        "required": ["title", "org", "year", "type"],
        # Unknown fields are only a warning in `nianbao check`, so they are allowed here too.
        "properties": {
            "title": {"type": _SCALAR, "minLength": 1, "description": "报告标题，如 坪山区总工会2021年工作总结"},
            "org": _choice("组织 id（见 reports/catalog.yml 的 orgs）", {o.id: o.name for o in catalog.orgs.values()}),
            "year": {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR,
                     "description": "报告所总结（或计划）的年份，只写四位数字，如 2021"},
            "type": _choice("报告类型 id（见 reports/catalog.yml 的 types）", {t.id: t.name for t in catalog.types.values()}),
            "date": {"type": ["string", "null"], "pattern": _DATE_PATTERN, "description": "可选：成文日期，格式 YYYY-MM-DD，如 2022-02-16",
                     "patternErrorMessage": "日期格式为 YYYY-MM-DD（如 2022-02-16），且须是实际存在的日期"},
            "tags": {"type": ["array", "null"], "items": {"type": _SCALAR, "minLength": 1},
                     "description": "可选：标签列表，如 [志愿服务, 母婴室]"},
            "summary": {"type": [*_SCALAR, "null"], "description": "可选：一句话摘要"},
            "metrics": _figures(catalog, "可选：本报告的指标，每行“指标 id: 数字”，单位由目录给出"),
            "targets": _figures(catalog, "可选，只用于工作计划：当年目标，每行“指标 id: 数字”"
                                + (f"（type: {'、'.join(plans)}）" if plans else "")),
            "draft": {"type": "boolean", "description": "可选：true 表示草稿，不发布；正式发布时删除此行"},
            "public": {"type": "boolean", "description": "可选：true 表示可以对外公开（公开版网站只收录这样的报告）；默认只在内部发布"},
        },
    }
    if others:
        # reports.py rejects targets outside plans only when at least one is stated: an empty mapping is fine.
        schema["allOf"] = [{
            "if": {"required": ["type"], "properties": {"type": {"enum": others}}},
            "then": {"properties": {"targets": {
                "maxProperties": 0,
                "description": "只有工作计划可以写 targets（当年目标）；总结中请用 metrics 写实际数值",
            }}},
        }]
    return schema


def _choice(description: str, names: dict[str, str]) -> dict[str, Any]:
    """An id from the catalog, offered in completion with its Chinese name."""
    return {
        "type": "string",
        "enum": list(names),
        "enumDescriptions": list(names.values()),
        "markdownEnumDescriptions": list(names.values()),
        "description": description,
    }


def _figures(catalog: Catalog, description: str) -> dict[str, Any]:
    """A mapping of catalog metric ids to plain numbers (negatives are only warned about, so allowed)."""
    return {
        "type": ["object", "null"],
        "properties": {m.id: {"type": "number", "description": _metric_text(m)} for m in catalog.metrics.values()},
        "additionalProperties": False,
        "description": description,
    }


def _metric_text(metric: Metric) -> str:
    text = f"{metric.label}（{metric.unit}）"
    return f"{text}：{metric.description}" if metric.description else text


def render_schema(catalog: Catalog) -> str:
    """The schema as JSON text, keys sorted, so regenerating it changes nothing unless the catalog did."""
    return json.dumps(build_schema(catalog), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schema(reports_dir: Path, target: Path) -> bool:
    """Regenerate `target` from reports_dir/catalog.yml; return whether its content changed."""
    display = reports_dir.as_posix().rstrip("/")
    catalog, problems = load_catalog(reports_dir / "catalog.yml", f"{display}/catalog.yml")
    if problems:
        raise ValueError("目录有错误，未生成 schema：\n" + "\n".join(p.format() for p in problems))
    text = render_schema(catalog)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")
    return True
