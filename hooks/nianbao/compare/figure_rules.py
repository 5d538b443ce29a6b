"""The patterns that find statements of catalog metrics' figures: each metric's names, link words, units and amounts."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from ..model import Catalog, Metric
from .amounts import AMOUNT, APPROXIMATE_BEFORE

SYNONYMS = (("志愿者", "义工"), ("义工", "志愿者"), ("母婴室", "爱心妈妈小屋"))
UNIT_FORMS = {"人": "人|名|位", "名": "名|人|位", "人次": "人次", "家": "家|个|间|所", "个": "个|家|处|所|间", "间": "间|个|家|处",
              "件": "件|宗|起", "场": "场次|场", "场次": "场次|场", "小时": "个小时|小时", "%": "%|％", "项": "项|个"}
LINKS = ("达到", "达至", "已达", "达", "为", "共计", "合计", "累计", "总数", "总量", "数量", "人数", "共", "已", "有", "突破", "增至",
         "增加至", "增加到", "提升至", "提升到", "提高至", "提高到", "升至", "发展到", "发展至", "稳定在", "保持在", "实现", "建成", "挂牌")
_LINK = f"(?:{'|'.join(LINKS)}){{0,3}}"
# What may stand right after a name in a statement (a quote, a link word, an amount, a table cell); others are skipped fast.
AFTER_NAME = set("”\"’」』 \t|0123456789零〇一二两三四五六七八九十百千万亿") | {w[0] for w in (*LINKS, *APPROXIMATE_BEFORE)}
BARE_END = set("，,。；;、）)！？!? \n") | {""}  # where an amount may end without its unit (after 万/亿)
_AFTER_UNIT = r"(?!次|百分点|月|季度|工作日|小时)"
_TOTAL = r"(?:全区|全市|目前|现)?(?:累计|总计|合计|共计|总数|共有|共)(?:达到|达至|已达|达|为|至|有)?"


def metric_aliases(catalog: Catalog, extra: Mapping[str, Sequence[str]] | None = None) -> dict[str, tuple[str, ...]]:
    """Names each metric goes by, longest first: its label; synonyms and `extra`; suffixes of those of ≥ 4 characters.

    A name two metrics could go by belongs to the one for which it ranks higher (label, then synonym, then suffix), and
    to neither when it ranks the same for both.
    """
    ranks: dict[str, dict[str, int]] = {}  # name → metric → rank (0 label, 1 synonym or extra, 2 suffix)
    for metric in catalog.metrics.values():
        forms = {metric.label: 0}
        for name in [*(extra or {}).get(metric.id, ()), *(metric.label.replace(a, b) for a, b in SYNONYMS if a in metric.label)]:
            forms.setdefault(name, 1)
        for name in list(forms):
            for k in range(1, len(name) - 3):
                forms.setdefault(name[k:], 2)
        for name, rank in forms.items():
            ranks.setdefault(name, {})[metric.id] = rank
    names: dict[str, list[str]] = {m: [] for m in catalog.metrics}
    for name, by_metric in ranks.items():
        best = min(by_metric.values())
        owners = [m for m, rank in by_metric.items() if rank == best]
        if len(owners) == 1:
            names[owners[0]].append(name)
    return {m: tuple(sorted(found, key=lambda n: (-len(n), n))) for m, found in names.items()}


@dataclass(frozen=True)
class Rule:
    """What may follow or precede one metric's name in a statement of its figure."""

    metric: str
    order: int
    after: tuple[re.Pattern[str], ...]  # matched right after a name: '…85间', '…3家，累计达15家', '… | 间 | 85 |'
    before: re.Pattern[str]  # searched right before a name: '37个…'
    before_last: frozenset[str]  # the characters that may stand right before the name in such a statement
    scale: float  # from the amount as written to the metric's unit (1e-4 for 万元)


@dataclass(frozen=True)
class Rules:
    """Every metric's names in one pattern (longest first), whose name each is, and each metric's rule."""

    names: re.Pattern[str]
    owner: Mapping[str, str]  # name → metric id
    spread: tuple[tuple[re.Pattern[str], str], ...]  # a label with characters inserted → metric id
    rules: Mapping[str, Rule]


@lru_cache(maxsize=16)
def compile_rules(metrics: tuple[tuple[str, str, str], ...], extra: tuple[tuple[str, tuple[str, ...]], ...]) -> Rules:
    """The compiled rules of a catalog's metrics, given as (id, label, unit); cached as `check` runs this per report."""
    catalog = Catalog(metrics=MappingProxyType({i: Metric(i, label, unit) for i, label, unit in metrics}))
    aliases = metric_aliases(catalog, dict(extra))
    owner = {name: metric_id for metric_id, names in aliases.items() for name in names}
    spread = []
    for metric in catalog.metrics.values():
        label = metric.label  # with up to 6 characters inserted: '劳模和工匠人才创新工作室'
        inserted = [re.escape(label[:k]) + r"[\u4e00-\u9fff]{1,6}?" + re.escape(label[k:]) for k in range(2, len(label) - 1)]
        if inserted:
            spread.append((re.compile("|".join(inserted)), metric.id))
    # no groups in the alternation: they would stop the regex engine from skipping ahead to a possible first character
    names = re.compile("|".join([*(re.escape(n) for n in sorted(owner, key=lambda n: (-len(n), n))), *(p.pattern for p, _ in spread)]))
    rules = {metric.id: metric_rule(metric, order) for order, metric in enumerate(catalog.metrics.values())}
    return Rules(names, MappingProxyType(owner), tuple(spread), MappingProxyType(rules))


def metric_rule(metric: Metric, order: int) -> Rule:
    """The patterns around one metric's name."""
    unit, scale = metric.unit, 1.0
    if len(unit) > 1 and unit[0] in "万亿":
        unit, scale = unit[1:], 1e-4 if unit[0] == "万" else 1e-8
    units = UNIT_FORMS.get(unit, re.escape(unit))
    value = rf"[”\"’」』]?{_LINK}(?P<amount>{AMOUNT})(?P<unit>{units})?{_AFTER_UNIT}"
    part = AMOUNT.replace("?P<", "?P<part_")
    total = (rf"[”\"’」』]?{_LINK}{part}(?:{units}){_AFTER_UNIT}[，,；;]"
             rf"(?P<rest>{_TOTAL}(?P<amount>{AMOUNT})(?P<unit>{units}){_AFTER_UNIT})")
    # a Markdown table row '| 母婴室 | 间 | 85 |' (a unit cell states the metric's own unit, e.g. 万元, unscaled)
    row = (rf"[ \t]*\|[ \t]*(?:(?P<cell>{re.escape(metric.unit)}|{units})[ \t]*\|[ \t]*)?(?P<amount>{AMOUNT})[ \t]*"
           rf"(?P<unit>{units})?[ \t]*\|")
    before = rf"(?P<amount>{AMOUNT})(?P<unit>{units}){_AFTER_UNIT}的?[“\"]?\Z"
    last = frozenset({form[-1] for form in units.split("|")} | set("的“\""))
    return Rule(metric.id, order, (re.compile(value), re.compile(total), re.compile(row)), re.compile(before), last, scale)


