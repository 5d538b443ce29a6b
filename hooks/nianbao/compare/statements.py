"""Stage six: figures of catalog metrics stated in a report's text, checked against the report's own front matter.

A statement is a metric's name (its label, a synonym, a suffix of it, or it with a few characters inserted) followed by
linking words (达, 为, 累计 …) and an amount with the metric's unit — '建成母婴室85间', '累计实名注册义工7.5万',
'服务时长超251万小时' — or an amount and unit right before the name ('37个儿童友好基地'). It is not compared when it
stands in a plans section, in brackets, after words that make it a part or a flow (其中, 含, 新增, 新建 …), after other
figures in its clause ('25-99人企业建会率92.18%') or after another year. When one compared statement of a metric agrees
with the front matter, the metric's other statements are taken to be about something narrower and are not flagged.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..fmt import format_quantity
from ..model import Catalog, Number, Report
from ..problems import WARNING, Problem
from .amounts import Amount, agrees, parse_amount, tidy
from .figure_rules import AFTER_NAME, BARE_END, compile_rules
from .normalise import line_at
from .sections import PLAN_WORDS, Section, is_plan_section, split_sections

_PART = re.compile(r"其中|含|包括|新增|新建|新认定|新发展|新注册|新挂牌|今年新|本年新|当年新|年内新|新招募")
_CLAUSE_BREAK = re.compile(r"[，,。；;：:、！？!?\n（）()]")
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_OPEN, _CLOSE = "（(", "）)"


@dataclass(frozen=True)
class FigureStatement:
    """A figure of a metric stated in the body, and how it compares with the front matter."""

    metric: str
    label: str
    unit: str
    phrase: str  # the words matched, as written
    stated: Number  # in the metric's unit
    approximate: bool
    recorded: Number | None  # the front matter's value (None: not recorded)
    counted: bool  # compared with the front matter
    reason: str  # why not compared: 计划部分 | 括注 | 部分或新增 | 限定 | 其他年份 | ''
    agrees: bool | None  # None when not compared or nothing recorded
    line: int  # file line
    start: int  # offsets into the body
    end: int

    @property
    def message(self) -> str:
        """The disagreement in words, for a warning."""
        stated = format_quantity(self.stated, self.unit)
        if self.recorded is None:
            return f"正文“{self.phrase}”写{self.label} {stated}"
        return f"正文“{self.phrase}”写{self.label} {stated}，与 front matter 中的 {format_quantity(self.recorded, self.unit)} 不一致"


Extra = Mapping[str, Sequence[str]]  # metric id → further names it goes by


def find_figure_statements(report: Report, catalog: Catalog, extra: Extra | None = None) -> tuple[FigureStatement, ...]:
    """Every statement of a catalog metric's figure in the body, in text order; one reading per amount (the longest name)."""
    if not catalog.metrics and not extra:
        return ()  # no names to look for (the rules' pattern would match nothing of any metric's)
    compiled = compile_rules(tuple((m.id, m.label, m.unit) for m in catalog.metrics.values()),
                      tuple(sorted((k, tuple(v)) for k, v in (extra or {}).items())))
    body = report.body
    chosen: dict[tuple[int, int], tuple[int, int, str, Amount, int, int, bool]] = {}  # amount span → its reading
    for name in compiled.names.finditer(body):
        metric_id = compiled.owner.get(name.group(0)) or next(m for p, m in compiled.spread if p.fullmatch(name.group(0)))
        rule = compiled.rules[metric_id]
        cell = body[body.rfind("\n", 0, name.start()) + 1:name.start()].strip() == "|"
        found = []
        if body[name.end():name.end() + 1] in AFTER_NAME:
            found = [(m, m.start("rest") if "rest" in m.re.groupindex else name.start(), m.end())
                     for m in (p.match(body, name.end()) for p in rule.after) if m and ("cell" in m.re.groupindex) == cell]
        before = body[name.start() - 1:name.start()] in rule.before_last
        if before and (m := rule.before.search(body, max(0, name.start() - 24), name.start())):
            found.append((m, m.start(), name.end()))
        for match, start, end in found:
            amount = parse_amount(match)
            in_cell = cell and bool(match["cell"])
            if amount is None or not (match["unit"] or in_cell or match["mag"] and body[end:end + 1] in BARE_END):
                continue  # a unit may be left out only after 万/亿 at a clause's end: '累计注册义工7.5万，'
            if rule.scale != 1 and not (in_cell and match["cell"] == catalog.metrics[rule.metric].unit):
                amount = Amount(tidy(amount.value * rule.scale), amount.place * rule.scale, amount.approximate)
            reading = (len(name.group(0)), -rule.order, rule.metric, amount, start, end, cell)
            span = match.span("amount")
            if span not in chosen or reading[:2] > chosen[span][:2]:
                chosen[span] = reading
    sections = split_sections(body, report.body_line) if chosen else ()
    statements = []
    for _, _, metric_id, amount, start, end, cell in sorted(chosen.values(), key=lambda r: r[4]):
        metric = catalog.metrics[metric_id]
        recorded = report.metrics.get(metric_id)
        reason = _reason(body, start, sections, report.year, cell)
        fits = agrees(amount, recorded) if recorded is not None and not reason else None
        statements.append(FigureStatement(metric_id, metric.label, metric.unit, body[start:end], amount.value, amount.approximate,
                                          recorded, not reason, reason, fits, line_at(body, start, report.body_line), start, end))
    return tuple(statements)


def _reason(body: str, start: int, sections: Sequence[Section], year: int, cell: bool = False) -> str:
    """Why a statement starting at `start` is not the report's own figure for the year ('' when it is)."""
    if cell:  # a table row: its caption, the line above the table, may name the year ('附表：2021年主要指标')
        caption, end = "", body.rfind("\n", 0, start)
        while end > 0 and not caption:
            begin = body.rfind("\n", 0, end) + 1
            line = body[begin:end].strip()
            caption = line if line and not line.startswith("|") else ""
            end = begin - 1
        if f"{year}年" in caption and not PLAN_WORDS.search(caption):
            return ""
    section = next((s for s in reversed(sections) if s.start <= start), None)
    if section is not None and is_plan_section(section):
        return "计划部分"
    if cell:
        return ""
    before = body[body.rfind("\n", 0, start) + 1:start]
    if sum(c in _OPEN for c in before) > sum(c in _CLOSE for c in before):
        return "括注"
    clause = _CLAUSE_BREAK.split(before)[-1]
    if _PART.search(clause):
        return "部分或新增"
    if any(int(y) != year for y in _YEAR.findall(clause)):
        return "其他年份"
    if re.search(r"\d", _YEAR.sub("", clause)):
        return "限定"
    return ""


def check_figure_statements(report: Report, catalog: Catalog, extra: Extra | None = None) -> tuple[FigureStatement, ...]:
    """The compared statements that disagree with the front matter, for metrics none of whose statements agree."""
    statements = find_figure_statements(report, catalog, extra)
    fine = {s.metric for s in statements if s.agrees}
    return tuple(s for s in statements if s.agrees is False and s.metric not in fine)


# A preview re-reads only edited reports and keeps the other Report objects: their findings are kept with them.
_checked: dict[int, tuple[Report, str, tuple[FigureStatement, ...]]] = {}


def figure_problems(reports: Iterable[Report], catalog: Catalog, display: str = "reports") -> list[Problem]:
    """Each figure stated in a report's text that disagrees with its front matter, as a warning at its file line."""
    reports, catalog_key = list(reports), repr(catalog)
    if len(_checked) > 2 * len(reports):
        _checked.clear()
    found = []
    for r in reports:
        known = _checked.get(id(r))
        if known is None or known[0] is not r or known[1] != catalog_key:
            known = _checked[id(r)] = (r, catalog_key, check_figure_statements(r, catalog))
        found += [Problem(f"{display}/{r.source}", s.line, "body", s.message, "请核对正文或 front matter 中的数字", WARNING)
                  for s in known[2]]
    return found
