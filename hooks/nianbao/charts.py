"""Geometry of the build-time SVG charts; the markup lives in overrides/nianbao/charts.html."""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

from .model import Number

Formatter = Callable[[Number], str]

# Okabe–Ito hues, darkened where needed so that every line and point reaches 3:1 against the white plot (WCAG 1.4.11).
# charts.css gives the n-th colour to the classes nb-s<n>; a test keeps the two lists the same.
PALETTE: tuple[str, ...] = ("#0072b2", "#d55e00", "#007f5f", "#a6338f", "#8a6d00", "#5d5d5d", "#6a3fc1", "#b3261e")
# A point's marker, an SVG path drawn from its centre ("" = a circle element): colour is never the only cue (WCAG 1.4.1).
MARKERS: tuple[str, ...] = (
    "",  # circle
    "m-3-3h6v6h-6z",  # square
    "m0-4.2 4 7h-8z",  # triangle
    "m0-4.5 4.5 4.5-4.5 4.5-4.5-4.5z",  # diamond
    "m0 4.2 4-7h-8z",  # triangle pointing down
    "m-4-1.2h8v2.4h-8zm2.8-2.8h2.4v8h-2.4z",  # plus
    "m-3.5-3.5h7l-7 7h7z",  # hourglass
    "m-2-3.5h4l2 3.5-2 3.5h-4l-2-3.5z",  # hexagon
)
DASHES: tuple[str, ...] = ("", "6 3", "2 3", "8 3 2 3")
TARGET_DASH = "4 3"


def series_style(index: int) -> tuple[int, str]:
    """Style of the index-th series: colour-and-marker number (they cycle together), then a dash pattern for repeats."""
    cycle, style = divmod(max(index, 0), len(PALETTE))
    return style, DASHES[cycle % len(DASHES)]


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 × 10^k) covering [lo, hi] with about `count` intervals."""
    lo, hi = min(lo, hi), max(lo, hi)
    if lo == hi:
        step = 10.0 ** math.floor(math.log10(abs(lo))) if lo else 1.0
        first = _cover(lo, hi, step)[0] * step
        return [_clean(first, step), _clean(first + step, step)]
    mag = 10.0 ** math.floor(math.log10((hi - lo) / max(count, 1)))
    # Of the candidates, the one whose interval count is nearest `count`; ties go to the larger step.
    candidates = [(m * mag, *_cover(lo, hi, m * mag)) for m in (10, 5, 2.5, 2, 1)]
    step, first, last = min(candidates, key=lambda c: abs(c[2] - c[1] - count))
    return [_clean(k * step, step) for k in range(first, last + 1)]


def _cover(lo: float, hi: float, step: float) -> tuple[int, int]:
    # The epsilon keeps float noise (0.3 / 0.1 = 2.9999…) from adding a spurious tick.
    return math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)


def _clean(value: float, step: float) -> float:
    decimals = max(0, -math.floor(math.log10(step))) + 1
    return round(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0


def value_domain(values: Iterable[Number], zero_based: bool | None = None) -> tuple[float, float]:
    """Data range for the value axis; zero_based None follows Excel: from 0 unless all positive and min > 5/6 × max."""
    vals = [float(v) for v in values if math.isfinite(v)]
    if not vals:
        return 0.0, 1.0
    lo, hi = min(vals), max(vals)
    if zero_based is None:
        zero_based = not (0 < lo < hi and lo > hi * 5 / 6)  # equal values: a flat line is best read from 0
    if zero_based:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    return lo, hi


@dataclass(frozen=True)
class Tick:
    """A labelled position along an axis, in pixels."""
    pos: float
    label: str


@dataclass(frozen=True)
class Point:
    """A plotted value; `label` is its tooltip text."""
    x: float
    y: float
    year: int
    value: Number
    label: str


@dataclass(frozen=True)
class Series:
    """Input of a line chart: one line, values by year (missing years simply absent)."""
    key: str
    name: str
    values: Mapping[int, Number]
    dashed: bool = False


@dataclass(frozen=True)
class Line:
    """A drawn series: one polyline per run of consecutive years, and its points; `style` picks colour and marker."""
    key: str
    name: str
    style: int
    dash: str
    segments: tuple[str, ...]
    points: tuple[Point, ...]

    @property
    def color(self) -> str:
        """The line's colour (PALETTE)."""
        return PALETTE[self.style]

    @property
    def marker(self) -> str:
        """The path of its points' marker from their centre; '' for a circle."""
        return MARKERS[self.style]


@dataclass(frozen=True)
class LineChart:
    """A line chart; (left, top, right, bottom) is the plot box in pixels."""
    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    lines: tuple[Line, ...]
    title: str


@dataclass(frozen=True)
class Bar:
    """One bar; x is its left edge, so a negative bar starts left of zero."""
    key: str
    name: str
    url: str
    value: Number
    value_label: str
    x: float
    y: float
    width: float
    height: float
    label_y: float


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart; bars start at zero_x."""
    width: int
    height: int
    label_width: float
    zero_x: float
    ticks: tuple[Tick, ...]
    bars: tuple[Bar, ...]
    title: str


@dataclass(frozen=True)
class Sparkline:
    """A tiny trend line without axes."""
    width: int
    height: int
    segments: tuple[str, ...]
    points: tuple[Point, ...]
    last: Point | None


def _text_width(text: str) -> float:
    return sum(12 if unicodedata.east_asian_width(ch) in "WF" else 7 for ch in text)


def _scale(d0: float, d1: float, p0: float, p1: float) -> Callable[[float], float]:
    span = (d1 - d0) or 1.0
    return lambda v: round(p0 + (v - d0) / span * (p1 - p0), 1)


def _x_positions(years: Sequence[int], p0: float, p1: float) -> dict[int, float]:
    span = range(min(years), max(years) + 1) if years else range(0)
    if len(span) == 1:
        return {span[0]: round((p0 + p1) / 2, 1)}
    return {y: round(p0 + i * (p1 - p0) / (len(span) - 1), 1) for i, y in enumerate(span)}


def _trace(values: Mapping[int, Number], xs: Mapping[int, float], y_of: Callable[[float], float],
           label: Callable[[int, Number], str]) -> tuple[tuple[str, ...], tuple[Point, ...]]:
    """Points of the years present in `xs`, and one polyline per run of consecutive years."""
    points = tuple(Point(xs[y], y_of(v), y, v, label(y, v))
                   for y in sorted(xs) if (v := values.get(y)) is not None and math.isfinite(v))
    runs: list[list[Point]] = []
    for p in points:
        if runs and runs[-1][-1].year == p.year - 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    segments = tuple(" ".join(f"{p.x},{p.y}" for p in run) for run in runs if len(run) > 1)
    return segments, points


def build_line_chart(series: Sequence[Series], years: Sequence[int], fmt: Formatter, *, title: str = "",
                     unit: str = "", width: int = 640, height: int = 260, zero_based: bool | None = None,
                     styles: Sequence[int] | None = None) -> LineChart:
    """Geometry of a multi-series line chart over `years` (every year from first to last gets an x position)."""
    span = range(min(years), max(years) + 1) if years else range(0)
    ticks = nice_ticks(*value_domain([v for s in series for y, v in s.values.items() if y in span], zero_based))
    labels = [fmt(t) for t in ticks]
    left = float(max(_text_width(t) for t in labels) + 10)
    top, right, bottom = 10.0, width - 12.0, height - 24.0
    y_of = _scale(ticks[0], ticks[-1], bottom, top)
    xs = _x_positions(span, left, right)
    every = math.ceil(40 / max((right - left) / (len(span) - 1), 1.0)) if len(span) > 1 else 1
    # Keep the last year's label even when it falls close to a regular one, which then yields.
    shown_years = [y for i, y in enumerate(span) if i % every == 0 and (i == 0 or len(span) - 1 - i >= every)]
    if span and span[-1] not in shown_years:
        shown_years.append(span[-1])
    lines = []
    for i, s in enumerate(series):
        style, dash = series_style(styles[i] if styles is not None and i < len(styles) else i)
        segments, points = _trace(s.values, xs, y_of, lambda y, v, s=s: f"{s.name} {y}年：{fmt(v)}{unit}")
        lines.append(Line(s.key, s.name, style, TARGET_DASH if s.dashed else dash, segments, points))
    return LineChart(width, height, left, top, right, bottom,
                     tuple(Tick(xs[y], str(y)) for y in shown_years),
                     tuple(Tick(y_of(t), label) for t, label in zip(ticks, labels)), tuple(lines), title)


def build_bar_chart(items: Sequence[tuple[str, str, str, Number]], fmt: Formatter, *, title: str = "",
                    width: int = 640, bar_height: int = 20, gap: int = 6, label_width: int = 120) -> BarChart:
    """Horizontal bars, largest value first (ties keep input order); items are (key, name, url, value)."""
    rows = sorted((it for it in items if math.isfinite(it[3])), key=lambda it: -it[3])
    value_labels = [fmt(it[3]) for it in rows]
    ticks = nice_ticks(*value_domain([it[3] for it in rows], zero_based=True))
    room = max([60.0] + [_text_width(t) + 10 for t in value_labels])
    x_of = _scale(ticks[0], ticks[-1], label_width + 8.0, max(width - room, label_width + 9.0))
    zero_x, top, pitch = x_of(0), 4.0, bar_height + gap
    bars = []
    for i, ((key, name, url, value), vlabel) in enumerate(zip(rows, value_labels)):
        end, y = x_of(value), top + i * pitch
        bars.append(Bar(key, name, url, value, vlabel, min(zero_x, end), y, round(abs(end - zero_x), 1),
                        float(bar_height), round(y + bar_height / 2 + 4, 1)))
    return BarChart(width, int(top + len(rows) * pitch + 20), float(label_width), zero_x,
                    tuple(Tick(x_of(t), fmt(t)) for t in ticks), tuple(bars), title)


def build_sparkline(values: Mapping[int, Number], years: Sequence[int], fmt: Formatter, *, width: int = 120,
                    height: int = 28, name: str = "") -> Sparkline:
    """A tiny trend line without axes; gaps split it like the line chart; `last` is the latest point (drawn as a dot)."""
    pad = 3.0  # room for the dot's radius at the edges
    xs = _x_positions(years, pad, width - pad)
    lo, hi = value_domain([v for y, v in values.items() if y in xs], zero_based=False)
    y_of = _scale(lo, hi, height - pad, pad) if hi > lo else (lambda v: round(height / 2, 1))
    prefix = f"{name} " if name else ""
    segments, points = _trace(values, xs, y_of, lambda y, v: f"{prefix}{y}年：{fmt(v)}")
    return Sparkline(width, height, segments, points, points[-1] if points else None)
