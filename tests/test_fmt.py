"""Number formatting in Chinese conventions."""
from __future__ import annotations

import pytest

from nianbao.fmt import format_change, format_compact, format_delta, format_growth, format_number, format_quantity


@pytest.mark.parametrize("value, text", [(75000, "75,000"), (92.18, "92.18"), (3.0, "3"), (0, "0"), (1234567.5, "1,234,567.5")])
def test_format_number_is_exact(value: float, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize("value, text", [
    (340000, "34万"), (2510000, "251万"), (75000, "7.5万"), (7600, "7,600"), (9999, "9,999"), (10000, "1万"),
    (123456, "12.35万"), (12345678, "1234.57万"), (99_999_999, "1亿"), (150_000_000, "1.5亿"), (-340000, "−34万"), (0.5, "0.5"),
])
def test_format_compact_uses_wan_and_yi(value: float, text: str) -> None:
    assert format_compact(value) == text


@pytest.mark.parametrize("value, unit, text", [
    (2510000, "小时", "251万小时"), (340000, "人次", "34万人次"), (92.5, "%", "92.5%"), (100, "%", "100%"), (85, "间", "85间"),
    (1213.7, "万元", "1,213.7万元"), (12000, "万元", "1.2亿元"), (-3, "件", "−3件"),
])
def test_format_quantity_adds_the_catalog_unit(value: float, unit: str, text: str) -> None:
    assert format_quantity(value, unit) == text


def test_changes_absolute_and_relative() -> None:
    assert format_delta(75000, 60000, "人") == "+1.5万人" and format_growth(75000, 60000) == "+25%"
    assert format_change(75000, 60000, "人") == "+1.5万人（+25%）"
    assert format_change(50, 60, "间") == "−10间（−16.7%）"
    assert format_change(100, 98.5, "%") == "+1.5 个百分点"  # a percentage changes in points, never in %
    assert format_change(5, 5, "人") == "持平" and format_change(5, 0, "人") == "+5人"  # no % of zero
    assert format_growth(5, 0) == "" and format_growth(101, 100) == "+1%" and format_growth(100.04, 100) == "0%"
    assert format_delta(0.1 + 0.2, 0.1, "%") == "+0.2 个百分点"  # float noise is rounded away
