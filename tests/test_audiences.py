"""Public, internal and draft reports in a generated archive: the public build holds nothing of the others, anywhere."""
from __future__ import annotations

import gzip
import io
import json
import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from conftest import SAMPLE, Build, clean_build, report, run_build
from htmlscan import Scan
from linkcheck import broken_links
from nianbao.search.reader import search
from nianbao.search.site import INDEX_DIR
from synth import generate_archive

N = 90
MARK_INTERNAL, MARK_DRAFT = "貘貔", "貅貘"  # rare characters: no generated text contains them


def kind_of(i: int) -> str:
    """public, draft (some of them marked public too) or internal, by position."""
    return "draft" if i % 7 == 3 else "public" if i % 3 == 0 else "internal"


def mark(text: str, i: int, kind: str) -> str:
    """Put a unique marker in the title, summary, a tag and the body; mark public and draft reports."""
    head, _, body = text[4:].partition("\n---\n")
    image = f"\n![图](fig-{i}.png)\n" if i % 5 == 1 else ""
    if kind == "public":
        return f"---\n{head}\npublic: true\n---\n{body}{image}"
    marker = f"{MARK_DRAFT if kind == 'draft' else MARK_INTERNAL}{i}"
    head = re.sub(r"^title: (.*)$", rf"title: \1{marker}号", head, count=1, flags=re.MULTILINE)
    head = re.sub(r"^tags: \[(.*)\]$", rf"tags: [\1, 标签{marker}]", head, count=1, flags=re.MULTILINE)
    head = re.sub(r'^summary: "', f'summary: "摘要{marker}：', head, count=1, flags=re.MULTILINE)
    extra = "\ndraft: true" + ("\npublic: true" if i % 2 else "") if kind == "draft" else ""
    return f"---\n{head}{extra}\n---\n{body}\n正文{marker}的段落。\n{image}"


def png(width: int) -> bytes:
    """A valid grey PNG `width` pixels wide and one high (the Word files embed it: a broken one would be warned)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    pixels = zlib.compress(b"\x00" + b"\x80" * width)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, 1, 8, 0, 0, 0, 0)) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def write_archive(reports: Path, keep: set[str] | None = None) -> dict[str, str]:
    """The generated archive with audiences marked; `keep` limits it to those kinds. Returns source → kind."""
    paths = generate_archive(reports, N, seed=23)
    kinds = {}
    for i, path in enumerate(paths):
        source, kind = path.relative_to(reports).as_posix(), kind_of(i)
        kinds[source] = kind
        if keep is not None and kind not in keep:
            path.unlink()
            continue
        path.write_text(mark(path.read_text(encoding="utf-8"), i, kind), encoding="utf-8")
        if i % 5 == 1:
            (path.parent / f"fig-{i}.png").write_bytes(png(i + 1))
    (reports / "unlinked.pdf").write_bytes(b"%PDF nobody links to this")
    return kinds


def build(root: Path, audience: str) -> Build:
    """A strict build of root with REPORTS_AUDIENCE set."""
    return clean_build(root, env={"REPORTS_AUDIENCE": audience})


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("audiences")
    return root, write_archive(root / "reports")


@pytest.fixture(scope="module")
def public(archive: tuple[Path, dict[str, str]]) -> Build:
    shutil.copytree(archive[0] / "reports", archive[0] / "public/reports")
    return build(archive[0] / "public", "public")


@pytest.fixture(scope="module")
def internal(archive: tuple[Path, dict[str, str]]) -> Build:
    return build(archive[0], "")


_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def site_text(site: Path) -> dict[str, str]:
    """Every output file as text (gzip opened, a Word file's parts unzipped, bytes read as UTF-8 with errors replaced),
    JSON escapes undone."""
    out = {}
    for path in site.rglob("*"):
        if path.is_file():
            data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
            if path.suffix == ".docx":
                with zipfile.ZipFile(io.BytesIO(data)) as package:
                    data = b"\n".join(package.read(name) for name in sorted(package.namelist()))
            text = data.decode("utf-8", errors="replace")
            out[path.relative_to(site).as_posix()] = _ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)
    return out


def test_the_public_build_has_no_trace_of_internal_or_draft_reports(public: Build, archive: tuple[Path, dict[str, str]]) -> None:
    kinds = archive[1]
    assert sorted(set(kinds.values())) == ["draft", "internal", "public"]
    leaks = [f"{path}: {m}" for path, text in site_text(public.site).items() for m in (MARK_INTERNAL, MARK_DRAFT) if m in text]
    assert list(public.site.glob("compare/text/*/*.json")) and list(public.site.glob("reports/**/compare/index.html"))  # scanned too
    assert leaks == []
    for source, kind in kinds.items():
        page = public.site / "reports" / source.removesuffix(".md") / "index.html"
        assert page.is_file() == (kind == "public"), source
    words = {p.parent.relative_to(public.site / "reports").as_posix() for p in (public.site / "reports").rglob("*.docx")}
    assert words == {s.removesuffix(".md") for s, k in kinds.items() if k == "public"}  # site_text scanned them unzipped
    for marker in (MARK_INTERNAL, MARK_DRAFT, "标签", "摘要"):
        assert search(public.site / INDEX_DIR, marker).total == 0, marker
    listed = {item["source"] for item in json.loads((public.site / "data/reports.json").read_text(encoding="utf-8"))}
    assert listed == {s for s, k in kinds.items() if k == "public"}


def test_the_public_build_equals_a_build_that_never_had_the_others(public: Build, tmp_path: Path) -> None:
    write_archive(tmp_path / "reports", keep={"public"})
    alone = build(tmp_path, "public")
    ours, theirs = site_text(public.site), site_text(alone.site)
    assert sorted(ours) == sorted(theirs)
    differ = [path for path in ours if ours[path] != theirs[path] and not path.startswith("sitemap.xml")]
    assert differ == []  # indexes, matrix, tags, charts, metric aggregates, feeds, search and data files alike


def test_the_public_build_leaves_out_the_status_page_and_unlinked_files(public: Build, internal: Build) -> None:
    assert not (public.site / "status").exists() and not (public.site / "data/status.csv").exists()
    assert "报送情况" not in Scan((public.site / "index.html").read_text(encoding="utf-8")).text
    assert (internal.site / "status/index.html").is_file() and "报送情况" in Scan(internal.page("")).text
    assert not (public.site / "reports/unlinked.pdf").exists() and (internal.site / "reports/unlinked.pdf").is_file()
    figures = lambda site: {p.name for p in (site / "reports").rglob("fig-*.png")}  # noqa: E731
    assert figures(public.site) and all(kind_of(int(n[4:-4])) == "public" for n in figures(public.site))
    assert all(kind_of(int(n[4:-4])) != "draft" for n in figures(internal.site))
    assert broken_links(public.site) == []


def test_the_internal_build_holds_every_report_but_no_draft(internal: Build, archive: tuple[Path, dict[str, str]]) -> None:
    kinds = archive[1]
    texts = site_text(internal.site)
    assert not [path for path, text in texts.items() if MARK_DRAFT in text]
    for source, kind in kinds.items():
        assert (internal.site / "reports" / source.removesuffix(".md") / "index.html").is_file() == (kind != "draft"), source
    assert search(internal.site / INDEX_DIR, MARK_INTERNAL).total == sum(k == "internal" for k in kinds.values())
    assert search(internal.site / INDEX_DIR, MARK_DRAFT).total == 0


def test_an_unknown_audience_fails_the_build_before_anything_is_written(tmp_path: Path) -> None:
    write_archive(tmp_path / "reports")
    done = run_build(tmp_path, strict=False, env={"REPORTS_AUDIENCE": "pubilc"})
    assert done.returncode != 0
    assert "REPORTS_AUDIENCE='pubilc' 无法识别" in done.output and "public" in done.output
    assert not (tmp_path / "site").exists()


@pytest.mark.expect_problems
def test_a_public_report_that_links_an_internal_one_fails_the_public_build_only(tmp_path: Path) -> None:
    reports = dict(SAMPLE, **{"2022/zgh.md": report("2022年总结", "pingshan-zgh", 2022, public="true",
                                                     body="## 一、概况\n\n见[去年的总结](../2021/zgh.md)。\n")})
    assert run_build(tmp_path / "a", reports).returncode == 0
    done = run_build(tmp_path / "a", strict=False, env={"REPORTS_AUDIENCE": "public"})
    assert done.returncode != 0
    assert "reports/2022/zgh.md:11: body: 公开报告链接了未公开的报告 reports/2021/zgh.md，删除该链接，或在 reports/2021/zgh.md 的 front matter 中加一行 public: true" in done.output
