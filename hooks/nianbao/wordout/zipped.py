"""A small deterministic zip writer: a template's fixed parts are compressed once per process, not once per document."""
from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

# 1980-01-01 00:00, zip's first date: the same report always gives the same bytes.
_TIME, _DATE = 0, (1 << 5) | 1
_DEFLATED, _STORED = 8, 0
_LOCAL = "<4s2B4HL2L2H"  # the layouts zipfile writes (structFileHeader, structCentralDir, structEndArchive)
_CENTRAL = "<4s4B4HL2L5H2L"
_END = "<4s4H2LH"


@dataclass(frozen=True)
class Member:
    """A file in the zip, ready to write: its name, CRC and size, and its bytes as stored."""

    name: bytes
    crc: int
    size: int
    data: bytes
    method: int


def deflated(name: str, data: bytes, level: int = 6) -> Member:
    """A compressed member."""
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    return Member(name.encode(), zlib.crc32(data), len(data), packer.compress(data) + packer.flush(), _DEFLATED)


def stored(name: str, data: bytes) -> Member:
    """A member stored as it is (images are compressed already)."""
    return Member(name.encode(), zlib.crc32(data), len(data), data, _STORED)


def build_zip(members: Iterable[Member]) -> bytes:
    """The zip file of these members, in order."""
    out, central, count = bytearray(), bytearray(), 0
    for member in members:
        offset, count = len(out), count + 1
        out += struct.pack(_LOCAL, b"PK\x03\x04", 20, 0, 0, member.method, _TIME, _DATE, member.crc, len(member.data),
                           member.size, len(member.name), 0)
        out += member.name + member.data
        central += struct.pack(_CENTRAL, b"PK\x01\x02", 20, 0, 20, 0, 0, member.method, _TIME, _DATE, member.crc,
                               len(member.data), member.size, len(member.name), 0, 0, 0, 0, 0, offset)
        central += member.name
    start = len(out)
    out += central + struct.pack(_END, b"PK\x05\x06", 0, 0, count, count, len(central), start, 0)
    return bytes(out)
