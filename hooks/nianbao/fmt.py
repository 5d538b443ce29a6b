"""Number formatting in Chinese conventions for the generated pages: 34万, 251万小时, 1.2亿元, 92.5%."""
from __future__ import annotations

from .model import Number

WAN, YI = 10_000, 100_000_000
MINUS = "\u2212"  # a real minus sign, not a hyphen


def format_number(value: Number) -> str:
    """Exact, with thousands separators: 75000 → '75,000'; 92.18 → '92.18'; 3.0 → '3'."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def _trim(value: float) -> str:
    """At most two decimals, trailing zeros dropped, no separators: 7.50 → '7.5'."""
    return f"{round(value, 2):.2f}".rstrip("0").rstrip(".")


def format_compact(value: Number) -> str:
    """In 万 and 亿 from ten thousand up, two decimals at most: 340000 → '34万', 2510000 → '251万', 7600 → '7,600'."""
    size = abs(value)
    sign = MINUS if value < 0 else ""
    if size < WAN:
        return sign + format_number(size)
    if round(size / WAN, 2) < WAN:
        return f"{sign}{_trim(size / WAN)}万"
    return f"{sign}{_trim(size / YI)}亿"


def format_quantity(value: Number, unit: str) -> str:
    """A value with its catalog unit, compact: '251万小时', '92.5%', '85间'; 12,000万元 → '1.2亿元'."""
    if unit == "%":
        return f"{MINUS if value < 0 else ''}{format_number(abs(value))}%"
    if unit.startswith("万"):  # the value is already counted in 万
        if abs(value) >= WAN:
            return f"{MINUS if value < 0 else ''}{_trim(abs(value) / WAN)}亿{unit[1:]}"
        return f"{MINUS if value < 0 else ''}{format_number(abs(value))}{unit}"
    return f"{format_compact(value)}{unit}"


def format_delta(current: Number, previous: Number, unit: str) -> str:
    """The absolute change: '+7,600人', '−2.5 个百分点', '持平'."""
    delta = current - previous
    if delta == 0:
        return "持平"
    sign = "+" if delta > 0 else MINUS
    if unit == "%":
        return f"{sign}{format_number(round(abs(delta), 2))} 个百分点"
    return f"{sign}{format_quantity(round(abs(delta), 2), unit)}"


def format_growth(current: Number, previous: Number, unit: str = "") -> str:
    """The relative change: '+11.3%'; '' for percentages (their change is in 个百分点) or when `previous` is 0."""
    if unit == "%" or not previous:
        return ""
    rate = round((current - previous) / abs(previous) * 100, 1)
    if rate == 0:
        return "0%"
    return f"{'+' if rate > 0 else MINUS}{format_number(abs(rate))}%"


def format_change(current: Number, previous: Number, unit: str) -> str:
    """Absolute and relative change together: '+5,000人（+12.5%）', '−2 个百分点', '持平'."""
    delta, growth = format_delta(current, previous, unit), format_growth(current, previous, unit)
    return f"{delta}（{growth}）" if growth and delta != "持平" else delta


def format_date(value: object) -> str:
    """ISO date text, or '' when there is none."""
    return value.isoformat() if hasattr(value, "isoformat") else ""
