"""The index's byte format: unsigned LEB128 varints, the key hash, and bucket files of keyed postings.

A key (two code points in tier A, three in tier C) has a slot, the top SLOT_BITS bits of `fnv1a(key)`.
A tier's bucket files each hold a range of slots; the manifest lists the first slot of every file
(`bounds`), so the browser knows which file to fetch from the key alone. A bucket file, once inflated,
is `varint n`, then per key (sorted) its delta-coded code points and `varint length`, then the postings
back to back. A key listed in the manifest as big is in no bucket: its posting is the file
`k/<code points>.bin`. Every file under a/, c/, k/ and t/ is deflated (zlib format).
"""
from __future__ import annotations

import base64
import hashlib
import zlib
from bisect import bisect_right
from typing import Iterator, Sequence

import numpy as np

FNV_OFFSET, FNV_PRIME = 2166136261, 16777619
SLOT_BITS = 24  # a bucket file holds a range of slots: the top bits of the key hash
LEVEL = 6  # zlib level: 9 saves under 0.1 % more


def encode_varints(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(bytes as uint8, byte length of each value) of non-negative integers, vectorised."""
    values = np.asarray(values).astype(np.int64)
    size = np.ones(len(values), np.int64)
    top = int(values.max()) if len(values) else 0
    for j in range(1, max(1, (top.bit_length() + 6) // 7)):
        size += values >= (1 << (7 * j))
    out = np.empty(int(size.sum()), np.uint8)
    start = np.cumsum(size) - size
    for j in range(int(size.max()) if len(size) else 0):
        live = size > j
        byte = (values[live] >> (7 * j)) & 127
        byte |= np.where(size[live] > j + 1, 128, 0)
        out[start[live] + j] = byte
    return out, size


def read_varints(data: bytes, pos: int, n: int) -> tuple[list[int], int]:
    """n varints from data at pos; returns them and the position after."""
    out = []
    for _ in range(n):
        value = shift = 0
        while True:
            byte = data[pos]
            pos += 1
            value |= (byte & 127) << shift
            if byte < 128:
                break
            shift += 7
        out.append(value)
    return out, pos


def key_hash(codes: np.ndarray) -> np.ndarray:
    """32-bit FNV-1a over the code points of each key (one row per key), then MurmurHash3's finaliser (so that the
    low bits, which pick the bucket, depend on every bit); the browser computes the same."""
    mask = np.uint64(0xFFFFFFFF)
    h = np.full(len(codes), FNV_OFFSET, np.uint64)
    for j in range(codes.shape[1] if codes.ndim == 2 else 0):
        h = ((h ^ codes[:, j].astype(np.uint64)) * np.uint64(FNV_PRIME)) & mask
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) & mask
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & mask
    return h ^ (h >> np.uint64(16))


def slot_of(key: str) -> int:
    """The slot of one key."""
    return int(key_hash(np.array([[ord(c) for c in key]], np.int64))[0]) >> (32 - SLOT_BITS)


def encode_bounds(firsts: np.ndarray) -> str:
    """The first slot of every bucket file (ascending, the first 0), delta-coded varints in base64: the manifest's `bounds`."""
    return base64.b64encode(encode_varints(np.diff(np.r_[0, firsts]))[0].tobytes()).decode("ascii")


def decode_bounds(text: str) -> list[int]:
    """The first slot of every bucket file, from the manifest."""
    data, out, pos, at = base64.b64decode(text), [], 0, 0
    while pos < len(data):
        (delta,), pos = read_varints(data, pos, 1)
        at += delta
        out.append(at)
    return out or [0]


def file_of(bounds: Sequence[int], slot: int) -> int:
    """The bucket file holding a slot: the last whose first slot is not above it."""
    return max(0, bisect_right(bounds, slot) - 1)


_kept: tuple[dict[bytes, bytes], dict[bytes, bytes]] | None = None  # (the last index's files, this one's): previews


def keep_deflated(last: dict[bytes, bytes] | None) -> dict[bytes, bytes]:
    """From now on, deflate() reuses the files of `last` (digest of the bytes → deflated), and records into the
    dict returned; None: neither (a build, whose index is made once)."""
    global _kept
    _kept = (last, {}) if last is not None else None
    return _kept[1] if _kept else {}


def deflate(data: bytes) -> bytes:
    """An index file as written (zlib format: the browser inflates it with DecompressionStream("deflate"))."""
    if _kept is None:
        return zlib.compress(data, LEVEL)
    key = hashlib.blake2b(data, digest_size=16).digest()
    known = _kept[1].get(key) or _kept[0].get(key) or zlib.compress(data, LEVEL)
    _kept[1][key] = known
    return known


def inflate(data: bytes) -> bytes:
    """An index file as read."""
    return zlib.decompress(data)


def big_name(key: str) -> str:
    """File name (under k/) of a key stored on its own."""
    return "-".join(str(ord(c)) for c in key) + ".bin"


def delta_keys(keys: np.ndarray, restart: np.ndarray) -> np.ndarray:
    """Delta-coded code points of sorted keys (rows): each code point less the previous key's while all before it are equal;
    the comparison starts afresh (from zeros) where `restart` is True."""
    prev = np.zeros_like(keys)
    prev[1:] = keys[:-1]
    prev[restart] = 0
    out = keys.copy()
    same = np.ones(len(keys), bool)  # every code point before this one equals the previous key's
    for j in range(keys.shape[1]):
        out[same, j] -= prev[same, j]
        same &= keys[:, j] == prev[:, j]
    return out


def undelta_keys(values: Sequence[int], width: int) -> list[tuple[int, ...]]:
    """Keys back from their delta-coded code points (`width` per key)."""
    keys, prev = [], (0,) * width
    for i in range(0, len(values), width):
        key, same = [], True
        for j in range(width):
            key.append(prev[j] + values[i + j] if same else values[i + j])
            same = same and key[j] == prev[j]
        prev = tuple(key)
        keys.append(prev)
    return keys


def read_bucket(data: bytes, width: int) -> Iterator[tuple[str, bytes]]:
    """(key, posting) of every key in a bucket file."""
    (n,), pos = read_varints(data, 0, 1)
    header, pos = read_varints(data, pos, (width + 1) * n)
    keys = undelta_keys([v for i, v in enumerate(header) if i % (width + 1) != width], width)
    for key, length in zip(keys, header[width:: width + 1]):
        yield "".join(map(chr, key)), data[pos: pos + length]
        pos += length
