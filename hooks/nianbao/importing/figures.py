"""Find catalog metrics among the figures of a report's text; list the other figures for review."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Catalog, Number

_NUM = r"(?P<pre>近|约|超过|超|逾|达到|达|共)?(?P<n>\d+(?:\.\d+)?)(?P<mag>万|亿)?(?P<post>余|多)?"
# Metric id → patterns (first match wins) for the phrasing reports use; other metrics use '<label><number><unit>'.
METRIC_RULES: dict[str, tuple[str, ...]] = {
    "union_rate": (rf"百人以上企业[^。；]{{0,30}}?建会率(?:达到|达|为)?{_NUM}[%％]", rf"建会率(?:达到|达|为)?{_NUM}[%％]"),
    "nursing_rooms": (rf"母婴室{_NUM}间",),
    "volunteers": (rf"累计(?:实名)?注册(?:志愿者|义工){_NUM}(?:名|人)?", rf"(?<!新增)(?<!新增实名)注册(?:志愿者|义工)(?:总数|人数)?{_NUM}(?:名|人)"),
    "new_volunteers": (rf"新增(?:实名)?注册(?:志愿者|义工){_NUM}(?:名|人)?",),
    "volunteer_hours": (rf"服务时长{_NUM}小时",),
    "studios": (rf"劳模[^，。；]{{0,8}}?创新工作室{_NUM}(?:家|个|间)",),
    "people_reached": (rf"覆盖群众{_NUM}人次",),
    "child_friendly_bases": (rf"儿童友好(?:实践)?基地{_NUM}个",),
    "women_micro_homes": (rf"妇女微家[”\"]?{_NUM}(?:家|个)",),
    "disputes_mediated": (rf"调解劳动争议{_NUM}件",),
    "worker_libraries": (rf"职工书屋{_NUM}(?:个|家)",),
}
_UNITS = "人次|万元|元|小时|人|名|家次|家|个|间|场次|场|件|次|%|％|项|份|期|篇|户|起|宗|批|处|支|所|册|种|副|字|㎡|平方米|天"
_FIGURE = re.compile(rf"(?:近|约|超过|超|逾|达到|达|共)?\d+(?:\.\d+)?(?:万|亿)?(?:余|多)?(?:{_UNITS})")
_PLACEHOLDER = re.compile(r"(?<![A-Za-z])[Xx]{1,3}(?=%|余|多|万|名|个|人|家|件|场|次|项|份|期|篇|户|间|元|小时)")
_CLAUSE = re.compile(r"[，。；：！？\n]")
APPROXIMATE = ("近", "约", "超过", "超", "逾", "余", "多")


@dataclass(frozen=True)
class MetricHit:
    """A metric value found in the text, with the words it came from."""

    metric: str
    value: Number
    source: str
    approximate: bool
    span: tuple[int, int]


def extract_metrics(text: str, catalog: Catalog) -> list[MetricHit]:
    """The first clear statement of each catalog metric in `text` (summary sections only)."""
    hits = []
    for metric in catalog.metrics.values():
        patterns = METRIC_RULES.get(metric.id) or (re.escape(metric.label) + _NUM + re.escape(metric.unit),)
        for pattern in patterns:
            if match := re.search(pattern, text):
                value = parse_number(match["n"], match["mag"])
                approximate = match["pre"] in APPROXIMATE or match["post"] in APPROXIMATE
                hits.append(MetricHit(metric.id, value, match.group(0), approximate, match.span()))
                break
    return hits


def parse_number(digits: str, magnitude: str | None = None) -> Number:
    """'7.5', '万' → 75000; '92.18' → 92.18; whole numbers as int."""
    factor = {"万": 10_000, "亿": 100_000_000}.get(magnitude or "", 1)
    value = round(float(digits) * factor, 6)
    return int(value) if value.is_integer() else value


def list_figures(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[str]:
    """The clauses of `text` that state figures, except those already taken as metrics."""
    spans: list[tuple[int, int]] = []
    for match in _FIGURE.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in skip):
            continue
        span = _clause_around(text, match.start(), match.end())
        if span not in spans:
            spans.append(span)
    return [text[start:end].strip() for start, end in spans]


def _clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause holding text[start:end], cut to about 40 characters around it when longer."""
    left = max((m.end() for m in _CLAUSE.finditer(text, 0, start)), default=0)
    right_match = _CLAUSE.search(text, end)
    right = right_match.start() if right_match else len(text)
    if right - left > 40:
        left, right = max(left, start - 24), min(right, end + 16)
    return left, right


def count_placeholders(text: str) -> int:
    """How many figures the source replaced with 'X' (anonymised copies)."""
    return len(_PLACEHOLDER.findall(text))
