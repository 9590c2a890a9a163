"""Rounding a number the way a spreadsheet shows it, so every place shows the same digits.

Python's ``round`` and ``format`` round half to even on the binary value (``format(0.125,
'.2f')`` is ``'0.12'``, ``round(74.5)`` is ``74``), while Excel and LibreOffice round half away
from zero on the decimal value they display (0.13 and 75). Pages, HTML, CSV and workbooks show
numbers rounded by :func:`round_half_up`, which matches the spreadsheets.
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


def is_missing(value: Any) -> bool:
    """True for None, NaN, pandas' NA and NaT: a value nobody gave."""
    if value is None:
        return True
    try:
        return bool(value != value)   # NaN, NA-like values are not equal to themselves
    except (TypeError, ValueError):   # pandas.NA raises on bool()
        return True


def round_half_up(value: float, decimals: int) -> float | None:
    """``value`` rounded to ``decimals`` places, halves away from zero on its decimal
    representation (as spreadsheets round); None for a missing or infinite value."""
    if is_missing(value) or not math.isfinite(float(value)):
        return None
    quantum = Decimal(1).scaleb(-decimals)
    # repr: the shortest decimal that reads back as this float (0.285, not 0.28499999...).
    rounded = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
    return float(rounded) + 0.0   # + 0.0: no "-0"
