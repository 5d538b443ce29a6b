"""Build the search index: every character bigram of every report, in two tiers of small sharded files.

Tier A says, per bigram, which reports hold it (counts in title, headings and body, and a first
position for the snippet); it answers two-character words alone. Tier B lists every position, so
that a longer word is checked exactly: its bigrams must sit side by side. Both are sorted by key
and cut into chunks of about CHUNK_BYTES; the manifest names each chunk's first key, so a query
fetches only the chunks holding its bigrams.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from .codec import encode_varints, render_chunk
from .fold import SEPARATOR, fold_lut
from .text import DocText

CHUNK_BYTES = {"a": 12 * 1024, "b": 24 * 1024}
TEXT_CHARS = 2000  # characters per text piece: a hit on screen costs one piece (its snippet, title and URL)
PART_BIGRAMS = 500_000
VERSION = 1


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
class Postings:
    """Both tiers as one byte array each, with each key's byte length, keys in ascending order."""

    keys: list[str]
    data: dict[str, np.ndarray]
    lengths: dict[str, np.ndarray]


@dataclass(frozen=True)
class Corpus:
    """All reports' folded text as one array of character numbers (code point order), SEPARATOR between reports."""

    ids: np.ndarray
    chars: np.ndarray  # code point of each character number
    starts: np.ndarray  # where each report begins
    title_end: np.ndarray
    head_end: np.ndarray
    separator: int


def load_corpus(texts: Sequence[DocText]) -> Corpus:
    """Fold and number the characters of every report."""
    codes = fold_lut()[np.frombuffer(SEPARATOR.join(t.text for t in texts).encode("utf-32-le"), dtype=np.uint32)]
    present = np.zeros(0x110000, bool)
    present[codes] = True
    present[ord(SEPARATOR)] = True
    number = (np.cumsum(present) - 1).astype(np.uint32)
    return Corpus(number[codes], np.flatnonzero(present), np.cumsum([0] + [len(t.text) + 1 for t in texts[:-1]]),
                  np.array([t.title_end for t in texts]), np.array([t.head_end for t in texts]), int(number[ord(SEPARATOR)]))


def partitions(corpus: Corpus) -> list[tuple[int, int]]:
    """Ranges of first characters holding about PART_BIGRAMS bigrams each: sorting one part at a time bounds memory."""
    left, right = corpus.ids[:-1], corpus.ids[1:]
    counts = np.bincount(left[(left != corpus.separator) & (right != corpus.separator)], minlength=len(corpus.chars)).tolist()
    parts, lo, total = [], 0, 0
    for i, count in enumerate(counts):
        if total and total + count > PART_BIGRAMS:
            parts.append((lo, i))
            lo, total = i, 0
        total += count
    return parts + [(lo, len(counts))]


def sort_bigrams(corpus: Corpus, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """(key number, report, position) of the bigrams whose first character is in [lo, hi), sorted; and each key's text."""
    left, right, sep = corpus.ids[:-1], corpus.ids[1:], corpus.separator
    keep = np.flatnonzero((left >= lo) & (left < hi) & (left != sep) & (right != sep))
    n = np.uint64(len(corpus.chars))
    packed = np.sort(((left[keep].astype(np.uint64) * n + right[keep]) << np.uint64(32)) | keep.astype(np.uint64))
    del keep
    key = packed >> np.uint64(32)
    where = (packed & np.uint64(0xFFFFFFFF)).astype(np.int64)
    del packed
    doc = np.searchsorted(corpus.starts, where, side="right") - 1
    new_key = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, bool)
    uniq = key[new_key]
    chars = corpus.chars
    names = [chr(a) + chr(b) for a, b in zip(chars[uniq // n].tolist(), chars[uniq % n].tolist())]
    return np.cumsum(new_key) - 1, doc, where - corpus.starts[doc], names


def build_postings(corpus: Corpus, lo: int, hi: int) -> Postings:
    """Tier A and tier B postings of the bigrams whose first character is in [lo, hi)."""
    key, doc, pos, names = sort_bigrams(corpus, lo, hi)
    n = len(key)
    if n == 0:
        empty = np.zeros(0, np.uint8)
        return Postings([], {"a": empty, "b": empty}, {"a": np.zeros(0, np.int64), "b": np.zeros(0, np.int64)})
    new_key = np.r_[True, key[1:] != key[:-1]]
    new_doc = new_key | np.r_[True, doc[1:] != doc[:-1]]
    del key
    group = np.flatnonzero(new_doc)  # one group per (key, report)
    count = np.diff(np.r_[group, n])
    title_end, head_end = corpus.title_end[doc], corpus.head_end[doc]
    n_title = np.add.reduceat((pos < title_end).astype(np.int64), group)
    n_head = np.add.reduceat(((pos >= title_end) & (pos < head_end)).astype(np.int64), group)
    del title_end, head_end
    n_body = count - n_title - n_head
    first = pos[np.where(n_body > 0, group + n_title + n_head, group)]
    gdoc = doc[group]
    del doc
    doc_gap = gdoc - np.r_[0, gdoc[:-1]]
    doc_gap[new_key[group]] = gdoc[new_key[group]]
    key_groups = np.flatnonzero(new_key[group])

    a_data, a_size = encode_varints(np.column_stack([doc_gap, n_title, n_head, n_body, first]).ravel())
    a_len = np.add.reduceat(a_size.reshape(-1, 5).sum(axis=1), key_groups)
    del a_size, n_title, n_head, n_body, first

    per_row = np.where(new_doc, 3, 1)
    offset = np.cumsum(per_row) - per_row
    values = np.empty(int(per_row.sum()), np.int64)
    values[offset] = pos - np.r_[0, pos[:-1]]
    values[offset[group]] = doc_gap
    values[offset[group] + 1] = count
    values[offset[group] + 2] = pos[group]
    b_data, b_size = encode_varints(values)
    b_len = np.add.reduceat(np.add.reduceat(b_size, offset), np.flatnonzero(new_key))
    return Postings(names, {"a": a_data, "b": b_data}, {"a": a_len, "b": b_len})


def shard(postings: Postings, tier: str) -> tuple[list[str], list[bytes]]:
    """Cut one tier into chunks of about CHUNK_BYTES: (first key of each chunk, chunk files)."""
    firsts: list[str] = []
    chunks: list[bytes] = []
    data, lengths, limit = postings.data[tier], postings.lengths[tier].tolist(), CHUNK_BYTES[tier]
    start = offset = size = 0
    for i, length in enumerate(lengths + [0]):
        if i == len(lengths) or (size and size + length > limit):
            if i > start:
                firsts.append(postings.keys[start])
                chunks.append(render_chunk(postings.keys[start:i], lengths[start:i], data[offset - size: offset].tobytes()))
            start, size = i, 0
        size += length
        offset += length
    return firsts, chunks


def build_index(docs: Sequence[SearchDoc], orgs: Sequence[tuple[str, str]], types: Sequence[tuple[str, str]]) -> dict[str, bytes]:
    """Every file of the index, by path relative to the index directory."""
    corpus = load_corpus([d.text for d in docs])
    files: dict[str, bytes] = {}
    manifest: dict[str, Any] = {"version": VERSION, "text_chars": TEXT_CHARS, "a": [], "b": []}
    for lo, hi in partitions(corpus):
        postings = build_postings(corpus, lo, hi)
        for tier in ("a", "b"):
            firsts, chunks = shard(postings, tier)
            files.update({f"{tier}/{len(manifest[tier]) + i}.bin": chunk for i, chunk in enumerate(chunks)})
            manifest[tier] += firsts
    org_index = {org_id: i for i, (org_id, _) in enumerate(orgs)}
    type_index = {type_id: i for i, (type_id, _) in enumerate(types)}
    manifest |= {
        "orgs": [list(o) for o in orgs], "types": [list(t) for t in types],
        "org": [org_index[d.org] for d in docs], "year": [d.year for d in docs], "type": [type_index[d.type] for d in docs],
        "title_end": [d.text.title_end for d in docs], "head_end": [d.text.head_end for d in docs],
    }
    files["manifest.json"] = dump(manifest)
    for i, d in enumerate(docs):
        head = dump([d.title, d.url, d.date or ""]) + b"\n"  # every piece starts with the report's title, URL and date
        for k in range(0, len(d.text.text) + 1, TEXT_CHARS):  # the last piece is always short, maybe empty
            files[f"t/{i}-{k // TEXT_CHARS}.txt"] = head + d.text.text[k: k + TEXT_CHARS].encode("utf-8")
    return files


def dump(value: object) -> bytes:
    """Compact JSON, UTF-8."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
