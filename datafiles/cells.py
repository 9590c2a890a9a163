"""Keeping user text inert in spreadsheet cells: nothing a person typed may run as a formula.

Spreadsheet programs treat a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some,
a tab or carriage return) as a formula, and ``|`` payloads as DDE calls; openpyxl itself writes
any string starting with ``=`` as a formula. Such text gets a leading apostrophe (the OWASP
advice for CSV injection): it stays readable and is never evaluated.
"""
from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

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


def cell_text(text: str) -> str:
    """``text`` as a workbook holds it: control characters dropped, line ends as newlines."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def needs_quote(text: str) -> bool:
    """Formula-like once leading apostrophes are set aside (a leading newline counts: it
    was a carriage return before the workbook turned it into a newline)."""
    rest = text.lstrip("'")
    return is_formula_like(rest) or rest.lstrip(" ").startswith("\n")


def inert(text: str) -> str:
    """User text as an inert cell value that :func:`unquote` turns back exactly.

    Text that already starts with apostrophes before formula-like content gets one more, so
    reading back never loses an apostrophe the person typed.
    """
    text = cell_text(text)
    return "'" + text if needs_quote(text) else text


def unquote(text: str) -> str:
    """Text as the person meant it: the one apostrophe :func:`inert` added removed."""
    return text[1:] if text.startswith("'") and needs_quote(text) else text
