"""Chart geometry (nianbao.charts), without MkDocs or Jinja."""
from __future__ import annotations

import math

import pytest

from nianbao.charts import (
    MARKERS, PALETTE, Point, Series, build_bar_chart, build_line_chart, build_sparkline, nice_ticks, series_style, value_domain,
)


def format_number(value: float) -> str:
    return f"{value:,.10g}"


def wan(value: float) -> str:
    return f"{value / 10000:g}万" if value else "0"


def coords(segment: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in (pair.split(",") for pair in segment.split())]


def steps(ticks: list[float]) -> set[float]:
    return {round(b - a, 9) for a, b in zip(ticks, ticks[1:])}


@pytest.mark.parametrize(("lo", "hi", "expected"), [
    (0, 85, [0, 20, 40, 60, 80, 100]),
    (0, 100, [0, 20, 40, 60, 80, 100]),
    (0, 2_510_000, [0, 500_000, 1_000_000, 1_500_000, 2_000_000, 2_500_000, 3_000_000]),
    (0, 12, [0, 2.5, 5, 7.5, 10, 12.5]),
    (90, 100, [90, 92, 94, 96, 98, 100]),
    (-37, 12, [-40, -30, -20, -10, 0, 10, 20]),
    (-85, -10, [-100, -80, -60, -40, -20, 0]),
])
def test_nice_ticks_round_steps(lo: float, hi: float, expected: list[float]) -> None:
    assert nice_ticks(lo, hi) == expected
    assert nice_ticks(hi, lo) == expected  # argument order does not matter


def test_nice_ticks_cover_the_range_with_one_nice_step() -> None:
    for lo, hi in [(0, 1), (3, 7), (0, 0.07), (-1.5, 2.25), (1234, 98765), (0, 1e9)]:
        ticks = nice_ticks(lo, hi)
        assert ticks[0] <= lo and ticks[-1] >= hi
        assert 3 <= len(ticks) - 1 <= 8
        (step,) = steps(ticks)
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert round(mantissa, 9) in {1, 2, 2.5, 5}


def test_nice_ticks_have_no_float_noise() -> None:
    assert nice_ticks(0, 0.7) == [0, 0.2, 0.4, 0.6, 0.8]
    assert nice_ticks(0.1, 0.3) == [0.1, 0.15, 0.2, 0.25, 0.3]
    assert 0.3 in nice_ticks(0, 0.3, count=3)
    for t in nice_ticks(0, 0.3, count=3) + nice_ticks(0.1, 0.7):
        assert len(repr(t)) <= 4, t


def test_nice_ticks_of_a_single_value_still_span_an_interval() -> None:
    assert nice_ticks(0, 0) == [0, 1]
    assert nice_ticks(85, 85) == [80, 90]
    assert nice_ticks(0.3, 0.3) == [0.3, 0.4]
    assert nice_ticks(-85, -85) == [-90, -80]
    assert nice_ticks(*value_domain([85])) == [0, 20, 40, 60, 80, 100]


def test_value_domain_follows_excels_zero_rule() -> None:
    assert value_domain([10, 60, 85]) == (0, 85)
    assert value_domain([50, 60]) == (0, 60)  # min is not above 5/6 × max
    assert value_domain([51, 60]) == (51, 60)  # all positive and min > 5/6 × max: start near the minimum
    assert value_domain([2_400_000, 2_510_000]) == (2_400_000, 2_510_000)
    assert value_domain([85]) == (0, 85)  # a single value, or all equal, is read from zero
    assert value_domain([7, 7, 7]) == (0, 7)


def test_value_domain_overrides_negatives_and_empty() -> None:
    assert value_domain([51, 60], zero_based=True) == (0, 60)
    assert value_domain([10, 60], zero_based=False) == (10, 60)
    assert value_domain([-5, 20]) == (-5, 20)
    assert value_domain([-5, -3]) == (-5, 0)
    assert value_domain([0, 0]) == (0, 0)
    assert value_domain([]) == (0, 1)
    assert value_domain([], zero_based=False) == (0, 1)
    assert value_domain([float("nan"), 4]) == (0, 4)  # not a number is left out, never plotted


def test_series_style_cycles_colours_and_markers_then_dashes() -> None:
    assert len(set(PALETTE)) == len(set(MARKERS)) == 8
    assert series_style(0) == (0, "")
    assert series_style(7) == (7, "")
    assert series_style(8) == (0, "6 3")
    assert series_style(17) == (1, "2 3")
    assert len({series_style(i) for i in range(32)}) == 32


def line_chart(*series: Series, years: range = range(2013, 2026), **kw: object):
    return build_line_chart(series, years, format_number, **kw)


def test_a_missing_year_splits_the_line_and_is_not_drawn() -> None:
    chart = line_chart(Series("a", "甲", {2015: 10, 2016: 20, 2017: 30, 2019: 50, 2020: 60}))
    (line,) = chart.lines
    assert [p.year for p in line.points] == [2015, 2016, 2017, 2019, 2020]
    assert len(line.segments) == 2
    first, second = (coords(s) for s in line.segments)
    assert first == [(p.x, p.y) for p in line.points[:3]]
    assert second == [(p.x, p.y) for p in line.points[3:]]
    zero_y = chart.y_ticks[0].pos
    assert all(y != zero_y for s in line.segments for _, y in coords(s))  # the gap is never drawn as zero


def test_a_single_year_run_has_a_point_but_no_segment() -> None:
    chart = line_chart(Series("a", "甲", {2014: 5, 2016: 7, 2017: 9}), Series("b", "乙", {2020: 3}))
    a, b = chart.lines
    assert [p.year for p in a.points] == [2014, 2016, 2017]
    assert len(a.segments) == 1 and len(coords(a.segments[0])) == 2
    assert b.segments == () and [p.year for p in b.points] == [2020]


def test_points_lie_in_the_plot_box_and_larger_values_are_higher() -> None:
    chart = line_chart(Series("a", "甲", {2013: 3, 2014: 250, 2015: 1200, 2025: 980}),
                       Series("b", "乙", {2018: 0, 2019: 1199}))
    points = [p for line in chart.lines for p in line.points]
    for p in points:
        assert chart.left <= p.x <= chart.right and chart.top <= p.y <= chart.bottom
    by_value = sorted(points, key=lambda p: p.value)
    assert [p.y for p in by_value] == sorted((p.y for p in by_value), reverse=True)
    assert len({p.y for p in points}) == len(points)
    assert [t.label for t in chart.y_ticks] == ["0", "250", "500", "750", "1,000", "1,250"]
    assert chart.y_ticks[0].pos == chart.bottom and chart.y_ticks[-1].pos == chart.top


def test_x_positions_increase_with_year_and_missing_years_keep_their_slot() -> None:
    chart = line_chart(Series("a", "甲", {2013: 1, 2014: 2, 2016: 4, 2025: 3}), years=range(2013, 2026))
    xs = {p.year: p.x for p in chart.lines[0].points}
    assert xs[2013] == chart.left and xs[2025] == chart.right
    slot = (chart.right - chart.left) / 12
    for year, x in xs.items():
        assert x == pytest.approx(chart.left + (year - 2013) * slot, abs=0.06)
    assert xs[2016] - xs[2014] == pytest.approx(2 * slot, abs=0.1)
    tick_xs = [t.pos for t in chart.x_ticks]
    assert tick_xs == sorted(tick_xs) and len(set(tick_xs)) == len(tick_xs)


def test_year_labels_thin_out_but_keep_first_and_last() -> None:
    wide = line_chart(Series("a", "甲", {2013: 1}))
    assert [t.label for t in wide.x_ticks] == [str(y) for y in range(2013, 2026)]
    narrow = line_chart(Series("a", "甲", {2013: 1}), years=range(1990, 2026), width=360)
    labels = [t.label for t in narrow.x_ticks]
    assert labels[0] == "1990" and labels[-1] == "2025" and len(labels) < 36
    gaps = [b.pos - a.pos for a, b in zip(narrow.x_ticks, narrow.x_ticks[1:])]
    assert min(gaps) >= 39


def test_a_single_year_is_centred() -> None:
    chart = line_chart(Series("a", "甲", {2021: 5}), years=[2021])
    (p,) = chart.lines[0].points
    assert p.x == round((chart.left + chart.right) / 2, 1)
    assert [t.label for t in chart.x_ticks] == ["2021"]


def test_point_labels_use_the_formatter_and_unit() -> None:
    chart = build_line_chart([Series("v", "志愿者", {2021: 340_000})], range(2020, 2022), wan, unit="人")
    assert chart.lines[0].points[0].label == "志愿者 2021年：34万人"
    assert "万" in chart.y_ticks[-1].label
    assert chart.left >= max(len(t.label) for t in chart.y_ticks) * 7


def test_styles_and_dashed_series() -> None:
    chart = line_chart(Series("a", "甲", {2020: 1}), Series("b", "乙", {2020: 2}, dashed=True), styles=[3, 10])
    a, b = chart.lines
    assert (a.color, a.marker, a.dash) == (PALETTE[3], MARKERS[3], "")
    assert (b.color, b.marker, b.dash) == (PALETTE[2], MARKERS[2], "4 3")
    default = line_chart(Series("a", "甲", {2020: 1}), Series("b", "乙", {2020: 2}))
    assert [(line.color, line.marker) for line in default.lines] == list(zip(PALETTE[:2], MARKERS[:2]))


def test_degenerate_line_charts_are_finite() -> None:
    for chart in (line_chart(Series("z", "零", {2020: 0, 2021: 0})), line_chart(), line_chart(years=[]),
                  line_chart(Series("a", "甲", {2020: 5, 2021: 5}), zero_based=False)):
        numbers = [chart.left, chart.right, chart.top, chart.bottom]
        numbers += [t.pos for t in chart.x_ticks + chart.y_ticks]
        numbers += [c for line in chart.lines for p in line.points for c in (p.x, p.y)]
        assert all(math.isfinite(n) for n in numbers)
        assert len(chart.y_ticks) >= 2


def bar_chart(*values: float, **kw: object):
    items = [(f"k{i}", f"组织{i}", f"orgs/k{i}/", v) for i, v in enumerate(values)]
    return build_bar_chart(items, format_number, **kw)


def test_bars_are_ordered_largest_first_with_stable_ties() -> None:
    chart = bar_chart(3, 10, 3, 7, 10)
    assert [b.key for b in chart.bars] == ["k1", "k4", "k3", "k0", "k2"]
    ys = [b.y for b in chart.bars]
    assert ys == sorted(ys) and len(set(ys)) == 5
    assert all(b.label_y > b.y and b.label_y < b.y + b.height for b in chart.bars)
    assert chart.height >= chart.bars[-1].y + chart.bars[-1].height + 12


def test_bar_lengths_are_proportional_from_zero() -> None:
    chart = bar_chart(100, 50, 25, 0)
    assert [b.x for b in chart.bars] == [chart.zero_x] * 4
    assert chart.zero_x >= chart.label_width
    full, half, quarter, zero = (b.width for b in chart.bars)
    assert half == pytest.approx(full / 2, abs=0.1) and quarter == pytest.approx(full / 4, abs=0.1)
    assert zero == 0
    assert chart.bars[0].value_label == "100"
    assert chart.bars[0].x + full + 50 <= chart.width  # room for the value label
    assert chart.ticks[0].pos == chart.zero_x and chart.ticks[0].label == "0"


def test_a_negative_bar_extends_left_of_zero() -> None:
    chart = bar_chart(30, -10)
    pos, neg = chart.bars
    assert pos.x == chart.zero_x and pos.width > 0
    assert neg.x < chart.zero_x and neg.width > 0
    assert neg.x + neg.width == pytest.approx(chart.zero_x, abs=0.1)
    assert neg.width == pytest.approx(pos.width / 3, abs=0.1)
    assert neg.x >= chart.label_width
    assert neg.value_label == "-10"


def test_empty_and_all_zero_bar_charts() -> None:
    empty = bar_chart()
    assert empty.bars == () and empty.height > 0 and len(empty.ticks) >= 2
    zeros = bar_chart(0, 0)
    assert [b.width for b in zeros.bars] == [0, 0] and zeros.height > empty.height


def test_sparkline_gaps_and_last_point() -> None:
    spark = build_sparkline({2015: 1, 2016: 3, 2018: 2, 2019: 5, 2030: 9}, range(2015, 2021), wan, name="甲")
    assert [p.year for p in spark.points] == [2015, 2016, 2018, 2019]
    assert len(spark.segments) == 2
    assert spark.last == spark.points[-1] and spark.last.year == 2019
    assert spark.last.label == "甲 2019年：0.0005万"
    for p in spark.points:
        assert 0 <= p.x <= spark.width and 0 <= p.y <= spark.height
    assert min(spark.points, key=lambda p: p.y).value == 5


def test_degenerate_sparklines() -> None:
    assert build_sparkline({}, range(2015, 2021), wan).last is None
    flat = build_sparkline({2020: 4, 2021: 4}, [2020, 2021], wan)
    assert {p.y for p in flat.points} == {14} and len(flat.segments) == 1
    single = build_sparkline({2021: 4}, [2021], wan)
    assert single.segments == () and isinstance(single.last, Point) and single.last.x == 60
