"""Organisations the catalog does not know yet: find their names, give them ids, append them to catalog.yml."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from pypinyin import lazy_pinyin

from ..catalog import load_catalog
from ..model import Catalog, Org
from ..problems import errors
from .common import ImportFailure

# Kinds of mass organisation and the abbreviations ids use for them (pingshan-zgh, pingshan-fl …).
KINDS = {"群团工作部": "qtgzb", "总工会": "zgh", "妇女联合会": "fl", "妇联": "fl", "团区委": "tqw", "团市委": "tsw",
         "团县委": "txw", "团委": "tw", "工会": "gh", "残联": "cl", "科协": "kx", "侨联": "ql", "工商联": "gsl", "红十字会": "hszh"}
_PLACE_SUFFIX = "新区|自治县|区|市|县|镇|街道"
_PLACE = rf"[\u4e00-\u9fffA-Za-z]{{1,8}}?(?:{_PLACE_SUFFIX})"
_KIND = "|".join(sorted(KINDS, key=len, reverse=True))
# '共青团龙岗区委' (the league's own form) or '<place>[委]<kind>' ('坪山区委群团工作部', '南山区总工会').
_ORG_NAME = re.compile(rf"共青团(?P<league>{_PLACE})委(?:员会)?|(?P<place>{_PLACE})委?(?P<kind>{_KIND})")
# Places that are not names: '全区总工会' is the district's union seen from inside.
_NOT_PLACES = re.compile(r"^(?:全|各|本|我|该|辖|市|省|县|区|此|两|多|一)")
_ID_CHARS = re.compile(r"[^a-z0-9]+")


def find_org_name(title: str, body: str) -> str | None:
    """The org a report names: the first org name in the title, else the one the text names most often."""
    if names := _org_names(title):
        return names[0]
    counts = Counter(_org_names(body))
    return counts.most_common(1)[0][0] if counts else None


def _org_names(text: str) -> list[str]:
    """Every org-like name in the text, in order."""
    return [m.group(0) for m in _ORG_NAME.finditer(text) if not _NOT_PLACES.match(m["league"] or m["place"])]


def new_org_id(name: str, taken: set[str]) -> str:
    """'坪山区总工会' → 'pingshan-zgh', '共青团龙岗区委' → 'longgang-tqw'; '-2' … when taken."""
    place, kind = _split_name(name)
    words = "".join(lazy_pinyin(place)).lower()
    base = "-".join(part for part in (_ID_CHARS.sub("", words), kind) if part) or "org"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def place_of(name: str) -> str:
    """The place an org name starts with ('坪山区总工会' → '坪山区', '共青团龙岗区委' → '龙岗区'); '' when none."""
    match = re.match(_PLACE, name.removeprefix("共青团"))
    return match.group(0) if match else ""


def _split_name(name: str) -> tuple[str, str]:
    """(place without its 区/市/县 suffix when enough is left, kind abbreviation) of a name find_org_name found."""
    match = _ORG_NAME.fullmatch(name)
    if not match:
        raise ValueError(f"not an org name find_org_name would give: {name!r}")
    if match["league"]:
        place = match["league"]
        kind = "tsw" if place.endswith("市") else "tqw"
    else:
        place, kind = match["place"], KINDS[match["kind"]]
    stem = re.sub(rf"(?:{_PLACE_SUFFIX})$", "", place)
    return (stem if len(stem) >= 2 or stem.isascii() and stem else place), kind


def with_org(catalog: Catalog, org: Org) -> Catalog:
    """The catalog with one more org (so later files of the same import recognise it)."""
    return replace(catalog, orgs=MappingProxyType({**catalog.orgs, org.id: org}))


def append_orgs(catalog_path: Path, orgs: list[tuple[Org, str]]) -> None:
    """Add (org, source file) entries at the end of the catalog's orgs list, each marked for review."""
    text = catalog_path.read_text(encoding="utf-8")
    lines = text.split("\n")
    at, indent = _orgs_end(lines)
    entries = []
    for org, source in orgs:
        entries += [f"{indent}# 待核对：nianbao import 从“{source}”中识别出的新组织；请核对名称，补充 short、aliases、parent、group 后删去本行",
                    f"{indent}- id: {org.id}", f"{indent}  name: {org.name}"]
    lines[at:at] = ([""] if at and lines[at - 1].strip() else []) + entries
    catalog_path.write_text("\n".join(lines), encoding="utf-8")
    _, problems = load_catalog(catalog_path)
    if errors(problems):
        catalog_path.write_text(text, encoding="utf-8")
        raise ImportFailure("无法把新组织写入 catalog.yml（写入后目录无法通过校验，已还原）：" + "；".join(p.format() for p in errors(problems)))


def _orgs_end(lines: list[str]) -> tuple[int, str]:
    """Where the block list under `orgs:` ends (before the comments of the next section) and its indent."""
    try:
        start = next(i for i, line in enumerate(lines) if re.match(r"orgs:\s*(?:#.*)?$", line))
    except StopIteration:
        raise ImportFailure("catalog.yml 的 orgs 不是逐行列出的列表（“orgs:”下每行“- id: …”），无法自动添加新组织，请手动添加") from None
    indent, end = "  ", len(lines)
    for i in range(start + 1, len(lines)):
        if match := re.match(r"(\s*)- ", lines[i]):
            indent = match.group(1)
            break
    for i in range(start + 1, len(lines)):
        if re.match(r"[A-Za-z_]", lines[i]):
            end = i
            break
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    return end, indent
