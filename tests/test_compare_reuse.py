"""compare.reuse: the share of each report in runs of ≥ 20 normalised characters found in its org's earlier years.

Every result is checked against a brute-force oracle: a character is reused when it lies inside some window of
MIN_RUN characters of the report's normalised text that occurs in the normalised text of a report of the same org from
a strictly earlier year (any longer verbatim run contains such a window, so this is the definition in the issue).
"""
from __future__ import annotations

import datetime
from dataclasses import replace
from functools import partial
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nianbao.compare import reuse as reuse_module
from nianbao.compare import windows
from nianbao.compare.normalise import fold, line_at
from nianbao.compare.reuse import MIN_RUN, find_reuse, report_reuse
from nianbao.model import Report
from nianbao.project import load_project

REPO = Path(__file__).resolve().parent.parent


def oracle(report: Report, reports: list[Report], width: int = MIN_RUN) -> list[bool]:
    """For each normalised character of the report: inside a window that occurs in an earlier year's report of its org?"""
    text = fold(report.body)
    earlier = [fold(r.body) for r in reports if r.org == report.org and r.year < report.year]
    covered = [False] * len(text)
    for i in range(len(text) - width + 1):
        if any(text[i:i + width] in e for e in earlier):
            covered[i:i + width] = [True] * width
    return covered


def coverage(result, length: int) -> list[bool]:
    covered = [False] * length
    for span in result.spans:
        covered[span.start:span.end] = [True] * (span.end - span.start)
    return covered


def make(source: str, org: str, year: int, body: str, date: str | None = None) -> Report:
    return Report(source, source, source, org, year, "annual", datetime.date.fromisoformat(date) if date else None, body=body, body_line=7)


@pytest.fixture(scope="module")
def archive() -> list[Report]:
    """Real reports, the edited next-year 坪山 report, a same-year copy, a reworded copy and another org's copy."""
    real = list(load_project(REPO / "reports").reports)
    pingshan = next(r for r in real if r.source == "2021/pingshan-qtgzb-annual.md")
    edited = (REPO / "tests/compare_data/align/pingshan-qtgzb-2022.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    reworded = (pingshan.body.replace("，", ",").replace("。", ".\n").replace("坪工大讲堂", "**坪工大讲堂**")
                .replace("### ", "#### ").replace("母婴室85间", "母婴室103间"))
    return real + [
        make("2022/pingshan-qtgzb-annual.md", "pingshan-qtgzb", 2022, edited, "2023-02-10"),
        make("2022/pingshan-qtgzb-special.md", "pingshan-qtgzb", 2022, edited[:3000] + "本年新增的专题内容。"),
        make("2023/pingshan-qtgzb-annual.md", "pingshan-qtgzb", 2023, reworded),
        make("2023/other.md", "pingshan-zgh", 2023, pingshan.body),
    ]


def test_matches_the_oracle_on_real_text(archive) -> None:
    found = find_reuse(archive)
    assert list(found) == sorted(r.source for r in archive)
    for report in archive:
        result = found[report.source]
        expected = oracle(report, archive)
        assert coverage(result, result.length) == expected, report.source
        assert result.reused == sum(expected)


def test_shares_ties_and_other_orgs(archive) -> None:
    found = find_reuse(archive)
    assert found["2021/pingshan-qtgzb-annual.md"].reused == 0  # nothing earlier of this org
    assert found["2022/pingshan-qtgzb-annual.md"].share > 0.9  # the edited copy
    assert found["2022/pingshan-qtgzb-special.md"].compared == 1  # the same year's annual does not count
    assert found["2023/pingshan-qtgzb-annual.md"].share > 0.97  # punctuation width, emphasis and line breaks do not break runs
    assert found["2023/other.md"].reused == 0  # another org's text does not count
    assert found["2022/dapeng-qtgzb-annual.md"].compared == 2 and found["2021/dapeng-qtgzb-annual-2.md"].compared == 0
    assert 0 < found["2022/pingshan-qtgzb-annual.md"].percent <= 100


def test_spans_map_back_to_the_body(archive) -> None:
    found = find_reuse(archive)
    report = next(r for r in archive if r.source == "2022/pingshan-qtgzb-annual.md")
    text = fold(report.body)
    spans = found[report.source].spans
    assert spans and all(a.end < b.start for a, b in pairwise(spans))
    for span in spans:
        assert fold(report.body[span.body_start:span.body_end]) == text[span.start:span.end]
        assert span.line == line_at(report.body, span.body_start, report.body_line)
        assert span.end_line == line_at(report.body, span.body_end - 1, report.body_line)
        assert span.sources == ("2021/pingshan-qtgzb-annual.md",)
    reworded = found["2023/pingshan-qtgzb-annual.md"].spans
    sources = {s for span in reworded for s in span.sources}  # the earliest report each window occurs in
    assert "2021/pingshan-qtgzb-annual.md" in sources and sources - {"2021/pingshan-qtgzb-annual.md"} <= {
        "2022/pingshan-qtgzb-annual.md", "2022/pingshan-qtgzb-special.md"}
    assert len(sources) > 1  # '母婴室103间' first appears in 2022


def test_one_report_alone_gives_the_same_result(archive) -> None:
    found = find_reuse(archive)
    for report in archive:
        assert report_reuse(report, archive) == found[report.source]


def test_hash_collisions_are_verified(archive, monkeypatch) -> None:
    exact = find_reuse(archive)
    monkeypatch.setattr(reuse_module, "WindowIndex", partial(windows.WindowIndex, bits=6))  # 64 hash values: collisions everywhere
    assert find_reuse(archive) == exact


texts = st.text(alphabet="ab。c", max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["o", "p"]), st.integers(2020, 2023), texts), max_size=6),
       st.integers(2, 6), st.sampled_from([64, 3]))
def test_random_archives_match_the_oracle(items, width: int, bits: int) -> None:
    reports = [make(f"{k}.md", org, year, body) for k, (org, year, body) in enumerate(items)]
    original = reuse_module.WindowIndex
    reuse_module.WindowIndex = partial(windows.WindowIndex, bits=bits)
    try:
        found = find_reuse(reports, min_run=width)
    finally:
        reuse_module.WindowIndex = original
    for report in reports:
        assert coverage(found[report.source], len(fold(report.body))) == oracle(report, reports, width)


def test_short_and_empty_reports() -> None:
    first = make("a.md", "o", 2020, "短。")
    second = replace(first, source="b.md", year=2021, body="")
    found = find_reuse([first, second])
    assert (found["b.md"].length, found["b.md"].reused, found["b.md"].share, found["b.md"].spans) == (0, 0, 0.0, ())
