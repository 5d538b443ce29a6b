"""Number formatting in Chinese conventions for the generated pages."""
from __future__ import annotations

from .model import Number


def format_number(value: Number) -> str:
    """75000 → '75,000'; 92.18 → '92.18'; 3.0 → '3'."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def format_value(value: Number, unit: str) -> str:
    """A value with its catalog unit: '85间', '100%'."""
    return f"{format_number(value)}{unit}"


def format_change(current: Number, previous: Number, unit: str) -> str:
    """The change from `previous`: '+5,000（+12.5%）', '−2 个百分点', '持平'."""
    delta = current - previous
    if delta == 0:
        return "持平"
    sign = "+" if delta > 0 else "−"
    text = f"{sign}{format_number(abs(delta))}"
    if unit == "%":
        return f"{text} 个百分点"
    if previous:
        return f"{text}（{sign}{format_number(round(abs(delta) / abs(previous) * 100, 1))}%）"
    return text


def format_date(value: object) -> str:
    """ISO date text, or '' when there is none."""
    return value.isoformat() if hasattr(value, "isoformat") else ""
