"""Answer queries from the built index files, exactly as the search page does in the browser."""
from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .codec import read_chunk, read_varints
from .fold import SEPARATOR
from .query import Filters, Query, parse_query
from .snippet import Snippet, build_snippet

FACETS = ("org", "year", "type")


@dataclass
class WordHit:
    """Where one word occurs in one report: counts by region (title, headings, body) and known positions."""

    counts: list[int]
    positions: list[int] = field(default_factory=list)


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
        self.chunk = lru_cache(maxsize=None)(self._chunk)
        self.piece = lru_cache(maxsize=None)(self._piece)

    def __len__(self) -> int:
        return len(self.manifest["year"])

    def _chunk(self, tier: str, number: int) -> dict[str, bytes]:
        return dict(read_chunk((self.root / tier / f"{number}.bin").read_bytes()))

    def posting(self, tier: str, key: str) -> bytes:
        """The posting of one bigram in one tier, empty when no report holds it."""
        number = bisect.bisect_right(self.manifest[tier], key) - 1
        return self.chunk(tier, number).get(key, b"") if number >= 0 else b""

    def reports_with(self, key: str) -> dict[int, WordHit]:
        """Tier A: report → counts in title, headings, body, and the first body (else first) position."""
        data, out, pos, doc = self.posting("a", key), {}, 0, 0
        while pos < len(data):
            (gap, n_title, n_head, n_body, first), pos = read_varints(data, pos, 5)
            doc = gap if not out else doc + gap
            out[doc] = WordHit([n_title, n_head, n_body], [first])
        return out

    def positions(self, key: str) -> dict[int, set[int]]:
        """Tier B: every position of one bigram, by report."""
        data, out, pos, doc, started = self.posting("b", key), {}, 0, 0, False
        while pos < len(data):
            (gap, count, first), pos = read_varints(data, pos, 3)
            doc = doc + gap if started else gap
            started = True
            gaps, pos = read_varints(data, pos, count - 1)
            at = [first]
            for g in gaps:
                at.append(at[-1] + g)
            out[doc] = set(at)
        return out

    def region(self, doc: int, pos: int) -> int:
        """0 title, 1 heading, 2 body."""
        return 0 if pos < self.manifest["title_end"][doc] else 1 if pos < self.manifest["head_end"][doc] else 2

    def facets(self, doc: int) -> tuple[str, int, str]:
        """(org id, year, type id) of a report."""
        m = self.manifest
        return m["orgs"][m["org"][doc]][0], m["year"][doc], m["types"][m["type"][doc]][0]

    def meta(self, doc: int) -> list[str]:
        """[title, url, date] of a report (the first line of each of its text pieces)."""
        return self.piece(doc, 0)[0]

    def _piece(self, doc: int, k: int) -> tuple[list[str], str]:
        """The k-th text piece of a report: its [title, url, date] and TEXT_CHARS characters of its text."""
        head, _, text = (self.root / "t" / f"{doc}-{k}.txt").read_text(encoding="utf-8").partition("\n")
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
    """Reports holding the (folded) word, with counts by region; exact for any length of two or more."""
    keys = [word[i: i + 2] for i in range(len(word) - 1)]
    if len(word) == 2:
        return index.reports_with(word)
    cover = sorted(set(range(0, len(keys), 2)) | {len(keys) - 1})  # bigrams that together fix every character
    where = {off: index.positions(keys[off]) for off in cover}
    out = {}
    for d in set.intersection(*(set(w) for w in where.values())):
        starts = sorted(p for p in where[0][d] if all(p + off in where[off][d] for off in cover[1:]))
        if starts:
            counts = [0, 0, 0]
            for p in starts:
                counts[index.region(d, p)] += 1
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
        known = [m[doc].positions for m in per_word]
        snippet = build_snippet(lambda a, b: index.text(doc, a, b), query.words, known,
                                index.manifest["head_end"][doc] + len(SEPARATOR))
    return Hit(doc, url, title, org, year, rtype, date, -key[2], key, snippet)
