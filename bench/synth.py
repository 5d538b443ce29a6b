"""Deterministic generator of a synthetic nianbao archive (catalog.yml plus n Chinese reports)."""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Callable

try:
    from . import vocab as V
except ImportError:  # run as a script: bench/ is on sys.path
    import vocab as V  # type: ignore[no-redef]

CN = "一二三四五六七八九十"
Org = dict[str, str]


def make_orgs() -> list[Org]:
    """The org tree: per district a 群团工作部 with 总工会, 团区委 and 妇联 children."""
    orgs = []
    for prefix, district in V.DISTRICTS:
        for kind, (name, short, aliases) in V.KINDS.items():
            org = {"id": f"{prefix}-{kind}", "kind": kind, "name": name.format(d=district), "short": short.format(d=district),
                   "aliases": [a.format(d=district) for a in aliases], "district": district}
            if kind != "qtb":
                org["parent"] = f"{prefix}-qtb"
            orgs.append(org)
    return orgs


def catalog_yaml(orgs: list[Org]) -> str:
    """reports/catalog.yml text, written by hand the way editors would."""
    out = ["# 合成测试数据（bench/synth.py 生成）", "orgs:"]
    for o in orgs:
        out.append(f"  - id: {o['id']}\n    name: {o['name']}\n    short: {o['short']}")
        out.append(f"    aliases: [{', '.join(o['aliases'])}]")
        if "parent" in o:
            out.append(f"    parent: {o['parent']}")
        out.append(f"    group: {V.KIND_GROUPS[o['kind']]}")
    out.append("types:")
    out += [f"  - {{id: {i}, name: {n}{f', role: {V.TYPE_ROLES[i]}' if i in V.TYPE_ROLES else ''}}}" for i, n in V.TYPES]
    out.append("metrics:")
    out += [f"  - {{id: {i}, label: {m[0]}, unit: \"{m[1]}\"}}" for i, m in V.METRICS.items()]
    out.append("expected:")
    out.append(f"  - {{types: [annual], from: {V.YEARS[3]}}}")
    return "\n".join(out) + "\n"


def plan_targets(seed: int, org: Org, year: int, metrics: dict[str, int | float]) -> dict[str, int | float]:
    """A plan's targets: the year's eventual value moved by -4%..+8%, so some are met and some are not."""
    rng = random.Random(f"{seed}:{org['id']}:{year}:targets")  # its own stream: the other reports stay the same
    targets = {}
    for metric, value in metrics.items():
        target = value * rng.uniform(0.96, 1.08)
        unit = V.METRICS[metric][1]
        if unit == "%":
            targets[metric] = round(min(target, 100.0), 1)
        else:
            targets[metric] = round(target, 1) if unit == "万元" else max(1, round(target))
    return targets


def metric_value(seed: int, org: str, metric: str, year: int) -> int | float:
    """A plausible value that grows year over year with a little deterministic noise."""
    _, unit, start, growth, _ = V.METRICS[metric]
    trend = random.Random(f"{seed}:{org}:{metric}")
    base, rate = trend.uniform(*start), trend.uniform(*growth)
    noise = random.Random(f"{seed}:{org}:{metric}:{year}").uniform(-0.03, 0.03)
    t = year - V.YEARS[0]
    if unit == "%":
        return round(min(99.2, base + rate * t + noise * 10), 1)
    value = base * (1 + rate) ** t * (1 + noise)
    return round(value, 1) if unit == "万元" else max(1, round(value))


def report_metrics(rng: random.Random, seed: int, org: Org, rtype: str, year: int) -> dict[str, int | float]:
    """The metrics a report states: a subset of its org kind's metrics, halved flows for half-year reports."""
    ids = list(V.KIND_METRICS[org["kind"]])
    chosen = rng.sample(ids, k=2 if rtype == "special" else rng.randint(3, len(ids)))
    metrics = {}
    for m in sorted(chosen, key=ids.index):
        value = metric_value(seed, org["id"], m, year)
        if rtype == "half" and V.METRICS[m][4]:
            value = round(value * rng.uniform(0.42, 0.55), 1 if isinstance(value, float) else None)
        metrics[m] = value
    return metrics


def _sentence(rng: random.Random, kind: str, prefix: str = "") -> str:
    a, b = rng.sample(V.ACTIONS[kind], 2)
    head = f"{prefix}{a}" if prefix else f"{rng.choice(V.OPENERS)}，{a}"
    return f"{head}{rng.choice(V.LINKS)}{b}，{rng.choice(V.RESULTS)}。"


def _data_sentence(rng: random.Random, org: Org) -> str:
    p1, p2 = rng.sample(V.PLACES, 2)
    return (f"全年在{p1}、{p2}等场所布设服务点位{rng.randint(8, 120)}个，开展“{org['district']}{rng.choice(('同心', '暖心', '青春', '巾帼', '匠心'))}”"
            f"系列活动{rng.randint(12, 400)}场，服务群众{rng.randint(2, 90) * 1000 + rng.randint(0, 999)}人次。")


def paragraph(rng: random.Random, org: Org, mode: str) -> str:
    """One paragraph: 'main' work, 'next' plans, or 'problem' analysis."""
    kind = org["kind"]
    if mode == "problem":
        items = rng.sample(V.PROBLEMS, 3)
        return "".join(f"{CN[i]}是{p}；" for i, p in enumerate(items))[:-1] + "。这些问题需要在今后工作中认真加以解决。"
    if mode == "next":
        return "".join(_sentence(rng, kind, rng.choice(V.NEXT)) for _ in range(rng.randint(3, 5)))
    parts = [_sentence(rng, kind) for _ in range(rng.randint(3, 5))]
    if rng.random() < 0.6:
        parts.insert(rng.randint(1, len(parts)), _data_sentence(rng, org))
    if rng.random() < 0.15:
        items = [f"- {a}，{rng.choice(V.RESULTS)}；" for a in rng.sample(V.ACTIONS[kind], rng.randint(3, 6))]
        return "主要做法包括：\n\n" + "\n".join(items)[:-1] + "。"
    if rng.random() < 0.3:
        parts[0] = f"**{parts[0][:-1]}**。"
    return "".join(parts)


def outline(rng: random.Random, kind: str, rtype: str, year: int) -> list[tuple[str, list[str | None], str]]:
    """Sections of a report of the given type: (h2 title, h3 titles or [None], paragraph mode)."""
    heads = rng.sample(V.HEADINGS[kind], k=rng.randint(3, 5))
    nxt = [f"{rng.choice(V.NEXT)}{h.split('，')[-1]}" for h in rng.sample(V.HEADINGS[kind], k=3)]
    if rtype == "annual":
        return [(f"{year}年主要工作及成效", heads, "main"), ("存在的问题和不足", [None], "problem"), (f"{year + 1}年工作思路", nxt, "next")]
    if rtype == "half":
        return [("上半年工作进展", heads, "main"), ("存在的问题", [None], "problem"), ("下半年工作安排", nxt, "next")]
    if rtype == "plan":
        return [("指导思想和总体目标", [None], "next"), ("重点任务", heads, "next"), ("保障措施", [None], "next")]
    return [("基本情况", [None], "main"), ("主要做法", heads[:3], "main"), ("存在问题", [None], "problem"), ("下一步打算", [None], "next")]


def metric_table(metrics: dict[str, int | float], year: int) -> str:
    """A Markdown table of the report's metrics."""
    rows = ["| 指标 | 单位 | 数值 |", "| --- | --- | ---: |"]
    rows += [f"| {V.METRICS[m][0]} | {V.METRICS[m][1]} | {v} |" for m, v in metrics.items()]
    return f"附表：{year}年主要指标\n\n" + "\n".join(rows)


def body(rng: random.Random, org: Org, rtype: str, year: int, metrics: dict[str, int | float], target: int) -> str:
    """The Markdown body: an opening paragraph, numbered ##/### sections, filled up to `target` bytes."""
    sections = outline(rng, org["kind"], rtype, year)
    slots = [(si, h3, [paragraph(rng, org, mode)]) for si, (_, h3s, mode) in enumerate(sections) for h3 in h3s]
    size = sum(len(p.encode()) for _, _, ps in slots for p in ps)
    growable = [s for s in slots if s[1] is not None] or slots
    while size < target:
        si, _, ps = rng.choice(growable)
        ps.append(paragraph(rng, org, sections[si][2]))
        size += len(ps[-1].encode())
    out = [f"{year}年，{org['name']}在区委的坚强领导和上级组织的有力指导下，{_sentence(rng, org['kind'])}现将有关情况报告如下。"]
    sub, prev = 0, -1
    for si, h3, ps in slots:
        if si != prev:
            out.append(f"## {CN[si]}、{sections[si][0]}")
            sub, prev = 0, si
        if h3 is not None:
            out.append(f"### （{CN[sub]}）{h3}")
            sub += 1
        out += ps
    if rtype in ("annual", "half") and metrics:
        out.append(metric_table(metrics, year))
    return "\n\n".join(out) + "\n"


def render(rng: random.Random, seed: int, org: Org, rtype: str, year: int, convert: Callable[[str], str] | None = None) -> str:
    """One report file: front matter plus body; `convert` rewrites the human text (title, summary, body), e.g. into traditional."""
    convert = convert or (lambda text: text)
    title = {"annual": f"{org['name']}{year}年工作总结", "plan": f"{org['name']}{year}年工作计划", "half": f"{org['name']}{year}年上半年工作总结",
             "special": f"关于{org['name']}{rng.choice(V.TOPICS[org['kind']])}的专题汇报"}[rtype]
    # Summaries are dated after the period they cover; plans at its start or the December before.
    date_year, month = {"annual": (year + 1, rng.randint(1, 3)), "half": (year, rng.randint(7, 8)), "special": (year, rng.randint(3, 12)),
                        "plan": (year - 1, 12) if rng.random() < 0.4 else (year, rng.randint(1, 3))}[rtype]
    day = rng.randint(1, 28)
    metrics = report_metrics(rng, seed, org, rtype, year)
    tags = rng.sample(V.KIND_TAGS[org["kind"]], k=rng.randint(1, 4))
    first = next(iter(metrics))
    summary = f"{year}年{V.METRICS[first][0]}{metrics[first]}{V.METRICS[first][1]}，{rng.choice(V.ACTIONS[org['kind']])}，{rng.choice(V.RESULTS)}。"
    fm = [f"title: {convert(title)}", f"org: {org['id']}", f"year: {year}", f"type: {rtype}"]
    if rng.random() < 0.9:
        fm.append(f'date: "{date_year}-{month:02d}-{day:02d}"')
    fm += [f"tags: [{', '.join(tags)}]", f"summary: {json.dumps(convert(summary), ensure_ascii=False)}"]
    if rtype == "plan":  # a plan states the year's targets, not results
        fm += ["targets:"] + [f"  {m}: {v}" for m, v in plan_targets(seed, org, year, metrics).items()]
    else:
        fm += ["metrics:"] + [f"  {m}: {v}" for m, v in metrics.items()]
    target = rng.randint(*V.TYPE_BYTES[rtype])
    return "---\n" + "\n".join(fm) + "\n---\n\n" + convert(body(rng, org, rtype, year, metrics, target))


def generate_archive(reports_dir: Path, n: int, seed: int = 0, traditional: float = 0.0, districts: int = 0) -> list[Path]:
    """Write reports_dir/catalog.yml and n reports at <year>/<org>-<type>[-k].md; return the report paths.

    `districts` keeps only the first few districts (4 orgs each): a dense archive of many reports per org.

    With probability `traditional` a report's title, summary and body are written in traditional characters
    (OpenCC s2t); the choice uses its own random stream, so the reports are otherwise the same for any value.
    """
    rng = random.Random(seed)
    picker = random.Random(f"{seed}:traditional")
    to_traditional = None
    if traditional > 0:
        import opencc  # opencc-python-reimplemented, a project dependency; only needed here
        to_traditional = opencc.OpenCC("s2t").convert
    orgs = make_orgs()[:4 * districts] if districts else make_orgs()
    reports_dir.mkdir(parents=True, exist_ok=True)
    (reports_dir / "catalog.yml").write_text(catalog_yaml(orgs), encoding="utf-8")
    used: Counter[tuple[int, str, str]] = Counter()
    paths = []
    for _ in range(n):
        org, year = rng.choice(orgs), rng.choice(V.YEARS)
        rtype = rng.choices([t for t, _ in V.TYPES], V.TYPE_WEIGHTS)[0]
        if rtype != "special" and used[(year, org["id"], rtype)]:
            rtype = "special"
        used[(year, org["id"], rtype)] += 1
        k = used[(year, org["id"], rtype)]
        path = reports_dir / str(year) / f"{org['id']}-{rtype}{f'-{k}' if k > 1 else ''}.md"
        path.parent.mkdir(exist_ok=True)
        convert = to_traditional if to_traditional and picker.random() < traditional else None
        path.write_text(render(rng, seed, org, rtype, year, convert), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """CLI: python bench/synth.py N DIR [--seed S] [--traditional P]."""
    parser = argparse.ArgumentParser(description="Generate a synthetic nianbao archive")
    parser.add_argument("n", type=int)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--traditional", type=float, default=0.0, metavar="P", help="share of reports written in traditional characters")
    parser.add_argument("--districts", type=int, default=0, help="only this many districts (4 orgs each): a dense archive")
    args = parser.parse_args(argv)
    paths = generate_archive(args.dir, args.n, args.seed, args.traditional, args.districts)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} reports, {total / 1e6:.1f} MB ({total / max(1, len(paths)) / 1e3:.1f} KB each) in {args.dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
