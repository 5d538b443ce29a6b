"""The index's byte format: unsigned LEB128 varints, and chunk files of keyed postings.

A chunk file is `varint n`, then per key `varint a, varint b, varint length` (a and b are the code
points of the key's two characters), then the keys' postings in the same order, back to back.
"""
from __future__ import annotations

from typing import Iterator

import numpy as np


def encode_varints(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(bytes as uint8, byte length of each value) of non-negative integers, vectorised."""
    values = values.astype(np.int64)
    size = np.ones(len(values), np.int64)
    top = int(values.max()) if len(values) else 0
    for j in range(1, max(1, (top.bit_length() + 6) // 7)):
        size += values >= (1 << (7 * j))
    end = np.cumsum(size)
    start = end - size
    out = np.empty(int(end[-1]) if len(end) else 0, np.uint8)
    out[start] = (values & 127) | ((size > 1) << 7)  # most values take one byte: do them all at once
    idx = np.flatnonzero(size > 1)
    j = 1
    while idx.size:
        more = size[idx] > j + 1
        out[start[idx] + j] = ((values[idx] >> (7 * j)) & 127) | (more << 7)
        idx = idx[more]
        j += 1
    return out, size


def read_varints(data: bytes, pos: int, n: int) -> tuple[list[int], int]:
    """n varints starting at pos, and the position after them."""
    out = []
    for _ in range(n):
        value, shift = 0, 0
        while True:
            byte = data[pos]
            pos += 1
            value |= (byte & 127) << shift
            if not byte & 128:
                break
            shift += 7
        out.append(value)
    return out, pos


def render_chunk(keys: list[str], lengths: list[int], postings: bytes) -> bytes:
    """One chunk file: header of keys and posting lengths, then the postings."""
    header = [len(keys)]
    for key, length in zip(keys, lengths):
        header += [ord(key[0]), ord(key[1]), length]
    data, _ = encode_varints(np.array(header, dtype=np.uint64))
    return data.tobytes() + postings


def read_chunk(data: bytes) -> Iterator[tuple[str, bytes]]:
    """(key, posting bytes) of every key in a chunk file."""
    (n,), pos = read_varints(data, 0, 1)
    header, pos = read_varints(data, pos, 3 * n)
    for i in range(n):
        a, b, length = header[3 * i: 3 * i + 3]
        yield chr(a) + chr(b), data[pos: pos + length]
        pos += length
