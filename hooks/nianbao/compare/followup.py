"""Stage five: for each item of an org's plan, the passage of the same year's summary that reports on it, or 未见于总结.

Items and passages are compared as TF-IDF weighted character bigrams (digits and punctuation left out; the IDF is
computed over the pair's own items and passages, so the words every sentence of a work report uses weigh little).
An item's score is its best cosine over the summary's sentences and over each two adjacent sentences; a heading's is
the best of its own and its items' (a summary reports on a heading's topic when it reports on any of its items).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from ..model import Catalog, Report
from .items import Passage, PlanItem, plan_items, summary_passages
from .similarity import bigrams, cosine, idf_table, weigh

THRESHOLD = 0.135  # the middle of the best-F1 range on tests/compare_data/followup (see tests/test_compare_followup.py)
MISSING = "未见于总结"


@dataclass(frozen=True)
class ItemFinding:
    """A plan item and the summary passage that reports on it (None: 未见于总结)."""

    item: PlanItem
    score: float  # best similarity found, 0..1
    passage: Passage | None  # the best passage when the score reaches the threshold
    reported: bool

    @property
    def label(self) -> str:
        """'' when reported on, else 未见于总结."""
        return "" if self.reported else MISSING


@dataclass(frozen=True)
class FollowThrough:
    """A summary checked against its year's plan."""

    plan: Report
    summary: Report
    items: tuple[ItemFinding, ...]

    @property
    def reported(self) -> int:
        """How many items the summary reports on."""
        return sum(f.reported for f in self.items)


def match_items(plan_body: str, summary_body: str, plan_line: int = 1, summary_line: int = 1,
                threshold: float = THRESHOLD) -> tuple[ItemFinding, ...]:
    """Each plan item with its best summary passage (plain strings in, in plan order)."""
    items = plan_items(plan_body, plan_line)
    sentences = summary_passages(summary_body, summary_line)
    passages = list(sentences) + [_join(a, b) for a, b in pairwise(sentences) if a.section == b.section]
    item_grams = [bigrams(i.text, digits=False) for i in items]
    passage_grams = [bigrams(p.text, digits=False) for p in passages]
    idf = idf_table([*item_grams, *passage_grams])
    passage_vectors = [weigh(g, idf) for g in passage_grams]
    by_gram: dict[str, list[int]] = defaultdict(list)  # only passages sharing a bigram can score
    for k, vector in enumerate(passage_vectors):
        for gram in vector:
            by_gram[gram].append(k)
    best: list[tuple[float, Passage | None]] = []
    for grams in item_grams:
        vector = weigh(grams, idf)
        found: tuple[float, Passage | None] = (0.0, None)
        for k in sorted({k for gram in vector for k in by_gram.get(gram, ())}):
            score = cosine(vector, passage_vectors[k])
            if score > found[0] + 1e-12:  # ties keep the earlier passage
                found = (score, passages[k])
        best.append(found)
    findings = []
    for k, item in enumerate(items):
        score, passage = best[k]
        if item.kind == "heading":
            for child in range(k + 1, len(items)):
                if items[child].kind == "heading" or items[child].start >= item.end:
                    break
                if best[child][0] > score + 1e-12:
                    score, passage = best[child]
        reported = passage is not None and score >= threshold
        findings.append(ItemFinding(item, round(score, 4), passage if reported else None, reported))
    return tuple(findings)


def _join(a: Passage, b: Passage) -> Passage:
    return Passage(f"{a.text}{b.text}", a.section, a.line, a.start, b.end)


def follow_through(plan: Report, summary: Report, threshold: float = THRESHOLD) -> FollowThrough:
    """The summary's account of each item of the plan."""
    return FollowThrough(plan, summary, match_items(plan.body, summary.body, plan.body_line, summary.body_line, threshold))


def follow_through_all(reports: Iterable[Report], catalog: Catalog, threshold: float = THRESHOLD) -> tuple[FollowThrough, ...]:
    """Every summary (role summary) that has a plan (role plan) of the same org and year; the latest plan when several."""
    return tuple(follow_through(plan, summary, threshold) for plan, summary in plan_pairs(reports, catalog))


def plan_pairs(reports: Iterable[Report], catalog: Catalog) -> list[tuple[Report, Report]]:
    """(plan, summary) for follow_through_all, in its order."""
    plans: dict[tuple[str, int], Report] = {}
    summaries = []
    for report in sorted(reports, key=lambda r: r.sort_key):
        role = catalog.role(report.type)
        if role == "plan":
            plans[(report.org, report.year)] = report
        elif role == "summary":
            summaries.append(report)
    return [(plans[(s.org, s.year)], s) for s in sorted(summaries, key=lambda r: (r.org, r.year, r.source)) if (s.org, s.year) in plans]
