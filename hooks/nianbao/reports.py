"""Load every report under reports/ and check it against the catalog."""
from __future__ import annotations

import datetime
import math
import re
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any, Iterable
from urllib.parse import quote

from .catalog import org_names
from .files import check_attachment, scan_tree
from .frontmatter import CONTROL, FrontMatter, FrontMatterError, check_control_characters, parse_front_matter
from .model import FIRST_YEAR, LAST_YEAR, Catalog, Number, Report
from .problems import WARNING, Problem, suggest

REQUIRED = ("title", "org", "year", "type")
MAX_TITLE = 200
OPTIONAL = ("date", "tags", "summary", "metrics", "targets", "draft", "public")
_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_WAN = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*(万|亿)")
_LEADING_NUMBER = re.compile(r"^[0-9]+(?:\.[0-9]+)?")


def find_report_files(reports_dir: Path, files: Iterable[str] | None = None) -> list[Path]:
    """Every Markdown file under reports/ (of `files`, the folder's readable files, when the caller has scanned it)."""
    files = scan_tree(reports_dir, reports_dir.name).files if files is None else files
    return [reports_dir / rel for rel in files if rel.endswith(".md")]


def find_attachments(reports_dir: Path, files: Iterable[str], display: str = "reports") -> tuple[list[str], list[Problem]]:
    """Other files under reports/ (images, PDFs …), published beside the reports; misnamed Markdown is a warning,
    a file that could run script is an error."""
    attachments: list[str] = []
    problems: list[Problem] = []
    for rel in files:
        suffix = PurePosixPath(rel).suffix
        if suffix == ".md" or rel == "catalog.yml":
            continue
        if suffix.lower() in _MARKDOWN_SUFFIXES:
            problems.append(Problem(f"{display}/{rel}", 1, "file", "扩展名不是小写 .md，不会作为报告发布",
                                    f"改名为 {PurePosixPath(rel).stem}.md", WARNING))
        elif refused := check_attachment(reports_dir / rel, rel, display):
            problems += refused
        else:
            attachments.append(rel)
    return attachments, problems


def report_url(source: str, directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives `reports/<source>` (index and README are folder pages)."""
    path = PurePosixPath(source)
    folder = f"reports/{path.parent.as_posix()}/".replace("/./", "/")
    if path.stem in ("index", "README"):
        url = folder if directory_urls else f"{folder}index.html"
    else:
        url = f"{folder}{path.stem}/" if directory_urls else f"{folder}{path.stem}.html"
    return quote(url)  # percent-encoded like MkDocs' own page URLs


def load_reports(reports_dir: Path, catalog: Catalog, *, display: str = "reports", directory_urls: bool = True,
                 memo: dict[tuple[str, bytes], tuple[Report | None, list[Problem]]] | None = None,
                 files: Iterable[str] | None = None) -> tuple[list[Report], list[Problem]]:
    """Read and check every report; return the valid ones and every problem found.

    `memo` holds earlier results by file content (for the same catalog): a file that did not change is not checked again.
    `files` are the folder's readable files (from scan_tree), when the caller has scanned it and reports what it refused.
    """
    reports: list[Report] = []
    problems: list[Problem] = []
    used: dict[tuple[str, bytes], tuple[Report | None, list[Problem]]] = {}
    for path in find_report_files(reports_dir, files):
        source = path.relative_to(reports_dir).as_posix()
        raw = path.read_bytes()
        key = (source, raw)
        if memo is not None and key in memo:
            report, found = used[key] = memo[key]
        else:
            report, found = used[key] = check_report_file(raw, source, catalog, display=f"{display}/{source}", directory_urls=directory_urls)
        problems += found
        if report is not None:
            reports.append(report)
    problems += check_unique_urls(reports, display)
    if memo is not None:  # keep only the files as they are now
        memo.clear()
        memo.update(used)
    return reports, problems


def check_report_file(raw: bytes, source: str, catalog: Catalog, *, display: str, directory_urls: bool = True) -> tuple[Report | None, list[Problem]]:
    """Check the bytes of one report file; return the report (None when invalid) and its problems."""
    try:
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # the universal newlines of read_text()
    except UnicodeDecodeError:
        return None, [Problem(display, 1, "file", "文件不是 UTF-8 编码", "请用 UTF-8 另存，或用 nianbao import 转换")]
    controls = check_control_characters(text, display)
    if controls:  # checked without them, so that every other problem shows in the same run; the report stays invalid
        text = CONTROL.sub("", text)
    try:
        fm = parse_front_matter(text)
    except FrontMatterError as exc:
        return None, [*controls, Problem(display, exc.line, "front matter", exc.message, exc.hint)]
    report, problems = check_report(fm, source, catalog, display=display, directory_urls=directory_urls)
    return (None if controls else report), controls + problems




def check_report(fm: FrontMatter, source: str, catalog: Catalog, *, display: str, directory_urls: bool = True) -> tuple[Report | None, list[Problem]]:
    """Check parsed front matter against the contract and the catalog."""
    data, problems = fm.data, []

    def problem(name: str, message: str, hint: str = "", severity: str = "error") -> None:
        problems.append(Problem(display, fm.lines.get(name, 1), name.strip() or "front matter", message, hint, severity))

    for name in REQUIRED:
        if data.get(name) in (None, ""):
            problems.append(Problem(display, 1, name, f"缺少必填字段 {name}", _REQUIRED_HINTS[name]))
    for name in data:
        if name not in REQUIRED + OPTIONAL:
            problem(str(name), f"未知字段 '{name}'，将被忽略", suggest(str(name), REQUIRED + OPTIONAL), WARNING)

    for duplicate in fm.duplicates:
        first, second = duplicate.first + 2, duplicate.second + 2  # +1 for 1-based, +1 for the opening ---
        problems.append(Problem(display, second, duplicate.key, f"字段 {duplicate.key} 写了两次（第 {first} 行和第 {second} 行）",
                                "YAML 只会保留后一个值：删去其中一行"))
    title = data.get("title")
    if isinstance(title, (dict, list)):
        problem("title", "标题应为一行文字", "如 title: 坪山区总工会2021年工作总结")
    elif title is not None and len(str(title).strip()) > MAX_TITLE:
        problem("title", f"标题有 {len(str(title).strip())} 个字，超过 {MAX_TITLE} 字", "标题应为一句话，较长的说明写在 summary 或正文中")
    org = data.get("org")
    if org not in (None, "") and (not isinstance(org, str) or org not in catalog.orgs):
        problem("org", f"未知组织 '{org}'", suggest(str(org), catalog.orgs, org_names(catalog)))
    rtype = data.get("type")
    if rtype not in (None, "") and (not isinstance(rtype, str) or rtype not in catalog.types):
        problem("type", f"未知报告类型 '{rtype}'", suggest(str(rtype), catalog.types, {t.name: t.id for t in catalog.types.values()}))
    year = data.get("year")
    if year not in (None, "") and not (isinstance(year, int) and not isinstance(year, bool)):
        problem("year", f"年份应为整数，发现 '{year}'", "只写四位数字，如 year: 2021（不加“年”，不加引号）")
    elif isinstance(year, int) and not FIRST_YEAR <= year <= LAST_YEAR:
        problem("year", f"年份 {year} 超出范围", f"应在 {FIRST_YEAR} 到 {LAST_YEAR} 之间")
    date = _check_date(data.get("date"), problem)
    tags = _check_tags(data.get("tags"), problem)
    metrics = _check_metrics(data.get("metrics"), catalog, problem)
    targets = _check_metrics(data.get("targets"), catalog, problem, "targets")
    if targets and isinstance(rtype, str) and rtype in catalog.types and catalog.role(rtype) != "plan":
        plans = [t.id for t in catalog.types.values() if t.role == "plan"]
        hint = f"目标写在当年的工作计划（type: {plans[0]}）中；总结中请用 metrics 写实际数值" if plans else "目录中没有 role: plan 的报告类型，请先在 reports/catalog.yml 中标明"
        problem("targets", "只有工作计划可以写 targets（当年目标）", hint)
    summary = data.get("summary")
    if summary is not None and not isinstance(summary, (str, int, float)):
        problem("summary", "摘要应为一段文字", "如 summary: 全年开展活动200余场")
    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        problem("draft", f"draft 应为 true 或 false，发现 '{draft}'", "草稿写 draft: true，正式发布删除此行")
    public = data.get("public", False)
    if not isinstance(public, bool):
        problem("public", f"public 应为 true 或 false，发现 '{public}'", "可以对外公开的报告写 public: true，内部报告删除此行")
    if not fm.body.strip():
        problems.append(Problem(display, fm.body_line, "body", "正文为空", "在 front matter 之后写报告正文", WARNING))

    if any(p.severity == "error" for p in problems):
        return None, problems
    return Report(
        source=source, url=report_url(source, directory_urls), title=str(title).strip(), org=org, year=year, type=rtype,
        date=date, tags=tags, summary=str(summary or "").strip(), metrics=MappingProxyType(metrics),
        targets=MappingProxyType(targets), draft=draft, public=public, body=fm.body, body_line=fm.body_line, lines=MappingProxyType(fm.lines),
    ), problems


_REQUIRED_HINTS = {
    "title": "添加一行 title: 报告标题",
    "org": "添加一行 org: 组织 id（见 reports/catalog.yml）",
    "year": "添加一行 year: 报告所总结的年份，如 2021",
    "type": "添加一行 type: 报告类型 id（见 reports/catalog.yml）",
}


def _check_date(value: Any, problem: Any) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and _DATE.match(value.strip()):
        try:
            return datetime.date(*map(int, value.strip().split("-")))
        except ValueError:
            pass
    problem("date", f"日期 '{value}' 无效", "格式为 YYYY-MM-DD，如 date: 2022-02-16")
    return None


def _check_tags(value: Any, problem: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        problem("tags", "tags 应为列表", f"写成 tags: [{value}]，多个标签用逗号分隔")
        return ()
    if not isinstance(value, list) or any(isinstance(t, (dict, list)) or t in (None, "") for t in value):
        problem("tags", "tags 应为文字标签的列表", "如 tags: [志愿服务, 母婴室]")
        return ()
    return tuple(dict.fromkeys(str(t).strip() for t in value))


def _check_metrics(value: Any, catalog: Catalog, problem: Any, name: str = "metrics") -> dict[str, Number]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problem(name, f"{name} 应为“指标 id: 数值”的映射", f"每行缩进两个空格，如\n{name}:\n  volunteers: 75000")
        return {}
    labels = {m.label: m.id for m in catalog.metrics.values()}
    metrics: dict[str, Number] = {}
    for key, number in value.items():
        field = f"{name}.{key}"
        if key not in catalog.metrics:
            problem(field, f"未知指标 '{key}'", suggest(str(key), catalog.metrics, labels))
        elif isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
            problem(field, f"指标值应为数字，发现 '{number}'", _number_hint(number, catalog.metrics[key].unit))
        else:
            metrics[key] = number
    return metrics


def _number_hint(value: Any, unit: str) -> str:
    """Suggest the plain number an editor probably meant ('7.5万' → 75000)."""
    text = str(value).strip().replace(",", "").replace("，", "")
    if match := _WAN.match(text):
        factor = 10_000 if match.group(2) == "万" else 100_000_000
        number = float(match.group(1)) * factor
        return f"只写数字，单位“{unit}”由目录给出：是否应为 {number:.0f}？"
    if match := _LEADING_NUMBER.match(text):
        return f"只写数字，单位“{unit}”由目录给出：是否应为 {match.group(0)}？"
    return f"只写数字，单位“{unit}”由目录给出，如 85"


def check_unique_urls(reports: list[Report], display: str) -> list[Problem]:
    """Two sources must not publish to the same address (e.g. a.md and a/index.md)."""
    seen: dict[str, str] = {}
    problems = []
    for report in reports:
        if report.url in seen:
            problems.append(Problem(f"{display}/{report.source}", 1, "path", f"与 {display}/{seen[report.url]} 发布到同一网址 /{report.url}", "请重命名其中一个文件"))
        seen[report.url] = report.source
    return problems
