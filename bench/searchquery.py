"""The query set, drawn from the generated reports, and the oracle: plain substring search over the sources."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from opencc import OpenCC

from nianbao.search.fold import fold

SINGLE = ("单词", "两字词", "词的一部分", "繁体")  # the single-word queries the time target is about
WORDS = {"单词": ("志愿者", "母婴室", "妇女儿童", "劳模创新工作室", "12351热线"), "两字词": ("服务", "职工", "青年", "巾帼"),
         "词的一部分": ("婴室", "愿者")}
TRADITIONAL = ("团区委", "妇联", "志愿服务", "职工之家")  # converted to traditional characters with OpenCC
MULTI = ("志愿 服务", "母婴室 职工", "妇女 儿童 家庭")
ABSENT = "量子纠缠"
PHRASE_RUN = re.compile(r"[\u4e00-\u9fff0-9，。、；]{12,}")  # plain text: no Markdown, spaces or quotes


@dataclass(frozen=True)
class Source:
    """One report file as the oracle sees it: facets and folded title + summary + Markdown body."""

    url: str
    org: str
    year: int
    type: str
    text: str


@dataclass(frozen=True)
class Query:
    """A query as typed in the URL, with optional facet filters."""

    kind: str
    q: str
    org: str = ""
    year: str = ""
    rtype: str = ""

    def params(self) -> dict[str, str]:
        """The non-empty URL parameters."""
        return {k: v for k, v in (("q", self.q), ("org", self.org), ("year", self.year), ("type", self.rtype)) if v}

    def label(self) -> str:
        """The query and its filters, for tables."""
        return " ".join([self.q] + [f"{k}={v}" for k, v in self.params().items() if k != "q"])


def load_sources(reports: Path) -> list[Source]:
    """Every report file under reports/, parsed just enough for the oracle."""
    out = []
    for path in sorted(reports.rglob("*.md")):
        _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.load(head, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        url = f"reports/{path.relative_to(reports).with_suffix('').as_posix()}/"
        text = fold(f"{meta['title']}\n{meta.get('summary') or ''}\n{body}")
        out.append(Source(url, meta["org"], int(meta["year"]), meta["type"], text))
    return out


def year_range(value: str) -> tuple[int, int]:
    """'2019' → (2019, 2019), '2019-2023' → (2019, 2023), '' → no bounds."""
    low, dash, high = value.partition("-")
    return int(low or 0), int(high or 9999) if dash else int(low or 9999)


def oracle(sources: list[Source], query: Query) -> set[str]:
    """Reports whose folded text contains every folded word (plain substring search) and that pass the filters."""
    words, (low, high) = [fold(w) for w in query.q.split()], year_range(query.year)
    return {s.url for s in sources if all(w in s.text for w in words) and low <= s.year <= high
            and (not query.org or s.org == query.org) and (not query.rtype or s.type == query.rtype)}


def unique_phrases(sources: list[Source], count: int, seed: int) -> list[str]:
    """8–12 character substrings of random reports that the oracle finds in exactly one report."""
    rng, found = random.Random(seed), []
    for _ in range(1000):
        runs = PHRASE_RUN.findall(rng.choice(sources).text)
        if len(found) == count:
            break
        if not runs:
            continue
        run, size = rng.choice(runs), rng.randint(8, 12)
        start = rng.randrange(len(run) - size + 1)
        phrase = run[start: start + size]
        if phrase[0] not in "，。、；" and phrase not in found and sum(phrase in s.text for s in sources) == 1:
            found.append(phrase)
    return found


def make_queries(sources: list[Source], seed: int) -> list[Query]:
    """The query set, from words present in the generated sources; expected results come from the oracle."""
    present = lambda w: any(fold(w) in s.text for s in sources)  # noqa: E731
    s2t = OpenCC("s2t")
    queries = [Query(kind, w) for kind, words in WORDS.items() for w in words if present(w)]
    queries += [Query("繁体", s2t.convert(w)) for w in TRADITIONAL if present(w) and s2t.convert(w) != w]
    queries += [Query("多词", q) for q in MULTI] + [Query("无结果", ABSENT)]
    org = next((s.org for s in sources if "母婴室" in s.text), "")
    queries += [Query("筛选", "志愿者", year="2019-2023", rtype="annual"), Query("筛选", "母婴室", org=org),
                Query("筛选", "服务", year=str(sources[-1].year))]
    return queries + [Query("唯一短语", p) for p in unique_phrases(sources, 3, seed)]
