"""Answer queries from the built index files, with the same results as the search page in the browser."""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .codec import big_name, decode_bounds, file_of, inflate, read_bucket, read_varints, slot_of
from .index import WIDTH
from .query import Filters, Query, parse_query
from .snippet import Snippet, build_snippet

FACETS = ("org", "year", "type")


@dataclass
class WordHit:
    """Where one word occurs in one report: counts by region (title, headings, body) and known (position, region) pairs."""

    counts: list[int]
    positions: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Hit:
    """One matching report."""

    doc: int
    url: str
    title: str
    org: str
    year: int
    type: str
    date: str
    count: int
    rank: tuple[int, ...]
    snippet: Snippet | None = None


@dataclass(frozen=True)
class Results:
    """All matching reports, ranked; facet counts; and the problem with the query, if any."""

    query: Query
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]


class Index:
    """The index directory, read lazily: the manifest, then only the files a query needs."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        self.bucket = lru_cache(maxsize=None)(self._bucket)
        self.piece = lru_cache(maxsize=None)(self._piece)
        self.columns = self._columns()
        self.bounds = {tier: decode_bounds(self.manifest["bounds"][tier]) for tier in WIDTH}
        big = self.manifest["big"]
        self.big = {tier: {big[tier][i: i + w] for i in range(0, len(big[tier]), w)} for tier, w in WIDTH.items()}

    def __len__(self) -> int:
        return int(self.manifest["reports"])

    def _columns(self) -> dict[str, list[int]]:
        """The org, year and type number of every report, from docs.bin."""
        data, n, out, at = (self.root / "docs.bin").read_bytes(), len(self), {}, 0
        for name in FACETS:
            width = self.manifest["widths"][name]
            out[name] = [int.from_bytes(data[at + i * width: at + (i + 1) * width], "little") for i in range(n)]
            at += n * width
        return out

    def _bucket(self, tier: str, number: int) -> dict[str, bytes]:
        return dict(read_bucket(inflate((self.root / tier / f"{number}.bin").read_bytes()), WIDTH[tier]))

    def posting(self, tier: str, key: str) -> bytes:
        """The posting of one key in one tier, empty when no report holds it."""
        if key in self.big[tier]:
            return inflate((self.root / "k" / big_name(key)).read_bytes())
        return self.bucket(tier, file_of(self.bounds[tier], slot_of(key))).get(key, b"")

    def reports_with(self, key: str) -> dict[int, WordHit]:
        """Tier A: report → counts in title, headings, body, and the first body (else first) position."""
        data, out, pos, doc = self.posting("a", key), {}, 0, 0
        while pos < len(data):
            (gap, value), pos = read_varints(data, pos, 2)
            (n_title, n_head), pos = read_varints(data, pos, 2) if value & 1 else ((0, 0), pos)
            (first,), pos = read_varints(data, pos, 1)
            doc = gap if not out else doc + gap
            n_body = value >> 1
            out[doc] = WordHit([n_title, n_head, n_body], [(first, 2 if n_body else 0 if n_title else 1)])
        return out

    def positions(self, key: str) -> dict[int, dict[int, int]]:
        """Tier C: every position of one trigram with its region, by report."""
        data, out, pos, doc = self.posting("c", key), {}, 0, 0
        while pos < len(data):
            (gap, value), pos = read_varints(data, pos, 2)
            (n_title, n_head), pos = read_varints(data, pos, 2) if value & 1 else ((0, 0), pos)
            doc = gap if not out else doc + gap
            gaps, pos = read_varints(data, pos, value >> 1)
            at, found = 0, {}
            for i, g in enumerate(gaps):
                at += g
                found[at] = 0 if i < n_title else 1 if i < n_title + n_head else 2
            out[doc] = found
        return out

    def facets(self, doc: int) -> tuple[str, int, str]:
        """(org id, year, type id) of a report."""
        m, c = self.manifest, self.columns
        return m["orgs"][c["org"][doc]][0], m["year0"] + c["year"][doc], m["types"][c["type"][doc]][0]

    def meta(self, doc: int) -> list[str]:
        """[title, url, date] of a report (the first line of each of its text pieces)."""
        return self.piece(doc, 0)[0]

    def _piece(self, doc: int, k: int) -> tuple[list[str], str]:
        """The k-th text piece of a report: its [title, url, date] and `text_chars` characters of its text."""
        head, _, text = inflate((self.root / "t" / f"{doc}-{k}.bin").read_bytes()).decode("utf-8").partition("\n")
        return json.loads(head), text

    def text(self, doc: int, start: int, end: int) -> str:
        """The report's indexed text between two positions (clipped to the text); a short piece is the last."""
        size = self.manifest["text_chars"]
        start = max(0, start)
        base = start // size * size
        text, k = "", base // size
        while base + len(text) < end:
            part = self.piece(doc, k)[1]
            text, k = text + part, k + 1
            if len(part) < size:
                break
        return text[start - base: end - base]


def match_word(index: Index, word: str) -> dict[int, WordHit]:
    """Reports holding the (folded) word, with counts by region; exact for any length of two or more.

    A longer word occurs at p when each of its trigrams occurs at p + its offset (the browser checks only
    some of them, or the text, where that costs fewer bytes; the matches are the same).
    """
    if len(word) == 2:
        return index.reports_with(word)
    where = [index.positions(word[i: i + 3]) for i in range(len(word) - 2)]
    out = {}
    for d in set.intersection(*(set(w) for w in where)):
        starts = sorted((p, r) for p, r in where[0][d].items() if all(p + i in w[d] for i, w in enumerate(where)))
        if starts:
            counts = [0, 0, 0]
            for _, r in starts:
                counts[r] += 1
            out[d] = WordHit(counts, starts)
    return out


def search(root: Path | Index, text: str, filters: Filters = Filters(), *, snippets: int = 20) -> Results:
    """Every report matching the query and the filters, ranked; snippets for the first `snippets` hits."""
    index = root if isinstance(root, Index) else Index(root)
    query = parse_query(text)
    if query.problem:
        return Results(query, 0, [], {f: {} for f in FACETS})
    per_word = [match_word(index, w) for w in query.words]
    docs = set.intersection(*(set(m) for m in per_word)) if per_word else set(range(len(index)))
    facets: dict[str, dict[str, int]] = {f: {} for f in FACETS}
    others = [replace(filters, org=""), replace(filters, year_from=None, year_to=None), replace(filters, type="")]
    kept = []
    for d in sorted(docs):
        values = index.facets(d)
        for i, name in enumerate(FACETS):  # a facet counts what the other filters let through
            if others[i].accepts(*values):
                facets[name][str(values[i])] = facets[name].get(str(values[i]), 0) + 1
        if filters.accepts(*values):
            kept.append(d)
    ranks = {d: rank(per_word, d) for d in kept}
    ranked = sorted(kept, key=ranks.__getitem__)
    hits = [build_hit(index, d, ranks[d], query, per_word, i < snippets) for i, d in enumerate(ranked)]
    return Results(query, len(hits), hits, facets)


def rank(per_word: list[dict[int, WordHit]], doc: int) -> tuple[int, ...]:
    """Sort key: more hits in titles, then in headings, then in all; then newer (smaller number)."""
    counts = [sum(m[doc].counts[r] for m in per_word) for r in range(3)]
    return (-counts[0], -counts[1], -sum(counts), doc)


def build_hit(index: Index, doc: int, key: tuple[int, ...], query: Query, per_word: list[dict[int, WordHit]],
              with_snippet: bool) -> Hit:
    """A result row: metadata, occurrences (from its rank key), and (when asked) the best snippet."""
    title, url, date = index.meta(doc)
    org, year, rtype = index.facets(doc)
    snippet = None
    if with_snippet and query.words:
        snippet = build_snippet(lambda a, b: index.text(doc, a, b), query.words, [m[doc].positions for m in per_word])
    return Hit(doc, url, title, org, year, rtype, date, -key[2], key, snippet)
