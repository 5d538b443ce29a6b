"""Amounts as reports write them — 85, 15,387, 7.5万, 2.51亿, 三万五千, 上万, 近百, 7600余, 超251万 — with precision and looseness."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Number

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
_MAGNITUDES = {"千": 1e3, "万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8}
APPROXIMATE_BEFORE = ("将近", "接近", "大约", "超过", "多达", "近", "约", "超", "逾", "上")
APPROXIMATE_AFTER = ("余", "多", "以上", "左右", "来")
AMOUNT = (r"(?P<pre>将近|接近|大约|超过|多达|近|约|超|逾|上(?=[十百千万亿]))?"
          r"(?:(?P<digits>(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.])\d+(?:\.\d+)?)(?P<mid>余|多)?(?P<mag>千万|百万|十万|万|亿|千)?"
          r"|(?P<cn>[零〇一二两三四五六七八九十百千万亿]+))"
          r"(?P<post>余|多|以上|左右|来)?")
LOOSE = 0.1  # an approximate amount (近, 约, 余, 超过 …) agrees within this share of itself (or its stated precision)


@dataclass(frozen=True)
class Amount:
    """A stated quantity."""

    value: Number
    place: float  # the precision it is stated with: 34万 → 10000, 7.5万 → 1000, 85 → 1, 92.18 → 0.01
    approximate: bool


def parse_amount(match: re.Match[str]) -> Amount | None:
    """The amount an AMOUNT match states, or None when its Chinese numeral is not a number."""
    approximate = bool(match["pre"] or match["post"] or match["mid"])
    if match["digits"]:
        digits = match["digits"].replace(",", "")
        decimals = len(digits.partition(".")[2])
        factor = _MAGNITUDES.get(match["mag"] or "", 1.0)
        return Amount(tidy(float(digits) * factor), 10.0 ** -decimals * factor, approximate)
    parsed = cn_number(match["cn"])
    if parsed is None:
        return None
    value, place = parsed
    return Amount(value, float(place), approximate)


def tidy(value: float) -> Number:
    """A float rounded to 6 places, as int when whole (7.5万 → 75000)."""
    value = round(value, 6)
    return int(value) if value.is_integer() else value


def cn_number(text: str) -> tuple[int, int] | None:
    """'三万五千' → (35000, 1000), '八十五' → (85, 1), '万' → (10000, 10000), '一百五' → (150, 1); None when not a number.

    The precision is 1 below 万; with 万/亿 it is the trailing zeros' power of ten, at most the largest unit named.
    """
    if len(text) > 1 and all(c in _DIGITS for c in text):
        return None  # 二〇二二 spells a year or a code, not an amount
    total = section = 0
    digit: int | None = None
    last = ""  # the character before the current one
    for char in text:
        if char in _DIGITS:
            if digit and last in _DIGITS:
                return None  # 三五 (three or five) is a range, not a number
            digit = _DIGITS[char]
        elif char in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        else:
            if last in _BIG:
                return None
            group = section + (digit or 0) or 1  # 万 alone is ten thousand
            total = (total + group) * _BIG[char] if char == "亿" else total + group * _BIG[char]
            section, digit = 0, None
        last = char
    if digit:
        scale = {**_UNITS, **_BIG}.get(text[-2], 10) // 10 if len(text) > 1 and text[-2] in {**_UNITS, **_BIG} else 1
        section += digit * scale  # 一百五 is 150, 三万五 is 35000
    value = total + section
    if not value:
        return None
    if not any(c in _BIG for c in text):
        return value, 1
    cap = max(_BIG[c] for c in text if c in _BIG)
    place = 1
    while value % (place * 10) == 0 and place * 10 <= cap:
        place *= 10
    return value, place


def agrees(amount: Amount, recorded: Number) -> bool:
    """Whether a recorded value fits the stated amount: rounded or cut to its precision, or loosely when approximate."""
    diff = recorded - amount.value
    if amount.approximate:
        return abs(diff) <= max(amount.place, LOOSE * abs(amount.value)) + 1e-9
    return -amount.place / 2 - 1e-9 <= diff < amount.place - 1e-9
