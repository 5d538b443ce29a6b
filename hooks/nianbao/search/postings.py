"""Postings of one partition of keys, vectorised with numpy: tier A (bigrams, per report) and tier C (trigrams, every position).

Tier A, per bigram and report: `doc gap, 2·n_body + f, [n_title, n_head if f], first`, where f says
whether the title or headings hold the bigram and `first` is its first position in the body (else its
first position). Tier C, per trigram and report: `doc gap, 2·count + f, [n_title, n_head if f], first
position, then count − 1 position gaps`. Positions in a report ascend, and regions come in the order
title, headings, body, so the i-th position's region follows from n_title and n_head.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .codec import encode_varints


@dataclass(frozen=True)
class Tier:
    """Postings of sorted keys: each key's code points (one row per key), its posting's byte length, and the bytes."""

    keys: np.ndarray
    lengths: np.ndarray
    data: np.ndarray


@dataclass(frozen=True)
class Runs:
    """Positions sorted by key: the key of each, its report, its offset in the report, and its region (0, 1, 2)."""

    key: np.ndarray
    doc: np.ndarray
    pos: np.ndarray
    region: np.ndarray


def make_runs(key: np.ndarray, where: np.ndarray, starts: np.ndarray, title_end: np.ndarray, head_end: np.ndarray) -> Runs:
    """Runs from keys and corpus positions already sorted by (key, position)."""
    doc = np.searchsorted(starts, where, side="right") - 1
    pos = where.astype(np.int64) - starts[doc]
    region = (pos >= title_end[doc]).astype(np.int8) + (pos >= head_end[doc])
    return Runs(key, doc, pos, region)


def groups(runs: Runs) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per (key, report) group: first row, doc gap, n_title, n_head, and the rows where each key starts."""
    n = len(runs.key)
    new_key = np.r_[True, runs.key[1:] != runs.key[:-1]]
    new_doc = new_key | np.r_[True, runs.doc[1:] != runs.doc[:-1]]
    first = np.flatnonzero(new_doc)
    gdoc = runs.doc[first]
    gap = gdoc - np.r_[0, gdoc[:-1]]
    key_start = new_key[first]
    gap[key_start] = gdoc[key_start]
    bounds = np.r_[first, n]
    in_title = np.cumsum(np.r_[0, runs.region == 0])
    in_head = np.cumsum(np.r_[0, runs.region == 1])
    n_title = in_title[bounds[1:]] - in_title[bounds[:-1]]
    n_head = in_head[bounds[1:]] - in_head[bounds[:-1]]
    return first, gap, n_title, n_head, np.flatnonzero(key_start)


def scatter(per_group: np.ndarray, fields: list[tuple[np.ndarray, np.ndarray | None]]) -> tuple[np.ndarray, np.ndarray]:
    """Values laid out group by group: each group gets its fields in order (a field with a mask only where it is True)."""
    offset = np.cumsum(per_group) - per_group
    values = np.zeros(int(per_group.sum()), np.int64)
    at = offset.copy()
    for value, mask in fields:
        if mask is None:
            values[at] = value
            at += 1
        else:
            values[at[mask]] = value[mask]
            at += mask
    return values, offset


def key_lengths(sizes: np.ndarray, value_offset: np.ndarray, key_groups: np.ndarray) -> np.ndarray:
    """Byte length of each key's posting from the byte size of every value."""
    per_group = np.add.reduceat(sizes, value_offset) if len(value_offset) else np.zeros(0, np.int64)
    return np.add.reduceat(per_group, key_groups) if len(key_groups) else np.zeros(0, np.int64)


def tier_a(runs: Runs, codes: np.ndarray) -> Tier:
    """Tier A of bigram runs; `codes` holds the code points of each distinct key, in order."""
    first, gap, n_title, n_head, key_groups = groups(runs)
    count = np.diff(np.r_[first, len(runs.key)])
    n_body = count - n_title - n_head
    flag = (n_title + n_head) > 0
    at = np.where(n_body > 0, first + n_title + n_head, first)  # the first body position, else the first one
    per_group = 3 + 2 * flag.astype(np.int64)
    values, offset = scatter(per_group, [(gap, None), (2 * n_body + flag, None), (n_title, flag), (n_head, flag), (runs.pos[at], None)])
    data, sizes = encode_varints(values)
    return Tier(codes, key_lengths(sizes, offset, key_groups), data)


def tier_c(runs: Runs, codes: np.ndarray) -> Tier:
    """Tier C of trigram runs: every position, delta-coded within each report."""
    n = len(runs.key)
    first, gap, n_title, n_head, key_groups = groups(runs)
    count = np.diff(np.r_[first, n])
    flag = (n_title + n_head) > 0
    # Rows: a group's first row carries its header and first position, the others one position gap each.
    head = np.zeros(n, bool)
    head[first] = True
    per_row = np.ones(n, np.int64)
    per_row[first] = 3 + 2 * flag
    offset = np.cumsum(per_row) - per_row
    values = np.empty(int(per_row.sum()), np.int64)
    values[offset] = runs.pos - np.r_[0, runs.pos[:-1]]
    g = offset[first]
    values[g] = gap
    values[g + 1] = 2 * count + flag
    values[g + 2 + 2 * flag] = runs.pos[first]
    values[g[flag] + 2] = n_title[flag]
    values[g[flag] + 3] = n_head[flag]
    data, sizes = encode_varints(values)
    lengths = key_lengths(np.add.reduceat(sizes, offset), first, key_groups) if n else np.zeros(0, np.int64)
    return Tier(codes, lengths, data)
