"""Detect title, org, year, type and date of an imported report; explain every guess."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..catalog import org_names
from ..model import Catalog
from .common import CN_DIGITS, ImportFailure, cn_number

_YEAR = r"(\d{4}|[〇零一二三四五六七八九]{4})\s*年"
_SUMMARY_YEAR = re.compile(_YEAR + r"(?:度)?[^\d，。]{0,8}?总结")
_PLAN_YEAR = re.compile(_YEAR + r"(?:度)?[^\d，。]{0,8}?(?:计划|思路|要点|打算|安排)")
_ANY_YEAR = re.compile(_YEAR)
# Anniversaries date a text without a year: 建党90周年 → 1921 + 90.
_ANNIVERSARIES = (
    (re.compile(r"(?:建党|中国共产党成立|党的生日)\s*([\d一二三四五六七八九十百]+)\s*周年"), 1921, "建党"),
    (re.compile(r"(?:建国|新中国成立|中华人民共和国成立)\s*([\d一二三四五六七八九十百]+)\s*周年"), 1949, "新中国成立"),
    (re.compile(r"改革开放\s*([\d一二三四五六七八九十百]+)\s*周年"), 1978, "改革开放"),
)
_OPENING_YEAR = re.compile(r"^(\d{4})年[，,]")
# Type keywords in the title, checked in this order: 半年 before 总结, 总结 before 计划.
TYPE_RULES = (("half", re.compile(r"半年")), ("annual", re.compile(r"总结")), ("plan", re.compile(r"计划|思路|要点|打算|安排")),
              ("special", re.compile(r"汇报|报告|讲话|发言|调研")))
# How a speech opens: '下面，就…讲三点意见', '同志们：'.
_SPEECH = re.compile(r"讲[一二两三四五六七八九几]点(?:意见|看法|体会)|同志们[：:，,]|我讲几点")
_SIGNATURE = re.compile(r"^(?P<who>[^，。；：！？\d]{0,30}?)\s*(?P<y>\d{4}|[〇零一二三四五六七八九]{4})\s*[-年./]\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})"
                        r"\s*[-月./]\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日?$")


T = TypeVar("T")


@dataclass(frozen=True)
class Found(Generic[T]):
    """A detected value and, when it was guessed, why (shown to the user for review)."""

    value: T
    review: str = ""


def detect_org(title: str, body: str, catalog: Catalog) -> Found[str] | None:
    """The catalog org named in the title, else the one the text names most often; None when it names none."""
    names = org_names(catalog)
    if hits := _name_hits(title, names):
        return Found(min(hits.values(), key=lambda h: h[1])[2])
    hits = _name_hits(body, names)
    if not hits:
        return None
    name, (count, _, org) = max(hits.items(), key=lambda item: (item[1][0], -item[1][1]))
    return Found(org, f"组织：标题中没有组织名称，按正文中出现最多的“{name}”（{count} 次）定为 {org}")


def _name_hits(text: str, names: dict[str, str]) -> dict[str, tuple[int, int, str]]:
    """name → (count, first position, org id); longer names win over names they contain."""
    hits: dict[str, tuple[int, int, str]] = {}
    for name in sorted(names, key=len, reverse=True):
        positions = [m.start() for m in re.finditer(re.escape(name), text)]
        if positions:
            hits[name] = (len(positions), positions[0], names[name])
            text = text.replace(name, "\0" * len(name))
    return hits


def detect_year(title: str, body: str, site_date: dt.date | None) -> Found[int]:
    """The year reported on: the 总结 year of the title, else its only year, else clues in the text."""
    for pattern in (_SUMMARY_YEAR, _PLAN_YEAR, _ANY_YEAR):
        if match := pattern.search(title):
            return Found(_year_number(match.group(1)))
    for pattern, base, event in _ANNIVERSARIES:
        if (match := pattern.search(body)) and (n := cn_number(match.group(1))):
            clause = _clause(body, match.start(), match.end())
            return Found(base + n, f"年份：标题和正文都没有写明年份；正文“{clause}”中的{event}{n}周年是 {base}+{n}={base + n} 年，"
                                   f"说明讲话/报告作于该年（回顾此前的工作），故定为 {base + n}")
    if match := _OPENING_YEAR.search(body):
        return Found(int(match.group(1)), f"年份：标题中没有年份，取正文开头的“{match.group(0)}”")
    if site_date:
        return Found(site_date.year - 1, f"年份：文中没有年份，暂定为网站日期 {site_date} 的前一年")
    raise ImportFailure("无法确定年份：标题和正文中都没有年份；请在标题中写明年份（如“2021年工作总结”）后再导入")


def _clause(text: str, start: int, end: int) -> str:
    """The clause of `text` around text[start:end]."""
    left = max(text.rfind(p, 0, start) for p in "，。；：\n") + 1
    rights = [i for p in "，。；：\n" if (i := text.find(p, end)) >= 0]
    return text[left:min(rights, default=len(text))]


def _year_number(text: str) -> int:
    """'2021' or '二〇二一' as an int."""
    return int(text) if text.isdigit() else int("".join(str(CN_DIGITS[c]) for c in text))


def detect_type(title: str, catalog: Catalog, body: str = "") -> Found[str]:
    """The report type from keywords of the title, else a catalog type name the title contains, else a speech's wording."""
    for type_id, pattern in TYPE_RULES:
        if pattern.search(title) and type_id in catalog.types:
            return Found(type_id)
    for rtype in catalog.types.values():
        if rtype.name in title:
            return Found(rtype.id)
    if (match := _SPEECH.search(body[:300])) and "special" in catalog.types:
        return Found("special", f"类型：标题中没有“总结/计划/汇报”等字样；正文开头“{match.group(0)}”是讲话的说法，暂定为 special（{catalog.types['special'].name}）")
    if "annual" in catalog.types:
        return Found("annual", "类型：标题中没有“总结/计划/汇报”等字样，暂定为 annual（年度工作总结）")
    raise ImportFailure("无法确定报告类型：标题中没有“总结/计划/汇报”等字样，目录中也没有 annual 类型")


def detect_signature(paragraphs: list[str]) -> tuple[dt.date | None, list[str]]:
    """The date of a closing signature line ('坪山区群团工作部2022-2-16'), and the paragraphs without it."""
    if not paragraphs or not (match := _SIGNATURE.match(paragraphs[-1])):
        return None, paragraphs
    try:
        date = dt.date(_year_number(match["y"]), cn_number(match["m"]) or 0, cn_number(match["d"]) or 0)
    except ValueError:
        return None, paragraphs
    rest = paragraphs[:-1]
    # A signature on two lines: the org alone on the line before the date.
    if not match["who"] and rest and re.fullmatch(r"[^，。；：、！？]{2,20}(?:部|会|委|联|局|办|组织|团)", rest[-1]):
        rest = rest[:-1]
    return date, rest


def choose_date(signed: dt.date | None, site_date: dt.date | None, year: int) -> Found[dt.date | None]:
    """The signature date, else the website's date when it is plausible for the year reported on."""
    if signed:
        return Found(signed)
    if site_date and year <= site_date.year <= year + 1:
        return Found(site_date, f"日期：文中没有落款日期，暂用网站发布/上传日期 {site_date}")
    if site_date:
        return Found(None, f"日期：文中没有落款日期；网站日期 {site_date} 与报告年份 {year} 相差太远（应是转载日期），未填写 date")
    return Found(None, "日期：文中没有落款日期，未填写 date")


def review_title(title: str) -> str:
    """Why a detected title may need rewording ('' when it looks fine)."""
    if not title:
        return ""
    problems = []
    if match := re.search(r"(?<![A-Za-z])[Xx]+\s*年", title):
        problems.append(f"含匿名占位符“{match.group(0)}”")
    if title.startswith(("我部", "我会", "我委", "我局", "我们")):
        problems.append(f"以“{title[:2]}”自称、没有写出组织名称")
    return f"标题：“{title}”{'，'.join(problems)}，可考虑人工改写" if problems else ""
