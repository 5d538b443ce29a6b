"""`nianbao new`: start a report from a skeleton that already passes `nianbao check`."""
from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Mapping, Sequence, TextIO

import yaml

from .catalog import load_catalog, org_names
from .frontmatter import parse_front_matter
from .model import FIRST_YEAR, Catalog, Number, Report
from .problems import did_you_mean
from .reports import check_report, load_reports

# (heading, placeholder) per role; {year} and {next} are filled in. Placeholders are HTML comments:
# the page keeps them in its source only, and search strips them with the other tags, so they must not contain ">".
SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "summary": (
        ("一、主要工作及成效", "分条目写{year}年的主要工作和成效，每条可用“### （一）……”作小标题，成效尽量用数字说明"),
        ("二、存在的问题和不足", "实事求是写明工作中的问题和不足"),
        ("三、{next}年工作打算", "写{next}年的工作思路和重点任务"),
    ),
    "plan": (
        ("一、指导思想", "写{year}年工作的指导思想和总体思路"),
        ("二、工作目标", "写{year}年的主要目标，能量化的写明数字，并填入 front matter 的 targets"),
        ("三、主要任务", "分条目写主要任务，每条可用“### （一）……”作小标题"),
        ("四、保障措施", "写组织、制度、经费等方面的保障措施"),
    ),
    "interim": (
        ("一、上半年工作进展", "分条目写上半年的主要工作和进展"),
        ("二、存在的问题", "写上半年工作中的问题和不足"),
        ("三、下半年工作安排", "写下半年的工作安排和重点任务"),
    ),
    "": (
        ("一、基本情况", "写本专题的背景和基本情况"),
        ("二、主要做法和成效", "分条目写主要做法和取得的成效"),
        ("三、存在的问题", "写存在的问题和困难"),
        ("四、下一步打算", "写下一步的工作打算和建议"),
    ),
}

OPTIONAL_FIELDS = (  # fields that are valid when empty, so the skeleton can show them
    ("date", "", "可选：成文日期，格式 YYYY-MM-DD"),
    ("summary", "", "可选：一句话摘要"),
    ("tags", [], "可选：标签，如 [职工服务, 母婴室]"),
)


def render_skeleton(catalog: Catalog, reports: Sequence[Report], org: str, year: int, type_id: str) -> str:
    """The text of a new report: front matter with hints, then the usual headings for its type."""
    org_name, type_name = catalog.orgs[org].name, catalog.types[type_id].name
    title = f"{org_name}{year}{type_name}" if type_name.startswith("年") else f"{org_name}{year}年{type_name}"
    front = yaml.safe_dump({"title": title, "org": org, "year": year, "type": type_id}, allow_unicode=True, sort_keys=False, width=1000)
    dumped = [_dump_line(name, value) for name, value, _ in OPTIONAL_FIELDS]
    width = max(len(line) for line in dumped)
    front += "".join(f"{line.ljust(width)}  # {hint}\n" for line, (_, _, hint) in zip(dumped, OPTIONAL_FIELDS))
    front += _figure_hints(catalog, reports, org, year, type_id)
    sections = SECTIONS.get(catalog.role(type_id), SECTIONS[""])
    body = "".join(f"\n## {heading}\n\n<!-- {hint} -->\n" for heading, hint in sections).format(year=year, next=year + 1)
    return f"---\n{front}---\n{body}"


def _dump_line(name: str, value: object) -> str:
    """One field as a single YAML line, quoted by PyYAML where needed."""
    return yaml.safe_dump({name: value}, allow_unicode=True, width=1000).rstrip("\n")


def _figure_hints(catalog: Catalog, reports: Sequence[Report], org: str, year: int, type_id: str) -> str:
    """Commented metric (or, for a plan, target) lines from the org's previous report: valid as they are, invalid if uncommented unfilled."""
    is_plan = catalog.role(type_id) == "plan"
    key, what, name = ("targets", "目标", "目标") if is_plan else ("metrics", "数值", "指标")
    previous = _previous_report(reports, org, year, type_id)
    if previous is None:
        return (f"# {name}（可选）：另起一行写 {key}:，其下每行缩进两个空格写“指标 id: {what}”，"
                "指标 id 见 reports/catalog.yml 的 metrics\n")
    ids = [m for m in catalog.metrics if m in previous.metrics]
    width = max(len(m) for m in ids) + 1
    rtype = catalog.types.get(previous.type)
    lines = [f"# 上一篇报告（{previous.year}年 {rtype.name if rtype else previous.type}）填写了以下指标。"
             f"填写{year}年{what}后删去行首的“# ”，不填的指标整行删除：", f"# {key}:"]
    for metric_id in ids:
        metric = catalog.metrics[metric_id]
        value = _number(previous.metrics[metric_id])
        lines.append(f"#   {(metric_id + ':').ljust(width)}  # {metric.label}（{metric.unit}），{previous.year}年：{value}")
    return "".join(f"{line}\n" for line in lines)


def _previous_report(reports: Sequence[Report], org: str, year: int, type_id: str) -> Report | None:
    """The org's latest report with metrics from an earlier year, of the same type if there is one."""
    earlier = [r for r in reports if r.org == org and r.year < year and r.metrics]
    same = [r for r in earlier if r.type == type_id]
    return max(same or earlier, key=lambda r: r.sort_key, default=None)


def _number(value: Number) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def run_new(reports_dir: Path, org: str, year: int, type_id: str, force: bool = False, out: TextIO | None = None) -> int:
    """Write reports_dir/<year>/<org>-<type>.md from the skeleton; 0 done, 1 bad arguments, 2 broken catalog."""
    say, complain = out or sys.stdout, out or sys.stderr
    display = reports_dir.as_posix().rstrip("/")
    catalog, problems = load_catalog(reports_dir / "catalog.yml", f"{display}/catalog.yml")
    if problems:
        for problem in problems:
            print(problem.format(), file=complain)
        print("目录有错误，请先修正 catalog.yml 再新建报告。", file=complain)
        return 2
    mistakes = [m for m in (
        _unknown("组织", org, {o.id: o.name for o in catalog.orgs.values()}, org_names(catalog)),
        _unknown("报告类型", type_id, {t.id: t.name for t in catalog.types.values()}, {t.name: t.id for t in catalog.types.values()}),
        _bad_year(year),
    ) if m]
    if mistakes:
        for mistake in mistakes:
            print(mistake, file=complain)
        return 1
    path = reports_dir / str(year) / f"{org}-{type_id}.md"
    if path.exists() and not force:
        print(f"{path.as_posix()} 已存在，未做任何修改；确要用空白模板覆盖它，请加 --force", file=complain)
        return 1
    reports, _ = load_reports(reports_dir, catalog, display=display)
    text = render_skeleton(catalog, reports, org, year, type_id)
    source = path.relative_to(reports_dir).as_posix()
    _, found = check_report(parse_front_matter(text), source, catalog, display=f"{display}/{source}")
    if found:  # a bug in the skeleton, never the user's fault: write nothing
        for problem in found:
            print(problem.format(), file=complain)
        print("内部错误：生成的模板未通过校验，未写入文件。", file=complain)
        return 2
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    for twin in (r for r in reports if (r.org, r.year, r.type) == (org, year, type_id) and r.source != source):
        print(f"注意：已有同一组织、年度、类型的报告 {display}/{twin.source}，请确认不是重复。", file=say)
    print(f"已创建 {path.as_posix()}", file=say)
    print("下一步：\n  1. 在各标题下填写正文，删去 <!-- --> 中的提示；\n"
          "  2. 按 front matter 中的注释填写指标，删去行首的“# ”；\n"
          "  3. 运行 nianbao check 检查，nianbao serve 预览。", file=say)
    return 0


def _unknown(kind: str, value: str, known: Mapping[str, str], names: Mapping[str, str]) -> str:
    """A message for an id the catalog lacks, naming it and listing the valid ids; '' when it is known."""
    if value in known:
        return ""
    hint = did_you_mean(value, known, names)
    hint += "。" if hint and not hint.endswith("？") else ""
    listed = "、".join(f"{ident}（{name}）" for ident, name in known.items()) or "（目录中没有）"
    return f"未知{kind} '{value}'。{hint}可用的{kind} id：{listed}"


def _bad_year(year: int) -> str:
    """A message for a year no report can be about; '' when it is plausible."""
    last = datetime.date.today().year + 1  # a plan may be written for next year, nothing later
    if FIRST_YEAR <= year <= last:
        return ""
    return f"年份 {year} 不合理：应为 {FIRST_YEAR} 到 {last} 之间的四位数字，如 --year {last - 1}"
