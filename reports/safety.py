"""Keeping user text inert in spreadsheets: nothing a person typed may run as a formula.

Spreadsheet programs treat a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some,
a tab or carriage return) as a formula, and ``|`` payloads as DDE calls; openpyxl itself writes
any string starting with ``=`` as a formula. Such text gets a leading apostrophe (the OWASP
advice for CSV injection): it stays readable and is never evaluated.
"""
from __future__ import annotations

from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula or a DDE call."""
    stripped = text.lstrip(" ")
    return bool(stripped) and (stripped.startswith(FORMULA_PREFIXES) or "|" in stripped[:1])


def neutralize(value: Any) -> Any:
    """User text made inert for a spreadsheet cell; numbers, None and dates pass unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value
