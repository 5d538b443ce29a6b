"""Build the search index: character bigrams and trigrams of every report, hashed into small bucket files.

Tier A says, per bigram, which reports hold it (counts in title, headings and body, and a first position
for the snippet); it answers two-character words alone. Tier C lists every position of every trigram,
so that a longer word is checked exactly: trigrams covering all its characters must sit side by side.
A key's bucket file follows from a hash of the key and the manifest's bounds (codec.py, buckets.py), so
the browser fetches the buckets of a query at once. A key whose posting is larger than BIG_BYTES gets a
file of its own (`k/`), listed in the manifest: the browser fetches it directly, and for a long word only
when no cheaper check (its other trigrams, then the candidates' text) will do.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterator, Sequence

import numpy as np

from . import buckets as bucket_files
from .buckets import render_buckets
from .fold import SEPARATOR, fold_lut
from .pieces import choose_chars, head, iter_pieces
from .postings import Tier, make_runs, tier_a, tier_c
from .text import DocText

PART_BIGRAMS = 500_000
VERSION = 3
WIDTH = {"a": 2, "c": 3}


@dataclass(frozen=True)
class SearchDoc:
    """One report as the index sees it. Reports are numbered in the order given: newest first."""

    url: str
    title: str
    org: str
    year: int
    type: str
    date: str | None
    text: DocText


@dataclass(frozen=True)
class Corpus:
    """All reports' folded text as one array of character numbers (code point order), SEPARATOR between reports."""

    ids: np.ndarray
    chars: np.ndarray  # code point of each character number
    starts: np.ndarray  # where each report begins
    title_end: np.ndarray
    head_end: np.ndarray
    separator: int


def load_corpus(texts: Sequence[DocText], batch: int = 256) -> Corpus:
    """Fold and number the characters of every report, a batch of reports at a time (never the corpus as one string)."""
    lut = fold_lut()
    codes = np.empty(sum(len(t.text) + 1 for t in texts) - (1 if texts else 0), np.uint32)
    at = 0
    for i in range(0, len(texts), batch):
        text = SEPARATOR.join(t.text for t in texts[i: i + batch]) + (SEPARATOR if i + batch < len(texts) else "")
        part = lut[np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)]
        codes[at: at + len(part)] = part
        at += len(part)
    present = np.zeros(0x110000, bool)
    present[codes] = True
    present[ord(SEPARATOR)] = True
    number = (np.cumsum(present) - 1).astype(np.uint32)
    ids = np.empty(len(codes), np.uint16 if int(present.sum()) <= 1 << 16 else np.uint32)
    for i in range(0, len(codes), 1 << 22):
        ids[i: i + (1 << 22)] = number[codes[i: i + (1 << 22)]]
    del codes
    return Corpus(ids, np.flatnonzero(present), np.cumsum([0] + [len(t.text) + 1 for t in texts[:-1]]),
                  np.array([t.title_end for t in texts]), np.array([t.head_end for t in texts]), int(number[ord(SEPARATOR)]))


def partitions(corpus: Corpus) -> list[tuple[int, int]]:
    """Ranges of first characters holding about PART_BIGRAMS bigrams each: sorting one part at a time bounds memory.

    A part also spans few enough characters that (trigram, position) packs into 64 bits.
    """
    left, right = corpus.ids[:-1], corpus.ids[1:]
    counts = np.bincount(left[(left != corpus.separator) & (right != corpus.separator)], minlength=len(corpus.chars)).tolist()
    span = max(1, 1 << max(0, 63 - position_bits(corpus) - 2 * max(1, len(corpus.chars)).bit_length()))
    parts, lo, total = [], 0, 0
    for i, count in enumerate(counts):
        if (total and total + count > PART_BIGRAMS) or i - lo >= span:
            parts.append((lo, i))
            lo, total = i, 0
        total += count
    return parts + [(lo, len(counts))]


def position_bits(corpus: Corpus) -> int:
    """Bits that hold any position in the corpus."""
    return max(1, len(corpus.ids)).bit_length()


def gram_parts(corpus: Corpus, parts: list[tuple[int, int]], width: int) -> np.ndarray:
    """For each corpus position, the partition of the n-gram starting there (len(parts) where none does)."""
    ids = corpus.ids
    last = max(0, len(ids) - width + 1)
    lut = np.zeros(len(corpus.chars), np.uint16 if len(parts) < 65535 else np.uint32)
    for j, (lo, hi) in enumerate(parts):
        lut[lo:hi] = j
    part = lut[ids[:last]]
    for j in range(width):
        part[ids[j: j + last] == corpus.separator] = len(parts)
    return part


def sort_grams(corpus: Corpus, keep: np.ndarray, lo: int, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(key number, corpus position) of the n-grams starting at `keep` (first characters from lo on), sorted; and each key's code points."""
    ids, n = corpus.ids, np.uint64(len(corpus.chars))
    key = ids[keep].astype(np.uint64) - np.uint64(lo)
    for j in range(1, width):
        key = key * n + ids[keep + j]
    bits = np.uint64(position_bits(corpus))
    packed = np.sort((key << bits) | keep.astype(np.uint64))
    del key
    key = packed >> bits
    where = (packed & np.uint64((1 << int(bits)) - 1)).astype(np.int64)
    del packed
    new_key = np.r_[True, key[1:] != key[:-1]]
    uniq = key[new_key]
    codes = np.empty((len(uniq), width), np.int64)
    for j in range(width - 1, -1, -1):
        codes[:, j] = corpus.chars[(uniq % n + (np.uint64(lo) if j == 0 else np.uint64(0))).astype(np.int64)]
        uniq = uniq // n
    return np.cumsum(new_key) - 1, where, codes


def build_tier(corpus: Corpus, parts: list[tuple[int, int]], tier: str) -> Iterator[Tier]:
    """Tier A (bigrams) or tier C (trigrams), one Tier per partition of first characters, one at a time."""
    make = tier_a if tier == "a" else tier_c
    part = gram_parts(corpus, parts, WIDTH[tier])
    for j, (lo, _) in enumerate(parts):
        keep = np.flatnonzero(part == j)
        if len(keep):
            key, where, codes = sort_grams(corpus, keep, lo, WIDTH[tier])
            yield make(make_runs(key, where, corpus.starts, corpus.title_end, corpus.head_end), codes)


def facet_bytes(values: Sequence[int]) -> tuple[int, bytes]:
    """(bytes per value, the values as little-endian unsigned integers of that width)."""
    width = 1 if max(values, default=0) < 256 else 2 if max(values) < 65536 else 4
    return width, np.array(values, dtype=f"<u{width}").tobytes()


def build_index(docs: Sequence[SearchDoc], orgs: Sequence[tuple[str, str]], types: Sequence[tuple[str, str]]) -> dict[str, bytes]:
    """Every file of the index, by path relative to the index directory."""
    return dict(iter_index(docs, orgs, types))


def iter_index(docs: Sequence[SearchDoc], orgs: Sequence[tuple[str, str]], types: Sequence[tuple[str, str]]) -> Iterator[tuple[str, bytes]]:
    """(path, bytes) of every file of the index, one at a time: a writer need not hold the whole index in memory."""
    n = len(docs)
    corpus = load_corpus([d.text for d in docs])
    parts = partitions(corpus)
    bounds: dict[str, str] = {}
    big_keys: dict[str, list[str]] = {tier: [] for tier in WIDTH}
    for tier in WIDTH:
        for name, data in render_buckets(tier, build_tier(corpus, parts, tier), big_keys[tier]):
            if name:
                yield name, data  # type: ignore[misc]
            else:
                bounds[tier] = str(data)
    del corpus
    heads, texts = [head(d.title, d.url, d.date) for d in docs], [d.text.text for d in docs]
    chars, sizes = choose_chars(heads, texts), []
    yield from iter_pieces(heads, texts, chars, sizes)
    org_index = {org_id: i for i, (org_id, _) in enumerate(orgs)}
    type_index = {type_id: i for i, (type_id, _) in enumerate(types)}
    year0 = min((d.year for d in docs), default=0)
    columns = {"org": [org_index[d.org] for d in docs], "year": [d.year - year0 for d in docs], "type": [type_index[d.type] for d in docs]}
    widths, blob = {}, b""
    for name, values in columns.items():
        widths[name], data = facet_bytes(values)
        blob += data
    yield "docs.bin", blob
    yield "manifest.json", dump({  # last: a reader that finds the manifest finds every file it names
        "version": VERSION, "reports": n, "text_chars": chars, "text_bytes": round(sum(sizes) / max(1, len(sizes))),
        "bounds": bounds, "big_bytes": bucket_files.BIG_BYTES, "big": {t: "".join(k) for t, k in big_keys.items()},
        "year0": year0, "widths": widths, "orgs": [list(o) for o in orgs], "types": [list(t) for t in types],
    })


def dump(value: object) -> bytes:
    """Compact JSON, UTF-8."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
