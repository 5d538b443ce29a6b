"""compare.windows: the hashed window index answers exactly, whatever the hash collisions."""
from __future__ import annotations

import numpy as np
from nianbao.compare.windows import WindowIndex, code_points, window_hashes


def test_window_hashes_are_per_window() -> None:
    codes = code_points("甲乙丙甲乙丙")
    hashes = window_hashes(codes, 3, np.uint64(2**64 - 1))
    assert len(hashes) == 4 and hashes[0] == hashes[3] and len(set(hashes.tolist())) == 3
    assert len(window_hashes(code_points("甲乙"), 3, np.uint64(2**64 - 1))) == 0


def test_lookup_is_exact_with_colliding_hashes() -> None:
    for bits in (64, 2):  # with 2 bits, 4 hash values for dozens of windows
        index = WindowIndex(3, bits=bits)
        index.add(["甲乙丙丁戊己", "庚辛壬"])
        index.add(["子丑寅卯"])
        found, where = index.lookup("乙丙丁辛壬癸子丑寅卯辰")
        windows = ["乙丙丁", "丙丁辛", "丁辛壬", "辛壬癸", "壬癸子", "癸子丑", "子丑寅", "丑寅卯", "寅卯辰"]
        assert found.tolist() == [w in ("乙丙丁", "子丑寅", "丑寅卯") for w in windows], bits
        assert index.owner(where[found]).tolist() == [0, 2, 2]
        assert (bits == 2) == bool(index.collided)


def test_first_added_occurrence_represents_a_window() -> None:
    index = WindowIndex(2)
    index.add(["甲乙", "丙甲乙"])
    index.add(["甲乙丁"])
    found, where = index.lookup("甲乙")
    assert found.tolist() == [True] and index.owner(where).tolist() == [0]
