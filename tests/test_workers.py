"""Work done beside MkDocs in forked workers gives the same site, byte for byte, as a build in one process."""
from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import clean_build
from synth import generate_archive


def digests(site: Path) -> dict[str, str]:
    """Every file of a site by relative path, as a digest of its bytes."""
    return {p.relative_to(site).as_posix(): hashlib.blake2b(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_build_with_workers_is_byte_identical_to_one_in_a_single_process(tmp_path: Path) -> None:
    sites = {}
    for workers in ("", "1"):
        root = tmp_path / f"workers{workers or 'default'}"
        generate_archive(root / "reports", 60, seed=5)
        sites[workers] = digests(clean_build(root, env={"NIANBAO_WORKERS": workers}).site)
    forked, single = sites[""], sites["1"]
    assert len(forked) > 300 and any(name.startswith("search/data/") for name in forked)
    assert forked.keys() == single.keys()
    assert [name for name in forked if forked[name] != single[name]] == []
