"""Comparing report text across years (issue 19): plain functions over reports, returning frozen dataclasses.

- sections / align / textdiff / comparison: a report beside an earlier one — sections aligned (same, changed, moved,
  新增, 删去), clauses and characters diffed as insert/delete runs, long unchanged runs folded, metrics before → after;
- reuse: the share of each report carried over verbatim (runs of ≥ 20 normalised characters) from its org's earlier
  years, with the passages mapped back to the Markdown body;
- items / followup: each item of a plan and the passage of the same year's summary that reports on it, or 未见于总结;
- statements: figures of catalog metrics stated in the text that disagree with the report's front matter.

Nothing here imports MkDocs or renders HTML; the caller chooses which reports (edition, drafts) to pass. The reuse and
comparison names load numpy and rapidfuzz on first use only, so that `nianbao check` (which runs the figure statements)
stays light.
"""
from importlib import import_module
from typing import Any

from .figure_rules import metric_aliases
from .followup import FollowThrough, ItemFinding, follow_through, follow_through_all, match_items, plan_pairs
from .items import Passage, PlanItem, plan_items, summary_passages
from .normalise import Normalised, normalise
from .sections import Section, split_clauses, split_sections
from .statements import FigureStatement, check_figure_statements, find_figure_statements

__all__ = [
    "ClauseChange", "Comparison", "DiffBlock", "FigureStatement", "FollowThrough", "ItemFinding", "MetricChange", "Normalised",
    "Passage", "PlanItem", "Reuse", "ReusedSpan", "Run", "Section", "SectionComparison", "SectionPair", "TextDiff",
    "align_sections", "check_figure_statements", "compare_metrics", "compare_reports", "diff_text", "find_figure_statements",
    "find_reuse", "follow_through", "follow_through_all", "match_items", "metric_aliases", "normalise", "plan_items", "plan_pairs",
    "previous_report", "previous_reports", "report_reuse", "split_clauses", "split_sections", "summary_passages",
]


_LAZY = {"Reuse": ".reuse", "ReusedSpan": ".reuse", "find_reuse": ".reuse", "report_reuse": ".reuse",
         **dict.fromkeys(("SectionPair", "align_sections"), ".align"),
         **dict.fromkeys(("Comparison", "MetricChange", "SectionComparison", "compare_metrics", "compare_reports",
                          "previous_report", "previous_reports"), ".comparison"),
         **dict.fromkeys(("ClauseChange", "DiffBlock", "Run", "TextDiff", "diff_text"), ".textdiff")}


def __getattr__(name: str) -> Any:
    """The reuse and comparison names, imported when first asked for."""
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(name)
