"""A tier's files: big postings on their own (`k/`), the others in bucket files that each hold a range of slots.

Keys are laid out in slot order (the top bits of their hash) and cut into files of at most BUCKET_BYTES
(before deflating) wherever a slot ends, so every file is about the same size: a lookup costs one file of
known bound, and few files are needed. The first slot of each file goes into the manifest.
"""
from __future__ import annotations

from typing import Iterator

import numpy as np

from .codec import SLOT_BITS, big_name, deflate, delta_keys, encode_bounds, encode_varints, key_hash
from .postings import Tier

BUCKET_BYTES = {"a": 12 * 1024, "c": 12 * 1024}  # before deflating (about 1.5× and 1.35× smaller after)
BIG_BYTES = 8 * 1024  # a posting larger than this gets a file of its own, listed in the manifest


def cut_files(slots: np.ndarray, sizes: np.ndarray, target: int) -> np.ndarray:
    """The first key of each file: keys in slot order, `target` bytes a file at most (unless one slot is larger),
    never splitting a slot."""
    if not len(slots):
        return np.zeros(1, np.int64)
    starts = np.flatnonzero(np.r_[True, slots[1:] != slots[:-1]])
    before = np.r_[0, np.cumsum(sizes)]
    ends = before[np.r_[starts[1:], len(slots)]]  # bytes up to the end of each slot
    firsts, i = [], 0
    while i < len(starts):
        firsts.append(i)
        i = max(i + 1, int(np.searchsorted(ends, before[starts[i]] + target, side="right")))
    return starts[firsts]


def split_big(parts: Iterator[Tier], big_keys: list[str], kept: list[Tier]) -> Iterator[tuple[str, bytes]]:
    """The files of a tier's big keys (their names appended to big_keys), as each partition comes; the small
    postings of each partition are appended to `kept`."""
    for part in parts:
        offsets = np.cumsum(part.lengths) - part.lengths
        is_big = part.lengths > BIG_BYTES
        for i in np.flatnonzero(is_big).tolist():
            name = "".join(map(chr, part.keys[i].tolist()))
            big_keys.append(name)
            yield f"k/{big_name(name)}", deflate(part.data[offsets[i]: offsets[i] + part.lengths[i]].tobytes())
        kept.append(Tier(part.keys[~is_big], part.lengths[~is_big], part.data[np.repeat(~is_big, part.lengths)]))
        del part, offsets, is_big


def render_buckets(tier: str, parts: Iterator[Tier], big_keys: list[str]) -> Iterator[tuple[str, bytes | str]]:
    """The files of a tier's big keys (their names appended to big_keys), then its bucket files; the last item
    is ("", the manifest's bounds of the tier)."""
    kept: list[Tier] = []
    yield from split_big(parts, big_keys, kept)
    width = 2 if tier == "a" else 3
    keys = np.concatenate([p.keys for p in kept]) if kept else np.zeros((0, width), np.int64)
    lengths = np.concatenate([p.lengths for p in kept]) if kept else np.zeros(0, np.int64)
    data = np.concatenate([p.data for p in kept]) if kept else np.zeros(0, np.uint8)
    del kept
    offsets = np.cumsum(lengths) - lengths
    slots = (key_hash(keys) >> np.uint64(32 - SLOT_BITS)).astype(np.int64)
    order = np.argsort(slots, kind="stable")
    keys, lengths, offsets, slots = keys[order], lengths[order], offsets[order], slots[order]
    firsts = cut_files(slots, lengths + width + 1, BUCKET_BYTES[tier])  # about a key's header: its code points and length
    files = len(firsts)
    number = np.repeat(np.arange(files), np.diff(np.r_[firsts, len(keys)]))
    bounds = encode_bounds(np.r_[0, slots[firsts[1:]]] if len(keys) else np.zeros(1, np.int64))
    order = np.lexsort(tuple(keys[:, j] for j in range(width - 1, -1, -1)) + (number,))  # by file, then key
    keys, lengths, offsets = keys[order], lengths[order], offsets[order]
    first = np.zeros(len(keys), bool)
    first[firsts[firsts < len(keys)]] = True
    head, head_sizes = encode_varints(np.column_stack([delta_keys(keys, first), lengths]).ravel())  # code points, length
    head_end = np.cumsum(head_sizes.reshape(-1, width + 1).sum(axis=1))
    starts = np.r_[firsts, len(keys)] if len(keys) else np.zeros(2, np.int64)
    for b in range(files):
        lo, hi = int(starts[b]), int(starts[b + 1])
        count, _ = encode_varints(np.array([hi - lo]))
        header = head[(int(head_end[lo - 1]) if lo else 0): (int(head_end[hi - 1]) if hi else 0)]
        size = lengths[lo:hi]
        total = int(size.sum())
        body = data[np.repeat(offsets[lo:hi] - (np.cumsum(size) - size), size) + np.arange(total)].tobytes() if total else b""
        yield f"{tier}/{b}.bin", deflate(count.tobytes() + header.tobytes() + body)
    yield "", bounds
