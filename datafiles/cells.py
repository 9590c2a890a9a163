"""Keeping user text inert in spreadsheet cells: nothing a person typed may run as a formula.

Spreadsheet programs treat a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some,
a tab or carriage return) as a formula, and ``|`` payloads as DDE calls; openpyxl itself writes
any string starting with ``=`` as a formula. Such text gets a leading apostrophe (the OWASP
advice for CSV injection): it stays readable and is never evaluated.

What counts is the text as a spreadsheet sees it, after it dropped what it does not show:
LibreOffice drops a leading NUL from a CSV field and, with "trim spaces", leading spaces, so
``"\\x00=1+1"`` arrives as the formula ``=1+1``. The check therefore skips every leading
character a program may drop or not show (control characters, every kind of space and line
break, zero-width characters, the byte order mark, direction marks and overrides, other
default-ignorable characters) and also knows the full-width and small forms of the formula
characters, which some Excel versions read as their ASCII forms.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "|", "%",
                    "\uff1d", "\uff0b", "\uff0d", "\uff20", "\uff5c", "\uff05",   # full width
                    "\ufe66", "\ufe62", "\ufe63", "\ufe6b", "\ufe6a",               # small forms
                    "\u2212")                                                      # minus sign
# Control, format, unassigned and surrogate code points, and separators (spaces, line and
# paragraph separators); with str.isspace() and the default-ignorable characters below, what
# a spreadsheet may drop or show as nothing.
_UNSEEN_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Cs", "Zs", "Zl", "Zp"})
_DEFAULT_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")


def unseen(char: str) -> bool:
    """True for a character a spreadsheet may drop from the start of a cell or show as
    nothing (controls, spaces, zero-width and direction characters, the byte order mark)."""
    return (char.isspace() or unicodedata.category(char) in _UNSEEN_CATEGORIES
            or _DEFAULT_IGNORABLE.match(char) is not None)


def visible_start(text: str) -> str:
    """``text`` from its first character a spreadsheet shows (see :func:`unseen`)."""
    start = 0
    while start < len(text) and not ("!" <= text[start] <= "~") and unseen(text[start]):
        start += 1
    return text[start:]


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula or a DDE call, also once it
    dropped the characters it does not show from the start."""
    return (text.lstrip(" ").startswith(FORMULA_PREFIXES)
            or visible_start(text).startswith(FORMULA_PREFIXES))


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
