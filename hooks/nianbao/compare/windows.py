"""The set of every fixed-width window of some texts, as sorted 64-bit polynomial hashes with one stored occurrence each.

A lookup is exact: every hash hit is verified character by character against the stored occurrence, and hashes that
several different windows share (collisions, found when texts are added) keep all of their windows for a string check.
Hashing and verification are vectorised (numpy): O(width) array passes per text, O(n log N) for the lookups.
"""
from __future__ import annotations

import numpy as np

_BASE = np.uint64(0x100000001B3)  # an odd multiplier; arithmetic wraps modulo 2**64
_EMPTY = np.empty(0, np.uint64)


def code_points(text: str) -> np.ndarray:
    """The text's code points as an array."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def window_hashes(codes: np.ndarray, width: int, mask: np.uint64) -> np.ndarray:
    """The polynomial hash of each window codes[i:i+width], Horner's rule over array slices."""
    count = len(codes) - width + 1
    if count <= 0:
        return _EMPTY
    hashes = np.zeros(count, np.uint64)
    for j in range(width):
        hashes *= _BASE
        hashes += codes[j:j + count]
    return hashes & mask


def _same_windows(left: np.ndarray, a: np.ndarray, right: np.ndarray, b: np.ndarray, width: int) -> np.ndarray:
    """For each k: whether left[a[k]:a[k]+width] == right[b[k]:b[k]+width]."""
    same = np.ones(len(a), bool)
    for j in range(width):
        same &= left[a + j] == right[b + j]
    return same


class WindowIndex:
    """Windows of the texts added so far; `bits` < 64 only to force collisions in tests."""

    def __init__(self, width: int, bits: int = 64) -> None:
        self.width = width
        self.mask = np.uint64((1 << bits) - 1)
        self.hashes = _EMPTY  # sorted, unique
        self.where = np.empty(0, np.int64)  # offset into `store` of the first-added window with each hash
        self.store = np.empty(0, np.uint64)  # code points of every added text, one after another
        self.starts: list[int] = []  # offset into `store` of each added text
        self.collided: dict[int, dict[str, int]] = {}  # hash → each distinct window with it → its first offset

    def add(self, texts: list[str]) -> None:
        """Add texts as one batch (e.g. one year's reports); earlier additions stay the representatives of their windows."""
        new_codes, new_hashes, new_where = [], [], []
        at = len(self.store)
        for text in texts:
            codes = code_points(text)
            self.starts.append(at)
            hashes = window_hashes(codes, self.width, self.mask)
            new_codes.append(codes)
            new_hashes.append(hashes)
            new_where.append(np.arange(at, at + len(hashes), dtype=np.int64))
            at += len(codes)
        if not texts:
            return
        self.store = np.concatenate([self.store, *new_codes])
        batch, batch_where = np.concatenate(new_hashes), np.concatenate(new_where)
        first_sort = np.argsort(batch, kind="stable")
        hashes = np.concatenate([self.hashes, batch[first_sort]])
        where = np.concatenate([self.where, batch_where[first_sort]])
        # stable: among equal hashes the earlier-added window comes first; two sorted runs merge in linear time (timsort)
        order = np.argsort(hashes, kind="stable")
        ordered = hashes[order]
        first = np.empty(len(ordered), bool)
        first[:1] = True
        np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
        group = np.cumsum(first) - 1
        rep = where[order][first]
        fresh = order >= len(self.hashes)  # windows of this batch: check them against their hash's representative
        mine, theirs = where[order][fresh], rep[group[fresh]]
        differ = np.flatnonzero(~_same_windows(self.store, mine, self.store, theirs, self.width))
        fresh_hashes = ordered[fresh]
        for k in differ.tolist():
            self._collide(int(fresh_hashes[k]), int(theirs[k]), int(mine[k]))
        self.hashes, self.where = ordered[first], rep

    def _collide(self, key: int, rep: int, other: int) -> None:
        """Remember two different windows that share hash `key`."""
        windows = self.collided.setdefault(key, {})
        for offset in (rep, other):
            windows.setdefault(self._text_at(offset), offset)

    def _text_at(self, offset: int) -> str:
        return "".join(map(chr, self.store[offset:offset + self.width].tolist()))

    def lookup(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """For each window start of `text`: whether the window was added, and the store offset of its first occurrence (or -1)."""
        codes = code_points(text)
        hashes = window_hashes(codes, self.width, self.mask)
        found = np.full(len(hashes), -1, np.int64)
        if not len(hashes) or not len(self.hashes):
            return found >= 0, found
        order = np.argsort(hashes)  # sorted needles let searchsorted walk the index once instead of jumping around it
        slot = np.empty(len(hashes), np.int64)
        slot[order] = np.minimum(np.searchsorted(self.hashes, hashes[order]), len(self.hashes) - 1)
        hit = np.flatnonzero(self.hashes[slot] == hashes)
        rep = self.where[slot[hit]]
        same = _same_windows(codes, hit, self.store, rep, self.width)
        found[hit[same]] = rep[same]
        for k in hit[~same].tolist():  # a hash hit on a different window: only a known collision can still match
            if windows := self.collided.get(int(hashes[k])):
                found[k] = windows.get(text[k:k + self.width], -1)
        return found >= 0, found

    def owner(self, offsets: np.ndarray) -> np.ndarray:
        """Which added text (by order of addition) each store offset belongs to."""
        return np.searchsorted(np.asarray(self.starts, np.int64), offsets, side="right") - 1
